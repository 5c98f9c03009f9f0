import Frame
import Stats
import Testing

@testable import Learn

/// The small-node pass finds the bins met of a few-bin feature from its count channel instead of marking them
/// row by row (``TreeGrower``'s `marksBins`): the same trees, bit for bit, as when every feature's bins are
/// marked (`ExecutionOptions.markEveryBin`), for the causal and regression rules, packed (unit weights) and
/// plain (bootstrap weights) bins, honesty, node-local relabeling and both candidate-count rules.
@Suite struct SparseBinCountScanTests {
  /// Rows with a binary, a three-level, a six-level (with missing values), a 40-level and a continuous
  /// column; an outcome, a treatment and a treatment-effect that depend on them.
  static func data(n: Int, seed: Int) throws -> (BinnedMatrix, y: [Double], w: [Double]) {
    var rng = SeededRNG(seed: seed)
    var cols = [[Double]](repeating: [], count: 5)
    var y = [Double](), w = [Double]()
    for _ in 0..<n {
      let x0 = Double(rng.int(below: 2)), x1 = Double(rng.int(below: 3))
      let x2 = rng.bernoulli(0.1) ? Double.nan : Double(rng.int(below: 6))
      let x3 = Double(rng.int(below: 40)), x4 = rng.normal()
      let t = rng.bernoulli(0.3 + 0.2 * x0) ? 1.0 : 0.0
      let tau = 0.8 * x0 - 0.5 * x1 + (x2.isNaN ? 0.4 : 0.1 * x2) + 0.3 * x4
      for (k, v) in [x0, x1, x2, x3, x4].enumerated() { cols[k].append(v) }
      w.append(t)
      y.append(0.5 * x1 + 0.02 * x3 + tau * t + rng.normal())
    }
    let x = DesignMatrix(columns: cols, names: ["x0", "x1", "x2", "x3", "x4"])
    return (try FeatureBinner.fit(x).bin(x), y, w)
  }

  /// Causal responses (ρ, W, below) from fixed outcomes and treatments: tree-level centred on the whole
  /// sample's means, or node-local (centred on each node's means, as grf's pseudo-outcomes are).
  struct CentredResponses: RelabelingStrategy {
    let y: [Double], w: [Double], nodeLocal: Bool
    var responseWidth: Int { 3 }
    var isNodeLocal: Bool { nodeLocal }
    func relabel(
      samples: UnsafeBufferPointer<Int32>, weights: UnsafePointer<Double>, responses: UnsafeMutablePointer<Double>
    ) -> Bool {
      let k = nodeLocal ? Double(samples.count) : Double(y.count)
      let my = nodeLocal ? samples.reduce(0) { $0 + y[Int($1)] } / k : y.reduce(0, +) / k
      let mw = nodeLocal ? samples.reduce(0) { $0 + w[Int($1)] } / k : w.reduce(0, +) / k
      for s in samples.map({ Int($0) }) {
        responses[3 * s] = (y[s] - my) * (w[s] - mw)
        responses[3 * s + 1] = w[s] - mw
        responses[3 * s + 2] = w[s] < mw ? 1 : 0
      }
      return true
    }
  }

  static func forest(
    _ data: BinnedMatrix, relabeling: any RelabelingStrategy, splitting: SplittingRule, y: [Double],
    sampling: SampleScheme, honesty: Bool, candidates: CandidateCount, markEveryBin: Bool
  ) throws -> [Tree] {
    var o = ForestOptions()
    o.trees = 12
    o.sampling = sampling
    o.seed = 5
    o.tree.honesty = honesty
    o.tree.minLeafSize = 3
    o.tree.minSplitSize = 6
    o.tree.mtry = candidates == .fixed ? 3 : nil
    o.tree.candidateCount = candidates
    var e = ExecutionOptions(threads: 2)
    e.markEveryBin = markEveryBin
    return try ForestTrainer(
      relabeling: relabeling, splitting: splitting, summary: MeanLeafSummary(outcome: y), options: o, execution: e
    ).train(data).trees
  }

  @Test(arguments: [SampleScheme.subsample(fraction: 0.5), .bootstrap])
  func countScanGrowsTheMarkedTrees(sampling: SampleScheme) throws {
    let (data, y, w) = try Self.data(n: 1500, seed: 8)
    var splitsOnFewBins = 0
    for honesty in [false, true] {
      for candidates in [CandidateCount.fixed, .poisson] {
        let cases: [(any RelabelingStrategy, SplittingRule)] = [
          (CentredResponses(y: y, w: w, nodeLocal: true), .causal(alpha: 0.05, imbalancePenalty: 0)),
          (CentredResponses(y: y, w: w, nodeLocal: false), .causal(alpha: 0.05, imbalancePenalty: 0)),
          (OutcomeRelabeling(outcome: y), .variance),
          (OutcomeRelabeling(outcome: y), .regression(alpha: 0.05, imbalancePenalty: 0)),
        ]
        for (relabeling, splitting) in cases {
          func grow(_ mark: Bool) throws -> [Tree] {
            try Self.forest(
              data, relabeling: relabeling, splitting: splitting, y: y, sampling: sampling, honesty: honesty,
              candidates: candidates, markEveryBin: mark)
          }
          let scanned = try grow(false), marked = try grow(true)
          let same = scanned == marked  // (not inside #expect: it would print every tree on a failure)
          #expect(same, "\(splitting) honesty \(honesty) \(candidates)")
          for t in scanned {
            for node in 0..<t.nodeCount where !t.isLeaf(node) && t.feature[node] < 3 { splitsOnFewBins += 1 }
          }
        }
      }
    }
    // The few-bin features are split on, deep in the trees too (where the nodes are small).
    #expect(splitsOnFewBins > 1000)
  }
}
