#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// An interactive session: the REPL's brain, independent of the terminal.
///
/// Accepts complete inputs (one statement, possibly over several lines, or a `:meta` command),
/// runs them, prints results and errors through the interpreter's output closures, and never
/// stops on an error. The CLI wraps it with libedit for a terminal and feeds it piped input
/// chunk by chunk; tests drive it directly.
public final class Session {
  /// The interpreter that runs the inputs.
  public let interpreter: Interpreter
  /// Print the time each statement took (`:timer on`).
  public var timer = false
  /// Receives rendered error messages.
  public var errorOutput: (String) -> Void
  /// Name used in error locations.
  public var sourceName: String
  /// Whether `:width N` fixed the table width (the shell then stops following the terminal's).
  public private(set) var widthSet = false
  /// Set by `:quit`.
  public private(set) var quitRequested = false
  /// Number of inputs that ended in an error.
  public private(set) var errorCount = 0

  /// A session over `interpreter`; errors are rendered and passed to `errorOutput`.
  public init(interpreter: Interpreter, sourceName: String = "<repl>", errorOutput: @escaping (String) -> Void) {
    self.interpreter = interpreter
    self.sourceName = sourceName
    self.errorOutput = errorOutput
  }

  /// Shell commands, without their ':' prefix.
  public static let metaCommands = ["vars", "timer", "mode", "width", "digits", "help", "quit", "exit", "clear"]

  /// Whether `text` is unfinished and the prompt should ask for another line.
  public static func needsMoreInput(_ text: String) -> Bool {
    if isMeta(text) { return false }
    return Lexer.needsMoreInput(text)
  }

  static func isMeta(_ text: String) -> Bool {
    let t = text.drop { $0 == " " || $0 == "\t" }
    guard let f = t.first, f == ":" || f == "." else { return false }
    return t.dropFirst().first?.isLetter ?? false
  }

  /// Runs one complete input; returns false when it reported an error.
  @discardableResult
  public func submit(_ text: String, firstLine: Int = 1) -> Bool {
    let trimmed = text.trimmed(" \t\r\n")
    if trimmed.isEmpty { return true }
    if Session.isMeta(trimmed) { return runMeta(trimmed) }
    // In the shell, an input that starts with |> continues from the last result: `|> head 3`.
    let text = trimmed.hasPrefix("|>") && interpreter.value(of: "_") != nil ? "_ " + trimmed : text
    let source = SourceFile(name: sourceName, text: text, firstLine: firstLine)
    do {
      let program = try interpreter.parse(source)
      try interpreter.check(program)
      for s in program.statements {
        let start = ContinuousClock.now, cpuStart = Session.processCPUSeconds()
        try interpreter.execute(s, in: source)
        if timer {
          let d = ContinuousClock.now - start
          let secs = Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
          let cpu = Session.processCPUSeconds() - cpuStart
          interpreter.output("time: \(formatDuration(secs)) (cpu \(formatDuration(cpu)))")
        }
      }
      return true
    } catch let e as LangError {
      report(e.attaching(source))
    } catch {
      report(LangError("\(error)"))
    }
    return false
  }

