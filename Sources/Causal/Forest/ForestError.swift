/// Errors raised by the causal forest and its analysis tools; each message names the problem and the fix.
public enum CausalForestError: Error, Equatable, CustomStringConvertible, Sendable {
  /// The input data or options cannot be used as given.
  case invalidInput(String)

  public var description: String {
    switch self {
    case .invalidInput(let m): return m
    }
  }
}
