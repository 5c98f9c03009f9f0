/// A problem with the input of an experiment design or analysis. The message names the problem and the fix.
public enum ExperimentError: Error, Equatable, CustomStringConvertible, Sendable {
  /// The input cannot be analysed as given (bad counts, probabilities out of range, empty arms, …).
  case invalidInput(String)

  public var description: String {
    switch self {
    case .invalidInput(let m): return m
    }
  }
}

/// Checks that `value` lies strictly between 0 and 1 (α, power, a proportion used for planning).
func checkOpenUnit(_ value: Double, _ name: String, context: String) throws {
  guard value > 0, value < 1, value.isFinite else {
    throw ExperimentError.invalidInput("\(context): \(name) must lie strictly between 0 and 1, got \(value)")
  }
}
