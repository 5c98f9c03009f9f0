import Stats

/// Defining and calling functions written in the language (`fn name(a, b) = body`, `fn(x) = body`),
/// and `map` over lists.
extension Interpreter {
  /// A variable's value: the innermost user-function call's locals first, then the script's variables.
  func variableValue(_ name: String) -> Value? {
    if let local = localFrames.last?[name] { return local }
    return variables[name]
  }

  /// Names of the variables that hold user functions, in definition order (for completion and help).
  public var userFunctionNames: [String] { variableOrder.filter { $0 != "_" && userFunction($0) != nil } }

  /// The user function a name refers to, if any.
  func userFunction(_ name: String) -> UserFunction? {
    if case .object(let o)? = variableValue(name), let f = o as? UserFunction { return f }
    return nil
  }

  /// The value of a `fn` expression: a function capturing the locals visible here.
  func defineFunction(_ node: LambdaNode, span: Span) throws -> Value {
    if let name = node.name {
      if functions.spec(name) != nil || registry.contains(name) {
        throw LangError(
          "'\(name)' is a built-in \(functions.spec(name) != nil ? "function" : "command"); "
            + "give your function another name (e.g. my_\(name))", at: span)
      }
    }
    return .object(UserFunction(node: node, captured: localFrames.last ?? [:], source: currentSource))
  }

  /// Calls a user function: arguments are evaluated where the call is written, the body in the
  /// function's own (lexical) scope.
  func callUser(_ f: UserFunction, _ node: CommandNode, scope: Scope?, piped: Value?) throws -> Value {
    var args: [Value] = piped.map { [$0] } ?? []
    for a in node.args {
      guard case .positional(let e) = a else {
        throw LangError("\(node.name) takes its arguments by position: \(f.node.signature)", at: a.span)
      }
      args.append(try evaluate(e, scope: scope))
    }
    let want = f.node.params.count
    guard args.count == want else {
      throw LangError(
        "\(node.name) takes \(want) argument\(want == 1 ? "" : "s"), got \(args.count)",
        at: node.span, notes: ["usage: \(f.node.signature)"])
    }
    return try apply(f, args, callSpan: node.span, callName: node.name)
  }

  /// Runs the body of `f` with `args` bound to its parameters.
  func apply(_ f: UserFunction, _ args: [Value], callSpan: Span, callName: String) throws -> Value {
    guard localFrames.count < maxCallDepth else {
      throw LangError(
        "\(callName): calls nested more than \(maxCallDepth) deep; a recursive function must reach "
          + "a case that does not call itself", at: callSpan,
        notes: ["help: stop with a condition, e.g. fn f(n) = if_else(n <= 0, 0, n + f(n - 1))"])
    }
    try Interruption.check()
    var frame = f.captured
    for (p, v) in zip(f.node.params, args) { frame[p] = v }
    localFrames.append(frame)
    defer { localFrames.removeLast() }
    do {
      return try evaluate(f.node.body, scope: nil)
    } catch var e as LangError where e.source == nil {
      // Locate the error in the body where the function was written, and say which call ran it.
      if let s = f.source { e = e.attaching(s) }
      if let here = currentSource {
        let loc = here.location(of: callSpan.start)
        e.notes.append("in \(f.node.name ?? "a function") called at \(here.name):\(loc.line):\(loc.column)")
      }
      throw e
    }
  }

  /// `map(list, f)`: `f` applied to each item, in order. When every result is a record of single
  /// values with the same fields, the results form a frame (one row per item); otherwise a list.
  func mapList(_ items: [Value], _ f: UserFunction, callSpan: Span) throws -> Value {
    guard f.node.params.count == 1 || f.node.params.count == 2 else {
      throw LangError(
        "map: the function takes \(f.node.params.count) parameters; give it one (the item) "
          + "or two (the item and its position, from 1)", at: callSpan,
        notes: ["usage: map([500, 1000], fn(t) = t * 2)"])
    }
    var results: [Value] = []
    for (k, item) in items.enumerated() {
      let args = f.node.params.count == 2 ? [item, .int(k + 1)] : [item]
      results.append(try apply(f, args, callSpan: callSpan, callName: f.node.name ?? "map"))
    }
    return recordsAsFrame(results) ?? .list(results)
  }

  /// A frame from records with the same keys whose values are scalars; nil otherwise.
  func recordsAsFrame(_ values: [Value]) -> Value? {
    guard case .record(let first)? = values.first else { return nil }
    let keys = first.keys
    var rows: [[CellValue]] = []
    for v in values {
      guard case .record(let r) = v, r.keys == keys else { return nil }
      var row: [CellValue] = []
      for k in keys {
        switch r[k] {
        case .missing?: row.append(.missing)
        case .int(let i)?: row.append(.int(i))
        case .number(let d)?: row.append(d.isNaN ? .missing : .float(d))
        case .bool(let b)?: row.append(.bool(b))
        case .string(let s)?: row.append(.string(s))
        default: return nil
        }
      }
      rows.append(row)
    }
    var cols: [Column] = []
    for (j, k) in keys.enumerated() {
      guard let c = buildColumn(name: k, cells: rows.map { $0[j] }) else { return nil }
      cols.append(c)
    }
    guard let frame = try? DataFrame(columns: cols) else { return nil }
    return .frame(frame)
  }
}
