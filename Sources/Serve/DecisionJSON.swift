import Render

/// JSON forms of decisions, shared by responses and the decision log (one encoder, so a logged row and the
/// answer a client got cannot disagree).
enum DecisionJSON {
  /// An estimate with its interval: `{"estimate", "ci_lower", "ci_upper"}`.
  static func interval(_ e: IntervalEstimate) -> JSONValue {
    .object([("estimate", .number(e.estimate)), ("ci_lower", .number(e.lower)), ("ci_upper", .number(e.upper))])
  }

  /// The reduction in churn probability the recommendation is predicted to bring (−effect, interval flipped);
  /// zero for `none`.
  static func reduction(_ d: EngineDecision) -> IntervalEstimate {
    guard let c = d.chosen else { return IntervalEstimate(estimate: 0, lower: 0, upper: 0) }
    return IntervalEstimate(estimate: -c.effect.estimate, lower: -c.effect.upper, upper: -c.effect.lower)
  }

  /// The recommendation's net value (zero for `none`).
  static func netValue(_ d: EngineDecision) -> IntervalEstimate {
    d.chosen?.netValue ?? IntervalEstimate(estimate: 0, lower: 0, upper: 0)
  }

  /// Every intervention's scores.
  static func alternatives(_ d: EngineDecision) -> JSONValue {
    .array(
      d.alternatives.map { a in
        .object([
          ("intervention", .string(a.intervention)), ("effect", interval(a.effect)),
          ("cost", .number(a.cost)), ("net_value", interval(a.netValue)),
        ])
      })
  }

  /// The response body for one decision.
  static func response(_ d: EngineDecision, decisionID: String, policyVersion: String) -> JSONValue {
    .object([
      ("decision_id", .string(decisionID)),
      ("customer_id", .string(d.customerID)),
      ("policy_version", .string(policyVersion)),
      ("churn_probability", .number(d.churnProbability)),
      ("recommended_intervention", .string(d.recommendation)),
      ("reason", .string(d.reason)),
      ("predicted_churn_reduction", interval(reduction(d))),
      ("net_value", interval(netValue(d))),
      ("alternatives", alternatives(d)),
    ])
  }

  /// A customer's inputs as a JSON object in schema order (missing values as null).
  static func inputs(_ c: CustomerInput, schema: InputSchema) -> JSONValue {
    var members: [(String, JSONValue)] = []
    for (spec, v) in zip(schema.fields, c.values) {
      switch v {
      case nil: members.append((spec.name, .null))
      case .number(let d)?: members.append((spec.name, .number(d)))
      case .category(let s)?: members.append((spec.name, .string(s)))
      case .boolean(let b)?: members.append((spec.name, .bool(b)))
      }
    }
    return .object(members)
  }
}
