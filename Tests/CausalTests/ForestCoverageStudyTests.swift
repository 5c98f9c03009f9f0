import Frame
import Stats
import Testing

@testable import Causal

@Suite("Causal forest coverage over replicates")
struct ForestCoverageStudyTests {
  static func study(replicates: Int = 6, threads: Int = 0) throws -> ForestCoverageStudy {
    var o = CausalForestOptions()
    o.trees = 100
    return try ForestCoverageStudy.nieWager(
      setup: .a, n: 300, forest: o, replicates: replicates, seed: 5,
      threads: threads)
  }

  /// Scoring by hand: five rows, one per fifth; intervals τ̂ ± 1.96·√v. Rows 1, 2 and 4 cover, row 3 misses
  /// (|τ̂ − τ| = 1 > 1.96·0.1) and row 5 has no variance (NaN), which counts as a miss.
  @Test func scoreCountsCoveredRowsPerFifth() {
    let tau = [5.0, 1, 3, 2, 4], est = [5.1, 1, 4, 2.05, 4], variance = [0.01, 0.01, 0.01, 0.01, Double.nan]
    let s = ForestCoverageStudy.score(tau: tau, estimate: est, variance: variance, level: 0.95)
    #expect(s[0].rows == 5 && s[0].covered == 3)
    // Fifths by true effect: τ = 1 (row 2), 2 (row 4), 3 (row 3), 4 (row 5), 5 (row 1).
    #expect(s[1...].map(\.covered) == [1, 1, 0, 0, 1])
    #expect(s[1...].map(\.rows) == [1, 1, 1, 1, 1])
    #expect(abs(s[0].squaredError - (0.01 + 1 + 0.0025)) < 1e-12)
    #expect(s[3].truth == 3 && s[3].estimate == 4)
  }

  @Test func sameResultForAnyThreadCount() throws {
    let one = try Self.study(threads: 1), two = try Self.study(threads: 2)
    #expect(one.groups == two.groups)
    #expect(try one.draws.column("coverage").doubles() == two.draws.column("coverage").doubles())
    #expect(one.draws.rowCount == 6 * 6)
  }

  /// The "all rows" coverage is the mean of the five fifths' (equal counts: 300 rows = 5 × 60), each
  /// replicate's shares lie in [lowest, highest], and the replicates differ (fresh data each draw).
  @Test func groupsAddUpAndReplicatesDiffer() throws {
    let s = try Self.study()
    let all = s.groups[0], fifths = s.groups[1...]
    #expect(s.groups.count == 6)
    #expect(abs(all.coverage - fifths.reduce(0) { $0 + $1.coverage } / 5) < 1e-12)
    #expect(abs(all.meanTruth - fifths.reduce(0) { $0 + $1.meanTruth } / 5) < 1e-12)
    // Fifths are ordered by the true effect.
    #expect(zip(fifths.dropLast(), fifths.dropFirst()).allSatisfy { $0.meanTruth < $1.meanTruth })
    let cov = try #require(try s.draws.column("coverage").doubles())
    let firstGroup = stride(from: 0, to: cov.count, by: 6).map { cov[$0] }
    #expect(firstGroup.allSatisfy { all.lowest <= $0 && $0 <= all.highest })
    #expect(Set(firstGroup).count > 1)
    #expect(all.coverageSE > 0)
    #expect(all.coverage > 0.3 && all.coverage <= 1)
  }

  @Test func badInputIsATypedError() {
    let o = CausalForestOptions()
    #expect(throws: CausalError.self) {
      try ForestCoverageStudy.nieWager(setup: .a, n: 300, forest: o, replicates: 1, seed: 1)
    }
    #expect(throws: CausalError.self) {
      try ForestCoverageStudy.nieWager(setup: .a, n: 5, forest: o, replicates: 2, seed: 1)
    }
    #expect(throws: (any Error).self) {
      try ForestCoverageStudy.nieWager(setup: .a, n: 300, d: 3, forest: o, replicates: 2, seed: 1)
    }
    var bad = o
    bad.trees = 0
    #expect(throws: (any Error).self) {
      try ForestCoverageStudy.nieWager(setup: .a, n: 300, forest: bad, replicates: 2, seed: 1)
    }
  }
}
