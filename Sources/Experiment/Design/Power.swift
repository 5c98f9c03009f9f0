import Foundation
import Frame
import Stats

/// A solved power calculation: the sample size for a target power, or the power or detectable effect of a
/// given sample size.
public struct PowerResult: Sendable, Reportable {
  public var family: PowerFamily
  /// Standardized effect: Cohen's h = 2 asin √p₁ − 2 asin √p₂ (proportions) or Cohen's d (means).
  public var effectSize: Double
  public var settings: PowerSettings
  public var power: Double
  /// Units in the control arm, unrounded (statsmodels' `nobs1`).
  public var nExact: Double
  /// Units in the control arm, rounded up.
  public var nPerArm: Int
  /// Units in each treatment arm: ⌈ratio × nExact⌉.
  public var nTreatment: Int
  /// Units in all arms together.
  public var nTotal: Int
  /// Proportions only: the unpooled closed form n = (z_{1−α/2} + z_{power})² (p₁q₁ + p₂q₂/r)/(p₁ − p₂)², rounded up.
  public var nUnpooled: Int?
  /// Proportions only: p₁ and p₂ as given.
  public var rates: (p1: Double, p2: Double)?
  /// Means only: the raw difference and SD when given that way.
  public var rawEffect: (difference: Double, sd: Double)?
  /// What was solved for: "n", "power" or "mde".
  public var solvedFor: String
  public var notes: [String]

  public var report: Report {
    var f: [Report.Field] = []
    if let r = rates {
      f.append(Report.Field("p1", .float(r.p1)))
      f.append(Report.Field("p2", .float(r.p2)))
    }
    if let e = rawEffect {
      f.append(Report.Field("difference", .float(e.difference)))
      f.append(Report.Field("sd", .float(e.sd)))
    }
    f.append(Report.Field(family == .proportions ? "Cohen's h" : "Cohen's d", .float(effectSize)))
    f.append(Report.Field("alpha", .float(settings.alpha)))
    if settings.arms > 2 {
      f.append(Report.Field("arms", .int(settings.arms)))
      f.append(Report.Field("alpha per comparison", .float(settings.alphaPerComparison)))
    }
    if settings.ratio != 1 { f.append(Report.Field("ratio (treatment/control)", .float(settings.ratio))) }
    f.append(Report.Field("power", .float(power)))
    f.append(Report.Field("n per arm (exact)", .float(nExact)))
    f.append(Report.Field("n per arm", .int(nPerArm)))
    if settings.ratio != 1 { f.append(Report.Field("n per treatment arm", .int(nTreatment))) }
    f.append(Report.Field("n total", .int(nTotal)))
    if let u = nUnpooled { f.append(Report.Field("n per arm (unpooled closed form)", .int(u))) }
    let method =
      family == .proportions
      ? "normal approximation on Cohen's h (statsmodels NormalIndPower), two-sided"
      : "two-sample t test, noncentral t (statsmodels TTestIndPower), two-sided"
    f.append(Report.Field("method", .string(method)))
    let title = family == .proportions ? "Power: two proportions" : "Power: two means"
    return Report(title: title, items: [.fields(f)] + notes.map { .text($0) })
  }
}

/// Power and sample size for two proportions and two means, with unequal allocation and several arms.
///
/// - Proportions (Cohen 1988, ch. 6): with h = 2 asin √p₁ − 2 asin √p₂, N = n₁n₂/(n₁ + n₂) and c = z_{1−α/2},
///   power = Φ(h√N − c) + Φ(−h√N − c) (both tails, as statsmodels `NormalIndPower`).
/// - Means: d = Δ/σ, ν = n₁ + n₂ − 2, c = t_{ν, 1−α/2}; power = P(T' > c) + P(T' < −c) for T' noncentral t with
///   ν degrees of freedom and noncentrality d√N (statsmodels `TTestIndPower`).
/// Sample sizes and detectable effects are found by bisection on the monotone power function (to 1e-10).
/// α is divided by the number of comparisons with the control (Bonferroni; see ``PowerSettings``).
public enum Power {
  /// Power of a two-sided test with standardized effect `effectSize`, `n1` control units and settings.
  public static func power(_ family: PowerFamily, effectSize: Double, n1: Double, settings: PowerSettings) -> Double {
    let n2 = n1 * settings.ratio
    let nEff = 1 / (1 / n1 + 1 / n2)
    let a = settings.alphaPerComparison
    let shift = abs(effectSize) * nEff.squareRoot()
    switch family {
    case .proportions:
      let c = normalQuantile(1 - a / 2)
      return normalCDF(shift - c) + normalCDF(-shift - c)
    case .means:
      let df = n1 + n2 - 2
      guard df > 0 else { return .nan }
      let c = studentTQuantile(1 - a / 2, df: df)
      return (1 - noncentralTCDF(c, df: df, delta: shift)) + noncentralTCDF(-c, df: df, delta: shift)
    }
  }

