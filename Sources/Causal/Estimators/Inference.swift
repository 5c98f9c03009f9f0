import Stats

// Normal quantiles and p-values come from Stats (`normalQuantile`, AS 241; `normalTwoSidedP`).

/// Builds a normal-approximation `Estimate`: CI = value ± z₍₁₋α/2₎·SE, p-value against zero.
func normalEstimate(label: String, value: Double, se: Double, n: Int, level: Double, method: String) -> Estimate {
  let z = normalQuantile(0.5 + level / 2)
  let p: Double? = se > 0 && se.isFinite ? normalTwoSidedP(value / se) : nil
  return Estimate(
    label: label, value: value, se: se, ciLow: value - z * se, ciHigh: value + z * se,
    level: level, pValue: p, n: n, method: method)
}

/// Mean and the standard error sd/√n of a list of per-row influence-function values (sd with n − 1).
///
/// This is the usual plug-in variance of a sample mean of scores: for an estimator τ̂ = mean(ψᵢ),
/// Var(τ̂) ≈ Σ(ψᵢ − ψ̄)² / (n(n − 1)).
func meanAndStandardError(_ psi: [Double]) -> (mean: Double, se: Double) {
  let n = psi.count
  guard n > 1 else { return (psi.first ?? .nan, .nan) }
  var s = 0.0
  for v in psi { s += v }
  let m = s / Double(n)
  var ss = 0.0
  for v in psi { ss += (v - m) * (v - m) }
  return (m, (ss / Double(n - 1) / Double(n)).squareRoot())
}

/// The standard error of an estimator τ̂ = mean(ψᵢ) + const from its per-row influence values, and how it was
/// computed: sd/√n (``meanAndStandardError(_:)``), or, with a cluster label per row, the cluster-robust
/// version SE² = G/(G − 1) · Σ_g (Σ_{i∈g} (ψᵢ − ψ̄))² / N² (Stats' ``clusteredMeanStandardError(_:clusters:)``,
/// the CR1 sandwich of the regression of ψ on a constant; it equals sd/√n with one row per cluster).
func influenceStandardError(_ psi: [Double], clusters: [Int]?, plain: String) throws -> (se: Double, method: String) {
  guard let clusters else { return (meanAndStandardError(psi).se, plain) }
  guard clusters.count == psi.count else {
    throw CausalError.invalidInput("cluster labels: \(clusters.count) labels for \(psi.count) rows")
  }
  do {
    let (se, groups) = try clusteredMeanStandardError(psi, clusters: clusters)
    return (se, "influence function clustered by \(groups) groups (CR1)")
  } catch let e as LinearAlgebraError {
    throw CausalError.invalidInput("cluster-robust SE: \(e); the cluster column needs at least 2 distinct values")
  }
}

/// Checks the confidence level option.
func checkLevel(_ level: Double) throws {
  guard level > 0 && level < 1 else {
    throw CausalError.invalidInput("confidence level must be between 0 and 1 (e.g. 0.95), got \(level)")
  }
}
