import Frame
import Stats
import Testing

@testable import Causal

/// Bad input: each case gives an error (or warning) that names the problem and what to do.
@Suite("Causal error paths")
struct CausalErrorPathTests {
  let x = DesignMatrix(columns: [[0.1, 0.5, 0.3, 0.9, 0.2, 0.7, 0.4, 0.8]], names: ["x"])

  func message(_ body: () throws -> Void) -> String {
    do { try body() } catch { return String(describing: error) }
    return ""
  }

  @Test func treatmentNotBinary() {
    let m = message {
      _ = try TreatmentData(y: [0, 1, 0, 1, 0, 1, 0, 1], t: [0, 1, 2, 1, 0, 1, 0, 1], x: x, treatmentName: "arm")
    }
    #expect(m.contains("treatment 'arm' must be binary") && m.contains("0, 1, 2") && m.contains("multi-arm"))
  }

  @Test func unknownArmHasSuggestion() throws {
    let col = Column(name: "arm", strings: ["none", "discount_99", "none", "support_call"])
    let m = message { _ = try binaryTreatment(col, treated: "discount99", control: "none") }
    #expect(m.contains("unknown arm 'discount99'") && m.contains("did you mean 'discount_99'"))
    let many = message { _ = try binaryTreatment(col) }
    #expect(many.contains("3 distinct values") && many.contains("treated:"))
  }

  @Test func missingOutcomeAndTreatment() {
    let mo = message {
      _ = try TreatmentData(y: [0, .nan, 0, 1, 0, 1, 0, 1], t: [0, 1, 0, 1, 0, 1, 0, 1], x: x, outcomeName: "churn")
    }
    #expect(mo.contains("outcome 'churn' has 1 missing value") && mo.contains("drop_missing"))
    let mt = message { _ = try TreatmentData(y: [0, 1, 0, 1, 0, 1, 0, 1], t: [0, .nan, 0, 1, 0, 1, 0, 1], x: x) }
    #expect(mt.contains("treatment 't' has 1 missing value"))
  }

  @Test func treatmentConstantInAFold() throws {
    // Two treated rows and four folds: some fold's training rows hold at most one treated row... and with
    // one treated row overall, a training fold has none.
    let data = try TreatmentData(y: [0, 1, 0, 1, 0, 1, 0, 1], t: [1, 0, 0, 0, 0, 0, 0, 0], x: x)
    let m = message { _ = try Propensity.fit(data, options: PropensityOptions(folds: 4)) }
    #expect(m.contains("is constant (all control) in the training rows of fold") && m.contains("fewer folds"))
    let all = message { _ = try TreatmentData(y: [0, 1, 0, 1, 0, 1, 0, 1], t: [1, 1, 1, 1, 1, 1, 1, 1], x: x) }
    #expect(all.contains("is 1 in every row"))
  }

  @Test func propensityAtZeroOrOne() {
    let y: [Double] = [1, 0, 1, 0], t: [Double] = [1, 0, 1, 0]
    let m = message {
      _ = try IPW.estimate(y: y, t: t, propensity: [0, 0.3, 0.5, 0.5], kind: .hajek, clip: 0)
    }
    #expect(m.contains("propensity is 0 for treated row 1") && m.contains("clip"))
    let m2 = message {
      _ = try AIPW.estimate(
        y: y, t: t,
        nuisances: AIPWNuisances(
          propensity: [0.5, 1, 0.5, 0.4], mu0: [0, 0, 0, 0],
          mu1: [0, 0, 0, 0]), clip: 0)
    }
    #expect(m2.contains("propensity is 1 for control row 2"))
  }

  @Test func noOverlap() {
    let m = message {
      _ = try IPW.estimate(y: [1, 0, 1, 0], t: [1, 1, 0, 0], propensity: [0.9, 0.8, 0.2, 0.1])
    }
    #expect(m.contains("no overlap") && m.contains("do not intersect"))
  }

  @Test func poorOverlapWarns() throws {
    let r = try IPW.estimate(
      y: [1, 0, 1, 0, 1, 0], t: [1, 1, 0, 0, 1, 0], propensity: [0.99, 0.5, 0.5, 0.02, 0.6, 0.4])
    #expect(r.warnings.contains { $0.contains("outside [0.05, 0.95]") && $0.contains("overlap") })
  }

  @Test func instrumentUncorrelatedWithTreatment() {
    // z is exactly orthogonal to t (and to the intercept-centred t).
    let t: [Double] = [1, 1, 0, 0, 1, 1, 0, 0], z: [Double] = [1, 0, 1, 0, 1, 0, 1, 0]
    let m = message { _ = try InstrumentalVariables.wald(y: [1, 0, 1, 1, 0, 0, 1, 0], t: t, z: z) }
    #expect(m.contains("uncorrelated with the treatment") && m.contains("first-stage F = 0"))
  }

  @Test func unknownLearnerAndTarget() {
    let m = message { _ = try NuisanceLearners.named("logistc") }
    #expect(m.contains("unknown learner 'logistc'") && m.contains("did you mean 'logistic'"))
    let t = message { _ = try EffectTarget(parsing: "atx") }
    #expect(t.contains("unknown target 'atx'"))
  }
}
