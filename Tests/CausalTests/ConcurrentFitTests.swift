import Frame
import Learn
import Stats
import Testing

@testable import Causal

/// The causal forest's overlapped steps give the serial results bit for bit: the Ŷ and Ŵ nuisance forests
/// grown side by side, each batch converted while the next grows, and RATE's bootstrap run in parallel
/// batches with rows sorted once.
@Suite struct ConcurrentFitTests {
  /// A fit with the caches emptied first, so every forest is really grown.
  static func fit(threads: Int) throws -> CausalForest {
    NuisanceCache.shared.removeAll()
    CausalForestTreeCache.shared.removeAll()
    let train = CausalForestFitTests.simulate(n: 400, seed: 11)
    var o = CausalForestFitTests.options(trees: 250, threads: threads)
    o.nuisanceTrees = 120  // two batches per nuisance forest
    return try CausalForest.fit(
      frame: train.frame, outcome: "y", treatment: "w", covariates: CausalForestFitTests.covariates, options: o)
  }

  @Test func overlappedFitEqualsSerialFit() throws {
    let serial = try Self.fit(threads: 1), overlapped = try Self.fit(threads: CausalForestOptions().threads)
    #expect(serial.forest.treeCount == 250)
    #expect(serial.forest == overlapped.forest)
    #expect(serial.yHat.map(\.bitPattern) == overlapped.yHat.map(\.bitPattern))
    #expect(serial.wHat.map(\.bitPattern) == overlapped.wHat.map(\.bitPattern))
    #expect(serial.oob.tau.map(\.bitPattern) == overlapped.oob.tau.map(\.bitPattern))
    #expect(serial.oob.variance.map(\.bitPattern) == overlapped.oob.variance.map(\.bitPattern))
  }

  @Test func nuisancePairEqualsEachForestAlone() throws {
    let (data, y, w) = try NuisanceCacheTests.data(n: 500)
    func alone(_ target: [Double], _ seed: Int) throws -> [Double] {
      try NuisanceForest.grow(
        data, target: target, trees: 150, mtry: nil, minNodeSize: 5, alpha: 0.05, imbalancePenalty: 0, seed: seed,
        progress: nil)
    }
    for threads in [0, 1] {
      NuisanceCache.shared.removeAll()
      var reported: [Int] = []
      let pair = try NuisanceForest.oobPredictions(
        data, y: y, w: w, seeds: (y: 21, w: 22), trees: 150, mtry: nil, minNodeSize: 5, alpha: 0.05,
        imbalancePenalty: 0, threads: threads, progressY: { reported.append($0) },
        progressW: { reported.append(1000 + $0) })
      #expect(pair.yHat.map(\.bitPattern) == (try alone(y, 21)).map(\.bitPattern))
      #expect(pair.wHat.map(\.bitPattern) == (try alone(w, 22)).map(\.bitPattern))
      #expect(pair.yHat != pair.wHat)
      #expect(reported == [100, 150, 1150])
    }
  }

  @Test func rateIsTheSameForAnyThreadCount() throws {
    var rng = SeededRNG(seed: 4)
    let n = 900
    // Few distinct priorities: many ties, which the one-pass subset order must break by row like the sort.
    let priority = (0..<n).map { _ in Double(rng.int(below: 12)) }
    let scores = (0..<n).map { priority[$0] * 0.1 + rng.normal() }
    func run(_ threads: Int, _ target: RATETarget) throws -> RATEResult {
      try RankAverageTreatmentEffect.estimate(
        scores: scores, priority: priority, target: target, replicates: 150, seed: 8, threads: threads)
    }
    for target in RATETarget.allCases {
      let serial = try run(1, target), parallel = try run(0, target)
      #expect(serial.estimate.se > 0)
      #expect(serial.estimate == parallel.estimate)
      #expect(try serial.toc.column("se").doubles()! == parallel.toc.column("se").doubles()!)
    }
  }

  @Test func subsetInOrderGivesTheSortedStatistic() {
    var rng = SeededRNG(seed: 6)
    let n = 500
    let priority = (0..<n).map { _ in Double(rng.int(below: 7)) }
    let scores = (0..<n).map { _ in rng.normal() }
    let order = RankAverageTreatmentEffect.priorityOrder(priority)
    let grid = [0.1, 0.25, 0.5, 1]
    for draw in 0..<20 {
      var r = rng.derived(draw)
      // Half samples as the bootstrap draws them, and one with repeated rows.
      let idx = draw == 0 ? (0..<n).map { _ in r.int(below: n) } : r.sample(n, n / 2)
      let reference = RankAverageTreatmentEffect.statistic(
        idx, scores: scores, priority: priority, target: .autoc, grid: grid)
      let rows = RankAverageTreatmentEffect.subsetInOrder(idx, order: order)
      #expect(rows == idx.sorted { priority[$0] > priority[$1] || (priority[$0] == priority[$1] && $0 < $1) })
      let fast = RankAverageTreatmentEffect.statistic(
        sortedRows: rows, scores: scores, priority: priority, target: .autoc, grid: grid)
      #expect(fast.map(\.bitPattern) == reference.map(\.bitPattern))
    }
  }
}
