import Frame
import Stats

/// One row of a regression coefficient table.
public struct Coefficient: Sendable, Codable, Equatable {
  public var term: String
  public var estimate: Double
  public var standardError: Double
  /// z (logistic) or t (linear) statistic: estimate / standard error.
  public var statistic: Double
  /// Two-sided p-value against zero.
  public var pValue: Double
  public var ciLow: Double
  public var ciHigh: Double
}

/// Builds coefficient rows from estimates and their covariance.
///
/// Wald inference: SE = √diag(V); statistic = β/SE; with `df == nil` the p-value and 95% interval use
/// the standard normal (as statsmodels `Logit`), otherwise Student t with `df` degrees of freedom (as
/// statsmodels `OLS` with non-robust covariance).
func coefficientRows(names: [String], beta: [Double], covariance: Matrix, df: Double?, level: Double = 0.95)
  -> [Coefficient]
{
  let q = df.map { studentTQuantile(0.5 + level / 2, df: $0) } ?? normalQuantile(0.5 + level / 2)
  return names.indices.map { j in
    let se = max(covariance[j, j], 0).squareRoot()
    let stat = beta[j] / se
    let p = df.map { studentTTwoSidedP(stat, df: $0) } ?? normalTwoSidedP(stat)
    return Coefficient(term: names[j], estimate: beta[j], standardError: se, statistic: stat, pValue: p,
                       ciLow: beta[j] - q * se, ciHigh: beta[j] + q * se)
  }
}

/// A coefficient table as a frame: term, estimate, std_error, z|t, p_value, ci_low, ci_high.
func coefficientFrame(_ rows: [Coefficient], statistic: String) -> DataFrame {
  DataFrame.unchecked(columns: [
    Column(name: "term", strings: rows.map(\.term)),
    Column(name: "estimate", floats: rows.map(\.estimate)),
    Column(name: "std_error", floats: rows.map(\.standardError)),
    Column(name: statistic, floats: rows.map(\.statistic)),
    Column(name: "p_value", floats: rows.map(\.pValue)),
    Column(name: "ci_low", floats: rows.map(\.ciLow)),
    Column(name: "ci_high", floats: rows.map(\.ciHigh)),
  ], rowCount: rows.count)
}

/// Reads a weight column: numeric, finite, non-negative, not all zero, aligned with the design's rows.
func weightVector(_ name: String?, frame: DataFrame, rows: [Int]) throws -> [Double]? {
  guard let name else { return nil }
  let c = try frame.column(name)
  guard c.isNumeric else { throw DesignError.notNumeric(column: name, role: "weight column") }
  var w = [Double](repeating: 0, count: rows.count)
  for (k, i) in rows.enumerated() {
    guard let v = c.double(at: i) else {
      throw DesignError.missingValues([.init(column: name, count: c.missingCount)])
    }
    guard v.isFinite, v >= 0 else {
      throw ModelError.invalidOption(name: "weights", value: "\(v) in row \(i + 1)", expected: "finite weights ≥ 0")
    }
    w[k] = v
  }
  if !w.contains(where: { $0 > 0 }) {
    throw ModelError.invalidOption(name: "weights", value: "all zero", expected: "some positive weight")
  }
  return w
}
