import Frame
import Stats

/// Comparison of two means, treatment minus control, by Welch's t test; optionally CUPED-adjusted.
///
/// Welch (1947): d = ȳ₁ − ȳ₀, SE = √(s₁²/n₁ + s₀²/n₀), t = d/SE with the Welch–Satterthwaite degrees of freedom
/// ν = SE⁴ / ((s₁²/n₁)²/(n₁ − 1) + (s₀²/n₀)²/(n₀ − 1)); p = P(|T_ν| ≥ |t|); interval d ± t_{ν, 1−α/2} SE
/// (scipy.stats.ttest_ind(equal_var=False) and its confidence_interval).
public struct MeanComparison: Sendable, Reportable {
  public var treatmentLabel: String
  public var controlLabel: String
  public var outcome: String
  public var n: (treatment: Int, control: Int)
  public var mean: (treatment: Double, control: Double)
  public var sd: (treatment: Double, control: Double)
  public var level: Double
  public var difference: Double
  public var se: Double
  public var df: Double
  public var t: Double
  public var pValue: Double
  public var ciLow: Double
  public var ciHigh: Double
  /// difference / control mean (NaN when the control mean is 0).
  public var relative: Double
  /// Set when the comparison is CUPED-adjusted.
  public var cuped: CupedAdjustment?

  public var report: Report {
    let table = DataFrame.unchecked(
      columns: [
        Column(name: "arm", strings: [treatmentLabel, controlLabel]),
        Column(name: "n", ints: [n.treatment, n.control]),
        Column(name: cuped == nil ? "mean" : "adjusted mean", floats: [mean.treatment, mean.control]),
        Column(name: "sd", floats: [sd.treatment, sd.control]),
      ], rowCount: 2)
    let pct = Int((level * 100).rounded())
    var f: [Report.Field] = [
      Report.Field("difference", .float(difference)), Report.Field("SE", .float(se)),
      Report.Field("\(pct)% CI", .string(intervalText(ciLow, ciHigh))),
      Report.Field("relative difference", .float(relative)),
      Report.Field("t (Welch)", .float(t)), Report.Field("df", .float(df)), Report.Field("p_value", .float(pValue)),
    ]
    if let c = cuped {
      f += [
        Report.Field("CUPED covariate", .string(c.covariate)), Report.Field("theta", .float(c.theta)),
        Report.Field("variance reduction", .float(c.varianceReduction)),
        Report.Field("unadjusted difference", .float(c.unadjusted.difference)),
        Report.Field("unadjusted SE", .float(c.unadjusted.se)),
        Report.Field("unadjusted \(pct)% CI", .string(intervalText(c.unadjusted.ciLow, c.unadjusted.ciHigh))),
      ]
    }
    let title = "Two means (Welch\(cuped == nil ? "" : ", CUPED")): \(outcome), \(treatmentLabel) vs \(controlLabel)"
    return Report(title: title, items: [.table(table, title: nil), .fields(f)])
  }
}

/// CUPED (Deng, Xu, Kohavi & Walker 2013): Yᵢ − θ(Xᵢ − X̄) with θ = cov(Y, X)/var(X) computed on all units of
/// the experiment pooled across arms (X is a pre-period covariate, so the treatment cannot affect it and the
/// adjusted difference stays unbiased). Variance reduction = 1 − var(Y_adj)/var(Y) on the pooled units
/// (= corr(Y, X)²); the adjusted arms are then compared by Welch's test.
public struct CupedAdjustment: Sendable {
  public var covariate: String
  public var theta: Double
  public var varianceReduction: Double
  /// The same comparison without the adjustment.
  public var unadjusted: (difference: Double, se: Double, ciLow: Double, ciHigh: Double, pValue: Double)
}

/// Welch tests and CUPED adjustment of two samples (from values or from ``ArmMoments``).
public enum Means {
  /// Welch's t test of treatment against control values.
  /// - Throws: when an arm has fewer than two values, a value is not finite, or both arms are constant.
  public static func welch(
    treatment: [Double], control: [Double], level: Double = 0.95, outcome: String = "outcome",
    labels: (treatment: String, control: String) = ("treatment", "control")
  ) throws -> MeanComparison {
    for (x, arm) in [(treatment, labels.treatment), (control, labels.control)] where !x.allSatisfy(\.isFinite) {
      throw ExperimentError.invalidInput(
        "Welch test: arm '\(arm)' has a missing or infinite value; drop or fill it first")
    }
    return try welch(ArmMoments(y: treatment), ArmMoments(y: control), level: level, outcome: outcome, labels: labels)
  }

