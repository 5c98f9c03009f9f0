import Causal
import Frame
import Stats
import Testing

@testable import Policy

@Suite("Policy evaluation")
struct PolicyEvaluationTests {
  /// Hand-checkable scores: 4 rows, arms none / offer.
  static func tiny() throws -> PolicyScores {
    try PolicyScores(
      arms: ["none", "offer"], baseline: 0,
      gamma: [[0.5, 0.2, 0.9, 0.1], [0.3, 0.3, 0.4, 0.1]],
      customerValue: [100, 100, 200, 50], costs: [0, 10],
      trueEffect: [[0, 0, 0, 0], [-0.2, 0.1, -0.4, 0]])
  }

  /// Policy (offer, none, offer, none): churn terms 0.3, 0.2, 0.4, 0.1 → mean 0.25, sd 0.1291 → SE 0.06455;
  /// prevented terms 0.2, 0, 0.5, 0 → mean 0.175; net terms 20−10, 0, 100−10, 0 → mean 25.
  @Test func valueByHand() throws {
    let s = try Self.tiny()
    let v = try PolicyEvaluator.evaluate(NamedPolicy(name: "p", arms: [1, 0, 1, 0]), on: s)
    #expect(abs(v.churn.value - 0.25) < 1e-12)
    let sd = ((0.05 * 0.05 + 0.05 * 0.05 + 0.15 * 0.15 + 0.15 * 0.15) / 3).squareRoot()
    #expect(abs(v.churn.se - sd / 2) < 1e-12)
    #expect(abs(v.churn.ciLow - (0.25 - 1.959963984540054 * sd / 2)) < 1e-9)
    #expect(abs(v.prevented.value - 0.175) < 1e-12)
    #expect(abs((v.netValue?.value ?? 0) - 25) < 1e-9)
    #expect(v.treatedShare == 0.5 && v.armCounts == [2, 2] && v.costPerCustomer == 5)
    #expect(abs((v.truePrevented ?? 0) - 0.15) < 1e-12)
    #expect(abs((v.trueNetValue ?? 0) - (0.2 * 100 - 10 + 0.4 * 200 - 10) / 4) < 1e-9)
    // Paired difference against treat none: the same per-row terms as "prevented".
    let d = try PolicyEvaluator.difference(
      NamedPolicy(name: "p", arms: [1, 0, 1, 0]), ComparisonPolicies.treatNone(s), on: s)
    #expect(abs(d.prevented.value - v.prevented.value) < 1e-12 && abs(d.prevented.se - v.prevented.se) < 1e-12)
  }

