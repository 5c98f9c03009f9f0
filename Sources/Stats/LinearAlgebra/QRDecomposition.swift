/// Householder QR factorization of a tall n × p matrix (n ≥ p) stored column by column.
///
/// Used for least squares: it works on X itself rather than on XᵀX, so it loses half as many digits
/// to ill-conditioning as the normal equations.
public struct QRDecomposition: Sendable {
  public let n: Int
  public let p: Int
  /// Householder vectors below the diagonal and R on and above it, column-major n × p.
  var qr: [Double]
  /// Diagonal of R.
  var rDiag: [Double]
  /// Euclidean norms of the original columns, to judge rank.
  let columnNorms: [Double]

  /// Factors the column-major matrix `a` (n rows, p columns).
  public init(columnMajor a: [Double], rows n: Int, cols p: Int) throws {
    guard n >= p, a.count == n * p else {
      throw LinearAlgebraError.dimensionMismatch("QR needs at least as many rows (\(n)) as columns (\(p))")
    }
    self.n = n
    self.p = p
    var q = a
    var rd = [Double](repeating: 0, count: p)
    var norms = [Double](repeating: 0, count: p)
    q.withUnsafeMutableBufferPointer { m in
      for j in 0..<p {
        var s = 0.0
        for i in 0..<n { s += m[j * n + i] * m[j * n + i] }
        norms[j] = s.squareRoot()
      }
      for k in 0..<p {
        let ck = k * n
        var nrm = 0.0
        for i in k..<n { nrm = hypot(nrm, m[ck + i]) }
        if nrm != 0 {
          if m[ck + k] < 0 { nrm = -nrm }
          for i in k..<n { m[ck + i] /= nrm }
          m[ck + k] += 1
          for j in (k + 1)..<max(k + 1, p) {
            let cj = j * n
            var s = 0.0
            for i in k..<n { s += m[ck + i] * m[cj + i] }
            s = -s / m[ck + k]
            for i in k..<n { m[cj + i] += s * m[ck + i] }
          }
        }
        rd[k] = -nrm
      }
    }
    qr = q
    rDiag = rd
    columnNorms = norms
  }

  /// Columns whose R diagonal is below `tolerance` × the column's norm (numerically dependent on
  /// earlier columns).
  public func dependentColumns(tolerance: Double = 1e-10) -> [Int] {
    (0..<p).filter { !(abs(rDiag[$0]) > tolerance * max(columnNorms[$0], Double.leastNormalMagnitude)) }
  }

  /// Qᵀ b for a vector of length n.
  public func applyQTranspose(_ b: [Double]) -> [Double] {
    var x = b
    for k in 0..<p {
      let ck = k * n
      if qr[ck + k] == 0 { continue }
      var s = 0.0
      for i in k..<n { s += qr[ck + i] * x[i] }
      s = -s / qr[ck + k]
      for i in k..<n { x[i] += s * qr[ck + i] }
    }
    return x
  }

  /// R entry (i, j), i ≤ j.
  @inline(__always)
  func r(_ i: Int, _ j: Int) -> Double { i == j ? rDiag[i] : qr[j * n + i] }

  /// Least-squares solution of A x ≈ b.
  public func solve(_ b: [Double]) -> [Double] {
    let qtb = applyQTranspose(b)
    var x = Array(qtb[0..<p])
    for i in stride(from: p - 1, through: 0, by: -1) {
      for j in (i + 1)..<max(i + 1, p) { x[i] -= r(i, j) * x[j] }
      x[i] /= rDiag[i]
    }
    return x
  }

  /// (AᵀA)⁻¹ = R⁻¹ R⁻ᵀ.
  public func inverseGram() -> Matrix {
    // Rinv upper triangular.
    var rinv = Matrix(rows: p, cols: p)
    for j in 0..<p {
      rinv[j, j] = 1 / rDiag[j]
      for i in stride(from: j - 1, through: 0, by: -1) {
        var s = 0.0
        for k in (i + 1)...j { s += r(i, k) * rinv[k, j] }
        rinv[i, j] = -s / rDiag[i]
      }
    }
    var g = Matrix(rows: p, cols: p)
    for i in 0..<p {
      for j in i..<p {
        var s = 0.0
        for k in j..<p { s += rinv[i, k] * rinv[j, k] }
        g[i, j] = s
        g[j, i] = s
      }
    }
    return g
  }
}

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