  /// Welch's t test from the arms' moments (Y only).
  public static func welch(
    _ a: ArmMoments, _ b: ArmMoments, level: Double = 0.95, outcome: String = "outcome",
    labels: (treatment: String, control: String) = ("treatment", "control")
  ) throws -> MeanComparison {
    try checkOpenUnit(level, "level", context: "Welch test")
    for (m, arm) in [(a, labels.treatment), (b, labels.control)] where m.n < 2 {
      throw ExperimentError.invalidInput(
        "Welch test: arm '\(arm)' has \(m.n) value\(m.n == 1 ? "" : "s"); each arm needs at least 2")
    }
    let va = a.varianceY / Double(a.n), vb = b.varianceY / Double(b.n)
    let se = (va + vb).squareRoot()
    guard se > 0, se.isFinite else {
      throw ExperimentError.invalidInput(
        "Welch test: '\(outcome)' is constant in both arms; there is no variation to test")
    }
    let d = a.meanY - b.meanY
    let df = (va + vb) * (va + vb) / (va * va / Double(a.n - 1) + vb * vb / Double(b.n - 1))
    let t = d / se
    let q = studentTQuantile(1 - (1 - level) / 2, df: df)
    return MeanComparison(
      treatmentLabel: labels.treatment, controlLabel: labels.control, outcome: outcome,
      n: (a.n, b.n), mean: (a.meanY, b.meanY), sd: (a.varianceY.squareRoot(), b.varianceY.squareRoot()),
      level: level, difference: d, se: se, df: df, t: t, pValue: studentTTwoSidedP(t, df: df),
      ciLow: d - q * se, ciHigh: d + q * se, relative: b.meanY != 0 ? d / b.meanY : .nan, cuped: nil)
  }

  /// CUPED-adjusted Welch comparison of two samples; θ pooled over both arms.
  public static func cuped(
    treatment: (y: [Double], x: [Double]), control: (y: [Double], x: [Double]), level: Double = 0.95,
    outcome: String = "outcome", covariate: String = "covariate",
    labels: (treatment: String, control: String) = ("treatment", "control")
  ) throws -> MeanComparison {
    for s in [treatment, control] where s.x.count != s.y.count || !(s.x + s.y).allSatisfy(\.isFinite) {
      throw ExperimentError.invalidInput(
        "CUPED: the outcome and '\(covariate)' need one finite value per unit; drop missing values first")
    }
    let a = ArmMoments(y: treatment.y, x: treatment.x), b = ArmMoments(y: control.y, x: control.x)
    return try cuped(a, b, pooled: a + b, level: level, outcome: outcome, covariate: covariate, labels: labels)
  }

  /// θ = Σ(x − x̄)(y − ȳ)/Σ(x − x̄)² over the pooled units.
  /// - Throws: when there are fewer than 3 units or X is constant.
  public static func cupedTheta(_ pooled: ArmMoments, covariate: String) throws -> Double {
    guard pooled.n >= 3 else { throw ExperimentError.invalidInput("CUPED: needs at least 3 units") }
    guard pooled.ssX > 0 else {
      throw ExperimentError.invalidInput(
        "CUPED: the covariate '\(covariate)' is constant; it cannot reduce variance (drop pre:)")
    }
    return pooled.sXY / pooled.ssX
  }

  /// CUPED-adjusted Welch comparison from the arms' moments; θ from `pooled` (all units of the experiment).
  /// The adjusted arm has mean ȳ − θ(x̄ − X̄) and sum of squares Σ(y−ȳ)² + θ²Σ(x−x̄)² − 2θΣ(x−x̄)(y−ȳ).
  public static func cuped(
    _ a: ArmMoments, _ b: ArmMoments, pooled: ArmMoments, level: Double = 0.95,
    outcome: String = "outcome", covariate: String = "covariate",
    labels: (treatment: String, control: String) = ("treatment", "control")
  ) throws -> MeanComparison {
    let theta = try cupedTheta(pooled, covariate: covariate)
    func adjusted(_ m: ArmMoments) -> ArmMoments {
      ArmMoments(
        n: m.n, meanY: m.meanY - theta * (m.meanX - pooled.meanX), meanX: 0,
        ssY: max(0, m.ssY + theta * theta * m.ssX - 2 * theta * m.sXY), ssX: 0, sXY: 0)
    }
    let raw = try welch(a, b, level: level, outcome: outcome, labels: labels)
    var adj = try welch(adjusted(a), adjusted(b), level: level, outcome: outcome, labels: labels)
    let ssAdj = pooled.ssY + theta * theta * pooled.ssX - 2 * theta * pooled.sXY
    adj.cuped = CupedAdjustment(
      covariate: covariate, theta: theta,
      varianceReduction: pooled.ssY > 0 ? 1 - ssAdj / pooled.ssY : .nan,
      unadjusted: (raw.difference, raw.se, raw.ciLow, raw.ciHigh, raw.pValue))
    return adj
  }
}
