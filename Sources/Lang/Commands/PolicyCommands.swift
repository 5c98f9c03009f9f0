import Causal
import Frame
import Learn
import Policy

/// Retention-policy commands: `policy` (build), `recommend` (decide per customer). `save pol to "file"` and
/// `load "file"` (ModelCommands) dispatch saved policies here.
///
/// Thin adapters over `Sources/Policy/Decision` and `Sources/Policy/Persistence`.
enum PolicyCommands {
  static var all: [CommandSpec] { [policy, recommend] }

  static let policyType = ArgType.object("policy")

  // MARK: - policy

  static var policy: CommandSpec {
    CommandSpec(
      name: "policy", category: "policy",
      summary: "Build a retention policy from a churn model, effect forests, costs and a customer value.",
      help: """
        `policy churn: m, effects: {discount_99: cf1, support_call: cf2}, costs: {discount_99: 99, support_call: 45},
        value: "MonthlyCharges * 12"` combines a churn classifier (logit, gbm, forest), one causal forest per
        intervention (a record of forests, each against no intervention; or one several-arm forest from
        `causal_forest churn ~ arm | … with baseline: "none"`), each intervention's cost per customer (≥ 0, every
        arm needs one) and the value of keeping a customer — an arithmetic expression over numeric columns
        (+ − * / ^, parentheses, min, max, abs, sqrt, log, exp; `backquotes` for odd names) that the policy
        evaluates itself and stores as text. Per customer and arm: net value = −effect × value − cost (effects
        are on churn, so a helpful arm has a negative effect); the recommendation is the arm of highest positive
        net value, or `none` below the churn `threshold`, when nothing is worth its cost, or — with
        `require_ci: true` — when no worthwhile arm's effect interval lies below zero. `on FRAME` is the
        reference (training) frame: it fixes the feature schema (columns, types, category levels) that
        `recommend` checks; default: the first forest's training frame. Then `recommend pol on new_customers`,
        `save pol to "policy.bin"`.
        """,
      parameters: [
        Parameter(
          "data", .frame, "the reference (training) frame (default: the forests' training frame)",
          required: false, isData: true)
      ],
      options: [
        Option("churn", ModelCommands.modelType, "churn classifier (its probability is the churn risk)"),
        Option("effects", .any, "record {arm: causal_forest, …}, or one several-arm causal forest"),
        Option("costs", .record, "record {arm: cost per customer, …} (≥ 0, one per arm)"),
        Option("value", .string, "customer value expression, e.g. \"MonthlyCharges * 12\""),
        Option("threshold", .number, default: .number(0.3), "no intervention below this churn probability"),
        Option("require_ci", .bool, default: .bool(false), "recommend only arms whose effect interval is below 0"),
        Option("level", .number, default: .number(0.95), "level of the effect and net-value intervals"),
      ],
      examples: [
        "let pol = policy churn: m, effects: {discount_99: cf}, costs: {discount_99: 99}, value: \"MonthlyCharges * 12\"",
        "let pol = policy on df with churn: m, effects: mcf, costs: {discount_99: 99, discount_199: 199, feature_upsell: 30, support_call: 45}, value: \"MonthlyCharges * 12\", threshold: 0.3",
      ]
    ) { inv, _ in
      for name in ["churn", "effects", "costs", "value"] where !inv.has(name) {
        throw inv.error("policy: missing option '\(name):' (see help policy)")
      }
      let model = try inv.object("churn", as: ModelObject.self).model
      let costs = try costList(inv)
      let (forests, trainingFrame) = try effectForests(inv)
      let reference: DataFrame
      if inv.has("data") {
        reference = try inv.frame()
      } else if let trainingFrame {
        reference = trainingFrame
      } else {
        throw inv.error(
          "policy: the effect forests were loaded without their training frame; give the reference "
            + "frame with `policy on df with …`")
      }
      let rule = PolicyRule(
        threshold: try inv.double("threshold"), requireCI: try inv.bool("require_ci"),
        level: try inv.double("level"))
      let p = try wrap(inv) {
        try RetentionPolicy(
          churnModel: model, interventions: RetentionPolicy.interventions(forests: forests, costs: costs),
          value: ValueExpression(try inv.string("value")), rule: rule, reference: reference)
      }
      return .object(PolicyObject(policy: p))
    }
  }

