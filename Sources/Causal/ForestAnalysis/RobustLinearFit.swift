import Stats

/// Heteroskedasticity-consistent covariance types of the forest's regressions: Stats' one
/// ``CovarianceType`` (HC0–HC3, White 1980; MacKinnon & White 1985). The language offers HC0–HC3 here.
public typealias RobustCovariance = CovarianceType

/// Ordinary (optionally weighted) least squares with a sandwich covariance, sized for the forest's
/// post-estimation regressions (a handful of regressors).
///
/// A thin reading of Stats' ``weightedLeastSquares(x:rows:cols:y:weights:)`` and
/// ``LeastSquaresFit/covariance(_:)``: β̂ = (X'GX)⁻¹X'Gy with G = diag(weights);
/// V̂ = (X'GX)⁻¹ (Σ gᵢ² xᵢxᵢ' ω(eᵢ, hᵢ)) (X'GX)⁻¹ with the leverage hᵢ = gᵢ xᵢ'(X'GX)⁻¹xᵢ. p-values and
/// intervals use the normal reference distribution (large-sample), as these regressions run on thousands
/// of rows.
struct RobustLinearFit {
  var coefficients: [Double]
  var standardErrors: [Double]
  var n: Int

  /// Fits `y` on the columns `x` (each of length n). Throws when the design is rank deficient.
  init(
    y: [Double], x: [[Double]], weights: [Double]? = nil, covariance: RobustCovariance = .hc3,
    names: [String]
  ) throws {
    let n = y.count, p = x.count
    guard n > p else {
      throw CausalForestError.invalidInput("regression needs more rows (\(n)) than coefficients (\(p))")
    }
    let fit: LeastSquaresFit
    do {
      fit = try weightedLeastSquares(x: x.flatMap { $0 }, rows: n, cols: p, y: y, weights: weights)
    } catch {
      throw CausalForestError.invalidInput(
        "the regressors \(names.joined(separator: ", ")) are collinear or constant; drop one of them")
    }
    let v = fit.covariance(covariance)
    coefficients = fit.coefficients
    standardErrors = (0..<p).map { max(v[$0, $0], 0).squareRoot() }
    self.n = n
  }
}
