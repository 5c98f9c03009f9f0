/// Which test a power calculation is for.
public enum PowerFamily: String, Sendable, CaseIterable {
  /// Two proportions, normal approximation on Cohen's h (statsmodels `NormalIndPower`).
  case proportions
  /// Two means, two-sample t test with pooled variance, noncentral t (statsmodels `TTestIndPower`).
  case means
}

/// The error rates and layout shared by every power calculation.
///
/// With `arms` = k > 2 (one control and k − 1 treatments, each compared with the control) the significance
/// level per comparison is Bonferroni's α/(k − 1), so the family-wise error rate stays at most α. Holm's step-down
/// procedure (see ``Holm``) rejects everything Bonferroni rejects and possibly more, so a sample size planned
/// for Bonferroni is a safe (slightly conservative) plan when the analysis uses Holm.
public struct PowerSettings: Sendable, Equatable {
  /// Family-wise two-sided significance level α.
  public var alpha: Double
  /// Allocation ratio: each treatment arm gets `ratio` × the control arm's units (statsmodels' `ratio`).
  public var ratio: Double
  /// Number of arms including the control (2 for a plain A/B test).
  public var arms: Int

  /// Settings; validated by ``validate(context:)``.
  public init(alpha: Double = 0.05, ratio: Double = 1, arms: Int = 2) {
    self.alpha = alpha
    self.ratio = ratio
    self.arms = arms
  }

  /// Number of comparisons with the control.
  public var comparisons: Int { max(1, arms - 1) }

  /// α per comparison (Bonferroni).
  public var alphaPerComparison: Double { alpha / Double(comparisons) }

  /// Throws a clear error for α outside (0, 1), a non-positive ratio or fewer than two arms.
  public func validate(context: String) throws {
    try checkOpenUnit(alpha, "alpha", context: context)
    guard ratio > 0, ratio.isFinite else {
      throw ExperimentError.invalidInput(
        "\(context): ratio must be a positive number (treatment units per control unit), got \(ratio)")
    }
    guard arms >= 2, arms <= 1000 else {
      throw ExperimentError.invalidInput("\(context): arms must be between 2 and 1000 (control included), got \(arms)")
    }
  }
}
