/// Why a retention policy could not be built, applied, saved or loaded. Every message names the problem
/// and the fix.
public enum PolicyError: Error, Equatable, CustomStringConvertible {
  /// Bad settings or inputs (costs, thresholds, budgets, mismatched models).
  case invalidInput(String)
  /// The customer-value expression could not be parsed or evaluated.
  case valueExpression(String)
  /// A frame to score does not fit the policy's feature schema.
  case schema(String)
  /// A saved policy file was refused.
  case file(String)

  public var description: String {
    switch self {
    case .invalidInput(let m), .valueExpression(let m), .schema(let m), .file(let m): return m
    }
  }
}
