import Frame
import Stats

/// Options of ``RandomForest`` (and of a single decision tree).
public struct RandomForestOptions: Sendable, Codable, Equatable {
  public var trees: Int = 100
  /// Features tried per split; nil = ⌊√p⌋ for classification, p for regression (scikit-learn's defaults).
  public var mtry: Int? = nil
  /// Minimum samples per leaf.
  public var minLeafSize: Int = 1
  /// Maximum depth; nil = unlimited.
  public var maxDepth: Int? = nil
  /// nil = bootstrap samples; otherwise each tree subsamples this fraction without replacement.
  public var sampleFraction: Double? = nil
  /// Honest trees (split on half of each tree's sample, fill leaves with the other half).
  public var honesty: Bool = false
  /// Bins per numeric feature (≤ 255).
  public var maxBins: Int = 255
  public var seed: Int = 42
  /// Missing predictor values: `keep` (default; trees learn where to send them) or `drop_rows`/`error`.
  public var missing: MissingPolicy = .keep
  /// Compute out-of-bag predictions and score.
  public var oob: Bool = true

  public init() {}

  func validate() throws {
    try check("trees", trees, 1...100_000, "an integer in 1…100000")
    if let m = mtry { try check("mtry", m, 1...100_000, "an integer ≥ 1") }
    try check("min_leaf", minLeafSize, 1...Int.max, "an integer ≥ 1")
    if let d = maxDepth { try check("max_depth", d, 1...10_000, "an integer ≥ 1") }
    if let f = sampleFraction { try check("sample_fraction", f, 1e-6...1, "a number in (0, 1]") }
    try check("max_bins", maxBins, 2...255, "an integer in 2…255")
  }
}

/// A random forest (Breiman 2001) or a single CART decision tree, for classification or regression.
///
/// Built from the shared tree grower: the outcome (0/1 class indicator for classification) is the
/// response, splits maximize variance reduction (= Gini decrease for 0/1), and leaves store the mean
/// (= class-1 frequency). Trees are grown on bootstrap samples (or subsamples) with `mtry` features
/// tried per split, on features binned to at most 255 quantile bins; categorical columns are split as
/// categories (sorted partition), and missing values go to the side each split learned.
///
/// Out-of-bag predictions average, for each training row, the trees that did not see it; the OOB
/// score is the AUC (classification) or R² (regression) of those predictions.
public struct RandomForest: PredictiveModel, Codable {
  /// `.forest`, or `.tree` for a single decision tree.
  public let kind: ModelKind
  public let task: ModelTask
  public let design: DesignSpec
  public let options: RandomForestOptions
  public let binner: FeatureBinner
  public let trees: [Tree]
  public let trainingRows: Int
  /// OOB score: AUC (classification) or R² (regression); nil when not computed.
  public let oobScore: Double?
  /// Out-of-bag predictions for the training design rows (not saved with the model).
  public var oobPredictions: [Double]? = nil
  public let warnings: [String]
  /// All trees in the compact walking form, built on first use and kept (never written to a model file).
  private let walkCache = StoredTreesCache()

  enum CodingKeys: String, CodingKey {
    case kind, task, design, options, binner, trees, trainingRows, oobScore, warnings
  }

  /// Fits a forest. `task` nil infers it from the outcome (see ``ModelTask/infer(from:)``).
  public static func fit(
    _ formula: Formula, on frame: DataFrame, task: ModelTask? = nil,
    options: RandomForestOptions = RandomForestOptions(),
    execution: ExecutionOptions = ExecutionOptions()
  ) throws -> RandomForest {
    try fit(formula, on: frame, task: task, options: options, kind: .forest, execution: execution)
  }

  /// Fits a single CART decision tree (all rows, all features at every split; `trees` is ignored).
  public static func fitTree(
    _ formula: Formula, on frame: DataFrame, task: ModelTask? = nil,
    options: RandomForestOptions = RandomForestOptions()
  ) throws -> RandomForest {
    var o = options
    o.trees = 1
    o.oob = false
    return try fit(formula, on: frame, task: task, options: o, kind: .tree)
  }

