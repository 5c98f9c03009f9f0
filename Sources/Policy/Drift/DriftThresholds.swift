/// When a feature counts as drifted.
///
/// Defaults and why:
/// - PSI 0.1 ("watch") and 0.25 ("drift") are the credit-scoring conventions (Siddiqi 2006): below 0.1
///   the population is stable, 0.1–0.25 a moderate shift, above 0.25 a major one. PSI measures the size
///   of a shift and does not grow with the sample size.
/// - Tests at α = 0.01, Bonferroni-corrected over the features checked (p < 0.01 / k), so a month drawn
///   from the training distribution raises a test alarm on some feature with probability at most 1 %.
///   With thousands of rows a test detects shifts too small to matter, so a significant test alone only
///   earns "watch"; "drift" needs PSI ≥ 0.25, or a significant test together with PSI ≥ 0.1.
public struct DriftThresholds: Sendable, Equatable {
  /// PSI at or above which a feature is worth watching.
  public var psiWatch: Double
  /// PSI at or above which a feature has drifted.
  public var psiDrift: Double
  /// Family-wise significance level of the KS / χ² tests.
  public var alpha: Double
  /// Whether to divide `alpha` by the number of features (Bonferroni).
  public var bonferroni: Bool

  /// Thresholds (defaults: PSI 0.1 / 0.25, α = 0.01 with Bonferroni).
  public init(psiWatch: Double = 0.1, psiDrift: Double = 0.25, alpha: Double = 0.01, bonferroni: Bool = true) {
    self.psiWatch = psiWatch
    self.psiDrift = psiDrift
    self.alpha = alpha
    self.bonferroni = bonferroni
  }

  /// Throws unless 0 < psiWatch ≤ psiDrift and 0 < alpha < 1.
  public func validate() throws {
    guard psiWatch > 0, psiDrift >= psiWatch, psiDrift.isFinite else {
      throw DriftError.invalidOption("PSI thresholds must satisfy 0 < watch ≤ drift (got \(psiWatch), \(psiDrift))")
    }
    guard alpha > 0, alpha < 1 else { throw DriftError.invalidOption("alpha must be between 0 and 1 (got \(alpha))") }
  }

  /// The per-feature p-value cut for `features` features.
  public func pCut(features: Int) -> Double { bonferroni ? alpha / Double(max(1, features)) : alpha }
}

/// The verdict for one feature.
public enum DriftFlag: String, Sendable, Comparable {
  case ok, watch, drift

  private var rank: Int { self == .ok ? 0 : self == .watch ? 1 : 2 }
  public static func < (a: DriftFlag, b: DriftFlag) -> Bool { a.rank < b.rank }
}
