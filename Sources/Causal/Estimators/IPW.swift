import Frame
import Stats

/// Which inverse probability weighting estimator.
public enum IPWKind: String, Sendable, CaseIterable {
  /// Horvitz–Thompson: weights are not normalized (ATE only).
  case horvitzThompson = "ht"
  /// Hájek: weights normalized to sum to one within each arm (more stable; all targets).
  case hajek
}

/// Options of the IPW estimators.
public struct IPWOptions: Sendable {
  public var kind: IPWKind
  public var target: EffectTarget
  /// Propensities are clipped to [clip, 1 − clip] (reported); 0 turns clipping off.
  public var clip: Double
  public var level: Double
  /// How the propensity is fitted. With `folds: 1` and a logistic learner the SE accounts for the
  /// estimation of the propensity (stacked estimating equations); with cross-fitted scores it treats them as known.
  public var propensity: PropensityOptions
  /// A cluster label per row of the data (nil = independent rows): the SE then clusters the influence
  /// function (see `influenceStandardError`).
  public var clusters: [Int]? = nil

  /// Creates options; defaults: Hájek, ATE, clip 0.01, 95%, cross-fitted logistic propensity.
  public init(
    kind: IPWKind = .hajek, target: EffectTarget = .ate, clip: Double = 0.01, level: Double = 0.95,
    propensity: PropensityOptions = PropensityOptions()
  ) {
    self.kind = kind
    self.target = target
    self.clip = clip
    self.level = level
    self.propensity = propensity
  }
}

/// Inverse probability weighting (IPW) estimators of average effects.
///
/// With tilting function h(x) (1 for the ATE, e for the ATT, 1 − e for the ATC, e(1 − e) for the overlap
/// target) treated rows get weight w₁ = h/e and controls w₀ = h/(1 − e).
/// - Horvitz–Thompson (ATE): τ̂ = (1/n) Σ [TᵢYᵢ/eᵢ − (1 − Tᵢ)Yᵢ/(1 − eᵢ)] (Horvitz & Thompson 1952).
/// - Hájek: τ̂ = Σ Tw₁Y / Σ Tw₁ − Σ (1 − T)w₀Y / Σ (1 − T)w₀ (Hájek 1971; Hirano, Imbens & Ridder 2003).
///
/// Standard errors come from the influence function (sandwich) of the estimating equations:
/// - propensities treated as known (cross-fitted or given scores): ψᵢ = Σₖ ±gₖᵢ/aₖ with gₖ the moment of
///   arm k and aₖ its normalizer; this is conservative for the ATE when the scores were estimated;
/// - propensity from an in-sample logistic regression on design X̃ = [1, X] (`logisticDesign`): the moments
///   are stacked with the logistic score Sᵢ = x̃ᵢ(Tᵢ − eᵢ) and ψᵢ gains the term Hₖᵀ A⁻¹ Sᵢ, with
///   A = mean[e(1 − e) x̃x̃ᵀ] and Hₖ = mean[∂gₖ/∂e · e(1 − e) x̃] (Lunceford & Davidian 2004, §3.2; this is
///   the M-estimation/GMM sandwich statsmodels' `TreatmentEffect.ipw` reports).
/// SE = sd(ψ)/√n (n − 1 in the sd).
public enum IPW {
  /// Fits the propensity model on `data` and returns the IPW estimate.
  public static func estimate(_ data: TreatmentData, options: IPWOptions = IPWOptions()) throws -> EffectEstimate {
    let ps = try Propensity.fit(data, options: options.propensity)
    var design: DesignMatrix? = nil
    var seNote = "cross-fitted propensity treated as known"
    if options.propensity.folds == 1, options.propensity.learner is GLMLearner {
      design = data.x
      seNote = "in-sample logistic propensity, stacked estimating equations"
    } else if options.propensity.folds == 1 {
      seNote = "in-sample propensity treated as known"
    }
    var r = try estimate(
      y: data.y, t: data.t, propensity: ps.scores, kind: options.kind, target: options.target,
      clip: options.clip, level: options.level, logisticDesign: design, clusters: options.clusters)
    r.details.insert(
      contentsOf: data.reportHeader + [
        Report.Field("propensity", .string(ps.fitDescription)),
        Report.Field("propensity SE", .string(seNote)),
      ], at: 0)
    r.warnings = data.notes + r.warnings
    return r
  }

