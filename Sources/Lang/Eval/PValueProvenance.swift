import Render

/// Where a printed number came from, so a p-value prints the same way on every path: bare `e.p_value`,
/// `print e.p_value`, a variable assigned from it (`let p = e.p_value; p`, `print p`), `_`, and `vars`.
/// The value itself stays exact; only its text shows a p-value below 1e-300 as the bound `<1e-300`.
extension Interpreter {
  /// The p-value field name `expr` reads — a field named as a p-value (``isPValueColumn(_:)``), or a variable
  /// assigned from one — or nil.
  func pValueName(of expr: Expr) -> String? {
    switch expr.kind {
    case .field(_, let name, _): return isPValueColumn(name) ? name : nil
    case .identifier(let name): return pValueVariables.contains(name) ? "p_value" : nil
    default: return nil
    }
  }

  /// The field name under which a bare-expression statement's value prints: the field it reads, or
  /// "p_value" for a p-value variable; nil for other statements.
  func fieldName(of statement: Statement?) -> String? {
    guard let statement, case .expression(let expr) = statement.kind else { return nil }
    if case .field(_, let name, _) = expr.kind { return name }
    return pValueName(of: expr)
  }

  /// Whether the variable `name` holds a p-value read from a p-value field.
  public func holdsPValue(_ name: String) -> Bool { pValueVariables.contains(name) }
}
