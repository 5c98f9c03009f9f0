import Causal
import Frame
import Learn
import Policy
import Stats
import Testing

/// The issue's list of bad inputs: a clear message each.
@Suite("Policy bad input", .serialized)
struct PolicyBadInputTests {
  static let scoring = PolicyFixture.customers(n: 50, seed: 5)

  func message(_ body: () throws -> Void) -> String {
    do { try body() } catch { return "\(error)" }
    return "no error"
  }

  @Test("costs: negative, missing, not finite, or for an unknown arm")
  func costs() {
    #expect(
      message { _ = try PolicyFixture.policy(costs: [("call", -1), ("discount", 30)]) }
        == "the cost of 'call' is -1.0; costs must be finite and ≥ 0")
    #expect(
      message { _ = try PolicyFixture.policy(costs: [("call", 10)]) }
        == "no cost for intervention 'discount'; give one for every arm, e.g. costs: {discount: 45}")
    #expect(
      message { _ = try PolicyFixture.policy(costs: [("call", .nan), ("discount", 30)]) }
        .contains("costs must be finite and ≥ 0"))
    #expect(
      message { _ = try PolicyFixture.policy(costs: [("call", 1), ("discount", 3), ("dicsount", 3)]) }
        .hasPrefix("a cost is given for 'dicsount', which has no effect model (did you mean 'discount'?)"))
  }

  @Test("value expression: unknown column, missing values in the reference")
  func value() throws {
    #expect(
      message { _ = try PolicyFixture.policy(value: "charge * 12") }
        == "value expression 'charge * 12': unknown column 'charge' (did you mean 'charges'?)")
    let p = try PolicyFixture.policy()
    var gappy = Self.scoring
    var charges = gappy["charges"]?.doubles() ?? []
    charges[3] = .nan
    charges[7] = .nan
    try gappy.set(Column(name: "charges", floats: charges))
    // The logit churn model refuses missing predictors before the value is computed.
    #expect(message { _ = try p.recommend(gappy) }.contains("missing"))
  }

  @Test("value expression with missing values names how many rows")
  func valueMissingRows() throws {
    guard let f = PolicyFixture.fitted else {
      Issue.record("fixture")
      return
    }
    var train = f.train
    try train.set(Column(name: "months_left", floats: (0..<train.rowCount).map { $0 % 100 == 0 ? .nan : 24 }))
    let text = message {
      _ = try RetentionPolicy(
        churnModel: f.model,
        interventions: RetentionPolicy.interventions(
          from: f.forests,
          costs: [("call", 10), ("discount", 30)]), value: ValueExpression("charges * months_left"),
        reference: train)
    }
    #expect(text.contains("gives a missing or infinite value in 12 of 1200 rows (first: row 1)"), "\(text)")
  }

  @Test("a frame lacking a column, or with an unseen category level, is refused naming it")
  func schema() throws {
    let p = try PolicyFixture.policy()
    let lacking = try Self.scoring.drop(["tenure"])
    #expect(message { _ = try p.recommend(lacking) }.hasPrefix("the frame lacks column 'tenure' that the policy uses"))
    var odd = Self.scoring
    let plans = (0..<odd.rowCount).map { $0 == 4 || $0 == 9 ? "platinum" : (odd["plan"]?.string(at: $0) ?? "basic") }
    try odd.set(Column(name: "plan", strings: plans))
    #expect(
      message { _ = try p.recommend(odd) }.hasPrefix(
        "column 'plan' has level 'platinum' (row 5; 2 rows in all) never seen in training (known: basic, plus, pro)"))
    var typed = Self.scoring
    try typed.set(Column(name: "tenure", strings: (0..<typed.rowCount).map { _ in "long" }))
    #expect(
      message { _ = try p.recommend(typed) }.contains("column 'tenure' was numeric in training but is string now"))
  }

  @Test("effect models on different outcomes or covariates are refused")
  func mismatchedForests() throws {
    guard let f = PolicyFixture.fitted else {
      Issue.record("fixture")
      return
    }
    var train = f.train
    let treated = (0..<train.rowCount).map { train["arm"]?.string(at: $0) == "call" ? 1.0 : 0.0 }
    try train.set(Column(name: "called", floats: treated))
    try train.set(Column(name: "churn2", floats: train["churned"]?.doubles() ?? []))
    var o = CausalForestOptions()
    o.trees = 20
    o.seed = 1
    o.nuisanceTrees = 20
    let other = try CausalForest.fit(
      frame: train, outcome: "churn2", treatment: "called",
      covariates: ["tenure", "charges", "plan"], options: o)
    let fewer = try CausalForest.fit(
      frame: train, outcome: "churned", treatment: "called",
      covariates: ["tenure", "charges"], options: o)
    let base = f.forests.forests[0]
    func build(_ second: CausalForest) throws {
      _ = try RetentionPolicy(
        churnModel: f.model,
        interventions: [
          Intervention(name: "a", cost: 1, effect: base), Intervention(name: "b", cost: 1, effect: second),
        ], value: ValueExpression("charges"), reference: train)
    }
    #expect(
      message { try build(other) }.hasPrefix(
        "the effect models were trained on different outcomes: 'a' on 'churned', 'b' on 'churn2'"))
    #expect(message { try build(fewer) }.hasPrefix("the effect models were trained on different covariates"))
    var noCI = o
    noCI.ciGroupSize = 1
    let plain = try CausalForest.fit(
      frame: train, outcome: "churned", treatment: "called",
      covariates: ["tenure", "charges", "plan"], options: noCI)
    #expect(message { try build(plain) }.contains("was grown with ci_group_size 1"))
  }

  @Test("a regression model is not a churn model; thresholds and levels are checked")
  func modelAndRule() throws {
    guard let f = PolicyFixture.fitted else {
      Issue.record("fixture")
      return
    }
    let ols = try LinearRegression.fit(try Formula(parsing: "charges ~ tenure"), on: f.train)
    let arms = try RetentionPolicy.interventions(from: f.forests, costs: [("call", 10), ("discount", 30)])
    #expect(
      message {
        _ = try RetentionPolicy(
          churnModel: ols, interventions: arms, value: ValueExpression("charges"), reference: f.train)
      }.hasPrefix("the churn model must be a classifier"))
    #expect(
      message { _ = try PolicyFixture.policy(rule: PolicyRule(threshold: 1.5)) }
        == "threshold must be a churn probability in [0, 1], got 1.5")
    #expect(message { _ = try PolicyFixture.policy(rule: PolicyRule(level: 1)) } == "level must be in (0, 1), got 1.0")
    #expect(
      message {
        _ = try RetentionPolicy(
          churnModel: f.model, interventions: [], value: ValueExpression("charges"), reference: f.train)
      } == "a policy needs at least one intervention with its effect model")
  }
}
