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
    let table = DataFrame.unchecked(columns: [
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
      f += [Report.Field("CUPED covariate", .string(c.covariate)), Report.Field("theta", .float(c.theta)),
            Report.Field("variance reduction", .float(c.varianceReduction)),
            Report.Field("unadjusted difference", .float(c.unadjusted.difference)),
            Report.Field("unadjusted SE", .float(c.unadjusted.se)),
            Report.Field("unadjusted \(pct)% CI", .string(intervalText(c.unadjusted.ciLow, c.unadjusted.ciHigh)))]
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

/// Mean, variance (n − 1) and count of a sample, computed in two passes for accuracy.
struct SampleMoments {
  var n: Int
  var mean: Double
  var variance: Double

  init(_ x: [Double]) {
    n = x.count
    var s = 0.0
    for v in x { s += v }
    mean = n > 0 ? s / Double(n) : .nan
    var ss = 0.0
    for v in x { let d = v - mean; ss += d * d }
    variance = n > 1 ? ss / Double(n - 1) : .nan
  }
}

/// Welch tests and CUPED adjustment of two samples.
public enum Means {
  /// Welch's t test of treatment against control.
  /// - Throws: when an arm has fewer than two values, a value is not finite, or both arms are constant.
  public static func welch(treatment: [Double], control: [Double], level: Double = 0.95, outcome: String = "outcome",
                           labels: (treatment: String, control: String) = ("treatment", "control")) throws -> MeanComparison {
    try checkOpenUnit(level, "level", context: "Welch test")
    for (x, arm) in [(treatment, labels.treatment), (control, labels.control)] {
      guard x.count >= 2 else {
        throw ExperimentError.invalidInput("Welch test: arm '\(arm)' has \(x.count) value\(x.count == 1 ? "" : "s"); each arm needs at least 2")
      }
      guard x.allSatisfy(\.isFinite) else {
        throw ExperimentError.invalidInput("Welch test: arm '\(arm)' has a missing or infinite value; drop or fill it first")
      }
    }
    let a = SampleMoments(treatment), b = SampleMoments(control)
    let va = a.variance / Double(a.n), vb = b.variance / Double(b.n)
    let se = (va + vb).squareRoot()
    guard se > 0 else {
      throw ExperimentError.invalidInput("Welch test: '\(outcome)' is constant in both arms; there is no variation to test")
    }
    let d = a.mean - b.mean
    let df = (va + vb) * (va + vb) / (va * va / Double(a.n - 1) + vb * vb / Double(b.n - 1))
    let t = d / se
    let q = studentTQuantile(1 - (1 - level) / 2, df: df)
    return MeanComparison(treatmentLabel: labels.treatment, controlLabel: labels.control, outcome: outcome,
                          n: (a.n, b.n), mean: (a.mean, b.mean), sd: (a.variance.squareRoot(), b.variance.squareRoot()),
                          level: level, difference: d, se: se, df: df, t: t, pValue: studentTTwoSidedP(t, df: df),
                          ciLow: d - q * se, ciHigh: d + q * se, relative: b.mean != 0 ? d / b.mean : .nan, cuped: nil)
  }

  /// θ = cov(Y, X)/var(X) over the pooled units (sample covariance and variance, n − 1).
  /// - Throws: when lengths differ, fewer than 3 units, or X is constant.
  public static func cupedTheta(y: [Double], x: [Double], covariate: String = "covariate") throws -> Double {
    guard y.count == x.count, y.count >= 3 else {
      throw ExperimentError.invalidInput("CUPED: needs the outcome and '\(covariate)' on the same units, at least 3")
    }
    guard x.allSatisfy(\.isFinite) else {
      throw ExperimentError.invalidInput("CUPED: the covariate '\(covariate)' has a missing or infinite value; drop or fill it first")
    }
    let mx = SampleMoments(x), my = SampleMoments(y)
    var sxy = 0.0
    for i in x.indices { sxy += (x[i] - mx.mean) * (y[i] - my.mean) }
    guard mx.variance > 0 else {
      throw ExperimentError.invalidInput("CUPED: the covariate '\(covariate)' is constant; it cannot reduce variance (drop pre:)")
    }
    return sxy / Double(x.count - 1) / mx.variance
  }

  /// CUPED-adjusted Welch comparison; θ pooled over both arms.
  public static func cuped(treatment: (y: [Double], x: [Double]), control: (y: [Double], x: [Double]), level: Double = 0.95,
                           outcome: String = "outcome", covariate: String = "covariate",
                           labels: (treatment: String, control: String) = ("treatment", "control")) throws -> MeanComparison {
    let y = treatment.y + control.y, x = treatment.x + control.x
    let theta = try cupedTheta(y: y, x: x, covariate: covariate)
    let mx = SampleMoments(x).mean
    func adjust(_ s: (y: [Double], x: [Double])) -> [Double] { zip(s.y, s.x).map { $0 - theta * ($1 - mx) } }
    return try adjusted(treatment: treatment.y, control: control.y, adjustedTreatment: adjust(treatment),
                        adjustedControl: adjust(control), pooledY: y, theta: theta, level: level, outcome: outcome,
                        covariate: covariate, labels: labels)
  }

  /// Welch on already adjusted samples, with the unadjusted comparison and the pooled variance reduction.
  /// `pooledY` are the unadjusted outcomes of all units θ was computed on.
  public static func adjusted(treatment: [Double], control: [Double], adjustedTreatment: [Double], adjustedControl: [Double],
                              pooledY: [Double], pooledAdjusted: [Double]? = nil, theta: Double, level: Double,
                              outcome: String, covariate: String,
                              labels: (treatment: String, control: String)) throws -> MeanComparison {
    let raw = try welch(treatment: treatment, control: control, level: level, outcome: outcome, labels: labels)
    var adj = try welch(treatment: adjustedTreatment, control: adjustedControl, level: level, outcome: outcome, labels: labels)
    let vy = SampleMoments(pooledY).variance
    let va = SampleMoments(pooledAdjusted ?? (adjustedTreatment + adjustedControl)).variance
    adj.cuped = CupedAdjustment(covariate: covariate, theta: theta, varianceReduction: vy > 0 ? 1 - va / vy : .nan,
                                unadjusted: (raw.difference, raw.se, raw.ciLow, raw.ciHigh, raw.pValue))
    return adj
  }
}