  /// The IPW estimate from given propensity scores.
  ///
  /// - Parameter logisticDesign: the covariates of a logistic propensity model fitted in-sample by maximum
  ///   likelihood (an intercept is added); when given, the SE includes the propensity estimation step.
  public static func estimate(
    y: [Double], t: [Double], propensity: [Double], kind: IPWKind = .hajek,
    target: EffectTarget = .ate, clip: Double = 0.01, level: Double = 0.95,
    logisticDesign: DesignMatrix? = nil, clusters: [Int]? = nil
  ) throws -> EffectEstimate {
    try checkLevel(level)
    let n = y.count
    guard t.count == n, propensity.count == n else {
      throw CausalError.invalidInput("IPW: outcome, treatment and propensity must have the same length")
    }
    try checkOutcome(y, name: "outcome")
    try checkBinaryTreatment(t, name: "treatment")
    if kind == .horvitzThompson && target != .ate {
      throw CausalError.invalidInput(
        "Horvitz–Thompson IPW is implemented for the ATE; use `estimate … method: \"hajek\"` for "
          + "target \"\(target.rawValue)\"")
    }
    let checked = try checkPropensity(propensity, t: t, clip: clip, target: target)
    let e = checked.e
    // Rows whose score was clipped do not move with the propensity parameters.
    let free = (0..<n).map { propensity[$0] == e[$0] ? 1.0 : 0.0 }
    var moments: [(g: [Double], dg: [Double], a: Double, sign: Double)] = []
    var tau = 0.0, mu0 = 0.0
    switch kind {
    case .horvitzThompson:
      var g = [Double](repeating: 0, count: n), dg = g
      var s = 0.0, s0 = 0.0
      for i in 0..<n {
        let v = t[i] * y[i] / e[i] - (1 - t[i]) * y[i] / (1 - e[i])
        g[i] = v
        s += v
        s0 += (1 - t[i]) * y[i] / (1 - e[i])
        dg[i] = (-t[i] * y[i] / (e[i] * e[i]) - (1 - t[i]) * y[i] / ((1 - e[i]) * (1 - e[i]))) * free[i]
      }
      tau = s / Double(n)
      mu0 = s0 / Double(n)
      for i in 0..<n { g[i] -= tau }
      moments = [(g, dg, 1, 1)]
    case .hajek:
      let w = weights(e: e, target: target)
      var sw1 = 0.0, swy1 = 0.0, sw0 = 0.0, swy0 = 0.0
      for i in 0..<n {
        if t[i] == 1 {
          sw1 += w.w1[i]
          swy1 += w.w1[i] * y[i]
        } else {
          sw0 += w.w0[i]
          swy0 += w.w0[i] * y[i]
        }
      }
      guard sw1 > 0, sw0 > 0 else {
        throw CausalError.degenerate(
          "IPW: the \(sw1 > 0 ? "control" : "treated") weights sum to zero for target "
            + "\(target.rawValue)")
      }
      let mu1 = swy1 / sw1
      mu0 = swy0 / sw0
      tau = mu1 - mu0
      var g1 = [Double](repeating: 0, count: n), d1 = g1, g0 = g1, d0 = g1
      for i in 0..<n {
        g1[i] = t[i] * w.w1[i] * (y[i] - mu1)
        d1[i] = t[i] * w.dw1[i] * (y[i] - mu1) * free[i]
        g0[i] = (1 - t[i]) * w.w0[i] * (y[i] - mu0)
        d0[i] = (1 - t[i]) * w.dw0[i] * (y[i] - mu0) * free[i]
      }
      moments = [(g1, d1, sw1 / Double(n), 1), (g0, d0, sw0 / Double(n), -1)]
    }
    var psi = [Double](repeating: 0, count: n)
    for m in moments { for i in 0..<n { psi[i] += m.sign * m.g[i] / m.a } }
    var seMethod = "influence function (propensity treated as known), sd/√n"
    if let design = logisticDesign {
      let correction = try logisticCorrection(design: design, t: t, e: e, moments: moments)
      for i in 0..<n { psi[i] += correction[i] }
      seMethod = "sandwich, stacked with the logistic propensity score equations"
    }
    let (se, method) = try influenceStandardError(psi, clusters: clusters, plain: seMethod)
    let est = normalEstimate(
      label: target.label, value: tau, se: se, n: n, level: level,
      method: clusters == nil ? seMethod : "\(method); \(seMethod)")
    let n1 = Int(t.reduce(0, +))
    let name = kind == .hajek ? "IPW, Hájek (normalized weights)" : "IPW, Horvitz–Thompson"
    var warnings = checked.warnings
    let ess = effectiveSampleSizes(e: e, t: t, target: target)
    if ess.treated < 0.1 * Double(n1) || ess.control < 0.1 * Double(n - n1) {
      warnings.append(
        "a few rows carry most of the weight (effective sample size \(Int(ess.treated)) treated, "
          + "\(Int(ess.control)) control): the estimate is unstable; consider `estimate … method: \"aipw\"`, trimming (`trim ps rule: 0.05`) or `estimate overlap …`"
      )
    }
    return EffectEstimate(
      estimate: est, target: target, method: name,
      details: checked.details + [
        Report.Field("effective n, treated", .float(ess.treated)),
        Report.Field("effective n, control", .float(ess.control)),
      ],
      warnings: warnings, nTreated: n1, nControl: n - n1, controlMean: mu0,
      scores: (0..<n).map { tau + psi[$0] })
  }

