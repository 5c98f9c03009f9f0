import Frame
import Stats

/// Result of k-fold cross-validation: one score per fold and their mean ± sd.
public struct CrossValidationResult: Sendable, Reportable {
  public let recipe: ModelRecipe
  public let metric: String
  public let folds: Int
  public let seed: Int
  /// Per-fold scores in fold order.
  public let scores: [Double]
  /// Per-fold evaluations (all metrics).
  public let evaluations: [Evaluation]

  public var mean: Double { scores.reduce(0, +) / Double(max(scores.count, 1)) }
  /// Sample standard deviation (n − 1) across folds.
  public var sd: Double {
    guard scores.count > 1 else { return .nan }
    let m = mean
    return (scores.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(scores.count - 1)).squareRoot()
  }

  public var report: Report {
    let table = DataFrame.unchecked(
      columns: [
        Column(name: "fold", ints: Array(1...max(scores.count, 1)).prefix(scores.count).map { $0 }),
        Column(name: metric, floats: scores),
      ], rowCount: scores.count)
    return Report(
      title: "\(folds)-fold cross-validation of \(recipe.spec.kind.rawValue): \(recipe.formula)",
      items: [
        .fields([
          .init("metric", .string(metric)), .init("mean", .float(mean)), .init("sd", .float(sd)),
          .init("folds", .int(folds)), .init("seed", .int(seed)),
        ]),
        .table(table, title: "per fold"),
      ])
  }
}

/// Which number cross-validation reports per fold.
public enum CVMetric: String, Sendable, Codable, CaseIterable {
  case auc
  case prAUC = "pr_auc"
  case logLoss = "log_loss"
  case brier, accuracy, rmse, mae, r2

  func value(_ e: Evaluation) -> Double {
    switch self {
    case .auc: return e.auc ?? .nan
    case .prAUC: return e.prAUC ?? .nan
    case .logLoss: return e.logLoss ?? .nan
    case .brier: return e.brier ?? .nan
    case .accuracy: return e.confusion?.accuracy ?? .nan
    case .rmse: return e.rmse ?? .nan
    case .mae: return e.mae ?? .nan
    case .r2: return e.r2 ?? .nan
    }
  }
}

/// Out-of-fold predictions: each row is predicted by the model fitted on the other folds.
///
/// Folds are stratified by the outcome for classifiers (see ``stratifiedFolds(rows:k:strata:seed:)``).
/// Rows a fold's model cannot predict (dropped for missing values) get NaN. Also returns the fold of
/// each row and each fold's evaluation.
///
/// The k fits are independent, so they run concurrently (`threads` as in ``parallelFor(_:threads:_:)``:
/// 1 fits them one after another). Each fit is a function of its fold's rows only and every model's
/// result is the same for any thread count (nested parallel loops included), so the predictions are
/// identical for every `threads`; results are gathered in fold order and the error of the lowest failing
/// fold is the one thrown.
public func outOfFold(_ recipe: ModelRecipe, on frame: DataFrame, k: Int = 5, seed: Int = 42, threads: Int = 0)
  throws -> (predictions: [Double], folds: [Int], evaluations: [Evaluation])
{
  let task = try recipe.resolvedTask(on: frame)
  let n = frame.rowCount
  let strata = task == .classification ? strataLabels(try frame.column(recipe.formula.outcome)) : nil
  let fold = try stratifiedFolds(rows: n, k: k, strata: strata, seed: seed)
  let fits = try parallelMap(k, threads: threads) { f in
    try Interruption.check()
    let trainRows = (0..<n).filter { fold[$0] != f }
    let testRows = (0..<n).filter { fold[$0] == f }
    let model = try recipe.fit(on: frame.rows(trainRows))
    let test = frame.rows(testRows)
    let p = try model.predict(test)
    let eval = try Evaluation(y: model.outcome(test), p: p, task: task, label: "fold \(f + 1)")
    return (testRows: testRows, predictions: p, evaluation: eval)
  }
  var pred = [Double](repeating: .nan, count: n)
  for fit in fits {
    for (j, i) in fit.testRows.enumerated() { pred[i] = fit.predictions[j] }
  }
  return (pred, fold, fits.map(\.evaluation))
}

/// k-fold cross-validation of a recipe: fits k models, scores each on its held-out fold.
public func crossValidate(
  _ recipe: ModelRecipe, on frame: DataFrame, k: Int = 5, seed: Int = 42,
  metric: CVMetric? = nil
) throws -> CrossValidationResult {
  let task = try recipe.resolvedTask(on: frame)
  let m = metric ?? (task == .classification ? .auc : .r2)
  if task == .classification && [.rmse, .mae, .r2].contains(m)
    || task == .regression && ![.rmse, .mae, .r2].contains(m)
  {
    throw ModelError.invalidOption(
      name: "metric", value: m.rawValue,
      expected: task == .classification
        ? "auc, pr_auc, log_loss, brier or accuracy"
        : "rmse, mae or r2")
  }
  let (_, _, evals) = try outOfFold(recipe, on: frame, k: k, seed: seed)
  return CrossValidationResult(
    recipe: recipe, metric: m.rawValue, folds: k, seed: seed,
    scores: evals.map { m.value($0) }, evaluations: evals)
}
