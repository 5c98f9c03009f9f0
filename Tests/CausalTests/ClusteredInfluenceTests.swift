import Stats
import Testing

@testable import Causal

/// `cluster:` for the influence-function estimators: the clustered SE of AIPW and IPW is Stats' clustered mean
/// SE of the influence values (whose own parity with statsmodels is in StatsTests/ClusterRobustTests), equals
/// the usual SE with one row per cluster, and leaves the estimate unchanged.
@Suite struct ClusteredInfluenceTests {
  @Test func aipwClusteredStandardError() throws {
    let (data, _) = try confoundedSample(n: 600, seed: 11)
    let n = data.y.count
    let plain = try AIPW.estimate(data, options: AIPWOptions(folds: 2, seed: 3))
    var o = AIPWOptions(folds: 2, seed: 3)
    o.clusters = Array(0..<n)
    let singletons = try AIPW.estimate(data, options: o)
    #expect(singletons.estimate.value == plain.estimate.value)
    #expect(abs(singletons.se - plain.se) <= 1e-12 * plain.se)
    // 30 groups of 20 consecutive rows: the SE is the clustered SE of the ATE scores Γᵢ = τ̂ + ψᵢ.
    let groups = (0..<n).map { $0 / 20 }
    o.clusters = groups
    let clustered = try AIPW.estimate(data, options: o)
    let scores = try #require(plain.scores)
    let expected = try clusteredMeanStandardError(scores, clusters: groups)
    #expect(clustered.estimate.value == plain.estimate.value)
    #expect(abs(clustered.se - expected.se) <= 1e-12 * expected.se)
    #expect(clustered.estimate.method?.contains("clustered by 30 groups") == true)
    o.clusters = Array(groups.dropLast())
    #expect(throws: CausalError.self) { try AIPW.estimate(data, options: o) }
    o.clusters = [Int](repeating: 7, count: n)
    #expect(throws: CausalError.self) { try AIPW.estimate(data, options: o) }
  }

  @Test func ipwSingletonClustersGiveTheUsualStandardError() throws {
    let (data, _) = try confoundedSample(n: 500, seed: 12)
    let plain = try IPW.estimate(data, options: IPWOptions())
    var o = IPWOptions()
    o.clusters = Array(0..<data.y.count)
    let singletons = try IPW.estimate(data, options: o)
    #expect(singletons.estimate.value == plain.estimate.value)
    #expect(abs(singletons.se - plain.se) <= 1e-12 * plain.se)
    o.clusters = (0..<data.y.count).map { $0 % 25 }
    let clustered = try IPW.estimate(data, options: o)
    #expect(clustered.se.isFinite && clustered.se > 0 && clustered.se != plain.se)
  }
}

/// The per-row effect bands every effects table uses.
@Suite struct PointwiseIntervalsTests {
  @Test func bandsAreEstimatePlusMinusZTimesSE() {
    // z₀.₉₇₅ = 1.959963984540054 (scipy 1.17.1: scipy.stats.norm.ppf(0.975)).
    let b = PointwiseIntervals(tau: [1, -0.5, 2], variance: [0.04, 0.25, .nan], level: 0.95)
    #expect(b.se[0] == 0.2 && b.se[1] == 0.5 && b.se[2].isNaN)
    #expect(abs(b.low[0] - (1 - 1.959963984540054 * 0.2)) < 1e-14)
    #expect(abs(b.high[1] - (-0.5 + 1.959963984540054 * 0.5)) < 1e-14)
    #expect(b.low[2].isNaN && b.high[2].isNaN)
    let wide = PointwiseIntervals(tau: [0], variance: [1], level: 0.99)
    #expect(abs(wide.high[0] - 2.5758293035489004) < 1e-13)  // scipy.stats.norm.ppf(0.995)
  }
}
