/// Which splitting rule a tree uses to score candidate splits from the relabeled responses.
///
/// Every rule works on histograms: per feature and bin the grower sums a few *channels* of the node's
/// samples (always the sample count first), and the rule scores a split from the left and right sums.
/// Each rule's scorer has its own file: `VarianceScorer.swift` (variance, regression),
/// `GradientScorer.swift` (gradient) and `CausalSplittingRule.swift` (causal: ``CausalScorer``).
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
  func gain(
    _ left: UnsafePointer<Double>, _ right: UnsafePointer<Double>, _ parent: UnsafePointer<Double>,
    _ count: Double
  ) -> Double
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
  /// Whether no split of a node with channel sums `parent` can be valid under the rule's sample-count limits
  /// alone, whatever its histograms hold, when the node's bins are stored in `layout` (which may say that
  /// count channels are exact integers): then every candidate's gain is −∞, and the grower may skip the node's
  /// histograms and scans.
  func rulesOutEverySplit(_ parent: UnsafePointer<Double>, layout: SparseBinLayout) -> Bool
  /// Adds samples one after the other to channel sums (a node's totals); see the extension's default.
  func accumulate(
    _ samples: UnsafeBufferPointer<Int32>, weights w: UnsafePointer<Double>, responses: UnsafePointer<Double>,
    width: Int, into t: UnsafeMutablePointer<Double>)
}

extension SplitScorer {
  /// Adds the samples `samples` (weights indexed by sample, responses `width` doubles apart) to the sums `t`
  /// one after the other, as ``add(_:_:_:)`` does: a node's channel totals. Scorers may keep the running sums
  /// in registers (same additions in the same order, so the same bits).
  @inline(__always)
  func accumulate(
    _ samples: UnsafeBufferPointer<Int32>, weights w: UnsafePointer<Double>, responses: UnsafePointer<Double>,
    width: Int, into t: UnsafeMutablePointer<Double>
  ) {
    for q in samples { add(t, w[Int(q)], responses + Int(q) &* width) }
  }

  /// ``SplitScorer/rulesOutEverySplit(_:layout:)`` for a rule that does not decide it: false (scan the node).
  func rulesOutEverySplit(_ parent: UnsafePointer<Double>, layout: SparseBinLayout) -> Bool { false }
}
