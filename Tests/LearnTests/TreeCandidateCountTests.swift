import Frame
import Stats
import Testing

@testable import Learn

/// grf's Poisson number of candidate features per node (`CandidateCount.poisson`, grf 2.x
/// `TreeTrainer::create_split_variable_subset`: k = max(1, min(Poisson(mtry), p)) features per node), and
/// grf's regression splitting rule (`SplittingRule.regression`, grf `RegressionSplittingRule`: each child
/// holds at least max(⌈alpha · node size⌉, 1) samples).
@Suite(.serialized) struct TreeCandidateCountTests {
  /// Two features: x0 carries a strong step in y, x1 a weak one.
  static func data(n: Int) throws -> (BinnedMatrix, [Double]) {
    var rng = SeededRNG(seed: 21)
    let x0 = (0..<n).map { _ in rng.uniform() }, x1 = (0..<n).map { _ in rng.uniform() }
    let y = (0..<n).map { 3 * (x0[$0] > 0.5 ? 1.0 : 0) + 0.5 * (x1[$0] > 0.5 ? 1.0 : 0) + 0.1 * rng.normal() }
    let x = DesignMatrix(columns: [x0, x1], names: ["x0", "x1"])
    return (try FeatureBinner.fit(x).bin(x), y)
  }

  static func trainer(_ y: [Double], rule: CandidateCount, trees: Int = 200, threads: Int = 0) -> ForestTrainer {
    var o = ForestOptions()
    o.trees = trees
    o.sampling = .subsample(fraction: 0.5)
    o.tree.mtry = 2
    o.tree.candidateCount = rule
    o.tree.minSplitSize = 6
    return ForestTrainer(
      relabeling: OutcomeRelabeling(outcome: y), splitting: .variance,
      summary: MeanLeafSummary(outcome: y), options: o, execution: ExecutionOptions(threads: threads))
  }

  @Test func poissonCountSometimesHidesTheBestFeatureEvenWhenMtryIsAll() throws {
    let (data, y) = try Self.data(n: 2000)
    // Fixed mtry = 2 = all features: every root splits on the strong x0.
    let fixed = try Self.trainer(y, rule: .fixed).train(data)
    #expect(fixed.trees.allSatisfy { $0.feature[0] == 0 })
    // Poisson(2): k = 1 with probability P(N ≤ 1) = 3e⁻² ≈ 0.406, and then x1 is the only candidate
    // half of the time, so about 20% of roots split on x1.
    let poisson = try Self.trainer(y, rule: .poisson).train(data)
    let share = Double(poisson.trees.filter { $0.feature[0] == 1 }.count) / Double(poisson.trees.count)
    #expect(share > 0.12 && share < 0.29, "share of roots on x1: \(share)")
  }

  @Test func poissonForestIsDeterministicForAnyThreadCount() throws {
    let (data, y) = try Self.data(n: 1500)
    let serial = try Self.trainer(y, rule: .poisson, trees: 24, threads: 1).train(data)
    let parallel = try Self.trainer(y, rule: .poisson, trees: 24, threads: 0).train(data)
    #expect(serial.trees == parallel.trees)
    #expect(serial.inBag == parallel.inBag)
  }

  @Test func regressionRuleKeepsAlphaShareInEachChild() throws {
    let (data, y) = try Self.data(n: 1200)
    for alpha in [0.0, 0.2] {
      var o = ForestOptions()
      o.trees = 10
      o.sampling = .subsample(fraction: 0.5)
      o.tree.minSplitSize = 6
      let forest = try ForestTrainer(
        relabeling: OutcomeRelabeling(outcome: y),
        splitting: .regression(alpha: alpha, imbalancePenalty: 0),
        summary: MeanLeafSummary(outcome: y), options: o
      ).train(data)
      // Unit weights without honesty: a node's weight is its sample count.
      var smallest = 1.0
      for t in forest.trees {
        for node in 0..<t.nodeCount where !t.isLeaf(node) {
          let n = t.weight[node], l = t.weight[Int(t.left[node])], r = t.weight[Int(t.right[node])]
          #expect(l + r == n)
          #expect(min(l, r) >= (alpha * n).rounded(.up), "child \(min(l, r)) of \(n) with alpha \(alpha)")
          smallest = min(smallest, min(l, r) / n)
        }
      }
      // Without the constraint the greedy splits do cut off small end pieces.
      if alpha == 0 { #expect(smallest < 0.2) }
    }
  }
}
