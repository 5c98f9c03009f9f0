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

/// The partition walk on binned rows (``BinnedRows``) and the out-of-bag row filter (``PartitionWalk/setRows(notIn:lo:count:)``)
/// against the one walk on ``BinnedRow``, and ``TrainedForest/outOfBag(_:)`` against the one walk per row and
/// tree it took before, bit for bit.
@Suite struct BinnedPartitionWalkTests {
  /// Random row-major bins for `n` rows: the missing bin, level codes in and out of the trees' sets, and
  /// numeric bins around the trees' bin thresholds.
  static func randomBins(_ rng: inout SeededRNG, rows n: Int, features p: Int) -> BinnedMatrix {
    let bins = (0..<(n * p)).map { _ -> UInt8 in
      rng.uniform() < 0.1 ? FeatureBinner.missingBin : UInt8(rng.int(below: 14))
    }
    return BinnedMatrix(rows: n, cols: p, bins: bins, features: [])
  }

  /// Random trees with some NaN leaf values (leaves that do not contribute).
  static func randomTrees(_ rng: inout SeededRNG, count: Int, features p: Int) -> [Tree] {
    (0..<count).map { _ in
      var t = CompactTreesTests.randomTree(&rng, features: p, maxDepth: 9)
      for k in 0..<t.nodeCount where rng.uniform() < 0.1 { t.values[k] = .nan }
      return t
    }
  }

  @Test func binnedPartitionWalkGivesTheOneWalksLeaves() {
    var rng = SeededRNG(seed: 606)
    let p = 5, n = 900, lo = 37
    let trees = Self.randomTrees(&rng, count: 30, features: p)
    let stored = StoredTrees(trees)
    let data = Self.randomBins(&rng, rows: n, features: p)
    var bag = [UInt64](repeating: 0, count: (n + 63) / 64)
    for i in 0..<n where rng.uniform() < 0.5 { bag[i >> 6] |= 1 << UInt64(i & 63) }
    let m = n - lo - 11
    stored.trees.withWalker { w in
      data.columns.withUnsafeBufferPointer { columns in
        data.bins.withUnsafeBufferPointer { bins in
          let walk = PartitionWalk(capacity: m, walker: w)
          let rows = BinnedRows(
            columns: columns.baseAddress! + lo, stride: n, rows: bins.baseAddress! + lo * p, width: p)
          var distinct = Set<Int>()
          for t in 0..<w.treeCount {
            // The rows out of the bag, in row order (rows lo..<lo + m, not 64-aligned).
            let count = bag.withUnsafeBufferPointer { walk.setRows(notIn: $0.baseAddress!, lo: lo, count: m) }
            let expectedRows = (0..<m).filter { bag[($0 + lo) >> 6] & (1 << UInt64(($0 + lo) & 63)) == 0 }
            #expect(Array(UnsafeBufferPointer(start: walk.rows, count: count)) == expectedRows.map { Int32($0) })
            var got = [Int](repeating: -7, count: m)
            walk.walk(w, tree: t, rows, count: count) { slot, found, c in
              for q in 0..<c {
                let r = Int(found[q])
                got[r] = got[r] == -7 ? slot : -9
              }
            }
            for r in 0..<m {
              let i = lo + r
              let want = expectedRows.contains(r) ? w.leaf(tree: t, BinnedRow(bins.baseAddress! + i * p)) : -7
              #expect(got[r] == want)
              distinct.insert(want)
            }
          }
          #expect(distinct.count > 40)
        }
      }
    }
  }

  @Test func outOfBagEqualsTheOneWalkPerRowBitForBit() {
    var rng = SeededRNG(seed: 607)
    let p = 4, n = 2500  // two blocks of 2,048 rows, the second partial
    let trees = Self.randomTrees(&rng, count: 25, features: p)
    let data = Self.randomBins(&rng, rows: n, features: p)
    let inBag = trees.indices.map { _ in (0..<n).filter { _ in rng.uniform() < 0.6 }.map { Int32($0) } }
    let forest = TrainedForest(trees: trees, inBag: inBag)
    let (values, counts) = forest.outOfBag(data)
    // The reference: each row walks each tree that did not use it, trees in order (the code before the
    // partition walk).
    let stored = StoredTrees(trees)
    var finite = 0
    stored.trees.withWalker { w in
      data.bins.withUnsafeBufferPointer { bins in
        for i in 0..<n {
          var sum = 0.0, count = 0
          for t in 0..<w.treeCount where !inBag[t].contains(Int32(i)) {
            let v = stored.values[w.leaf(tree: t, BinnedRow(bins.baseAddress! + i * p))]
            if v.isNaN { continue }
            sum += v
            count += 1
          }
          let mean = count > 0 ? sum / Double(count) : .nan
          #expect(counts[i] == count)
          #expect(values[i].bitPattern == mean.bitPattern || (values[i].isNaN && mean.isNaN))
          if mean.isFinite { finite += 1 }
        }
      }
    }
    #expect(finite > n * 9 / 10)
  }
}
