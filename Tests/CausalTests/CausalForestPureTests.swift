import Causal
import Foundation
import Frame
import Testing

/// Hand-calculated checks of the causal forest's pure pieces (relabeling, leaf summaries, variance,
/// debiasing, scores, average effects, BLP, calibration, RATE, Qini, importance, segments).
@Suite struct CausalForestPureTests {
  /// Runs a production relabeling on every sample with the given weights; nil when it declines the node.
  func relabel(_ r: CausalPseudoOutcomeRelabeling, weights: [Double]) -> [Double]? {
    let samples = (0..<Int32(r.y.count)).map { $0 }
    var out = [Double](repeating: .nan, count: 3 * r.y.count)
    let ok = samples.withUnsafeBufferPointer { sp in
      weights.withUnsafeBufferPointer { wp in
        out.withUnsafeMutableBufferPointer { op in
          r.relabel(samples: sp, weights: wp.baseAddress!, responses: op.baseAddress!)
        }
      }
    }
    return ok ? out : nil
  }

  /// Runs the production leaf summary on every sample; nil for an unusable leaf.
  func summarize(_ s: CausalMomentLeafSummary, weights: [Double]) -> [Double]? {
    let samples = (0..<Int32(s.y.count)).map { $0 }
    var out = [Double](repeating: .nan, count: s.valueWidth)
    let ok = samples.withUnsafeBufferPointer { sp in
      weights.withUnsafeBufferPointer { wp in
        out.withUnsafeMutableBufferPointer { op in
          s.summarize(samples: sp, weights: wp.baseAddress!, into: op.baseAddress!)
        }
      }
    }
    return ok ? out : nil
  }

  /// The relabeling the causal forest grows with (``CausalPseudoOutcomeRelabeling``), by hand.
  @Test func relabelingMatchesHandCalculation() throws {
    // Ȳ = 2.75, W̄ = 0.5, Σ(W−W̄)(Y−Ȳ) = 1.5, Σ(W−W̄)² = 1 → τ = 1.5; ρᵢ = (Wᵢ−W̄)((Yᵢ−Ȳ) − τ(Wᵢ−W̄)).
    let r = CausalPseudoOutcomeRelabeling(y: [1, 2, 3, 5], w: [0, 1, 0, 1])
    let out = try #require(relabel(r, weights: [1, 1, 1, 1]))
    let rho = [0.5, -0.75, -0.5, 0.75]
    for i in 0..<4 {
      #expect(abs(out[3 * i] - rho[i]) < 1e-12, "ρ of row \(i)")
      #expect(out[3 * i + 1] == r.w[i])  // W for the information size
      let control: Double = r.w[i] < 0.5 ? 1 : 0
      #expect(out[3 * i + 2] == control)  // "control" indicator for min_node_size
    }
    let rhoSum: Double = out[0] + out[3] + out[6] + out[9]
    #expect(abs(rhoSum) < 1e-12)  // Σ ρ = 0 within the node
    // Scaling every weight changes nothing.
    let doubled = try #require(relabel(r, weights: [2, 2, 2, 2]))
    let rhoDoubled = (0..<4).map { doubled[3 * $0] }, rhoUnit = (0..<4).map { out[3 * $0] }
    #expect(rhoDoubled == rhoUnit)
    // Weights [1, 1, 1, 3]: Ȳ = 3.5, W̄ = 2/3, τ = 3 / (4/3) = 2.25.
    let wt = try #require(relabel(r, weights: [1, 1, 1, 3]))
    let dw = r.w.map { $0 - 2.0 / 3 }
    for i in 0..<4 {
      let expected: Double = dw[i] * ((r.y[i] - 3.5) - 2.25 * dw[i])
      #expect(abs(wt[3 * i] - expected) < 1e-12)
    }
    // No treatment variation, or no weight: the node is not relabeled (it becomes a leaf).
    #expect(relabel(CausalPseudoOutcomeRelabeling(y: [1, 2], w: [1, 1]), weights: [1, 1]) == nil)
    #expect(relabel(r, weights: [0, 0, 0, 0]) == nil)
  }

