import Causal
import Frame
import Learn
import Policy

/// A retention policy as a language value; its training distributions feed `drift NEW against pol`.
struct PolicyObject: LangObject, FeatureReferenceSource {
  let policy: RetentionPolicy
  var typeName: String { "policy" }
  var report: Report { policy.report }
  var summaryLine: String { "policy (\(policy.arms.joined(separator: ", ")))" }
  var featureReferences: [FeatureReference] { policy.reference }
  var fieldNames: [String] { ["arms", "costs", "value", "threshold", "features", "version"] }
  func field(_ name: String) -> Value? {
    switch name {
    case "arms": return .list(policy.arms.map { .string($0) })
    case "costs": return .record(Record(policy.interventions.map { ($0.name, .number($0.cost)) }))
    case "value": return .string(policy.value.text)
    case "threshold": return .number(policy.rule.threshold)
    case "features": return .list(policy.schema.names.map { .string($0) })
    case "version": return (try? PolicyFile.version(of: policy)).map { .string($0) } ?? .missing
    default: return nil
    }
  }
}

/// The result of `recommend`: prints the summary; `.table` holds one row per customer.
struct RecommendationsObject: LangObject {
  let recommendations: PolicyRecommendations
  var typeName: String { "recommendations" }
  var report: Report { recommendations.report }
  var summaryLine: String { "recommendations (\(recommendations.count) customers)" }
  var fieldNames: [String] {
    [
      "table", "summary", "reasons", "customers", "treated", "total_cost", "churn_prevented", "value_saved",
      "net_value",
    ]
  }
  func field(_ name: String) -> Value? {
    let t = recommendations.totals()
    switch name {
    case "table": return .frame(recommendations.table)
    case "summary": return .frame(recommendations.summary)
    case "reasons": return .frame(recommendations.reasons)
    case "customers": return .int(t.customers)
    case "treated": return .int(t.treated)
    case "total_cost": return .number(t.cost)
    case "churn_prevented": return .number(t.churnPrevented)
    case "value_saved": return .number(t.valueSaved)
    case "net_value": return .number(t.netValue)
    default: return nil
    }
  }
}
