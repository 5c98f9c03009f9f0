import Render

/// How results are printed.
public enum OutputFormat: String, Sendable {
  /// Tables, reports and plain values for people.
  case text
  /// One JSON document per printed value.
  case json
}

/// Runs churn programs: holds variables, the command registry, and where output goes.
///
/// The same interpreter serves scripts (`churn run`), `-e`, piped input and the REPL, so a
/// statement means the same thing everywhere. Output and diagnostics go through closures so tests
/// and the CLI decide where they land; library code never prints.
public final class Interpreter {
  /// Known commands.
  public var registry: Registry
  /// Functions usable inside expressions (`mean`, `coalesce`, ...).
  public let functions: FunctionTable
  /// Variable values by name.
  public private(set) var variables: [String: Value] = [:]
  /// Variable names in the order they were first defined.
  public private(set) var variableOrder: [String] = []
  /// Variables (and `_`) that hold a p-value read from a p-value field, so every way of printing them shows
  /// a tiny p-value as its bound (see ``pValueName(of:)``).
  private(set) var pValueVariables: Set<String> = []
  /// Values given on the command line for `param` statements (`--param name=value`).
  public var parameterOverrides: [String: Value] = [:]
  /// Parameter values as typed on the command line (`--param name=text`); see ``setParameter(_:text:)``.
  public private(set) var parameterTexts: [String: String] = [:]
  /// Names of `param` statements seen so far, in order.
  public private(set) var parameterNames: [String] = []
  /// Text or JSON output.
  public var format: OutputFormat = .text
  /// Table size limits for printed frames.
  public var tableStyle = TableStyle()
  /// Width and character set of terminal plots whose command does not set them.
  public var plotStyle = PlotStyle()
  /// Receives printed results (one call per value; the text has no trailing newline).
  public var output: (String) -> Void = { print($0) }
  /// Receives warnings and notes (already rendered; no trailing newline).
  public var diagnosticOutput: (String) -> Void = { _ in }
  /// Colour diagnostics with ANSI codes (only when stderr is a terminal).
  public var colorDiagnostics = false
  /// Called with progress of long work; nil disables progress (set by the CLI for terminals).
  public var progressSink: ((String, Double) -> Void)? = nil
  /// How long work runs before its progress line appears (quick work never flickers one).
  public var progressDelay: Duration = .seconds(1)
  /// Warnings already printed for the statement being run; a result printed by that statement leaves
  /// them out of its report, so one warning never prints twice.
  var statementWarnings: [String] = []
  /// When set, results are collected here as JSON instead of printed (`churn run --format json`).
  public var collectedResults: [JSONValue]? = nil
  /// The source being run (for locating warnings).
  public internal(set) var currentSource: SourceFile? = nil
  /// The statement being executed (so values printed by `print` are located in JSON output).
  var currentStatement: Statement? = nil
  /// Told of every value printed as text, just before its text goes to ``output`` (notebook reports
  /// use it to show frames as tables and plots as SVG); nil in a plain run.
  public var valueObserver: ((Value) -> Void)? = nil
  /// Told of every data file a command read (path as written, rows read); nil in a plain run.
  public var inputObserver: ((String, Int) -> Void)? = nil
  /// Local variables of the user-defined function calls in progress (innermost last): each frame
  /// holds the call's arguments and what its function captured where it was written.
  var localFrames: [[String: Value]] = []
  /// Most nested user-function calls allowed (recursion that does not stop ends with a clear error
  /// long before the stack would overflow).
  public var maxCallDepth = 200
  /// How many `for` loop bodies are running (their `let`s bind loop-local names; see `Loops.swift`).
  var loopLevel = 0
  /// Names the static checker treats as functions (user functions defined in the program being checked).
  var checkedFunctionNames: Set<String> = []

  /// An interpreter with the standard commands and functions.
  public init(registry: Registry = .standard) {
    self.registry = registry
    self.functions = FunctionTable.standard
  }

  // MARK: - Variables

  /// Binds `name` to `value`.
  public func define(_ name: String, _ value: Value) {
    if variables[name] == nil { variableOrder.append(name) }
    variables[name] = value
    pValueVariables.remove(name)
  }

