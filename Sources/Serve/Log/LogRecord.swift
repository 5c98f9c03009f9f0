/// One row for the decision log.
public enum LogRecord: Sendable, Equatable {
  /// A recommendation that was (about to be) returned to a client.
  case decision(DecisionRecord)
  /// A reported outcome.
  case outcome(OutcomeRecord)
}

/// A logged recommendation: when, which decision, whose, under which policy, the inputs and the scores.
public struct DecisionRecord: Sendable, Equatable {
  /// UTC time, ISO 8601 with milliseconds.
  public var time: String
  /// The decision id returned to the client.
  public var decisionID: String
  /// The customer id.
  public var customerID: String
  /// The policy version that decided.
  public var policyVersion: String
  /// The validated inputs as a JSON object (schema order).
  public var inputsJSON: String
  /// Predicted churn probability without intervention.
  public var churnProbability: Double
  /// The recommended intervention or `none`.
  public var recommendation: String
  /// Predicted churn reduction of the recommendation, with its 95% CI (zeros for `none`).
  public var reduction: IntervalEstimate
  /// Net value of the recommendation, with its 95% CI (zeros for `none`).
  public var netValue: IntervalEstimate
  /// Every intervention's scores as a JSON array (the response's `alternatives`).
  public var scoresJSON: String

  /// A record from its parts.
  public init(
    time: String, decisionID: String, customerID: String, policyVersion: String, inputsJSON: String,
    churnProbability: Double, recommendation: String, reduction: IntervalEstimate,
    netValue: IntervalEstimate, scoresJSON: String
  ) {
    self.time = time
    self.decisionID = decisionID
    self.customerID = customerID
    self.policyVersion = policyVersion
    self.inputsJSON = inputsJSON
    self.churnProbability = churnProbability
    self.recommendation = recommendation
    self.reduction = reduction
    self.netValue = netValue
    self.scoresJSON = scoresJSON
  }
}

/// A logged outcome.
public struct OutcomeRecord: Sendable, Equatable {
  /// UTC time the outcome was received, ISO 8601 with milliseconds.
  public var time: String
  /// The decision it belongs to.
  public var decisionID: String
  /// Whether the customer churned.
  public var churned: Bool
  /// The outcome's date, `YYYY-MM-DD`.
  public var date: String

  /// A record from its parts.
  public init(time: String, decisionID: String, churned: Bool, date: String) {
    self.time = time
    self.decisionID = decisionID
    self.churned = churned
    self.date = date
  }
}

/// A request's idempotency key and the answer it got, kept in the log (table `idempotency`, key UNIQUE) in the
/// same transaction as the records the request wrote, so a retry — even after a restart, or on another
/// replica sharing a PostgreSQL log — is answered with the first response instead of being decided again.
public struct IdempotencyRecord: Sendable, Equatable {
  /// The client's `Idempotency-Key` header value.
  public var key: String
  /// The route the key was used on (`/v1/recommend`, `/v1/outcomes`).
  public var route: String
  /// The request in canonical form (validated values, fixed member order): a retry must match it exactly.
  public var request: String
  /// The HTTP status of the first response.
  public var status: Int
  /// The first response's body, byte for byte.
  public var response: String
  /// UTC time of the first request, ISO 8601 with milliseconds.
  public var time: String

  /// A record from its parts.
  public init(key: String, route: String, request: String, status: Int, response: String, time: String) {
    self.key = key
    self.route = route
    self.request = request
    self.status = status
    self.response = response
    self.time = time
  }
}

/// What one request writes: its records and, when it carried an `Idempotency-Key`, the key with its answer.
/// A group commit writes many entries in one transaction.
public struct LogEntry: Sendable, Equatable {
  /// The decision or outcome rows.
  public var records: [LogRecord]
  /// The idempotency key and response, if any.
  public var idempotency: IdempotencyRecord?

  /// An entry from its parts.
  public init(records: [LogRecord], idempotency: IdempotencyRecord? = nil) {
    self.records = records
    self.idempotency = idempotency
  }

  /// Indices of entries whose key an earlier entry of the same list already uses (the first one wins).
  static func repeatedKeys(_ entries: [LogEntry]) -> Set<Int> {
    var seen = Set<String>(), repeated = Set<Int>()
    for (i, e) in entries.enumerated() {
      guard let k = e.idempotency?.key else { continue }
      if !seen.insert(k).inserted { repeated.insert(i) }
    }
    return repeated
  }
}

/// Where the decision log lives. `append` returns only once the records are committed durably (see the store's
/// documentation for what "durably" covers).
///
/// Idempotency keys expire (``IdempotencyRetention``): every call that looks at keys takes the cutoff, the
/// first-request time before which a key counts as forgotten.
public protocol DecisionLogStore: Sendable {
  /// Appends the entries in one transaction, except those whose idempotency key is already in the log with a
  /// first-request time at or after `cutoff` (or used by an earlier entry of the list): none of their records is
  /// written. An expired key is replaced by the new entry's. Returns the refused entries' indices.
  func append(_ entries: [LogEntry], keysExpireBefore cutoff: String) async throws -> Set<Int>
  /// Whether a decision with this id is in the log.
  func containsDecision(_ id: String) async throws -> Bool
  /// The committed record of an idempotency key whose first request was at or after `cutoff`, if any.
  func idempotency(_ key: String, notBefore cutoff: String) async throws -> IdempotencyRecord?
  /// Deletes the idempotency keys first used before `cutoff`; returns how many.
  func pruneKeys(before cutoff: String) async throws -> Int
  /// Checks that the log can take a write transaction now (for `/ready`); throws the reason when it cannot.
  func probe() async throws
}

extension DecisionLogStore {
  /// Appends records without an idempotency key in one transaction.
  public func append(_ records: [LogRecord]) async throws {
    _ = try await append([LogEntry(records: records)], keysExpireBefore: "")
  }
}
