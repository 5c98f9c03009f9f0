import Frame
import Stats
import Testing

@testable import Causal

/// 2SLS against statsmodels 0.15.0 `IV2SLS(y, [1,x1,x2,t], [1,x1,x2,z]).fit()` and numpy HC1
/// (scripts/bench/causal/reference/make_references.py).
@Suite("Instrumental variables")
struct InstrumentalVariablesTests {
  typealias D = CausalReferenceData
  let covariates = DesignMatrix(columns: [D.x1, D.x2], names: ["x1", "x2"])
  let instrument = DesignMatrix(columns: [D.z], names: ["z"])

  /// statsmodels IV2SLS: coefficient −0.6786374276839598, SE 0.7840199473737699 (classical).
  @Test func classicalMatchesStatsmodels() throws {
    let r = try InstrumentalVariables.twoStageLeastSquares(
      y: D.y, t: D.t, instruments: instrument,
      covariates: covariates, se: .classical)
    #expect(close(r.estimate.value, -0.6786374276839598, 1e-10))
    #expect(close(r.estimate.se, 0.7840199473737699, 1e-10))
  }

  /// numpy: HC1 SE 0.7873816768713933; first-stage partial F 1.5181210837989862 (weak: warned).
  @Test func robustAndFirstStage() throws {
    let r = try InstrumentalVariables.twoStageLeastSquares(
      y: D.y, t: D.t, instruments: instrument,
      covariates: covariates, se: .robust)
    #expect(close(r.estimate.se, 0.7873816768713933, 1e-10))
    #expect(close(r.firstStageF, 1.5181210837989862, 1e-10))
    #expect(r.warnings.contains { $0.contains("weak instrument") })
  }

  /// numpy: (ȳ_{z=1} − ȳ_{z=0}) / (t̄_{z=1} − t̄_{z=0}) = −0.8749999999999996.
  @Test func waldRatio() throws {
    let r = try InstrumentalVariables.wald(y: D.y, t: D.t, z: D.z)
    #expect(close(r.estimate.value, -0.8749999999999996, 1e-12))
    #expect(r.method == "Wald")
  }

  @Test func strongInstrumentHasNoWarning() throws {
    var rng = SeededRNG(seed: 5)
    var y = [Double](), t = [Double](), z = [Double]()
    for _ in 0..<2000 {
      let zi: Double = rng.bernoulli(0.5) ? 1 : 0
      let u = rng.normal()
      let ti: Double = rng.bernoulli(0.2 + 0.5 * zi + (u > 0 ? 0.1 : 0)) ? 1 : 0
      y.append(-0.3 * ti + 0.5 * u + rng.normal())
      t.append(ti)
      z.append(zi)
    }
    let r = try InstrumentalVariables.wald(y: y, t: t, z: z)
    #expect(r.firstStageF > 100)
    #expect(r.warnings.isEmpty)
    #expect(abs(r.estimate.value + 0.3) < 3 * r.estimate.se)
  }
}

/// 2SLS on the intervention simulator's offer-weekday instrument, against the simulator's own truth.
///
/// In binary mode the weekday adds v(z) ∈ {+0.10, +0.05, 0, −0.05, −0.10} to every customer's treatment
/// probability, and a customer is treated when a uniform draw falls below it. The population 2SLS estimand
/// with weekday dummies is then Σᵢ wᵢτᵢ / Σᵢ wᵢ with wᵢ = Cov_z(eᵢ(z), ē(z)) (z uniform over the five
/// weekdays, ē(z) the mean propensity on weekday z): the complier-weighted effect. The test computes it
/// from the simulator's formulas (``InterventionModel/binaryPropensity``) and the true effects, checks
/// that it equals the ATE (an additive shift makes the compliers a random sample), and that 2SLS on a
/// large simulation recovers it. A 2SLS bug, or a simulator whose weekday shift depended on the customer,
/// fails one of the two checks.
@Suite("Instrumental variables on the simulator")
struct InstrumentalVariablesSimulationTests {
  @Test func weekdayTwoSLSRecoversTheComplierEffect() throws {
    let customers = try simulateTelco(n: 100_000, seed: 11)
    let sim = try simulateInterventions(customers: customers, options: InterventionOptions(mode: .binary, seed: 12))
    let f = sim.frame
    let tau = try doublesOf(f, "true_effect"), risk = try doublesOf(f, "risk")
    let t = try doublesOf(f, "treatment"), y = try doublesOf(f, "churn")
    let names = InterventionModel.weekdays
    let weekday = try stringsOf(f, "offer_weekday").map { Double(names.firstIndex(of: $0) ?? -1) }
    try #require(!weekday.contains(-1), "offer_weekday holds a name outside Mon…Fri")
    let n = f.rowCount
    // Propensity of every customer under each weekday, from the simulator's formula (no hidden confounder).
    var e = [[Double]](repeating: [Double](repeating: 0, count: 5), count: n)
    var eBar = [Double](repeating: 0, count: 5)
    for i in 0..<n {
      for z in 0..<5 {
        e[i][z] = InterventionModel.binaryPropensity(risk: risk[i], weekday: z, u: 0, gamma: 0)
        eBar[z] += e[i][z] / Double(n)
      }
    }
    let eBarMean = eBar.reduce(0, +) / 5
    var sw = 0.0, swt = 0.0
    for i in 0..<n {
      let ei = e[i].reduce(0, +) / 5
      var w = 0.0
      for z in 0..<5 { w += (e[i][z] - ei) * (eBar[z] - eBarMean) / 5 }
      sw += w
      swt += w * tau[i]
    }
    let late = swt / sw
    let ate = tau.reduce(0, +) / Double(n)
    #expect(abs(late - ate) < 1e-12, "complier-weighted effect \(late) vs ATE \(ate)")
    // The recorded propensity is the formula's value at the customer's own weekday.
    let recorded = try doublesOf(f, "true_propensity")
    for i in stride(from: 0, to: n, by: 997) { #expect(recorded[i] == e[i][Int(weekday[i])]) }

    let z = DesignMatrix(columns: [weekday], names: ["offer_weekday"], featureKinds: [.categorical(levels: 5)])
    let x = DesignMatrix(
      columns: [try doublesOf(f, "tenure"), try doublesOf(f, "MonthlyCharges"), risk],
      names: ["tenure", "MonthlyCharges", "risk"])
    let r = try InstrumentalVariables.twoStageLeastSquares(y: y, t: t, instruments: z, covariates: x)
    #expect(r.instruments.count == 4)
    #expect(r.firstStageF > 100)
    #expect(
      abs(r.estimate.value - late) < 3 * r.estimate.se,
      "2SLS \(r.estimate.value) (SE \(r.estimate.se)) vs true complier effect \(late)")
    #expect(r.estimate.se < 0.02)
  }
}
