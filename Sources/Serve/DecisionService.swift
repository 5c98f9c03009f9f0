import FoundationEssentials
import Render

/// The service's logic apart from HTTP: validate a body, decide, log durably, answer.
///
/// Every decision is logged before it is returned: `recommend` and `batch` return only after the group commit
/// holding their rows has committed, so a decision id a client has seen is in the log.
///
/// `recommend` scores through a ``MicroBatcher`` when one is given (concurrent requests share one batch
/// call); `recommend` and `outcome` honour an `Idempotency-Key` (see ``IdempotencyRecord``): the first request
/// with a key is decided and logged together with its response; a retry with the same key and the same request
/// gets that response again (same decision id, nothing logged twice), a different request with the key a 422.
public struct DecisionService: Sendable {
  /// The policy.
  public let engine: any DecisionEngine
  /// The request validator (schema and batch limit).
  public let validator: RequestValidator
  /// The decision log's writer.
  public let log: GroupCommitter
  /// Metrics.
  public let metrics: ServeMetrics
  /// Batches concurrent one-customer requests (nil = each request calls the engine itself).
  public let scorer: MicroBatcher?

  /// A service over `engine`, logging through `log`, batching `recommend` through `scorer` when given.
  public init(
    engine: any DecisionEngine, maxBatch: Int, log: GroupCommitter, metrics: ServeMetrics, scorer: MicroBatcher? = nil
  ) {
    self.engine = engine
    self.validator = RequestValidator(schema: engine.schema, maxBatch: maxBatch)
    self.log = log
    self.metrics = metrics
    self.scorer = scorer
  }

  /// `POST /v1/recommend`: one decision.
  public func recommend(_ body: JSONValue, idempotencyKey: String? = nil) async throws -> ServiceReply {
    let input = try validator.single(body)
    let inputsJSON = DecisionJSON.inputs(input, schema: engine.schema)
    let canonical = idempotencyKey.map { _ in
      DecisionJSON.canonicalRequest(customerID: input.customerID, inputs: inputsJSON)
    }
    if let key = idempotencyKey, let canonical,
      let replay = try await replay(key, route: .recommend, request: canonical)
    {
      return replay
    }
    let scoringStart = ContinuousClock.now
    let decision: EngineDecision
    if let scorer {
      switch await scorer.decide(input) {
      case .success(let d): decision = d
      case .failure(let e): throw Self.unprocessable(e, path: { _ in "" })
      }
    } else {
      decision = try decide([input], path: { _ in "" })[0]
    }
    let scored = ContinuousClock.now
    let (records, bodies) = logRecords([input], [decision], inputsJSON: [inputsJSON])
    let reply = ServiceReply(status: 200, body: String(decoding: bodies[0], as: UTF8.self))
    let logStart = ContinuousClock.now
    let answer = try await commit(
      records, reply: reply, key: idempotencyKey, route: .recommend, request: canonical, decisions: [decision])
    metrics.recommendStages(scoring: scored - scoringStart, log: ContinuousClock.now - logStart)
    return answer
  }

  /// `POST /v1/recommend/batch`: `{"decisions": [...]}` in input order.
  public func batch(_ body: JSONValue) async throws -> ServiceReply {
    let inputs = try validator.batch(body)
    let decisions = try decide(inputs, path: { "customers[\($0)]." })
    let schema = engine.schema
    let (records, bodies) = logRecords(
      inputs, decisions, inputsJSON: inputs.map { DecisionJSON.inputs($0, schema: schema) })
    let reply = ServiceReply(
      status: 200,
      body: String(decoding: DecisionJSON.batch(policyVersion: engine.policyVersion, bodies: bodies), as: UTF8.self))
    return try await commit(records, reply: reply, key: nil, route: .batch, request: nil, decisions: decisions)
  }

  /// `POST /v1/outcomes`: logs an outcome for a logged decision (404 for an unknown decision id).
  public func outcome(_ body: JSONValue, idempotencyKey: String? = nil) async throws -> ServiceReply {
    let o = try OutcomeInput.parse(body)
    let canonical = idempotencyKey.map { _ in
      renderJSON(
        .object([("decision_id", .string(o.decisionID)), ("churned", .bool(o.churned)), ("date", .string(o.date))]),
        pretty: false)
    }
    if let key = idempotencyKey, let canonical, let replay = try await replay(key, route: .outcomes, request: canonical)
    {
      return replay
    }
    guard try await log.containsDecision(o.decisionID) else {
      throw APIError(
        status: 404, code: "unknown_decision", message: "no decision with this id is in the log",
        fields: [
          FieldProblem(
            field: "decision_id", problem: "not found in the decision log; use an id a recommendation returned")
        ])
    }
    let reply = ServiceReply(
      status: 201,
      body: renderJSON(
        .object([("status", .string("recorded")), ("decision_id", .string(o.decisionID))]), pretty: false))
    let record = LogRecord.outcome(
      OutcomeRecord(time: utcTimestamp(), decisionID: o.decisionID, churned: o.churned, date: o.date))
    return try await commit(
      [record], reply: reply, key: idempotencyKey, route: .outcomes, request: canonical, decisions: [])
  }

