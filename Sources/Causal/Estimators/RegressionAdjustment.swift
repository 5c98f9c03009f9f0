import Frame
import Stats

/// Which regression-adjustment (meta-learner) strategy.
public enum MetaLearner: String, Sendable, CaseIterable {
  /// One model μ(x, t) with the treatment as a feature; τ(x) = μ(x, 1) − μ(x, 0).
  case sLearner = "s_learner"
  /// Two models, m₁ on treated and m₀ on control rows; τ(x) = m₁(x) − m₀(x).
  case tLearner = "t_learner"
}

/// Options of regression adjustment.
public struct RegressionAdjustmentOptions: Sendable {
  public var learner: any NuisanceLearner
  public var target: EffectTarget
  /// Bootstrap resamples for the SE.
  public var bootstrap: Int
  public var seed: Int
  public var level: Double

  /// Creates options; defaults: logistic/linear GLM, ATE, 100 bootstrap resamples, seed 42, 95%.
  public init(
    learner: any NuisanceLearner = GLMLearner(name: "logistic"), target: EffectTarget = .ate,
    bootstrap: Int = 100, seed: Int = 42, level: Double = 0.95
  ) {
    self.learner = learner
    self.target = target
    self.bootstrap = bootstrap
    self.seed = seed
    self.level = level
  }
}

/// Regression adjustment (outcome modelling, "G-computation"): predict both potential outcomes for every
/// row and average the difference over the target population (Robins 1986; Künzel et al. 2019 for the
/// S-/T-learner names).
///
/// τ̂ = mean over target rows of μ̂(Xᵢ, 1) − μ̂(Xᵢ, 0) (S-learner) or m̂₁(Xᵢ) − m̂₀(Xᵢ) (T-learner); the target
/// rows are all rows (ATE), the treated (ATT) or the controls (ATC). The models are fitted on all rows
/// (no cross-fitting). The estimate is consistent only if the outcome model is right.
///
/// SE: nonparametric bootstrap — B resamples of rows drawn with replacement (resample b uses the stream
/// `SeededRNG(seed).derived(b)`), the models refitted on each, SE = sd of the B estimates (n − 1), and a
/// normal CI τ̂ ± z·SE (Efron & Tibshirani 1993, ch. 6). Resamples lacking an arm are skipped and counted.
public enum RegressionAdjustment {
  /// The regression-adjustment estimate of `data` with the given strategy.
  public static func estimate(
    _ data: TreatmentData, strategy: MetaLearner,
    options: RegressionAdjustmentOptions = RegressionAdjustmentOptions()
  ) throws -> EffectEstimate {
    try checkLevel(options.level)
    if options.target == .overlap {
      throw CausalError.invalidInput(
        "regression adjustment supports targets ate, att and atc; the overlap target needs "
          + "propensity scores (use `estimate … method: \"aipw\"` or `estimate … method: \"hajek\"`)")
    }
    guard options.bootstrap >= 2 else {
      throw CausalError.invalidInput("bootstrap must be at least 2 resamples (100 is usual), got \(options.bootstrap)")
    }
    let task: NuisanceTask = data.outcomeIsBinary ? .classification : .regression
    let rows = Array(0..<data.n)
    let (tau, mu0) = try fitOnce(
      data, rows: rows, strategy: strategy, learner: options.learner, task: task,
      target: options.target, rng: SeededRNG(seed: options.seed).derived(-1))
    let root = SeededRNG(seed: options.seed)
    let n = data.n
    let reps = try parallelMap(options.bootstrap) { b -> Double? in
      try Interruption.check()  // Ctrl-C in the shell stops the resampling (nothing is assigned)
      var rng = root.derived(b)
      let sample = (0..<n).map { _ in rng.int(below: n) }
      do {
        return try fitOnce(
          data, rows: sample, strategy: strategy, learner: options.learner, task: task,
          target: options.target, rng: rng.derived(0)
        ).tau
      } catch CausalError.degenerate(_) {
        return nil
      } catch CausalError.constantTreatment(_) {
        return nil
      }
    }
    let ok = reps.compactMap { $0 }
    let failed = reps.count - ok.count
    guard ok.count >= 2, Double(failed) <= 0.1 * Double(reps.count) else {
      throw CausalError.degenerate(
        "regression adjustment: \(failed) of \(reps.count) bootstrap resamples could not be fitted "
          + "(an arm too small in the resample); use more data or `estimate … method: \"aipw\"`")
    }
    let (_, seMean) = meanAndStandardError(ok)
    let se = seMean * Double(ok.count).squareRoot()
    let est = normalEstimate(
      label: options.target.label, value: tau, se: se, n: n, level: options.level,
      method: "nonparametric bootstrap, \(ok.count) resamples")
    var warnings = data.notes
    if failed > 0 {
      warnings.append("\(failed) bootstrap resample\(failed == 1 ? "" : "s") lacked an arm and were skipped")
    }
    warnings.append("consistent only if the outcome model is correctly specified; AIPW is robust to this")
    let name = strategy == .sLearner ? "regression adjustment, S-learner" : "regression adjustment, T-learner"
    return EffectEstimate(
      estimate: est, target: options.target, method: name,
      details: data.reportHeader + [
        Report.Field("outcome model", .string(options.learner.name)),
        Report.Field("seed", .int(options.seed)),
      ],
      warnings: warnings, nTreated: data.nTreated, nControl: data.nControl, controlMean: mu0)
  }

