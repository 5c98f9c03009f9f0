/// Errors of policy evaluation, targeting and policy trees.
public enum PolicyEvaluationError: Error, Equatable, CustomStringConvertible, Sendable {
  /// Inputs of different lengths or shapes.
  case shape(String)
  /// A policy names an arm the logged data does not have.
  case unknownArm(String, arms: [String])
  /// A share, budget, cost or other option out of range.
  case invalidOption(String)
  /// Missing or non-finite values where numbers are needed.
  case badValues(String)

  public var description: String {
    switch self {
    case .shape(let why): return why
    case .unknownArm(let a, let arms):
      return "unknown arm '\(a)'; the logged data has arms \(arms.joined(separator: ", "))"
    case .invalidOption(let why): return why
    case .badValues(let why): return why
    }
  }
}
