/// Binding a command's written arguments to its declared parameters, then running it.
extension Interpreter {
  /// Runs a command node; `piped` is the value on the left of `|>` (with its span).
  public func invoke(_ node: CommandNode, piped: (Value, Span)?) throws -> Value {
    guard let outer = registry.spec(node.name) else {
      throw unknownCommand(node.name, at: node.nameSpan)
    }
    let (node, spec) = resolveSubcommand(node, outer)
    let inv = try bind(node, spec: spec, piped: piped)
    do {
      return try spec.run(inv, self)
    } catch var e as LangError {
      if e.span == nil { e.span = node.span }
      throw e
    } catch let e as FrameError {
      throw locate(e, in: node)
    } catch is InterruptedError {
      throw LangError("interrupted: \(node.name) stopped at Ctrl-C (nothing was assigned)", at: node.span)
    } catch {
      throw LangError("\(node.name): \(error)", at: node.span)
    }
  }

  /// The command a statement really runs: `spec` itself, or the subcommand named by its first
  /// positional word (see ``CommandSpec/subcommands``), with that word removed from the arguments.
  func resolveSubcommand(_ node: CommandNode, _ spec: CommandSpec) -> (CommandNode, CommandSpec) {
    guard !spec.subcommands.isEmpty,
      let k = node.args.firstIndex(where: { if case .positional = $0 { return true } else { return false } }),
      case .positional(let e) = node.args[k]
    else { return (node, spec) }
    let word: String
    switch e.kind {
    case .identifier(let n): word = n
    case .string(let s): word = s
    default: return (node, spec)
    }
    guard let target = spec.subcommands[word], let sub = registry.spec(target) else { return (node, spec) }
    var n = node
    n.name = sub.name
    n.nameSpan = node.nameSpan.merged(e.span)
    n.args.remove(at: k)
    return (n, sub)
  }

  func unknownCommand(_ name: String, at span: Span) -> LangError {
    let hint = didYouMean(name, among: registry.names)
    let note = variableValue(name) != nil ? ["'\(name)' is a variable; a command name must come first"] : []
    return LangError("unknown command '\(name)'\(hint)", at: span, notes: note)
  }

  /// Attaches a library error to the argument that caused it (a misspelt column) or the command.
  func locate(_ e: FrameError, in node: CommandNode) -> LangError {
    if case .unknownColumn(let name, _) = e, let s = spanOfName(name, in: node) {
      return LangError(e.description, at: s)
    }
    return LangError(e.description, at: node.span)
  }

  private func spanOfName(_ name: String, in node: CommandNode) -> Span? {
    var found: Span? = nil
    func visit(_ e: Expr) {
      if found != nil { return }
      switch e.kind {
      case .identifier(let n) where n == name: found = e.span
      case .string(let s) where s == name: found = e.span
      case .list(let xs): xs.forEach(visit)
      case .formula(let f):
        for t in [f.outcome, f.treatment].compactMap({ $0 }) + f.terms
        where t.name == name || (try? FormulaExpression(parsing: t.name))?.columns.contains(name) == true {
          found = found ?? t.span
        }
      case .unary(_, let x): visit(x)
      case .binary(_, let a, let b):
        visit(a)
        visit(b)
      case .call(let c): c.args.forEach(visitArg)
      default: break
      }
    }
    func visitArg(_ a: ArgumentNode) {
      switch a {
      case .positional(let e): visit(e)
      case .assignment(_, _, let e): visit(e)
      case .option(let k, let ks, let e):
        if k == name, found == nil { found = ks }
        if let e { visit(e) }
      }
    }
    node.args.forEach(visitArg)
    return found
  }

