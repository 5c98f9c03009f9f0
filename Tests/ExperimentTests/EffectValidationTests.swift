import Frame
import Testing

@testable import Experiment

/// Predicted vs actual effects against statsmodels 0.15.0 (scripts/bench/experiment/validation_reference.py:
/// group differences in means with unpooled SEs, then `sm.WLS(A, add_constant(P), weights=1/S**2)
/// .fit(cov_type="fixed scale")` and `np.corrcoef(P, A)[0, 1]**2`).
@Suite struct EffectValidationTests {
  /// i in 0..<200: predicted = i/200, treated = i even, outcome = 1 if (7i + i/13) mod 10 < 3 + (treated ? i/40 : 0).
  static func data() -> (pred: [Double], y: [Double], w: [Bool]) {
    var p: [Double] = [], y: [Double] = [], w: [Bool] = []
    for i in 0..<200 {
      let t = i % 2 == 0
      p.append(Double(i) / 200)
      w.append(t)
      y.append((i * 7 + i / 13) % 10 < 3 + (t ? i / 40 : 0) ? 1 : 0)
    }
    return (p, y, w)
  }

  @Test func matchesStatsmodelsWLS() throws {
    let d = Self.data()
    let r = try EffectValidation.run(predicted: d.pred, outcome: d.y, treated: d.w, groups: 4)
    let actual = r.groups["actual"]?.doubles() ?? [], se = r.groups["se"]?.doubles() ?? []
    let refActual = [0.0, 0.15999999999999998, 0.28, 0.36000000000000004]
    let refSE = [0.1346600658448277, 0.139522996909709, 0.13662601021279466, 0.1346600658448277]
    for g in 0..<4 {
      #expect(abs(actual[g] - refActual[g]) < 1e-12)
      #expect(abs(se[g] - refSE[g]) < 1e-12)
    }
    #expect(abs(r.intercept - -0.03946145071245735) < 1e-10)
    #expect(abs(r.slope - 0.4803289195235503) < 1e-10)
    #expect(abs(r.interceptSE - 0.13839311367806859) < 1e-10)
    #expect(abs(r.slopeSE - 0.24147640285339309) < 1e-10)
    #expect(abs(r.r2 - 0.978260869565217) < 1e-10)
    #expect(r.groups["n"]?.doubles() == [50, 50, 50, 50])
  }

  @Test func qiniRewardsAGoodRanking() throws {
    // Treatment lowers the outcome only for rows with a high predicted benefit (most negative prediction).
    var p: [Double] = [], y: [Double] = [], w: [Bool] = []
    for i in 0..<400 {
      let t = i % 2 == 1
      let helps = i < 200
      p.append(helps ? -0.2 : 0.0)
      w.append(t)
      y.append(t && helps ? (i % 10 < 1 ? 1 : 0) : (i % 10 < 5 ? 1 : 0))
    }
    let good = try EffectValidation.run(predicted: p, outcome: y, treated: w, groups: 2)
    let bad = try EffectValidation.run(predicted: p.map { -$0 }, outcome: y, treated: w, groups: 2)
    #expect(good.qini.area > 0)
    #expect(bad.qini.area < 0)
    #expect(good.slope > 0)
  }

  @Test func badInputIsATypedError() {
    let d = Self.data()
    #expect(throws: ExperimentError.self) {
      try EffectValidation.run(predicted: d.pred, outcome: d.y, treated: d.w, groups: 1)
    }
    #expect(throws: ExperimentError.self) {
      try EffectValidation.run(predicted: Array(d.pred.prefix(10)), outcome: d.y, treated: d.w)
    }
    #expect(throws: ExperimentError.self) {
      try EffectValidation.run(predicted: d.pred, outcome: d.y, treated: d.w.map { _ in true })
    }
  }
}
