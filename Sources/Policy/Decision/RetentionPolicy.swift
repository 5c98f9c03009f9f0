import Causal
import Frame
import Learn

/// One intervention a policy can recommend: its name, its cost per treated customer, and the causal forest
/// of its effect on churn against no intervention.
public struct Intervention: Sendable {
  /// The arm's name (e.g. `discount_99`).
  public var name: String
  /// Cost of giving it to one customer (≥ 0, in the value expression's currency).
  public var cost: Double
  /// τ(x) = E[churn(arm) − churn(none) | x]: negative means the arm prevents churn.
  public var effect: CausalForest

  /// An intervention.
  public init(name: String, cost: Double, effect: CausalForest) {
    self.name = name
    self.cost = cost
    self.effect = effect
  }
}

/// Settings of a retention policy's decision rule.
public struct PolicyRule: Sendable, Equatable, Codable {
  /// Customers whose churn probability is below this get no intervention (the seed uses 0.3).
  public var threshold: Double
  /// Recommend an arm only when its effect's interval lies wholly below zero (it surely helps).
  public var requireCI: Bool
  /// Level of the effect and net-value intervals.
  public var level: Double

  /// A rule; the defaults are the seed's.
  public init(threshold: Double = 0.3, requireCI: Bool = false, level: Double = 0.95) {
    self.threshold = threshold
    self.requireCI = requireCI
    self.level = level
  }
}

/// A retention policy: for each customer, which intervention (if any) is worth its cost.
///
/// Built from a churn model (probability of churn), effect models for one or more interventions (one
/// causal forest per arm, each against no intervention), the cost of each arm, and a customer-value
/// expression. For customer i and arm k, with value vᵢ and effect τₖ(xᵢ) on churn (negative helps):
///
///     churners prevented  = −τₖ(xᵢ)
///     value saved         = −τₖ(xᵢ) · vᵢ
///     net value           = −τₖ(xᵢ) · vᵢ − cₖ,   interval from the effect's interval (τ̂ ± z·SE)
///
/// The recommendation is the arm of highest net value, or `none` when no arm's net value is positive,
/// when the churn probability is below ``PolicyRule/threshold``, or (``PolicyRule/requireCI``) when no
/// worthwhile arm's effect interval excludes zero. See ``recommend(_:id:constraint:)``.
public struct RetentionPolicy: Sendable {
  /// The churn model (a classifier; its probability is the churn risk).
  public var churnModel: any PredictiveModel
  /// The interventions, in the order given.
  public var interventions: [Intervention]
  /// The customer value of preventing one churn.
  public var value: ValueExpression
  /// The decision rule.
  public var rule: PolicyRule
  /// The input columns with types and training levels.
  public var schema: FeatureSchema
  /// Name of the "no intervention" recommendation.
  public var baseline: String
  /// The training distribution of every schema column, for drift checks (see ``FeatureReference``).
  public var reference: [FeatureReference]

  /// Builds and checks a policy. `reference` is the training frame: its columns give the feature schema and
  /// it must make the value expression finite for every row.
  public init(
    churnModel: any PredictiveModel, interventions: [Intervention], value: ValueExpression,
    rule: PolicyRule = PolicyRule(), reference: DataFrame, baseline: String = "none"
  ) throws {
    try Self.validate(churnModel: churnModel, interventions: interventions, rule: rule, baseline: baseline)
    var columns = churnModel.design.terms.map(\.name) + value.columns
    for i in interventions { columns += i.effect.covariates?.sources ?? i.effect.featureNames }
    _ = try value.evaluate(reference)
    let schema = try FeatureSchema(frame: reference, columns: columns)
    let distributions = try FeatureReference.from(reference, columns: schema.names)
    self.init(
      churnModel: churnModel, interventions: interventions, value: value, rule: rule, schema: schema,
      baseline: baseline, reference: distributions)
  }

  /// Assembles a policy from checked parts (used when loading a saved policy).
  init(
    churnModel: any PredictiveModel, interventions: [Intervention], value: ValueExpression, rule: PolicyRule,
    schema: FeatureSchema, baseline: String, reference: [FeatureReference]
  ) {
    self.reference = reference
    self.churnModel = churnModel
    self.interventions = interventions
    self.value = value
    self.rule = rule
    self.schema = schema
    self.baseline = baseline
  }

