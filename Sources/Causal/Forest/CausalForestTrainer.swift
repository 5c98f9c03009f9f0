import Frame
import Learn
import Stats

extension CausalForest {
  /// Trees grown per call of the shared ``ForestTrainer``; each batch is converted to compact trees at
  /// once, which bounds peak memory. Batch `b` is seeded from `SeededRNG(seed).derived(b)`, so the forest
  /// is the same for any thread count.
  static let batchTrees = 100

  /// Fits a causal forest on a covariate matrix.
  ///
  /// - Parameters:
  ///   - x: covariates (column-major, NaN = missing; missing values are routed by the trees as in grf's
  ///     MIA: each split learns which side missing values go to).
  ///   - y: outcome (e.g. churned as 0/1); `w`: treatment (0/1, or a continuous dose).
  ///   - yHat, wHat: nuisance estimates E[Y|X], E[W|X] (e.g. cross-fitted boosting). When nil they are
  ///     out-of-bag predictions of regression forests with `max(50, trees/4)` trees grown on the same
  ///     shared grower.
  ///   - progress: called with (work done, work total) after each batch, counted in trees over every long
  ///     step in order: the cross-fitted nuisances (`nuisance_learner`, weighted like the final forest), the
  ///     OOB nuisance forests for Ŷ and Ŵ, the tuning forests, then the final forest.
  /// - Throws: ``CausalForestError`` naming the problem and the fix (one arm only, arms too small for
  ///   `min_node_size`, bad options, missing outcome or treatment values, mismatched lengths).
  ///
  /// Method: Athey, Tibshirani & Wager (2019) with the R-learner orthogonalization of Nie & Wager
  /// (2021): trees split on the gradient pseudo-outcome of Y − Ŷ on W − Ŵ (``CausalPseudoOutcomeRelabeling``,
  /// `.causal` splitting rule), honest leaves keep moment means (``CausalMomentLeafSummary``), and
  /// variance comes from the bootstrap of little bags (``CausalForestEstimate``).
  public static func fit(
    x: DesignMatrix, y: [Double], w: [Double], yHat: [Double]? = nil, wHat: [Double]? = nil,
    options: CausalForestOptions = CausalForestOptions(), outcomeName: String = "Y",
    treatmentName: String = "W", progress: ((Int, Int) -> Void)? = nil
  ) throws -> CausalForest {
    try options.validate()
    let n = x.rowCount, d = x.columnCount
    guard d >= 1 else { throw CausalForestError.invalidInput("the causal forest needs at least one covariate") }
    guard y.count == n, w.count == n else {
      throw CausalForestError.invalidInput(
        "outcome (\(y.count)) and treatment (\(w.count)) must have \(n) rows like the covariates")
    }
    if let i = y.firstIndex(where: { !$0.isFinite }) {
      throw CausalForestError.invalidInput(
        "outcome '\(outcomeName)' is missing at row \(i + 1); drop those rows first (e.g. filter)")
    }
    if let i = w.firstIndex(where: { !$0.isFinite }) {
      throw CausalForestError.invalidInput(
        "treatment '\(treatmentName)' is missing at row \(i + 1); drop those rows first")
    }
    var warnings: [String] = []
    try checkArms(w, options: options, treatmentName: treatmentName)
    for (name, v) in [("Y.hat", yHat), ("W.hat", wHat)] {
      guard let v else { continue }
      guard v.count == n, v.allSatisfy({ $0.isFinite }) else {
        throw CausalForestError.invalidInput("\(name) must have \(n) finite values")
      }
    }
    let missing = x.values.reduce(0) { $0 + ($1.isNaN ? 1 : 0) }
    if missing > 0 {
      warnings.append("\(missing) missing covariate values are routed by the trees (each split learns a side for them)")
    }
    let binner = try FeatureBinner.fit(x)
    let data = binner.bin(x)
    let mtry = options.effectiveMtry(d)
    let base = SeededRNG(seed: options.seed)
    let nuisanceTrees = options.nuisanceTrees ?? max(50, options.trees / 4)
    var method = "user-supplied"
    var yHat = yHat, wHat = wHat
    // One progress scale over every long step, counted in trees: the cross-fitted nuisances (weighted
    // like the final forest), the OOB nuisance forests, the tuning forests and the final forest.
    let crossFitting = options.nuisanceLearner != nil && (yHat == nil || wHat == nil)
    let finalTrees = options.treeCountRounded
    let crossFitUnits = crossFitting ? finalTrees : 0
    let yForestUnits = crossFitting || yHat != nil ? 0 : nuisanceTrees
    let wForestUnits = crossFitting || wHat != nil ? 0 : nuisanceTrees
    let tuneUnits = options.tune.isEmpty ? 0 : CausalForestTuning.treeCount(options)
    let totalUnits = crossFitUnits + yForestUnits + wForestUnits + tuneUnits + finalTrees
    func stage(_ offset: Int) -> ((Int) -> Void)? { progress.map { p in { done in p(offset + done, totalUnits) } } }
    if let name = options.nuisanceLearner, yHat == nil || wHat == nil {
      let fitted = try crossFittedNuisances(
        x: x, y: y, w: w, learner: name, folds: options.nuisanceFolds,
        seed: options.seed,
        progress: progress.map { p in
          { done, total in
            p(done * crossFitUnits / max(total, 1), totalUnits)
          }
        })
      let how = "\(options.nuisanceFolds)-fold cross-fitted \(name)"
      method = yHat != nil ? "Y.hat supplied, W.hat \(how)" : wHat != nil ? "W.hat supplied, Y.hat \(how)" : how
      if yHat == nil { yHat = fitted.yHat }
      if wHat == nil { wHat = fitted.wHat }
    }
    let yh: [Double], wh: [Double]
    if yHat == nil && wHat == nil {
      // Both nuisance forests: grown side by side (the same values as one after the other).
      (yh, wh) = try NuisanceForest.oobPredictions(
        data, y: y, w: w, seeds: (seedInt(base.derived(-1)), seedInt(base.derived(-2))), trees: nuisanceTrees,
        mtry: mtry, minNodeSize: 5, alpha: options.alpha, imbalancePenalty: options.imbalancePenalty,
        threads: options.threads, progressY: stage(crossFitUnits), progressW: stage(crossFitUnits + yForestUnits))
      method = "OOB regression forests, \(nuisanceTrees) trees"
    } else {
      // One nuisance forest (the other estimate was supplied or cross-fitted).
      func alone(_ target: [Double], stream: Int, progressOffset: Int) throws -> [Double] {
        try NuisanceForest.oobPredictions(
          data, target: target, trees: nuisanceTrees, mtry: mtry, minNodeSize: 5, alpha: options.alpha,
          imbalancePenalty: options.imbalancePenalty, seed: seedInt(base.derived(stream)),
          progress: stage(progressOffset))
      }
      yh = try yHat ?? alone(y, stream: -1, progressOffset: crossFitUnits)
      wh = try wHat ?? alone(w, stream: -2, progressOffset: crossFitUnits + yForestUnits)
      if yHat == nil {
        method = "OOB regression forests, \(nuisanceTrees) trees"
      } else if wHat == nil {
        method = "Y.hat supplied, W.hat from OOB forest"
      }
    }
    if options.nuisanceLearner == nil {
      if yHat != nil && wHat == nil { method = "Y.hat supplied, W.hat OOB regression forest" }
      if yHat == nil && wHat != nil { method = "W.hat supplied, Y.hat OOB regression forest" }
    }
    let yr = (0..<n).map { y[$0] - yh[$0] }, wr = (0..<n).map { w[$0] - wh[$0] }

    // grf tunes on the same residuals the final forest uses (the nuisances are not tuned).
    var options = options
    var tuning: CausalForestTuning? = nil
    let nuisanceUnits = crossFitUnits + yForestUnits + wForestUnits
    let finalProgress = stage(nuisanceUnits + tuneUnits).map { p in { (done: Int, _: Int) in p(done) } }
    if !options.tune.isEmpty {
      let overall = stage(nuisanceUnits).map { p in { (done: Int, _: Int) in p(done) } }
      let t = try CausalForestTuning.run(data: data, x: x, y: yr, w: wr, options: options, progress: overall)
      options = t.chosen
      tuning = t
    }
    let relabeling = CausalPseudoOutcomeRelabeling(y: yr, w: wr)
    // With a local linear correction the leaves also keep the moments of its regression (the trees are
    // the same: the leaf summary does not affect splitting).
    var correction: LocalLinearCorrection? = nil
    let summary: any LeafSummaryStrategy
    if options.localLinear.isEmpty {
      summary = CausalMomentLeafSummary(y: yr, w: wr)
    } else {
      let (ll, xs, missingLL) = try LocalLinearCorrection.prepare(names: options.localLinear, x: x)
      if missingLL > 0 {
        warnings.append("local_linear: \(missingLL) missing values of the correction columns count as the column mean")
      }
      correction = ll
      summary = LocalLinearLeafSummary(y: yr, w: wr, x: xs, p: ll.columns.count)
    }
    // The trees do not depend on the leaf summary: a local-linear fit whose plain forest was just grown
    // from the same inputs (e.g. `plain` then `ramp` in a comparison) refills that forest's leaves instead
    // of regrowing it (``CausalForestTreeCache``).
    let treeKey = CausalForestTreeCache.Key(data: data, y: yr, w: wr, options: options)
    let grown: GrownForest
    if let ll = summary as? LocalLinearLeafSummary, let plain = CausalForestTreeCache.shared.value(for: treeKey),
      let refilled = refill(plain, data: data, summary: ll, options: options)
    {
      grown = refilled
      finalProgress?(refilled.forest.treeCount, refilled.forest.treeCount)
    } else {
      grown = try grow(
        data, relabeling: relabeling, summary: summary, options: options,
        keepMoments: correction != nil, progress: finalProgress)
      if correction == nil { CausalForestTreeCache.shared.store(grown, for: treeKey) }
    }
    let compact = grown.forest, inBag = grown.inBag, moments = grown.moments
    let total = compact.treeCount
    // With a local linear correction the plain forest's out-of-bag τ̂ only feeds the choice of λ, and its
    // variance is needed only if the plain forest is kept: the variance pass (which leaves τ̂ unchanged) is
    // then run after the choice.
    var oob = compact.predict(
      x: x.values, rows: n, columns: d, withVariance: options.intervals && correction == nil, inBag: inBag,
      threads: options.threads)
    if var ll = correction {
      try Interruption.check()
      if let lambda = options.llLambda {
        ll.lambda = lambda
      } else {
        let grid = LocalLinearCorrection.lambdaGrid
        let r = compact.predictLocalLinear(
          x: x.values, rows: n, ll: ll, moments: moments, lambdas: grid,
          withVariance: false, inBag: inBag, threads: options.threads)
        ll.select(plain: oob.tau, perLambda: r.tau, y: yr, w: wr)
      }
      if let lambda = ll.lambda {
        let r = compact.predictLocalLinear(
          x: x.values, rows: n, ll: ll, moments: moments, lambdas: [lambda],
          withVariance: options.intervals, inBag: inBag, threads: options.threads)
        oob = CausalPredictions(tau: r.tau[0], variance: r.variance)
        ll.moments = moments
      } else if options.intervals {
        oob = compact.predict(
          x: x.values, rows: n, columns: d, withVariance: true, inBag: inBag, threads: options.threads)
      }
      correction = ll
    }
    var o = options
    o.trees = total
    return CausalForest(
      options: o, featureNames: x.columnNames, outcomeName: outcomeName,
      treatmentName: treatmentName, forest: compact, y: y, w: w, yHat: yh, wHat: wh, oob: oob,
      nuisanceMethod: method, warnings: warnings, covariates: nil, localLinear: correction,
      tuning: tuning)
  }

