import Frame
import Stats

/// Options of ``GradientBoosting`` (names and defaults follow LightGBM).
public struct GradientBoostingOptions: Sendable, Codable, Equatable {
  /// Boosting rounds (trees).
  public var rounds: Int = 100
  public var learningRate: Double = 0.1
  /// Maximum leaves per tree (leaf-wise growth).
  public var numLeaves: Int = 31
  /// Maximum depth; nil = unlimited.
  public var maxDepth: Int? = nil
  /// Minimum samples per leaf.
  public var minDataInLeaf: Int = 20
  /// Minimum hessian sum per leaf.
  public var minSumHessian: Double = 1e-3
  /// L2 penalty on leaf outputs.
  public var lambdaL2: Double = 0
  /// Share of features each tree may use (drawn per tree).
  public var featureFraction: Double = 1
  /// Share of rows each bagging draw keeps (without replacement).
  public var baggingFraction: Double = 1
  /// Redraw the bag every `baggingFreq` rounds; 0 disables bagging.
  public var baggingFreq: Int = 0
  /// Bins per numeric feature.
  public var maxBins: Int = 255
  /// Stop when the validation loss has not improved for this many rounds (needs a validation frame).
  public var earlyStoppingRounds: Int? = nil
  public var seed: Int = 42
  /// Missing predictor values: `keep` (default: learned default direction per split), `drop_rows` or `error`.
  public var missing: MissingPolicy = .keep
  /// Optional column of non-negative sample weights.
  public var weights: String? = nil

  public init() {}

  func validate() throws {
    try check("rounds", rounds, 1...1_000_000, "an integer ≥ 1")
    try check("learning_rate", learningRate, 1e-12...1e3, "a number > 0")
    try check("leaves", numLeaves, 2...131_072, "an integer in 2…131072")
    if let d = maxDepth { try check("max_depth", d, 1...1000, "an integer ≥ 1") }
    try check("min_data_in_leaf", minDataInLeaf, 1...Int.max, "an integer ≥ 1")
    try check("min_sum_hessian", minSumHessian, 0...1e300, "a number ≥ 0")
    try check("lambda_l2", lambdaL2, 0...1e300, "a number ≥ 0")
    try check("feature_fraction", featureFraction, 1e-9...1, "a number in (0, 1]")
    try check("bagging_fraction", baggingFraction, 1e-9...1, "a number in (0, 1]")
    try check("bagging_freq", baggingFreq, 0...Int.max, "an integer ≥ 0")
    try check("max_bins", maxBins, 2...255, "an integer in 2…255")
    if let e = earlyStoppingRounds { try check("early_stopping", e, 1...Int.max, "an integer ≥ 1") }
  }
}

/// Histogram gradient boosting in the style of LightGBM (Ke et al. 2017), for binary log-loss and L2.
///
/// Features are binned once to at most 255 quantile bins (row-major UInt8 matrix); each round computes
/// gradients and hessians, then the shared tree grower builds one tree leaf-wise (always splitting the
/// leaf with the largest gain G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ), up to `numLeaves`), building the
/// smaller child's gradient histogram and deriving the larger one by subtraction from the parent.
/// Histograms of large nodes are built in parallel over fixed row chunks and summed in chunk order, so
/// a seed gives the same model for any thread count. Leaf outputs are Newton steps −η·G/(H+λ).
///
/// Missing values go to the side each split learned (both directions are tried when a node has
/// missing values; otherwise unseen missing values follow the heavier child). Categorical columns (text)
/// are split by sorting their levels by G/(H + λ + 10) and taking the best prefix as the left set (the
/// sorted-partition method LightGBM uses for many-level features; with ≤ 4 levels LightGBM tries
/// one-vs-rest instead, which the sorted search includes as its first and last candidates).
/// `feature_fraction` draws features per tree; `bagging_fraction`/`bagging_freq` redraw a row subset
/// every `bagging_freq` rounds. With a validation frame, early stopping keeps the best round.
public struct GradientBoosting: PredictiveModel, Codable {
  public var kind: ModelKind { .gbm }
  public let task: ModelTask
  public let design: DesignSpec
  public let options: GradientBoostingOptions
  public let objective: BoostingObjective
  public let binner: FeatureBinner
  public let initialScore: Double
  /// Trees whose leaf values already include the learning rate.
  public let trees: [Tree]
  /// Validation loss after each round (when a validation frame was given).
  public let validationLoss: [Double]
  /// Round (1-based) with the best validation loss, when early stopping ran.
  public let bestRound: Int?
  public let trainingRows: Int
  public let warnings: [String]
  /// All trees in the compact walking form, built on first use and kept (never written to a model file), so
  /// that scoring one customer at a time does not convert the ensemble on every call.
  private let walkCache = StoredTreesCache()

