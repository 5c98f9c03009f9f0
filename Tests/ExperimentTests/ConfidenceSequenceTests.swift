import Testing

@testable import Experiment
@testable import Frame

/// The asymptotic confidence sequence's boundary and the sequential test, against the paper's formula
/// evaluated in Python 3.11 (plain `math`):
///
///     def rho2(tstar, a): l = -2*math.log(a); return (l + math.log(l + 1)) / tstar
///     def margin(t, r2, a): return math.sqrt(2*(t*r2 + 1)/(t*t*r2) * math.log(math.sqrt(t*r2 + 1)/a))
///
/// (Waudby-Smith, Arbour, Sinha, Kennedy & Ramdas 2024, the Robbins normal-mixture boundary; ρ² for a planned t*.)
@Suite struct ConfidenceSequenceTests {
  @Test func rhoSquaredMatchesFormula() {
    // rho2(3000, 0.05) = 0.0026453848672458547; rho2(500, 0.1) = 0.012657719210592472
    #expect(abs(ConfidenceSequence.rhoSquared(plannedN: 3000, alpha: 0.05) - 0.0026453848672458547) < 1e-15)
    #expect(abs(ConfidenceSequence.rhoSquared(plannedN: 500, alpha: 0.1) - 0.012657719210592472) < 1e-15)
  }

  @Test(arguments: [
    (100.0, 3000.0, 0.05, 0.5455469630288314),
    (3000.0, 3000.0, 0.05, 0.05541508102571847),
    (10000.0, 3000.0, 0.05, 0.031073584714924083),
    (37.0, 500.0, 0.1, 0.6502090492640064),
  ])
  func marginMatchesFormula(t: Double, planned: Double, alpha: Double, expected: Double) {
    let r2 = ConfidenceSequence.rhoSquared(plannedN: planned, alpha: alpha)
    #expect(abs(ConfidenceSequence.margin(t: t, rhoSquared: r2, alpha: alpha) - expected) < 1e-12)
  }

  @Test func sequenceIsWiderThanFixedAtThePlannedSizeButNotByMuch() {
    let r2 = ConfidenceSequence.rhoSquared(plannedN: 3000, alpha: 0.05)
    let ratio =
      ConfidenceSequence.margin(t: 3000, rhoSquared: r2, alpha: 0.05)
      / ConfidenceSequence.fixedMargin(t: 3000, alpha: 0.05)
    #expect(ratio > 1.5 && ratio < 3.5)
  }

  /// Pseudo-outcomes with predictable arm means, recomputed in Python (same loop as the doc comment of
  /// SequentialAccumulator; statistics.stdev): mean 0.34071428571428564, sd 1.1510574799121753,
  /// sequence at t = 20 tuned for t* = 20, α = 0.05: [-0.4405007861494221, 1.1219293575779934].
  @Test func accumulatorMatchesPythonOnSmallData() {
    let ys: [Double] = [1, 0, 1, 1, 0, 0, 1, 0, 1, 1, 1, 0, 0, 1, 0, 1, 1, 0, 1, 0]
    let ws = [1, 0, 0, 1, 1, 0, 1, 0, 0, 1, 1, 1, 0, 0, 1, 0, 1, 0, 1, 0].map { $0 == 1 }
    var acc = SequentialAccumulator(treatedShare: 0.5)
    for i in ys.indices { acc.add(ys[i], treated: ws[i]) }
    #expect(abs(acc.phiMean - 0.34071428571428564) < 1e-12)
    #expect(abs(acc.phiVariance.squareRoot() - 1.1510574799121753) < 1e-12)
    let cs = acc.confidenceSequence(rhoSquared: ConfidenceSequence.rhoSquared(plannedN: 20, alpha: 0.05), alpha: 0.05)
    #expect(abs(cs.low - -0.4405007861494221) < 1e-12)
    #expect(abs(cs.high - 1.1219293575779934) < 1e-12)
    // Plain difference in means: treated 7/10 minus control 4/10.
    #expect(abs(acc.difference - 0.3) < 1e-12)
  }

  @Test func looksFollowTheTimeColumn() throws {
    // 5 days, 40 rows a day, a clear effect (treated rate 0.9 vs 0.1): looks once per day, in day order.
    var y: [Double] = [], w: [Bool] = [], day: [Double] = []
    for i in 0..<200 {
      let t = i % 2 == 0
      w.append(t)
      y.append((t ? (i % 10 != 0) : (i % 10 == 1)) ? 1 : 0)
      day.append(Double(5 - i % 5))
    }
    let r = try SequentialTest.run(outcome: y, treated: w, time: day, outcomeName: "y", timeName: "day")
    #expect(r.looks.rowCount == 5)
    #expect(r.looks["day"]?.doubles() == [1, 2, 3, 4, 5])
    #expect(r.looks["n"]?.doubles() == [40, 80, 120, 160, 200])
    #expect(r.firstExclusion != nil)
    let lo = r.looks["cs_low"]?.doubles() ?? [], flo = r.looks["ci_low"]?.doubles() ?? []
    #expect(lo.last! < flo.last!)  // the sequence is wider than the fixed interval at the end
    #expect(r.widthRatio > 1)
  }

  @Test func badInputIsATypedError() {
    #expect(throws: ExperimentError.self) {
      try SequentialTest.run(outcome: [1, 0], treated: [true, true], time: nil)
    }
    #expect(throws: ExperimentError.self) {
      try SequentialTest.run(outcome: [1, .nan], treated: [true, false], time: nil)
    }
    #expect(throws: ExperimentError.self) {
      try SequentialTest.run(
        outcome: [1, 0], treated: [true, false], time: nil, options: SequentialOptions(alpha: 1.5))
    }
    #expect(throws: ExperimentError.self) {
      try SequentialTest.run(
        outcome: [1, 0], treated: [true, false], time: nil, options: SequentialOptions(treatedShare: 0))
    }
  }
}