  /// The engine's decisions for `inputs`; a rejection becomes a 422 naming the fields (`path(i)` prefixes
  /// customer i's field names).
  private func decide(_ inputs: [CustomerInput], path: (Int) -> String) throws -> [EngineDecision] {
    let decisions: [EngineDecision]
    do { decisions = try engine.decide(inputs) } catch { throw Self.unprocessable(error, path: path) }
    guard decisions.count == inputs.count else {
      throw EngineContractError(expected: inputs.count, got: decisions.count)
    }
    return decisions
  }

  /// An engine rejection as the 422 the client gets; any other error unchanged.
  static func unprocessable(_ error: any Error, path: (Int) -> String) -> any Error {
    guard let r = error as? EngineRejection else { return error }
    var problems: [FieldProblem] = []
    for c in r.customers {
      let names =
        c.fields.isEmpty
        ? [path(c.index).isEmpty ? "$" : String(path(c.index).dropLast())] : c.fields.map { path(c.index) + $0 }
      for n in names { problems.append(FieldProblem(field: n, problem: c.problem)) }
    }
    return APIError(
      status: 422, code: "unprocessable",
      message:
        "the policy cannot score \(r.customers.count) customer\(r.customers.count == 1 ? "" : "s") with these values; see fields",
      fields: problems)
  }

  /// The log rows and response bodies of decisions (a fresh random decision id each); `inputsJSON[i]` is
  /// `DecisionJSON.inputs` of `inputs[i]`. Each decision's alternatives are written once, for both.
  private func logRecords(
    _ inputs: [CustomerInput], _ decisions: [EngineDecision], inputsJSON: [[UInt8]]
  ) -> ([LogRecord], [[UInt8]]) {
    let time = utcTimestamp()
    var records: [LogRecord] = []
    var bodies: [[UInt8]] = []
    records.reserveCapacity(inputs.count)
    bodies.reserveCapacity(inputs.count)
    for ((input, d), inputJSON) in zip(zip(inputs, decisions), inputsJSON) {
      let id = UUID().uuidString.lowercased()
      let scores = DecisionJSON.alternatives(d)
      bodies.append(
        DecisionJSON.response(d, decisionID: id, policyVersion: engine.policyVersion, alternatives: scores))
      records.append(
        .decision(
          DecisionRecord(
            time: time, decisionID: id, customerID: input.customerID, policyVersion: engine.policyVersion,
            inputsJSON: String(decoding: inputJSON, as: UTF8.self),
            churnProbability: d.churnProbability, recommendation: d.recommendation,
            reduction: DecisionJSON.reduction(d), netValue: DecisionJSON.netValue(d),
            scoresJSON: String(decoding: scores, as: UTF8.self))))
    }
    return (records, bodies)
  }

  /// Commits `records` (with the key and `reply` when a key was given) and returns `reply`; when another
  /// request committed the key first, answers as a retry of that one.
  private func commit(
    _ records: [LogRecord], reply: ServiceReply, key: String?, route: ServeRoute, request: String?,
    decisions: [EngineDecision]
  ) async throws -> ServiceReply {
    var entry = LogEntry(records: records)
    if let key, let request {
      entry.idempotency = IdempotencyRecord(
        key: key, route: route.rawValue, request: request, status: reply.status,
        response: reply.body, time: utcTimestamp())
    }
    do {
      try await log.append(entry)
    } catch is IdempotencyConflictError {
      guard let key, let request, let replay = try await replay(key, route: route, request: request) else {
        throw LogUnavailableError(cause: "an idempotency key was refused by the log but cannot be read back")
      }
      return replay
    }
    for d in decisions { metrics.decision(d.recommendation) }
    return reply
  }

  /// The first response to `key` when the key is in the log with the same route and request; a 422 when it was
  /// used for another request; nil when it is new.
  private func replay(_ key: String, route: ServeRoute, request: String) async throws -> ServiceReply? {
    guard let first = try await log.idempotency(key) else { return nil }
    guard first.route == route.rawValue, first.request == request else {
      let what = first.route == route.rawValue ? "a request with a different body" : "a request to \(first.route)"
      throw APIError(
        status: 422, code: "idempotency_key_reused",
        message:
          "this Idempotency-Key was first used at \(first.time) for \(what); send a new key for a new request, or the same body to get the first answer again",
        fields: [FieldProblem(field: "Idempotency-Key", problem: "already used for a different request")])
    }
    metrics.idempotentReplay(route: route.rawValue)
    return ServiceReply(status: first.status, body: first.response, replayed: true)
  }
}

/// A response body the service made (or replays from the log) with its status.
public struct ServiceReply: Sendable, Equatable {
  /// The HTTP status.
  public var status: Int
  /// The JSON body, rendered.
  public var body: String
  /// Whether this is the stored first answer to an earlier request with the same idempotency key.
  public var replayed: Bool

  /// A reply from its parts.
  public init(status: Int, body: String, replayed: Bool = false) {
    self.status = status
    self.body = body
    self.replayed = replayed
  }
}

/// An engine returned a different number of decisions than customers it was given (a server bug, not input).
struct EngineContractError: Error, CustomStringConvertible {
  let expected: Int
  let got: Int
  var description: String { "decision engine returned \(got) decisions for \(expected) customers" }
}
