import Stats
import Testing

@testable import Learn

/// The partition walk (a block of rows down one tree node by node) against the one walk, on random trees with
/// numeric, categorical and NaN-threshold splits (both missing-value directions) and rows with missing values,
/// level codes out of range and non-integer values; for all rows of a block and for subsets of them (as the
/// causal forest's out-of-bag predictions pass).
@Suite struct PartitionWalkTests {
  /// For each tree, the leaf slot the partition walk gives each listed row (`-7` for rows not listed, `-9`
  /// for a row reported twice), with `x` column-major (`x[f * n + r]`).
  static func partitionLeaves(
    _ trees: CompactTrees, x: [Double], rows n: Int, subset: (Int, Int) -> Bool
  ) -> [[Int32]] {
    var out = [[Int32]](repeating: [Int32](repeating: -7, count: n), count: trees.treeCount)
    x.withUnsafeBufferPointer { xp in
      trees.withWalker { w in
        let walk = PartitionWalk(capacity: n, walker: w)
        for t in 0..<w.treeCount {
          var count = 0
          for r in 0..<n where subset(t, r) {
            walk.rows[count] = Int32(r)
            count += 1
          }
          walk.walk(w, tree: t, x: xp.baseAddress!, stride: n, count: count) { slot, rows, c in
            for i in 0..<c {
              let r = Int(rows[i])
              out[t][r] = out[t][r] == -7 ? Int32(slot) : -9
            }
          }
        }
      }
    }
    return out
  }

  @Test(arguments: [false, true])
  func partitionWalkGivesTheOneWalksLeaves(causalRule: Bool) {
    var rng = SeededRNG(seed: causalRule ? 77 : 78)
    let p = 5, n = 700
    let grown = (0..<40).map { _ in CompactTreesTests.randomTree(&rng, features: p, maxDepth: 9) }
    var trees = CompactTrees()
    for t in grown { trees.append(grown: t, firstSlot: 0, nanThresholdGoesLeft: causalRule) }
    #expect(trees.hasCategoricalSplits && trees.nodes.contains { !$0.isLeaf && $0.threshold.isNaN })
    var rowMajor: [Double] = []
    for _ in 0..<n { rowMajor += CompactTreesTests.randomRow(&rng, features: p) }
    #expect(rowMajor.contains { $0.isNaN })
    let columnMajor = (0..<(n * p)).map { rowMajor[($0 % n) * p + $0 / n] }
    let expected: [[Int32]] = rowMajor.withUnsafeBufferPointer { xp in
      trees.withWalker { w in
        (0..<w.treeCount).map { t in (0..<n).map { i in Int32(w.leaf(tree: t, ValueRow(xp.baseAddress! + i * p))) } }
      }
    }
    // Many leaves per tree, so ranges of every size (including the small ones finished by the one walk) occur.
    #expect(Set(expected.joined()).count > 40)
    let all = Self.partitionLeaves(trees, x: columnMajor, rows: n) { _, _ in true }
    #expect(all == expected)
    // A per-tree random subset (in-bag rows left out), and the empty subset.
    var mask = [[Bool]](repeating: [], count: grown.count)
    for t in 0..<grown.count { mask[t] = (0..<n).map { _ in rng.uniform() < 0.63 } }
    let some = Self.partitionLeaves(trees, x: columnMajor, rows: n) { t, r in mask[t][r] }
    for t in 0..<grown.count {
      for r in 0..<n { #expect(some[t][r] == (mask[t][r] ? expected[t][r] : -7)) }
    }
    let none = Self.partitionLeaves(trees, x: columnMajor, rows: n) { _, _ in false }
    #expect(none.allSatisfy { $0.allSatisfy { $0 == -7 } })
  }
}
