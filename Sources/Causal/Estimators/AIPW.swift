import Frame
import Stats

/// Options of the doubly robust (AIPW) estimator.
public struct AIPWOptions: Sendable {
  public var target: EffectTarget
  /// Cross-fitting folds (stratified on treatment); 1 = no cross-fitting (in-sample nuisances).
  public var folds: Int
  /// Classifier for the propensity e(x).
  public var propensityLearner: any NuisanceLearner
  /// Learner for the outcome regressions m₀(x), m₁(x) (a classifier when the outcome is 0/1).
  public var outcomeLearner: any NuisanceLearner
  /// Propensities are clipped to [clip, 1 − clip] (reported); 0 turns clipping off.
  public var clip: Double
  public var seed: Int
  public var level: Double
  /// A cluster label per row of the data (nil = independent rows): the SE then clusters the influence
  /// function (see `influenceStandardError`).
  public var clusters: [Int]? = nil

  /// Creates options; defaults: ATE, 5 folds, logistic nuisances, clip 0.01 (as DoubleML's default
  /// trimming threshold), seed 42, 95% intervals.
  public init(
    target: EffectTarget = .ate, folds: Int = 5,
    propensityLearner: any NuisanceLearner = GLMLearner(name: "logistic"),
    outcomeLearner: any NuisanceLearner = GLMLearner(name: "logistic"),
    clip: Double = 0.01, seed: Int = 42, level: Double = 0.95
  ) {
    self.target = target
    self.folds = folds
    self.propensityLearner = propensityLearner
    self.outcomeLearner = outcomeLearner
    self.clip = clip
    self.seed = seed
    self.level = level
  }
}

/// Cross-fitted nuisance predictions: propensity e(x) and outcome regressions m₀(x), m₁(x) for every row.
public struct AIPWNuisances: Sendable {
  public var propensity: [Double]
  public var mu0: [Double]
  public var mu1: [Double]
  /// Description for reports, e.g. "5-fold cross-fitting; propensity: gbm, outcome: gbm".
  public var description: String

  /// Creates a nuisance set from given predictions (e.g. to reproduce a textbook calculation).
  public init(propensity: [Double], mu0: [Double], mu1: [Double], description: String = "given nuisances") {
    self.propensity = propensity
    self.mu0 = mu0
    self.mu1 = mu1
    self.description = description
  }
}

/// Augmented inverse probability weighting (AIPW), the doubly robust estimator of average effects.
///
/// With propensity e(x) and outcome regressions m_t(x) = E[Y | T = t, X = x] (cross-fitted), each row has
/// the score (Robins, Rotnitzky & Zhao 1994; Chernozhukov et al. 2018, eq. 5.3)
///
///     Γᵢ = m₁(Xᵢ) − m₀(Xᵢ) + Tᵢ(Yᵢ − m₁(Xᵢ))/e(Xᵢ) − (1 − Tᵢ)(Yᵢ − m₀(Xᵢ))/(1 − e(Xᵢ)).
///
/// Targets (p̂ = mean T):
/// - ATE: τ̂ = mean Γᵢ; influence function ψᵢ = Γᵢ − τ̂.
/// - ATT: τ̂ = Σ[Tᵢ(Yᵢ − m₀) − (1 − Tᵢ) e/(1 − e) (Yᵢ − m₀)] / ΣTᵢ; ψᵢ = [aᵢ − Tᵢτ̂]/p̂ with aᵢ the summand
///   (the DoubleML "ATTE" score; Hahn 1998).
/// - ATC: τ̂ = Σ[(1 − Tᵢ)(m₁ − Yᵢ) + Tᵢ (1 − e)/e (Yᵢ − m₁)] / Σ(1 − Tᵢ); ψᵢ = [bᵢ − (1 − Tᵢ)τ̂]/(1 − p̂).
/// - overlap: with h = e(1 − e), τ̂ = Σ hᵢΓᵢ / Σ hᵢ; ψᵢ = hᵢ(Γᵢ − τ̂)/mean h (h treated as known, as grf does).
///
/// SE = sd(ψ)/√n (sample sd, n − 1); CI = τ̂ ± z·SE. The estimate is consistent if either the propensity or
/// the outcome model is right, and with cross-fitting the SE is valid for flexible learners whose errors
/// shrink faster than n^(−1/4) (product rate condition).
public enum AIPW {
  /// Cross-fits the nuisances and returns the effect for `options.target`.
  ///
  /// - Parameter progress: called with (fits done, fits total) while the nuisances are cross-fitted.
  public static func estimate(
    _ data: TreatmentData, options: AIPWOptions = AIPWOptions(),
    progress: ((Int, Int) -> Void)? = nil
  ) throws -> EffectEstimate {
    let nuis = try crossFit(data, options: options, progress: progress)
    var r = try estimate(
      y: data.y, t: data.t, nuisances: nuis, target: options.target, clip: options.clip,
      level: options.level, clusters: options.clusters)
    r.details.insert(contentsOf: data.reportHeader + [Report.Field("seed", .int(options.seed))], at: 0)
    r.warnings = data.notes + r.warnings
    return r
  }

