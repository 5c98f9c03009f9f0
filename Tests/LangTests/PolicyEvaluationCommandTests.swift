import Lang
import Testing

/// The policy-evaluation commands through the language: results, fields and bad-input messages.
@Suite("Policy evaluation commands")
struct PolicyEvaluationCommandTests {
  static let setup = """
    let old = simulate telco n: 1500, seed: 1
    let new = simulate telco n: 1500, seed: 2
    let sim = simulate interventions on old mode: binary, scenario: persuadables, seed: 3
    """

  func value(_ code: String) throws -> Value { try eval(Self.setup + "\n" + code) }

  func field(_ v: Value, _ name: String) -> Value? {
    if case .object(let o) = v { return o.field(name) }
    return nil
  }

  @Test func driftVerdictsAndFields() throws {
    let same = try value("drift new against old with columns: [tenure, MonthlyCharges, Contract]")
    #expect(field(same, "retrain")?.isTrue == false)
    let shifted = try value(
      "let s = new |> mutate tenure = tenure + 24\ndrift s against old with columns: [tenure, Contract]")
    #expect(field(shifted, "retrain")?.isTrue == true)
    #expect(field(shifted, "summary")?.string == "retrain: 1 of 2 features drifted (tenure)")
    #expect(field(shifted, "table")?.frame?.rowCount == 2)
  }

  @Test func driftBadInput() {
    let s = Self.setup + "\n"
    #expect(errorText(s + "drift new old")?.contains("drift needs 'reference'") == true)
    #expect(errorText(s + "drift new versus old")?.contains("write 'drift NEW against REFERENCE'") == true)
    #expect(errorText(s + "drift new against old with columns: [tenur]")?.contains("did you mean 'tenure'") == true)
    #expect(errorText(s + "drift new against 3")?.contains("the reference must be a frame") == true)
    #expect(
      errorText(s + "drift new against old with psi_watch: 0.5, psi_drift: 0.2")?.contains("PSI thresholds") == true)
  }

  @Test func policyValueAndComparison() throws {
    let v = try value(
      """
      let logged = sim |> mutate target = risk > 0.4, v = MonthlyCharges * 12
      policy_value churn ~ treatment | tenure + MonthlyCharges + Contract on logged with policy: target, value: v, costs: {"1": 30}
      """)
    let prevented = field(v, "prevented")?.number ?? .nan
    let se = field(v, "prevented_se")?.number ?? .nan
    let truth = field(v, "true_prevented")?.number ?? .nan
    #expect(se > 0 && se < 0.05)
    #expect(abs(prevented - truth) < 4 * se, "DR \(prevented) ± \(se) vs true \(truth)")
    #expect(field(v, "net_value") != nil)
    let c = try value(
      """
      let logged = sim |> mutate target = risk > 0.4
      compare_policies churn ~ treatment | tenure + MonthlyCharges + Contract on logged with policy: target, risk: risk
      """)
    #expect(field(c, "table")?.frame?.rowCount == 5)
  }

  /// `oracle: true` adds the rule ranked by the true effect: the largest true value at the policy's share;
  /// without the truth columns it is a typed error that names the fix.
  @Test func comparisonWithOracle() throws {
    let c = try value(
      """
      let logged = sim |> mutate target = risk > 0.4
      compare_policies churn ~ treatment | tenure + MonthlyCharges + Contract on logged with policy: target, risk: risk, oracle: true
      """)
    let table = try #require(field(c, "table")?.frame)
    #expect(table.rowCount == 6)
    let policy = try #require(table["policy"])
    let truth = try #require(table["true_prevented"]?.doubles())
    let treated = try #require(table["treated"]?.doubles())
    let oracle = policy.string(at: 5) ?? ""
    #expect(oracle.hasPrefix("oracle ") && oracle.hasSuffix("(true effect)"), "last row: \(oracle)")
    for i in truth.indices where abs(treated[i] - treated[0]) < 1e-12 { #expect(truth[i] <= truth[5] + 1e-12) }
    let s = Self.setup + "\nlet logged = sim |> mutate target = risk > 0.4\n"
    #expect(
      errorText(
        s + "compare_policies churn ~ treatment | tenure on logged with policy: target, truth: false, oracle: true")?
        .contains("the oracle needs the simulator's true effects") == true)
  }

  @Test func policyBadInput() {
    let s = Self.setup + "\nlet logged = sim |> mutate target = risk > 0.4\n"
    #expect(
      errorText(s + "policy_value churn ~ treatment | tenure on logged")?.contains("name the policy column") == true)
    #expect(
      errorText(s + "policy_value churn ~ treatment | tenure on logged with policy: Contract")?.contains("unknown arm")
        == true)
    #expect(
      errorText(s + "policy_value churn ~ treatment | tenure on logged with policy: target, costs: {\"1\": -5}")?
        .contains("non-negative") == true)
    #expect(
      errorText(s + "policy_value churn ~ treatment | tenure on logged with policy: target, costs: {gold: 5}")?
        .contains("unknown arm 'gold'") == true)
    #expect(
      errorText(s + "policy_tree churn ~ treatment | tenure on logged with covariates: [tenure], objective: net")?
        .contains("needs value:") == true)
  }

  @Test func treeAndTargeting() throws {
    let t = try value(
      """
      let pt = policy_tree churn ~ treatment | tenure + Contract on sim with covariates: [tenure, Contract], depth: 1
      pt
      """)
    #expect(field(t, "rules")?.list?.count == 2)
    let a = try value(
      """
      let pt = policy_tree churn ~ treatment | tenure + Contract on sim with covariates: [tenure, Contract], thresholds: 8
      sim |> assign_policy pt name: "arm_tree"
      """)
    #expect(a.frame?.columnNames.contains("arm_tree") == true)
    let curve = try value(
      """
      let fx = sim |> mutate effect = true_effect
      targeting churn ~ treatment | tenure + Contract on fx with risk: risk, points: 10
      """)
    let df = field(curve, "curve")?.frame
    #expect(df?.rowCount == 22)
    // Ranking by the true effect is the oracle.
    let ratio = df?["share_of_oracle"]?.double(at: 5)
    #expect(ratio.map { abs($0 - 1) < 1e-12 } == true)
  }
}

extension Value {
  fileprivate var isTrue: Bool? { if case .bool(let b) = self { return b } else { return nil } }
  fileprivate var list: [Value]? { if case .list(let l) = self { return l } else { return nil } }
}