  /// Trees of a causal forest with their in-bag bitsets (`(n + 63) / 64` words per tree) and, when
  /// `keepMoments`, the leaves' extra values beyond the plain summary (the local linear moments).
  struct GrownForest {
    var forest: CompactForest
    var inBag: [UInt64]
    var moments: [Double]
  }

  /// Grows `options.treeCountRounded` causal trees on the residualized data with the shared grower, in
  /// batches of ``batchTrees`` seeded from `SeededRNG(options.seed).derived(batch)`.
  ///
  /// Batch `b` depends only on the data, the strategies, the growth options and `b` (not on how many
  /// batches follow), so a forest grown with the same inputs and fewer trees is this forest's first
  /// trees. `extending` is such a forest (grown by this function with the same data, relabeling, summary,
  /// `keepMoments` and options except `trees`): its trees are kept and only the batches after them are
  /// grown. It is ignored unless it ends on a batch boundary within the forest.
  static func grow(
    _ data: BinnedMatrix, relabeling: CausalPseudoOutcomeRelabeling, summary: any LeafSummaryStrategy,
    options: CausalForestOptions, keepMoments: Bool, extending: GrownForest? = nil,
    progress: ((Int, Int) -> Void)?
  ) throws
    -> GrownForest
  {
    let n = data.rows
    var forestOptions = growthOptions(options, columns: data.cols)
    let base = SeededRNG(seed: options.seed)
    let total = options.treeCountRounded
    let group = max(1, options.ciGroupSize)
    let perBatch = batchSize(options)
    let words = (n + 63) / 64
    let kept = GrownBatches(forest: CompactForest(groupSize: group), words: words, total: total)
    var done = 0, batch = 0
    if let first = extending, first.forest.groupSize == group, first.inBag.count == words * first.forest.treeCount {
      let count = first.forest.treeCount
      if count > 0, count <= total, count % perBatch == 0 {
        kept.forest = first.forest
        kept.moments = first.moments
        kept.inBag.replaceSubrange(0..<(words * count), with: first.inBag)
        kept.converted = count
        done = count
        batch = count / perBatch
        progress?(done, total)
      }
    }
    // Batch b + 1 grows while batch b is converted to compact trees beside it (``concurrently``): the
    // conversion fills the batch's tail, when the last trees grow and a core would idle. Batches are
    // converted in order, so the forest is the same as converting each batch before growing the next.
    var pending: TrainedForest? = nil
    while done < total {
      try Interruption.check()
      let k = min(perBatch, total - done)
      forestOptions.trees = k
      forestOptions.seed = seedInt(base.derived(batch))
      let trainer = ForestTrainer(
        relabeling: relabeling,
        splitting: .causal(
          alpha: options.alpha,
          imbalancePenalty: options.imbalancePenalty), summary: summary, options: forestOptions,
        execution: ExecutionOptions(threads: options.threads))
      let previous = pending
      (pending, _) = try concurrently(threads: options.threads) {
        try trainer.train(data)
      } background: {
        if let previous { try kept.append(previous, keepMoments: keepMoments) }
      }
      done += k
      batch += 1
      progress?(done, total)
    }
    if let pending { try kept.append(pending, keepMoments: keepMoments) }
    return GrownForest(forest: kept.forest, inBag: kept.inBag, moments: kept.moments)
  }

