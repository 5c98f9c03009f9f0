/// Which splitting rule a tree uses to score candidate splits from the relabeled responses.
///
/// Every rule works on histograms: per feature and bin the grower sums a few *channels* of the node's
/// samples (always the sample count first), and the rule scores a split from the left and right sums.
public enum SplittingRule: Sendable, Codable, Equatable {
  /// CART: maximize the decrease in weighted squared error, Σ_k S_k²/W over the children minus the
  /// parent's (S_k = Σ wᵢ rᵢₖ, W = Σ wᵢ). With 0/1 responses this is the Gini decrease. Responses of
  /// any width; children need at least `minLeafSize` samples.
  case variance
  /// grf's regression rule: `variance` with grf's size constraints — each child needs at least
  /// max(⌈alpha · node samples⌉, `minLeafSize`) samples — and the gain reduced by
  /// `imbalancePenalty · (1/n_L + 1/n_R)` (grf `regression_forest`'s `alpha`, `imbalance.penalty`; used by
  /// the causal forest's nuisance forests).
  case regression(alpha: Double, imbalancePenalty: Double)
  /// Second-order boosting gain (LightGBM): G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ) from responses
  /// (gradient, hessian). Children need `minLeafSize` samples and hessian sum ≥ `minChildHessian`.
  case gradient(lambdaL2: Double, minChildHessian: Double)
  /// grf's causal (instrumental with Z = W) rule: CART on the pseudo-outcome ρ, with responses
  /// (ρ, W, 1{W < node mean of W}). Each child needs `minLeafSize` samples with W below and above the
  /// parent's mean, and a treatment "size" Σw(W − W̄)² of at least max(alpha · parent size, 1); the gain
  /// is reduced by `imbalancePenalty · (1/size_L + 1/size_R)`. The best valid split is taken even when its
  /// penalized gain is slightly negative (grf stops at a negative decrease; the two agree when
  /// `imbalancePenalty` is 0, the default).
  case causal(alpha: Double, imbalancePenalty: Double)

  /// Response width the rule expects from the relabeling strategy.
  public var requiredResponseWidth: Int? {
    switch self {
    case .variance, .regression: return nil
    case .gradient: return 2
    case .causal: return 3
    }
  }
}

/// The scoring interface the grower specializes on (one concrete type per ``SplittingRule`` case).
protocol SplitScorer: Sendable {
  /// Doubles per histogram bin (channel 0 is the sample count when ``exactCount``).
  var channels: Int { get }
  /// Adds a sample with weight `w` and responses `r` to the bin sums `h`.
  func add(_ h: UnsafeMutablePointer<Double>, _ w: Double, _ r: UnsafePointer<Double>)
  /// Writes what one sample adds to each channel into `v`, so the histogram kernel can add the same
  /// `channels` values to one bin of every feature.
  func contribution(_ w: Double, _ r: UnsafePointer<Double>, _ v: UnsafeMutablePointer<Double>)
  /// Gain of splitting `parent` (holding `count` samples) into `left` + `right`, or -infinity when the
  /// split is not allowed.
  func gain(_ left: UnsafePointer<Double>, _ right: UnsafePointer<Double>, _ parent: UnsafePointer<Double>,
            _ count: Double) -> Double
  /// True when channel 0 is an exact sample count (otherwise counts are estimated, as LightGBM does).
  var exactCount: Bool { get }
  /// True when a sums vector holds no samples.
  func isEmpty(_ s: UnsafePointer<Double>) -> Bool
  /// Whether a best gain is good enough to split.
  func accepts(_ gain: Double) -> Bool
  /// Sort key of a category's sums for the sorted-partition search over categorical features.
  func categoryKey(_ s: UnsafePointer<Double>) -> Double
  /// The "mass" of a sums vector used to send unseen missing values to the bigger child.
  func mass(_ s: UnsafePointer<Double>) -> Double
}

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
