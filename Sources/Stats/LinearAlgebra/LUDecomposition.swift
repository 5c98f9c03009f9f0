/// LU factorization with partial pivoting, P A = L U, for general square systems.
public struct LUDecomposition: Sendable {
  /// Combined factors: strictly lower part is L (unit diagonal), upper part is U.
  let lu: Matrix
  /// Row permutation.
  let pivots: [Int]
  public var n: Int { lu.rows }

  /// Factors `a`; throws ``LinearAlgebraError/singular(column:)`` when no pivot exceeds
  /// `tolerance` × the largest entry of `a`.
  public init(_ a: Matrix, tolerance: Double = 1e-14) throws {
    guard a.rows == a.cols else { throw LinearAlgebraError.dimensionMismatch("LU needs a square matrix") }
    let n = a.rows
    var m = a
    var piv = Array(0..<n)
    let scale = a.values.reduce(0) { max($0, abs($1)) }
    for k in 0..<n {
      var p = k
      var best = abs(m[k, k])
      for i in (k + 1)..<max(k + 1, n) where abs(m[i, k]) > best {
        best = abs(m[i, k])
        p = i
      }
      if !(best > tolerance * scale) { throw LinearAlgebraError.singular(column: k) }
      if p != k {
        for j in 0..<n {
          let t = m[k, j]
          m[k, j] = m[p, j]
          m[p, j] = t
        }
        piv.swapAt(k, p)
      }
      for i in (k + 1)..<max(k + 1, n) {
        let f = m[i, k] / m[k, k]
        m[i, k] = f
        if f == 0 { continue }
        for j in (k + 1)..<n { m[i, j] -= f * m[k, j] }
      }
    }
    lu = m
    pivots = piv
  }

  /// Solves A x = b.
  public func solve(_ b: [Double]) -> [Double] {
    precondition(b.count == n, "LU.solve: right-hand side has the wrong length")
    var x = pivots.map { b[$0] }
    for i in 0..<n { for k in 0..<i { x[i] -= lu[i, k] * x[k] } }
    for i in stride(from: n - 1, through: 0, by: -1) {
      for k in (i + 1)..<max(i + 1, n) { x[i] -= lu[i, k] * x[k] }
      x[i] /= lu[i, i]
    }
    return x
  }

  /// A⁻¹: A x = eⱼ solved for every unit vector.
  public func inverse() -> Matrix { inverseBySolvingUnitVectors(n: n, solve) }
}

/// The n × n inverse whose column j is `solve(eⱼ)`; shared by the Cholesky and LU factorizations.
func inverseBySolvingUnitVectors(n: Int, _ solve: ([Double]) -> [Double]) -> Matrix {
  var inv = Matrix(rows: n, cols: n)
  var e = [Double](repeating: 0, count: n)
  for j in 0..<n {
    e[j] = 1
    let col = solve(e)
    e[j] = 0
    for i in 0..<n { inv[i, j] = col[i] }
  }
  return inv
}

/// Solves the square system A x = b (LU with partial pivoting).
public func solve(_ a: Matrix, _ b: [Double]) throws -> [Double] {
  try LUDecomposition(a).solve(b)
}

/// The inverse of a square matrix (LU with partial pivoting).
public func inverse(_ a: Matrix) throws -> Matrix {
  try LUDecomposition(a).inverse()
}
