/// Turns the samples of a node into the per-sample responses that the splitting rule scores.
///
/// This is grf's *relabeling strategy*. Regression relabels to the outcome itself, binary
/// classification to the 0/1 class indicator (variance reduction on it is Gini reduction), boosting to
/// the (gradient, hessian) pair of the loss, and the causal forest to its pseudo-outcome ρ (plus the
/// treatment columns its splitting rule needs to enforce balance).
///
/// Responses are written by sample id: sample `s` owns `responses[s * responseWidth ..< (s + 1) * responseWidth]`.
public protocol RelabelingStrategy: Sendable {
  /// Values per sample.
  var responseWidth: Int { get }
  /// True when responses depend on which samples share the node (the causal forest relabels at every
  /// node). False when they are fixed for the whole tree: each sample's responses must then depend on
  /// that sample alone, and the grower relabels once per tree (possibly in parallel over disjoint parts
  /// of the sample) and may derive a child's histogram from its parent's minus its sibling's.
  var isNodeLocal: Bool { get }
  /// Writes responses for every sample of `samples`. Returns false when the node cannot be relabeled
  /// (e.g. no treatment variation); the node then becomes a leaf.
  func relabel(
    samples: UnsafeBufferPointer<Int32>, weights: UnsafePointer<Double>,
    responses: UnsafeMutablePointer<Double>
  ) -> Bool
}

/// Computes what a leaf stores from the samples that populate it, and how averaged leaf values become a
/// prediction.
///
/// This is grf's *prediction strategy* ("optimized" form): a leaf keeps `valueWidth` sufficient
/// statistics (a mean, a class frequency, a boosting output, or the causal forest's means of Y, W, YW,
/// WW); a forest averages them over the trees whose leaf is non-empty and calls ``predict(averaged:)``.
public protocol LeafSummaryStrategy: Sendable {
  /// Values stored per leaf.
  var valueWidth: Int { get }
  /// Writes the leaf's values from its samples (`weights` indexed by sample id). Returns false when the
  /// leaf has no usable samples (the leaf is then empty: pruned, or skipped when averaging).
  func summarize(
    samples: UnsafeBufferPointer<Int32>, weights: UnsafePointer<Double>,
    into values: UnsafeMutablePointer<Double>
  ) -> Bool
  /// The prediction from leaf values averaged over trees.
  func predict(averaged: UnsafePointer<Double>) -> Double
  /// Writes the leaf's values from its samples' node-ordered histogram contributions (the split scorer's
  /// channels, `count` samples in leaf order), which the grower keeps for boosted trees; returns nil when
  /// the strategy cannot (the grower then calls ``summarize(samples:weights:into:)``). Must give exactly
  /// what ``summarize(samples:weights:into:)`` gives.
  func summarize(contributions: UnsafePointer<Double>, count: Int, into values: UnsafeMutablePointer<Double>)
    -> Bool?
}

extension LeafSummaryStrategy {
  /// Default: the first averaged value.
  public func predict(averaged: UnsafePointer<Double>) -> Double { averaged[0] }
  /// Default: not supported.
  public func summarize(
    contributions: UnsafePointer<Double>, count: Int, into values: UnsafeMutablePointer<Double>
  ) -> Bool? { nil }
}

/// Relabels every sample to a fixed per-sample value (regression outcome or 0/1 class indicator).
public struct OutcomeRelabeling: RelabelingStrategy {
  public let outcome: [Double]
  public init(outcome: [Double]) { self.outcome = outcome }
  public var responseWidth: Int { 1 }
  public var isNodeLocal: Bool { false }
  public func relabel(
    samples: UnsafeBufferPointer<Int32>, weights: UnsafePointer<Double>,
    responses: UnsafeMutablePointer<Double>
  ) -> Bool {
    outcome.withUnsafeBufferPointer { y in
      for s in samples { responses[Int(s)] = y[Int(s)] }
    }
    return true
  }
}

/// Leaf value = weighted mean of the outcome (regression mean, or class-1 frequency for 0/1 outcomes).
public struct MeanLeafSummary: LeafSummaryStrategy {
  public let outcome: [Double]
  public init(outcome: [Double]) { self.outcome = outcome }
  public var valueWidth: Int { 1 }
  public func summarize(
    samples: UnsafeBufferPointer<Int32>, weights: UnsafePointer<Double>,
    into values: UnsafeMutablePointer<Double>
  ) -> Bool {
    var sw = 0.0, sy = 0.0
    outcome.withUnsafeBufferPointer { y in
      for s in samples {
        let w = weights[Int(s)]
        sw += w
        sy += w * y[Int(s)]
      }
    }
    guard sw > 0 else { return false }
    values[0] = sy / sw
    return true
  }
}
