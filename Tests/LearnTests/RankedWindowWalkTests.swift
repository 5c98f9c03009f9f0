import Stats
import Testing

@testable import Learn

/// The ranked walk of several rows through a window of walks
/// (``RankedTrees/leaves(tables:rows:trees:count:into:scratch:)``) ends every row in the one walk's leaf of
/// every tree, for blocks of 1 to more rows than the window holds (rows padded to a power of two: 2, 5, 39, 131),
/// and for a subrange of trees; the interleaved decision tables hold each row's own table.
@Suite struct RankedWindowWalkTests {
  @Test func windowWalkTakesTheOneWalksLeaves() throws {
    var rng = SeededRNG(seed: 1511)
    let p = 3, n = 140
    let values = RankedTreesTests.pool(&rng, distinct: 800)
    // More trees than the window, so walks enter as others leave.
    let trees = RankedTreesTests.trees(&rng, count: 3 * RankedTrees.window + 7, features: p, pool: values)
    let ranked = try #require(RankedTrees(trees))
    var x = [Double]()
    for _ in 0..<(n * p) {
      x.append(rng.int(below: 3) == 0 ? values[rng.int(below: values.count)] : 220 * rng.uniform() - 110)
    }
    let reference = BreadthFirstWalkTests.oneWalk(trees, x, rows: n, features: p)
    let tc = trees.treeCount, size = ranked.tableSize
    #expect(RankedTrees.rowBits(1) == 0 && RankedTrees.rowBits(2) == 1 && RankedTrees.rowBits(5) == 3)
    var checked = 0
    // Blocks of 1, 2, 5 and 39 rows, and one of more rows than the window (`window + 3`).
    for (lo, m, first, count) in [
      (0, 1, 0, tc), (1, 2, 0, tc), (3, 5, 0, tc), (8, 39, 0, tc), (0, RankedTrees.window + 3, 0, tc),
      (50, 4, 100, 200),
    ] {
      let bits = RankedTrees.rowBits(m)
      var tables = [UInt8](repeating: 9, count: size << bits), one = [UInt8](repeating: 9, count: size)
      var slots = [Int32](repeating: -7, count: count << bits)
      var scratch = [UInt64](repeating: 0, count: RankedTrees.window + m)
      x.withUnsafeBufferPointer { xp in
        ranked.decisions(rows: m, stride: 1, into: &tables, scratch: &one) { xp.baseAddress! + (lo + $0) * p }
        // Interleaved: row r's entry e at (e << bits) + r, equal to the row's own table.
        for r in 0..<m {
          var own = [UInt8](repeating: 7, count: size)
          ranked.decisions(xp.baseAddress! + (lo + r) * p, stride: 1, into: &own)
          #expect((0..<size).allSatisfy { tables[($0 << bits) + r] == own[$0] }, "row \(lo + r)")
        }
        ranked.leaves(tables: tables, rows: m, trees: first, count: count, into: &slots, scratch: &scratch)
      }
      for t in 0..<count {
        for r in 0..<m {
          #expect(slots[(t << bits) + r] == reference[first + t][lo + r], "tree \(first + t) row \(lo + r)")
          checked += 1
        }
      }
    }
    #expect(checked == (3 * RankedTrees.window + 7) * (1 + 2 + 5 + 39 + RankedTrees.window + 3) + 200 * 4)
  }
}
