import Frame
import Stats
import Testing

@testable import Causal

/// Issue 11 item 1: clipping must not flip the ATT. The sample has the issue's shape: a few hundred treated
/// among 20,000 rows, most control propensities below 0.01, and an untreated outcome that rises steeply with the
/// covariate that drives treatment. Raising those control scores to 0.01 (symmetric clipping) gives the
/// controls least like the treated ten times their weight and moves the Hájek ATT by thousands; the
/// target-aware rule leaves them alone.
@Suite("Target-aware propensity clipping")
struct TargetAwareClippingTests {
  /// x ~ N(0, 1), e = σ(−6.5 + 2.2x), T ~ Bernoulli(e), Y = 20000x + 1800T + N(0, 1000²); truth ATT 1800.
  /// numpy (seed 1, same design) gave: clip 0 → 1575.6, symmetric clip 0.01 → 18513, 82% of control e < 0.01.
  static func sample() -> (y: [Double], t: [Double], e: [Double]) {
    var rng = SeededRNG(seed: 20_261_205)
    var y: [Double] = [], t: [Double] = [], e: [Double] = []
    for _ in 0..<20_000 {
      let x = rng.normal()
      let p = 1 / (1 + cExp(6.5 - 2.2 * x))
      let ti: Double = rng.bernoulli(p) ? 1 : 0
      y.append(20_000 * x + 1800 * ti + 1000 * rng.normal())
      t.append(ti)
      e.append(p)
    }
    return (y, t, e)
  }

  @Test func sampleHasTheIssueShape() {
    let s = Self.sample()
    let n1 = s.t.reduce(0, +)
    let controls = s.e.indices.filter { s.t[$0] == 0 }
    let tiny = controls.filter { s.e[$0] < 0.01 }.count
    #expect(n1 > 100 && n1 < 600)
    #expect(Double(tiny) > 0.7 * Double(controls.count))
  }

  @Test func hajekATTWithDefaultClipMatchesNoClipAndTruth() throws {
    let s = Self.sample()
    let clipped = try IPW.estimate(y: s.y, t: s.t, propensity: s.e, kind: .hajek, target: .att)
    let off = try IPW.estimate(y: s.y, t: s.t, propensity: s.e, kind: .hajek, target: .att, clip: 0)
    // No control score exceeds 0.99 here, so the target-aware rule changes nothing.
    #expect(abs(clipped.value - off.value) < 1e-9 * max(1, abs(off.value)))
    #expect(abs(clipped.value - 1800) < 4 * clipped.se, "ATT \(clipped.value) (SE \(clipped.se)), truth 1800")
    #expect(!clipped.warnings.contains { $0.contains("capped") })
  }

  @Test func aipwATTWithDefaultClipMatchesNoClip() throws {
    let s = Self.sample()
    let zeros = [Double](repeating: 0, count: s.y.count)
    let nuis = AIPWNuisances(propensity: s.e, mu0: zeros, mu1: zeros, description: "test")
    let clipped = try AIPW.estimate(y: s.y, t: s.t, nuisances: nuis, target: .att)
    let off = try AIPW.estimate(y: s.y, t: s.t, nuisances: nuis, target: .att, clip: 0)
    #expect(abs(clipped.value - off.value) < 1e-9 * max(1, abs(off.value)))
  }

  /// The ATC rule mirrors the ATT rule: swapping the arms (T → 1 − T, e → 1 − e) negates the estimate.
  @Test func atcIsTheMirrorOfATT() throws {
    let s = Self.sample()
    let att = try IPW.estimate(y: s.y, t: s.t, propensity: s.e, kind: .hajek, target: .att)
    let atc = try IPW.estimate(
      y: s.y, t: s.t.map { 1 - $0 }, propensity: s.e.map { 1 - $0 }, kind: .hajek,
      target: .atc)
    #expect(abs(att.value + atc.value) < 1e-6 * max(1, abs(att.value)))
  }

  /// ATT: only control scores above 1 − clip are lowered (they are the ones whose weight e/(1 − e) explodes);
  /// the counts say so. ATE keeps symmetric clipping.
  @Test func attLowersOnlyHighControlScores() throws {
    let e = [0.001, 0.5, 0.995, 0.999, 0.002, 0.3, 0.6, 0.2]
    let t: [Double] = [0, 0, 0, 1, 1, 1, 0, 1]
    let att = try checkPropensity(e, t: t, clip: 0.01, target: .att)
    #expect(att.e == [0.001, 0.5, 0.99, 0.999, 0.002, 0.3, 0.6, 0.2])
    #expect(att.clippedLow == 0 && att.clippedHigh == 1)
    #expect(att.warnings.contains { $0.contains("1 control propensity above 0.99 was lowered to 0.99") })
    let atc = try checkPropensity(e, t: t, clip: 0.01, target: .atc)
    #expect(atc.e == [0.001, 0.5, 0.995, 0.999, 0.01, 0.3, 0.6, 0.2])
    #expect(atc.clippedLow == 1 && atc.clippedHigh == 0)
    let ate = try checkPropensity(e, t: t, clip: 0.01, target: .ate)
    #expect(ate.e == [0.01, 0.5, 0.99, 0.99, 0.01, 0.3, 0.6, 0.2])
    #expect(ate.clippedLow == 2 && ate.clippedHigh == 2)
  }

  /// With clipping off, a treated score of 0 is harmless for the ATT (treated weight 1) but fatal for the ATE.
  @Test func zeroTreatedScoreOnlyFatalWhenItIsWeighted() throws {
    let e = [0.0, 0.5, 0.4, 0.3]
    let t: [Double] = [1, 1, 0, 0]
    _ = try checkPropensity(e, t: t, clip: 0, target: .att)
    #expect(throws: CausalError.self) { try checkPropensity(e, t: t, clip: 0, target: .ate) }
  }
}

/// Issue 11 item 3: the causal forest, like every Learn model, refuses a text level it never saw.
@Suite("Causal forest unseen levels")
struct CausalForestUnseenLevelTests {
  @Test func unseenLevelIsRefusedWithItsName() throws {
    let train = try DataFrame(columns: [Column(name: "plan", strings: ["a", "b", "a"])])
    let enc = try ForestCovariates(frame: train, columns: ["plan"])
    let fresh = try DataFrame(columns: [Column(name: "plan", strings: ["b", "Three year"])])
    do {
      _ = try enc.matrix(fresh)
      Issue.record("an unseen level was encoded silently")
    } catch let e as CausalForestError {
      #expect("\(e)".contains("'plan' has level 'Three year' in row 2"))
    }
    #expect(try enc.matrix(train).rowCount == 3)
  }
}