  /// Fits the outcome model(s) on `rows` (may repeat) and returns the target's mean effect and control mean.
  static func fitOnce(
    _ data: TreatmentData, rows: [Int], strategy: MetaLearner, learner: any NuisanceLearner,
    task: NuisanceTask, target: EffectTarget, rng: SeededRNG
  ) throws -> (tau: Double, mu0: Double) {
    let x = data.x.rowsSubset(rows)
    let y = rows.map { data.y[$0] }, t = rows.map { data.t[$0] }
    let n1 = t.reduce(0, +)
    if n1 < 2 || Double(rows.count) - n1 < 2 {
      throw CausalError.degenerate("regression adjustment needs at least 2 treated and 2 control rows")
    }
    var p1: [Double], p0: [Double]
    switch strategy {
    case .sLearner:
      let model = try learner.fit(withTreatment(x, t), y, task: task, rng: rng)
      p1 = try model.predict(withTreatment(x, [Double](repeating: 1, count: t.count)))
      p0 = try model.predict(withTreatment(x, [Double](repeating: 0, count: t.count)))
    case .tLearner:
      let tr = t.indices.filter { t[$0] == 1 }, co = t.indices.filter { t[$0] == 0 }
      let m1 = try learner.fit(x.rowsSubset(tr), tr.map { y[$0] }, task: task, rng: rng.derived(1))
      let m0 = try learner.fit(x.rowsSubset(co), co.map { y[$0] }, task: task, rng: rng.derived(0))
      p1 = try m1.predict(x)
      p0 = try m0.predict(x)
    }
    var s = 0.0, s0 = 0.0, c = 0.0
    for i in t.indices {
      let w: Double
      switch target {
      case .ate, .overlap: w = 1
      case .att: w = t[i]
      case .atc: w = 1 - t[i]
      }
      s += w * (p1[i] - p0[i])
      s0 += w * p0[i]
      c += w
    }
    return (s / c, s0 / c)
  }

  /// The design with the treatment appended as a numeric column named "(treatment)".
  static func withTreatment(_ x: DesignMatrix, _ t: [Double]) -> DesignMatrix {
    DesignMatrix(
      rowCount: x.rowCount, columnNames: x.columnNames + ["(treatment)"], values: x.values + t,
      featureKinds: x.featureKinds + [.numeric])
  }
}