  /// The compact trees, in-bag bitsets and moments of ``grow``'s batches converted so far. Only one thread
  /// appends at a time (``concurrently`` joins before the next batch), and the caller reads the fields
  /// once every batch is in.
  private final class GrownBatches: @unchecked Sendable {
    var forest: CompactForest
    var inBag: [UInt64]
    var moments: [Double] = []
    /// Trees converted so far (the row of the next tree's in-bag bits).
    var converted = 0
    let words: Int

    init(forest: CompactForest, words: Int, total: Int) {
      self.forest = forest
      self.words = words
      inBag = [UInt64](repeating: 0, count: words * total)
    }

    /// Converts a grown batch's trees and records their in-bag rows (and, with `keepMoments`, the leaves'
    /// values beyond the plain causal summary).
    func append(_ grown: TrainedForest, keepMoments: Bool) throws {
      for (t, tree) in grown.trees.enumerated() {
        try forest.append(converting: tree)
        if keepMoments {
          let vw = tree.valueWidth, plain = CausalLeafSummary.width
          for k in 0..<tree.nodeCount where tree.isLeaf(k) { moments += tree.values[(k * vw + plain)..<((k + 1) * vw)] }
        }
        let row = (converted + t) * words
        for i in grown.inBag[t] { inBag[row + Int(i) >> 6] |= 1 << UInt64(Int(i) & 63) }
      }
      converted += grown.trees.count
    }
  }