  enum CodingKeys: String, CodingKey {
    case task, design, options, objective, binner, initialScore, trees, validationLoss, bestRound, trainingRows
    case warnings
  }

  /// Fits a boosted model. `task` nil infers it from the outcome.
  public static func fit(
    _ formula: Formula, on frame: DataFrame, validation: DataFrame? = nil,
    task: ModelTask? = nil, options: GradientBoostingOptions = GradientBoostingOptions(),
    execution: ExecutionOptions = ExecutionOptions()
  )
    throws -> GradientBoosting
  {
    try options.validate()
    if options.earlyStoppingRounds != nil && validation == nil {
      throw ModelError.invalidOption(
        name: "early_stopping", value: "\(options.earlyStoppingRounds ?? 0)",
        expected: "a validation frame (valid: FRAME) to watch")
    }
    let task = try task ?? ModelTask.infer(from: frame.column(formula.outcome))
    var dopts = DesignOptions.tree
    dopts.missing = options.missing
    let spec = try DesignSpec.fit(
      formula, on: frame, outcome: task == .classification ? .binary : .continuous,
      options: dopts)
    // The design is only needed to fit the bins: it is encoded and binned a few columns at a time, so
    // the whole design matrix (8 bytes a value) never exists beside the frame.
    var builder: BinnedMatrixBuilder? = nil
    var bins: [FeatureBins] = []
    let data = try spec.data(frame, blockColumns: binningBlockColumns) { first, block in
      let fitted = try FeatureBinner.fit(block, maxBins: options.maxBins).features
      if builder == nil { builder = BinnedMatrixBuilder(rows: block.rowCount, cols: spec.columnNames.count) }
      builder?.add(block, firstColumn: first, bins: fitted)
      bins += fitted
    }
    guard let y = data.y, data.x.rowCount >= 2 else {
      throw ModelError.tooFewRows("gradient boosting needs at least 2 rows; the frame has \(data.x.rowCount)")
    }
    let w =
      try weightVector(options.weights, frame: frame, rows: data.x.rows) ?? [Double](repeating: 1, count: y.count)
    let binner = FeatureBinner(features: bins)
    let binned = (builder ?? BinnedMatrixBuilder(rows: data.x.rowCount, cols: 0)).finish(features: bins)
    let warnings = data.x.warnings
    let valid = try validation.map { try spec.data($0) }
    return try train(
      spec: spec, binned: binned, binner: binner, y: y, weights: w, valid: valid, task: task,
      options: options, warnings: warnings + spec.warnings, execution: execution)
  }

  /// Design columns encoded and binned at a time by ``fit(_:on:validation:task:options:execution:)``
  /// (1M rows: 64 MB of doubles).
  static let binningBlockColumns = 8

  static func train(
    spec: DesignSpec, binned: BinnedMatrix, binner: FeatureBinner, y: [Double], weights w: [Double],
    valid: DesignData?, task: ModelTask, options o: GradientBoostingOptions,
    warnings: [String], execution: ExecutionOptions = ExecutionOptions()
  ) throws -> GradientBoosting {
    let objective: BoostingObjective = task == .classification ? .binary : .regression
    let b = try boost(
      binned: binned, rows: nil, y: y, weights: w, valid: valid, objective: objective, options: o,
      execution: execution)
    return GradientBoosting(
      task: task, design: spec, options: o, objective: objective, binner: binner,
      initialScore: b.initialScore, trees: b.trees, validationLoss: b.validationLoss,
      bestRound: b.bestRound, trainingRows: binned.rows, warnings: warnings)
  }

