import Stats
import Synchronization
import Testing

@testable import Learn

/// The scoring kernels (the breadth-first walk over many trees, the block scoring path with its
/// ``PlainRow`` fast path) against the one walk, on random trees with numeric, categorical and NaN-threshold splits and
/// rows with missing values.
@Suite struct BreadthFirstWalkTests {
  /// Trees without categorical splits (the causal forest's kind), NaN thresholds kept.
  static func numericTrees(_ rng: inout SeededRNG, count: Int, features: Int) -> [Tree] {
    var out: [Tree] = []
    while out.count < count {
      var t = CompactTreesTests.randomTree(&rng, features: features, maxDepth: 8)
      for k in 0..<t.nodeCount { t.categorySet[k] = -1 }
      t.categorySets = []
      out.append(t)
    }
    return out
  }

  /// `count` rows of `features` values, row-major.
  static func rows(_ rng: inout SeededRNG, count: Int, features: Int) -> [Double] {
    (0..<count).flatMap { _ in CompactTreesTests.randomRow(&rng, features: features) }
  }

  /// Leaf slots from the one walk, `[tree][row]`.
  static func oneWalk(_ trees: CompactTrees, _ x: [Double], rows n: Int, features p: Int) -> [[Int32]] {
    x.withUnsafeBufferPointer { xp in
      trees.withWalker { w in
        (0..<w.treeCount).map { t in
          (0..<n).map { i in Int32(w.leaf(tree: t, ValueRow(xp.baseAddress! + i * p))) }
        }
      }
    }
  }

  /// Leaf slots from the breadth-first walk over the trees, one row at a time, `[tree][row]`.
  static func breadthFirst<R: TreeRow>(
    _ trees: CompactTrees, _ x: [Double], rows n: Int, features p: Int,
    _ make: @escaping (UnsafePointer<Double>) -> R
  ) -> [[Int32]] {
    let tc = trees.treeCount
    var byRow = [[Int32]](repeating: [Int32](repeating: -7, count: n), count: tc)
    var slots = [Int32](repeating: -7, count: tc), scratch = [Int32](repeating: -7, count: 2 * tc)
    x.withUnsafeBufferPointer { xp in
      trees.withWalker { w in
        slots.withUnsafeMutableBufferPointer { sp in
          scratch.withUnsafeMutableBufferPointer { cp in
            for i in 0..<n {
              w.leaves(
                make(xp.baseAddress! + i * p), trees: 0, count: tc, into: sp.baseAddress!, scratch: cp.baseAddress!)
              for t in 0..<tc { byRow[t][i] = sp[t] }
            }
          }
        }
      }
    }
    return byRow
  }

  /// Leaf slots from the block scoring path (``StoredTrees/forEachTreeLeaves(x:rows:cols:block:_:)``, which
  /// picks ``PlainRow`` or ``ValueRow`` per block), `[tree][row]`, for row-major `x`.
  static func blockScoring(_ stored: StoredTrees, _ x: [Double], rows n: Int, features p: Int, block: Int)
    -> [[Int32]]
  {
    let columnMajor = (0..<(n * p)).map { x[($0 % n) * p + $0 / n] }
    let got = Mutex([[Int32]](repeating: [Int32](repeating: -7, count: n), count: stored.trees.treeCount))
    columnMajor.withUnsafeBufferPointer { xp in
      stored.forEachTreeLeaves(x: xp.baseAddress!, rows: n, cols: p, block: block) { t, lo, hi, slots, _ in
        got.withLock { g in for i in lo..<hi { g[t][i] = slots[i - lo] } }
      }
    }
    return got.withLock { $0 }
  }