  /// Checks and converts the arguments of `node` against `spec`.
  func bind(_ node: CommandNode, spec: CommandSpec, piped: (Value, Span)?) throws -> Invocation {
    var inv = Invocation(spec: spec, node: node)
    var positional: [Expr] = []
    var options: [(key: String, keySpan: Span, value: Expr?)] = []
    for a in node.args {
      switch a {
      case .positional(let e): positional.append(e)
      case .option(let k, let ks, let v): options.append((k, ks, v))
      case .assignment(let n, let ns, let v):
        guard spec.assignmentsParameter != nil else {
          let hint =
            spec.name == "filter" || spec.parameters.contains { $0.type == .expression }
            ? ["help: to compare, write '\(n) == ...'"] : []
          throw LangError(
            "\(spec.name) does not take 'name = value' arguments", at: ns.merged(v.span),
            notes: hint + ["usage: \(spec.usage)"])
        }
        inv.assignments.append((n, ns, v))
      }
    }

    // 1. Which expression (or value) goes to which parameter.
    var given: [String: (exprs: [Expr], value: Value?, span: Span)] = [:]
    if let on = node.onClause {
      guard let dp = spec.dataParameter else {
        throw LangError("\(spec.name) does not take 'on'", at: on.span, notes: ["usage: \(spec.usage)"])
      }
      given[dp.name] = ([on], nil, on.span)
    }
    if let (pv, ps) = piped {
      let target =
        spec.dataParameter.flatMap { given[$0.name] == nil ? $0 : nil }
        ?? spec.parameters.first { given[$0.name] == nil && $0.type != .assignments }
      guard let t = target else {
        throw LangError(
          "\(spec.name) takes no input; remove the '|>' before it", at: node.nameSpan,
          notes: ["usage: \(spec.usage)"])
      }
      given[t.name] = ([], pv, ps)
    }
    let open = spec.parameters.filter { given[$0.name] == nil && $0.type != .assignments }
    var k = 0
    for e in positional {
      guard k < open.count else {
        throw LangError("too many arguments for \(spec.name)", at: e.span, notes: ["usage: \(spec.usage)"])
      }
      let p = open[k]
      if p.variadic {
        var g = given[p.name] ?? ([], nil, e.span)
        g.exprs.append(e)
        g.span = g.span.merged(e.span)
        given[p.name] = g
      } else {
        given[p.name] = ([e], nil, e.span)
        k += 1
      }
    }

    // 2. The data parameter first, so column arguments can be checked against the input frame.
    var inputFrame: DataFrame? = nil
    let ordered = spec.parameters.filter(\.isData) + spec.parameters.filter { !$0.isData }
    for p in ordered {
      guard let g = given[p.name] else {
        if p.required && p.type != .assignments { throw missingArgument(p, spec: spec, node: node) }
        continue
      }
      inv.spans[p.name] = g.span
      if let v = g.value {
        let checked = try check(v, p.type, name: p.name, spec: spec, span: g.span)
        inv.values[p.name] = p.variadic && !p.type.isSyntactic ? .list([checked]) : checked
      } else {
        try bindExprs(
          g.exprs, type: p.type, variadic: p.variadic, name: p.name, frame: inputFrame,
          spec: spec, into: &inv)
      }
      if p.isData || inputFrame == nil {
        switch inv.values[p.name] {
        case .frame(let f): inputFrame = f
        case .grouped(let g): inputFrame = g.frame
        default: break
        }
      }
    }
    if let ap = spec.assignmentsParameter, ap.required, inv.assignments.isEmpty {
      throw missingArgument(ap, spec: spec, node: node)
    }

    // 3. Options.
    var seen = Set<String>()
    for o in options {
      if seen.contains(o.key) { throw LangError("option '\(o.key)' given twice", at: o.keySpan) }
      seen.insert(o.key)
      guard let os = spec.options.first(where: { $0.name == o.key }) else {
        if spec.acceptsExtraOptions, let ve = o.value {
          let v = try bindWord(ve, frame: nil)
          inv.extraOptions.append((o.key, v, o.keySpan.merged(ve.span)))
          continue
        }
        let names = spec.options.map(\.name)
        let hint = didYouMean(o.key, among: names)
        let list = names.isEmpty ? "\(spec.name) takes no options" : "options: " + names.joined(separator: ", ")
        throw LangError("unknown option '\(o.key)' for \(spec.name)\(hint)", at: o.keySpan, notes: [list])
      }
      let span = o.value.map { o.keySpan.merged($0.span) } ?? o.keySpan
      inv.spans[o.key] = span
      guard let ve = o.value else {
        guard acceptsBool(os.type) else {
          throw LangError("option '\(o.key)' needs a value: \(o.key): \(os.type)", at: o.keySpan)
        }
        inv.values[o.key] = .bool(true)
        continue
      }
      try bindExprs([ve], type: os.type, variadic: false, name: o.key, frame: inputFrame, spec: spec, into: &inv)
    }
    return inv
  }