  /// User plus system CPU time of the whole process (every thread) so far, in seconds: with the wall time,
  /// `:timer` shows how well a statement used the cores.
  static func processCPUSeconds() -> Double {
    #if canImport(Glibc)
      let RUSAGE_SELF_WHO = RUSAGE_SELF.rawValue
    #else
      let RUSAGE_SELF_WHO = RUSAGE_SELF
    #endif
    var u = rusage()
    guard getrusage(RUSAGE_SELF_WHO, &u) == 0 else { return .nan }
    func secs(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) * 1e-6 }
    return secs(u.ru_utime) + secs(u.ru_stime)
  }

  func report(_ e: LangError) {
    errorCount += 1
    errorOutput(e.render(color: interpreter.colorDiagnostics))
  }

  /// Runs a whole text (piped stdin) input by input, continuing after errors.
  /// Returns the number of inputs that failed.
  @discardableResult
  public func runAll(_ text: String) -> Int {
    let before = errorCount
    for chunk in Session.chunks(of: text) {
      submit(chunk.text, firstLine: chunk.firstLine)
      if quitRequested { break }
    }
    return errorCount - before
  }

  /// Splits text into complete inputs the way the REPL would read them, with their first line numbers.
  /// A line starting with `|>` joins the input before it.
  public static func chunks(of text: String) -> [(text: String, firstLine: Int)] {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    var out: [(String, Int)] = []
    var buf: [String] = []
    var start = 1
    func startsWithPipe(_ l: String) -> Bool { l.trimmed(" \t").hasPrefix("|>") }
    for (idx, line) in lines.enumerated() {
      if buf.isEmpty {
        let t = line.trimmed(" \t\r")
        if t.isEmpty || t.hasPrefix("#") { continue }
        start = idx + 1
      }
      buf.append(line)
      let joined = buf.joined(separator: "\n")
      if needsMoreInput(joined) { continue }
      // Look ahead: a following line that starts with |> continues this input.
      var j = idx + 1
      while j < lines.count {
        let t = lines[j].trimmed(" \t\r")
        if t.isEmpty || t.hasPrefix("#") { j += 1 } else { break }
      }
      if !isMeta(joined), j < lines.count, startsWithPipe(lines[j]) { continue }
      out.append((joined, start))
      buf = []
    }
    if !buf.isEmpty { out.append((buf.joined(separator: "\n"), start)) }
    return out
  }

  // MARK: - Meta commands

  func runMeta(_ text: String) -> Bool {
    let parts = text.dropFirst().split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
    guard let cmd = parts.first else { return true }
    let arg = parts.count > 1 ? parts[1] : nil
    func fail(_ msg: String) -> Bool {
      report(LangError(msg))
      return false
    }
    switch cmd {
    case "vars":
      return submit("vars")
    case "timer":
      switch arg {
      case "on": timer = true
      case "off": timer = false
      case nil: interpreter.output("timer is \(timer ? "on" : "off")")
      default: return fail("use :timer on or :timer off")
      }
      return true
    case "mode":
      switch arg {
      case "text": interpreter.format = .text
      case "json": interpreter.format = .json
      case nil: interpreter.output("mode is \(interpreter.format.rawValue)")
      default: return fail("use :mode text or :mode json")
      }
      return true
    case "width":
      switch arg.map({ Int($0) }) {
      case nil: interpreter.output("width is \(interpreter.tableStyle.maxWidth)")
      case let w?? where (20...1000).contains(w):
        interpreter.tableStyle.maxWidth = w
        widthSet = true
      default: return fail("use :width N with N from 20 to 1000 columns (the table width)")
      }
      return true
    case "digits":
      guard let arg else {
        interpreter.output("digits is \(interpreter.tableStyle.digits)")
        return true
      }
      guard let d = Int(arg), (1...17).contains(d) else {
        return fail("use :digits N with N from 1 to 17 (6 is the default)")
      }
      interpreter.tableStyle.digits = d
      return true
    case "help":
      return submit(parts.count > 1 ? "help " + quotedWord(parts.dropFirst().joined(separator: " ")) : "help")
    case "quit", "exit", "q":
      quitRequested = true
      return true
    case "clear":
      for name in interpreter.variableOrder { interpreter.undefine(name) }
      return true
    default:
      return fail(
        "unknown shell command ':\(cmd)'\(didYouMean(cmd, among: Session.metaCommands))"
          + " (shell commands: " + Session.metaCommands.map { ":" + $0 }.joined(separator: " ") + ")")
    }
  }

  private func quotedWord(_ s: String) -> String {
    s.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" } ? s : quoted(s)
  }

  // MARK: - Completion

  /// Completion candidates for the word before `cursor` (a UTF-8 offset) in `line`.
  public func completions(for line: String, cursor: Int, listFiles: @escaping (String) -> [String] = { _ in [] })
    -> [String]
  {
    completionCandidates(for: line, cursor: cursor, context: completionContext(listFiles: listFiles))
  }

  /// What completion knows about this session right now.
  public func completionContext(listFiles: @escaping (String) -> [String]) -> CompletionContext {
    var ctx = CompletionContext()
    func words(_ t: ArgType) -> [String] {
      switch t {
      case .choice(let cs), .choices(let cs): return cs
      case .oneOf(let ts): return ts.flatMap(words)
      default: return []
      }
    }
    for c in interpreter.registry.commands {
      ctx.commandOptions[c.name] = c.options.map(\.name)
      ctx.commandChoices[c.name] = c.parameters.flatMap { words($0.type) }
      var byOption: [String: [String]] = [:]
      for o in c.options where !words(o.type).isEmpty { byOption[o.name] = words(o.type) }
      ctx.optionChoices[c.name] = byOption
      if !c.subcommands.isEmpty { ctx.subcommands[c.name] = c.subcommands }
    }
    ctx.functions = (interpreter.functions.names + interpreter.userFunctionNames).sorted()
    ctx.topics = HelpTopics.all.map(\.name)
    ctx.variables = interpreter.variableOrder
    var cols: [String] = []
    var seen = Set<String>()
    func addColumns(_ v: Value) {
      switch v {
      case .frame(let f):
        for n in f.columnNames where !seen.contains(n) {
          seen.insert(n)
          cols.append(n)
        }
      case .grouped(let g): addColumns(.frame(g.frame))
      case .record(let r): for f in r.fields { if case .frame = f.value { addColumns(f.value) } }
      default: break
      }
    }
    for name in interpreter.variableOrder { if let v = interpreter.value(of: name) { addColumns(v) } }
    ctx.columns = cols
    ctx.fields = { [weak interpreter] base in
      guard let v = interpreter?.value(of: base) else { return [] }
      switch v {
      case .record(let r): return r.keys
      case .object(let o): return o.availableFields
      case .frame(let f): return f.columnNames
      case .grouped(let g): return g.frame.columnNames
      default: return []
      }
    }
    ctx.listFiles = listFiles
    return ctx
  }
}

extension String {
  func trimmed(_ chars: String) -> String {
    let set = Set(chars)
    var s = Substring(self)
    while let f = s.first, set.contains(f) { s = s.dropFirst() }
    while let l = s.last, set.contains(l) { s = s.dropLast() }
    return String(s)
  }
}
