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
  static func gramBlock(_ x: UnsafeBufferPointer<Double>, _ n: Int, _ p: Int, _ v: UnsafeBufferPointer<Double>,
                        _ r: UnsafeBufferPointer<Double>, _ lo: Int, _ hi: Int, _ out: UnsafeMutablePointer<Double>) {
    let m = hi - lo
    let u = UnsafeMutablePointer<Double>.allocate(capacity: m)
    defer { u.deallocate() }
    for a in 0..<p {
      let xa = x.baseAddress! + a * n + lo
      var s = 0.0
      for i in 0..<m {
        u[i] = v[lo + i] * xa[i]
        s += xa[i] * r[lo + i]
      }
      out[p * p + a] = s
      for c in a..<p {
        let xc = x.baseAddress! + c * n + lo
        var d0 = 0.0, d1 = 0.0, d2 = 0.0, d3 = 0.0
        var i = 0
        while i + 4 <= m {
          d0 += u[i] * xc[i]; d1 += u[i + 1] * xc[i + 1]
          d2 += u[i + 2] * xc[i + 2]; d3 += u[i + 3] * xc[i + 3]
          i += 4
        }
        while i < m { d0 += u[i] * xc[i]; i += 1 }
        out[a * p + c] = (d0 + d1) + (d2 + d3)
      }
    }
  }

  /// X β (length n).
  public static func multiply(x: [Double], rows n: Int, cols p: Int, beta: [Double]) -> [Double] {
    var eta = [Double](repeating: 0, count: n)
    let blocks = (n + blockRows - 1) / blockRows
    x.withUnsafeBufferPointer { xp in
      eta.withUnsafeMutableBufferPointer { ep in
        let xb = UncheckedSendable(xp), eb = SharedPointer(ep.baseAddress!)
        parallelFor(blocks) { b in
          let lo = b * blockRows, hi = min(n, lo + blockRows)
          for j in 0..<p {
            let bj = beta[j]
            if bj == 0 { continue }
            let col = xb.value.baseAddress! + j * n
            for i in lo..<hi { eb.base[i] += col[i] * bj }
          }
        }
      }
    }
    return eta
  }
}
