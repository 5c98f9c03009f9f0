import Stats

/// Pointwise normal intervals of per-row effect estimates: τ̂ᵢ ± z₍₁₋α/2₎·SEᵢ with SEᵢ = √(variance estimateᵢ)
/// (the asymptotic normality of forest estimates, Wager & Athey 2018, Theorem 1; the variance is the
/// little-bags estimate). Used by every table of per-row effects (one arm or several), so the language and a
/// service compute the bands the same way.
public struct PointwiseIntervals: Sendable, Equatable {
  /// Standard errors √variance (NaN where the variance is NaN).
  public var se: [Double]
  /// Lower bounds τ̂ − z·SE.
  public var low: [Double]
  /// Upper bounds τ̂ + z·SE.
  public var high: [Double]

  /// Bands at confidence `level` (e.g. 0.95) for the estimates `tau` with variance estimates `variance`.
  public init(tau: [Double], variance: [Double], level: Double) {
    let z = normalQuantile(0.5 + level / 2)
    se = variance.map { $0.squareRoot() }
    low = zip(tau, se).map { $0 - z * $1 }
    high = zip(tau, se).map { $0 + z * $1 }
  }
}
