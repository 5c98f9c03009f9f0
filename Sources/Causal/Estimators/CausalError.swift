/// Errors raised by the causal estimators and diagnostics.
///
/// Every message says what is wrong with the input and what to do about it, so that a person at the
/// REPL can fix the call without reading the source.
public enum CausalError: Error, Equatable, CustomStringConvertible, Sendable {
  /// A binary estimator got a treatment that is not 0/1: (column, up to 10 distinct values seen).
  case notBinaryTreatment(column: String, seen: [String])
  /// An arm name that the treatment column does not contain.
  case unknownArm(String, arms: [String], suggestion: String?)
  /// Missing values in a role that cannot have them: (column, role, count).
  case missingValues(column: String, role: String, count: Int)
  /// Treatment takes a single value in the training rows of a cross-fitting fold (or in all rows).
  case constantTreatment(String)
  /// The treated and control propensity distributions do not overlap.
  case noOverlap(String)
  /// The instrument does not move the treatment.
  case irrelevantInstrument(String)
  /// A nuisance learner name that is not registered.
  case unknownLearner(String, known: [String], suggestion: String?)
  /// Inputs of different lengths, too few rows, a bad option value: the message says which.
  case invalidInput(String)
  /// A computation that has no answer for these data (singular matrix, empty group): the message says why.
  case degenerate(String)

  public var description: String {
    switch self {
    case .notBinaryTreatment(let c, let seen):
      let shown = seen.prefix(10).joined(separator: ", ") + (seen.count > 10 ? ", …" : "")
      return "treatment '\(c)' must be binary (0/1, true/false or two levels) for this estimator, but it has "
        + "\(seen.count) distinct values: \(shown); pick one arm against control "
        + "(e.g. `estimate … treated: \"\(seen.first ?? "name")\"`), or use a multi-arm estimator"
    case .unknownArm(let a, let arms, let s):
      let list = arms.map { "'\($0)'" }.joined(separator: ", ")
      return "unknown arm '\(a)'" + (s.map { " (did you mean '\($0)'?)" } ?? "") + "; the arms are \(list)"
    case .missingValues(let c, let role, let n):
      return "\(role) '\(c)' has \(n) missing value\(n == 1 ? "" : "s"); drop those rows first "
        + "(e.g. `filter !is_missing(\(c))`) or pass `estimate … drop_missing: true` so they are dropped and counted"
    case .constantTreatment(let m): return m
    case .noOverlap(let m): return m
    case .irrelevantInstrument(let m): return m
    case .unknownLearner(let n, let known, let s):
      return "unknown learner '\(n)'" + (s.map { " (did you mean '\($0)'?)" } ?? "")
        + "; choose one of " + known.map { "\"\($0)\"" }.joined(separator: ", ")
    case .invalidInput(let m): return m
    case .degenerate(let m): return m
    }
  }
}
