import Foundation
import Stats

/// Asymptotic confidence sequences (Waudby-Smith, Arbour, Sinha, Kennedy & Ramdas, "Time-uniform central
/// limit theory and asymptotic confidence sequences", Annals of Statistics 2024).
///
/// For i.i.d. observations φ₁, φ₂, … with mean μ, running mean μ̂ₜ and running sample standard deviation
/// σ̂ₜ, the two-sided asymptotic (1 − α) confidence sequence is
///
///     μ̂ₜ ± σ̂ₜ · √( 2(tρ² + 1) / (t²ρ²) · log( √(tρ² + 1) / α ) ),
///
/// the Robbins normal-mixture boundary (Robbins 1970; Howard et al. 2021, "Time-uniform, nonparametric,
/// nonasymptotic confidence sequences", Ann. Stat.) with the unknown variance replaced by σ̂ₜ². It covers μ
/// at every t simultaneously with probability → 1 − α, so it may be looked at after every observation.
/// ρ > 0 tunes where the sequence is tightest; ``rhoSquared(plannedN:alpha:)`` picks the ρ that makes it
/// (approximately) tightest at a planned sample size t*, as Waudby-Smith et al. recommend following
/// Howard et al. (2021): ρ² = (−2 log α + log(−2 log α + 1)) / t*.
public enum ConfidenceSequence {
  /// The mixture tuning ρ² that (approximately) minimizes the boundary at `plannedN` observations.
  public static func rhoSquared(plannedN: Double, alpha: Double) -> Double {
    let l = -2 * log(alpha)
    return (l + log(l + 1)) / max(plannedN, 1)
  }

  /// The unit-variance margin at time t: √(2(tρ² + 1)/(t²ρ²) · log(√(tρ² + 1)/α)).
  /// Multiply by σ̂ₜ for the half-width of the sequence around the running mean.
  public static func margin(t: Double, rhoSquared rho2: Double, alpha: Double) -> Double {
    let a = t * rho2 + 1
    return (2 * a / (t * t * rho2) * log(a.squareRoot() / alpha)).squareRoot()
  }

  /// The fixed-horizon margin for comparison: z_{1−α/2}/√t (a CI valid at one pre-planned look only).
  public static func fixedMargin(t: Double, alpha: Double) -> Double {
    normalQuantileTwoSided(alpha) / t.squareRoot()
  }
}

/// z_{1−α/2}.
func normalQuantileTwoSided(_ alpha: Double) -> Double { normalQuantile(1 - alpha / 2) }
