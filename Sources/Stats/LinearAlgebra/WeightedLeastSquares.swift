/// How the covariance of least-squares coefficients is estimated.
///
/// `classical` is σ̂²(XᵀWX)⁻¹ with σ̂² = Σwᵢeᵢ²/(n − p). The heteroskedasticity-consistent
/// "sandwich" estimators (White 1980; MacKinnon & White 1985) are (X̃ᵀX̃)⁻¹ X̃ᵀ diag(ωᵢ) X̃ (X̃ᵀX̃)⁻¹
/// on the whitened design X̃ = W^½X with whitened residuals ẽ = W^½e and
/// HC0: ωᵢ = ẽᵢ²; HC1: HC0 · n/(n − p); HC2: ẽᵢ²/(1 − hᵢ); HC3: ẽᵢ²/(1 − hᵢ)², where hᵢ is the
/// leverage (diagonal of the hat matrix of X̃). These match statsmodels' `cov_type="HC0"…"HC3"`.
public enum CovarianceType: String, Sendable, Codable, CaseIterable {
  case classical
  case hc0 = "HC0"
  case hc1 = "HC1"
  case hc2 = "HC2"
  case hc3 = "HC3"
}

/// The result of a (weighted) least-squares fit.
public struct LeastSquaresFit: Sendable {
  public let n: Int
  public let p: Int
  public let coefficients: [Double]
  /// Fitted values Xβ.
  public let fitted: [Double]
  /// Residuals y − Xβ (not weighted).
  public let residuals: [Double]
  /// Weights used (all ones when none were given).
  public let weights: [Double]
  /// (XᵀWX)⁻¹.
  public let unscaledCovariance: Matrix
  /// Leverages hᵢ of the whitened design.
  public let leverage: [Double]
  /// Σ wᵢ eᵢ².
  public let weightedSSR: Double

  /// Residual degrees of freedom n − p.
  public var dfResidual: Int { n - p }
  /// σ̂² = Σwᵢeᵢ² / (n − p).
  public var sigma2: Double { weightedSSR / Double(max(dfResidual, 1)) }

  /// Coefficient covariance matrix of the given type (see ``CovarianceType``).
  public func covariance(_ type: CovarianceType) -> Matrix {
    if type == .classical { return sigma2 * unscaledCovariance }
    var omega = [Double](repeating: 0, count: n)
    for i in 0..<n {
      let e2 = weights[i] * residuals[i] * residuals[i]
      switch type {
      case .hc0, .hc1, .classical: omega[i] = e2
      case .hc2: omega[i] = e2 / (1 - leverage[i])
      case .hc3: omega[i] = e2 / ((1 - leverage[i]) * (1 - leverage[i]))
      }
    }
    // meat = X̃ᵀ diag(ω) X̃ = Σ ωᵢ wᵢ xᵢ xᵢᵀ
    var meat = Matrix(rows: p, cols: p)
    design.withUnsafeBufferPointer { x in
      for a in 0..<p {
        for b in a..<p {
          var s = 0.0
          for i in 0..<n { s += omega[i] * weights[i] * x[a * n + i] * x[b * n + i] }
          meat[a, b] = s
          meat[b, a] = s
        }
      }
    }
    return sandwich(
      bread: unscaledCovariance, meat: meat,
      scale: type == .hc1 ? Double(n) / Double(max(dfResidual, 1)) : 1)
  }

  /// Cluster-robust (CR1) coefficient covariance for the group label of each row, with the scores
  /// wᵢeᵢxᵢ (see ``clusterRobustCovariance(bread:scores:rows:clusters:)``); matches statsmodels
  /// `OLS/WLS(...).fit(cov_type="cluster", cov_kwds={"groups": g})`. Also returns the number of clusters.
  public func clusterCovariance(clusters: [Int]) throws -> (covariance: Matrix, groups: Int) {
    var scores = [Double](repeating: 0, count: n * p)
    for j in 0..<p { for i in 0..<n { scores[j * n + i] = weights[i] * residuals[i] * design[j * n + i] } }
    return try clusterRobustCovariance(bread: unscaledCovariance, scores: scores, rows: n, clusters: clusters)
  }

  /// The design, column-major (kept for the sandwich estimators).
  let design: [Double]
}

/// Weighted least squares by Householder QR of the whitened design W^½X.
///
/// `x` is column-major n × p; `weights` (optional) must be non-negative. Throws
/// ``LinearAlgebraError/rankDeficient(columns:)`` listing the columns that are linear combinations of
/// others, so callers can name them.
public func weightedLeastSquares(
  x: [Double], rows n: Int, cols p: Int, y: [Double],
  weights: [Double]? = nil
) throws -> LeastSquaresFit {
  guard x.count == n * p, y.count == n, weights.map({ $0.count == n }) ?? true else {
    throw LinearAlgebraError.dimensionMismatch("least squares: X is \(n)x\(p) but y has \(y.count) values")
  }
  guard n > p else {
    throw LinearAlgebraError.dimensionMismatch("least squares needs more rows (\(n)) than coefficients (\(p))")
  }
  let w = weights ?? [Double](repeating: 1, count: n)
  let sw = w.map { $0.squareRoot() }
  var xt = x
  for j in 0..<p { for i in 0..<n { xt[j * n + i] *= sw[i] } }
  let yt = zip(y, sw).map { $0 * $1 }
  let qr = try QRDecomposition(columnMajor: xt, rows: n, cols: p)
  let dep = qr.dependentColumns()
  if !dep.isEmpty {
    var gram = Matrix(rows: p, cols: p)
    for a in 0..<p {
      for b in a..<p {
        var s = 0.0
        for i in 0..<n { s += xt[a * n + i] * xt[b * n + i] }
        gram[a, b] = s
        gram[b, a] = s
      }
    }
    let named = collinearColumns(gram)
    throw LinearAlgebraError.rankDeficient(columns: named.isEmpty ? dep : named)
  }
  let beta = qr.solve(yt)
  var fitted = [Double](repeating: 0, count: n)
  for j in 0..<p {
    let b = beta[j]
    for i in 0..<n { fitted[i] += x[j * n + i] * b }
  }
  let resid = zip(y, fitted).map { $0 - $1 }
  var ssr = 0.0
  for i in 0..<n { ssr += w[i] * resid[i] * resid[i] }
  let inv = qr.inverseGram()
  // Leverage hᵢ = x̃ᵢᵀ (X̃ᵀX̃)⁻¹ x̃ᵢ.
  var lev = [Double](repeating: 0, count: n)
  var row = [Double](repeating: 0, count: p)
  for i in 0..<n {
    for j in 0..<p { row[j] = xt[j * n + i] }
    var h = 0.0
    for a in 0..<p {
      var s = 0.0
      for b in 0..<p { s += inv[a, b] * row[b] }
      h += row[a] * s
    }
    lev[i] = h
  }
  return LeastSquaresFit(
    n: n, p: p, coefficients: beta, fitted: fitted, residuals: resid, weights: w,
    unscaledCovariance: inv, leverage: lev, weightedSSR: ssr, design: x)
}