  @Test func rankedAndRandomPolicies() throws {
    let s = try Self.tiny()
    let r = try ComparisonPolicies.ranked(s, name: "r", score: [0.1, .nan, 0.9, 0.5], share: 0.5, armOf: [1, 1, 1, 1])
    #expect(r.arms == [0, 0, 1, 1])
    let rnd = try ComparisonPolicies.random(s, share: 0.75, armOf: [1, 1, 1, 1], seed: 3)
    #expect(rnd.arms.filter { $0 == 1 }.count == 3)
    #expect(try ComparisonPolicies.random(s, share: 0.75, armOf: [1, 1, 1, 1], seed: 3) == rnd)
    #expect(throws: PolicyEvaluationError.self) { try ComparisonPolicies.count(share: 1.5, n: 4) }
    #expect(throws: PolicyEvaluationError.self) {
      try PolicyScores(arms: ["none", "offer"], baseline: 0, gamma: [[0.1], [0.2]], costs: [0, -1])
    }
    #expect(throws: PolicyEvaluationError.self) {
      try PolicyEvaluator.evaluate(NamedPolicy(name: "short", arms: [0]), on: s)
    }
  }

  /// `oracle: true` adds the rule ranked by the true benefit at the learned policy's share. On the tiny scores
  /// the true benefits are 0.2, −0.1, 0.4, 0, so at share 1/2 the oracle treats rows 1 and 3 (arms
  /// [1, 0, 1, 0]): true prevented (0.2 + 0.4)/4 = 0.15, DR prevented (0.2 + 0.5)/4 = 0.175, and the paired
  /// difference to a learned rule treating rows 2 and 4 is worked out below.
  @Test func comparisonWithOracle() throws {
    let s = try Self.tiny()
    let learned = NamedPolicy(name: "learned", arms: [0, 1, 0, 1])
    let cmp = try PolicyComparison.run(learned: learned, scores: s, oracle: true)
    let last = try #require(cmp.values.last)
    #expect(last.name == "oracle 50% (true effect)")
    #expect(last.armCounts == [2, 2])
    #expect(abs((last.truePrevented ?? .nan) - 0.15) < 1e-12)
    #expect(abs(last.prevented.value - 0.175) < 1e-12)
    // Per-row DR benefit Γ(none) − Γ(offer): 0.2, −0.1, 0.5, 0. Learned treats rows 2, 4 → −0.1, 0;
    // oracle rows 1, 3 → 0.2, 0.5. Paired learned − oracle per row: −0.2, −0.1, −0.5, 0 → mean −0.2.
    #expect(abs((cmp.differences.last?.prevented.value ?? .nan) - -0.2) < 1e-12)
    // The oracle's true value is the largest any rule at this share reaches.
    for v in cmp.values where v.treatedShare == 0.5 { #expect((v.truePrevented ?? 1) <= 0.15 + 1e-12) }
    // Without the simulator's truth there is no oracle: a typed error that says so.
    let real = try PolicyScores(arms: s.arms, baseline: 0, gamma: s.gamma)
    #expect(throws: PolicyEvaluationError.self) {
      try PolicyComparison.run(learned: learned, scores: real, oracle: true)
    }
  }

  /// Ranking by the true benefit is the oracle: share of oracle 1 at every share; the curve's DR value at
  /// share 1 equals treat-all's DR prevented.
  @Test func targetingCurveOracle() throws {
    let s = try Self.tiny()
    let tb = [0.2, -0.1, 0.4, 0]
    let c = try TargetingCurve.compute(
      s, rules: [TargetingRule(name: "oracle", score: tb, arm: [1, 1, 1, 1])],
      shares: [0, 0.25, 0.5, 1])
    #expect(c.points.map(\.treated) == [0, 1, 2, 4])
    for p in c.points where p.share > 0 { #expect(abs((p.shareOfOracle ?? 0) - 1) < 1e-12) }
    let all = try PolicyEvaluator.evaluate(ComparisonPolicies.treatAll(s, arm: 1), on: s)
    #expect(abs((c.points.last?.prevented ?? 0) - all.prevented.value) < 1e-12)
    #expect(abs((c.points.last?.se ?? 0) - all.prevented.se) < 1e-12)
  }

  /// Cross-fitted DR values on a simulated confounded offer history (twin, binary, seed 3): treat-all's
  /// DR churn prevented is within 3 SE of the true one, and the comparison ranks the truth-based policy first.
  @Test func crossFittedOnSimulation() throws {
    let twin = try simulateTelco(n: 4000, seed: 3)
    let sim = try simulateInterventions(customers: twin, options: InterventionOptions(mode: .binary, seed: 3)).frame
    let formula = Formula(
      outcome: "churn", treatment: "treatment", terms: ["tenure", "MonthlyCharges", "Contract", "InternetService"])
    let data = try CausalInput.multiArm(
      sim, formula: formula,
      design: CausalInput.designOptions(
        for: [GLMLearner(name: "logistic")], dropMissing: false))
    let truth = try sim.column("true_effect").doubles() ?? []
    let s = try PolicyScores.crossFitted(data, trueEffect: [[Double](repeating: 0, count: data.n), truth])
    let all = try PolicyEvaluator.evaluate(ComparisonPolicies.treatAll(s, arm: 1), on: s)
    let tp = all.truePrevented ?? .nan
    #expect(
      abs(all.prevented.value - tp) < 3 * all.prevented.se,
      "DR \(all.prevented.value) ± \(all.prevented.se), true \(tp)")
    // The oracle at 30 %: ranked by the true benefit.
    let oracle = try ComparisonPolicies.ranked(
      s, name: "oracle", score: truth.map { -$0 }, share: 0.3,
      armOf: [Int](repeating: 1, count: s.n))
    let risk = try sim.column("risk").doubles() ?? []
    let cmp = try PolicyComparison.run(learned: oracle, scores: s, risk: risk)
    #expect(cmp.values.map(\.name).prefix(4) == ["oracle", "treat none", "treat all: 1", "random 30%: 1"])
    #expect(cmp.values[0].truePrevented ?? 0 > (cmp.values[3].truePrevented ?? 0))
    #expect(cmp.differences.count == cmp.values.count - 1)
  }
}
