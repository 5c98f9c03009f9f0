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
  public init(time: String, decisionID: String, customerID: String, policyVersion: String, inputsJSON: String,
              churnProbability: Double, recommendation: String, reduction: IntervalEstimate,
              netValue: IntervalEstimate, scoresJSON: String) {
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

/// Where the decision log lives. `append` returns only once the records are committed durably (see the store's
/// documentation for what "durably" covers).
public protocol DecisionLogStore: Sendable {
  /// Appends records in one transaction.
  func append(_ records: [LogRecord]) async throws
  /// Whether a decision with this id is in the log.
  func containsDecision(_ id: String) async throws -> Bool
}
