import Causal
import Frame
import Learn
import Render
import Stats

/// An average effect: prints `label: estimate (SE) [95% CI]` with settings and warnings.
extension EffectEstimate: LangObject {
  public var typeName: String { "estimate" }
  public var summaryLine: String { "estimate (\(target.label), \(method))" }
  public var fieldNames: [String] {
    [
      "estimate", "se", "ci_low", "ci_high", "p_value", "n", "level", "target", "method", "n_treated", "n_control",
      "control_mean", "churn_reduction", "warnings", "scores",
    ]
  }
  public func field(_ name: String) -> Value? {
    if let v = CausalCommands.estimateFields(estimate).first(where: { $0.0 == name })?.1 { return v }
    switch name {
    case "target": return .string(target.rawValue)
    case "method": return .string(method)
    case "n_treated": return .int(nTreated)
    case "n_control": return .int(nControl)
    case "control_mean": return controlMean.map { .number($0) } ?? .missing
    case "churn_reduction": return .number(-estimate.value)
    case "warnings": return .list(warnings.map { .string($0) })
    case "scores": return scores.map { .column(Column(name: "score", floats: $0)) } ?? .missing
    default: return nil
    }
  }
}

/// Per-arm effects against a baseline.
struct MultiArmObject: LangObject {
  let effects: MultiArmEffects
  var typeName: String { "effects" }
  var report: Report { effects.report }
  var summaryLine: String { "effects (\(effects.effects.count) arms vs \(effects.baseline))" }
  var fieldNames: [String] { ["table", "arms", "baseline", "warnings"] + effects.effects.map(\.estimate.label) }
  func field(_ name: String) -> Value? {
    switch name {
    case "table": return .frame(effects.table)
    case "arms": return .list(effects.arms.map { .string($0) })
    case "baseline": return .string(effects.baseline)
    case "warnings": return .list(effects.warnings.map { .string($0) })
    default: return effects.effects.first { $0.estimate.label == name }.map { .object($0) }
    }
  }
}