  @Test func breadthFirstWalksGiveTheOneWalksLeaves() {
    var rng = SeededRNG(seed: 4242)
    let p = 5, n = 120
    let grown = (0..<40).map { _ in CompactTreesTests.randomTree(&rng, features: p, maxDepth: 8) }
    let stored = StoredTrees(grown)
    var causal = CompactTrees()
    for t in grown { causal.append(grown: t, firstSlot: 0, nanThresholdGoesLeft: true) }
    #expect(stored.trees.hasCategoricalSplits && causal.hasCategoricalSplits)
    let x = Self.rows(&rng, count: n, features: p)
    #expect(x.contains { $0.isNaN })
    for trees in [stored.trees, causal] {
      let reference = Self.oneWalk(trees, x, rows: n, features: p)
      #expect(Self.breadthFirst(trees, x, rows: n, features: p) { ValueRow($0) } == reference)
    }
    // The block scoring path on rows with missing values and trees with categorical splits (ValueRow).
    let reference = Self.oneWalk(stored.trees, x, rows: n, features: p)
    for block in [7, 64, 1000] {
      #expect(Self.blockScoring(stored, x, rows: n, features: p, block: block) == reference)
    }
    // Binned rows through the breadth-first walk.
    let bins: [UInt8] = (0..<(n * p)).map { _ in
      rng.uniform() < 0.15 ? FeatureBinner.missingBin : UInt8(rng.int(below: 12))
    }
    bins.withUnsafeBufferPointer { bp in
      stored.trees.withWalker { w in
        let tc = w.treeCount
        var slots = [Int32](repeating: -7, count: tc), scratch = [Int32](repeating: 0, count: 2 * tc)
        for i in 0..<n {
          w.leaves(BinnedRow(bp.baseAddress! + i * p), trees: 0, count: tc, into: &slots, scratch: &scratch)
          for t in 0..<tc { #expect(Int(slots[t]) == w.leaf(tree: t, BinnedRow(bp.baseAddress! + i * p))) }
        }
      }
    }
  }

  @Test func plainRowsTakeTheSameLeavesOnForestsWithoutCategoricalSplits() {
    var rng = SeededRNG(seed: 77)
    let p = 6, n = 150
    let grown = Self.numericTrees(&rng, count: 50, features: p)
    #expect(grown.contains { t in t.threshold.enumerated().contains { !t.isLeaf($0.offset) && $0.element.isNaN } })
    let stored = StoredTrees(grown)
    var causal = CompactTrees()
    for t in grown { causal.append(grown: t, firstSlot: 0, nanThresholdGoesLeft: true) }
    #expect(!stored.trees.hasCategoricalSplits && !causal.hasCategoricalSplits)
    // Rows without missing values (out-of-range and fractional values kept).
    let x = Self.rows(&rng, count: n, features: p).map { $0.isNaN ? -3.5 : $0 }
    x.withUnsafeBufferPointer { xp in
      #expect(PlainRow.isPlain(xp.baseAddress!, count: n * p))
      #expect(PlainRow.isPlain(xp.baseAddress!, count: n, stride: p))
    }
    for trees in [stored.trees, causal] {
      let reference = Self.oneWalk(trees, x, rows: n, features: p)
      #expect(Self.breadthFirst(trees, x, rows: n, features: p) { PlainRow($0) } == reference)
      let single: [[Int32]] = x.withUnsafeBufferPointer { xp in
        trees.withWalker { w in
          (0..<w.treeCount).map { t in (0..<n).map { i in Int32(w.leaf(tree: t, PlainRow(xp.baseAddress! + i * p))) } }
        }
      }
      #expect(single == reference)
    }
    // The block scoring path takes PlainRow here (no missing value, no categorical split), and ValueRow
    // once a value is missing: same leaves either way.
    let reference = Self.oneWalk(stored.trees, x, rows: n, features: p)
    #expect(Self.blockScoring(stored, x, rows: n, features: p, block: 32) == reference)
    var holed = x
    holed[5 * p + 2] = .nan
    #expect(
      Self.blockScoring(stored, holed, rows: n, features: p, block: 32)
        == Self.oneWalk(stored.trees, holed, rows: n, features: p))
  }

  @Test func plainRowCheckFindsMissingValues() {
    let x: [Double] = [1, 2, .nan, 4, 5, 6]
    x.withUnsafeBufferPointer { xp in
      #expect(!PlainRow.isPlain(xp.baseAddress!, count: 6))
      #expect(PlainRow.isPlain(xp.baseAddress!, count: 2))
      #expect(PlainRow.isPlain(xp.baseAddress! + 1, count: 3, stride: 2))  // 2, 4, 6
      #expect(!PlainRow.isPlain(xp.baseAddress!, count: 3, stride: 2))  // 1, nan, 5
    }
  }
}
