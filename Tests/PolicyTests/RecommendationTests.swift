import Causal
import Frame
import Learn
import Policy
import Stats
import Testing

@Suite("Recommendations", .serialized)
struct RecommendationTests {
  static let scoring = PolicyFixture.customers(n: 400, seed: 99)

  @Test("net value, intervals and the rule, row by row")
  func perCustomerRule() throws {
    let p = try PolicyFixture.policy()
    let r = try p.recommend(Self.scoring)
    #expect(r.count == 400 && r.arms == ["call", "discount"] && r.ids[0] == "C1000")
    let z = normalQuantile(0.975)
    var treated = 0, lowRisk = 0
    for i in 0..<r.count {
      for k in 0..<2 {
        let v = r.value[i], c = r.costs[k]
        #expect(r.net[k][i] == -r.effect[k][i] * v - c)
        #expect(abs(r.lo[k][i] - (r.effect[k][i] - z * r.se[k][i])) < 1e-15)
        #expect(r.netLo[k][i] <= r.net[k][i] && r.net[k][i] <= r.netHi[k][i])
      }
      #expect(r.value[i] == (Self.scoring["charges"]?.double(at: i) ?? .nan) * 12)
      let best = (0..<2).filter { r.net[$0][i] > 0 }.max { r.net[$0][i] < r.net[$1][i] }
      if r.churn[i] < 0.3 {
        lowRisk += 1
        #expect(r.choice[i] == nil && r.reason[i] == .lowRisk)
      } else {
        #expect(r.choice[i] == best)
        #expect(r.reason[i] == (best == nil ? .notWorthCost : .bestNetValue))
      }
      if r.choice[i] != nil { treated += 1 }
    }
    // The fixture makes both outcomes common: some customers low-risk, some treated.
    #expect(lowRisk > 20 && treated > 20, "lowRisk \(lowRisk), treated \(treated)")
    let t = r.totals()
    #expect(t.treated == treated)
    let table = r.table
    #expect(table.columnNames.prefix(4) == ["id", "churn_prob", "recommendation", "reason"])
    #expect(table.columnNames.contains("net_discount") && table.columnNames.contains("hi_call"))
    let summary = r.summary
    #expect(summary["customers"]?.doubles()?.reduce(0, +) == 400)
  }

  @Test("threshold 0 scores everyone; prohibitive costs recommend nothing")
  func thresholdAndCosts() throws {
    let everyone = try PolicyFixture.policy(rule: PolicyRule(threshold: 0)).recommend(Self.scoring)
    #expect(!everyone.reason.contains(.lowRisk))
    let dear = try PolicyFixture.policy(costs: [("call", 1e6), ("discount", 1e6)]).recommend(Self.scoring)
    #expect(dear.choice.allSatisfy { $0 == nil })
    #expect(dear.reason.contains(.notWorthCost) && !dear.reason.contains(.bestNetValue))
  }

  @Test("require_ci treats only customers whose effect interval is below zero")
  func requireCI() throws {
    let plain = try PolicyFixture.policy(rule: PolicyRule(threshold: 0)).recommend(Self.scoring)
    let strict = try PolicyFixture.policy(rule: PolicyRule(threshold: 0, requireCI: true)).recommend(Self.scoring)
    for i in 0..<strict.count {
      if let k = strict.choice[i] { #expect(strict.hi[k][i] < 0 && strict.net[k][i] > 0) }
      if strict.reason[i] == .ciIncludesZero { #expect(plain.choice[i] != nil) }
    }
    #expect(strict.totals().treated <= plain.totals().treated)
  }

  @Test("budget: cost within budget, best net value per unit cost first")
  func budget() throws {
    let p = try PolicyFixture.policy(rule: PolicyRule(threshold: 0))
    let free = try p.recommend(Self.scoring)
    let full = free.totals().cost
    let r = try p.recommend(Self.scoring, constraint: .budget(full / 4))
    let t = r.totals()
    #expect(t.cost <= full / 4 && t.treated > 0 && t.treated < free.totals().treated)
    func ratio(_ x: PolicyRecommendations, _ i: Int) -> Double { x.choice[i].map { x.net[$0][i] / x.costs[$0] } ?? 0 }
    let kept = (0..<r.count).filter { r.choice[$0] != nil }.map { ratio(r, $0) }
    let dropped = (0..<r.count).filter { r.reason[$0] == .overBudget }.map { ratio(free, $0) }
    #expect(!dropped.isEmpty)
    // The greedy fill may skip a dear customer for a cheaper one, but never keeps a worse ratio while
    // dropping a better one that costs no more.
    for i in 0..<r.count where r.reason[i] == .overBudget {
      let k = free.choice[i] ?? 0
      for j in 0..<r.count where r.choice[j] != nil && r.costs[r.choice[j] ?? 0] >= free.costs[k] {
        #expect(ratio(r, j) >= ratio(free, i))
      }
    }
    #expect(kept.count == t.treated)
    // A budget above the cost of treating everyone worth it does not bind, and says so.
    let loose = try p.recommend(Self.scoring, constraint: .budget(full * 2))
    #expect(loose.totals().treated == free.totals().treated && !loose.warnings.isEmpty)
  }

  @Test("share: at most ⌊share·n⌋ customers, highest net value first")
  func share() throws {
    let p = try PolicyFixture.policy(rule: PolicyRule(threshold: 0))
    let free = try p.recommend(Self.scoring)
    let r = try p.recommend(Self.scoring, constraint: .share(0.05))
    #expect(r.totals().treated == 20)
    let keptMin = (0..<r.count).compactMap { i in r.choice[i].map { r.net[$0][i] } }.min() ?? 0
    let droppedMax =
      (0..<r.count).filter { r.reason[$0] == .overBudget }
      .compactMap { i in free.choice[i].map { free.net[$0][i] } }.max() ?? 0
    #expect(keptMin >= droppedMax)
  }

  @Test(
    "bad budgets are refused",
    arguments: [
      (BudgetConstraint.budget(0), "budget must be a positive amount"),
      (BudgetConstraint.budget(-5), "budget must be a positive amount"),
      (BudgetConstraint.share(0), "share must be in (0, 1]"),
      (BudgetConstraint.share(1.5), "share must be in (0, 1] (a share of the 400 customers)"),
      (BudgetConstraint.share(0.001), "is less than one customer"),
    ])
  func badBudgets(c: BudgetConstraint, message: String) throws {
    let p = try PolicyFixture.policy(rule: PolicyRule(threshold: 0))
    do {
      _ = try p.recommend(Self.scoring, constraint: c)
      Issue.record("\(c) accepted")
    } catch let e as PolicyError {
      #expect(e.description.contains(message), "\(e.description)")
    }
  }

  @Test("same inputs, same bytes: recommending twice is identical")
  func deterministic() throws {
    let p = try PolicyFixture.policy()
    let a = try p.recommend(Self.scoring), b = try p.recommend(Self.scoring)
    #expect(a.net.flatMap { $0 }.map(\.bitPattern) == b.net.flatMap { $0 }.map(\.bitPattern))
    #expect(a.recommendation == b.recommendation)
  }
}
