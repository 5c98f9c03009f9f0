import Frame
import Stats
import Testing

@testable import Policy

@Suite("Policy tree")
struct PolicyTreeTests {
  /// Best total reward of a leaf holding `rows`.
  static func leafReward(_ rows: [Int], _ r: [[Double]]) -> Double {
    r.map { arm in rows.reduce(0) { $0 + arm[$1] } }.max() ?? 0
  }

  /// Best depth-1 reward on `rows` by trying every feature and every observed threshold.
  static func bruteDepthOne(_ rows: [Int], _ x: [[Double]], _ r: [[Double]]) -> Double {
    var best = leafReward(rows, r)
    for f in x.indices {
      for t in Set(rows.map { x[f][$0] }) {
        let l = rows.filter { x[f][$0] <= t }, rr = rows.filter { x[f][$0] > t }
        if l.isEmpty || rr.isEmpty { continue }
        best = max(best, leafReward(l, r) + leafReward(rr, r))
      }
    }
    return best
  }

  static func bruteDepthTwo(_ x: [[Double]], _ r: [[Double]]) -> Double {
    let all = Array(0..<x[0].count)
    var best = bruteDepthOne(all, x, r)
    for f in x.indices {
      for t in Set(x[f]) {
        let l = all.filter { x[f][$0] <= t }, rr = all.filter { x[f][$0] > t }
        if l.isEmpty || rr.isEmpty { continue }
        best = max(best, bruteDepthOne(l, x, r) + bruteDepthOne(rr, x, r))
      }
    }
    return best
  }

  static func randomProblem(n: Int, p: Int, k: Int, seed: Int, levels: Int = 6) -> ([[Double]], [[Double]]) {
    var rng = SeededRNG(seed: seed)
    let x = (0..<p).map { _ in (0..<n).map { _ in Double(rng.int(below: levels)) } }
    let r = (0..<k).map { _ in (0..<n).map { _ in rng.normal() } }
    return (x, r)
  }

  /// The search's reward equals an exhaustive enumeration of all depth-1 and depth-2 trees (with ties).
  @Test(arguments: [1, 2, 3, 4, 5, 6])
  func matchesBruteForce(seed: Int) throws {
    let (x, r) = Self.randomProblem(n: 40, p: 3, k: 3, seed: seed)
    let feats = (0..<3).map { PolicyTreeFeature.numeric(column: "x\($0)") }
    let arms = ["a", "b", "c"]
    let t2 = try PolicyTreeSearch.fit(x: x, rewards: r, features: feats, arms: arms, depth: 2)
    #expect(abs(t2.reward - Self.bruteDepthTwo(x, r)) < 1e-9)
    let t1 = try PolicyTreeSearch.fit(x: x, rewards: r, features: feats, arms: arms, depth: 1)
    #expect(abs(t1.reward - Self.bruteDepthOne(Array(0..<40), x, r)) < 1e-9)
    // The reported reward is the reward of the tree's own assignment.
    let assigned = t2.assign(matrix: x)
    let realized = assigned.enumerated().reduce(0.0) { $0 + r[$1.element][$1.offset] }
    #expect(abs(realized - t2.reward) < 1e-9)
    // Quantile candidates at least as many as the distinct values reproduce the exact search.
    let binned = try PolicyTreeSearch.fit(
      x: x, rewards: r, features: feats, arms: arms, depth: 2, candidateThresholds: 1000)
    #expect(abs(binned.reward - t2.reward) < 1e-9)
    let coarse = try PolicyTreeSearch.fit(
      x: x, rewards: r, features: feats, arms: arms, depth: 2, candidateThresholds: 2)
    #expect(coarse.reward <= t2.reward + 1e-9)
  }

  /// Rewards planted so that arm "treat" pays exactly when tenure ≤ 12 and Contract is Month-to-month.
  @Test func recoversPlantedRule() throws {
    var rng = SeededRNG(seed: 5)
    let n = 2000
    let tenure = (0..<n).map { _ in Double(rng.int(below: 73)) }
    let contracts = ["Month-to-month", "One year", "Two year"]
    let contract = (0..<n).map { _ in contracts[rng.int(below: 3)] }
    let frame = try DataFrame(columns: [
      Column(name: "tenure", floats: tenure), Column(name: "Contract", strings: contract),
      Column(name: "noise", floats: (0..<n).map { _ in rng.uniform() }),
    ])
    let feats = try PolicyTreeFeatures.features(of: frame, columns: ["tenure", "Contract", "noise"])
    let x = try PolicyTreeFeatures.matrix(frame, features: feats)
    let good = (0..<n).map { tenure[$0] <= 12 && contract[$0] == "Month-to-month" }
    let r0 = (0..<n).map { _ in 0.05 * rng.normal() }
    let r1 = (0..<n).map { i in (good[i] ? 0.3 : -0.2) + 0.05 * rng.normal() }
    let tree = try PolicyTreeSearch.fit(x: x, rewards: [r0, r1], features: feats, arms: ["none", "treat"], depth: 2)
    let assigned = tree.assign(matrix: x)
    let agree = (0..<n).filter { (assigned[$0] == 1) == good[$0] }.count
    #expect(agree == n, "\(tree.rules)")
    // Either split order is exact; the rule for the treated leaf names both conditions.
    #expect(
      tree.rules.contains {
        $0.contains("tenure <= 12") && $0.contains("Contract is Month-to-month") && $0.hasSuffix(": treat")
      },
      "\(tree.rules)")
    #expect(try tree.assignNames(frame) == assigned.map { ["none", "treat"][$0] })
  }

  @Test func badInput() throws {
    let f = [PolicyTreeFeature.numeric(column: "x")]
    #expect(throws: PolicyEvaluationError.self) {
      try PolicyTreeSearch.fit(x: [[1, .nan]], rewards: [[0, 1]], features: f, arms: ["a"])
    }
    #expect(throws: PolicyEvaluationError.self) {
      try PolicyTreeSearch.fit(x: [[1, 2]], rewards: [[0, 1]], features: f, arms: ["a"], depth: 3)
    }
    let frame = try DataFrame(columns: [Column(name: "x", floats: [1, .nan])])
    #expect(throws: PolicyEvaluationError.self) { try PolicyTreeFeatures.matrix(frame, features: f) }
  }
}
