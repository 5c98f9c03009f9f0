/// Boosting gain; channels: Σg, Σh. Sample weights must already be folded into the responses (g, h):
/// the grower's per-sample weights are ignored, as boosting only passes in-bag samples.
///
/// Like LightGBM, the histograms hold no sample counts (two doubles per bin, one vector add): a
/// child's count for `min_data_in_leaf` is estimated as its hessian sum × (node count / node hessian).
struct GradientScorer: SplitScorer {
  let lambda: Double
  let minLeaf: Double
  let minHessian: Double
  var channels: Int { 2 }

  @inline(__always)
  func add(_ h: UnsafeMutablePointer<Double>, _ w: Double, _ r: UnsafePointer<Double>) {
    h[0] += r[0]
    h[1] += r[1]
  }

  @inline(__always)
  func contribution(_ w: Double, _ r: UnsafePointer<Double>, _ v: UnsafeMutablePointer<Double>) {
    v[0] = r[0]
    v[1] = r[1]
  }

  @inline(__always)
  func score(_ s: UnsafePointer<Double>) -> Double { s[0] * s[0] / (s[1] + lambda) }

  @inline(__always)
  func gain(_ l: UnsafePointer<Double>, _ r: UnsafePointer<Double>, _ p: UnsafePointer<Double>, _ n: Double) -> Double {
    if l[1] < minHessian || r[1] < minHessian { return -.infinity }
    let perHessian = p[1] > 0 ? n / p[1] : 0
    // round(count) < minLeaf  ⇔  count < minLeaf − ½ (counts are non-negative).
    if l[1] * perHessian < minLeaf - 0.5 || r[1] * perHessian < minLeaf - 0.5 { return -.infinity }
    return score(l) + score(r) - score(p)
  }

  var exactCount: Bool { false }

  @inline(__always)
  func isEmpty(_ s: UnsafePointer<Double>) -> Bool { s[1] <= 0 }

  @inline(__always)
  func accepts(_ gain: Double) -> Bool { gain > 1e-12 }

  @inline(__always)
  func categoryKey(_ s: UnsafePointer<Double>) -> Double { s[0] / (s[1] + lambda + 10) }

  @inline(__always)
  func mass(_ s: UnsafePointer<Double>) -> Double { s[1] }
}
