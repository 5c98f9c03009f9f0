import Render
import Stats
import Testing

@testable import Serve

/// The service's compact JSON writer makes the same bytes as Render's `renderJSON(_, pretty: false)`, which
/// wrote every response and log row before it (so answers did not change when it came in).
@Suite("Compact JSON writer")
struct CompactJSONWriterTests {
  /// Writes `v` with the compact writer.
  static func write(_ v: JSONValue, into w: inout CompactJSONWriter) {
    switch v {
    case .null: w.null()
    case .bool(let b): w.bool(b)
    case .number(let d): w.number(d)
    case .int(let i): w.raw(Array(String(i).utf8))
    case .string(let s): w.string(s)
    case .array(let items):
      w.beginArray()
      for i in items { write(i, into: &w) }
      w.endArray()
    case .object(let members):
      w.beginObject()
      for (k, value) in members {
        w.dynamicMember(k)
        write(value, into: &w)
      }
      w.endObject()
    }
  }

  @Test("strings with quotes, backslashes, control characters and non-ASCII; numbers of every kind")
  func sameBytesAsRender() {
    let strings = [
      "", "plain", "say \"hi\"", "back\\slash", "tab\there", "line\nbreak\r\n", "\u{08}\u{0C}\u{01}\u{1F}\u{7F}",
      "Größe 電話 🙂", "é\u{301}", "/slash", String(repeating: "x\"", count: 40),
    ]
    let numbers: [Double] = [
      0, -0.0, 1, -1, 0.1, 1e-7, 123_456_789.125, 1e300, -2.5e-300, .nan, .infinity, -.infinity, 0.30000000000000004,
    ]
    let v = JSONValue.object(
      strings.enumerated().map { ("k\($0.offset)\($0.element)", .string($0.element)) } + [
        ("numbers", .array(numbers.map { .number($0) })), ("flags", .array([.bool(true), .bool(false), .null])),
        ("empty_array", .array([])), ("empty_object", .object([])),
        ("nested", .array([.object([("a", .array([.array([])]))]), .string("z")])),
      ])
    var w = CompactJSONWriter()
    Self.write(v, into: &w)
    #expect(w.text == renderJSON(v, pretty: false))
  }

  @Test("random strings of ASCII control, punctuation and multi-byte characters")
  func randomStrings() {
    var rng = SeededRNG(seed: 7)
    let alphabet: [Character] = ["a", "\"", "\\", "\n", "\u{00}", "\u{1B}", " ", "é", "💡", "\u{7F}", "/", "\t"]
    for _ in 0..<200 {
      let n = Int(rng.uniform() * 30)
      let s = String(
        (0..<n).map { _ in alphabet[min(alphabet.count - 1, Int(rng.uniform() * Double(alphabet.count)))] })
      var w = CompactJSONWriter()
      w.string(s)
      #expect(w.text == renderJSON(.string(s), pretty: false), "\(s.debugDescription)")
    }
  }

  @Test("a decision's response and log fields equal the Render-built JSON of the same members")
  func decisionJSON() {
    let effect = IntervalEstimate(estimate: -0.0812, lower: -0.13, upper: -0.031)
    let value = IntervalEstimate(estimate: 41.5, lower: 12.25, upper: 70.0)
    let d = EngineDecision(
      customerID: "C-\"7\"", churnProbability: 0.4321, recommendation: "call", reason: "best_net_value",
      alternatives: [
        InterventionScore(intervention: "call", effect: effect, cost: 15, netValue: value),
        InterventionScore(
          intervention: "discount", effect: IntervalEstimate(estimate: 0.01, lower: -0.02, upper: 0.04), cost: 99,
          netValue: IntervalEstimate(estimate: -120, lower: -150, upper: -90)),
      ])
    func interval(_ e: IntervalEstimate) -> JSONValue {
      .object([("estimate", .number(e.estimate)), ("ci_lower", .number(e.lower)), ("ci_upper", .number(e.upper))])
    }
    let alternatives = JSONValue.array(
      d.alternatives.map { a in
        .object([
          ("intervention", .string(a.intervention)), ("effect", interval(a.effect)), ("cost", .number(a.cost)),
          ("net_value", interval(a.netValue)),
        ])
      })
    let expected = JSONValue.object([
      ("decision_id", .string("id-1")), ("customer_id", .string(d.customerID)), ("policy_version", .string("v")),
      ("churn_probability", .number(d.churnProbability)), ("recommended_intervention", .string("call")),
      ("reason", .string("best_net_value")),
      ("predicted_churn_reduction", interval(IntervalEstimate(estimate: 0.0812, lower: 0.031, upper: 0.13))),
      ("net_value", interval(value)), ("alternatives", alternatives),
    ])
    let scores = DecisionJSON.alternatives(d)
    #expect(String(decoding: scores, as: UTF8.self) == renderJSON(alternatives, pretty: false))
    let body = DecisionJSON.response(d, decisionID: "id-1", policyVersion: "v", alternatives: scores)
    #expect(String(decoding: body, as: UTF8.self) == renderJSON(expected, pretty: false))
    let batch = DecisionJSON.batch(policyVersion: "v", bodies: [body, body])
    #expect(
      String(decoding: batch, as: UTF8.self)
        == renderJSON(
          .object([("policy_version", .string("v")), ("decisions", .array([expected, expected]))]), pretty: false))
  }
}
