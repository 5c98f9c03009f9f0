import Frame
import Stats

/// Parses a target for the forest's average effect: grf's names ("all", "treated", "control",
/// "overlap") or the estimator names ("ate", "att", "atc", "ato").
public func parseForestTarget(_ s: String) throws -> EffectTarget {
  switch s.lowercased() {
  case "all": return .ate
  case "treated": return .att
  case "control": return .atc
  default: return try EffectTarget(parsing: s)
  }
}

/// Average effects from a causal forest (grf's `average_treatment_effect`, method AIPW).
public enum AverageEffect {
  /// Estimates the average effect for `target` with a normal-theory interval at `level`.
  ///
  /// - ate: mean of the doubly robust scores Γ (``DoublyRobust``), SE = sd(Γ)/√n (influence function).
  /// - att / atc: mean of τ̂ over the target group plus a doubly robust correction with
  ///   normalized weights γ (controls weighted ê/(1 − ê) for the ATT, treated (1 − ê)/ê for the ATC);
  ///   variance = var(mean τ̂) + var(correction), as in grf.
  /// - overlap: OLS of Y − Ŷ on W − Ŵ with intercept (Robinson 1988), HC3 SE; the target weights are
  ///   e(x)(1 − e(x)). No propensity warning is given for this target.
  public static func estimate(
    _ d: ForestEffectInputs, target: EffectTarget = .ate,
    level: Double = 0.95
  ) throws -> EffectEstimate {
    let n = d.count
    guard n >= 2 else { throw CausalForestError.invalidInput("an average effect needs at least 2 rows") }
    var warnings: [String] = []
    if target != .overlap, d.binaryTreatment, let w = d.overlapWarning() { warnings.append(w) }
    let value: Double, se: Double, used: Int
    switch target {
    case .ate:
      let g = try DoublyRobust.scores(d)
      value = ForestMath.mean(g)
      se = ForestMath.sd(g) / Double(n).squareRoot()
      used = n
    case .att, .atc:
      (value, se, used) = try targetedEffect(d, treated: target == .att)
    case .overlap:
      let yr = (0..<n).map { d.y[$0] - d.yHat[$0] }, wr = (0..<n).map { d.w[$0] - d.wHat[$0] }
      let fit = try RobustLinearFit(
        y: yr, x: [[Double](repeating: 1, count: n), wr], covariance: .hc3,
        names: ["intercept", "W - W.hat"])
      value = fit.coefficients[1]
      se = fit.standardErrors[1]
      used = n
    }
    let z = ForestMath.zFor(level: level)
    let label = target.label
    let method = target == .overlap ? "Robinson residual-on-residual OLS, HC3" : "AIPW, influence-function SE"
    let est = Estimate(
      label: label, value: value, se: se, ciLow: value - z * se, ciHigh: value + z * se,
      level: level, pValue: normalTwoSidedP(value / se), n: used, method: method)
    let nt = d.w.filter { $0 == 1 }.count
    return EffectEstimate(
      estimate: est, target: target, method: "causal forest, " + method,
      warnings: warnings, nTreated: nt, nControl: d.count - nt,
      scores: target == .ate ? try DoublyRobust.scores(d) : nil)
  }

  /// ATT (treated = true) or ATC: grf's AIPW estimator for a sub-population.
  static func targetedEffect(_ d: ForestEffectInputs, treated: Bool) throws -> (Double, Double, Int) {
    guard d.binaryTreatment else {
      throw CausalForestError.invalidInput(
        "target \"\(treated ? "treated" : "control")\" needs a 0/1 treatment; use \"all\" or \"overlap\"")
    }
    if let i = d.wHat.firstIndex(where: { $0 <= 0 || $0 >= 1 }) {
      throw CausalForestError.invalidInput("estimated propensity at row \(i + 1) is \(d.wHat[i]); need 0 < W.hat < 1")
    }
    let n = d.count
    let tIdx = (0..<n).filter { d.w[$0] == 1 }, cIdx = (0..<n).filter { d.w[$0] == 0 }
    guard tIdx.count >= 2, cIdx.count >= 2 else {
      throw CausalForestError.invalidInput("each arm needs at least 2 rows for ATT/ATC")
    }
    let group = treated ? tIdx : cIdx
    let raw = group.reduce(0.0) { $0 + d.tau[$1] } / Double(group.count)
    let rawVar =
      group.reduce(0.0) { $0 + (d.tau[$1] - raw) * (d.tau[$1] - raw) }
      / Double(group.count * group.count)
    var gamma = [Double](repeating: 0, count: n)
    var sumC = 0.0, sumT = 0.0
    for i in cIdx {
      let e = d.wHat[i]
      gamma[i] = treated ? e / (1 - e) : 1
      sumC += gamma[i]
    }
    for i in tIdx {
      let e = d.wHat[i]
      gamma[i] = treated ? 1 : (1 - e) / e
      sumT += gamma[i]
    }
    for i in cIdx { gamma[i] *= Double(n) / sumC }
    for i in tIdx { gamma[i] *= Double(n) / sumT }
    var corr = [Double](repeating: 0, count: n)
    for i in 0..<n {
      let e = d.wHat[i]
      let y1 = d.yHat[i] + (1 - e) * d.tau[i], y0 = d.yHat[i] - e * d.tau[i]
      corr[i] = d.w[i] == 1 ? gamma[i] * (d.y[i] - y1) : -gamma[i] * (d.y[i] - y0)
    }
    let mc = ForestMath.mean(corr)
    let s2 = corr.reduce(0.0) { $0 + $1 * $1 } / Double(n * n) * Double(n) / Double(n - 1)
    return (raw + mc, (rawVar + s2).squareRoot(), group.count)
  }
}
