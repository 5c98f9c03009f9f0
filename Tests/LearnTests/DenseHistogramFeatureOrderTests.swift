import Frame
import Stats
import Testing

@testable import Learn

/// The dense histogram of a node (1,024 rows and more) is filled for its batch of features in the batch's
/// order. A per-node `mtry` draw gives the batch in random order; the kernel's fast path for consecutive
/// columns must not take an unsorted batch whose first and last columns happen to be `count − 1` apart
/// (before session 12 it did, and filled the middle slots with the wrong columns' sums).
@Suite struct DenseHistogramFeatureOrderTests {
  /// With `mtry` = every feature each node searches all features, in a random order; with no `mtry` in
  /// column order. Continuous features (no tied gains) make both choose the same splits.
  @Test func shuffledBatchesGrowTheColumnOrderTrees() throws {
    var rng = SeededRNG(seed: 17)
    let n = 4000, p = 6
    let cols = (0..<p).map { _ in (0..<n).map { _ in rng.normal() } }
    // The signal is in the middle columns: a mislabelled middle slot changes the split.
    let y = (0..<n).map { cols[2][$0] - 0.8 * cols[3][$0] * cols[1][$0] + 0.5 * rng.normal() }
    let x = DesignMatrix(columns: cols, names: (0..<p).map { "x\($0)" })
    let data = try FeatureBinner.fit(x).bin(x)
    func grow(mtry: Int?) throws -> [Tree] {
      var o = ForestOptions()
      o.trees = 60
      o.seed = 3
      o.tree.minLeafSize = 150  // large nodes only: no two features give tied gains
      o.tree.mtry = mtry
      return try ForestTrainer(
        relabeling: OutcomeRelabeling(outcome: y), splitting: .variance, summary: MeanLeafSummary(outcome: y),
        options: o, execution: ExecutionOptions(threads: 2)
      ).train(data).trees
    }
    let shuffled = try grow(mtry: p), ordered = try grow(mtry: nil)
    let same = shuffled == ordered  // (not inside #expect: it would print every tree on a failure)
    #expect(same)
    #expect(shuffled.allSatisfy { $0.nodeCount > 10 })
  }

  /// The fast path's test itself: consecutive columns in order only (the fused split step's part lists, which
  /// append the first feature after the part's own, included).
  @Test func consecutiveRunsAreRecognizedInOrderOnly() {
    #expect(isConsecutiveRun([3, 4, 5]))
    #expect(isConsecutiveRun([7]))
    #expect(!isConsecutiveRun([]))
    #expect(!isConsecutiveRun([0, 2, 1, 3]))  // first and last 3 apart, not in order
    #expect(!isConsecutiveRun([1, 3, 2, 4]))  // a part list [f_a…, f_0] can look like this under random order
    #expect(!isConsecutiveRun([0, 1, 3]))
    #expect(!isConsecutiveRun([2, 3, 1]))
  }
}
