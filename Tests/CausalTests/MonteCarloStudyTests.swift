import Frame
import Stats
import Testing

@testable import Causal

@Suite("Monte Carlo study of estimators")
struct MonteCarloStudyTests {
  /// Draws of `confoundedSample` (x1 drives both treatment and churn); truth = the draw's mean true effect.
  static let draw: @Sendable (Int) throws -> (data: TreatmentData, truth: Double) = { s in
    let d = try confoundedSample(n: 1500, seed: s)
    return (d.data, d.trueEffect.reduce(0, +) / Double(d.trueEffect.count))
  }

  static func study(_ names: [String], replicates: Int = 30) throws -> MonteCarloStudy {
    try MonteCarloStudy.run(
      replicates: replicates, seed: 11, estimators: names.map { try StudyEstimator.named($0) },
      draw: draw)
  }

  func row(_ s: MonteCarloStudy, _ name: String) throws -> StudyRow {
    try #require(s.rows.first { $0.name == name })
  }

  /// Double robustness seen: one wrong nuisance model leaves AIPW close to the truth, two wrong ones leave it as
  /// biased as the naive difference. The Monte Carlo SE of a bias is sd/√30, so the bounds are many SEs wide.
  @Test func doubleRobustnessProtectsAgainstOneWrongModelNotTwo() throws {
    let s = try Self.study(["naive", "aipw", "aipw_wrong_outcome", "aipw_wrong_propensity", "aipw_both_wrong"])
    let naive = try row(s, "naive"), aipw = try row(s, "aipw"), both = try row(s, "aipw_both_wrong")
    let mcse = { (r: StudyRow) in r.sd / Double(30).squareRoot() }
    #expect(naive.bias > 8 * mcse(naive))
    #expect(abs(aipw.bias) < 3 * mcse(aipw) + 0.003)
    for name in ["aipw_wrong_outcome", "aipw_wrong_propensity"] {
      let r = try row(s, name)
      #expect(abs(r.bias) < 3 * mcse(r) + 0.005, "\(name) bias \(r.bias)")
    }
    #expect(abs(both.bias - naive.bias) < 0.01)
    #expect(naive.coverage < 0.3)
    #expect(aipw.coverage >= 0.8)
    // An honest SE is close to the spread of the estimates.
    #expect(abs(aipw.meanSE / aipw.sd - 1) < 0.4)
    // bias and rmse recomputed from the per-replicate draws (errors against each draw's own truth).
    let est = try #require(try s.draws.column("estimate").doubles())
    let truth = try #require(try s.draws.column("truth").doubles())
    let names = try s.draws.column("estimator")
    let rows = (0..<s.draws.rowCount).filter { names.string(at: $0) == "naive" }
    #expect(rows.count == 30)
    let err = rows.map { est[$0] - truth[$0] }
    #expect(abs(err.reduce(0, +) / 30 - naive.bias) < 1e-12)
    #expect(abs((err.reduce(0) { $0 + $1 * $1 } / 30).squareRoot() - naive.rmse) < 1e-12)
  }

  @Test func sameSeedSameTableAndDrawsShape() throws {
    let a = try Self.study(["naive", "ipw"], replicates: 6), b = try Self.study(["naive", "ipw"], replicates: 6)
    #expect(a.rows.map(\.meanEstimate) == b.rows.map(\.meanEstimate))
    #expect(a.rows.map(\.coverage) == b.rows.map(\.coverage))
    #expect(a.draws.rowCount == 12)
    #expect(a.table.rowCount == 2)
    // Replicates see different data: the estimates are not all equal.
    let est = try #require(try a.draws.column("estimate").doubles())
    #expect(Set(est).count > 6)
  }

  @Test func badInputIsATypedError() {
    #expect(throws: CausalError.self) { _ = try Self.study(["naive"], replicates: 1) }
    #expect(throws: CausalError.self) { _ = try StudyEstimator.named("aipw_gmb") }
    do {
      _ = try StudyEstimator.named("aipw_gmb")
    } catch {
      #expect("\(error)".contains("aipw_gbm"))
    }
  }

  /// The simulator adapter: a formula naming simulated columns runs, and a formula naming an unknown column
  /// fails before any replicate.
  @Test func interventionsAdapter() throws {
    let customers = try simulateTelco(n: 1500, seed: 2)
    let f = Formula(outcome: "churn", treatment: "treatment", terms: ["tenure", "Contract", "risk"])
    let s = try MonteCarloStudy.interventions(
      customers: customers, risk: nil, options: InterventionOptions(),
      formula: f, estimators: [try StudyEstimator.named("naive")],
      replicates: 3, seed: 1)
    let r = try row(s, "naive")
    #expect(r.meanTruth < 0)
    let bad = Formula(outcome: "churn", treatment: "treatment", terms: ["tenur"])
    #expect(throws: (any Error).self) {
      _ = try MonteCarloStudy.interventions(
        customers: customers, risk: nil, options: InterventionOptions(),
        formula: bad, estimators: [try StudyEstimator.named("naive")],
        replicates: 3, seed: 1)
    }
  }
}
