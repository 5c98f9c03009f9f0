import Causal
import Frame
import Learn
import Policy
import Stats

/// A small synthetic customer table with three arms and known effects, and a policy fitted on it.
///
/// Columns: `customerID`, `tenure` (0–72), `charges` (20–120), `plan` (basic/plus/pro), `arm`
/// (none/call/discount, assigned at random), `churned` (0/1). Baseline churn falls with tenure; `call`
/// lowers churn by 0.15 for short-tenure customers and not at all for long tenure; `discount` lowers it
/// by 0.10 everywhere.
enum PolicyFixture {
  static func customers(n: Int, seed: Int) -> DataFrame {
    var rng = SeededRNG(seed: seed)
    var ids: [String] = [], tenure: [Double] = [], charges: [Double] = [], plan: [String] = []
    var arm: [String] = [], churned: [Double] = []
    for i in 0..<n {
      let t = (rng.uniform() * 72).rounded(), c = 20 + rng.uniform() * 100
      let p = ["basic", "plus", "pro"][Int(rng.uniform() * 3) % 3]
      let a = ["none", "call", "discount"][Int(rng.uniform() * 3) % 3]
      let base = 0.6 - 0.5 * t / 72 + (p == "basic" ? 0.1 : 0)
      let tau = a == "call" ? (t < 24 ? -0.15 : 0) : (a == "discount" ? -0.10 : 0)
      ids.append("C\(1000 + i)")
      tenure.append(t)
      charges.append(c)
      plan.append(p)
      arm.append(a)
      churned.append(rng.uniform() < base + tau ? 1 : 0)
    }
    return DataFrame.unchecked(
      columns: [
        Column(name: "customerID", strings: ids), Column(name: "tenure", floats: tenure),
        Column(name: "charges", floats: charges), Column(name: "plan", strings: plan),
        Column(name: "arm", strings: arm), Column(name: "churned", floats: churned),
      ], rowCount: n)
  }

  struct Fitted {
    let train: DataFrame
    let model: LogisticRegression
    let forests: MultiArmCausalForest
  }

  /// Fitted once per process (the forests take a moment).
  static let fitted: Fitted? = try? fit()

  static func fit() throws -> Fitted {
    let train = customers(n: 1200, seed: 3)
    let model = try LogisticRegression.fit(try Formula(parsing: "churned ~ tenure + charges + plan"), on: train)
    var o = CausalForestOptions()
    o.trees = 100
    o.seed = 7
    o.threads = 2
    o.nuisanceTrees = 50
    let forests = try MultiArmCausalForest.fit(
      frame: train, outcome: "churned", treatment: "arm",
      covariates: ["tenure", "charges", "plan"], baseline: "none", options: o)
    return Fitted(train: train, model: model, forests: forests)
  }

  static func policy(
    rule: PolicyRule = PolicyRule(), costs: [(String, Double)] = [("call", 10), ("discount", 30)],
    value: String = "charges * 12"
  ) throws -> RetentionPolicy {
    guard let f = fitted else { throw PolicyError.invalidInput("fixture failed to fit") }
    return try RetentionPolicy(
      churnModel: f.model,
      interventions: RetentionPolicy.interventions(from: f.forests, costs: costs),
      value: ValueExpression(value), rule: rule, reference: f.train)
  }
}
