import Stats

/// Removes the small-group inflation from a little-bags variance without letting it go negative.
///
/// Let S be the true between-group variance and σ² = `groupNoise` the within-group noise, taken as
/// known. The method-of-moments estimate Ŝ = `varianceBetween` − σ² is unbiased but can be negative.
/// Treat `G · varianceBetween` (G good groups) as a scaled χ²_G, so that Ŝ is roughly Gaussian around S
/// with standard error `se = max(varianceBetween, σ²) · √(2/G)`. With a flat (objective) prior on
/// S ∈ [0, ∞) the posterior of S is that Gaussian truncated to [0, ∞), whose mean is
/// `Ŝ + se · φ(r) / Φ(r)` with r = Ŝ / se (the mean of a left-truncated normal). This is the
/// estimate returned: close to Ŝ when Ŝ ≫ se, small but positive when Ŝ ≤ 0. Same idea as grf's
/// `ObjectiveBayesDebiaser` (Athey, Tibshirani & Wager 2019, Section 4).
public enum ObjectiveBayesDebiaser {
  /// The debiased variance (≥ 0 up to rounding; NaN if inputs are not finite).
  public static func debias(varianceBetween: Double, groupNoise: Double, goodGroups: Int) -> Double {
    guard varianceBetween.isFinite, groupNoise.isFinite, goodGroups > 0 else { return .nan }
    let initial = varianceBetween - groupNoise
    let se = max(varianceBetween, groupNoise) * (2 / Double(goodGroups)).squareRoot()
    guard se > 0 else { return max(initial, 0) }
    let r = initial / se
    return initial + se * inverseMillsRatio(r)
  }

  /// φ(r)/Φ(r), stable for very negative r (asymptotic series when Φ underflows).
  static func inverseMillsRatio(_ r: Double) -> Double {
    if r < -30 {
      // φ(r)/Φ(r) = −r / (1 − 1/r² + 3/r⁴ − 15/r⁶ + …) for r → −∞.
      let r2 = r * r
      return -r / (1 - 1 / r2 + 3 / (r2 * r2) - 15 / (r2 * r2 * r2))
    }
    return normalPDF(r) / normalCDF(r)
  }
}
