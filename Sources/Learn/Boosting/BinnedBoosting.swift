import Frame
import Stats

/// A gradient-boosted ensemble fitted on some rows of a pre-binned matrix, predicting other rows of it.
///
/// Made for cross-fitting (the causal estimators fit several nuisance functions on every fold's
/// training rows): the covariates are binned once, with bins fitted on all rows, and each fit reads
/// its rows from the shared ``BinnedMatrix`` instead of copying and binning them again. Binning looks
/// at the covariates only, never at a target, so sharing the bins between folds leaks nothing about
/// the held-out outcomes. The trees are the ones ``GradientBoosting`` grows from the same bins and rows.
public struct BinnedBoostingModel: Sendable {
  public let objective: BoostingObjective
  public let initialScore: Double
  /// Trees whose leaf values already include the learning rate; they split on bins.
  public let trees: [Tree]
  /// Number of training rows.
  public let trainingRows: Int

  /// Fits on the rows `rows` of `data` with targets `y` (indexed by row of `data`: `y[i]` is the target
  /// of row i; only the rows in `rows` are read) and unit weights. Same options as ``GradientBoosting``,
  /// except early stopping (no validation frame here) and the frame-level `weights` and `missing`
  /// settings (binned data already sends missing values to their own bin).
  ///
  /// - Throws: ``ModelError`` on invalid options, fewer than 2 rows, rows outside the matrix, a target
  ///   of the wrong length, or a non-finite (or, for classification, non-0/1) target.
  public static func fit(
    _ data: BinnedMatrix, rows: [Int], y: [Double], task: ModelTask,
    options: GradientBoostingOptions = GradientBoostingOptions(),
    execution: ExecutionOptions = ExecutionOptions()
  ) throws -> BinnedBoostingModel {
    try options.validate()
    if options.earlyStoppingRounds != nil {
      throw ModelError.invalidOption(
        name: "early_stopping", value: "\(options.earlyStoppingRounds ?? 0)",
        expected: "nothing: fits on pre-binned rows have no validation frame")
    }
    guard y.count == data.rows else {
      throw ModelError.invalidInput("gradient boosting: \(y.count) targets for a binned matrix of \(data.rows) rows")
    }
    guard rows.count >= 2 else {
      throw ModelError.tooFewRows("gradient boosting needs at least 2 rows; got \(rows.count)")
    }
    var sel = [Int32](repeating: 0, count: rows.count)
    for (k, r) in rows.enumerated() {
      guard r >= 0 && r < data.rows else {
        throw ModelError.invalidInput("gradient boosting: row \(r) is outside the binned matrix (0..<\(data.rows))")
      }
      let v = y[r]
      guard v.isFinite, task == .regression || v == 0 || v == 1 else {
        throw ModelError.invalidInput(
          "gradient boosting: target \(v) in row \(r); expected "
            + (task == .regression ? "a finite number" : "0 or 1"))
      }
      sel[k] = Int32(r)
    }
    let objective: BoostingObjective = task == .classification ? .binary : .regression
    let ones = [Double](repeating: 1, count: data.rows)
    let b = try GradientBoosting.boost(
      binned: data, rows: sel, y: y, weights: ones, valid: nil, objective: objective,
      options: options, execution: execution)
    return BinnedBoostingModel(
      objective: objective, initialScore: b.initialScore, trees: b.trees,
      trainingRows: rows.count)
  }

  /// Raw scores (log-odds for binary) of the rows `rows` of `data`, which must be binned with the bins
  /// the model was fitted on.
  public func rawScores(_ data: BinnedMatrix, rows: [Int]) -> [Double] {
    let n = rows.count, p = data.cols
    var out = [Double](repeating: initialScore, count: n)
    let block = 2048
    // Boosting trees store one value per leaf.
    let stored = StoredTrees(trees)
    data.bins.withUnsafeBufferPointer { bp in
      out.withUnsafeMutableBufferPointer { op in
        let bb = UncheckedSendable(bp.baseAddress!), ob = SharedPointer(op.baseAddress!)
        stored.forEachBlock(rows: n, block: block) { walker, v, lo, hi in
          for t in 0..<walker.treeCount {
            let root = walker.root(t)
            for q in lo..<hi { ob[q] += v[walker.leaf(from: root, BinnedRow(bb.value + rows[q] * p))] }
          }
        }
      }
    }
    return out
  }

  /// Probabilities (binary) or predicted values (regression) of the rows `rows` of `data`.
  public func predict(_ data: BinnedMatrix, rows: [Int]) -> [Double] {
    rawScores(data, rows: rows).map { objective.transform($0) }
  }
}
