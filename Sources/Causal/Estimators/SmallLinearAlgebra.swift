import Stats

/// Small dense linear algebra for the causal estimators (normal equations of a few dozen columns).
///
/// Matrices are row-major `[Double]` of size k×k. Everything here is O(k³) on tiny k; the O(n·k²)
/// work of forming cross-products happens in the callers over contiguous column buffers.
enum SmallLinearAlgebra {
  /// Solves A x = b for symmetric positive (semi)definite A by Cholesky; adds a tiny ridge and retries
  /// when A is numerically singular. Returns nil when even the ridge fails.
  static func solveSPD(_ a: [Double], _ b: [Double], k: Int) -> [Double]? {
    if let l = cholesky(a, k: k) { return l.solve(b) }
    var trace = 0.0
    for i in 0..<k { trace += abs(a[i * k + i]) }
    let jitter = max(trace / Double(max(k, 1)), 1) * 1e-10
    var a2 = a
    for i in 0..<k { a2[i * k + i] += jitter }
    guard let l = cholesky(a2, k: k) else { return nil }
    return l.solve(b)
  }

  /// The Cholesky factorization (Stats' ``Cholesky``) of a row-major k×k matrix, or nil when a pivot is not
  /// finite or falls below 1e-13 × the largest diagonal entry.
  static func cholesky(_ a: [Double], k: Int) -> Cholesky? {
    try? Cholesky(Matrix(rows: k, cols: k, values: a), tolerance: 1e-13, scale: .largestDiagonal)
  }

  /// Inverse of a general row-major k×k matrix (Stats' LU with partial pivoting); nil when no pivot exceeds
  /// 1e-13 × the largest entry.
  static func inverse(_ a: [Double], k: Int) -> [Double]? {
    (try? LUDecomposition(Matrix(rows: k, cols: k, values: a), tolerance: 1e-13))?.inverse().values
  }

  /// y = A x for a k×k row-major A.
  static func multiply(_ a: [Double], _ x: [Double], k: Int) -> [Double] {
    var y = [Double](repeating: 0, count: k)
    for i in 0..<k {
      var s = 0.0
      for j in 0..<k { s += a[i * k + j] * x[j] }
      y[i] = s
    }
    return y
  }
}

/// Column-major numeric columns with an optional leading intercept, used to form cross-products.
///
/// `columns[j]` is column j (all of length `n`). Built once from a design matrix so that the O(n·k²)
/// loops below run over contiguous buffers.
struct RegressorColumns {
  var n: Int
  var columns: [[Double]]
  var names: [String]
  var k: Int { columns.count }

  init(n: Int, columns: [[Double]], names: [String]) {
    self.n = n
    self.columns = columns
    self.names = names
  }

  /// Cross-product Xᵀ diag(w) X as a row-major k×k matrix (w = 1 when nil).
  func crossProduct(weights w: [Double]? = nil) -> [Double] {
    let k = self.k
    var out = [Double](repeating: 0, count: k * k)
    for a in 0..<k {
      for b in a..<k {
        var s = 0.0
        columns[a].withUnsafeBufferPointer { ca in
          columns[b].withUnsafeBufferPointer { cb in
            if let w {
              w.withUnsafeBufferPointer { wp in for i in 0..<n { s += ca[i] * cb[i] * wp[i] } }
            } else {
              for i in 0..<n { s += ca[i] * cb[i] }
            }
          }
        }
        out[a * k + b] = s
        out[b * k + a] = s
      }
    }
    return out
  }

  /// Xᵀ (w ∘ v) as a k-vector (w = 1 when nil).
  func crossVector(_ v: [Double], weights w: [Double]? = nil) -> [Double] {
    var out = [Double](repeating: 0, count: k)
    for a in 0..<k {
      var s = 0.0
      columns[a].withUnsafeBufferPointer { ca in
        v.withUnsafeBufferPointer { vp in
          if let w {
            w.withUnsafeBufferPointer { wp in for i in 0..<n { s += ca[i] * vp[i] * wp[i] } }
          } else {
            for i in 0..<n { s += ca[i] * vp[i] }
          }
        }
      }
      out[a] = s
    }
    return out
  }

  /// X β for a coefficient vector β.
  func times(_ beta: [Double]) -> [Double] {
    var out = [Double](repeating: 0, count: n)
    out.withUnsafeMutableBufferPointer { o in
      for a in 0..<k {
        let b = beta[a]
        if b == 0 { continue }
        columns[a].withUnsafeBufferPointer { ca in for i in 0..<n { o[i] += b * ca[i] } }
      }
    }
    return out
  }

  /// Row i as a k-vector.
  func row(_ i: Int) -> [Double] { columns.map { $0[i] } }
}
