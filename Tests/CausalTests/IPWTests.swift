import Frame
import Stats
import Testing

@testable import Causal

/// IPW against statsmodels 0.15.0 and a textbook calculation (see CausalReferenceData and
/// scripts/bench/causal/reference/make_references.py).
@Suite("IPW")
struct IPWTests {
  typealias D = CausalReferenceData
  let design = DesignMatrix(columns: [D.x1, D.x2], names: ["x1", "x2"])
  var n: Double { Double(D.y.count) }

  /// statsmodels: `TreatmentEffect(OLS(y, X), t, results_select=Logit(t, X).fit()).ipw(effect_group="all")`
  /// gave effect −0.24922516087999957, SE 0.08106264080319944 (GMM sandwich with 1/n), POM0 0.3866339304806704.
  @Test func hajekATEStackedMatchesStatsmodels() throws {
    let r = try IPW.estimate(
      y: D.y, t: D.t, propensity: D.eLogit, kind: .hajek, target: .ate, clip: 0,
      logisticDesign: design)
    #expect(close(r.value, -0.24922516087999957, 1e-7))
    #expect(close(r.se, 0.08106264080319944 * (n / (n - 1)).squareRoot(), 1e-6))
    #expect(close(r.controlMean ?? .nan, 0.3866339304806704, 1e-7))
  }

  /// statsmodels `ipw(effect_group=1)`: effect −0.27822356518044966, SE 0.1152672909086069.
  @Test func hajekATTStackedMatchesStatsmodels() throws {
    let r = try IPW.estimate(
      y: D.y, t: D.t, propensity: D.eLogit, kind: .hajek, target: .att, clip: 0,
      logisticDesign: design)
    #expect(close(r.value, -0.27822356518044966, 1e-7))
    #expect(close(r.se, 0.1152672909086069 * (n / (n - 1)).squareRoot(), 1e-6))
  }

  /// numpy: ψ = TY/e − (1 − T)Y/(1 − e); mean −0.24728412476191203, sd/√n 0.12289539208458783.
  @Test func horvitzThompsonKnownPropensity() throws {
    let r = try IPW.estimate(y: D.y, t: D.t, propensity: D.eLogit, kind: .horvitzThompson, clip: 0)
    #expect(close(r.value, -0.24728412476191203, 1e-12))
    #expect(close(r.se, 0.12289539208458783, 1e-12))
  }

  /// Our in-sample logistic fit reproduces statsmodels' Logit predictions, and the data-level IPW with
  /// `folds: 1` gives the stacked statsmodels numbers end to end.
  @Test func logisticFitAndEndToEnd() throws {
    let data = try TreatmentData(y: D.y, t: D.t, x: design)
    let ps = try Propensity.fit(data, options: PropensityOptions(folds: 1))
    for i in 0..<D.y.count { #expect(abs(ps.scores[i] - D.eLogit[i]) < 1e-6) }
    let r = try IPW.estimate(data, options: IPWOptions(clip: 0, propensity: PropensityOptions(folds: 1)))
    #expect(close(r.value, -0.24922516087999957, 1e-6))
    #expect(close(r.se, 0.08106264080319944 * (n / (n - 1)).squareRoot(), 1e-5))
  }

  @Test func htRejectsOtherTargets() {
    #expect(throws: CausalError.self) {
      try IPW.estimate(y: D.y, t: D.t, propensity: D.eLogit, kind: .horvitzThompson, target: .att)
    }
  }
}