  static func fit(
    _ formula: Formula, on frame: DataFrame, task: ModelTask?, options: RandomForestOptions,
    kind: ModelKind, execution: ExecutionOptions = ExecutionOptions()
  ) throws -> RandomForest {
    try options.validate()
    let task = try task ?? ModelTask.infer(from: frame.column(formula.outcome))
    var dopts = DesignOptions.tree
    dopts.missing = options.missing
    let spec = try DesignSpec.fit(
      formula, on: frame, outcome: task == .classification ? .binary : .continuous,
      options: dopts)
    // The design matrix is only needed to fit the bins; it is released before the trees grow.
    let (binned, binner, y, xWarnings): (BinnedMatrix, FeatureBinner, [Double], [String]) = try {
      let data = try spec.data(frame)
      guard let y = data.y, data.x.rowCount >= 2 else {
        throw ModelError.tooFewRows("a tree needs at least 2 rows; the frame has \(data.x.rowCount)")
      }
      let binner = try FeatureBinner.fit(data.x, maxBins: options.maxBins)
      return (binner.bin(data.x), binner, y, data.x.warnings)
    }()
    let p = binned.cols
    var forest = ForestOptions()
    forest.trees = options.trees
    forest.seed = options.seed
    forest.tree.minLeafSize = options.minLeafSize
    forest.tree.maxDepth = options.maxDepth ?? .max
    forest.tree.honesty = options.honesty
    if kind == .tree {
      forest.sampling = .all
      forest.tree.mtry = nil
    } else {
      forest.sampling = options.sampleFraction.map { .subsample(fraction: $0) } ?? .bootstrap
      let defaultMtry = task == .classification ? max(1, Int(Double(p).squareRoot())) : p
      forest.tree.mtry = min(options.mtry ?? defaultMtry, p)
    }
    let trainer = ForestTrainer(
      relabeling: OutcomeRelabeling(outcome: y), splitting: .variance,
      summary: MeanLeafSummary(outcome: y), options: forest, execution: execution)
    let trained = try trainer.train(binned)
    var oobPred: [Double]? = nil
    var oobScore: Double? = nil
    if options.oob && kind == .forest {
      let (values, counts) = trained.outOfBag(binned)
      oobPred = values
      let keep = (0..<values.count).filter { counts[$0] > 0 }
      if keep.count > 1 {
        let yy = keep.map { y[$0] }, pp = keep.map { values[$0] }
        oobScore = task == .classification ? try? rocAUC(yy, pp) : rSquared(yy, pp)
      }
    }
    var m = RandomForest(
      kind: kind, task: task, design: spec, options: options, binner: binner, trees: trained.trees,
      trainingRows: binned.rows, oobScore: oobScore, warnings: xWarnings + spec.warnings)
    m.oobPredictions = oobPred
    return m
  }

  /// Average of the trees' leaf values: class-1 probability or predicted value.
  public func predict(design x: DesignMatrix) -> [Double] {
    x.values.withUnsafeBufferPointer { v in
      TrainedForest.averageLeaves(
        walkCache.stored(for: trees), x: v.baseAddress!, rows: x.rowCount, cols: x.columnCount
      ).values
    }
  }

  /// Mean decrease in impurity per design column: each tree's split gains summed by feature and
  /// normalized to 1, then averaged over trees and normalized again (scikit-learn's `feature_importances_`).
  public var impurityImportance: [(feature: String, importance: Double)] {
    splitGainImportance(trees: trees, names: design.columnNames, normalizePerTree: true)
  }
}

/// Split-gain importance of tree features, sorted by decreasing importance (ties by name).
func splitGainImportance(trees: [Tree], names: [String], normalizePerTree: Bool) -> [(
  feature: String, importance: Double
)] {
  var total = [Double](repeating: 0, count: names.count)
  for t in trees {
    var per = [Double](repeating: 0, count: names.count)
    for node in 0..<t.nodeCount where !t.isLeaf(node) { per[Int(t.feature[node])] += max(t.gain[node], 0) }
    let s = per.reduce(0, +)
    if normalizePerTree {
      if s > 0 { for j in per.indices { total[j] += per[j] / s } }
    } else {
      for j in per.indices { total[j] += per[j] }
    }
  }
  let s = total.reduce(0, +)
  let norm = s > 0 ? total.map { $0 / s } : total
  return zip(names, norm).map { (feature: $0.0, importance: $0.1) }
    .sorted { $0.importance != $1.importance ? $0.importance > $1.importance : $0.feature < $1.feature }
}

/// Coefficient of determination 1 − SSE/SST.
func rSquared(_ y: [Double], _ p: [Double]) -> Double {
  let n = Double(y.count)
  let mean = y.reduce(0, +) / n
  var sse = 0.0, sst = 0.0
  for i in y.indices {
    sse += (y[i] - p[i]) * (y[i] - p[i])
    sst += (y[i] - mean) * (y[i] - mean)
  }
  return 1 - sse / sst
}
