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
    let r = try InstrumentalVariables.twoStageLeastSquares(y: D.y, t: D.t, instruments: instrument,
                                                           covariates: covariates, se: .classical)
    #expect(close(r.estimate.value, -0.6786374276839598, 1e-10))
    #expect(close(r.estimate.se, 0.7840199473737699, 1e-10))
  }

  /// numpy: HC1 SE 0.7873816768713933; first-stage partial F 1.5181210837989862 (weak: warned).
  @Test func robustAndFirstStage() throws {
    let r = try InstrumentalVariables.twoStageLeastSquares(y: D.y, t: D.t, instruments: instrument,
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
      y.append(-0.3 * ti + 0.5 * u + rng.normal()); t.append(ti); z.append(zi)
    }
    let r = try InstrumentalVariables.wald(y: y, t: t, z: z)
    #expect(r.firstStageF > 100)
    #expect(r.warnings.isEmpty)
    #expect(abs(r.estimate.value + 0.3) < 3 * r.estimate.se)
  }
}
