/// Heteroskedasticity-consistent covariance types (White 1980; MacKinnon & White 1985).
public enum RobustCovariance: String, Sendable, CaseIterable {
  /// White's estimator, Σ xᵢxᵢ' eᵢ².
  case hc0 = "HC0"
  /// HC0 · n/(n − p).
  case hc1 = "HC1"
  /// eᵢ² / (1 − hᵢ).
  case hc2 = "HC2"
  /// eᵢ² / (1 − hᵢ)², the jackknife-like default of grf's `best_linear_projection` and `test_calibration`.
  case hc3 = "HC3"
}

/// Ordinary (optionally weighted) least squares with a sandwich covariance, sized for the forest's
/// post-estimation regressions (a handful of regressors).
///
/// β̂ = (X'GX)⁻¹X'Gy with G = diag(weights); V̂ = (X'GX)⁻¹ (Σ gᵢ² xᵢxᵢ' ω(eᵢ, hᵢ)) (X'GX)⁻¹ with the
/// leverage hᵢ = gᵢ xᵢ'(X'GX)⁻¹xᵢ. p-values and intervals use the normal reference distribution
/// (large-sample), as these regressions run on thousands of rows.
struct RobustLinearFit {
  var coefficients: [Double]
  var standardErrors: [Double]
  var n: Int

  /// Fits `y` on the columns `x` (each of length n). Throws when the design is rank deficient.
  init(y: [Double], x: [[Double]], weights: [Double]? = nil, covariance: RobustCovariance = .hc3,
       names: [String]) throws
  {
    let n = y.count, p = x.count
    guard n > p else {
      throw CausalForestError.invalidInput("regression needs more rows (\(n)) than coefficients (\(p))")
    }
    var xtx = [Double](repeating: 0, count: p * p)
    var xty = [Double](repeating: 0, count: p)
    for i in 0..<n {
      let g = weights?[i] ?? 1
      for a in 0..<p {
        let xa = x[a][i] * g
        xty[a] += xa * y[i]
        for b in 0...a { xtx[a * p + b] += xa * x[b][i] }
      }
    }
    for a in 0..<p { for b in 0..<a { xtx[b * p + a] = xtx[a * p + b] } }
    guard let inv = RobustLinearFit.invertSPD(xtx, p) else {
      throw CausalForestError.invalidInput(
        "the regressors \(names.joined(separator: ", ")) are collinear or constant; drop one of them")
    }
    var beta = [Double](repeating: 0, count: p)
    for a in 0..<p { for b in 0..<p { beta[a] += inv[a * p + b] * xty[b] } }
    var meat = [Double](repeating: 0, count: p * p)
    var xi = [Double](repeating: 0, count: p), ax = [Double](repeating: 0, count: p)
    for i in 0..<n {
      let g = weights?[i] ?? 1
      var fit = 0.0
      for a in 0..<p { xi[a] = x[a][i]; fit += beta[a] * xi[a] }
      let e = y[i] - fit
      for a in 0..<p {
        var s = 0.0
        for b in 0..<p { s += inv[a * p + b] * xi[b] }
        ax[a] = s
      }
      var h = 0.0
      for a in 0..<p { h += xi[a] * ax[a] }
      h *= g
      var omega = g * g * e * e
      switch covariance {
      case .hc0, .hc1: break
      case .hc2: omega /= max(1 - h, 1e-12)
      case .hc3: omega /= max((1 - h) * (1 - h), 1e-24)
      }
      for a in 0..<p { for b in 0..<p { meat[a * p + b] += omega * xi[a] * xi[b] } }
    }
    var tmp = [Double](repeating: 0, count: p * p), v = [Double](repeating: 0, count: p * p)
    for a in 0..<p { for b in 0..<p { var s = 0.0; for c in 0..<p { s += inv[a * p + c] * meat[c * p + b] }; tmp[a * p + b] = s } }
    for a in 0..<p { for b in 0..<p { var s = 0.0; for c in 0..<p { s += tmp[a * p + c] * inv[c * p + b] }; v[a * p + b] = s } }
    let adj = covariance == .hc1 ? Double(n) / Double(n - p) : 1
    coefficients = beta
    standardErrors = (0..<p).map { (max(v[$0 * p + $0], 0) * adj).squareRoot() }
    self.n = n
  }

  /// Inverse of a symmetric positive definite p×p matrix by Cholesky; nil when (nearly) singular.
  static func invertSPD(_ a: [Double], _ p: Int) -> [Double]? {
    var l = [Double](repeating: 0, count: p * p)
    var maxDiag = 0.0
    for i in 0..<p { maxDiag = max(maxDiag, abs(a[i * p + i])) }
    for i in 0..<p {
      for j in 0...i {
        var s = a[i * p + j]
        for k in 0..<j { s -= l[i * p + k] * l[j * p + k] }
        if i == j {
          guard s > 1e-12 * max(maxDiag, 1e-300) else { return nil }
          l[i * p + i] = s.squareRoot()
        } else {
          l[i * p + j] = s / l[j * p + j]
        }
      }
    }
    // inv = L⁻ᵀ L⁻¹
    var linv = [Double](repeating: 0, count: p * p)
    for i in 0..<p {
      linv[i * p + i] = 1 / l[i * p + i]
      for j in 0..<i {
        var s = 0.0
        for k in j..<i { s -= l[i * p + k] * linv[k * p + j] }
        linv[i * p + j] = s / l[i * p + i]
      }
    }
    var inv = [Double](repeating: 0, count: p * p)
    for i in 0..<p { for j in 0..<p { var s = 0.0; for k in max(i, j)..<p { s += linv[k * p + i] * linv[k * p + j] }; inv[i * p + j] = s } }
    return inv
  }
}
