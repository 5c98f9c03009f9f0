/// A ``Stats/Estimate`` as a language value: prints as `label: estimate (SE) [95% CI]`, and exposes
/// `value`, `se`, `ci_low`, `ci_high`, `level`, `p_value`, `n` and `method` as fields.
///
/// Return `.object(EstimateValue(e))` from a command that produces a single estimate.
public struct EstimateValue: LangObject {
  public var estimate: Estimate

  public init(_ estimate: Estimate) { self.estimate = estimate }

  public var typeName: String { "estimate" }

  public var fieldNames: [String] { ["label", "value", "se", "ci_low", "ci_high", "level", "p_value", "n", "method"] }

  public func field(_ name: String) -> Value? {
    let e = estimate
    switch name {
    case "label": return .string(e.label)
    case "value": return .number(e.value)
    case "se": return .number(e.se)
    case "ci_low": return .number(e.ciLow)
    case "ci_high": return .number(e.ciHigh)
    case "level": return .number(e.level)
    case "p_value": return e.pValue.map { .number($0) } ?? .missing
    case "n": return e.n.map { .int($0) } ?? .missing
    case "method": return e.method.map { .string($0) } ?? .missing
    default: return nil
    }
  }

  public var report: Report { Report(title: estimate.label, items: [.estimate(estimate)]) }

  public var summaryLine: String { "estimate \(estimate.label) = \(formatScalar(estimate.value))" }

  public var json: JSONValue { jsonValue(estimate) }
}