  /// The arm names.
  public var arms: [String] { interventions.map(\.name) }

  /// Checks the parts: a classifier, at least one arm, unique names, costs finite and ≥ 0, forests with
  /// intervals trained on the same outcome and covariates, a threshold in [0, 1] and a level in (0, 1).
  static func validate(
    churnModel: any PredictiveModel, interventions: [Intervention], rule: PolicyRule,
    baseline: String
  ) throws {
    guard churnModel.task == .classification else {
      throw PolicyError.invalidInput(
        "the churn model must be a classifier (logit, gbm or forest on a yes/no "
          + "outcome); this one predicts numbers")
    }
    guard !interventions.isEmpty else {
      throw PolicyError.invalidInput("a policy needs at least one intervention with its effect model")
    }
    var seen = Set<String>()
    for i in interventions {
      guard !i.name.isEmpty, i.name != baseline else {
        throw PolicyError.invalidInput(
          "intervention name '\(i.name)' is reserved or empty; '\(baseline)' means no intervention")
      }
      guard seen.insert(i.name).inserted else {
        throw PolicyError.invalidInput("intervention '\(i.name)' is given twice")
      }
      guard i.cost.isFinite, i.cost >= 0 else {
        throw PolicyError.invalidInput("the cost of '\(i.name)' is \(i.cost); costs must be finite and ≥ 0")
      }
      guard i.effect.options.intervals else {
        throw PolicyError.invalidInput(
          "the effect forest of '\(i.name)' was grown with ci_group_size 1 and has "
            + "no intervals; refit it with ci_group_size: 2")
      }
    }
    let first = interventions[0]
    for i in interventions.dropFirst() {
      guard i.effect.outcomeName == first.effect.outcomeName else {
        throw PolicyError.invalidInput(
          "the effect models were trained on different outcomes: '\(first.name)' on "
            + "'\(first.effect.outcomeName)', '\(i.name)' on '\(i.effect.outcomeName)'; refit them on one outcome")
      }
      guard i.effect.featureNames == first.effect.featureNames else {
        throw PolicyError.invalidInput(
          "the effect models were trained on different covariates: '\(first.name)' on "
            + first.effect.featureNames.joined(separator: ", ") + "; '\(i.name)' on "
            + i.effect.featureNames.joined(separator: ", ") + "; refit them on the same covariates")
      }
    }
    guard rule.threshold.isFinite, (0...1).contains(rule.threshold) else {
      throw PolicyError.invalidInput("threshold must be a churn probability in [0, 1], got \(rule.threshold)")
    }
    guard rule.level.isFinite, rule.level > 0, rule.level < 1 else {
      throw PolicyError.invalidInput("level must be in (0, 1), got \(rule.level)")
    }
  }

  /// Interventions from the forests of a several-arm fit and a cost per arm. Every arm needs a cost, and
  /// every cost must name an arm.
  public static func interventions(from forest: MultiArmCausalForest, costs: [(String, Double)]) throws
    -> [Intervention]
  {
    try interventions(forests: Array(zip(forest.arms, forest.forests)), costs: costs)
  }

  /// Pairs named forests with named costs, refusing a missing or unknown cost.
  public static func interventions(forests: [(String, CausalForest)], costs: [(String, Double)]) throws
    -> [Intervention]
  {
    let names = forests.map(\.0)
    for (name, _) in costs where !names.contains(name) {
      let hint = closestMatch(to: name, among: names).map { " (did you mean '\($0)'?)" } ?? ""
      throw PolicyError.invalidInput(
        "a cost is given for '\(name)', which has no effect model\(hint); "
          + "interventions: \(names.joined(separator: ", "))")
    }
    return try forests.map { name, forest in
      guard let cost = costs.first(where: { $0.0 == name })?.1 else {
        throw PolicyError.invalidInput(
          "no cost for intervention '\(name)'; give one for every arm, e.g. costs: {\(name): 45}")
      }
      return Intervention(name: name, cost: cost, effect: forest)
    }
  }
}
