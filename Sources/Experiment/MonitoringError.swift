/// Errors raised by monitoring, validation and bandit code; each message names the problem and the fix.
public enum MonitoringError: Error, Equatable, CustomStringConvertible, Sendable {
  /// The input data or options cannot be used as given.
  case invalidInput(String)

  public var description: String {
    switch self {
    case .invalidInput(let m): return m
    }
  }
}

/// Checks that a significance level lies strictly between 0 and 1.
func checkAlpha(_ alpha: Double) throws {
  guard alpha > 0, alpha < 1 else {
    throw MonitoringError.invalidInput("alpha must be strictly between 0 and 1 (e.g. 0.05), got \(alpha)")
  }
}