  /// The shared trainer's options for a causal forest's trees (``grow``; `trees` and `seed` are set per
  /// batch).
  static func growthOptions(_ options: CausalForestOptions, columns: Int) -> ForestOptions {
    var forestOptions = ForestOptions()
    forestOptions.sampling = .subsample(fraction: options.sampleFraction)
    forestOptions.groupSize = max(1, options.ciGroupSize)
    forestOptions.tree.honesty = options.honesty
    forestOptions.tree.honestyFraction = options.honestyFraction
    forestOptions.tree.pruneEmptyLeaves = options.honestyPruneLeaves
    forestOptions.tree.minLeafSize = options.minNodeSize
    forestOptions.tree.minSplitSize = max(2, options.minNodeSize + 1)
    // grf draws each node's number of candidate covariates from a Poisson with mean mtry.
    forestOptions.tree.mtry = options.effectiveMtry(columns)
    forestOptions.tree.candidateCount = .poisson
    return forestOptions
  }

  /// Trees per batch of ``grow``: ``batchTrees`` rounded down to whole little-bag groups.
  static func batchSize(_ options: CausalForestOptions) -> Int {
    let group = max(1, options.ciGroupSize)
    return max(group, (batchTrees / group) * group)
  }

  /// Fits on frame columns: `outcome ~ treatment | covariates` (text covariates are one-hot encoded).
  public static func fit(
    frame: DataFrame, outcome: String, treatment: String, covariates: [String],
    yHat: [Double]? = nil, wHat: [Double]? = nil,
    options: CausalForestOptions = CausalForestOptions(),
    progress: ((Int, Int) -> Void)? = nil
  ) throws -> CausalForest {
    let yc = try frame.column(outcome), wc = try frame.column(treatment)
    guard let y = yc.doubles() else {
      throw CausalForestError.invalidInput(
        "outcome '\(outcome)' is text; use a numeric or true/false column (e.g. churned = Churn == \"Yes\")")
    }
    guard let w = wc.doubles() else {
      throw CausalForestError.invalidInput(
        "treatment '\(treatment)' is text; use a 0/1 or true/false column, or fit one forest per arm with `arms`")
    }
    if covariates.contains(outcome) || covariates.contains(treatment) {
      throw CausalForestError.invalidInput("the outcome and the treatment cannot also be covariates")
    }
    let spec = try ForestCovariates(frame: frame, columns: covariates)
    let x = try spec.matrix(frame)
    var f = try fit(
      x: x, y: y, w: w, yHat: yHat, wHat: wHat, options: options, outcomeName: outcome,
      treatmentName: treatment, progress: progress)
    f.covariates = spec
    return f
  }

