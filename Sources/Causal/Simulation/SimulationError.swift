/// Errors raised by the simulators; each message names the bad argument and what would work.
public enum SimulationError: Error, Equatable, CustomStringConvertible, Sendable {
  /// An argument outside its allowed range (e.g. a negative row count).
  case invalidArgument(String)
  /// The input frame lacks a column the simulator needs, or holds it with the wrong type.
  case badInput(String)

  public var description: String {
    switch self {
    case .invalidArgument(let m): return m
    case .badInput(let m): return m
    }
  }
}

/// The largest row count a simulator accepts in one call (keeps a typo from exhausting memory).
public let maximumSimulatedRows = 50_000_000

/// Checks a requested row count, throwing a clear error when it is negative or absurdly large.
func validateRowCount(_ n: Int, what: String) throws {
  guard n >= 0 else {
    throw SimulationError.invalidArgument("\(what): n must be 0 or more (got \(n))")
  }
  guard n <= maximumSimulatedRows else {
    throw SimulationError.invalidArgument(
      "\(what): n = \(n) is too large (at most \(maximumSimulatedRows) rows per call)")
  }
}