  private func acceptsBool(_ t: ArgType) -> Bool {
    if t == .bool || t == .any { return true }
    if case .oneOf(let ts) = t { return ts.contains(.bool) }
    return false
  }

  private func missingArgument(_ p: Parameter, spec: CommandSpec, node: CommandNode) -> LangError {
    if p.isData {
      return LangError(
        "\(spec.name) needs \(p.type == .frame || p.type == .frameOrGrouped ? "a frame" : "its input"): "
          + "pipe it in (x |> \(spec.name) ...) or add 'on x'",
        at: node.nameSpan, notes: ["usage: \(spec.usage)"])
    }
    return LangError("\(spec.name) needs '\(p.name)' (\(p.doc))", at: node.span, notes: ["usage: \(spec.usage)"])
  }

  /// Converts written argument expressions according to the parameter type.
  private func bindExprs(
    _ exprs: [Expr], type: ArgType, variadic: Bool, name: String, frame: DataFrame?,
    spec: CommandSpec, into inv: inout Invocation
  ) throws {
    let span = exprs.dropFirst().reduce(exprs.first?.span ?? Span(0, 0)) { $0.merged($1.span) }
    inv.spans[name] = span
    inv.written[name] = exprs
    switch type {
    case .expression:
      inv.exprs[name] = exprs
    case .assignments:
      break
    case .column:
      guard let e = exprs.first else { return }
      let names = try columnNames(e, frame: frame)
      guard names.count == 1 else {
        throw LangError("\(spec.name): '\(name)' expects one column name, got \(names.count)", at: e.span)
      }
      inv.values[name] = .string(names[0])
    case .columns:
      var all: [String] = []
      for e in exprs { all += try columnNames(e, frame: frame) }
      inv.values[name] = variadic || all.count != 1 ? .list(all.map { .string($0) }) : .list([.string(all[0])])
    case .word:
      if variadic {
        inv.values[name] = .list(try exprs.map { try bindWord($0, frame: frame) })
      } else if let e = exprs.first {
        inv.values[name] = try bindWord(e, frame: frame)
      }
    case .choice(let choices):
      guard let e = exprs.first else { return }
      inv.values[name] = .string(try bindChoice(e, choices: choices, name: name, spec: spec))
    case .choices(let choices):
      let items = exprs.flatMap { e -> [Expr] in if case .list(let l) = e.kind { return l } else { return [e] } }
      inv.values[name] = .list(try items.map { .string(try bindChoice($0, choices: choices, name: name, spec: spec)) })
    default:
      if variadic {
        inv.values[name] = .list(
          try exprs.map {
            try check(try evaluate($0), type, name: name, spec: spec, span: $0.span)
          })
      } else if let e = exprs.first {
        inv.values[name] = try check(try evaluate(e), type, name: name, spec: spec, span: e.span)
      }
    }
  }

  /// One word of a fixed set, written bare or as a string; a typo gets a did-you-mean.
  private func bindChoice(_ e: Expr, choices: [String], name: String, spec: CommandSpec) throws -> String {
    // A bare word that is one of the choices is that choice, even when a variable has the same
    // name (`let gbm = fit gbm ...` and later `fit gbm ...`).
    if let n = e.identifierName, choices.contains(n) { return n }
    // `causal-forest` reads as a subtraction: treat a hyphenated word as the word it looks like.
    if case .binary = e.kind, let h = hyphenatedWord(e), variableValue(h.components(separatedBy: "-")[0]) == nil {
      throw LangError(
        "\(spec.name): '\(name)' must be one of \(choices.joined(separator: ", ")), got "
          + "\"\(h)\"\(didYouMean(h.replacingOccurrences(of: "-", with: "_"), among: choices))", at: e.span)
    }
    let w = try bindWord(e, frame: nil)
    guard case .string(let s) = w, choices.contains(s) else {
      var hint = ""
      if case .string(let s) = w { hint = didYouMean(s, among: choices) }
      throw LangError(
        "\(spec.name): '\(name)' must be one of \(choices.joined(separator: ", ")), got \(w.brief)\(hint)",
        at: e.span)
    }
    return s
  }

