/// The sandwich c·A·M·A of a bread A (an inverse Hessian or (XᵀWX)⁻¹), a meat M and a small-sample factor
/// c, symmetrized: the one place where every robust covariance in churn (HC0–HC3 and cluster-robust; least
/// squares, logistic regression, the causal forest's regressions) is assembled.
public func sandwich(bread: Matrix, meat: Matrix, scale: Double = 1) -> Matrix {
  var v = bread * meat * bread
  if scale != 1 { v = scale * v }
  v.symmetrize()
  return v
}

/// Cluster-robust ("CR1") covariance of M-estimates from per-row scores.
///
/// With the bread A (the inverse of the Hessian of the summed objective: (XᵀWX)⁻¹ for least squares, the
/// inverse negative log-likelihood Hessian for logistic regression) and per-row scores sᵢ (wᵢeᵢxᵢ for
/// least squares, wᵢ(yᵢ − pᵢ)xᵢ for the logit), the cluster sums u_g = Σ_{i∈g} sᵢ give
///
///     V̂ = c · A (Σ_g u_g u_gᵀ) A,   c = G/(G − 1) · (N − 1)/(N − K),
///
/// the small-sample factor of Stata and statsmodels (`cov_type="cluster"`, `use_correction=True`,
/// `df_correction=True`; Cameron & Miller 2015, "A practitioner's guide to cluster-robust inference", §II.C).
/// Groups are visited in ascending label order and rows within a group in row order, so the result does not
/// depend on hashing.
///
/// - Parameters:
///   - scores: column-major n × k scores (column j at `scores[j*n ..< (j+1)*n]`).
///   - clusters: a group label per row (any integers).
/// - Throws: ``LinearAlgebraError/dimensionMismatch(_:)`` on inconsistent sizes or fewer than two groups.
public func clusterRobustCovariance(bread: Matrix, scores: [Double], rows n: Int, clusters: [Int])
  throws -> (covariance: Matrix, groups: Int)
{
  let k = bread.rows
  guard bread.cols == k, scores.count == n * k, clusters.count == n, n > k else {
    throw LinearAlgebraError.dimensionMismatch(
      "cluster-robust covariance: \(n) rows, \(clusters.count) cluster labels, \(scores.count) scores for \(k) coefficients"
    )
  }
  let (code, groups) = denseGroupCodes(clusters)
  guard groups >= 2 else {
    throw LinearAlgebraError.dimensionMismatch(
      "cluster-robust standard errors need at least 2 clusters; the cluster column has \(groups)")
  }
  var sums = [Double](repeating: 0, count: groups * k)
  for j in 0..<k {
    for i in 0..<n { sums[code[i] * k + j] += scores[j * n + i] }
  }
  var meat = Matrix(rows: k, cols: k)
  for g in 0..<groups {
    for a in 0..<k {
      let ua = sums[g * k + a]
      for b in a..<k { meat[a, b] += ua * sums[g * k + b] }
    }
  }
  for a in 0..<k { for b in 0..<a { meat[a, b] = meat[b, a] } }
  let g = Double(groups), nn = Double(n)
  let factor = g / (g - 1) * (nn - 1) / (nn - Double(k))
  return (sandwich(bread: bread, meat: meat, scale: factor), groups)
}

/// Standard error of a mean of per-row influence values ψᵢ, clustered: the K = 1 case of
/// ``clusterRobustCovariance(bread:scores:rows:clusters:)`` (the OLS of ψ on a constant),
///
///     SE² = G/(G − 1) · Σ_g (Σ_{i∈g} (ψᵢ − ψ̄))² / N².
///
/// With one row per cluster it equals the usual Σ(ψᵢ − ψ̄)² / (N(N − 1)).
public func clusteredMeanStandardError(_ psi: [Double], clusters: [Int]) throws -> (se: Double, groups: Int) {
  let n = psi.count
  guard n >= 2 else {
    throw LinearAlgebraError.dimensionMismatch("a clustered standard error needs at least 2 rows; got \(n)")
  }
  var mean = 0.0
  for v in psi { mean += v }
  mean /= Double(n)
  let centred = psi.map { $0 - mean }
  let bread = Matrix(rows: 1, cols: 1, values: [1 / Double(n)])
  let (v, groups) = try clusterRobustCovariance(bread: bread, scores: centred, rows: n, clusters: clusters)
  return (max(v[0, 0], 0).squareRoot(), groups)
}

/// Maps labels to 0..<G in ascending label order; returns the codes and G.
func denseGroupCodes(_ labels: [Int]) -> (codes: [Int], groups: Int) {
  let distinct = Array(Set(labels)).sorted()
  var index: [Int: Int] = [:]
  for (k, v) in distinct.enumerated() { index[v] = k }
  return (labels.map { index[$0] ?? 0 }, distinct.count)
}
