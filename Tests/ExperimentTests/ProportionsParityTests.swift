import Testing

@testable import Experiment

// Reference values: scripts/bench/experiment/parity_reference.py (scipy 1.17.1, statsmodels 0.15.0); the
// exact call is written beside each number.
@Suite struct ProportionsParityTests {
  // Treatment 128/400, control 168/400 (issue 13's anchor).
  let r: TwoProportionTest

  init() throws {
    r = try Proportions.compare(successes: 128, trials: 400, controlSuccesses: 168, controlTrials: 400)
  }

  @Test func pooledZAndChiSquare() {
    // statsmodels proportions_ztest([128, 168], [400, 400]) -> z = -2.9291651677583115, p = 0.0033987376932111428
    #expect(abs(r.z - (-2.9291651677583115)) < 1e-9)
    #expect(abs(r.zPValue - 0.0033987376932111428) < 1e-9)
    #expect(abs(r.chi2 - 8.580008580008577) < 1e-9)
    #expect(!r.usesFisher)
    #expect(r.pValue == r.zPValue)
  }

  @Test func waldAndNewcombeIntervals() {
    // confint_proportions_2indep(128, 400, 168, 400, method="wald") -> (-0.166552250302002, -0.033447749697997964)
    #expect(abs(r.waldLow - (-0.166552250302002)) < 1e-9)
    #expect(abs(r.waldHigh - (-0.033447749697997964)) < 1e-9)
    // confint_proportions_2indep(128, 400, 168, 400, method="newcomb") -> (-0.1656616827377179, -0.033091653801652396)
    #expect(abs(r.newcombeLow - (-0.1656616827377179)) < 1e-9)
    #expect(abs(r.newcombeHigh - (-0.033091653801652396)) < 1e-9)
    #expect(abs(r.difference - (-0.1)) < 1e-12)
  }

  @Test func relativeDifferenceOnTheLogRatioScale() {
    // confint_proportions_2indep(128, 400, 168, 400, method="log", compare="ratio")
    //   -> (0.6341768680284027, 0.915357994715054); relative = ratio - 1
    #expect(abs(r.relative - (0.32 / 0.42 - 1)) < 1e-12)
    #expect(abs(r.relativeLow - (0.6341768680284027 - 1)) < 1e-9)
    #expect(abs(r.relativeHigh - (0.915357994715054 - 1)) < 1e-9)
  }

  @Test func fisherExactMatchesScipy() throws {
    // scipy.stats.fisher_exact([[128, 272], [168, 232]]) -> statistic 0.6498599439775911, pvalue 0.00425387603764804
    #expect(abs(r.fisherPValue - 0.00425387603764804) < 1e-9)
    #expect(abs(r.oddsRatio - 0.6498599439775911) < 1e-12)
    // scipy.stats.fisher_exact([[2, 10], [7, 4]]) -> statistic 0.11428571428571428, pvalue 0.036074841836047915
    let small = try Proportions.compare(successes: 2, trials: 12, controlSuccesses: 7, controlTrials: 11)
    #expect(small.usesFisher)  // expected counts 4.7 and 4.3 are under 5
    #expect(abs(small.pValue - 0.036074841836047915) < 1e-9)
    #expect(abs(small.oddsRatio - 0.11428571428571428) < 1e-12)
    // proportions_ztest([2, 7], [12, 11]) -> p 0.0211331696959245 (still reported, not used)
    #expect(abs(small.zPValue - 0.0211331696959245) < 1e-9)
    // scipy.stats.fisher_exact([[0, 10], [5, 5]]) -> statistic 0.0, pvalue 0.032507739938080496
    let zero = FisherExact.test(a: 0, b: 10, c: 5, d: 5)
    #expect(abs(zero.pValue - 0.032507739938080496) < 1e-9)
    #expect(zero.oddsRatio == 0)
    let forced = try Proportions.compare(
      successes: 128, trials: 400, controlSuccesses: 168, controlTrials: 400, fisher: true)
    #expect(forced.usesFisher && forced.pValue == forced.fisherPValue)
    let symmetric = FisherExact.test(a: 5, b: 5, c: 5, d: 5)
    #expect(abs(symmetric.pValue - 1) < 1e-12)
  }

  @Test func badCountsAreRejected() {
    #expect(throws: ExperimentError.self) {
      try Proportions.compare(successes: 1, trials: 0, controlSuccesses: 1, controlTrials: 5)
    }
    #expect(throws: ExperimentError.self) {
      try Proportions.compare(successes: -1, trials: 5, controlSuccesses: 1, controlTrials: 5)
    }
    #expect(throws: ExperimentError.self) {
      try Proportions.compare(successes: 6, trials: 5, controlSuccesses: 1, controlTrials: 5)
    }
    #expect(throws: ExperimentError.self) {
      try Proportions.compare(successes: 0, trials: 5, controlSuccesses: 0, controlTrials: 5)
    }
    #expect(throws: ExperimentError.self) {
      try Proportions.compare(successes: 1, trials: 5, controlSuccesses: 1, controlTrials: 5, level: 1.5)
    }
  }
}
