import Stats
import Testing

@Suite struct LinearAlgebraTests {
  @Test func choleskySolveAndInverse() throws {
    let a = Matrix([[4, 2, 0.6], [2, 5, 1], [0.6, 1, 3]])
    let c = try Cholesky(a)
    let x = c.solve([1, 2, 3])
    let back = a * x
    for (u, v) in zip(back, [1.0, 2, 3]) { #expect(abs(u - v) < 1e-12) }
    let inv = c.inverse()
    let id = a * inv
    for i in 0..<3 { for j in 0..<3 { #expect(abs(id[i, j] - (i == j ? 1 : 0)) < 1e-12) } }
    let lu = try inverse(a)
    for k in 0..<9 { #expect(abs(lu.values[k] - inv.values[k]) < 1e-12) }
  }

  @Test func choleskyNamesCollinearColumn() {
    // Column 2 = column 0 + column 1 in the underlying design, so the Gram matrix is singular there.
    let x: [[Double]] = [[1, 2, 3], [2, 0, 2], [0, 1, 1], [1, 1, 2]]
    var g = Matrix(rows: 3, cols: 3)
    for r in x { for i in 0..<3 { for j in 0..<3 { g[i, j] += r[i] * r[j] } } }
    #expect(throws: LinearAlgebraError.notPositiveDefinite(column: 2)) { try Cholesky(g) }
    #expect(collinearColumns(g) == [2])
  }

  /// The largest-diagonal pivot scale (used by the causal estimators' normal equations) rejects a column whose
  /// pivot is tiny relative to the biggest diagonal entry even when it is not tiny relative to its own.
  @Test func choleskyLargestDiagonalScale() throws {
    let a = Matrix([[1e6, 0], [0, 1e-9]])
    let own = try Cholesky(a, tolerance: 1e-13)
    #expect(abs(own.solve([1e6, 1e-9])[1] - 1) < 1e-12)
    #expect(throws: LinearAlgebraError.notPositiveDefinite(column: 1)) {
      try Cholesky(a, tolerance: 1e-13, scale: .largestDiagonal)
    }
    #expect(throws: LinearAlgebraError.notPositiveDefinite(column: 0)) {
      try Cholesky(Matrix([[Double.nan, 0], [0, 1]]), scale: .largestDiagonal)
    }
  }

  /// Cholesky and LU share one inverse routine; on an SPD matrix both give the same inverse, and the LU
  /// one works where Cholesky cannot (an indefinite matrix).
  @Test func luInverseOfAnIndefiniteMatrix() throws {
    let a = Matrix([[0, 2, 1], [2, 0, 1], [1, 1, 3]])
    #expect(throws: LinearAlgebraError.self) { try Cholesky(a) }
    let inv = try inverse(a)
    let id = a * inv
    for i in 0..<3 { for j in 0..<3 { #expect(abs(id[i, j] - (i == j ? 1 : 0)) < 1e-12) } }
    #expect(throws: LinearAlgebraError.singular(column: 1)) { try inverse(Matrix([[1, 2], [2, 4]])) }
  }

  /// Reference: statsmodels 0.15.0,
  /// `sm.WLS(y, sm.add_constant(np.column_stack([x1, x2])), weights=w).fit(cov_type=T)` for
  /// T in nonrobust, HC0, HC1, HC2, HC3 (data below, generated with numpy default_rng(5) and rounded).
  @Test func weightedLeastSquaresMatchesStatsmodels() throws {
    let x1 = [
      -0.802, -1.324, -0.248, 0.42, 1.136, 0.11, -0.553, -0.785, 0.749, 1.635, 0.273, -1.233, -0.958, 1.6, 0.203,
    ]
    let x2 = [8.44, 3.92, 4.93, 6.77, 0.61, 5.56, 2.71, 8.8, 0.64, 6.79, 8.7, 2.27, 8.95, 8.72, 0.19]
    let y = [
      -7.69, -2.779, -1.069, -1.113, 1.849, -1.505, -2.898, -8.143, 2.574, -1.136, 3.161, -0.942, -10.963, 2.568, 0.184,
    ]
    let w = [1.26, 1.26, 0.85, 0.52, 1.9, 0.63, 1.77, 1.05, 1.93, 1.1, 1.9, 1.33, 0.86, 1.61, 1.51]
    let n = 15
    let x = [Double](repeating: 1, count: n) + x1 + x2
    let fit = try weightedLeastSquares(x: x, rows: n, cols: 3, y: y, weights: w)
    let params = [0.4165806877006415, 2.670619107223037, -0.3860883170178444]
    let se: [CovarianceType: [Double]] = [
      .classical: [1.3090682819441726, 0.7955370313569714, 0.2237818400196445],
      .hc0: [0.7437823685828193, 0.6404124052149717, 0.2322455090403253],
      .hc1: [0.831573968308494, 0.7160028358474089, 0.25965837284160465],
      .hc2: [0.864751541471231, 0.7346603654583457, 0.265093533431048],
      .hc3: [1.0086800719272693, 0.8471198101956283, 0.30336871196531345],
    ]
    for j in 0..<3 { #expect(abs(fit.coefficients[j] - params[j]) < 1e-10 * abs(params[j])) }
    for t in CovarianceType.allCases {
      let v = fit.covariance(t)
      for j in 0..<3 {
        let ref = se[t]![j]
        #expect(abs(v[j, j].squareRoot() - ref) < 1e-9 * ref, "\(t) SE \(j)")
      }
    }
  }

  @Test func rankDeficientDesignIsNamed() {
    let n = 6
    let a: [Double] = [1, 2, 3, 4, 5, 7]
    let x = [Double](repeating: 1, count: n) + a + a.map { 2 * $0 + 1 }
    #expect(throws: LinearAlgebraError.rankDeficient(columns: [2])) {
      try weightedLeastSquares(x: x, rows: n, cols: 3, y: [1, 2, 3, 4, 5, 6])
    }
  }
}