  /// Cohen's h for two proportions.
  public static func cohenH(_ p1: Double, _ p2: Double) -> Double {
    2 * asin(p1.squareRoot()) - 2 * asin(p2.squareRoot())
  }

  /// Sample size for two proportions p₁ (control, the baseline) and p₂ (the rate to detect).
  public static func proportions(
    p1: Double, p2: Double, power target: Double = 0.8,
    settings: PowerSettings = PowerSettings()
  ) throws -> PowerResult {
    let ctx = "power proportions"
    try checkRates(p1, p2, context: ctx)
    try checkOpenUnit(target, "power", context: ctx)
    try settings.validate(context: ctx)
    let h = cohenH(p1, p2)
    let n = try solveN(.proportions, effectSize: h, power: target, settings: settings, context: ctx)
    let z = normalQuantile(1 - settings.alphaPerComparison / 2) + normalQuantile(target)
    let unpooled = z * z * (p1 * (1 - p1) + p2 * (1 - p2) / settings.ratio) / ((p1 - p2) * (p1 - p2))
    var r = result(.proportions, h: h, settings: settings, power: target, n: n, solvedFor: "n")
    r.nUnpooled = Int(unpooled.rounded(.up))
    r.rates = (p1, p2)
    return r
  }

  /// Sample size for two means: a difference `difference` with outcome SD `sd` (d = difference/sd).
  public static func means(
    difference: Double, sd: Double, power target: Double = 0.8,
    settings: PowerSettings = PowerSettings()
  ) throws -> PowerResult {
    let ctx = "power means"
    let d = try standardized(difference: difference, sd: sd, context: ctx)
    try checkOpenUnit(target, "power", context: ctx)
    try settings.validate(context: ctx)
    let n = try solveN(.means, effectSize: d, power: target, settings: settings, context: ctx)
    var r = result(.means, h: d, settings: settings, power: target, n: n, solvedFor: "n")
    r.rawEffect = (difference, sd)
    return r
  }

  /// The power reached with `n` control units (treatment arms `ratio` × n).
  public static func achieved(
    _ family: PowerFamily, effectSize: Double, n: Double,
    settings: PowerSettings = PowerSettings()
  ) throws -> PowerResult {
    let ctx = "power"
    try settings.validate(context: ctx)
    guard effectSize != 0, effectSize.isFinite else { throw zeroEffect(ctx) }
    try checkN(n, family: family, ratio: settings.ratio, context: ctx)
    let p = power(family, effectSize: effectSize, n1: n, settings: settings)
    return result(family, h: effectSize, settings: settings, power: p, n: n, solvedFor: "power")
  }

  /// Minimum detectable standardized effect (h or d, positive) with `n` control units at the target power.
  public static func minimumDetectableEffect(
    _ family: PowerFamily, n: Double, power target: Double = 0.8,
    settings: PowerSettings = PowerSettings()
  ) throws -> PowerResult {
    let ctx = "mde"
    try checkOpenUnit(target, "power", context: ctx)
    try settings.validate(context: ctx)
    try checkN(n, family: family, ratio: settings.ratio, context: ctx)
    let alpha = settings.alphaPerComparison
    guard target > alpha else {
      throw ExperimentError.invalidInput("\(ctx): power \(target) must exceed the significance level \(alpha)")
    }
    var lo = 0.0, hi = 1.0
    while power(family, effectSize: hi, n1: n, settings: settings) < target {
      hi *= 2
      if hi > 1e6 { throw ExperimentError.invalidInput("\(ctx): no effect size reaches power \(target) with n = \(n)") }
    }
    for _ in 0..<200 where hi - lo > 1e-12 * hi {
      let mid = (lo + hi) / 2
      if power(family, effectSize: mid, n1: n, settings: settings) < target { lo = mid } else { hi = mid }
    }
    return result(family, h: (lo + hi) / 2, settings: settings, power: target, n: n, solvedFor: "mde")
  }

