import Frame
import Stats

/// The best linear projection of the CATE on chosen covariates, with its table.
public struct BestLinearProjectionResult: Sendable, Reportable {
  public var coefficients: RobustCoefficientTable
  public var warnings: [String]

  public var report: Report {
    var items: [Report.Item] = [
      .text("Doubly robust fit of tau(X) ~ b0 + A*b: OLS of the AIPW scores on A, \(coefficients.method) SEs."),
      .table(coefficients.frame, title: nil),
    ]
    items += warnings.map { .warning($0) }
    return Report(title: "Best linear projection of the CATE", items: items)
  }
}

/// Best linear projection (Semenova & Chernozhukov 2021; grf `best_linear_projection`).
public enum BestLinearProjection {
  /// Regresses the doubly robust scores Γ on an intercept and the covariates `a` (name, values).
  /// With no covariates the intercept is the AIPW ATE. `overlap` weights rows by ê(1 − ê).
  /// Rows where a covariate is missing (NaN) are dropped and counted in a warning.
  public static func fit(
    _ d: ForestEffectInputs, covariates a: [(name: String, values: [Double])],
    covariance: RobustCovariance = .hc3, overlap: Bool = false,
    level: Double = 0.95
  ) throws -> BestLinearProjectionResult {
    let n = d.count
    for c in a where c.values.count != n {
      throw CausalForestError.invalidInput("covariate '\(c.name)' has \(c.values.count) values, expected \(n)")
    }
    let gamma = try DoublyRobust.scores(d)
    let keep = (0..<n).filter { i in a.allSatisfy { $0.values[i].isFinite } }
    var warnings: [String] = []
    if keep.count < n { warnings.append("\(n - keep.count) rows with missing covariate values were dropped") }
    if !overlap, let w = d.overlapWarning() { warnings.append(w) }
    let y = keep.map { gamma[$0] }
    var x: [[Double]] = [[Double](repeating: 1, count: keep.count)]
    for c in a { x.append(keep.map { c.values[$0] }) }
    let weights: [Double]? = overlap ? keep.map { d.wHat[$0] * (1 - d.wHat[$0]) } : nil
    let names = ["(intercept)"] + a.map(\.name)
    let fit = try RobustLinearFit(y: y, x: x, weights: weights, covariance: covariance, names: names)
    let p = zip(fit.coefficients, fit.standardErrors).map { normalTwoSidedP($0 / $1) }
    let table = RobustCoefficientTable(
      names: names, estimates: fit.coefficients, standardErrors: fit.standardErrors,
      pValues: p, level: level, method: covariance.rawValue)
    return BestLinearProjectionResult(coefficients: table, warnings: warnings)
  }
}
