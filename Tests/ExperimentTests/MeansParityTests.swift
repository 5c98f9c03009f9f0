import Testing

@testable import Experiment

// Reference values: scripts/bench/experiment/parity_reference.py (scipy 1.17.1, numpy).
@Suite struct MeansParityTests {
  let a = [12.1, 9.8, 14.2, 11.0, 10.5, 13.3, 12.7, 8.9, 15.1, 11.8]
  let b = [10.2, 9.1, 11.5, 8.7, 10.0, 9.6, 12.2, 7.9]

  @Test func welchMatchesScipy() throws {
    // r = scipy.stats.ttest_ind(a, b, equal_var=False); r.confidence_interval(0.95)
    // -> t 2.5625575565795784, p 0.020941190276589892, df 15.898502254746987,
    //    ci (0.35151041948465855, 3.7284895805153395), diff 2.039999999999999
    let r = try Means.welch(treatment: a, control: b)
    #expect(abs(r.t - 2.5625575565795784) < 1e-9)
    #expect(abs(r.pValue - 0.020941190276589892) < 1e-9)
    #expect(abs(r.df - 15.898502254746987) < 1e-9)
    #expect(abs(r.ciLow - 0.35151041948465855) < 1e-9)
    #expect(abs(r.ciHigh - 3.7284895805153395) < 1e-9)
    #expect(abs(r.difference - 2.04) < 1e-12)
  }

  @Test func cupedMatchesNumpy() throws {
    // theta = cov(y, x)/var(x) pooled; adj = y - theta (x - mean x); Welch on adj (parity_reference.py, "CUPED")
    // -> theta 1.0340814974324997, variance reduction 0.8885158995384675, adjusted diff 0.9418670431150762,
    //    t 6.415185423120772, p 4.5291318134677406e-05, ci (0.6195167057101953, 1.264217380519957)
    let ya = [5.0, 7.5, 6.1, 9.3, 4.4, 8.8, 6.7, 7.9], xa = [4.2, 6.9, 5.0, 8.1, 4.0, 8.0, 5.9, 7.2]
    let yb = [4.1, 6.0, 5.5, 7.4, 3.9, 6.8, 5.2], xb = [4.5, 6.2, 5.8, 7.9, 3.6, 6.9, 5.1]
    let r = try Means.cuped(treatment: (ya, xa), control: (yb, xb))
    let c = try #require(r.cuped)
    #expect(abs(c.theta - 1.0340814974324997) < 1e-10)
    #expect(abs(c.varianceReduction - 0.8885158995384675) < 1e-10)
    #expect(abs(r.difference - 0.9418670431150762) < 1e-10)
    #expect(abs(r.t - 6.415185423120772) < 1e-8)
    #expect(abs(r.pValue - 4.5291318134677406e-05) < 1e-10)
    #expect(abs(r.ciLow - 0.6195167057101953) < 1e-9)
    #expect(abs(r.ciHigh - 1.264217380519957) < 1e-9)
    #expect(r.se < c.unadjusted.se)
  }

  @Test func momentsCombineExactly() {
    let all = ArmMoments(y: a + b, x: b + a)
    let parts = ArmMoments(y: a, x: b + [0, 0]) + ArmMoments(y: b, x: [0, 0] + a)
    // Same units, different split: y moments are split-invariant; compare y only and the combined count.
    #expect(parts.n == all.n)
    #expect(abs(parts.meanY - all.meanY) < 1e-12)
    #expect(abs(parts.ssY - all.ssY) < 1e-9)
  }

  @Test func badSamples() {
    #expect(throws: ExperimentError.self) { try Means.welch(treatment: [1], control: [1, 2]) }
    #expect(throws: ExperimentError.self) { try Means.welch(treatment: [1, 1], control: [1, 1]) }
    #expect(throws: ExperimentError.self) { try Means.welch(treatment: [1, .nan], control: [1, 2]) }
    #expect(throws: ExperimentError.self) {
      try Means.cuped(treatment: ([1, 2], [3, 3]), control: ([2, 3], [3, 3]))
    }
  }
}

@Suite struct SampleRatioAndHolmTests {
  @Test func chiSquareMatchesScipy() throws {
    // scipy.stats.chisquare([5210, 4790], [5000, 5000]) -> statistic 17.64, pvalue 2.6691498031812692e-05
    let a = try SampleRatioCheck.run(arms: ["control", "offer"], observed: [5210, 4790])
    #expect(abs(a.chi2 - 17.64) < 1e-9)
    #expect(abs(a.pValue - 2.6691498031812692e-05) < 1e-12)
    #expect(a.alarming && a.warning != nil)
    // scipy.stats.chisquare([3100, 2950, 2950], [3000, 3000, 3000]) -> 5.0, 0.0820849986238988
    let b = try SampleRatioCheck.run(arms: ["a", "b", "c"], observed: [3100, 2950, 2950])
    #expect(abs(b.chi2 - 5.0) < 1e-9)
    #expect(abs(b.pValue - 0.0820849986238988) < 1e-10)
    #expect(!b.alarming && b.warning == nil)
    // scipy.stats.chisquare([2100, 1000], [3100*2/3, 3100/3]) -> 1.612903225806452, 0.20408417776556959
    let c = try SampleRatioCheck.run(arms: ["a", "b"], observed: [2100, 1000], planned: [2, 1])
    #expect(abs(c.chi2 - 1.612903225806452) < 1e-9)
    #expect(abs(c.pValue - 0.20408417776556959) < 1e-10)
  }

  @Test func badAllocations() {
    #expect(throws: ExperimentError.self) { try SampleRatioCheck.run(arms: ["a", "b"], observed: [1, -1]) }
    #expect(throws: ExperimentError.self) { try SampleRatioCheck.run(arms: ["a", "b"], observed: [0, 0]) }
    #expect(throws: ExperimentError.self) {
      try SampleRatioCheck.run(arms: ["a", "b"], observed: [1, 2], planned: [1])
    }
    #expect(throws: ExperimentError.self) {
      try SampleRatioCheck.run(arms: ["a", "b"], observed: [1, 2], planned: [1, 0])
    }
  }

  @Test func holmMatchesStatsmodels() {
    // statsmodels multipletests([0.01, 0.04, 0.03, 0.005], method="holm")[1] -> [0.03, 0.06, 0.06, 0.02]
    let adj = Holm.adjust([0.01, 0.04, 0.03, 0.005])
    for (x, y) in zip(adj, [0.03, 0.06, 0.06, 0.02]) { #expect(abs(x - y) < 1e-12) }
    #expect(Holm.adjust([0.7]) == [0.7])
    // multipletests([0.6, 0.9], method="holm")[1] -> [1., 1.]; ([0.02, 0.5]) -> [0.04, 0.5]
    #expect(Holm.adjust([0.6, 0.9]) == [1, 1])
    let two = Holm.adjust([0.02, 0.5])
    #expect(abs(two[0] - 0.04) < 1e-15 && two[1] == 0.5)
  }
}
