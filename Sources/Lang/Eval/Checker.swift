/// A static pass run before a program executes, so a typo on line 40 is reported before
/// lines 1–39 spend a minute fitting models: unknown commands, unknown options, named
/// arguments a command does not take, and unknown functions.
extension Interpreter {
  /// Throws the first problem found in `program` (located in its source).
  public func check(_ program: Program) throws {
    currentSource = program.source
    checkedFunctionNames = Set(variableOrder.filter { userFunction($0) != nil })
    // Any name bound with let may hold a function (`let add5 = adder(5)`), and so may a loop variable;
    // calls of them are checked when they run.
    func collectNames(_ statements: [Statement]) {
      for s in statements {
        switch s.kind {
        case .let(let name, _, _): checkedFunctionNames.insert(name)
        case .forLoop(let l):
          checkedFunctionNames.insert(l.variable)
          collectNames(l.body)
        default: break
        }
      }
    }
    collectNames(program.statements)
    defer { checkedFunctionNames = [] }
    func checkStatements(_ statements: [Statement]) throws {
      for s in statements {
        switch s.kind {
        case .let(_, _, let e), .param(_, _, let e), .expression(let e): try checkExpr(e)
        case .forLoop(let l):
          try checkExpr(l.sequence)
          try checkStatements(l.body)
        }
      }
    }
    do {
      try checkStatements(program.statements)
    } catch let e as LangError {
      throw e.attaching(program.source)
    }
  }

  private func checkExpr(_ e: Expr) throws {
    switch e.kind {
    case .list(let xs): try xs.forEach(checkExpr)
    case .record(let es): try es.forEach { try checkExpr($0.value) }
    case .field(let b, _, _): try checkExpr(b)
    case .unary(_, let x): try checkExpr(x)
    case .binary(let op, let a, let b):
      if op.isComparison, a.kind.isMissingLiteral || b.kind.isMissingLiteral {
        warn("comparing with NA always gives NA; test for missing values with is_missing(x)", at: e.span)
      }
      try checkExpr(a)
      try checkExpr(b)
    case .lambda(let l):
      let outer = checkedFunctionNames
      checkedFunctionNames.formUnion(l.params)
      defer { checkedFunctionNames = outer }
      try checkExpr(l.body)
    case .call(let node) where checkedFunctionNames.contains(node.name):
      try node.args.forEach(checkArg)
    case .pipe(let input, let node) where checkedFunctionNames.contains(node.name):
      try checkExpr(input)
      try node.args.forEach(checkArg)
    case .call(let node):
      if functions.spec(node.name) == nil && !registry.contains(node.name) {
        let all = functions.names + registry.names
        throw LangError("unknown function '\(node.name)'\(didYouMean(node.name, among: all))", at: node.nameSpan)
      }
      if registry.contains(node.name) && functions.spec(node.name) == nil {
        try checkCommand(node)
      } else {
        try node.args.forEach(checkArg)
      }
    case .pipe(let input, let node):
      try checkExpr(input)
      if registry.contains(node.name) || functions.spec(node.name) == nil { try checkCommand(node) }
    case .command(let node):
      try checkCommand(node)
    default: break
    }
  }

  private func checkArg(_ a: ArgumentNode) throws {
    switch a {
    case .positional(let e), .assignment(_, _, let e): try checkExpr(e)
    case .option(_, _, let e): if let e { try checkExpr(e) }
    }
  }

  private func checkCommand(_ node: CommandNode) throws {
    guard let outer = registry.spec(node.name) else { throw unknownCommand(node.name, at: node.nameSpan) }
    let (node, spec) = resolveSubcommand(node, outer)
    var seen = Set<String>()
    for a in node.args {
      switch a {
      case .option(let key, let keySpan, let value):
        if seen.contains(key) { throw LangError("option '\(key)' given twice", at: keySpan) }
        seen.insert(key)
        if let os = spec.options.first(where: { $0.name == key }) {
          if value == nil && !(os.type == .bool || os.type == .any) {
            throw LangError("option '\(key)' needs a value: \(key): \(os.type)", at: keySpan)
          }
        } else if !spec.acceptsExtraOptions {
          let names = spec.options.map(\.name)
          let list = names.isEmpty ? "\(spec.name) takes no options" : "options: " + names.joined(separator: ", ")
          throw LangError(
            "unknown option '\(key)' for \(spec.name)\(didYouMean(key, among: names))", at: keySpan,
            notes: [list])
        }
      case .assignment(let n, let ns, let v):
        if spec.assignmentsParameter == nil {
          let hint =
            spec.parameters.contains { $0.type == .expression } ? ["help: to compare, write '\(n) == ...'"] : []
          throw LangError(
            "\(spec.name) does not take 'name = value' arguments", at: ns.merged(v.span),
            notes: hint + ["usage: \(spec.usage)"])
        }
      case .positional: break
      }
      try checkArg(a)
    }
    if let on = node.onClause {
      if spec.dataParameter == nil {
        throw LangError("\(spec.name) does not take 'on'", at: on.span, notes: ["usage: \(spec.usage)"])
      }
      try checkExpr(on)
    }
  }
}

extension ExprKind {
  var isMissingLiteral: Bool { if case .missing = self { return true } else { return false } }
}
