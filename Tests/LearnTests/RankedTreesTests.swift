import Stats
import Testing

@testable import Learn

/// The 8-byte ranked layout (``RankedTrees``) takes the one walk's leaves on forests with many distinct
/// thresholds, ties, signed zeros, infinities and NaN thresholds; forests with categorical splits get none.
@Suite struct RankedTreesTests {
  /// `count` values drawn from a pool of `distinct` thresholds, with -0.0, 0.0, ±∞ among them.
  static func pool(_ rng: inout SeededRNG, distinct: Int) -> [Double] {
    [-0.0, 0.0, .infinity, -.infinity, 1e300, -1e-300] + (0..<distinct).map { _ in 200 * rng.uniform() - 100 }
  }

  /// Random numeric trees (NaN thresholds kept) whose other thresholds come from `pool`.
  static func trees(_ rng: inout SeededRNG, count: Int, features: Int, pool: [Double]) -> CompactTrees {
    var out = CompactTrees()
    for var t in BreadthFirstWalkTests.numericTrees(&rng, count: count, features: features) {
      for k in 0..<t.nodeCount where !t.isLeaf(k) && !t.threshold[k].isNaN {
        t.threshold[k] = pool[rng.int(below: pool.count)]
      }
      out.append(grown: t, firstSlot: 0, nanThresholdGoesLeft: true)
    }
    return out
  }

  @Test func rankedWalkTakesTheOneWalksLeaves() throws {
    var rng = SeededRNG(seed: 2026)
    let p = 4, n = 300
    let values = Self.pool(&rng, distinct: 5000)
    let trees = Self.trees(&rng, count: 300, features: p, pool: values)
    let ranked = try #require(RankedTrees(trees))
    #expect(ranked.thresholdCount > 1500)  // many distinct thresholds per feature
    #expect(ranked.featureCount == p)
    #expect(trees.nodes.contains { !$0.isLeaf && $0.threshold.isNaN })
    // Rows: exact thresholds (ties), values between them, out of range, signed zeros and infinities.
    var x = [Double]()
    for _ in 0..<(n * p) {
      switch rng.int(below: 4) {
      case 0: x.append(values[rng.int(below: values.count)])
      case 1: x.append([-0.0, 0.0, .infinity, -.infinity, 1e308, -1e308][rng.int(below: 6)])
      default: x.append(220 * rng.uniform() - 110)
      }
    }
    let reference = BreadthFirstWalkTests.oneWalk(trees, x, rows: n, features: p)
    let tc = trees.treeCount
    var got = [[Int32]](repeating: [Int32](repeating: -7, count: n), count: tc)
    var slots = [Int32](repeating: -7, count: tc), scratch = [Int32](repeating: -7, count: 2 * tc)
    x.withUnsafeBufferPointer { xp in
      for i in 0..<n {
        ranked.leaves(xp.baseAddress! + i * p, trees: 0, count: tc, into: &slots, scratch: &scratch)
        for t in 0..<tc { got[t][i] = slots[t] }
      }
      // A column-major row (stride) and a subrange of trees.
      let columnMajor = (0..<(n * p)).map { x[($0 % n) * p + $0 / n] }
      columnMajor.withUnsafeBufferPointer { cp in
        ranked.leaves(cp.baseAddress! + 17, stride: n, trees: 40, count: 100, into: &slots, scratch: &scratch)
        #expect((0..<100).allSatisfy { slots[$0] == reference[40 + $0][17] })
      }
    }
    #expect(got == reference)
    #expect(ranked.byteCount >= trees.nodeCount * 8 && ranked.byteCount < trees.byteCount)
  }

  @Test func decisionTableIsExactAtTiesAndBetween() throws {
    // One feature, thresholds 1, 2 (twice), 3: a row of 2 goes left at 2 and 3, right at 1.
    var trees = CompactTrees()
    try trees.append(nodeCount: 9) { k in
      switch k {
      case 0: .numeric(feature: 0, threshold: 2, binThreshold: 0, missingLeft: false, left: 1, right: 2)
      case 1: .numeric(feature: 0, threshold: 1, binThreshold: 0, missingLeft: false, left: 3, right: 4)
      case 2: .numeric(feature: 0, threshold: 3, binThreshold: 0, missingLeft: false, left: 5, right: 6)
      case 3: .numeric(feature: 0, threshold: 2, binThreshold: 0, missingLeft: false, left: 7, right: 8)
      default: .leaf(slot: k)
      }
    }
    let ranked = try #require(RankedTrees(trees))
    #expect(ranked.thresholdCount == 3 && ranked.tableSize == 4)
    var table = [UInt8](repeating: 9, count: 4)
    for (v, expected) in [(2.0, [0, 0, 1, 1]), (0.5, [0, 1, 1, 1]), (3.5, [0, 0, 0, 0]), (3.0, [0, 0, 0, 1])] {
      [v].withUnsafeBufferPointer { ranked.decisions($0.baseAddress!, stride: 1, into: &table) }
      #expect(table.map(Int.init) == expected, "row \(v)")
    }
  }

  @Test func forestsWithCategoricalSplitsHaveNoRankedLayout() {
    var rng = SeededRNG(seed: 4242)
    let grown = (0..<40).map { _ in CompactTreesTests.randomTree(&rng, features: 5, maxDepth: 8) }
    let stored = StoredTrees(grown)
    #expect(stored.trees.hasCategoricalSplits)
    #expect(RankedTrees(stored.trees) == nil)
    #expect(RankedTrees(CompactTrees()) == nil)
    // A split on a feature index far beyond any covariate matrix (only a corrupt file has one): no layout.
    var wide = CompactTrees()
    try? wide.append(nodeCount: 3) { k in
      k == 0
        ? .numeric(
          feature: RankedTrees.maxFeatures, threshold: 1, binThreshold: 0, missingLeft: false, left: 1, right: 2)
        : .leaf(slot: k)
    }
    #expect(wide.treeCount == 1 && RankedTrees(wide) == nil)
    #expect(RankedTreesCache().layout(stored.trees) == nil)
  }
}
