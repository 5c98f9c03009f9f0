/// Expression evaluation.
///
/// One evaluator serves both plain expressions (names are variables) and column expressions
/// inside verbs such as `filter` and `mutate` (names are the frame's columns first, then
/// variables). Column values flow through the same operators as scalars, vectorized over the
/// whole column, with missing values propagated (see `Operators.swift`).
extension Interpreter {
  /// The frame that bare names resolve against inside a verb (and its row count for `count()`).
  public struct Scope {
    /// The frame whose columns bare names refer to.
    public var frame: DataFrame
    /// Column names offered in "did you mean" hints. Group-wise evaluation scopes a copy holding only
    /// the columns an expression mentions; this keeps the whole frame's names for the hint.
    public var hintColumns: [String]
    /// A scope over `frame`; hints come from `hintColumns`, or from the frame's own columns.
    public init(frame: DataFrame, hintColumns: [String]? = nil) {
      self.frame = frame
      self.hintColumns = hintColumns ?? frame.columnNames
    }
  }

  /// Evaluates an expression with names resolving to variables.
  public func evaluate(_ e: Expr) throws -> Value { try evaluate(e, scope: nil) }

  /// Evaluates a column expression over `frame`: a column (one value per row) or a scalar.
  public func evaluateColumn(_ e: Expr, over frame: DataFrame, hintColumns: [String]? = nil) throws -> Value {
    try evaluate(e, scope: Scope(frame: frame, hintColumns: hintColumns))
  }

  /// Evaluates an expression; with a scope, bare names are the scope frame's columns first.
  public func evaluate(_ e: Expr, scope: Scope?) throws -> Value {
    switch e.kind {
    case .integer(let i): return .int(i)
    case .number(let d): return .number(d)
    case .string(let s): return .string(s)
    case .bool(let b): return .bool(b)
    case .missing: return .missing
    case .identifier(let name): return try lookup(name, span: e.span, scope: scope)
    case .list(let items): return .list(try items.map { try evaluate($0, scope: scope) })
    case .record(let entries):
      return .record(Record(try entries.map { ($0.key, try evaluate($0.value, scope: scope)) }))
    case .field(let base, let name, let nameSpan):
      return try field(of: try evaluate(base, scope: scope), name: name, span: nameSpan, baseSpan: base.span)
    case .call(let node):
      return try call(node, scope: scope)
    case .unary(let op, let x):
      return try applyUnary(op, try evaluate(x, scope: scope), span: e.span)
    case .binary(let op, let l, let r):
      return try applyBinary(op, l, r, scope: scope, span: e.span)
    case .formula(let node):
      return .formula(formula(from: node))
    case .pipe(let input, let node):
      let v = try evaluate(input, scope: scope)
      if let f = userFunction(node.name) { return try callUser(f, node, scope: scope, piped: v) }
      if !registry.contains(node.name), functions.spec(node.name) != nil {
        return try callFunction(node, scope: scope, piped: v)
      }
      return try invoke(node, piped: (v, input.span))
    case .command(let node):
      return try invoke(node, piped: nil)
    case .lambda(let node):
      return try defineFunction(node, span: e.span)
    }
  }

  /// Builds a ``Formula`` value from its syntax.
  func formula(from node: FormulaNode) -> Formula {
    Formula(
      outcome: node.outcome?.name ?? "", treatment: node.treatment?.name,
      terms: node.terms.filter { !$0.excluded }.map(\.name),
      excluded: node.terms.filter(\.excluded).map(\.name))
  }

  /// Resolves a bare name: scope column, variable, then a command with no arguments.
  func lookup(_ name: String, span: Span, scope: Scope?) throws -> Value {
    if let scope, let c = scope.frame[name] { return .column(c) }
    if let v = variableValue(name) { return v }
    if registry.contains(name) {
      let node = CommandNode(name: name, nameSpan: span, span: span)
      return try invoke(node, piped: nil)
    }
    if let scope {
      let hint = didYouMean(name, among: scope.hintColumns + variableOrder)
      throw LangError("unknown column or variable '\(name)'\(hint)", at: span)
    }
    if functions.spec(name) != nil {
      throw LangError("'\(name)' is a function; call it with parentheses: \(name)(...)", at: span)
    }
    throw LangError(
      "unknown variable '\(name)'\(didYouMean(name, among: variableOrder + registry.names))",
      at: span)
  }

  /// `base.name` on records, frames (a column), objects and grouped frames.
  func field(of base: Value, name: String, span: Span, baseSpan: Span) throws -> Value {
    switch base {
    case .record(let r):
      if let v = r[name] { return v }
      throw LangError(
        "record has no field '\(name)'\(didYouMean(name, among: r.keys))", at: span,
        notes: ["fields: " + r.keys.joined(separator: ", ")])
    case .frame(let f):
      if let c = f[name] { return .column(c) }
      throw LangError("unknown column '\(name)'\(didYouMean(name, among: f.columnNames))", at: span)
    case .grouped(let g):
      if let c = g.frame[name] { return .column(c) }
      throw LangError("unknown column '\(name)'\(didYouMean(name, among: g.frame.columnNames))", at: span)
    case .object(let o):
      if let v = o.field(name) { return v }
      let fields = o.availableFields
      let notes = fields.isEmpty ? [] : ["fields: " + fields.joined(separator: ", ")]
      throw LangError(
        "\(o.typeName) has no field '\(name)'\(didYouMean(name, among: fields))",
        at: span, notes: notes)
    case .formula(let f):
      switch name {
      case "outcome": return .string(f.outcome)
      case "treatment": return f.treatment.map { .string($0) } ?? .missing
      case "terms": return .list(f.terms.map { .string($0) })
      default:
        throw LangError("formula has no field '\(name)' (fields: outcome, treatment, terms)", at: span)
      }
    default:
      throw LangError("\(base.typeName) has no fields (tried '.\(name)')", at: span)
    }
  }

