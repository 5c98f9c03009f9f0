import Stats
import Testing

@testable import Experiment

// Reference values: scripts/bench/experiment/parity_reference.py (statsmodels 0.15.0, scipy 1.17.1).
@Suite struct PowerParityTests {
  @Test func proportionsAnchor() throws {
    let r = try Power.proportions(p1: 0.42, p2: 0.32)
    // proportion_effectsize(0.42, 0.32) -> 0.20757724048472914
    #expect(abs(r.effectSize - 0.20757724048472914) < 1e-12)
    // NormalIndPower().solve_power(effect_size=h, alpha=0.05, power=0.8, ratio=1) -> 364.31507153699795
    #expect(abs(r.nExact - 364.31507153699795) < 1e-6)
    #expect(r.nPerArm == 365)
    #expect(r.nTotal == 730)
    // (norm.ppf(0.975) + norm.ppf(0.8))**2 * (0.42*0.58 + 0.32*0.68) / 0.1**2 -> 361.9903333481799
    #expect(r.nUnpooled == 362)
  }

  @Test func unequalRatioAndSeveralArms() throws {
    // NormalIndPower().solve_power(effect_size=h, alpha=0.05, power=0.8, ratio=2) -> 273.2363036813969
    let r2 = try Power.proportions(p1: 0.42, p2: 0.32, settings: PowerSettings(ratio: 2))
    #expect(abs(r2.nExact - 273.2363036813969) < 1e-6)
    #expect(r2.nPerArm == 274 && r2.nTreatment == 547)
    // three arms, Bonferroni alpha 0.05/2: NormalIndPower().solve_power(h, alpha=0.025, power=0.8) -> 441.18859433877094
    let r3 = try Power.proportions(p1: 0.42, p2: 0.32, settings: PowerSettings(arms: 3))
    #expect(abs(r3.nExact - 441.18859433877094) < 1e-6)
    #expect(r3.nTotal == 442 * 3)
  }

  @Test func powerAndMinimumDetectableEffect() throws {
    let h = Power.cohenH(0.42, 0.32)
    // NormalIndPower().power(effect_size=h, nobs1=200, alpha=0.05, ratio=1) -> 0.5461250271613707
    #expect(abs(try Power.achieved(.proportions, effectSize: h, n: 200).power - 0.5461250271613707) < 1e-9)
    // NormalIndPower().solve_power(nobs1=500, alpha=0.05, power=0.8, ratio=1) -> 0.17718769489108327, but its
    // default solver tolerance leaves power off by 4.6e-7; the exact root,
    // brentq(lambda d: NormalIndPower().power(d, 500, 0.05, ratio=1) - 0.8, 0.01, 2, xtol=1e-15, rtol=1e-15)
    // -> 0.17718758996415304. We match the exact root to 1e-10 and solve_power to its tolerance.
    let m = try Power.minimumDetectableEffect(.proportions, n: 500)
    #expect(abs(m.effectSize - 0.17718758996415304) < 1e-10)
    #expect(abs(m.effectSize - 0.17718769489108327) < 2e-7)
    let p2 = try #require(Power.rate(baseline: 0.42, h: m.effectSize))
    #expect(abs(Power.cohenH(0.42, p2) - m.effectSize) < 1e-12)
  }

  @Test func meansMatchTTestIndPower() throws {
    // TTestIndPower().solve_power(effect_size=0.3, alpha=0.05, power=0.8, ratio=1) -> 175.38466947047476
    let r = try Power.means(difference: 3, sd: 10)
    #expect(abs(r.nExact - 175.38466947047476) < 1e-5)
    #expect(r.nPerArm == 176)
    // ... ratio=2 -> 131.45765662688444
    let r2 = try Power.means(difference: 0.3, sd: 1, settings: PowerSettings(ratio: 2))
    #expect(abs(r2.nExact - 131.45765662688444) < 1e-5)
    // TTestIndPower().power(effect_size=0.5, nobs1=30, alpha=0.05, ratio=1) -> 0.4778965207601643
    #expect(abs(try Power.achieved(.means, effectSize: 0.5, n: 30).power - 0.4778965207601643) < 1e-8)
    // TTestIndPower().solve_power(nobs1=100, alpha=0.05, power=0.8, ratio=1) -> 0.3981391138964959 (power off by
    // 1.9e-6 at its default tolerance); exact root brentq(lambda d: TTestIndPower().power(d, 100, 0.05, ratio=1)
    // - 0.8, 0.01, 2, xtol=1e-15, rtol=1e-15) -> 0.39813813756823596
    let mde = try Power.minimumDetectableEffect(.means, n: 100).effectSize
    #expect(abs(mde - 0.39813813756823596) < 1e-9)
    #expect(abs(mde - 0.3981391138964959) < 2e-6)
  }

  @Test func noncentralT() {
    // scipy.stats.nct.cdf(2.0, 10, 1.5) -> 0.6591540724421909; nct.cdf(-1.0, 5, 2.0) -> 0.0023163756540751507
    #expect(abs(noncentralTCDF(2.0, df: 10, delta: 1.5) - 0.6591540724421909) < 1e-9)
    #expect(abs(noncentralTCDF(-1.0, df: 5, delta: 2.0) - 0.0023163756540751507) < 1e-9)
  }

  @Test func badPowerInputs() {
    #expect(throws: ExperimentError.self) { try Power.proportions(p1: 0.3, p2: 0.3) }
    #expect(throws: ExperimentError.self) { try Power.proportions(p1: 0.42, p2: 0.32, power: 1) }
    #expect(throws: ExperimentError.self) {
      try Power.proportions(p1: 0.42, p2: 0.32, settings: PowerSettings(alpha: 0))
    }
    #expect(throws: ExperimentError.self) { try Power.proportions(p1: 1.2, p2: 0.32) }
    #expect(throws: ExperimentError.self) { try Power.means(difference: 0, sd: 1) }
    #expect(throws: ExperimentError.self) { try Power.means(difference: 1, sd: 0) }
    #expect(throws: ExperimentError.self) { try Power.minimumDetectableEffect(.means, n: 0) }
    #expect(throws: ExperimentError.self) {
      try Power.proportions(p1: 0.42, p2: 0.32, settings: PowerSettings(ratio: -1))
    }
  }
}

@Suite struct ExtremeInputTests {
  @Test func hugeCountsAndEffectsDoNotTrap() throws {
    // Counts near the supported maximum: no overflow, Fisher skipped (its support is too large), z test reported.
    let big = try Proportions.compare(
      successes: 400_000_000_000_000, trials: 1_000_000_000_000_000,
      controlSuccesses: 410_000_000_000_000, controlTrials: 1_000_000_000_000_000)
    #expect(big.fisherPValue.isNaN && !big.usesFisher && big.z.isFinite)
    #expect(throws: ExperimentError.self) {
      try Proportions.compare(successes: 1, trials: Int.max, controlSuccesses: 1, controlTrials: 5)
    }
    #expect(throws: ExperimentError.self) { try SampleRatioCheck.run(arms: ["a", "b"], observed: [Int.max, Int.max]) }
    // Huge noncentrality goes through the normal approximation instead of a 10^10-term series.
    #expect(try Power.achieved(.means, effectSize: 1000, n: 1e15).power == 1)
    #expect(abs(noncentralTCDF(500, df: 1e6, delta: 500) - 0.5) < 0.01)
    #expect(try Power.minimumDetectableEffect(.means, n: 2).effectSize.isFinite)
  }
}
