import Frame
import Stats
import Testing

@testable import Causal

@Suite("AIPW")
struct AIPWTests {
  /// Fixed nuisances: AIPW equals the textbook ψ = m1 − m0 + T(Y − m1)/e − (1 − T)(Y − m0)/(1 − e),
  /// estimate = mean ψ, SE = sd(ψ)/√n, computed here independently.
  @Test func matchesTextbookFormula() throws {
    var rng = SeededRNG(seed: 7)
    let n = 257
    var y = [Double](), t = [Double](), e = [Double](), m0 = [Double](), m1 = [Double]()
    for _ in 0..<n {
      e.append(0.1 + 0.8 * rng.uniform())
      t.append(rng.bernoulli(e.last!) ? 1 : 0)
      y.append(rng.bernoulli(0.3) ? 1 : 0)
      m0.append(0.2 + 0.5 * rng.uniform())
      m1.append(0.1 + 0.5 * rng.uniform())
    }
    let nuis = AIPWNuisances(propensity: e, mu0: m0, mu1: m1)
    let r = try AIPW.estimate(y: y, t: t, nuisances: nuis, target: .ate, clip: 0)
    // Textbook, written out separately.
    var psi = [Double]()
    for i in 0..<n {
      psi.append(m1[i] - m0[i] + t[i] * (y[i] - m1[i]) / e[i] - (1 - t[i]) * (y[i] - m0[i]) / (1 - e[i]))
    }
    let mean = psi.reduce(0, +) / Double(n)
    let sd = (psi.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(n - 1)).squareRoot()
    let se = sd / Double(n).squareRoot()
    #expect(abs(r.value - mean) <= 1e-12)
    #expect(abs(r.se - se) <= 1e-12)
    #expect(abs(r.estimate.ciLow - (mean - 1.959963984540054 * se)) <= 1e-12)
    #expect(abs(r.estimate.ciHigh - (mean + 1.959963984540054 * se)) <= 1e-12)
    #expect(r.estimate.n == n)
    #expect(r.scores?.count == n)
  }

  /// ATT, ATC and overlap targets against their formulas, written out separately.
  @Test func targetFormulas() throws {
    var rng = SeededRNG(seed: 11)
    let n = 150
    var y = [Double](), t = [Double](), e = [Double](), m0 = [Double](), m1 = [Double]()
    for _ in 0..<n {
      e.append(0.15 + 0.7 * rng.uniform())
      t.append(rng.bernoulli(e.last!) ? 1 : 0)
      y.append(rng.normal())
      m0.append(rng.normal() * 0.3)
      m1.append(rng.normal() * 0.3 + 0.5)
    }
    let nuis = AIPWNuisances(propensity: e, mu0: m0, mu1: m1)
    let att = try AIPW.estimate(y: y, t: t, nuisances: nuis, target: .att, clip: 0)
    var num = 0.0
    for i in 0..<n { num += t[i] * (y[i] - m0[i]) - (1 - t[i]) * e[i] / (1 - e[i]) * (y[i] - m0[i]) }
    #expect(abs(att.value - num / t.reduce(0, +)) <= 1e-12)
    let atc = try AIPW.estimate(y: y, t: t, nuisances: nuis, target: .atc, clip: 0)
    num = 0
    for i in 0..<n { num += (1 - t[i]) * (m1[i] - y[i]) + t[i] * (1 - e[i]) / e[i] * (y[i] - m1[i]) }
    #expect(abs(atc.value - num / Double(n - Int(t.reduce(0, +)))) <= 1e-12)
    let ato = try AIPW.estimate(y: y, t: t, nuisances: nuis, target: .overlap, clip: 0)
    var sh = 0.0, shg = 0.0
    for i in 0..<n {
      let g = m1[i] - m0[i] + t[i] * (y[i] - m1[i]) / e[i] - (1 - t[i]) * (y[i] - m0[i]) / (1 - e[i])
      sh += e[i] * (1 - e[i])
      shg += e[i] * (1 - e[i]) * g
    }
    #expect(abs(ato.value - shg / sh) <= 1e-12)
    for r in [att, atc, ato] { #expect(r.se > 0 && r.se < 1) }
  }

  /// Clipping is applied and reported, never silent.
  @Test func clippingIsReported() throws {
    let y: [Double] = [1, 0, 1, 0, 1, 0]
    let t: [Double] = [1, 1, 0, 0, 1, 0]
    let e: [Double] = [0.001, 0.5, 0.5, 0.999, 0.6, 0.4]
    let r = try AIPW.estimate(
      y: y, t: t,
      nuisances: AIPWNuisances(
        propensity: e, mu0: [Double](repeating: 0.5, count: 6),
        mu1: [Double](repeating: 0.5, count: 6)), clip: 0.01)
    #expect(r.warnings.contains { $0.contains("2 propensities were clipped") })
    #expect(r.details.contains { $0.name == "clipped rows" && $0.value == .int(2) })
  }

  /// End to end: cross-fitted logistic nuisances recover the effect of a confounded sample, while the
  /// naive difference is biased.
  @Test func crossFittedRecoversEffect() throws {
    let (data, tau) = try confoundedSample(n: 3000, seed: 3)
    let truth = tau.reduce(0, +) / Double(tau.count)
    let r = try AIPW.estimate(data, options: AIPWOptions(folds: 3, seed: 1))
    #expect(abs(r.value - truth) < 3 * r.se)
    #expect(r.estimate.ciLow < r.value && r.value < r.estimate.ciHigh)
    let again = try AIPW.estimate(data, options: AIPWOptions(folds: 3, seed: 1))
    #expect(again.value == r.value && again.se == r.se)  // deterministic
    let naive = try NaiveDifference.estimate(data)
    #expect(abs(naive.value - truth) > abs(r.value - truth))
    // Double robustness: a useless outcome model with a right propensity model stays near the truth.
    let dr = try AIPW.estimate(data, options: AIPWOptions(folds: 3, outcomeLearner: MeanLearner(), seed: 1))
    #expect(abs(dr.value - truth) < 3 * dr.se)
    #expect(r.report.title == "ATE by AIPW (doubly robust)")
  }

  /// Light coverage check: 30 seeded replicates of n = 400; the 95% interval should cover the sample ATE in
  /// most of them (28.5 expected; a broken SE gives far fewer).
  @Test func lightCoverage() throws {
    var covered = 0
    var bias = 0.0
    let reps = 30
    for r in 0..<reps {
      let (data, tau) = try confoundedSample(n: 400, seed: 100 + r)
      let truth = tau.reduce(0, +) / Double(tau.count)
      let est = try AIPW.estimate(data, options: AIPWOptions(folds: 2, seed: r))
      if est.estimate.ciLow <= truth && truth <= est.estimate.ciHigh { covered += 1 }
      bias += est.value - truth
    }
    #expect(covered >= 24, "AIPW covered the truth in \(covered) of \(reps) replicates")
    #expect(abs(bias / Double(reps)) < 0.03)
  }
}