  /// `costs: {arm: number}` as (arm, cost) pairs in the order written.
  static func costList(_ inv: Invocation) throws -> [(String, Double)] {
    guard case .record(let r)? = inv.value("costs") else {
      throw inv.error("policy: costs must be a record {arm: cost}", at: "costs")
    }
    return try r.fields.map { name, v in
      switch v {
      case .int(let i): return (name, Double(i))
      case .number(let d): return (name, d)
      case .missing: throw inv.error("policy: the cost of '\(name)' is missing; give a number ≥ 0", at: "costs")
      default: throw inv.error("policy: the cost of '\(name)' must be a number, got \(v.typeName)", at: "costs")
      }
    }
  }

  /// `effects:` as named forests, with the training frame of the first forest.
  static func effectForests(_ inv: Invocation) throws -> ([(String, CausalForest)], DataFrame?) {
    let given = inv.value("effects")
    if case .object(let o)? = given, let cf = o as? CausalForestObject {
      guard case .multiArm(let multi) = cf.forest else {
        throw inv.error(
          "policy: effects: one single-arm forest has no arm name; write effects: {arm_name: cf}",
          at: "effects")
      }
      return (Array(zip(multi.arms, multi.forests)), cf.frame)
    }
    switch given {
    case .record(let r)?:
      var out: [(String, CausalForest)] = [], frame: DataFrame? = nil
      for (name, v) in r.fields {
        guard case .object(let o) = v, let cf = o as? CausalForestObject else {
          throw inv.error("policy: effects: '\(name)' must be a causal forest, got \(v.typeName)", at: "effects")
        }
        guard case .single(let single) = cf.forest else {
          throw inv.error(
            "policy: effects: '\(name)' is a several-arm forest; pass it alone as effects: \(name)",
            at: "effects")
        }
        out.append((name, single))
        frame = frame ?? cf.frame
      }
      return (out, frame)
    case let v:
      throw inv.error(
        "policy: effects must be a record {arm: causal_forest} or a several-arm causal forest, got "
          + (v?.typeName ?? "nothing"), at: "effects")
    }
  }

  // MARK: - recommend

  static var recommend: CommandSpec {
    CommandSpec(
      name: "recommend", category: "policy",
      summary: "Recommend an intervention (or none) per customer from a policy, optionally under a budget.",
      help: """
        `recommend pol on customers` scores every row: churn probability, each intervention's effect with its
        interval and net value, and the recommendation with its reason (best_net_value, low_risk, not_worth_cost,
        ci_includes_zero, over_budget, not_scored). It prints the summary (customers treated, total cost,
        expected churn prevented, net value, counts by intervention); `.table` is the per-customer frame (id,
        churn_prob, recommendation, reason, effect, lo, hi, cost, net_value, net_lo, net_hi, value, then
        effect_/lo_/hi_/net_<arm> for every arm). `budget: 50000` keeps the customers with the highest net
        value per unit cost until the money runs out; `share: 0.1` treats at most 10% of customers, highest
        net value first. A frame lacking a column the policy uses, or with a category level never seen in
        training, is refused with the column and level named.
        """,
      parameters: [
        Parameter("policy", policyType, "a policy (from `policy` or `load`)"), Parameter.data("customers to score"),
      ],
      options: [
        Option("budget", .number, "total cost allowed (customers ranked by net value per unit cost)"),
        Option("share", .number, "largest share of customers to treat (ranked by net value)"),
        Option("id", .column, "customer id column (default customerID when present, else the row number)"),
      ],
      examples: [
        "let recs = recommend pol on df", "recommend pol on df with budget: 50000",
        "recommend pol on df with share: 0.1",
      ]
    ) { inv, _ in
      let p = try inv.object("policy", as: PolicyObject.self).policy
      let df = try inv.frame()
      if inv.has("budget") && inv.has("share") {
        throw inv.error("recommend: give budget: or share:, not both", at: "share")
      }
      var constraint: BudgetConstraint? = nil
      if let b = try inv.optionalDouble("budget") { constraint = .budget(b) }
      if let s = try inv.optionalDouble("share") { constraint = .share(s) }
      let r = try wrap(inv) { try p.recommend(df, id: try inv.optionalColumn("id"), constraint: constraint) }
      return .object(RecommendationsObject(recommendations: r))
    }
  }

  /// Runs library code, turning policy errors into errors at the command.
  @discardableResult
  static func wrap<T>(_ inv: Invocation, _ body: () throws -> T) throws -> T {
    do { return try body() } catch let e as PolicyError {
      throw inv.error("\(inv.spec.name): \(e.description)")
    } catch let e as ModelError {
      throw inv.error("\(inv.spec.name): \(e.description)")
    } catch let e as DesignError {
      throw inv.error("\(inv.spec.name): \(e.description)")
    } catch let e as CausalForestError {
      throw inv.error("\(inv.spec.name): \(e.description)")
    }
  }
}
