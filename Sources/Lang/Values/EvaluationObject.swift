import Causal
import Frame
import Learn
import Policy
import Render
import Stats

/// An evaluation as a language value (`evaluation`): prints its report; fields for each metric.
struct EvaluationObject: LangObject {
  let evaluation: Evaluation
  var typeName: String { "evaluation" }
  var report: Report { evaluation.report }
  var fieldNames: [String] {
    [
      "auc", "pr_auc", "log_loss", "brier", "precision_at_50_recall", "accuracy", "precision", "recall", "f1",
      "confusion", "rows", "rmse", "mae", "r2",
    ]
  }

  func field(_ name: String) -> Value? {
    let e = evaluation
    func num(_ v: Double?) -> Value? { v.map { .number($0) } }
    switch name {
    case "auc": return num(e.auc)
    case "pr_auc": return num(e.prAUC)
    case "log_loss": return num(e.logLoss)
    case "brier": return num(e.brier)
    case "precision_at_50_recall": return num(e.precisionAt50Recall)
    case "accuracy": return num(e.confusion?.accuracy)
    case "precision": return num(e.confusion?.precision)
    case "recall": return num(e.confusion?.recall)
    case "f1": return num(e.confusion?.f1)
    case "confusion": return e.confusion.map { .frame(confusionFrame($0)) }
    case "rows": return .int(e.rows)
    case "rmse": return num(e.rmse)
    case "mae": return num(e.mae)
    case "r2": return num(e.r2)
    default: return nil
    }
  }
}
