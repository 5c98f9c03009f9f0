import Frame
import Stats
import Testing

@testable import Causal

@Suite("Propensity diagnostics")
struct DiagnosticsTests {
  @Test func overlapReport() throws {
    let e: [Double] = [0.02, 0.3, 0.5, 0.7, 0.97, 0.1, 0.4, 0.6]
    let t: [Double] = [0, 0, 0, 0, 1, 1, 1, 1]
    let r = try Overlap.report(scores: e, treatment: t, bins: 10)
    #expect(r.groups[0].min == 0.02 && r.groups[0].max == 0.7 && r.groups[0].below == 1)
    #expect(r.groups[1].above == 1)
    #expect(r.commonSupport == 0.1...0.7)
    #expect(r.outsideSupport == 2)
    #expect(r.histogram.counts[0].reduce(0, +) == 4 && r.histogram.counts[1][9] == 1)
    #expect(r.warnings.count == 2)
    let trim = try Overlap.trim(scores: e, treatment: t, rule: .bounds(0.05))
    #expect(trim.droppedControl == 1 && trim.droppedTreated == 1 && trim.keptRows == [1, 2, 3, 5, 6, 7])
    let cs = try Overlap.trim(scores: e, treatment: t, rule: .commonSupport)
    #expect(cs.keptRows == [1, 2, 3, 5, 6, 7])
  }

  @Test func crumpAlphaIsZeroForModestScores() {
    #expect(Overlap.crumpAlpha([0.3, 0.4, 0.5, 0.6, 0.7]) == 0)
    let a = Overlap.crumpAlpha([0.001, 0.01, 0.2, 0.3, 0.4, 0.5, 0.5, 0.6, 0.7, 0.8, 0.99])
    #expect(a > 0 && a < 0.5)
  }

  /// SMD by hand: treated x = [1, 2, 3] (mean 2, var 1), control x = [2, 4] (mean 3, var 2):
  /// (2 − 3)/√((1 + 2)/2) = −0.816496580927726; variance ratio 0.5.
  @Test func balanceTableByHand() throws {
    let x = DesignMatrix(columns: [[1, 2, 3, 2, 4]], names: ["x"])
    let t: [Double] = [1, 1, 1, 0, 0]
    let b = try Balance.table(x: x, treatment: t, weights: [1, 1, 1, 3, 1])
    let row = b.rows[0]
    #expect(abs(row.smdBefore - (-1 / 1.5.squareRoot())) < 1e-12)
    #expect(abs(row.varianceRatioBefore - 0.5) < 1e-12)
    // Weighted control mean (3·2 + 4)/4 = 2.5; same pooled denominator.
    #expect(abs(row.weightedMeanControl - 2.5) < 1e-12)
    #expect(abs(row.smdAfter - (-0.5 / 1.5.squareRoot())) < 1e-12)
    #expect(b.warnings.count == 1)
    #expect(b.lovePlotData.covariates == ["x"])
  }

  @Test func weightingImprovesBalance() throws {
    let (data, _) = try confoundedSample(n: 2000, seed: 9)
    let ps = try Propensity.fit(data)
    #expect(ps.auc > 0.6 && ps.auc < 0.9)
    let w = Balance.weights(propensity: ps.scores, treatment: data.t, target: .ate)
    let b = try Balance.table(x: data.x, treatment: data.t, weights: w, weighting: "ATE weights")
    let before = b.rows.map { abs($0.smdBefore) }.max() ?? 0
    let after = b.rows.map { abs($0.smdAfter) }.max() ?? 0
    #expect(before > 0.2 && after < 0.05)
  }

  @Test func aucHandlesTies() {
    #expect(rocAUC(scores: [0.1, 0.4, 0.4, 0.8], labels: [0, 0, 1, 1]) == 0.875)
  }

  @Test func crossFitFoldsAreStratifiedAndSeeded() throws {
    let labels = (0..<103).map { $0 % 3 == 0 ? 1 : 0 }
    let a = try CrossFitPlan.stratified(labels: labels, k: 5, seed: 1)
    let b = try CrossFitPlan.stratified(labels: labels, k: 5, seed: 1)
    #expect(a == b)
    #expect(a.folds.map(\.count).reduce(0, +) == 103)
    let treatedPerFold = a.folds.map { f in f.filter { labels[$0] == 1 }.count }
    #expect((treatedPerFold.max() ?? 0) - (treatedPerFold.min() ?? 0) <= 1)
  }
}
