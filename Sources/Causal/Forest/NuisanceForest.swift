import Frame
import Learn
import Stats

/// Out-of-bag regression forests for the causal forest's nuisances Ŷ = E[Y | X] and Ŵ = E[W | X]
/// (grf's orthogonalization: `regression_forest(X, Y)` and `regression_forest(X, W)` with
/// `num.trees = max(50, trees/4)`, honesty, `sample.fraction = 0.5`, `min.node.size = 5`, the Poisson
/// number of candidate covariates per node with mean `mtry`, OOB predictions).
///
/// grf passes the causal forest's `alpha` and `imbalance.penalty` on to these forests: each child of a split
/// holds at least ⌈alpha · node rows⌉ rows.
///
/// Built from the shared grower's strategies: ``OutcomeRelabeling`` + `.regression` + ``MeanLeafSummary``.
enum NuisanceForest {
  /// OOB predictions of `target` from binned covariates. Rows used by every tree (only possible with
  /// very few trees) fall back to the target's mean.
  ///
  /// The trees grow in batches of ``CausalForest/batchTrees`` (the same trees as in one call, see
  /// ``ForestTrainer/train(_:sampleWeights:trees:)``); after each batch Ctrl-C is checked and
  /// `progress(trees done)` is called.
  static func oobPredictions(
    _ data: BinnedMatrix, target: [Double], trees: Int, mtry: Int?, minNodeSize: Int,
    alpha: Double, imbalancePenalty: Double, seed: Int,
    progress: ((Int) -> Void)? = nil
  ) throws -> [Double] {
    // Identical inputs give identical predictions: reuse them (see ``NuisanceCache``).
    let key = NuisanceCache.Key(
      covariates: BinnedInputKey(data), target: target, trees: trees, mtry: mtry, minNodeSize: minNodeSize,
      alpha: alpha,
      imbalancePenalty: imbalancePenalty, seed: seed)
    if let cached = NuisanceCache.shared.value(for: key) {
      progress?(trees)
      return cached
    }
    let fitted = try grow(
      data, target: target, trees: trees, mtry: mtry, minNodeSize: minNodeSize, alpha: alpha,
      imbalancePenalty: imbalancePenalty, seed: seed, progress: progress)
    NuisanceCache.shared.store(fitted, for: key)
    return fitted
  }

  /// OOB predictions of Ŷ (`y`, stream `seeds.y`) and Ŵ (`w`, stream `seeds.w`): the same values as two
  /// calls of ``oobPredictions(_:target:trees:mtry:minNodeSize:alpha:imbalancePenalty:seed:progress:)``,
  /// Ŷ first, with the cache read and written in the same order.
  ///
  /// When neither is cached the two forests grow at the same time (``concurrently(threads:_:background:)``:
  /// Ŷ on the calling thread, Ŵ beside it), so one forest's serial stretches (each batch's slowest tree, the
  /// out-of-bag pass's set-up) are filled by the other's trees. Each forest depends only on its inputs and
  /// seed, so the values are the same for any `threads` (1 grows them one after the other). `progressY`
  /// is called after each Ŷ batch; `progressW(trees)` once Ŵ is done when it grew beside Ŷ.
  static func oobPredictions(
    _ data: BinnedMatrix, y: [Double], w: [Double], seeds: (y: Int, w: Int), trees: Int, mtry: Int?,
    minNodeSize: Int, alpha: Double, imbalancePenalty: Double, threads: Int = 0,
    progressY: ((Int) -> Void)? = nil, progressW: ((Int) -> Void)? = nil
  ) throws -> (yHat: [Double], wHat: [Double]) {
    func key(_ target: [Double], _ seed: Int) -> NuisanceCache.Key {
      NuisanceCache.Key(
        covariates: BinnedInputKey(data), target: target, trees: trees, mtry: mtry, minNodeSize: minNodeSize,
        alpha: alpha, imbalancePenalty: imbalancePenalty, seed: seed)
    }
    func one(_ target: [Double], _ seed: Int, _ progress: ((Int) -> Void)?) throws -> [Double] {
      try oobPredictions(
        data, target: target, trees: trees, mtry: mtry, minNodeSize: minNodeSize, alpha: alpha,
        imbalancePenalty: imbalancePenalty, seed: seed, progress: progress)
    }
    let cache = NuisanceCache.shared
    let yKey = key(y, seeds.y), wKey = key(w, seeds.w)
    // A cached Ŷ (or Ŵ) leaves one forest to grow: the calls in order, as before.
    if cache.value(for: yKey) != nil || cache.value(for: wKey) != nil {
      return (try one(y, seeds.y, progressY), try one(w, seeds.w, progressW))
    }
    let (yHat, wHat) = try concurrently(threads: threads) {
      try grow(
        data, target: y, trees: trees, mtry: mtry, minNodeSize: minNodeSize, alpha: alpha,
        imbalancePenalty: imbalancePenalty, seed: seeds.y, progress: progressY)
    } background: {
      try grow(
        data, target: w, trees: trees, mtry: mtry, minNodeSize: minNodeSize, alpha: alpha,
        imbalancePenalty: imbalancePenalty, seed: seeds.w, progress: nil)
    }
    progressW?(trees)
    cache.store(yHat, for: yKey)
    cache.store(wHat, for: wKey)
    return (yHat, wHat)
  }

  /// Grows the forest and averages its out-of-bag leaves (``oobPredictions`` without the cache).
  static func grow(
    _ data: BinnedMatrix, target: [Double], trees: Int, mtry: Int?, minNodeSize: Int,
    alpha: Double, imbalancePenalty: Double, seed: Int,
    progress: ((Int) -> Void)?
  ) throws -> [Double] {
    var o = ForestOptions()
    o.trees = trees
    o.sampling = .subsample(fraction: 0.5)
    o.seed = seed
    o.tree.honesty = true
    o.tree.honestyFraction = 0.5
    o.tree.pruneEmptyLeaves = true
    o.tree.minLeafSize = 1
    o.tree.minSplitSize = minNodeSize + 1
    o.tree.mtry = mtry
    o.tree.candidateCount = .poisson
    let trainer = ForestTrainer(
      relabeling: OutcomeRelabeling(outcome: target),
      splitting: .regression(alpha: alpha, imbalancePenalty: imbalancePenalty),
      summary: MeanLeafSummary(outcome: target), options: o)
    var grown: [Tree] = [], inBag: [[Int32]] = []
    while grown.count < trees {
      try Interruption.check()
      let batch = try trainer.train(data, trees: grown.count..<min(trees, grown.count + CausalForest.batchTrees))
      grown += batch.trees
      inBag += batch.inBag
      progress?(grown.count)
    }
    // Each row averages its out-of-bag trees in tree order (parallel over row blocks).
    let (oob, _) = TrainedForest(trees: grown, inBag: inBag).outOfBag(data)
    let n = data.rows
    let mean = target.reduce(0, +) / Double(max(n, 1))
    return (0..<n).map { oob[$0].isNaN ? mean : oob[$0] }
  }
}