  /// Binds `name` to the value of `expr`, remembering whether it is a p-value (``pValueName(of:)``).
  func define(_ name: String, _ value: Value, from expr: Expr) {
    let isPValue = pValueName(of: expr) != nil
    define(name, value)
    if isPValue { pValueVariables.insert(name) }
  }

  /// Removes a variable.
  public func undefine(_ name: String) {
    variables[name] = nil
    variableOrder.removeAll { $0 == name }
    pValueVariables.remove(name)
  }

  /// The value of a variable.
  public func value(of name: String) -> Value? { variables[name] }

  // MARK: - Running

  /// Parses `source` with this interpreter's commands.
  public func parse(_ source: SourceFile) throws -> Program {
    try Parser.parse(source) { [registry] in registry.contains($0) }
  }

  /// Parses, checks and runs a whole source, printing the value of each bare expression.
  /// Stops at the first error (thrown, located in `source`).
  public func run(_ source: SourceFile) throws {
    let program = try parse(source)
    try check(program)
    try run(program)
  }

  /// Runs the statements of a parsed program in order; stops at the first error.
  public func run(_ program: Program) throws {
    currentSource = program.source
    for s in program.statements {
      try execute(s, in: program.source)
    }
  }

  /// Runs one statement and prints its value if it is a bare expression; returns that value.
  @discardableResult
  public func execute(_ statement: Statement, in source: SourceFile) throws -> Value? {
    currentSource = source
    currentStatement = statement
    statementWarnings = []
    defer { currentStatement = nil }
    do {
      switch statement.kind {
      case .let(let name, let nameSpan, let expr):
        try checkAssignable(name, nameSpan)
        bind(name, try evaluate(expr), from: expr)
        return nil
      case .param(let name, let nameSpan, let expr):
        try checkAssignable(name, nameSpan)
        if !parameterNames.contains(name) { parameterNames.append(name) }
        if let text = parameterTexts[name] {
          define(name, try parameterValue(text, default: expr, name: name, span: nameSpan))
        } else if let override = parameterOverrides[name] {
          define(name, override)
        } else {
          define(name, try evaluate(expr))
        }
        return nil
      case .expression(let expr):
        let v = try evaluate(expr)
        if case .nothing = v { return v }
        define("_", v, from: expr)
        emit(v, statement: statement, source: source)
        return v
      case .forLoop(let loop):
        try runLoop(loop, in: source)
        return nil
      }
    } catch let e as LangError {
      throw e.attaching(source)
    }
  }

  /// Sets a parameter from command-line text (`--param name=text`).
  ///
  /// The text takes the type of the parameter's default when that default is a literal: text for
  /// `param data = "x.csv"` (so `--param data=2024` is the string "2024"), a number for
  /// `param n = 3` (an error if the text is not a number), a bool for `param flag = false`.
  /// Otherwise it is read as `true`/`false`, an integer, a number or `NA` when it looks like one,
  /// and as text when not.
  public func setParameter(_ name: String, text: String) {
    parameterTexts[name] = text
    parameterOverrides[name] = Interpreter.parseParameterText(text)
  }

  /// Reads command-line text as a value: true/false, an integer, a number, NA, or else text.
  public static func parseParameterText(_ s: String) -> Value {
    switch s {
    case "true": return .bool(true)
    case "false": return .bool(false)
    case "NA": return .missing
    default: break
    }
    if let i = Int(s) { return .int(i) }
    if let first = s.first, first.isNumber || first == "-" || first == "+" || first == ".",
      let d = Double(s), d.isFinite
    {
      return .number(d)
    }
    return .string(s)
  }