  /// Refuses treatments that cannot support the forest: a single arm, or arms too small for
  /// `min_node_size` given the sampling.
  static func checkArms(_ w: [Double], options: CausalForestOptions, treatmentName: String) throws {
    let binary = w.allSatisfy { $0 == 0 || $0 == 1 }
    if binary {
      let treated = w.reduce(0, +), control = Double(w.count) - treated
      guard treated > 0 && control > 0 else {
        throw CausalForestError.invalidInput(
          "treatment '\(treatmentName)' has only \(treated > 0 ? "treated" : "control") rows; a causal forest needs both "
            + "treated (1) and control (0) rows")
      }
      // Rows of the smaller arm that one tree sees when choosing splits.
      let share = options.sampleFraction * (options.honesty ? options.honestyFraction : 1)
      let small = min(treated, control)
      let perTree = small * share
      if perTree < Double(2 * options.minNodeSize) {
        throw CausalForestError.invalidInput(
          "the smaller treatment arm has \(Int(small)) rows; each tree sees about \(Int(perTree)) of them, too few "
            + "for min_node_size \(options.minNodeSize) (each child of a split needs \(options.minNodeSize) treated "
            + "and \(options.minNodeSize) control rows): add rows or lower min_node_size")
      }
    } else {
      let lo = w.min() ?? 0, hi = w.max() ?? 0
      guard hi > lo else {
        throw CausalForestError.invalidInput(
          "treatment '\(treatmentName)' is constant; the forest needs variation in treatment")
      }
    }
  }

