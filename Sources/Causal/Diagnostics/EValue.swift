import Frame
import Stats

/// The E-value of an effect: how strong unmeasured confounding would have to be to explain it away.
public struct EValueResult: Sendable, Reportable {
  /// Risk ratio of the estimate and its interval (RR scale).
  public var riskRatio: Double
  public var riskRatioLow: Double
  public var riskRatioHigh: Double
  /// E-value of the point estimate.
  public var eValue: Double
  /// E-value of the interval bound nearer to the null (1 when the interval contains RR = 1).
  public var eValueCI: Double
  /// Control risk used to turn a risk difference into a risk ratio (nil when a risk ratio was given).
  public var controlRisk: Double?
  /// The risk difference converted, when one was.
  public var riskDifference: Estimate?

  public var report: Report {
    var fields: [Report.Field] = []
    if let rd = riskDifference, let p0 = controlRisk {
      fields += [
        Report.Field("effect (risk difference)", .float(rd.value)),
        Report.Field("control risk p₀", .float(p0)),
        Report.Field("conversion", .string("RR = (p₀ + effect)/p₀; CI bounds converted the same way")),
      ]
    }
    fields += [
      Report.Field("risk ratio", .float(riskRatio)),
      Report.Field("risk ratio CI", .string("[\(short(riskRatioLow)), \(short(riskRatioHigh))]")),
      Report.Field("E-value (estimate)", .float(eValue)),
      Report.Field("E-value (CI bound nearer 1)", .float(eValueCI)),
    ]
    let text =
      "An unmeasured confounder associated with both treatment and outcome by a risk ratio of "
      + "\(short(eValue)) each (above the measured covariates) could explain the estimate away; one of "
      + "\(short(eValueCI)) could move the interval to include no effect (VanderWeele & Ding 2017)."
    return Report(title: "E-value (sensitivity to unmeasured confounding)", items: [.fields(fields), .text(text)])
  }
}

/// E-values (VanderWeele & Ding 2017, Ann. Intern. Med. 167:268).
///
/// For a risk ratio RR ≥ 1, E = RR + √(RR(RR − 1)); for RR < 1 apply it to 1/RR. The E-value of the
/// interval uses the bound nearer to 1 (the upper bound for a protective effect, the lower for a harmful
/// one) and is 1 when the interval contains 1.
public enum EValue {
  /// E-value of a risk ratio (> 0).
  public static func of(riskRatio rr: Double) -> Double {
    guard rr > 0, rr.isFinite else { return .nan }
    let r = rr >= 1 ? rr : 1 / rr
    return r + (r * (r - 1)).squareRoot()
  }

  /// E-values of a risk ratio and its confidence interval.
  public static func forRiskRatio(_ rr: Double, low: Double, high: Double) throws -> EValueResult {
    guard rr > 0, rr.isFinite, low >= 0, high >= low, low <= rr, rr <= high else {
      throw CausalError.invalidInput(
        "E-value: need 0 < risk ratio and low ≤ estimate ≤ high, got \(rr) [\(low), \(high)]")
    }
    let ci: Double
    if low <= 1 && high >= 1 { ci = 1 } else if rr < 1 { ci = of(riskRatio: high) } else { ci = of(riskRatio: low) }
    return EValueResult(
      riskRatio: rr, riskRatioLow: low, riskRatioHigh: high, eValue: of(riskRatio: rr), eValueCI: ci,
      controlRisk: nil, riskDifference: nil)
  }

  /// E-values of an average effect on a binary outcome (a risk difference), converted to a risk ratio with
  /// the control risk p₀: RR = (p₀ + τ)/p₀, and the CI bounds the same way with p₀ held fixed. Bounds that
  /// would make a risk negative are set to a risk ratio of 0.
  ///
  /// - Parameters:
  ///   - effect: the estimate (e.g. an ATE on churn).
  ///   - controlRisk: p₀ = E[Y(0)] in the target population; defaults to the estimator's `controlMean`.
  public static func forRiskDifference(_ effect: Estimate, controlRisk p0: Double) throws -> EValueResult {
    guard p0 > 0 && p0 <= 1 else {
      throw CausalError.invalidInput(
        "E-value: the control risk must be in (0, 1], got \(p0); the outcome must be a 0/1 risk")
    }
    let rr = (p0 + effect.value) / p0
    guard rr > 0 else {
      throw CausalError.invalidInput(
        "E-value: control risk \(short(p0)) plus effect \(short(effect.value)) is not a positive "
          + "risk, so no risk ratio exists; check that the effect is on a 0/1 outcome")
    }
    let lo = max((p0 + effect.ciLow) / p0, 0), hi = max((p0 + effect.ciHigh) / p0, 0)
    var r = try forRiskRatio(rr, low: min(lo, rr), high: max(hi, rr))
    r.controlRisk = p0
    r.riskDifference = effect
    return r
  }

  /// E-values of an ``EffectEstimate`` on a 0/1 outcome, using its `controlMean` as p₀.
  public static func forEffect(_ e: EffectEstimate, controlRisk: Double? = nil) throws -> EValueResult {
    guard let p0 = controlRisk ?? e.controlMean else {
      throw CausalError.invalidInput(
        "E-value: this estimate carries no control risk; pass controlRisk (the outcome rate "
          + "without treatment)")
    }
    return try forRiskDifference(e.estimate, controlRisk: p0)
  }
}
