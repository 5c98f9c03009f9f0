/// What the decision service needs from a policy: the schema of one customer's input, a version label, and a
/// batch decision function.
///
/// The server validates every request against `schema` before calling `decide`, so an engine receives only
/// well-typed, in-range values with known category levels. `decide` must be deterministic: the same inputs give
/// the same decisions (the service's answers equal the in-process `recommend`).
public protocol DecisionEngine: Sendable {
  /// The input fields a request carries besides the customer id, in the policy's order.
  var schema: InputSchema { get }
  /// The policy's version label (written into every response and log row).
  var policyVersion: String { get }
  /// The intervention names the policy can recommend (without `none`), in the policy's order.
  var interventions: [String] { get }
  /// Decides for each customer, in input order. Throws ``EngineRejection`` when well-typed input still cannot be
  /// scored (e.g. a value expression that overflows); the service answers 422 naming those customers' fields.
  func decide(_ customers: [CustomerInput]) throws -> [EngineDecision]
}

/// Customers whose valid-looking input the policy cannot score: for each, its position in the request, the
/// fields involved and why.
public struct EngineRejection: Error, Sendable {
  /// One refused customer.
  public struct Customer: Sendable {
    /// Position in the request's customer list.
    public var index: Int
    /// The fields involved (may be empty when the policy does not say).
    public var fields: [String]
    /// The policy's message.
    public var problem: String

    /// A refusal from its parts.
    public init(index: Int, fields: [String], problem: String) {
      self.index = index
      self.fields = fields
      self.problem = problem
    }
  }

  /// The refused customers.
  public var customers: [Customer]

  /// A rejection of `customers`.
  public init(customers: [Customer]) { self.customers = customers }
}

/// The typed description of a request's customer fields.
public struct InputSchema: Sendable, Equatable {
  /// The JSON member holding the customer id (a non-empty string).
  public var idField: String
  /// The other fields, in order.
  public var fields: [FieldSpec]

  /// A schema from the id member's name and the fields.
  public init(idField: String = "customer_id", fields: [FieldSpec]) {
    self.idField = idField
    self.fields = fields
  }

  /// The position of the field called `name`, if any.
  public func index(of name: String) -> Int? { fields.firstIndex { $0.name == name } }
}

/// One input field: its name, kind and whether a request may omit it.
public struct FieldSpec: Sendable, Equatable {
  /// The kinds of input a field accepts.
  public enum Kind: Sendable, Equatable {
    /// A JSON number within `[minimum, maximum]` (either bound optional); `integer` requires a whole number.
    case number(minimum: Double?, maximum: Double?, integer: Bool)
    /// A JSON string that must be one of `levels` (the training data's levels, in the policy's order).
    case category(levels: [String])
    /// A JSON boolean.
    case boolean
  }

  /// The JSON member name.
  public var name: String
  /// What the member accepts.
  public var kind: Kind
  /// Whether the member may be missing or null (the policy then treats the value as missing).
  public var optional: Bool

  /// A field from its parts.
  public init(name: String, kind: Kind, optional: Bool = false) {
    self.name = name
    self.kind = kind
    self.optional = optional
  }
}

/// One validated input value.
public enum FieldValue: Sendable, Equatable {
  /// A number.
  case number(Double)
  /// A category level (one of the field's levels).
  case category(String)
  /// A boolean.
  case boolean(Bool)
}

/// One customer's validated input: the id and one value per schema field (nil = missing, optional fields only).
public struct CustomerInput: Sendable, Equatable {
  /// The customer id.
  public var customerID: String
  /// Values in schema order.
  public var values: [FieldValue?]

  /// An input from its id and values in schema order.
  public init(customerID: String, values: [FieldValue?]) {
    self.customerID = customerID
    self.values = values
  }
}

/// An estimate with its 95% confidence interval.
public struct IntervalEstimate: Sendable, Equatable {
  /// The point estimate.
  public var estimate: Double
  /// The interval's lower end.
  public var lower: Double
  /// The interval's upper end.
  public var upper: Double

  /// An estimate and its interval.
  public init(estimate: Double, lower: Double, upper: Double) {
    self.estimate = estimate
    self.lower = lower
    self.upper = upper
  }
}

/// One intervention's scores for one customer.
public struct InterventionScore: Sendable, Equatable {
  /// The intervention's name.
  public var intervention: String
  /// The effect on churn probability (negative = fewer churners) with its 95% CI.
  public var effect: IntervalEstimate
  /// The intervention's cost per customer.
  public var cost: Double
  /// Value saved minus cost, with its 95% CI.
  public var netValue: IntervalEstimate

  /// A score from its parts.
  public init(intervention: String, effect: IntervalEstimate, cost: Double, netValue: IntervalEstimate) {
    self.intervention = intervention
    self.effect = effect
    self.cost = cost
    self.netValue = netValue
  }
}

/// An engine's decision for one customer.
public struct EngineDecision: Sendable, Equatable {
  /// The customer id.
  public var customerID: String
  /// The predicted churn probability without intervention.
  public var churnProbability: Double
  /// The recommended intervention's name, or `none`.
  public var recommendation: String
  /// Why (`best_net_value`, `low_risk`, `not_worth_cost`, …), as the policy names it.
  public var reason: String
  /// Every intervention's scores, in the policy's order.
  public var alternatives: [InterventionScore]

  /// A decision from its parts.
  public init(
    customerID: String, churnProbability: Double, recommendation: String, reason: String,
    alternatives: [InterventionScore]
  ) {
    self.customerID = customerID
    self.churnProbability = churnProbability
    self.recommendation = recommendation
    self.reason = reason
    self.alternatives = alternatives
  }

  /// The recommended intervention's scores (nil for `none`).
  public var chosen: InterventionScore? { alternatives.first { $0.intervention == recommendation } }
}