  /// The leaf summary the causal forest grows with (``CausalMomentLeafSummary``) and the forest ratio.
  @Test func leafSummaryAndForestRatio() throws {
    let s = CausalMomentLeafSummary(y: [1, 2, 3, 5], w: [0, 1, 0, 1])
    let l = try #require(summarize(s, weights: [1, 1, 1, 1]))
    #expect(l == [2.75, 0.5, 1.75, 0.5])
    #expect(l.withUnsafeBufferPointer { abs(s.predict(averaged: $0.baseAddress!) - 1.5) } < 1e-12)
    // Weighted means with weights [1, 1, 1, 3]: τ = 2.25 as in the relabeling hand case.
    let w = try #require(summarize(s, weights: [1, 1, 1, 3]))
    #expect(w.withUnsafeBufferPointer { abs(s.predict(averaged: $0.baseAddress!) - 2.25) } < 1e-12)
    #expect(summarize(s, weights: [0, 0, 0, 0]) == nil)
    // Two trees: the forest averages the leaf means, then takes the ratio.
    let a = CausalLeafSummary(y: 1, w: 0.5, yw: 1, ww: 0.5), b = CausalLeafSummary(y: 2, w: 0.5, yw: 2, ww: 0.5)
    let e = CausalForestEstimate.estimate(leaves: [a, nil, b], groupSize: 1, withVariance: false)
    // averages: y 1.5, w .5, yw 1.5, ww .5 → (1.5 − .75)/(.5 − .25) = 3
    #expect(abs(e.tau - 3) < 1e-12)
    #expect(e.variance.isNaN)
  }

  @Test func littleBagsVarianceHandCase() {
    // Four trees in two groups; with W̄ = 0.5 and WW = 0.5 everywhere the influence is
    // ψ_b = (YW_b − τ/2 − μ/2) − ½(Y_b − τ/2 − μ) = YW_b − Y_b/2 − τ/4, scaled by 1/(¼)² = 16.
    let t = [
      CausalLeafSummary(y: 1, w: 0.5, yw: 1.0, ww: 0.5), CausalLeafSummary(y: 1, w: 0.5, yw: 0.6, ww: 0.5),
      CausalLeafSummary(y: 1, w: 0.5, yw: 0.8, ww: 0.5), CausalLeafSummary(y: 1, w: 0.5, yw: 0.2, ww: 0.5),
    ]
    let e = CausalForestEstimate.estimate(leaves: t, groupSize: 2)
    // averages y 1, yw .65 → τ = (.65 − .5)/.25 = 0.6; ψ = yw − .5 − .15 = [.35, −.05, .15, −.45]
    #expect(abs(e.tau - 0.6) < 1e-12)
    let psi = [0.35, -0.05, 0.15, -0.45]
    let total = 16 * psi.map { $0 * $0 }.reduce(0, +) / 4
    let between = 16 * (pow((0.35 - 0.05) / 2, 2) + pow((0.15 - 0.45) / 2, 2)) / 2
    let expected = ObjectiveBayesDebiaser.debias(varianceBetween: between, groupNoise: total - between, goodGroups: 2)
    #expect(abs(e.variance - expected) < 1e-12)
    #expect(e.variance > 0)
    // A group with a missing tree is skipped: only one good group → no variance.
    let e2 = CausalForestEstimate.estimate(leaves: [t[0], nil, t[2], t[3]], groupSize: 2)
    #expect(e2.variance.isNaN)
  }

  @Test func debiaserKeepsVariancePositive() {
    // Ŝ = 0, se = 1·√(2/8) = 0.5 → 0.5·φ(0)/Φ(0) = 0.5·0.797885 = 0.398942.
    let v = ObjectiveBayesDebiaser.debias(varianceBetween: 1, groupNoise: 1, goodGroups: 8)
    #expect(abs(v - 0.5 * 0.7978845608028654) < 1e-12)
    // Clearly positive Ŝ is left almost unchanged.
    let big = ObjectiveBayesDebiaser.debias(varianceBetween: 10, groupNoise: 1, goodGroups: 1000)
    #expect(abs(big - 9) < 1e-6)
    // Very negative Ŝ stays positive and finite.
    let neg = ObjectiveBayesDebiaser.debias(varianceBetween: 1, groupNoise: 100, goodGroups: 100_000)
    #expect(neg > 0 && neg.isFinite && neg < 1)
  }

