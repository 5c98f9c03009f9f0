/// Errors raised while fitting or using a model. Each message names the problem and a fix.
public enum ModelError: Error, Equatable, CustomStringConvertible, Sendable {
  /// An option has a value outside its range.
  case invalidOption(name: String, value: String, expected: String)
  /// The maximum-likelihood estimate does not exist because the classes are (quasi-)separated.
  case separation(String)
  /// The design matrix is singular; the named columns are linear combinations of others.
  case singularDesign(columns: [String])
  /// Not enough rows for the number of parameters (or for the task).
  case tooFewRows(String)
  /// The operation needs something this model does not have.
  case unsupported(String)
  /// The fit did not produce usable numbers.
  case numerical(String)
  /// Inputs to a metric or utility are unusable (lengths differ, one class only, NaN).
  case invalidInput(String)

  public var description: String {
    switch self {
    case .invalidOption(let n, let v, let e): return "option '\(n)' = \(v) is invalid: expected \(e)"
    case .separation(let m): return m
    case .singularDesign(let cols):
      let list = cols.map { "'\($0)'" }.joined(separator: ", ")
      return
        "the design is singular: \(list) \(cols.count == 1 ? "is a linear combination" : "are linear combinations") "
        + "of other columns (collinear); remove \(cols.count == 1 ? "it" : "them") from the formula, or add a penalty "
        + "(e.g. `fit … penalty: 1`)"
    case .tooFewRows(let m): return m
    case .unsupported(let m): return m
    case .numerical(let m): return m
    case .invalidInput(let m): return m
    }
  }
}

/// Checks that an option lies in a range; throws ``ModelError/invalidOption(name:value:expected:)``.
@inline(__always)
func check<T: Comparable>(_ name: String, _ value: T, _ range: ClosedRange<T>, _ expected: String) throws {
  if !range.contains(value) {
    throw ModelError.invalidOption(name: name, value: "\(value)", expected: expected)
  }
}

/// Checks that a double option is finite and in a range.
@inline(__always)
func check(_ name: String, _ value: Double, _ range: ClosedRange<Double>, _ expected: String) throws {
  if !value.isFinite || !range.contains(value) {
    throw ModelError.invalidOption(name: name, value: "\(value)", expected: expected)
  }
}
