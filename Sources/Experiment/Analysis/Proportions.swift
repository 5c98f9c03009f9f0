import Foundation
import Frame
import Stats

/// Comparison of two proportions, treatment p₁ = x₁/n₁ against control p₀ = x₀/n₀ (difference p₁ − p₀).
///
/// Methods (all two-sided, level 1 − α):
/// - pooled z = (p₁ − p₀)/√(p̄(1 − p̄)(1/n₁ + 1/n₀)) with p̄ = (x₁ + x₀)/(n₁ + n₀); χ² = z² (the 2×2 Pearson χ²
///   without continuity correction); p = 2Φ(−|z|) (statsmodels `proportions_ztest`).
/// - Wald interval: (p₁ − p₀) ± z_{1−α/2} √(p₁(1 − p₁)/n₁ + p₀(1 − p₀)/n₀).
/// - Newcombe interval (Newcombe 1998, method 10): from the Wilson score intervals [l₁, u₁], [l₀, u₀] of each
///   proportion, [d − √((p₁ − l₁)² + (u₀ − p₀)²), d + √((u₁ − p₁)² + (p₀ − l₀)²)].
/// - Relative difference p₁/p₀ − 1 with a delta-method interval on the LOG RATIO scale:
///   log(p₁/p₀) ± z √((1 − p₁)/x₁ + (1 − p₀)/x₀), exponentiated and shifted by −1 (statsmodels
///   `confint_proportions_2indep(compare="ratio", method="log")`). Undefined (NaN) when x₁ or x₀ is 0.
/// - Fisher's exact test (see ``FisherExact``), computed always and used as THE test (`p_value`) when an expected
///   cell count is under 5 or when asked for.
public struct TwoProportionTest: Sendable, Reportable {
  public var treatmentLabel: String
  public var controlLabel: String
  public var successes: (treatment: Int, control: Int)
  public var trials: (treatment: Int, control: Int)
  public var level: Double
  /// p₁ and p₀.
  public var rateTreatment: Double
  public var rateControl: Double
  /// p₁ − p₀.
  public var difference: Double
  /// Unpooled SE of the difference (the Wald interval's).
  public var se: Double
  public var waldLow: Double
  public var waldHigh: Double
  public var newcombeLow: Double
  public var newcombeHigh: Double
  /// Pooled z statistic and χ² = z².
  public var z: Double
  public var chi2: Double
  /// Two-sided p-value of the pooled z test.
  public var zPValue: Double
  /// Fisher's exact two-sided p-value and the sample odds ratio.
  public var fisherPValue: Double
  public var oddsRatio: Double
  /// Whether the reported `pValue` is Fisher's (small expected counts, or asked for).
  public var usesFisher: Bool
  /// Smallest expected cell count of the 2×2 table under independence.
  public var minExpected: Double
  /// p₁/p₀ − 1 and its delta-method interval (log-ratio scale).
  public var relative: Double
  public var relativeLow: Double
  public var relativeHigh: Double
  public var notes: [String]

  /// The p-value of the test used: Fisher's when `usesFisher`, else the pooled z test's.
  public var pValue: Double { usesFisher ? fisherPValue : zPValue }

  public var report: Report {
    let counts = DataFrame.unchecked(
      columns: [
        Column(name: "arm", strings: [treatmentLabel, controlLabel]),
        Column(name: "n", ints: [trials.treatment, trials.control]),
        Column(name: "successes", ints: [successes.treatment, successes.control]),
        Column(name: "rate", floats: [rateTreatment, rateControl]),
      ], rowCount: 2)
    let pct = Int((level * 100).rounded())
    var fields: [Report.Field] = [
      Report.Field("difference", .float(difference)),
      Report.Field("Wald \(pct)% CI", .string(intervalText(waldLow, waldHigh))),
      Report.Field("Newcombe \(pct)% CI", .string(intervalText(newcombeLow, newcombeHigh))),
      Report.Field("relative difference", .float(relative)),
      Report.Field("relative \(pct)% CI", .string(intervalText(relativeLow, relativeHigh))),
      Report.Field("z (pooled)", .float(z)),
      Report.Field("chi2", .float(chi2)),
      Report.Field("p (z test)", .float(zPValue)),
      Report.Field("p (Fisher exact)", .float(fisherPValue)),
    ]
    fields.append(Report.Field("test used", .string(usesFisher ? "Fisher exact" : "pooled z")))
    var items: [Report.Item] = [.table(counts, title: nil), .fields(fields)]
    items += notes.map { .text($0) }
    return Report(title: "Two proportions: \(treatmentLabel) vs \(controlLabel)", items: items)
  }
}

/// `[lo, hi]` with the project's scalar formatting left to the renderer: plain shortest digits rounded to 6.
func intervalText(_ lo: Double, _ hi: Double) -> String {
  "[\(roundedText(lo)), \(roundedText(hi))]"
}

/// A number rounded to 6 significant decimals for text fields (NaN as "NA").
func roundedText(_ x: Double) -> String {
  guard x.isFinite else { return x.isNaN ? "NA" : (x > 0 ? "inf" : "-inf") }
  let r = (x * 1e6).rounded() / 1e6
  return r == 0 ? "0" : String(r)
}

