import Learn
import Stats
import Testing

/// Growing a forest in batches of trees (`train(_:trees:)`) gives exactly the trees of one call, so
/// callers can report progress and check for Ctrl-C between batches without changing results.
@Suite struct ForestBatchTests {
  static func trainer(_ y: [Double], groupSize: Int) -> ForestTrainer {
    var o = ForestOptions()
    o.trees = 24
    o.groupSize = groupSize
    o.sampling = .subsample(fraction: 0.5)
    o.tree.honesty = true
    o.tree.minSplitSize = 6
    o.seed = 11
    return ForestTrainer(
      relabeling: OutcomeRelabeling(outcome: y), splitting: .variance,
      summary: MeanLeafSummary(outcome: y), options: o, execution: ExecutionOptions(threads: 2))
  }

  @Test(arguments: [1, 2])
  func batchesEqualOneCall(groupSize: Int) throws {
    let (data, y) = try TreeCandidateCountTests.data(n: 500)
    let t = Self.trainer(y, groupSize: groupSize)
    let whole = try t.train(data)
    var trees: [Tree] = [], bags: [[Int32]] = []
    // Uneven batches, one of them starting inside a little bag (tree 7 of groups of 2).
    for r in [0..<7, 7..<10, 10..<24] {
      let part = try t.train(data, trees: r)
      #expect(part.trees.count == r.count)
      trees += part.trees
      bags += part.inBag
    }
    #expect(trees == whole.trees)
    #expect(bags == whole.inBag)
  }

  @Test func rangeOutsideTheForestIsRefused() throws {
    let (data, y) = try TreeCandidateCountTests.data(n: 100)
    #expect(throws: ModelError.self) { try Self.trainer(y, groupSize: 1).train(data, trees: 20..<30) }
  }
}
