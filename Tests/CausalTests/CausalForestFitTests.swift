import Causal
import Foundation
import Frame
import Stats
import Testing

/// The causal forest end to end on a small simulated problem with a strong heterogeneous effect.
@Suite struct CausalForestFitTests {
  /// n rows, d = 4 uniform covariates, propensity 0.3 + 0.4·x₂ (confounded), τ(x) = 1 + 2·x₁,
  /// Y = x₂ + 0.5·x₃ + W·τ(x) + N(0, 0.5²).
  static func simulate(n: Int, seed: Int) -> (frame: DataFrame, tau: [Double]) {
    var rng = SeededRNG(seed: seed)
    var cols = [[Double]](repeating: [], count: 4)
    var y: [Double] = [], w: [Double] = [], tau: [Double] = []
    for _ in 0..<n {
      let x = (0..<4).map { _ in rng.uniform() }
      for j in 0..<4 { cols[j].append(x[j]) }
      let e = 0.3 + 0.4 * x[1]
      let wi: Double = rng.bernoulli(e) ? 1 : 0
      let t = 1 + 2 * x[0]
      tau.append(t)
      w.append(wi)
      y.append(x[1] + 0.5 * x[2] + wi * t + 0.5 * rng.normal())
    }
    var columns = (0..<4).map { Column(name: "x\($0 + 1)", floats: cols[$0]) }
    columns.append(Column(name: "y", floats: y))
    columns.append(Column(name: "w", floats: w))
    return (DataFrame.unchecked(columns: columns, rowCount: n), tau)
  }

  static func options(trees: Int = 200, threads: Int = 2) -> CausalForestOptions {
    var o = CausalForestOptions()
    o.trees = trees
    o.seed = 7
    o.threads = threads
    o.nuisanceTrees = 50
    return o
  }

  static let covariates = ["x1", "x2", "x3", "x4"]

  /// The error a 20-tree fit on `simulate(n:seed:)` data throws with the options changed by `configure`
  /// ("no error" when it fits).
  static func fitError(n: Int = 300, seed: Int = 4, _ configure: (inout CausalForestOptions) -> Void) -> String {
    let train = simulate(n: n, seed: seed)
    var o = options(trees: 20)
    configure(&o)
    do {
      _ = try CausalForest.fit(frame: train.frame, outcome: "y", treatment: "w", covariates: covariates, options: o)
      return "no error"
    } catch { return "\(error)" }
  }

  @Test func recoversHeterogeneityWithReasonableCoverage() throws {
    let train = Self.simulate(n: 800, seed: 1), test = Self.simulate(n: 300, seed: 2)
    let cf = try CausalForest.fit(
      frame: train.frame, outcome: "y", treatment: "w", covariates: Self.covariates,
      options: Self.options())
    let p = try cf.predict(frame: test.frame)
    let r = correlation(p.tau, test.tau)
    #expect(r > 0.8, "correlation with the truth \(r)")
    var covered = 0
    for i in 0..<p.tau.count {
      let se = p.variance[i].squareRoot()
      if abs(p.tau[i] - test.tau[i]) <= 1.96 * se { covered += 1 }
    }
    let coverage = Double(covered) / Double(p.tau.count)
    #expect(coverage > 0.6, "coverage \(coverage)")
    // The split-frequency importance puts x1 first.
    #expect(cf.importance()["feature"]?.string(at: 0) == "x1")
    // Average effect (truth E[1 + 2x₁] = 2) and calibration.
    let ate = try AverageEffect.estimate(try cf.effectInputs)
    #expect(abs(ate.estimate.value - 2) < 0.3, "ATE \(ate.estimate.value)")
    let cal = try CalibrationTest.run(try cf.effectInputs)
    #expect(cal.coefficients.pValues[1] < 0.05)
  }

  @Test func sameSeedSameForestForAnyThreadCount() throws {
    let train = Self.simulate(n: 300, seed: 3)
    let a = try CausalForest.fit(
      frame: train.frame, outcome: "y", treatment: "w", covariates: Self.covariates,
      options: Self.options(trees: 40, threads: 1))
    let b = try CausalForest.fit(
      frame: train.frame, outcome: "y", treatment: "w", covariates: Self.covariates,
      options: Self.options(trees: 40, threads: 2))
    #expect(a.forest == b.forest)
    #expect(a.oob.tau.map(\.bitPattern) == b.oob.tau.map(\.bitPattern))
    #expect(a.oob.variance.map(\.bitPattern) == b.oob.variance.map(\.bitPattern))
  }

