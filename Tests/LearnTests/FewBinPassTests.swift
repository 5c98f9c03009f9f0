import Frame
import Stats
import Testing

@testable import Learn

/// The small-node pass sums features of at most 4 bins in registers, one feature at a time (``TreeGrower``'s
/// `fewBinPasses`), when the bins are packed (unit weights): the same trees, bit for bit, as the row pass that
/// adds every feature's samples in memory (kept as the reference under `ExecutionOptions.markEveryBin`), for
/// binary, three- and four-level numeric and categorical features with missing values, the causal and regression
/// rules, honesty, node-local relabeling, both candidate-count rules, and bootstrap weights (plain bins).
@Suite struct FewBinPassTests {
  /// Rows with a binary column with missing values, a three-level categorical, a four-level numeric, a two-level
  /// categorical with missing values, a 30-level and a continuous column, a second binary column with missing
  /// values and two binary columns without; outcome and treatment depend on them. The five two-bin columns are not
  /// all adjacent, so nodes that draw them sum two in one pass (`twoBinPairPass`) and, when they draw an odd number,
  /// one alone; the last two are summed with their second bin's count only (`countOnlyLastBin`), alone, together
  /// and paired with a fully summed column.
  static func data(n: Int, seed: Int) throws -> (BinnedMatrix, y: [Double], w: [Double]) {
    var rng = SeededRNG(seed: seed)
    var cols = [[Double]](repeating: [], count: 9)
    var y = [Double](), w = [Double]()
    for _ in 0..<n {
      let x0 = rng.bernoulli(0.05) ? Double.nan : Double(rng.int(below: 2))
      let x1 = Double(rng.int(below: 3)), x2 = Double(rng.int(below: 4))
      let x3 = rng.bernoulli(0.1) ? Double.nan : Double(rng.int(below: 2))
      let x4 = Double(rng.int(below: 30)), x5 = rng.normal()
      let x6 = rng.bernoulli(0.02) ? Double.nan : Double(rng.int(below: 2))
      let x7 = Double(rng.int(below: 2)), x8 = rng.bernoulli(0.2) ? 1.0 : 0.0
      let t = rng.bernoulli(0.3 + 0.1 * x1) ? 1.0 : 0.0
      let tau0 = (x0.isNaN ? 0.5 : 0.6 * x0) - 0.4 * x1 + 0.2 * x2 + (x3.isNaN ? -0.3 : 0.3 * x3)
      let tau = tau0 + 0.2 * x5 - (x6.isNaN ? 0 : 0.3 * x6) + 0.4 * x7 - 0.3 * x8
      for (k, v) in [x0, x1, x2, x3, x4, x5, x6, x7, x8].enumerated() { cols[k].append(v) }
      w.append(t)
      y.append(0.4 * x2 + 0.03 * x4 + tau * t + rng.normal())
    }
    let kinds: [FeatureKind] = [
      .numeric, .categorical(levels: 3), .numeric, .categorical(levels: 2), .numeric, .numeric, .numeric, .numeric,
      .numeric,
    ]
    let x = DesignMatrix(columns: cols, names: (0..<9).map { "x\($0)" }, featureKinds: kinds)
    return (try FeatureBinner.fit(x).bin(x), y, w)
  }

  @Test(arguments: [SampleScheme.subsample(fraction: 0.5), .bootstrap])
  func registerPassGrowsTheRowPassTrees(sampling: SampleScheme) throws {
    let (data, y, w) = try Self.data(n: 1200, seed: 13)
    #expect((0..<4).allSatisfy { data.features[$0].binCount <= 4 } && data.features[4].binCount > 4)
    #expect([0, 3, 6, 7, 8].allSatisfy { data.features[$0].binCount == 2 })
    let scratch = SparseBinScratch(data: data, channels: 6, rows: 16)
    defer { scratch.deallocate() }
    #expect(
      (0..<9).map { scratch.countOnlyLastBin[$0] } == [false, false, false, false, false, false, false, true, true])
    var splitsOnFewBins = 0
    for honesty in [false, true] {
      for candidates in [CandidateCount.fixed, .poisson] {
        let cases: [(any RelabelingStrategy, SplittingRule)] = [
          (
            SparseBinCountScanTests.CentredResponses(y: y, w: w, nodeLocal: true),
            .causal(alpha: 0.05, imbalancePenalty: 0)
          ),
          (
            SparseBinCountScanTests.CentredResponses(y: y, w: w, nodeLocal: false),
            .causal(alpha: 0.05, imbalancePenalty: 0)
          ),
          (OutcomeRelabeling(outcome: y), .variance),
          (OutcomeRelabeling(outcome: y), .regression(alpha: 0.05, imbalancePenalty: 0)),
        ]
        for (relabeling, splitting) in cases {
          func grow(_ reference: Bool) throws -> [Tree] {
            try SparseBinCountScanTests.forest(
              data, relabeling: relabeling, splitting: splitting, y: y, sampling: sampling, honesty: honesty,
              candidates: candidates, markEveryBin: reference)
          }
          let registers = try grow(false), rows = try grow(true)
          let same = registers == rows  // (not inside #expect: it would print every tree on a failure)
          #expect(same, "\(splitting) honesty \(honesty) \(candidates)")
          for t in registers {
            for node in 0..<t.nodeCount where !t.isLeaf(node) && t.feature[node] < 4 || t.feature[node] >= 6 {
              splitsOnFewBins += 1
            }
          }
        }
      }
    }
    // The few-bin features are split on, deep in the trees too (where the nodes are small).
    #expect(splitsOnFewBins > 1000)
  }
}