  /// Fits the propensity and both outcome regressions with K-fold cross-fitting (folds stratified on
  /// treatment; fold k uses stream `derived(k)` of sub-seeds 1000 for e, 2000 for m₀, 3000 for m₁).
  /// `progress(fits done, fits total)` is called after each wave of fits (see ``crossFitPredict``).
  public static func crossFit(
    _ data: TreatmentData, options: AIPWOptions = AIPWOptions(),
    progress: ((Int, Int) -> Void)? = nil
  ) throws -> AIPWNuisances {
    try checkLevel(options.level)
    let plan = try CrossFitPlan.stratified(labels: data.t.map { Int($0) }, k: options.folds, seed: options.seed)
    let root = SeededRNG(seed: options.seed)
    try Propensity.checkFoldsHaveBothArms(t: data.t, plan: plan, treatmentName: data.treatmentName)
    let task: NuisanceTask = data.outcomeIsBinary ? .classification : .regression
    let t = data.t
    let ol = options.outcomeLearner
    let fits = try crossFitPredict(
      x: data.x,
      jobs: [
        NuisanceJob(
          y: data.t, task: .classification, learner: options.propensityLearner, rng: root.derived(1_000),
          include: nil, describe: "propensity model (\(options.propensityLearner.name))"),
        NuisanceJob(
          y: data.y, task: task, learner: ol, rng: root.derived(2_000), include: { t[$0] == 0 },
          describe: "outcome model for control rows (\(ol.name(for: task)))"),
        NuisanceJob(
          y: data.y, task: task, learner: ol, rng: root.derived(3_000), include: { t[$0] == 1 },
          describe: "outcome model for treated rows (\(ol.name(for: task)))"),
      ], plan: plan, progress: progress)
    let (e, mu0, mu1) = (fits[0], fits[1], fits[2])
    let how = options.folds >= 2 ? "\(options.folds)-fold cross-fitting" : "in-sample (no cross-fitting)"
    return AIPWNuisances(
      propensity: e, mu0: mu0, mu1: mu1,
      description: "\(how); propensity: \(options.propensityLearner.name), "
        + "outcome: \(ol.name(for: task))")
  }