  @Test func saveAndLoadRoundTripsBitForBit() throws {
    let train = Self.simulate(n: 300, seed: 4), test = Self.simulate(n: 50, seed: 5)
    let cf = try CausalForest.fit(
      frame: train.frame, outcome: "y", treatment: "w", covariates: Self.covariates,
      options: Self.options(trees: 20))
    let path = NSTemporaryDirectory() + "churn-cf-\(getpid()).bin"
    defer { unlink(path) }
    try cf.save(to: path)
    let back = try CausalForest.load(from: path)
    let p1 = try cf.predict(frame: test.frame), p2 = try back.predict(frame: test.frame)
    #expect(p1.tau.map(\.bitPattern) == p2.tau.map(\.bitPattern))
    #expect(p1.variance.map(\.bitPattern) == p2.variance.map(\.bitPattern))
    #expect(back.oob.tau.map(\.bitPattern) == cf.oob.tau.map(\.bitPattern))
    var bytes = cf.archived()
    bytes.removeLast(10)
    #expect(throws: CausalForestError.self) { try CausalForest.unarchive(bytes) }
    #expect(throws: CausalForestError.self) { try CausalForest.load(from: path + ".missing") }
  }

  @Test func badInputsGiveClearErrors() throws {
    let train = Self.simulate(n: 200, seed: 6)
    let f = train.frame
    func fit(_ frame: DataFrame, _ o: CausalForestOptions = Self.options(trees: 10)) throws {
      _ = try CausalForest.fit(frame: frame, outcome: "y", treatment: "w", covariates: Self.covariates, options: o)
    }
    // One arm only.
    var oneArm = f
    try oneArm.set(Column(name: "w", floats: [Double](repeating: 1, count: 200)))
    #expect { try fit(oneArm) } throws: { ($0 as? CausalForestError)?.description.contains("both") ?? false }
    // Arms too small for min_node_size.
    var tiny = f
    try tiny.set(Column(name: "w", floats: (0..<200).map { $0 < 6 ? 1 : 0 }))
    #expect { try fit(tiny) } throws: { ($0 as? CausalForestError)?.description.contains("min_node_size") ?? false }
    // sample_fraction > 0.5 with intervals; too few trees for intervals.
    var o = Self.options(trees: 10)
    o.sampleFraction = 0.7
    #expect { try fit(f, o) } throws: { ($0 as? CausalForestError)?.description.contains("0.5") ?? false }
    o = Self.options(trees: 3)
    #expect { try fit(f, o) } throws: { ($0 as? CausalForestError)?.description.contains("too few") ?? false }
    // Missing outcome; missing covariates are routed (MIA) instead.
    var holes = f
    var y = try #require(f["y"]?.doubles())
    y[3] = .nan
    try holes.set(Column(name: "y", floats: y))
    #expect(throws: CausalForestError.self) { try fit(holes) }
    var xs = try #require(f["x1"]?.doubles())
    xs[0] = .nan
    xs[5] = .nan
    var mia = f
    try mia.set(Column(name: "x1", floats: xs))
    let cf = try CausalForest.fit(
      frame: mia, outcome: "y", treatment: "w", covariates: Self.covariates,
      options: Self.options(trees: 10))
    #expect(cf.warnings.contains { $0.contains("missing") })
    #expect(try cf.predict(frame: mia).tau.allSatisfy { $0.isFinite })
  }

