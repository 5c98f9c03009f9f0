/// Fast, deterministic kernels over a tall column-major data matrix X (n × p).
///
/// Rows are processed in fixed blocks of ``blockRows`` so that a block of all columns stays in cache;
/// blocks run in parallel and their partial sums are added in block order, so results are identical for
/// any number of threads.
public enum DesignKernels {
  /// Rows per block.
  public static let blockRows = 2048

  /// Xᵀ diag(v) X (p × p) and Xᵀ r (length p) in one pass over X.
  public static func weightedGram(x: [Double], rows n: Int, cols p: Int, v: [Double], r: [Double])
    -> (gram: Matrix, xtr: [Double])
  {
    let blocks = (n + blockRows - 1) / blockRows
    let stride = p * p + p
    var partial = [Double](repeating: 0, count: max(blocks, 1) * stride)
    x.withUnsafeBufferPointer { xp in
      v.withUnsafeBufferPointer { vp in
        r.withUnsafeBufferPointer { rp in
          partial.withUnsafeMutableBufferPointer { out in
            let xb = UncheckedSendable(xp), vb = UncheckedSendable(vp), rb = UncheckedSendable(rp)
            let ob = SharedPointer(out.baseAddress!)
            parallelFor(blocks) { b in
              let lo = b * blockRows, hi = min(n, lo + blockRows)
              gramBlock(xb.value, n, p, vb.value, rb.value, lo, hi, ob.base + b * stride)
            }
          }
        }
      }
    }
    var g = Matrix(rows: p, cols: p)
    var xtr = [Double](repeating: 0, count: p)
    for b in 0..<blocks {
      let base = b * stride
      for a in 0..<p {
        for c in a..<p { g.values[a * p + c] += partial[base + a * p + c] }
        xtr[a] += partial[base + p * p + a]
      }
    }
    for a in 0..<p { for c in 0..<a { g.values[a * p + c] = g.values[c * p + a] } }
    return (g, xtr)
  }

  @inline(__always)
  static func gramBlock(
    _ x: UnsafeBufferPointer<Double>, _ n: Int, _ p: Int, _ v: UnsafeBufferPointer<Double>,
    _ r: UnsafeBufferPointer<Double>, _ lo: Int, _ hi: Int, _ out: UnsafeMutablePointer<Double>
  ) {
    let m = hi - lo
    let u = UnsafeMutablePointer<Double>.allocate(capacity: m)
    defer { u.deallocate() }
    let vb = v.baseAddress! + lo, rb = r.baseAddress! + lo
    for a in 0..<p {
      let xa = x.baseAddress! + a * n + lo
      for i in 0..<m { u[i] = vb[i] * xa[i] }
      out[p * p + a] = dot(xa, rb, m)
      var c = a
      while c + 4 <= p {
        let d = dot4(u, x.baseAddress! + c * n + lo, n, m)
        out[a * p + c] = d.0
        out[a * p + c + 1] = d.1
        out[a * p + c + 2] = d.2
        out[a * p + c + 3] = d.3
        c += 4
      }
      while c < p {
        out[a * p + c] = dot(u, x.baseAddress! + c * n + lo, m)
        c += 1
      }
    }
  }

  /// Four dot products of `u` with columns `b`, `b + n`, `b + 2n`, `b + 3n` at once (u is read once).
  @inline(__always)
  static func dot4(_ u: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ n: Int, _ m: Int)
    -> (Double, Double, Double, Double)
  {
    var s0 = SIMD2<Double>(), s1 = SIMD2<Double>(), s2 = SIMD2<Double>(), s3 = SIMD2<Double>()
    let ru = UnsafeRawPointer(u)
    let r0 = UnsafeRawPointer(b), r1 = UnsafeRawPointer(b + n), r2 = UnsafeRawPointer(b + 2 * n),
      r3 = UnsafeRawPointer(b + 3 * n)
    var i = 0
    while i + 2 <= m {
      let o = i * 8
      let uv = ru.loadUnaligned(fromByteOffset: o, as: SIMD2<Double>.self)
      s0 += uv * r0.loadUnaligned(fromByteOffset: o, as: SIMD2<Double>.self)
      s1 += uv * r1.loadUnaligned(fromByteOffset: o, as: SIMD2<Double>.self)
      s2 += uv * r2.loadUnaligned(fromByteOffset: o, as: SIMD2<Double>.self)
      s3 += uv * r3.loadUnaligned(fromByteOffset: o, as: SIMD2<Double>.self)
      i += 2
    }
    var t = (s0.sum(), s1.sum(), s2.sum(), s3.sum())
    if i < m {
      t.0 += u[i] * b[i]
      t.1 += u[i] * b[n + i]
      t.2 += u[i] * b[2 * n + i]
      t.3 += u[i] * b[3 * n + i]
    }
    return t
  }

  /// Σ aᵢbᵢ with SIMD accumulators in a fixed order (deterministic).
  @inline(__always)
  static func dot(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ m: Int) -> Double {
    var s0 = SIMD4<Double>(), s1 = SIMD4<Double>()
    let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
    var i = 0
    while i + 8 <= m {
      let a0 = ra.loadUnaligned(fromByteOffset: i * 8, as: SIMD4<Double>.self)
      let b0 = rb.loadUnaligned(fromByteOffset: i * 8, as: SIMD4<Double>.self)
      let a1 = ra.loadUnaligned(fromByteOffset: (i + 4) * 8, as: SIMD4<Double>.self)
      let b1 = rb.loadUnaligned(fromByteOffset: (i + 4) * 8, as: SIMD4<Double>.self)
      s0 += a0 * b0
      s1 += a1 * b1
      i += 8
    }
    var s = (s0 + s1).sum()
    while i < m {
      s += a[i] * b[i]
      i += 1
    }
    return s
  }

  /// X β (length n).
  public static func multiply(x: [Double], rows n: Int, cols p: Int, beta: [Double]) -> [Double] {
    var eta = [Double](repeating: 0, count: n)
    multiply(x: x, rows: n, cols: p, beta: beta, into: &eta)
    return eta
  }

  /// X β written into `eta` (length n), reusing its storage.
  public static func multiply(x: [Double], rows n: Int, cols p: Int, beta: [Double], into eta: inout [Double]) {
    if eta.count != n { eta = [Double](repeating: 0, count: n) }
    let blocks = (n + blockRows - 1) / blockRows
    x.withUnsafeBufferPointer { xp in
      eta.withUnsafeMutableBufferPointer { ep in
        let xb = UncheckedSendable(xp), eb = SharedPointer(ep.baseAddress!)
        parallelFor(blocks) { b in
          let lo = b * blockRows, hi = min(n, lo + blockRows)
          for i in lo..<hi { eb.base[i] = 0 }
          for j in 0..<p {
            let bj = beta[j]
            if bj == 0 { continue }
            let col = xb.value.baseAddress! + j * n
            for i in lo..<hi { eb.base[i] += col[i] * bj }
          }
        }
      }
    }
  }
}
