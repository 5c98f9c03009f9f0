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
    return Coefficient(
      term: names[j], estimate: beta[j], standardError: se, statistic: stat, pValue: p,
      ciLow: beta[j] - q * se, ciHigh: beta[j] + q * se)
  }
}

/// A coefficient table as a frame: term, estimate, std_error, z|t, p_value, ci_low, ci_high.
func coefficientFrame(_ rows: [Coefficient], statistic: String) -> DataFrame {
  DataFrame.unchecked(
    columns: [
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

/// Group labels of the column `name` for the rows `rows`, as integers for
/// ``clusterRobustCovariance(bread:scores:rows:clusters:)`` (text: level codes; numbers: their rank among
/// the distinct values); nil when no column is given. A missing label is an error that names the column.
public func clusterLabels(_ name: String?, frame: DataFrame, rows: [Int]) throws -> [Int]? {
  guard let name else { return nil }
  let c = try frame.column(name)
  var labels = [Int](repeating: 0, count: rows.count)
  if c.isNumeric {
    var values = [Double](repeating: 0, count: rows.count)
    for (k, i) in rows.enumerated() {
      guard let v = c.double(at: i), !v.isNaN else {
        throw ModelError.invalidOption(
          name: "cluster", value: "a missing value in row \(i + 1) of '\(name)'",
          expected: "a cluster label on every row used (filter or fill them first)")
      }
      values[k] = v
    }
    let distinct = Array(Set(values)).sorted()
    for k in 0..<values.count { labels[k] = binarySearch(distinct, values[k]) }
  } else {
    var texts = [String](repeating: "", count: rows.count)
    for (k, i) in rows.enumerated() {
      guard let v = c.string(at: i) else {
        throw ModelError.invalidOption(
          name: "cluster", value: "a missing value in row \(i + 1) of '\(name)'",
          expected: "a cluster label on every row used (filter or fill them first)")
      }
      texts[k] = v
    }
    let distinct = Array(Set(texts)).sorted()
    var code: [String: Int] = [:]
    for (k, v) in distinct.enumerated() { code[v] = k }
    for k in 0..<texts.count { labels[k] = code[texts[k]] ?? 0 }
  }
  return labels
}

/// Index of `v` in the ascending array `a` (which contains it).
private func binarySearch(_ a: [Double], _ v: Double) -> Int {
  var lo = 0, hi = a.count - 1
  while lo < hi {
    let mid = (lo + hi) / 2
    if a[mid] < v { lo = mid + 1 } else { hi = mid }
  }
  return lo
}
