import Foundation
import Frame

/// Propensity scores after validation and clipping, with what was done to them.
struct CheckedPropensity {
  /// Scores used by the estimator (clipped for the target when `clip > 0`, see ``checkPropensity``).
  var e: [Double]
  /// Rows raised to `clip` and lowered to `1 − clip`.
  var clippedLow: Int
  var clippedHigh: Int
  var details: [Report.Field]
  var warnings: [String]
}

/// Validates propensity scores, clips them for the target, and collects overlap warnings.
///
/// - Clipping is target-aware: it bounds only the scores whose inverse weights can explode for the
///   estimand, and never moves a score in the direction that adds weight to unlike rows.
///   - ATE and overlap: scores below `clip` become `clip` and scores above `1 − clip` become `1 − clip`
///     (treated weights 1/e, control weights 1/(1 − e)).
///   - ATT: treated rows weigh 1 and controls e/(1 − e), so only control scores above `1 − clip` are
///     lowered to `1 − clip` (their weight is capped at (1 − clip)/clip). Small control scores are left as
///     they are: raising them would *add* weight to exactly the controls least like the treated (issue 11:
///     thousands of controls below 0.01 raised to 0.01 flipped the sign of a Hájek ATT).
///   - ATC: the mirror image; only treated scores below `clip` are raised to `clip`.
///   The counts are always reported (a field, plus a warning naming the rows, the bound and the side).
///   `clip = 0` turns clipping off; then a score whose weight would be infinite for the target (0 for a
///   treated row under the ATE/ATC/overlap, 1 for a control row under the ATE/ATT/overlap) is an error.
/// - Overlap: the share of scores outside [0.05, 0.95] is reported as a warning when positive (the same
///   rule grf's `average_treatment_effect` uses), suggesting the overlap target or trimming (not when the overlap target is already in use).
/// - No overlap: when the treated scores and the control scores do not share any range (every treated
///   score above every control score or the reverse), the estimate would be an extrapolation: error.
func checkPropensity(_ raw: [Double], t: [Double], clip: Double, target: EffectTarget) throws -> CheckedPropensity {
  guard raw.count == t.count else {
    throw CausalError.invalidInput("propensity scores (\(raw.count)) and treatment (\(t.count)) differ in length")
  }
  guard clip >= 0 && clip < 0.5 else {
    throw CausalError.invalidInput("clip must be in [0, 0.5) (0.01 is usual, 0 turns clipping off), got \(clip)")
  }
  let missing = raw.reduce(0) { $0 + ($1.isNaN ? 1 : 0) }
  if missing > 0 { throw CausalError.missingValues(column: "propensity", role: "propensity score", count: missing) }
  if let i = raw.firstIndex(where: { $0 < 0 || $0 > 1 }) {
    throw CausalError.invalidInput(
      "propensity score \(raw[i]) in row \(i + 1) is outside [0, 1]; "
        + "propensities are probabilities — check the score column")
  }
  try checkCommonSupport(raw, t: t)
  let rule = ClipRule(target: target)
  var e = raw
  var low = 0, high = 0
  if clip > 0 {
    for i in e.indices {
      let treated = t[i] == 1
      if e[i] < clip && rule.raisesLow(treated: treated) {
        e[i] = clip
        low += 1
      } else if e[i] > 1 - clip && rule.lowersHigh(treated: treated) {
        e[i] = 1 - clip
        high += 1
      }
    }
  } else {
    for i in e.indices {
      if t[i] == 1 && e[i] == 0 && rule.raisesLow(treated: true) {
        throw CausalError.noOverlap(
          "propensity is 0 for treated row \(i + 1), so its inverse weight is infinite; "
            + clipOrTrimAdvice)
      }
      if t[i] == 0 && e[i] == 1 && rule.lowersHigh(treated: false) {
        throw CausalError.noOverlap(
          "propensity is 1 for control row \(i + 1), so its inverse weight is infinite; "
            + clipOrTrimAdvice)
      }
    }
  }
  var details: [Report.Field] = []
  var warnings: [String] = []
  details.append(Report.Field("propensity clip", .string(clip > 0 ? rule.describe(clip) : "off")))
  if clip > 0 {
    details.append(Report.Field("clipped rows", .int(low + high)))
    if low + high > 0 { warnings.append(rule.warning(clip: clip, low: low, high: high)) }
  }
  let outside = raw.reduce(0) { $0 + (($1 < 0.05 || $1 > 0.95) ? 1 : 0) }
  if outside > 0 {
    let share = Double(outside) / Double(raw.count)
    let pct = (share * 1000).rounded() / 10
    warnings.append(
      "\(outside) row\(outside == 1 ? "" : "s") (\(pct)%) have propensity outside [0.05, 0.95]: "
        + "poor overlap makes inverse weights large and the estimate fragile"
        + (target != .overlap
          ? "; consider `estimate overlap …`, or dropping those rows first "
            + "(`trim ps rule: 0.05` on propensity scores `ps`)" : ""))
  }
  return CheckedPropensity(e: e, clippedLow: low, clippedHigh: high, details: details, warnings: warnings)
}

/// What to do about scores of exactly 0 or 1, as code that runs (`estimate` options, the `trim` command).
let clipOrTrimAdvice =
  "clip the scores (`estimate … clip: 0.01`), drop the extreme rows (`trim ps rule: 0.05`), "
  + "or change the target (`estimate overlap …`)"

/// Throws ``CausalError/noOverlap(_:)`` when the treated and control score ranges are disjoint.
func checkCommonSupport(_ e: [Double], t: [Double]) throws {
  var min1 = Double.infinity, max1 = -Double.infinity, min0 = Double.infinity, max0 = -Double.infinity
  for i in e.indices {
    if t[i] == 1 {
      min1 = min(min1, e[i])
      max1 = max(max1, e[i])
    } else {
      min0 = min(min0, e[i])
      max0 = max(max0, e[i])
    }
  }
  if min1 > max0 || min0 > max1 {
    throw CausalError.noOverlap(
      "no overlap: treated propensities lie in [\(short(min1)), \(short(max1))] and control propensities in "
        + "[\(short(min0)), \(short(max0))], which do not intersect, so treated and control units are never comparable; "
        + "the covariates (almost) determine treatment — drop the covariate that does, or restrict the population")
  }
}

/// A number rounded to 4 decimals for messages; a tiny value that would round to 0 keeps 4 significant
/// digits in scientific notation (`2.513e-05`, as the project's number formatter writes it), never
/// all 15 (`2.51267207238005e-05`).
func short(_ x: Double) -> String {
  guard x.isFinite else { return String(x) }
  let r = (x * 10000).rounded() / 10000
  return r == 0 && x != 0 ? String(format: "%.4g", x) : formatPlain(r)
}