  /// The AIPW estimate from given nuisance predictions (see the type's documentation for the formulas).
  ///
  /// - Parameters:
  ///   - clip: propensities are clipped to [clip, 1 − clip] first (counts reported); 0 = no clipping.
  /// - Throws: on length mismatches, missing values, a non-binary treatment, or no overlap.
  public static func estimate(
    y: [Double], t: [Double], nuisances: AIPWNuisances, target: EffectTarget = .ate,
    clip: Double = 0.01, level: Double = 0.95, clusters: [Int]? = nil
  ) throws -> EffectEstimate {
    try checkLevel(level)
    let n = y.count
    guard t.count == n, nuisances.propensity.count == n, nuisances.mu0.count == n, nuisances.mu1.count == n else {
      throw CausalError.invalidInput("AIPW: outcome, treatment and nuisance predictions must have the same length")
    }
    try checkOutcome(y, name: "outcome")
    try checkBinaryTreatment(t, name: "treatment")
    for (name, m) in [("m0", nuisances.mu0), ("m1", nuisances.mu1)] where m.contains(where: { !$0.isFinite }) {
      throw CausalError.invalidInput("AIPW: outcome prediction \(name) has missing or infinite values")
    }
    let checked = try checkPropensity(nuisances.propensity, t: t, clip: clip, target: target)
    let e = checked.e, m0 = nuisances.mu0, m1 = nuisances.mu1
    let nd = Double(n)
    var psi = [Double](repeating: 0, count: n)
    var tau = 0.0
    var controlMean = 0.0
    var scores = [Double](repeating: 0, count: n)
    switch target {
    case .ate:
      var c0 = 0.0
      for i in 0..<n {
        let g1 = m1[i] + t[i] * (y[i] - m1[i]) / e[i]
        let g0 = m0[i] + (1 - t[i]) * (y[i] - m0[i]) / (1 - e[i])
        scores[i] = g1 - g0
        c0 += g0
      }
      let (m, _) = meanAndStandardError(scores)
      tau = m
      controlMean = c0 / nd
      for i in 0..<n { psi[i] = scores[i] - tau }
    case .att:
      var sumA = 0.0, sumT = 0.0, sumC = 0.0
      var a = [Double](repeating: 0, count: n)
      for i in 0..<n {
        let r0 = y[i] - m0[i]
        a[i] = t[i] * r0 - (1 - t[i]) * e[i] / (1 - e[i]) * r0
        sumA += a[i]
        sumT += t[i]
        sumC += t[i] * m0[i] + (1 - t[i]) * e[i] / (1 - e[i]) * r0
      }
      tau = sumA / sumT
      controlMean = sumC / sumT
      let p = sumT / nd
      for i in 0..<n { psi[i] = (a[i] - t[i] * tau) / p }
    case .atc:
      var sumB = 0.0, sumC = 0.0, sumY0 = 0.0
      var b = [Double](repeating: 0, count: n)
      for i in 0..<n {
        let r1 = y[i] - m1[i]
        b[i] = (1 - t[i]) * (m1[i] - y[i]) + t[i] * (1 - e[i]) / e[i] * r1
        sumB += b[i]
        sumC += 1 - t[i]
        sumY0 += (1 - t[i]) * y[i]
      }
      tau = sumB / sumC
      controlMean = sumY0 / sumC
      let q = sumC / nd
      for i in 0..<n { psi[i] = (b[i] - (1 - t[i]) * tau) / q }
    case .overlap:
      var sumH = 0.0, sumHG = 0.0, sumHG0 = 0.0
      var g = [Double](repeating: 0, count: n), h = g
      for i in 0..<n {
        let g1 = m1[i] + t[i] * (y[i] - m1[i]) / e[i]
        let g0 = m0[i] + (1 - t[i]) * (y[i] - m0[i]) / (1 - e[i])
        g[i] = g1 - g0
        h[i] = e[i] * (1 - e[i])
        sumH += h[i]
        sumHG += h[i] * g[i]
        sumHG0 += h[i] * g0
      }
      tau = sumHG / sumH
      controlMean = sumHG0 / sumH
      let hBar = sumH / nd
      for i in 0..<n { psi[i] = h[i] * (g[i] - tau) / hBar }
    }
    if target != .ate { for i in 0..<n { scores[i] = tau + psi[i] } }
    let (se, seMethod) = try influenceStandardError(psi, clusters: clusters, plain: "influence function, sd/√n")
    let est = normalEstimate(label: target.label, value: tau, se: se, n: n, level: level, method: seMethod)
    let n1 = Int(t.reduce(0, +))
    return EffectEstimate(
      estimate: est, target: target, method: "AIPW (doubly robust)",
      details: [Report.Field("nuisances", .string(nuisances.description))] + checked.details,
      warnings: checked.warnings, nTreated: n1, nControl: n - n1, controlMean: controlMean,
      scores: scores)
  }
}
