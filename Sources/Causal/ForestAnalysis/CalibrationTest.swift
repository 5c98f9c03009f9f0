import Frame
import Stats

/// The calibration test of a causal forest and its plain-language reading.
public struct CalibrationTestResult: Sendable, Reportable {
  /// Rows "mean.forest.prediction" and "differential.forest.prediction"; p-values are one-sided
  /// (H₁: coefficient > 0).
  public var coefficients: RobustCoefficientTable

  /// Coefficient on the mean forest prediction (1 ⇒ the average effect is right).
  public var mean: Double { coefficients.estimates[0] }
  /// Coefficient on the differential prediction (1 ⇒ the heterogeneity is well calibrated).
  public var differential: Double { coefficients.estimates[1] }

  /// What the numbers say, in words.
  public var reading: String {
    let pm = coefficients.pValues[0], pd = coefficients.pValues[1]
    var s = "mean.forest.prediction = \(round3(mean)): "
    s +=
      abs(mean - 1) <= 1.96 * coefficients.standardErrors[0]
      ? "consistent with 1, the forest's average effect matches the data. "
      : "far from 1, the forest's average effect is off. "
    if pm >= 0.05 { s = s + "(The average effect itself is not distinguishable from 0.) " }
    s += "differential.forest.prediction = \(round3(differential)) (one-sided p = \(round3(pd))): "
    if pd < 0.05 {
      s += "significantly above 0, so there is evidence of heterogeneity the forest captures"
      s +=
        differential < 0.8
        ? "; below 1, its spread of effects is too wide (shrink it)."
        : differential > 1.2 ? "; above 1, the true heterogeneity is even stronger." : "; near 1, well calibrated."
    } else {
      s += "not significantly above 0: no evidence that the forest's effect differences are real."
    }
    return s
  }

  public var report: Report {
    Report(
      title: "Calibration test (best linear fit on forest predictions)",
      items: [
        .text(
          "Regression of Y - Y.hat on (W - W.hat)*mean(tau.hat) and (W - W.hat)*(tau.hat - mean), no "
            + "intercept, \(coefficients.method) SEs, one-sided p-values."),
        .table(coefficients.frame, title: nil),
        .text(reading),
      ])
  }

  private func round3(_ x: Double) -> Double { (x * 1000).rounded() / 1000 }
}

/// Omnibus calibration test (Chernozhukov, Demirer, Duflo & Fernández-Val 2018; grf `test_calibration`).
public enum CalibrationTest {
  /// Regresses Y − Ŷ on `(W − Ŵ)·τ̄` and `(W − Ŵ)·(τ̂ − τ̄)` (τ̂ out-of-bag, τ̄ its mean) without
  /// intercept, with robust SEs and one-sided p-values. A mean coefficient of 1 says the average effect
  /// is right; a differential coefficient of 1 says the heterogeneity is well calibrated, and its
  /// p-value tests the null of no heterogeneity.
  public static func run(_ d: ForestEffectInputs, covariance: RobustCovariance = .hc3, level: Double = 0.95)
    throws -> CalibrationTestResult
  {
    let n = d.count
    let tbar = ForestMath.mean(d.tau)
    let target = (0..<n).map { d.y[$0] - d.yHat[$0] }
    let wr = (0..<n).map { d.w[$0] - d.wHat[$0] }
    let x1 = wr.map { $0 * tbar }
    let x2 = (0..<n).map { wr[$0] * (d.tau[$0] - tbar) }
    let names = ["mean.forest.prediction", "differential.forest.prediction"]
    let fit = try RobustLinearFit(y: target, x: [x1, x2], covariance: covariance, names: names)
    let p = zip(fit.coefficients, fit.standardErrors).map { b, s -> Double in
      let t = b / s
      return 1 - normalCDF(t)
    }
    return CalibrationTestResult(
      coefficients: RobustCoefficientTable(
        names: names, estimates: fit.coefficients, standardErrors: fit.standardErrors, pValues: p,
        level: level, method: covariance.rawValue))
  }
}