  /// The rate p₂ at Cohen's h from a baseline p₁: the lower (h > 0) or upper (h < 0) rate with
  /// 2 asin √p₁ − 2 asin √p₂ = h; nil when no such rate exists in [0, 1].
  public static func rate(baseline p1: Double, h: Double) -> Double? {
    let angle = asin(p1.squareRoot()) - h / 2
    guard angle >= 0, angle <= Double.pi / 2 else { return nil }
    let s = sin(angle)
    return s * s
  }

  // MARK: - Helpers

  static func solveN(
    _ family: PowerFamily, effectSize: Double, power target: Double, settings: PowerSettings,
    context: String
  ) throws -> Double {
    let alpha = settings.alphaPerComparison
    guard target > alpha else {
      throw ExperimentError.invalidInput("\(context): power \(target) must exceed the significance level \(alpha)")
    }
    // t test: at least 2 units in all (ν > 0); normal: any positive n.
    var lo = family == .means ? 2 / (1 + settings.ratio) + 1e-9 : 1e-9
    if power(family, effectSize: effectSize, n1: lo, settings: settings) >= target { return lo }
    var hi = 2.0
    while power(family, effectSize: effectSize, n1: hi, settings: settings) < target {
      lo = hi
      hi *= 2
      if hi > 1e13 {
        throw ExperimentError.invalidInput(
          "\(context): the effect is too small to reach power \(target) with fewer than 10^13 units per arm")
      }
    }
    for _ in 0..<300 where hi - lo > 1e-11 * hi {
      let mid = (lo + hi) / 2
      if power(family, effectSize: effectSize, n1: mid, settings: settings) < target { lo = mid } else { hi = mid }
    }
    return (lo + hi) / 2
  }

  static func result(
    _ family: PowerFamily, h: Double, settings: PowerSettings, power: Double, n: Double,
    solvedFor: String
  ) -> PowerResult {
    let n1 = Int(min(n, 1e15).rounded(.up))
    let n2 = Int(min(n * settings.ratio, 1e15).rounded(.up))
    let (total, overflow) = n2.multipliedReportingOverflow(by: settings.comparisons)
    return PowerResult(
      family: family, effectSize: h, settings: settings, power: power, nExact: n, nPerArm: n1,
      nTreatment: n2, nTotal: overflow ? Int.max : n1 &+ total, nUnpooled: nil, rates: nil,
      rawEffect: nil, solvedFor: solvedFor, notes: [])
  }

  /// Throws unless both rates lie in (0, 1) and differ.
  public static func checkRates(_ p1: Double, _ p2: Double, context: String) throws {
    try checkOpenUnit(p1, "p1", context: context)
    try checkOpenUnit(p2, "p2", context: context)
    guard p1 != p2 else { throw zeroEffect(context) }
  }

  /// difference/sd, validated (positive sd, non-zero finite difference).
  public static func standardized(difference: Double, sd: Double, context: String) throws -> Double {
    guard sd > 0, sd.isFinite else {
      throw ExperimentError.invalidInput(
        "\(context): sd must be a positive number (the outcome's standard deviation), got \(sd)")
    }
    guard difference.isFinite else {
      throw ExperimentError.invalidInput("\(context): difference must be a finite number")
    }
    guard difference != 0 else { throw zeroEffect(context) }
    return difference / sd
  }

  /// Throws unless n is a usable number of units per arm for the family.
  public static func checkN(_ n: Double, family: PowerFamily, ratio: Double, context: String) throws {
    let minimum = family == .means ? 2 / (1 + ratio) : 0
    guard n.isFinite, n > minimum, n >= 1 else {
      throw ExperimentError.invalidInput(
        "\(context): n must be at least 1 unit per arm\(family == .means ? " (and 2 in all)" : ""), got \(n)")
    }
  }

  /// The error for an effect of zero.
  public static func zeroEffect(_ context: String) -> ExperimentError {
    .invalidInput(
      "\(context): the effect is zero, which no sample size can detect; give the smallest effect worth detecting")
  }
}

extension Power {
  /// The unrounded control-arm n reaching `power` for a standardized effect (the solver behind ``proportions(p1:p2:power:settings:)``).
  public static func sampleSize(
    _ family: PowerFamily, effectSize: Double, power: Double,
    settings: PowerSettings
  ) throws -> Double {
    try checkOpenUnit(power, "power", context: "power")
    try settings.validate(context: "power")
    guard effectSize != 0, effectSize.isFinite else { throw zeroEffect("power") }
    return try solveN(family, effectSize: effectSize, power: power, settings: settings, context: "power")
  }
}
