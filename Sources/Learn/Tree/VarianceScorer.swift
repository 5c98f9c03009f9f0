/// CART variance reduction; channels: count, Σw, Σw·r₀ … Σw·r_{width−1}.
struct VarianceScorer: SplitScorer {
  let width: Int
  let minLeaf: Double
  /// grf's regression rule: minimum share of the node's samples in each child (0 = none) and the
  /// imbalance penalty.
  var alpha: Double = 0
  var penalty: Double = 0
  var channels: Int { 2 + width }

  @inline(__always)
  func add(_ h: UnsafeMutablePointer<Double>, _ w: Double, _ r: UnsafePointer<Double>) {
    h[0] += 1
    h[1] += w
    for k in 0..<width { h[2 + k] += w * r[k] }
  }

  @inline(__always)
  func contribution(_ w: Double, _ r: UnsafePointer<Double>, _ v: UnsafeMutablePointer<Double>) {
    v[0] = 1
    v[1] = w
    for k in 0..<width { v[2 + k] = w * r[k] }
  }

  @inline(__always)
  func score(_ s: UnsafePointer<Double>) -> Double {
    if s[1] <= 0 { return 0 }
    var t = 0.0
    for k in 0..<width { t += s[2 + k] * s[2 + k] }
    return t / s[1]
  }

  @inline(__always)
  func gain(_ l: UnsafePointer<Double>, _ r: UnsafePointer<Double>, _ p: UnsafePointer<Double>, _ n: Double) -> Double {
    if l[0] < minLeaf || r[0] < minLeaf || l[1] <= 0 || r[1] <= 0 { return -.infinity }
    if alpha > 0 {
      let m = (alpha * n).rounded(.up)
      if l[0] < m || r[0] < m { return -.infinity }
    }
    let g = score(l) + score(r) - score(p)
    return penalty > 0 ? g - penalty * (1 / l[0] + 1 / r[0]) : g
  }

  var exactCount: Bool { true }

  @inline(__always)
  func isEmpty(_ s: UnsafePointer<Double>) -> Bool { s[0] <= 0 }

  @inline(__always)
  func accepts(_ gain: Double) -> Bool { gain > 1e-12 }

  @inline(__always)
  func categoryKey(_ s: UnsafePointer<Double>) -> Double { s[1] > 0 ? s[2] / s[1] : 0 }

  @inline(__always)
  func mass(_ s: UnsafePointer<Double>) -> Double { s[1] }
}