  /// `name(args)`: a function, or a command in call form.
  func call(_ node: CommandNode, scope: Scope?) throws -> Value {
    if let f = userFunction(node.name) { return try callUser(f, node, scope: scope, piped: nil) }
    if functions.spec(node.name) != nil { return try callFunction(node, scope: scope, piped: nil) }
    if registry.contains(node.name) { return try invoke(node, piped: nil) }
    let all = functions.names + registry.names
    throw LangError("unknown function '\(node.name)'\(didYouMean(node.name, among: all))", at: node.nameSpan)
  }

  func callFunction(_ node: CommandNode, scope: Scope?, piped: Value?) throws -> Value {
    guard let fn = functions.spec(node.name) else {
      throw LangError("unknown function '\(node.name)'", at: node.nameSpan)
    }
    if fn.name == "if_else", piped == nil, let v = try ifElse(node, fn, scope: scope) { return v }
    var args: [Value] = piped.map { [$0] } ?? []
    var spans: [Span] = piped.map { _ in [node.nameSpan] } ?? []
    var named: [String: Value] = [:]
    var namedSpans: [String: Span] = [:]
    for a in node.args {
      switch a {
      case .positional(let e):
        args.append(try evaluate(e, scope: scope))
        spans.append(e.span)
      case .option(let key, let keySpan, let value):
        guard fn.options.contains(key) else {
          let hint = fn.options.isEmpty ? "" : didYouMean(key, among: fn.options)
          let what =
            fn.options.isEmpty
            ? "takes no named arguments"
            : "has no option '\(key)'\(hint); options: \(fn.options.joined(separator: ", "))"
          throw LangError(
            fn.options.isEmpty ? "function '\(fn.name)' \(what) (got '\(key)')" : "\(fn.name) \(what)",
            at: keySpan, notes: ["usage: \(fn.signature)"])
        }
        if named[key] != nil { throw LangError("\(fn.name): option '\(key)' given twice", at: keySpan) }
        named[key] = try value.map { try evaluate($0, scope: scope) } ?? .bool(true)
        namedSpans[key] = value.map { keySpan.merged($0.span) } ?? keySpan
      case .assignment(let key, let keySpan, _):
        throw LangError(
          "function '\(fn.name)' takes no 'name = value' arguments (got '\(key)')", at: keySpan,
          notes: ["usage: \(fn.signature)"])
      }
    }
    guard args.count >= fn.minArgs && args.count <= fn.maxArgs else {
      let want =
        fn.minArgs == fn.maxArgs
        ? "\(fn.minArgs)" : (fn.maxArgs == Int.max ? "at least \(fn.minArgs)" : "\(fn.minArgs) to \(fn.maxArgs)")
      throw LangError(
        "\(fn.name) takes \(want) argument\(want == "1" ? "" : "s"), got \(args.count)",
        at: node.span, notes: ["usage: \(fn.signature)"])
    }
    var ctx = FunctionContext(
      name: fn.name, span: node.span, argumentSpans: spans,
      rowCount: scope?.frame.rowCount, interpreter: self)
    ctx.named = named
    ctx.namedSpans = namedSpans
    return try fn.apply(args, ctx)
  }

  /// `if_else(cond, a, b)` with a single true/false condition evaluates only the branch it takes, so a
  /// recursive user function can stop (`fn fact(n) = if_else(n <= 1, 1, n * fact(n - 1))`); with a column
  /// condition both branches are evaluated and combined row by row. Returns nil for other argument shapes
  /// (named arguments, a wrong count), which the general path reports.
  private func ifElse(_ node: CommandNode, _ fn: FunctionSpec, scope: Scope?) throws -> Value? {
    guard node.args.count == 3 else { return nil }
    var exprs: [Expr] = []
    for a in node.args {
      guard case .positional(let e) = a else { return nil }
      exprs.append(e)
    }
    let cond = try evaluate(exprs[0], scope: scope)
    switch cond {
    case .bool(let b): return try evaluate(b ? exprs[1] : exprs[2], scope: scope)
    case .missing: return .missing
    default:
      let args = [cond, try evaluate(exprs[1], scope: scope), try evaluate(exprs[2], scope: scope)]
      let ctx = FunctionContext(
        name: fn.name, span: node.span, argumentSpans: exprs.map(\.span),
        rowCount: scope?.frame.rowCount, interpreter: self)
      return try fn.apply(args, ctx)
    }
  }
}
