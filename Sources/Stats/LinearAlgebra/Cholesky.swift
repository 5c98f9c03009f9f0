/// The Cholesky factor L of a symmetric positive definite matrix A = L Lᵀ.
///
/// Used for Gram matrices and Hessians in regression: solving, inverting, and detecting collinear
/// columns. A pivot is accepted only if it is larger than `tolerance` times the column's original
/// diagonal entry; a smaller pivot means the column is (numerically) a linear combination of the
/// columns before it, and the factorization reports that column instead of returning a factor that
/// would need "jitter" to look positive definite.
public struct Cholesky: Sendable {
  /// Lower-triangular factor, row-major n × n.
  public let lower: Matrix
  public var n: Int { lower.rows }

  /// What a pivot's `tolerance` is relative to.
  public enum PivotScale: Sendable {
    /// The column's own diagonal entry |aⱼⱼ| (detects a column that is a combination of earlier ones).
    case columnDiagonal
    /// The largest diagonal entry max |aᵢᵢ| (one absolute threshold for the whole matrix, as used by
    /// the small normal-equation solves of the causal estimators).
    case largestDiagonal
  }

  /// Factors `a` (only its lower triangle is read). Throws ``LinearAlgebraError/notPositiveDefinite(column:)``
  /// naming the first column whose pivot is not finite or falls below `tolerance` × the `scale` (by default
  /// the column's own diagonal).
  public init(_ a: Matrix, tolerance: Double = 1e-10, scale: PivotScale = .columnDiagonal) throws {
    guard a.rows == a.cols else { throw LinearAlgebraError.dimensionMismatch("Cholesky needs a square matrix") }
    let n = a.rows
    var largest = 0.0
    if scale == .largestDiagonal { for i in 0..<n { largest = max(largest, abs(a[i, i])) } }
    var l = Matrix(rows: n, cols: n)
    for j in 0..<n {
      var d = a[j, j]
      for k in 0..<j { d -= l[j, k] * l[j, k] }
      let reference = scale == .columnDiagonal ? abs(a[j, j]) : largest
      if !(d > tolerance * max(reference, Double.leastNormalMagnitude)) || !d.isFinite {
        throw LinearAlgebraError.notPositiveDefinite(column: j)
      }
      let ljj = d.squareRoot()
      l[j, j] = ljj
      for i in (j + 1)..<max(j + 1, n) {
        var s = a[i, j]
        for k in 0..<j { s -= l[i, k] * l[j, k] }
        l[i, j] = s / ljj
      }
    }
    lower = l
  }

  /// Solves A x = b.
  public func solve(_ b: [Double]) -> [Double] {
    precondition(b.count == n, "Cholesky.solve: right-hand side has the wrong length")
    var y = b
    for i in 0..<n {
      var s = y[i]
      for k in 0..<i { s -= lower[i, k] * y[k] }
      y[i] = s / lower[i, i]
    }
    for i in stride(from: n - 1, through: 0, by: -1) {
      var s = y[i]
      for k in (i + 1)..<max(i + 1, n) { s -= lower[k, i] * y[k] }
      y[i] = s / lower[i, i]
    }
    return y
  }

  /// A⁻¹ (symmetric): A x = eⱼ solved for every unit vector, then symmetrized.
  public func inverse() -> Matrix {
    var inv = inverseBySolvingUnitVectors(n: n, solve)
    inv.symmetrize()
    return inv
  }

  /// log det A.
  public var logDeterminant: Double {
    var s = 0.0
    for i in 0..<n { s += 2 * _log(lower[i, i]) }
    return s
  }
}

/// Indices of columns of a symmetric positive semi-definite matrix (e.g. XᵀX) that are numerically
/// linear combinations of earlier columns, found by a Cholesky sweep that skips collapsed pivots.
/// Returns an empty list when the matrix is positive definite at `tolerance`.
public func collinearColumns(_ a: Matrix, tolerance: Double = 1e-10) -> [Int] {
  let n = a.rows
  var l = Matrix(rows: n, cols: n)
  var dependent: [Int] = []
  var skip = [Bool](repeating: false, count: n)
  for j in 0..<n {
    var d = a[j, j]
    for k in 0..<j where !skip[k] { d -= l[j, k] * l[j, k] }
    if !(d > tolerance * max(abs(a[j, j]), Double.leastNormalMagnitude)) {
      dependent.append(j)
      skip[j] = true
      continue
    }
    let ljj = d.squareRoot()
    l[j, j] = ljj
    for i in (j + 1)..<max(j + 1, n) {
      var s = a[i, j]
      for k in 0..<j where !skip[k] { s -= l[i, k] * l[j, k] }
      l[i, j] = s / ljj
    }
  }
  return dependent
}