/// Two-proportion tests and intervals.
public enum Proportions {
  /// Compares treatment `x1/n1` with control `x0/n0`.
  ///
  /// - Parameters:
  ///   - fisher: `nil` = automatic (Fisher's exact p when an expected cell count is under 5), `true` = always,
  ///     `false` = never (the pooled z test's p).
  /// - Throws: ``ExperimentError`` for zero or negative trials, negative successes, successes above trials,
  ///   a level outside (0, 1), or a table with no successes or no failures at all (no test is possible).
  public static func compare(
    successes x1: Int, trials n1: Int, controlSuccesses x0: Int, controlTrials n0: Int,
    level: Double = 0.95, fisher: Bool? = nil,
    labels: (treatment: String, control: String) = ("treatment", "control")
  ) throws -> TwoProportionTest {
    try checkOpenUnit(level, "level", context: "two proportions")
    for (x, n, arm) in [(x1, n1, labels.treatment), (x0, n0, labels.control)] {
      guard n > 0 else {
        throw ExperimentError.invalidInput(
          "two proportions: arm '\(arm)' has \(n) trials; every arm needs at least one unit")
      }
      guard x >= 0 else {
        throw ExperimentError.invalidInput(
          "two proportions: arm '\(arm)' has \(x) successes; counts cannot be negative")
      }
      guard n <= maximumCount else {
        throw ExperimentError.invalidInput(
          "two proportions: arm '\(arm)' has \(n) trials; counts above 10^15 are not supported")
      }
      guard x <= n else {
        throw ExperimentError.invalidInput(
          "two proportions: arm '\(arm)' has \(x) successes in \(n) trials; successes cannot exceed trials")
      }
    }
    let total = x1 + x0, n = n1 + n0
    guard total > 0, total < n else {
      throw ExperimentError.invalidInput(
        "two proportions: \(total == 0 ? "no" : "every") unit had the outcome in both arms; "
          + "a difference in proportions cannot be tested (check the outcome column)")
    }
    let p1 = Double(x1) / Double(n1), p0 = Double(x0) / Double(n0)
    let d = p1 - p0
    let zc = normalQuantile(1 - (1 - level) / 2)
    let pbar = Double(total) / Double(n)
    let sePooled = (pbar * (1 - pbar) * (1 / Double(n1) + 1 / Double(n0))).squareRoot()
    let z = d / sePooled
    let se = (p1 * (1 - p1) / Double(n1) + p0 * (1 - p0) / Double(n0)).squareRoot()
    let w1 = wilson(x1, n1, z: zc), w0 = wilson(x0, n0, z: zc)
    let newLow = d - ((p1 - w1.low) * (p1 - w1.low) + (w0.high - p0) * (w0.high - p0)).squareRoot()
    let newHigh = d + ((w1.high - p1) * (w1.high - p1) + (p0 - w0.low) * (p0 - w0.low)).squareRoot()
    var relLow = Double.nan, relHigh = Double.nan
    let ratio = p0 > 0 ? p1 / p0 : .nan
    var notes: [String] = []
    if x1 > 0, x0 > 0 {
      let seLog = ((1 - p1) / Double(x1) + (1 - p0) / Double(x0)).squareRoot()
      relLow = exp(log(ratio) - zc * seLog) - 1
      relHigh = exp(log(ratio) + zc * seLog) - 1
    } else {
      notes.append("relative difference interval undefined: an arm has no successes (log ratio is infinite)")
    }
    // Fisher's exact test sums over the support (up to min(n1, x1 + x0) + 1 tables): computed up to 10^7 tables,
    // far beyond where the normal approximation is accurate.
    let support = min(n1, total, n0, n - total) + 1
    if support > FisherExact.maximumSupport && fisher == true {
      throw ExperimentError.invalidInput(
        "two proportions: Fisher's exact test over \(support) tables is too large to compute; "
          + "with counts this big the z test is accurate (drop fisher: true)")
    }
    let f =
      support <= FisherExact.maximumSupport
      ? FisherExact.test(a: x1, b: n1 - x1, c: x0, d: n0 - x0)
      : (
        pValue: Double.nan,
        oddsRatio: n1 - x1 > 0 && x0 > 0 ? Double(x1) * Double(n0 - x0) / (Double(n1 - x1) * Double(x0)) : .infinity
      )
    let expected = [Double(n1) * pbar, Double(n1) * (1 - pbar), Double(n0) * pbar, Double(n0) * (1 - pbar)]
    let minExpected = expected.min() ?? 0
    let useFisher = (fisher ?? (minExpected < 5)) && f.pValue.isFinite
    if fisher == nil && useFisher {
      notes.append(
        "an expected cell count is \(roundedText(minExpected)) (< 5): the p-value is Fisher's exact test, "
          + "not the normal approximation")
    }
    return TwoProportionTest(
      treatmentLabel: labels.treatment, controlLabel: labels.control,
      successes: (x1, x0), trials: (n1, n0), level: level, rateTreatment: p1, rateControl: p0,
      difference: d, se: se, waldLow: d - zc * se, waldHigh: d + zc * se, newcombeLow: newLow, newcombeHigh: newHigh,
      z: z, chi2: z * z, zPValue: normalTwoSidedP(z), fisherPValue: f.pValue, oddsRatio: f.oddsRatio,
      usesFisher: useFisher, minExpected: minExpected, relative: ratio - 1, relativeLow: relLow, relativeHigh: relHigh,
      notes: notes)
  }

  /// Wilson score interval for x/n at normal quantile z (Wilson 1927).
  public static func wilson(_ x: Int, _ n: Int, z: Double) -> (low: Double, high: Double) {
    let p = Double(x) / Double(n), nn = Double(n), z2 = z * z
    let center = (p + z2 / (2 * nn)) / (1 + z2 / nn)
    let half = z / (1 + z2 / nn) * (p * (1 - p) / nn + z2 / (4 * nn * nn)).squareRoot()
    return (max(0, center - half), min(1, center + half))
  }
}
