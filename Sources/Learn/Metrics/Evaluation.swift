import Frame
import Stats

/// How well a model's predictions match outcomes on some frame.
///
/// Classifiers: AUC-ROC, PR-AUC (average precision), log-loss, Brier score, the confusion matrix with
/// accuracy/precision/recall/F1 at a threshold (0.5 by default; positive when p ≥ threshold), and the best
/// precision at 50% recall. Regressors: RMSE, MAE and R². Rows without a prediction or outcome are left
/// out and counted.
public struct Evaluation: Sendable, Reportable {
  public let task: ModelTask
  public let label: String
  public let rows: Int
  public let skippedRows: Int
  public let positives: Int
  public let auc: Double?
  public let prAUC: Double?
  public let logLoss: Double?
  public let brier: Double?
  public let precisionAt50Recall: Double?
  public let confusion: ConfusionMatrix?
  public let rmse: Double?
  public let mae: Double?
  public let r2: Double?

  /// Evaluates predictions `p` against outcomes `y` (NaN in either drops the row).
  public init(y: [Double], p: [Double], task: ModelTask, threshold: Double = 0.5, label: String = "predictions") throws
  {
    guard y.count == p.count else {
      throw ModelError.invalidInput("outcome has \(y.count) values but predictions have \(p.count)")
    }
    let keep = y.indices.filter { !y[$0].isNaN && !p[$0].isNaN }
    let yy = keep.map { y[$0] }, pp = keep.map { p[$0] }
    guard !yy.isEmpty else { throw ModelError.invalidInput("no rows with both an outcome and a prediction") }
    self.task = task
    self.label = label
    rows = yy.count
    skippedRows = y.count - yy.count
    positives = task == .classification ? Int(yy.reduce(0, +)) : 0
    if task == .classification {
      let both = positives > 0 && positives < yy.count
      auc = both ? try rocAUC(yy, pp) : nil
      prAUC = positives > 0 ? try averagePrecision(yy, pp) : nil
      logLoss = try Learn.logLoss(yy, pp)
      brier = try brierScore(yy, pp)
      precisionAt50Recall = positives > 0 ? try precisionAtRecall(yy, pp, recall: 0.5) : nil
      confusion = try ConfusionMatrix(yy, pp, threshold: threshold)
      rmse = nil
      mae = nil
      r2 = nil
    } else {
      auc = nil
      prAUC = nil
      logLoss = nil
      brier = nil
      precisionAt50Recall = nil
      confusion = nil
      var se = 0.0, ae = 0.0
      for i in yy.indices {
        se += (yy[i] - pp[i]) * (yy[i] - pp[i])
        ae += abs(yy[i] - pp[i])
      }
      rmse = (se / Double(yy.count)).squareRoot()
      mae = ae / Double(yy.count)
      r2 = rSquared(yy, pp)
    }
  }

  /// Evaluates a model on a frame (the frame must hold the outcome column).
  public init(model: any PredictiveModel, frame: DataFrame, threshold: Double = 0.5) throws {
    try self.init(
      y: model.outcome(frame), p: model.predict(frame), task: model.task, threshold: threshold,
      label: "\(model.kind.rawValue): \(model.design.formula)")
  }

  public var report: Report {
    var f: [Report.Field] = [.init("rows", .int(rows))]
    if skippedRows > 0 { f.append(.init("skipped_rows", .int(skippedRows))) }
    func add(_ name: String, _ v: Double?) { if let v { f.append(.init(name, .float(v))) } }
    if task == .classification {
      f.append(.init("positives", .int(positives)))
      add("auc", auc)
      add("pr_auc", prAUC)
      add("log_loss", logLoss)
      add("brier", brier)
      add("precision_at_50_recall", precisionAt50Recall)
      if let c = confusion {
        f.append(.init("threshold", .float(c.threshold)))
        add("accuracy", c.accuracy)
        add("precision", c.precision)
        add("recall", c.recall)
        add("f1", c.f1)
      }
    } else {
      add("rmse", rmse)
      add("mae", mae)
      add("r2", r2)
    }
    var items: [Report.Item] = [.fields(f)]
    if let c = confusion { items.append(.table(confusionFrame(c), title: "confusion matrix at \(c.threshold)")) }
    if skippedRows > 0 { items.append(.warning("\(skippedRows) rows had no prediction or outcome and were skipped")) }
    if auc == nil && task == .classification {
      items.append(.warning("only one class is present, so AUC is undefined"))
    }
    return Report(title: "Evaluation of \(label)", items: items)
  }
}