  @Test func doublyRobustScoreHandCase() throws {
    // Γ = .2 + .5/.25 · (1 − .4 − .5·.2) = 1.2 ; control row: r = −.5 → Γ = .2 − 2·(0 − .4 + .1) = .8
    let d = try ForestEffectInputs(y: [1, 0], w: [1, 0], yHat: [0.4, 0.4], wHat: [0.5, 0.5], tau: [0.2, 0.2])
    let g = try DoublyRobust.scores(d)
    #expect(abs(g[0] - 1.2) < 1e-12 && abs(g[1] - 0.8) < 1e-12)
    let bad = try ForestEffectInputs(y: [1, 0], w: [1, 0], yHat: [0, 0], wHat: [1, 0.5], tau: [0, 0])
    #expect(throws: CausalForestError.self) { try DoublyRobust.scores(bad) }
    #expect(throws: CausalForestError.self) {
      try ForestEffectInputs(y: [1, .nan], w: [1, 0], yHat: [0, 0], wHat: [0.5, 0.5], tau: [0, 0])
    }
  }

  /// Inputs where the outcome model is exact: Y = Ŷ + (W − Ŵ)·τ with constant τ = 0.7.
  func exactInputs(n: Int = 200) throws -> ForestEffectInputs {
    var y = [Double](), w = [Double](), yh = [Double](), wh = [Double]()
    for i in 0..<n {
      let e = 0.2 + 0.6 * Double((i * 37) % 100) / 100
      let wi: Double = (i * 13) % 7 < 3 ? 1 : 0
      let m = sin(Double(i))
      wh.append(e)
      w.append(wi)
      yh.append(m)
      y.append(m + (wi - e) * 0.7)
    }
    return try ForestEffectInputs(y: y, w: w, yHat: yh, wHat: wh, tau: [Double](repeating: 0.7, count: n))
  }

  @Test func averageEffectsRecoverConstantEffect() throws {
    let d = try exactInputs()
    for t in EffectTarget.allCases {
      let r = try AverageEffect.estimate(d, target: t)
      #expect(abs(r.estimate.value - 0.7) < 1e-9, "target \(t)")
      #expect(r.warnings.isEmpty)
    }
    let ate = try AverageEffect.estimate(d)
    #expect(abs(ate.estimate.ciLow - ate.estimate.ciHigh) < 1e-6)  // no noise → zero SE
    // Extreme propensities trigger grf's warning.
    var e = d
    e.wHat[0] = 0.01
    e.wHat[1] = 0.99
    let r = try AverageEffect.estimate(try ForestEffectInputs(y: e.y, w: e.w, yHat: e.yHat, wHat: e.wHat, tau: e.tau))
    #expect(r.warnings.count == 1)
    #expect(try AverageEffect.estimate(e, target: .overlap).warnings.isEmpty)
  }

  @Test func bestLinearProjectionMatchesStatsmodelsHC3() throws {
    // With W = 1, Ŵ = 0.5, Ŷ = 0, τ̂ = 0 the score is Γ = 2Y, so the BLP is OLS of 2Y.
    // Reference: statsmodels 0.15.0, sm.OLS(t, add_constant([x1, x2])).fit(cov_type="HC3") with
    // i = 0..<40, x1 = 2 sin(0.7 i) + 0.05 i, x2 = (7 i) mod 5, t = 1 + .5 x1 − .3 x2 + cos(1.3 i)(1 + .2 x2).
    let n = 40
    let x1 = (0..<n).map { sin(Double($0) * 0.7) * 2 + Double($0) * 0.05 }
    let x2 = (0..<n).map { Double(($0 * 7) % 5) }
    var t = [Double]()
    for i in 0..<n {
      let noise: Double = cos(Double(i) * 1.3) * (1 + 0.2 * x2[i])
      let mean: Double = 1 + 0.5 * x1[i] - 0.3 * x2[i]
      t.append(mean + noise)
    }
    let d = try ForestEffectInputs(
      y: t.map { $0 / 2 }, w: [Double](repeating: 1, count: n),
      yHat: [Double](repeating: 0, count: n), wHat: [Double](repeating: 0.5, count: n),
      tau: [Double](repeating: 0, count: n))
    let r = try BestLinearProjection.fit(d, covariates: [("x1", x1), ("x2", x2)])
    let c = r.coefficients
    let refB = [1.5325963624778667, 0.5235322116822047, -0.6000780566622759]
    let refSE = [0.18381664041183793, 0.11439067071925696, 0.10490753565125181]
    for k in 0..<3 {
      #expect(abs(c.estimates[k] - refB[k]) < 1e-10)
      #expect(abs(c.standardErrors[k] - refSE[k]) < 1e-10)
    }
    let hc0 = try BestLinearProjection.fit(d, covariates: [("x1", x1), ("x2", x2)], covariance: .hc0)
    #expect(abs(hc0.coefficients.standardErrors[1] - 0.10408800491941898) < 1e-10)
    let hc2 = try BestLinearProjection.fit(d, covariates: [("x1", x1), ("x2", x2)], covariance: .hc2)
    #expect(abs(hc2.coefficients.standardErrors[2] - 0.10031811290836727) < 1e-10)
    #expect(throws: CausalForestError.self) { try BestLinearProjection.fit(d, covariates: [("a", x1), ("b", x1)]) }
  }

  @Test func calibrationIsOneOnExactData() throws {
    var d = try exactInputs()
    // Heterogeneous exact effects: τᵢ varies and Y − Ŷ = (W − Ŵ)τᵢ.
    for i in 0..<d.count {
      d.tau[i] = 0.5 + Double(i % 5) * 0.1
      d.y[i] = d.yHat[i] + (d.w[i] - d.wHat[i]) * d.tau[i]
    }
    let r = try CalibrationTest.run(d)
    #expect(abs(r.mean - 1) < 1e-9 && abs(r.differential - 1) < 1e-9)
    #expect(r.reading.contains("heterogeneity"))
  }

  @Test func rateAndTOCHandCases() throws {
    let s = [4.0, 3, 2, 1]
    let a = try RankAverageTreatmentEffect.estimate(
      scores: s, priority: s, target: .autoc, grid: [0.25, 0.5, 1],
      replicates: 20)
    #expect(abs(a.estimate.value - 0.75) < 1e-12)
    let toc = try #require(a.toc["estimate"]?.doubles())
    #expect(abs(toc[0] - 1.5) < 1e-12 && abs(toc[1] - 1) < 1e-12 && abs(toc[2]) < 1e-12)
    let q = try RankAverageTreatmentEffect.estimate(scores: s, priority: s, target: .qini, replicates: 0)
    #expect(abs(q.estimate.value - 0.3125) < 1e-12)
    // Ties share their average score: groups {4,2} and {3,1} → [3,3,2,2].
    let t = try RankAverageTreatmentEffect.estimate(scores: [4, 2, 3, 1], priority: [1, 1, 0, 0], replicates: 0)
    #expect(abs(t.estimate.value - (0.5 + 0.5 + 1.0 / 6) / 4) < 1e-12)
    // Deterministic bootstrap.
    let big = (0..<300).map { Double($0 % 17) }
    let r1 = try RankAverageTreatmentEffect.estimate(scores: big, priority: big.map { -$0 }, replicates: 50, seed: 3)
    let r2 = try RankAverageTreatmentEffect.estimate(scores: big, priority: big.map { -$0 }, replicates: 50, seed: 3)
    #expect(r1.estimate == r2.estimate)
    #expect(r1.estimate.value < 0 && r1.estimate.se > 0)
    #expect(throws: CausalForestError.self) {
      try RankAverageTreatmentEffect.estimate(scores: s, priority: [1, .nan, 2, 3])
    }
  }

  @Test func qiniAreaHandCase() throws {
    let s = [4.0, 3, 2, 1]
    let r = try QiniCurve.compute(scores: s, priority: s, points: 4)
    #expect(abs(r.area - 0.3125) < 1e-12)
    let gain = try #require(r.curve["gain"]?.doubles())
    #expect(gain == [0, 1, 1.75, 2.25, 2.5])
  }

  @Test func importanceWeightsByDepth() {
    let imp = VariableImportance.compute(frequencies: [[1, 0], [1, 1]], featureCount: 2)
    #expect(abs(imp[0] - 0.9) < 1e-12 && abs(imp[1] - 0.1) < 1e-12)
    let t = VariableImportance.table(names: ["a", "b"], importance: [0.1, 0.9])
    #expect(t["feature"]?.string(at: 0) == "b")
  }

  @Test func segmentTables() throws {
    let col = Column(name: "tenure", floats: [1, 2, 3, 4, 5, 6, .nan])
    let tau = [1.0, 1, 2, 2, 3, 3, 9]
    let t = try EffectSegments.byColumn(col, tau: tau, scores: tau, bins: 3)
    #expect(t.rowCount == 4)
    #expect(t["mean_tau"]?.doubles() == [1, 2, 3, 9])
    #expect(t["segment"]?.string(at: 3) == "NA")
    let df = try DataFrame(columns: [
      Column(name: "x", floats: [1, 2, 3, 4]),
      Column(name: "c", strings: ["a", "b", "a", "b"]),
    ])
    let p = try EffectSegments.profiles(df, tau: [4, 3, 2, 1], columns: ["x", "c"])
    // Effects are on churn: the most helped customer has the most negative effect (row 3, tau 1).
    #expect(p["feature"]?.string(at: 0) == "(mean effect)")
    #expect(p["most_helped"]?.double(at: 0) == 1 && p["least_helped"]?.double(at: 0) == 4)
    #expect(p["feature"]?.string(at: 1) == "x")
    #expect(p["most_helped"]?.double(at: 1) == 4 && p["least_helped"]?.double(at: 1) == 1)
    #expect(p["most_helped"]?.double(at: 2) == 0)  // c=a share among the most helped quartile (row 3, c=b)
    #expect(throws: FrameError.self) { try EffectSegments.profiles(df, tau: [1, 2, 3, 4], columns: ["z"]) }
  }
}