  /// What the boosting loop produced.
  struct Boosted {
    var initialScore: Double
    var trees: [Tree]
    var validationLoss: [Double]
    var bestRound: Int?
  }

  /// The boosting loop on the rows `rows` of `binned` (nil = every row, in order). `y` and `w` are indexed
  /// by row of `binned` (only the training rows are read); scores, gradients and hessians are kept and
  /// updated for the training rows only, so fitting on a subset costs what fitting on a copy would.
  /// `fusedSplitStep: false` grows with the grower's unfused reference steps (tests).
  static func boost(
    binned: BinnedMatrix, rows: [Int32]?, y: [Double], weights w: [Double], valid: DesignData?,
    objective: BoostingObjective, options o: GradientBoostingOptions,
    execution: ExecutionOptions = ExecutionOptions(), fusedSplitStep: Bool = true
  ) throws -> Boosted {
    let n = binned.rows, p = binned.cols
    let init0 = objective.initialScore(y, w, rows: rows)
    var score = [Double](repeating: init0, count: n)
    var gh = [Double](repeating: 0, count: 2 * n)
    var treeOptions = TreeOptions()
    treeOptions.growth = .bestFirst
    treeOptions.maxLeaves = o.numLeaves
    treeOptions.maxDepth = o.maxDepth ?? .max
    treeOptions.minLeafSize = o.minDataInLeaf
    treeOptions.minSplitSize = 2 * o.minDataInLeaf
    let scorer = GradientScorer(lambda: o.lambdaL2, minLeaf: Double(o.minDataInLeaf), minHessian: o.minSumHessian)
    let grower = TreeGrower(
      data: binned, scorer: scorer, options: treeOptions, responseWidth: 2,
      parallelHistograms: true, execution: execution)
    grower.fusedSplitStep = fusedSplitStep
    let ones = [Double](repeating: 1, count: n)
    let base = SeededRNG(seed: o.seed)
    let all: [Int32] = rows ?? (0..<n).map { Int32($0) }
    let m = all.count
    var bag = all
    var inBag = [Bool](repeating: true, count: n)
    let bagging = o.baggingFreq > 0 && o.baggingFraction < 1
    var trees: [Tree] = []
    var validScore = valid.map { [Double](repeating: init0, count: $0.x.rowCount) }
    var validLoss: [Double] = []
    var best = (round: 0, loss: Double.infinity)
    for round in 0..<o.rounds {
      try Interruption.check()
      objective.gradients(score: score, y: y, w: w, rows: rows, gh: &gh, threads: execution.threads)
      if bagging && round % o.baggingFreq == 0 {
        var r = base.derived(round)
        let k = max(1, Int((o.baggingFraction * Double(m)).rounded()))
        bag = r.sample(m, k).map { all[$0] }.sorted()
        inBag = [Bool](repeating: false, count: n)
        for i in bag { inBag[Int(i)] = true }
      }
      var features = Array(0..<p)
      if o.featureFraction < 1 {
        var r = base.derived(1_000_000 + round)
        let k = max(1, Int((o.featureFraction * Double(p)).rounded()))
        features = r.sample(p, k).sorted()
      }
      var rng = base.derived(2_000_000 + round)
      let grown = grower.grow(
        split: bag, estimation: nil, weights: ones, features: features,
        relabeling: GradientRelabeling(gh: gh),
        summary: NewtonLeafSummary(gh: gh, lambda: o.lambdaL2, learningRate: o.learningRate),
        rng: &rng)
      let tree = grown.tree
      updateTrainingScores(&score, grown: grown, binned: binned, rows: all, inBag: bagging ? inBag : nil)
      trees.append(tree)
      if let v = valid, let vy = v.y {
        let stored = StoredTrees([tree])
        let n = v.x.rowCount
        v.x.values.withUnsafeBufferPointer { xp in
          stored.trees.withWalker { walker in
            for i in 0..<n {
              validScore![i] += stored.values[walker.leaf(tree: 0, ValueRow(xp.baseAddress! + i, stride: n))]
            }
          }
        }
        let loss = objective.loss(score: validScore!, y: vy)
        validLoss.append(loss)
        if loss < best.loss - 1e-15 { best = (round + 1, loss) }
        if let stop = o.earlyStoppingRounds, round + 1 - best.round >= stop { break }
      }
    }
    var bestRound: Int? = nil
    if o.earlyStoppingRounds != nil, best.round > 0 {
      trees = Array(trees.prefix(best.round))
      bestRound = best.round
    }
    return Boosted(initialScore: init0, trees: trees, validationLoss: validLoss, bestRound: bestRound)
  }