  private func parameterValue(_ text: String, default expr: Expr, name: String, span: Span) throws -> Value {
    let parsed = Interpreter.parseParameterText(text)
    switch expr.kind {
    case .string: return .string(text)
    case .integer:
      guard case .int = parsed else {
        throw LangError(
          "--param \(name)=\(text): '\(name)' is a whole number (its default is "
            + "\(currentSource?.text(of: expr.span) ?? "an integer")), got '\(text)'; "
            + "pass an integer such as --param \(name)=\(currentSource?.text(of: expr.span) ?? "1")", at: span)
      }
      return parsed
    case .number:
      guard parsed.doubleValue != nil, !parsed.isBool else {
        throw LangError(
          "--param \(name)=\(text): '\(name)' is a number (its default is "
            + "\(currentSource?.text(of: expr.span) ?? "a number")), got '\(text)'", at: span)
      }
      return parsed
    case .bool:
      guard parsed.isBool else {
        throw LangError("--param \(name)=\(text): '\(name)' is true or false, got '\(text)'", at: span)
      }
      return parsed
    default: return parsed
    }
  }

  private func checkAssignable(_ name: String, _ span: Span) throws {
    if name == "_" { throw LangError("'_' holds the last result and cannot be assigned", at: span) }
  }

  // MARK: - Output

  /// Prints a value in the current format (or collects it as JSON).
  /// `field`: the p-value field the value was read from, if the caller knows it (`print e.p_value`); a bare
  /// field expression or p-value variable as the statement is recognized here.
  public func emit(_ value: Value, statement: Statement? = nil, source: SourceFile? = nil, field: String? = nil) {
    if case .nothing = value { return }
    if collectedResults != nil {
      var entry: [(String, JSONValue)] = []
      if let statement = statement ?? currentStatement, let source = source ?? currentSource {
        entry.append(("line", .int(source.location(of: statement.span.start).line)))
        entry.append(("statement", .string(source.text(of: statement.span))))
      }
      entry.append(("type", .string(value.typeName)))
      entry.append(("value", value.json))
      collectedResults?.append(.object(entry))
      return
    }
    switch format {
    case .text:
      valueObserver?(value)
      if case .object(let o) = value, !statementWarnings.isEmpty {
        output(renderReport(displayReport(of: o), style: tableStyle))
      } else if let name = field ?? fieldName(of: statement ?? currentStatement) {
        output(value.rendered(asField: name, style: tableStyle))
      } else {
        output(value.rendered(style: tableStyle))
      }
    case .json: output(renderJSON(value.json))
    }
  }

  /// The report printed for `o`: its report less the warnings the current statement already printed,
  /// so one warning never shows twice.
  func displayReport(of o: any LangObject) -> Report {
    var r = o.report
    guard !statementWarnings.isEmpty else { return r }
    r.items.removeAll { item in
      guard case .warning(let w) = item else { return false }
      return statementWarnings.contains { $0 == w || $0.hasSuffix(": " + w) }
    }
    return r
  }

  /// Prints text as a result (used by `print`, `help`); in JSON mode it becomes a JSON string.
  public func emitText(_ text: String) {
    if collectedResults != nil || format == .json {
      emit(.string(text))
    } else {
      output(text)
    }
  }

  /// Reports a warning at a span of the current source (printed to stderr by the CLI).
  public func warn(_ message: String, at span: Span? = nil) {
    statementWarnings.append(message)
    var e = LangError(message, at: span, severity: .warning)
    if let s = currentSource { e = e.attaching(s) }
    diagnosticOutput(e.render(color: colorDiagnostics))
  }

  /// A progress callback for long work: `report(fractionDone)`; nil when progress is off.
  /// Hand it to library code as a closure; the library never prints.
  ///
  /// Calls are throttled to whole-percent changes, so a library may report after every tree, and
  /// nothing shows before `progressDelay` (a second) has passed, so quick work never flickers a line.
  public func progress(_ label: String) -> ((Double) -> Void)? {
    guard let sink = progressSink else { return nil }
    final class Last { var percent = -1 }
    let last = Last()
    let start = ContinuousClock.now, delay = progressDelay
    return { fraction in
      guard ContinuousClock.now - start >= delay else { return }
      let p = Int((max(0, min(1, fraction)) * 100).rounded(.down))
      guard p != last.percent else { return }
      last.percent = p
      sink(label, fraction)
    }
  }

  /// ``progress(_:)`` for library code that counts work items: `report(done, total)`; nil when progress is off.
  public func progressCounts(_ label: String) -> ((Int, Int) -> Void)? {
    progress(label).map { report in { done, total in report(Double(done) / Double(max(total, 1))) } }
  }
}