  /// `nuisanceLearner` fits Ŷ and Ŵ by cross-fitting: a row's Ŷ comes from a model that never saw it, so
  /// changing that row's outcome leaves its own Ŷ unchanged and moves other rows'; Ŵ is a propensity;
  /// the report names the method; the options travel with the file.
  @Test func crossFittedNuisancesNeverSeeTheirOwnRow() throws {
    let train = Self.simulate(n: 300, seed: 12)
    var o = Self.options(trees: 20)
    o.nuisanceLearner = "gbm"
    let cf = try CausalForest.fit(
      frame: train.frame, outcome: "y", treatment: "w", covariates: Self.covariates, options: o)
    #expect(cf.nuisanceMethod == "5-fold cross-fitted gbm")
    #expect(cf.wHat.allSatisfy { $0 > 0 && $0 < 1 })
    var y = try #require(try train.frame.column("y").doubles())
    y[0] += 100
    var shifted = train.frame
    try shifted.set(Column(name: "y", floats: y))
    let cg = try CausalForest.fit(frame: shifted, outcome: "y", treatment: "w", covariates: Self.covariates, options: o)
    #expect(cg.yHat[0] == cf.yHat[0])
    #expect(zip(cg.yHat.dropFirst(), cf.yHat.dropFirst()).filter { $0 != $1 }.count > 100)
    #expect(cg.wHat == cf.wHat)
    let back = try CausalForest.unarchive(cf.archived())
    #expect(back.options.nuisanceLearner == "gbm" && back.options == cf.options)
    let unknown = Self.fitError { $0.nuisanceLearner = "boosting" }
    #expect(
      unknown.contains("nuisance_learner: unknown learner 'boosting'") && unknown.contains("\"gbm\""), "\(unknown)")
    #expect(
      Self.fitError {
        $0.nuisanceLearner = "gbm"
        $0.nuisanceFolds = 1
      }.contains("nuisance_folds must be at least 2"))
  }

  @Test func severalArmsGiveAnEffectPerArm() throws {
    // Arms none / a / b; arm a has effect +1, arm b effect −1 (Y = x₂ + effect + noise).
    var rng = SeededRNG(seed: 9)
    let n = 900
    var x1 = [Double](), x2 = [Double](), arm = [String](), y = [Double]()
    for i in 0..<n {
      let a = rng.uniform(), b = rng.uniform()
      let level = ["none", "a", "b"][i % 3]
      x1.append(a)
      x2.append(b)
      arm.append(level)
      y.append(b + (level == "a" ? 1 : level == "b" ? -1 : 0) + 0.3 * rng.normal())
    }
    let df = try DataFrame(columns: [
      Column(name: "x1", floats: x1), Column(name: "x2", floats: x2),
      Column(name: "arm", strings: arm), Column(name: "y", floats: y),
    ])
    let m = try MultiArmCausalForest.fit(
      frame: df, outcome: "y", treatment: "arm", covariates: ["x1", "x2"],
      options: Self.options(trees: 40))
    #expect(m.baseline == "none" && m.arms == ["a", "b"])
    let t = try m.effectTable(frame: df, training: true)
    let ea = try #require(t["effect_a"]?.doubles()), eb = try #require(t["effect_b"]?.doubles())
    #expect(abs(ea.reduce(0, +) / Double(n) - 1) < 0.2 && abs(eb.reduce(0, +) / Double(n) + 1) < 0.2)
    #expect(t["best_arm"]?.string(at: 0) == "b")  // lower is better: arm b lowers Y
    #expect(t["true_best_arm"] == nil)  // no truth columns, no truth-based columns
    // With the simulator's truth columns the choice is also made on the truth and scored against it.
    var withTruth = df
    try withTruth.set(Column(name: "true_effect_a", floats: [Double](repeating: 1, count: n)))
    try withTruth.set(Column(name: "true_effect_b", floats: [Double](repeating: -1, count: n)))
    let tt = try m.effectTable(frame: withTruth, training: true, requireCI: true)
    let trueBest = try #require(tt["true_best_arm"]), bestColumn = try #require(tt["best_arm"])
    #expect((0..<n).allSatisfy { trueBest.string(at: $0) == "b" })
    let best = (0..<n).map { bestColumn.string(at: $0) ?? "" },
      truthOfChoice = try #require(tt["true_effect_best"]?.doubles())
    for i in 0..<n { #expect(truthOfChoice[i] == (best[i] == "b" ? -1 : best[i] == "a" ? 1 : 0)) }
    #expect(throws: CausalForestError.self) {
      try MultiArmCausalForest.fit(
        frame: df, outcome: "y", treatment: "arm", covariates: ["x1"], baseline: "zzz",
        options: Self.options(trees: 10))
    }
  }

  @Test func requireCIAnswersTheBaselineWhenNoArmIsClearlyHelpful() throws {
    // One arm with no effect at all: without the gate about half the rows pick it on noise; with the
    // gate (interval wholly below zero) nearly every row gets the baseline.
    var rng = SeededRNG(seed: 11)
    let n = 900
    var x1 = [Double](), arm = [String](), y = [Double]()
    for i in 0..<n {
      let a = rng.uniform()
      x1.append(a)
      arm.append(i % 2 == 0 ? "none" : "a")
      y.append(a + 0.3 * rng.normal())
    }
    let df = try DataFrame(columns: [
      Column(name: "x1", floats: x1), Column(name: "arm", strings: arm),
      Column(name: "y", floats: y),
    ])
    let m = try MultiArmCausalForest.fit(
      frame: df, outcome: "y", treatment: "arm", covariates: ["x1"],
      options: Self.options(trees: 40))
    func noneShare(_ gate: Bool) throws -> Double {
      let column = try #require(try m.effectTable(frame: df, training: true, requireCI: gate)["best_arm"])
      let best = (0..<n).map { column.string(at: $0) ?? "" }
      return Double(best.filter { $0 == "none" }.count) / Double(n)
    }
    let plain = try noneShare(false), gated = try noneShare(true)
    #expect(plain < 0.8, "without the gate noise picks the arm: none share \(plain)")
    #expect(gated > 0.9, "with the gate the baseline wins: none share \(gated)")
  }

  func correlation(_ a: [Double], _ b: [Double]) -> Double {
    let n = Double(a.count)
    let ma = a.reduce(0, +) / n, mb = b.reduce(0, +) / n
    var sab = 0.0, saa = 0.0, sbb = 0.0
    for i in a.indices {
      sab += (a[i] - ma) * (b[i] - mb)
      saa += (a[i] - ma) * (a[i] - ma)
      sbb += (b[i] - mb) * (b[i] - mb)
    }
    return sab / (saa * sbb).squareRoot()
  }
}
