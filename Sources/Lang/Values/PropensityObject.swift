import Causal
import Frame
import Learn
import Render
import Stats

/// Propensity scores with the frame rows they belong to (for `trim` and `balance`).
struct PropensityObject: LangObject {
  let scores: PropensityScores
  let frame: DataFrame
  /// Frame row of each score.
  let rows: [Int]
  let design: DesignMatrix

  var typeName: String { "propensity" }
  var report: Report { scores.report }
  var summaryLine: String { "propensity (\(scores.learner), \(scores.scores.count) rows)" }
  var fieldNames: [String] { ["scores", "treatment", "auc", "learner", "folds", "rows"] }
  func field(_ name: String) -> Value? {
    switch name {
    case "scores": return .column(Column(name: "propensity", floats: scores.scores))
    case "treatment": return .column(Column(name: scores.treatmentName, floats: scores.treatment))
    case "auc": return .number(scores.auc)
    case "learner": return .string(scores.learner)
    case "folds": return .int(scores.folds)
    case "rows": return .column(Column(name: "row", ints: rows))
    default: return nil
    }
  }
}