  /// Adds the new tree's outputs to the training scores: in-bag rows by leaf range, the other training
  /// rows (`rows` not in the bag) by traversal.
  private static func updateTrainingScores(
    _ score: inout [Double], grown: GrownTree, binned: BinnedMatrix,
    rows: [Int32], inBag: [Bool]?
  ) {
    let t = grown.tree
    // Leaves own disjoint rows: update them in parallel.
    let ranges = grown.leafRanges
    score.withUnsafeMutableBufferPointer { sp in
      grown.samples.withUnsafeBufferPointer { gp in
        let sb = SharedPointer(sp.baseAddress!), gb = UncheckedSendable(gp)
        parallelFor(ranges.count) { k in
          let leaf = ranges[k]
          let v = t.values[leaf.node]
          for q in leaf.begin..<leaf.end { sb[Int(gb.value[q])] += v }
        }
      }
    }
    guard let inBag else { return }
    let stored = StoredTrees([t])
    binned.bins.withUnsafeBufferPointer { bp in
      stored.trees.withWalker { walker in
        for r in rows where !inBag[Int(r)] {
          let i = Int(r)
          score[i] += stored.values[walker.leaf(tree: 0, BinnedRow(bp.baseAddress! + i * binned.cols))]
        }
      }
    }
  }

  /// Raw scores (log-odds for binary) of design rows: initial score plus every tree's leaf value.
  public func rawScores(design x: DesignMatrix, rounds: Int? = nil) -> [Double] {
    let n = x.rowCount
    let stored: StoredTrees
    if let rounds, rounds < trees.count {
      stored = StoredTrees(Array(trees.prefix(rounds)))
    } else {
      stored = walkCache.stored(for: trees)
    }
    var out = [Double](repeating: initialScore, count: n)
    let block = 4096
    x.values.withUnsafeBufferPointer { xp in
      out.withUnsafeMutableBufferPointer { op in
        let ob = SharedPointer(op.baseAddress!)
        stored.forEachTreeLeaves(x: xp.baseAddress!, rows: n, cols: x.columnCount, block: block) {
          _, lo, hi, slots, v in
          for i in lo..<hi { ob[i] += v[Int(slots[i - lo])] }
        }
      }
    }
    return out
  }

  /// Probabilities (binary) or predicted values (regression).
  public func predict(design x: DesignMatrix) -> [Double] {
    rawScores(design: x).map { objective.transform($0) }
  }

  /// Total split gain per feature, normalized to sum 1 (LightGBM's `importance_type="gain"`).
  public var gainImportance: [(feature: String, importance: Double)] {
    splitGainImportance(trees: trees, names: design.columnNames, normalizePerTree: false)
  }

  /// Number of splits per feature (LightGBM's `importance_type="split"`), sorted.
  public var splitImportance: [(feature: String, importance: Double)] {
    var count = [Double](repeating: 0, count: design.columnNames.count)
    for t in trees { for node in 0..<t.nodeCount where !t.isLeaf(node) { count[Int(t.feature[node])] += 1 } }
    return zip(design.columnNames, count).map { (feature: $0.0, importance: $0.1) }
      .sorted { $0.importance != $1.importance ? $0.importance > $1.importance : $0.feature < $1.feature }
  }
}
