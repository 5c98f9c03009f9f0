import FoundationEssentials
import Render

/// The service's logic apart from HTTP: validate a body, decide, log durably, answer.
///
/// Every decision is logged before it is returned: `recommend` and `batch` return only after the group commit
/// holding their rows has committed, so a decision id a client has seen is in the log.
public struct DecisionService: Sendable {
  /// The policy.
  public let engine: any DecisionEngine
  /// The request validator (schema and batch limit).
  public let validator: RequestValidator
  /// The decision log's writer.
  public let log: GroupCommitter
  /// Metrics.
  public let metrics: ServeMetrics

  /// A service over `engine`, logging through `log`.
  public init(engine: any DecisionEngine, maxBatch: Int, log: GroupCommitter, metrics: ServeMetrics) {
    self.engine = engine
    self.validator = RequestValidator(schema: engine.schema, maxBatch: maxBatch)
    self.log = log
    self.metrics = metrics
  }

  /// `POST /v1/recommend`: one decision.
  public func recommend(_ body: JSONValue) async throws -> JSONValue {
    let input = try validator.single(body)
    return try await decideAndLog([input], path: { _ in "" })[0]
  }

  /// `POST /v1/recommend/batch`: `{"decisions": [...]}` in input order.
  public func batch(_ body: JSONValue) async throws -> JSONValue {
    let inputs = try validator.batch(body)
    return .object([("policy_version", .string(engine.policyVersion)), ("decisions", .array(try await decideAndLog(inputs, path: { "customers[\($0)]." })))])
  }

  /// `POST /v1/outcomes`: logs an outcome for a logged decision (404 for an unknown decision id).
  public func outcome(_ body: JSONValue) async throws -> JSONValue {
    let o = try OutcomeInput.parse(body)
    guard try await log.containsDecision(o.decisionID) else {
      throw APIError(status: 404, code: "unknown_decision", message: "no decision with this id is in the log",
                     fields: [FieldProblem(field: "decision_id", problem: "not found in the decision log; use an id a recommendation returned")])
    }
    try await log.append([.outcome(OutcomeRecord(time: utcTimestamp(), decisionID: o.decisionID, churned: o.churned, date: o.date))])
    return .object([("status", .string("recorded")), ("decision_id", .string(o.decisionID))])
  }

  /// Decides, logs (waiting for the commit) and returns the response bodies; `path(i)` prefixes customer i's
  /// field names in errors.
  private func decideAndLog(_ inputs: [CustomerInput], path: (Int) -> String) async throws -> [JSONValue] {
    let decisions: [EngineDecision]
    do { decisions = try engine.decide(inputs) } catch let r as EngineRejection {
      var problems: [FieldProblem] = []
      for c in r.customers {
        let names = c.fields.isEmpty ? [path(c.index).isEmpty ? "$" : String(path(c.index).dropLast())] : c.fields.map { path(c.index) + $0 }
        for n in names { problems.append(FieldProblem(field: n, problem: c.problem)) }
      }
      throw APIError(status: 422, code: "unprocessable", message: "the policy cannot score \(r.customers.count) customer\(r.customers.count == 1 ? "" : "s") with these values; see fields", fields: problems)
    }
    guard decisions.count == inputs.count else { throw EngineContractError(expected: inputs.count, got: decisions.count) }
    let time = utcTimestamp()
    var records: [LogRecord] = []
    var bodies: [JSONValue] = []
    records.reserveCapacity(inputs.count)
    bodies.reserveCapacity(inputs.count)
    for (input, d) in zip(inputs, decisions) {
      let id = UUID().uuidString.lowercased()
      let body = DecisionJSON.response(d, decisionID: id, policyVersion: engine.policyVersion)
      records.append(.decision(DecisionRecord(
        time: time, decisionID: id, customerID: input.customerID, policyVersion: engine.policyVersion,
        inputsJSON: renderJSON(DecisionJSON.inputs(input, schema: engine.schema), pretty: false),
        churnProbability: d.churnProbability, recommendation: d.recommendation,
        reduction: DecisionJSON.reduction(d), netValue: DecisionJSON.netValue(d),
        scoresJSON: renderJSON(DecisionJSON.alternatives(d), pretty: false))))
      bodies.append(body)
    }
    try await log.append(records)
    for d in decisions { metrics.decision(d.recommendation) }
    return bodies
  }
}

/// An engine returned a different number of decisions than customers it was given (a server bug, not input).
struct EngineContractError: Error, CustomStringConvertible {
  let expected: Int
  let got: Int
  var description: String { "decision engine returned \(got) decisions for \(expected) customers" }
}
