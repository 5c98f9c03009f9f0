/// A compact S-expression form of syntax trees, for tests and debugging:
/// `df |> head 5` dumps as `(pipe df (head 5))`.
extension Expr {
  public var dump: String {
    switch kind {
    case .integer(let i): return String(i)
    case .number(let d): return String(d)
    case .string(let s): return quoted(s)
    case .bool(let b): return String(b)
    case .missing: return "NA"
    case .identifier(let n): return n
    case .list(let xs): return "[" + xs.map(\.dump).joined(separator: " ") + "]"
    case .record(let es): return "{" + es.map { "\($0.key): \($0.value.dump)" }.joined(separator: " ") + "}"
    case .field(let b, let n, _): return "(. \(b.dump) \(n))"
    case .call(let c): return "(call " + c.dump + ")"
    case .unary(let op, let x): return "(\(op.rawValue) \(x.dump))"
    case .binary(let op, let a, let b): return "(\(op.rawValue) \(a.dump) \(b.dump))"
    case .formula(let f): return f.dump
    case .pipe(let x, let c): return "(pipe \(x.dump) \(c.dump))"
    case .command(let c): return c.dump
    case .lambda(let l): return "(fn \(l.name ?? "_") [" + l.params.joined(separator: " ") + "] \(l.body.dump))"
    }
  }
}

extension CommandNode {
  public var dump: String {
    var parts = [name]
    for a in args {
      switch a {
      case .positional(let e): parts.append(e.dump)
      case .assignment(let n, _, let e): parts.append("\(n)=\(e.dump)")
      case .option(let k, _, let e): parts.append("\(k):" + (e?.dump ?? "true"))
      }
    }
    if let on = onClause { parts.append("on:" + on.dump) }
    return "(" + parts.joined(separator: " ") + ")"
  }
}

extension FormulaNode {
  public var dump: String {
    var s = "(~ " + (outcome?.name ?? "_")
    if let t = treatment { s += " | " + t.name }
    s += " " + terms.map { ($0.excluded ? "-" : "+") + $0.name }.joined(separator: " ")
    return s + ")"
  }
}

extension Statement {
  public var dump: String {
    switch kind {
    case .let(let n, _, let e): return "(let \(n) \(e.dump))"
    case .param(let n, _, let e): return "(param \(n) \(e.dump))"
    case .expression(let e): return e.dump
    case .forLoop(let l):
      return "(for \(l.variable) \(l.sequence.dump) (" + l.body.map(\.dump).joined(separator: " ") + "))"
    }
  }
}
