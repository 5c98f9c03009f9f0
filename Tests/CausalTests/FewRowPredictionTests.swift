import Learn
import Stats
import Testing

@testable import Causal

/// A few rows (fewer than ``CausalBlockState/rankedRowsWalkingTogether``: the ranked 8-byte walk for blocks
/// without missing values, the stored layout's walks for the others) predict exactly as the same rows inside a large
/// batch (tree by tree on the stored layout), bit for bit.
@Suite struct FewRowPredictionTests {
  @Test func fewRowsPredictAsInALargeBatch() throws {
    var rng = SeededRNG(seed: 515)
    let d = 3, n = 600, trees = 60
    var forest = CompactForest(groupSize: 2)
    for _ in 0..<trees { try forest.append(CausalForestPredictionEquivalenceTests.randomTree(&rng, features: d)) }
    // Uniform thresholds: thousands of distinct ones. Rows: 10 % missing values, some exactly on a threshold.
    let splits = forest.trees.nodes.filter { !$0.isLeaf && !$0.threshold.isNaN }.map(\.threshold)
    #expect(Set(splits).count > 300)
    var x = [Double](repeating: 0, count: n * d)
    for q in x.indices {
      let u = rng.uniform()
      x[q] = u < 0.1 ? .nan : u < 0.3 ? splits[rng.int(below: splits.count)] : rng.uniform()
    }
    let same = CausalForestPredictionEquivalenceTests.same
    // Blocks of 1…7 rows (the breadth-first walks) and of the largest size that still walks row by row.
    let big = CausalBlockState.rankedRowsWalkingTogether - 1
    var plainRows = 0, missingRows = 0, plainBigBlocks = 0
    // With missing values, then with every missing value replaced (so the big blocks are plain too).
    for data in [x, x.map { $0.isNaN ? 0.5 : $0 }] {
      let all = forest.predict(x: data, rows: n, columns: d, withVariance: true)
      var lo = 0, m = 1
      while lo + m <= n {
        #expect(m < CausalBlockState.rankedRowsWalkingTogether)
        let sub = (0..<d).flatMap { j in (lo..<(lo + m)).map { data[j * n + $0] } }
        if m == big && !sub.contains(where: \.isNaN) { plainBigBlocks += 1 }
        let few = forest.predict(x: sub, rows: m, columns: d, withVariance: true)
        for r in 0..<m {
          #expect(
            same(few.tau[r], all.tau[lo + r]) && same(few.variance[r], all.variance[lo + r]), "row \(lo + r)")
          if (0..<d).contains(where: { data[$0 * n + lo + r].isNaN }) { missingRows += 1 } else { plainRows += 1 }
        }
        lo += m
        m = m == 7 ? big : m % 7 + 1
      }
    }
    #expect(plainRows > 600 && missingRows > 50 && plainBigBlocks >= 5)
    #expect(forest.ranked.layout(forest.trees) != nil)
  }
}
