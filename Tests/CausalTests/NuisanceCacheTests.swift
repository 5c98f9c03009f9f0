import Frame
import Learn
import Stats
import Testing

@testable import Causal

/// The nuisance cache returns exactly what a refit gives, and the parallel out-of-bag averaging equals
/// averaging each row's out-of-bag trees in tree order.
@Suite struct NuisanceCacheTests {
  static func data(n: Int = 600) throws -> (BinnedMatrix, y: [Double], w: [Double]) {
    let (frame, _) = CausalForestFitTests.simulate(n: n, seed: 5)
    let x = DesignMatrix(
      columns: try (1...4).map { try frame.column("x\($0)").doubles()! },
      names: ["x1", "x2", "x3", "x4"])
    return (try FeatureBinner.fit(x).bin(x), try frame.column("y").doubles()!, try frame.column("w").doubles()!)
  }

  static func oob(_ data: BinnedMatrix, _ target: [Double], seed: Int = 9) throws -> [Double] {
    try NuisanceForest.oobPredictions(
      data, target: target, trees: 60, mtry: 3, minNodeSize: 5, alpha: 0.05,
      imbalancePenalty: 0, seed: seed)
  }

  @Test func hitEqualsRefit() throws {
    let (data, y, _) = try Self.data()
    let fresh = try NuisanceForest.grow(
      data, target: y, trees: 60, mtry: 3, minNodeSize: 5, alpha: 0.05,
      imbalancePenalty: 0, seed: 9, progress: nil)
    let first = try Self.oob(data, y), second = try Self.oob(data, y)
    #expect(first == fresh)
    #expect(second == fresh)
    // Any input that differs is a different entry.
    #expect(try Self.oob(data, y, seed: 10) != fresh)
  }

  @Test func keysCompareEveryInput() throws {
    let (data, y, w) = try Self.data()
    let cache = NuisanceCache()
    let key = NuisanceCache.Key(
      covariates: BinnedInputKey(data), target: y,
      trees: 60, mtry: 3, minNodeSize: 5, alpha: 0.05, imbalancePenalty: 0, seed: 9)
    cache.store([1, 2, 3], for: key)
    #expect(cache.value(for: key) == [1, 2, 3])
    var other = key
    other.target = w
    #expect(cache.value(for: other) == nil)
    other = key
    other.alpha = 0.1
    #expect(cache.value(for: other) == nil)
    // Least recently used entries go beyond the capacity.
    for s in 0..<NuisanceCache.capacity {
      var k = key
      k.seed = 100 + s
      cache.store([Double(s)], for: k)
    }
    #expect(cache.value(for: key) == nil)
  }

  /// The out-of-bag mean computed the plain way: every tree in order, each row skipping its in-bag trees.
  @Test func parallelAveragingEqualsSerial() throws {
    let (data, y, _) = try Self.data(n: 2500)
    var o = ForestOptions()
    o.trees = 60
    o.sampling = .subsample(fraction: 0.5)
    o.seed = 9
    o.tree.honesty = true
    o.tree.honestyFraction = 0.5
    o.tree.pruneEmptyLeaves = true
    o.tree.minLeafSize = 1
    o.tree.minSplitSize = 6
    o.tree.mtry = 3
    o.tree.candidateCount = .poisson
    let forest = try ForestTrainer(
      relabeling: OutcomeRelabeling(outcome: y),
      splitting: .regression(alpha: 0.05, imbalancePenalty: 0),
      summary: MeanLeafSummary(outcome: y), options: o
    ).train(data)
    var sum = [Double](repeating: 0, count: data.rows), count = [Int](repeating: 0, count: data.rows)
    data.bins.withUnsafeBufferPointer { bp in
      for (t, tree) in forest.trees.enumerated() {
        let bag = Set(forest.inBag[t])
        for i in 0..<data.rows where !bag.contains(Int32(i)) {
          let v = tree.values[tree.leaf(bins: bp.baseAddress! + i * data.cols) * tree.valueWidth]
          if v.isNaN { continue }
          sum[i] += v
          count[i] += 1
        }
      }
    }
    let mean = y.reduce(0, +) / Double(y.count)
    let serial = (0..<data.rows).map { count[$0] > 0 ? sum[$0] / Double(count[$0]) : mean }
    let grown = try NuisanceForest.grow(
      data, target: y, trees: 60, mtry: 3, minNodeSize: 5, alpha: 0.05,
      imbalancePenalty: 0, seed: 9, progress: nil)
    #expect(grown == serial)
  }

  /// A causal forest fitted with its nuisances from the cache is the forest fitted from scratch.
  @Test func forestFromCacheEqualsFreshForest() throws {
    let (frame, _) = CausalForestFitTests.simulate(n: 500, seed: 3)
    var o = CausalForestOptions()
    o.trees = 100
    o.seed = 4
    let covariates = ["x1", "x2", "x3", "x4"]
    NuisanceCache.shared.removeAll()
    let fresh = try CausalForest.fit(frame: frame, outcome: "y", treatment: "w", covariates: covariates, options: o)
    let cached = try CausalForest.fit(frame: frame, outcome: "y", treatment: "w", covariates: covariates, options: o)
    #expect(cached.yHat == fresh.yHat)
    #expect(cached.wHat == fresh.wHat)
    #expect(cached.oob.tau == fresh.oob.tau)
  }
}