  /// `a-b-c` written with bare names and minus signs, as text; nil for anything else.
  func hyphenatedWord(_ e: Expr) -> String? {
    if let n = e.identifierName { return n }
    guard case .binary(.sub, let a, let b) = e.kind, let l = hyphenatedWord(a), let r = b.identifierName else {
      return nil
    }
    return l + "-" + r
  }

  /// A bare word or string as a string value; other expressions are evaluated.
  func bindWord(_ e: Expr, frame: DataFrame?) throws -> Value {
    if let n = e.identifierName, variableValue(n) == nil || frame?[n] != nil { return .string(n) }
    if case .unary(.negate, let inner) = e.kind, let n = inner.identifierName { return .string("-" + n) }
    return try evaluate(e)
  }

  /// Column names written as bare names, strings, a list of those, or a variable holding names.
  func columnNames(_ e: Expr, frame: DataFrame?) throws -> [String] {
    func checked(_ n: String, _ span: Span) throws -> String {
      if let frame, frame.index(of: n) == nil {
        throw LangError("unknown column '\(n)'\(didYouMean(n, among: frame.columnNames))", at: span)
      }
      return n
    }
    switch e.kind {
    case .identifier(let n):
      if frame?.index(of: n) != nil || frame == nil && variableValue(n) == nil { return [try checked(n, e.span)] }
      if let v = variableValue(n), let names = stringList(v) { return try names.map { try checked($0, e.span) } }
      return [try checked(n, e.span)]
    case .string(let s): return [try checked(s, e.span)]
    case .list(let items): return try items.flatMap { try columnNames($0, frame: frame) }
    default:
      let v = try evaluate(e)
      guard let names = stringList(v) else {
        throw LangError("expected column names, got \(describeOperand(v))", at: e.span)
      }
      return try names.map { try checked($0, e.span) }
    }
  }

  private func stringList(_ v: Value) -> [String]? {
    switch v {
    case .string(let s): return [s]
    case .list(let l):
      let s = l.compactMap { if case .string(let x) = $0 { return x } else { return nil } }
      return s.count == l.count ? s : nil
    default: return nil
    }
  }

  /// Checks an evaluated value against a declared type, converting where harmless (int -> number).
  func check(_ v: Value, _ type: ArgType, name: String, spec: CommandSpec, span: Span) throws -> Value {
    if let c = conform(v, type) { return c }
    throw LangError("\(spec.name): '\(name)' expects \(type), got \(describeOperand(v))", at: span)
  }

  func conform(_ v: Value, _ type: ArgType) -> Value? {
    if v.isMissing { return v }
    switch (type, v) {
    case (.any, _): return v
    case (.frame, .frame), (.frameOrGrouped, .frame), (.frameOrGrouped, .grouped): return v
    case (.frame, .grouped(let g)): return .frame(g.frame)
    case (.number, .int(let i)): return .number(Double(i))
    case (.number, .number): return v
    case (.int, .int): return v
    case (.int, .number(let d)): return Int(exactly: d).map { .int($0) }
    case (.bool, .bool), (.string, .string), (.list, .list), (.record, .record), (.formula, .formula): return v
    case (.word, .string), (.column, .string): return v
    case (.columns, .string(let s)): return .list([.string(s)])
    case (.columns, .list): return v
    case (.choice(let cs), .string(let s)): return cs.contains(s) ? v : nil
    case (.object(let n), .object(let o)): return (n == "object" || o.typeName == n) ? v : nil
    case (.oneOf(let ts), _):
      for t in ts { if let c = conform(v, t) { return c } }
      return nil
    default: return nil
    }
  }
}