  /// Ŷ = E[Y | X] and Ŵ = E[W | X] from `learner` with `folds`-fold cross-fitting (folds stratified on a
  /// 0/1 treatment and seeded with `seed`; a 0/1 target is fitted as a classification). For a 0/1
  /// treatment, as in the AIPW estimator, the propensity ê and the outcome models m̂₀, m̂₁ of each arm are
  /// fitted and Ŷ = ê·m̂₁ + (1 − ê)·m̂₀ (= E[Y | X] exactly when the models are right); otherwise Y and W are
  /// each regressed on X. Streams `SeededRNG(seed).derived(-11)`, `(-12)`, `(-13)`.
  /// `progress(fits done, fits total)` is called after each wave of fits.
  static func crossFittedNuisances(
    x: DesignMatrix, y: [Double], w: [Double], learner name: String, folds: Int,
    seed: Int, progress: ((Int, Int) -> Void)? = nil
  )
    throws -> (yHat: [Double], wHat: [Double])
  {
    let learner: any NuisanceLearner
    do { learner = try NuisanceLearners.named(name) } catch let e as CausalError {
      throw CausalForestError.invalidInput("nuisance_learner: \(e.description)")
    }
    func binary(_ v: [Double]) -> Bool { v.allSatisfy { $0 == 0 || $0 == 1 } }
    let binaryW = binary(w)
    let yTask: NuisanceTask = binary(y) ? .classification : .regression
    let root = SeededRNG(seed: seed)
    func job(
      _ target: [Double], _ task: NuisanceTask, _ stream: Int, _ include: (@Sendable (Int) -> Bool)?,
      _ what: String
    ) -> NuisanceJob {
      NuisanceJob(
        y: target, task: task, learner: learner, rng: root.derived(stream), include: include,
        describe: "\(what) (\(name))")
    }
    do {
      let plan = try CrossFitPlan.stratified(
        labels: binaryW ? w.map { Int($0) } : [Int](repeating: 0, count: w.count),
        k: folds, seed: seed)
      guard binaryW else {
        let fits = try crossFitPredict(
          x: x,
          jobs: [
            job(y, yTask, -11, nil, "outcome model Y.hat"),
            job(w, .regression, -12, nil, "treatment model W.hat"),
          ], plan: plan,
          progress: progress)
        return (fits[0], fits[1])
      }
      let fits = try crossFitPredict(
        x: x,
        jobs: [
          job(w, .classification, -11, nil, "propensity model W.hat"),
          job(y, yTask, -12, { w[$0] == 0 }, "outcome model for control rows"),
          job(y, yTask, -13, { w[$0] == 1 }, "outcome model for treated rows"),
        ], plan: plan, progress: progress)
      let e = fits[0]
      return ((0..<y.count).map { e[$0] * fits[2][$0] + (1 - e[$0]) * fits[1][$0] }, e)
    } catch let e as CausalError {
      throw CausalForestError.invalidInput("cross-fitted nuisances: \(e.description)")
    }
  }

  static func seedInt(_ r: SeededRNG) -> Int {
    var g = r
    return Int(truncatingIfNeeded: g.next() >> 1)
  }
}
