import Stats

/// Which training rows one tree of a causal forest uses.
public struct TreeSamplePlan: Sendable, Equatable {
  /// Rows used to choose splits.
  public var growing: [Int]
  /// Rows used to fill the leaves (empty without honesty: leaves then use `growing`).
  public var honest: [Int]
}

/// Sampling for a causal forest: little bags of `ciGroupSize` trees on a shared half-sample, a
/// subsample per tree, and the honesty split (grf `ForestTrainer::train_ci_group`, `RandomSampler`).
public enum CausalForestSampling {
  /// The plans of the trees of group `group`, drawn from the group's own stream `base.derived(group)`,
  /// so every group (and tree) is the same whatever the thread count or order of work.
  ///
  /// With `groupSize ≥ 2`: draw ⌊n/2⌋ rows without replacement, then per tree ⌈(n/2)·2f⌉ of them
  /// (f = sample fraction). With `groupSize == 1`: per tree ⌊n·f⌋ rows. Honesty then splits each tree's
  /// rows into ⌈m·h⌉ growing and the rest honest (h = honesty fraction).
  public static func plans(group: Int, rows n: Int, options o: CausalForestOptions, base: SeededRNG)
    -> [TreeSamplePlan]
  {
    var rng = base.derived(group)
    var subsamples: [[Int]] = []
    if o.ciGroupSize >= 2 {
      let half = rng.sample(n, n / 2)
      let m = min(half.count, Int((Double(half.count) * o.sampleFraction * 2).rounded(.up)))
      for _ in 0..<o.ciGroupSize {
        var h = half
        rng.shuffle(&h)
        subsamples.append(Array(h.prefix(m)))
      }
    } else {
      subsamples.append(rng.sample(n, Int(Double(n) * o.sampleFraction)))
    }
    return subsamples.map { s in
      guard o.honesty else { return TreeSamplePlan(growing: s, honest: []) }
      var t = s
      rng.shuffle(&t)
      let g = Int((Double(t.count) * o.honestyFraction).rounded(.up))
      return TreeSamplePlan(growing: Array(t.prefix(g)), honest: Array(t.dropFirst(g)))
    }
  }
}
