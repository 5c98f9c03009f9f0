import Causal
import Frame
import Learn
import Policy
import Render
import Stats

/// A fitted model as a language value (`model`): prints its summary; fields for its parts.
struct ModelObject: LangObject {
  let model: any PredictiveModel

  var typeName: String { "model" }
  var report: Report { model.report }
  var summaryLine: String { "model (\(model.kind.rawValue): \(model.design.formula))" }

  var warnings: [String] {
    switch model {
    case let m as LogisticRegression: return m.warnings
    case let m as LinearRegression: return m.warnings
    case let m as RandomForest: return m.warnings
    case let m as GradientBoosting: return m.warnings
    default: return []
    }
  }

  var fieldNames: [String] {
    [
      "kind", "task", "formula", "outcome", "features", "coefficients", "importance", "oob_score", "oob", "rounds",
      "best_round", "trees", "log_likelihood", "pseudo_r2", "r_squared", "converged",
    ]
  }

  func field(_ name: String) -> Value? {
    switch name {
    case "kind": return .string(model.kind.rawValue)
    case "task": return .string(model.task.rawValue)
    case "formula": return .formula(model.design.formula)
    case "outcome": return .string(model.design.formula.outcome)
    case "features": return .list(model.design.columnNames.map { .string($0) })
    case "coefficients":
      if let m = model as? LogisticRegression { return .frame(coefficientTable(m.table, "z")) }
      if let m = model as? LinearRegression {
        return .frame(coefficientTable(m.table, m.statisticName))
      }
      return nil
    case "importance": return .frame(importance)
    case "oob_score": return (model as? RandomForest)?.oobScore.map { .number($0) }
    case "oob": return (model as? RandomForest)?.oobPredictions.map { .column(Column(name: "oob", floats: $0)) }
    case "rounds": return (model as? GradientBoosting).map { .int($0.trees.count) }
    case "best_round": return (model as? GradientBoosting)?.bestRound.map { .int($0) }
    case "trees": return (model as? RandomForest).map { .int($0.trees.count) }
    case "log_likelihood": return (model as? LogisticRegression).map { .number($0.logLikelihood) }
    case "pseudo_r2": return (model as? LogisticRegression).map { .number($0.pseudoR2) }
    case "r_squared": return (model as? LinearRegression).map { .number($0.rSquared) }
    case "converged": return (model as? LogisticRegression).map { .bool($0.converged) }
    default: return nil
    }
  }

  /// The model's own importance measure as a frame (feature, importance).
  var importance: DataFrame {
    switch model {
    case let m as RandomForest: return ModelObject.importanceFrame(m.impurityImportance, "importance")
    case let m as GradientBoosting: return ModelObject.importanceFrame(m.gainImportance, "importance")
    case let m as LogisticRegression: return ModelObject.zImportance(m.table)
    case let m as LinearRegression: return ModelObject.zImportance(m.table)
    default: return DataFrame()
    }
  }

  static func importanceFrame(_ rows: [(feature: String, importance: Double)], _ name: String) -> DataFrame {
    DataFrame.unchecked(
      columns: [
        Column(name: "feature", strings: rows.map(\.feature)),
        Column(name: name, floats: rows.map(\.importance)),
      ], rowCount: rows.count)
  }

  static func zImportance(_ table: [Coefficient]) -> DataFrame {
    let rows = table.filter { $0.term != DesignSpec.interceptName }
      .map { (feature: $0.term, importance: abs($0.statistic)) }
      .sorted { $0.importance != $1.importance ? $0.importance > $1.importance : $0.feature < $1.feature }
    return importanceFrame(rows, "importance")
  }

  func coefficientTable(_ rows: [Coefficient], _ stat: String) -> DataFrame {
    DataFrame.unchecked(
      columns: [
        Column(name: "term", strings: rows.map(\.term)), Column(name: "estimate", floats: rows.map(\.estimate)),
        Column(name: "std_error", floats: rows.map(\.standardError)), Column(name: stat, floats: rows.map(\.statistic)),
        Column(name: "p_value", floats: rows.map(\.pValue)), Column(name: "ci_low", floats: rows.map(\.ciLow)),
        Column(name: "ci_high", floats: rows.map(\.ciHigh)),
      ], rowCount: rows.count)
  }
}