  /// Arm weights w₁ = h/e, w₀ = h/(1 − e) for the target's tilting function h, and their derivatives in e.
  static func weights(e: [Double], target: EffectTarget) -> (w1: [Double], w0: [Double], dw1: [Double], dw0: [Double]) {
    let n = e.count
    var w1 = [Double](repeating: 0, count: n), w0 = w1, d1 = w1, d0 = w1
    for i in 0..<n {
      let p = e[i], q = 1 - e[i]
      switch target {
      case .ate:
        w1[i] = 1 / p
        w0[i] = 1 / q
        d1[i] = -1 / (p * p)
        d0[i] = 1 / (q * q)
      case .att:
        w1[i] = 1
        w0[i] = p / q
        d1[i] = 0
        d0[i] = 1 / (q * q)
      case .atc:
        w1[i] = q / p
        w0[i] = 1
        d1[i] = -1 / (p * p)
        d0[i] = 0
      case .overlap:
        w1[i] = q
        w0[i] = p
        d1[i] = -1
        d0[i] = 1
      }
    }
    return (w1, w0, d1, d0)
  }

  /// Kish effective sample size (Σw)²/Σw² of each arm under the target's weights.
  static func effectiveSampleSizes(e: [Double], t: [Double], target: EffectTarget) -> (treated: Double, control: Double)
  {
    let w = weights(e: e, target: target)
    var a1 = 0.0, b1 = 0.0, a0 = 0.0, b0 = 0.0
    for i in e.indices {
      if t[i] == 1 {
        a1 += w.w1[i]
        b1 += w.w1[i] * w.w1[i]
      } else {
        a0 += w.w0[i]
        b0 += w.w0[i] * w.w0[i]
      }
    }
    return (b1 > 0 ? a1 * a1 / b1 : 0, b0 > 0 ? a0 * a0 / b0 : 0)
  }

  /// Per-row influence-function term from estimating the logistic propensity: Σₖ ±(Hₖᵀ A⁻¹ x̃ᵢ)(Tᵢ − eᵢ)/aₖ.
  static func logisticCorrection(
    design: DesignMatrix, t: [Double], e: [Double],
    moments: [(g: [Double], dg: [Double], a: Double, sign: Double)]
  ) throws -> [Double] {
    let n = t.count
    guard design.rowCount == n else {
      throw CausalError.invalidInput("logistic design has \(design.rowCount) rows, the data \(n)")
    }
    let cols = try GLMFeatureMap(fitting: design).columns(design)
    let v = (0..<n).map { e[$0] * (1 - e[$0]) }
    var a = cols.crossProduct(weights: v)
    let k = cols.k
    for j in 0..<(k * k) { a[j] /= Double(n) }
    var out = [Double](repeating: 0, count: n)
    for m in moments {
      var h = cols.crossVector(m.dg, weights: v)
      for j in 0..<k { h[j] /= Double(n) }
      guard let sol = SmallLinearAlgebra.solveSPD(a, h, k: k) else {
        throw CausalError.degenerate("IPW: the logistic information matrix is singular (collinear covariates)")
      }
      let lin = cols.times(sol)
      for i in 0..<n { out[i] += m.sign * lin[i] * (t[i] - e[i]) / m.a }
    }
    return out
  }
}
