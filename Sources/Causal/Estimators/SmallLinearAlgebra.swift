/// Small dense linear algebra for the causal estimators (normal equations of a few dozen columns).
///
/// Matrices are row-major `[Double]` of size k×k. Everything here is O(k³) on tiny k; the O(n·k²)
/// work of forming cross-products happens in the callers over contiguous column buffers.
enum SmallLinearAlgebra {
  /// Solves A x = b for symmetric positive (semi)definite A by Cholesky; adds a tiny ridge and retries
  /// when A is numerically singular. Returns nil when even the ridge fails.
  static func solveSPD(_ a: [Double], _ b: [Double], k: Int) -> [Double]? {
    if let l = cholesky(a, k: k) { return cholSolve(l, b, k: k) }
    var trace = 0.0
    for i in 0..<k { trace += abs(a[i * k + i]) }
    let jitter = max(trace / Double(max(k, 1)), 1) * 1e-10
    var a2 = a
    for i in 0..<k { a2[i * k + i] += jitter }
    guard let l = cholesky(a2, k: k) else { return nil }
    return cholSolve(l, b, k: k)
  }

  /// Lower Cholesky factor of a symmetric positive definite matrix, or nil if it is not (numerically) SPD.
  static func cholesky(_ a: [Double], k: Int) -> [Double]? {
    var l = [Double](repeating: 0, count: k * k)
    var maxDiag = 0.0
    for i in 0..<k { maxDiag = max(maxDiag, abs(a[i * k + i])) }
    let tol = max(maxDiag, 1e-300) * 1e-13
    for j in 0..<k {
      var s = a[j * k + j]
      for m in 0..<j { s -= l[j * k + m] * l[j * k + m] }
      guard s > tol, s.isFinite else { return nil }
      let d = s.squareRoot()
      l[j * k + j] = d
      for i in (j + 1)..<max(k, j + 1) {
        var t = a[i * k + j]
        for m in 0..<j { t -= l[i * k + m] * l[j * k + m] }
        l[i * k + j] = t / d
      }
    }
    return l
  }

  private static func cholSolve(_ l: [Double], _ b: [Double], k: Int) -> [Double] {
    var y = b
    for i in 0..<k {
      var s = y[i]
      for m in 0..<i { s -= l[i * k + m] * y[m] }
      y[i] = s / l[i * k + i]
    }
    for i in stride(from: k - 1, through: 0, by: -1) {
      var s = y[i]
      for m in (i + 1)..<max(k, i + 1) { s -= l[m * k + i] * y[m] }
      y[i] = s / l[i * k + i]
    }
    return y
  }

  /// Inverse of a general k×k matrix by Gauss–Jordan elimination with partial pivoting; nil if singular.
  static func inverse(_ a: [Double], k: Int) -> [Double]? {
    var m = a
    var inv = [Double](repeating: 0, count: k * k)
    for i in 0..<k { inv[i * k + i] = 1 }
    var scale = 0.0
    for v in a { scale = max(scale, abs(v)) }
    let tol = max(scale, 1e-300) * 1e-13
    for col in 0..<k {
      var piv = col
      var best = abs(m[col * k + col])
      for r in (col + 1)..<max(k, col + 1) where abs(m[r * k + col]) > best { best = abs(m[r * k + col]); piv = r }
      guard best > tol, best.isFinite else { return nil }
      if piv != col {
        for c in 0..<k {
          m.swapAt(col * k + c, piv * k + c)
          inv.swapAt(col * k + c, piv * k + c)
        }
      }
      let d = m[col * k + col]
      for c in 0..<k { m[col * k + c] /= d; inv[col * k + c] /= d }
      for r in 0..<k where r != col {
        let f = m[r * k + col]
        if f == 0 { continue }
        for c in 0..<k {
          m[r * k + c] -= f * m[col * k + c]
          inv[r * k + c] -= f * inv[col * k + c]
        }
      }
    }
    return inv
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
    self.n = n; self.columns = columns; self.names = names
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
