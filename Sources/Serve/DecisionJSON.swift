/// JSON forms of decisions, shared by responses and the decision log (one encoder, so a logged row and the
/// answer a client got cannot disagree). Written with ``CompactJSONWriter``: the bytes equal
/// `renderJSON(_, pretty: false)` of the same members in the same order.
enum DecisionJSON {
  /// An estimate with its interval: `{"estimate", "ci_lower", "ci_upper"}`.
  static func interval(_ e: IntervalEstimate, into w: inout CompactJSONWriter) {
    w.beginObject()
    w.member("estimate", e.estimate)
    w.member("ci_lower", e.lower)
    w.member("ci_upper", e.upper)
    w.endObject()
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

  /// Every intervention's scores: `[{"intervention", "effect", "cost", "net_value"}, …]` (the response's
  /// `alternatives`, the log's `scores`).
  static func alternatives(_ d: EngineDecision) -> [UInt8] {
    var w = CompactJSONWriter(capacity: 160 * d.alternatives.count + 2)
    w.beginArray()
    for a in d.alternatives {
      w.beginObject()
      w.member("intervention", a.intervention)
      w.member("effect")
      interval(a.effect, into: &w)
      w.member("cost", a.cost)
      w.member("net_value")
      interval(a.netValue, into: &w)
      w.endObject()
    }
    w.endArray()
    return w.bytes
  }

  /// The response body for one decision; `alternatives` is ``alternatives(_:)`` of the same decision.
  static func response(
    _ d: EngineDecision, decisionID: String, policyVersion: String, alternatives: [UInt8]
  ) -> [UInt8] {
    var w = CompactJSONWriter(capacity: alternatives.count + 512)
    w.beginObject()
    w.member("decision_id", decisionID)
    w.member("customer_id", d.customerID)
    w.member("policy_version", policyVersion)
    w.member("churn_probability", d.churnProbability)
    w.member("recommended_intervention", d.recommendation)
    w.member("reason", d.reason)
    w.member("predicted_churn_reduction")
    interval(reduction(d), into: &w)
    w.member("net_value")
    interval(netValue(d), into: &w)
    w.member("alternatives")
    w.raw(alternatives)
    w.endObject()
    return w.bytes
  }

  /// A customer's inputs as a JSON object in schema order (missing values as null).
  static func inputs(_ c: CustomerInput, schema: InputSchema) -> [UInt8] {
    var w = CompactJSONWriter(capacity: 32 * schema.fields.count + 2)
    w.beginObject()
    for (spec, v) in zip(schema.fields, c.values) {
      w.dynamicMember(spec.name)
      switch v {
      case nil: w.null()
      case .number(let d)?: w.number(d)
      case .category(let s)?: w.string(s)
      case .boolean(let b)?: w.bool(b)
      }
    }
    w.endObject()
    return w.bytes
  }

  /// The validated request in a fixed form, `{"customer_id", "inputs"}` (`inputs` is ``inputs(_:schema:)``: the
  /// schema's fields in order), so an idempotent retry that orders members differently or writes numbers
  /// differently still matches.
  static func canonicalRequest(customerID: String, inputs: [UInt8]) -> String {
    var w = CompactJSONWriter(capacity: inputs.count + 64)
    w.beginObject()
    w.member("customer_id", customerID)
    w.member("inputs")
    w.raw(inputs)
    w.endObject()
    return w.text
  }

  /// The batch response: `{"policy_version", "decisions": [bodies…]}`.
  static func batch(policyVersion: String, bodies: [[UInt8]]) -> [UInt8] {
    var w = CompactJSONWriter(capacity: bodies.reduce(64) { $0 + $1.count + 1 })
    w.beginObject()
    w.member("policy_version", policyVersion)
    w.member("decisions")
    w.beginArray()
    for b in bodies { w.raw(b) }
    w.endArray()
    w.endObject()
    return w.bytes
  }
}
