/// grf causal rule; channels: count, Σw, Σwρ, ΣwW, ΣwW², #(W below parent mean).
struct CausalScorer: SplitScorer {
  let alpha: Double
  let penalty: Double
  let minLeaf: Double
  var channels: Int { 6 }

  @inline(__always)
  func add(_ h: UnsafeMutablePointer<Double>, _ w: Double, _ r: UnsafePointer<Double>) {
    h[0] += 1
    h[1] += w
    h[2] += w * r[0]
    h[3] += w * r[1]
    h[4] += w * r[1] * r[1]
    h[5] += r[2]
  }

  @inline(__always)
  func contribution(_ w: Double, _ r: UnsafePointer<Double>, _ v: UnsafeMutablePointer<Double>) {
    v[0] = 1
    v[1] = w
    v[2] = w * r[0]
    v[3] = w * r[1]
    v[4] = w * r[1] * r[1]
    v[5] = r[2]
  }

  @inline(__always)
  func size(_ s: UnsafePointer<Double>) -> Double { s[1] > 0 ? s[4] - s[3] * s[3] / s[1] : 0 }

  var exactCount: Bool { true }

  @inline(__always)
  func isEmpty(_ s: UnsafePointer<Double>) -> Bool { s[0] <= 0 }

  @inline(__always)
  func gain(_ l: UnsafePointer<Double>, _ r: UnsafePointer<Double>, _ p: UnsafePointer<Double>, _ n: Double) -> Double {
    if l[5] < minLeaf || l[0] - l[5] < minLeaf || r[5] < minLeaf || r[0] - r[5] < minLeaf { return -.infinity }
    if l[1] <= 0 || r[1] <= 0 { return -.infinity }
    let minSize = max(alpha * size(p), 1)
    let sl = size(l), sr = size(r)
    if sl < minSize || sr < minSize || (penalty > 0 && (sl == 0 || sr == 0)) { return -.infinity }
    var g = l[2] * l[2] / l[1] + r[2] * r[2] / r[1] - p[2] * p[2] / p[1]
    g -= penalty * (1 / sl + 1 / sr)
    return g
  }

  @inline(__always)
  func accepts(_ gain: Double) -> Bool { gain > -1 }

  @inline(__always)
  func categoryKey(_ s: UnsafePointer<Double>) -> Double { s[1] > 0 ? s[2] / s[1] : 0 }

  @inline(__always)
  func mass(_ s: UnsafePointer<Double>) -> Double { s[1] }
}
