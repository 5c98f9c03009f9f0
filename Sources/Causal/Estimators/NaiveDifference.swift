import Frame
import Stats

/// The unadjusted difference in mean outcomes between treated and control rows.
///
/// τ̂ = ȳ₁ − ȳ₀ with the Neyman (1923) standard error √(s₁²/n₁ + s₀²/n₀) (sample variances with n − 1).
/// This is the ATE only when treatment was randomized; with confounding (riskier customers treated more
/// often) it mixes the effect with the difference between the groups, which is why it is shown as the
/// baseline the adjusted estimators improve on.
public enum NaiveDifference {
  /// The difference in means of `data`.
  public static func estimate(_ data: TreatmentData, level: Double = 0.95) throws -> EffectEstimate {
    var r = try estimate(y: data.y, t: data.t, level: level)
    r.details.insert(contentsOf: data.reportHeader, at: 0)
    r.warnings = data.notes + r.warnings
    return r
  }

  /// The difference in means of `y` between rows with `t == 1` and `t == 0`.
  public static func estimate(y: [Double], t: [Double], level: Double = 0.95) throws -> EffectEstimate {
    try checkLevel(level)
    guard y.count == t.count else {
      throw CausalError.invalidInput("outcome (\(y.count)) and treatment (\(t.count)) differ in length")
    }
    try checkOutcome(y, name: "outcome")
    try checkBinaryTreatment(t, name: "treatment")
    var s1 = 0.0, s0 = 0.0, n1 = 0, n0 = 0
    for i in y.indices {
      if t[i] == 1 {
        s1 += y[i]
        n1 += 1
      } else {
        s0 += y[i]
        n0 += 1
      }
    }
    guard n1 >= 2 && n0 >= 2 else {
      throw CausalError.degenerate(
        "the difference in means needs at least 2 treated and 2 control rows "
          + "(have \(n1) and \(n0))")
    }
    let m1 = s1 / Double(n1), m0 = s0 / Double(n0)
    var v1 = 0.0, v0 = 0.0
    for i in y.indices {
      if t[i] == 1 { v1 += (y[i] - m1) * (y[i] - m1) } else { v0 += (y[i] - m0) * (y[i] - m0) }
    }
    v1 /= Double(n1 - 1)
    v0 /= Double(n0 - 1)
    let se = (v1 / Double(n1) + v0 / Double(n0)).squareRoot()
    let est = normalEstimate(
      label: "difference in means", value: m1 - m0, se: se, n: y.count, level: level,
      method: "Neyman, √(s₁²/n₁ + s₀²/n₀)")
    return EffectEstimate(
      estimate: est, target: .ate, method: "naive difference in means",
      details: [Report.Field("mean outcome, treated", .float(m1)), Report.Field("mean outcome, control", .float(m0))],
      warnings: ["no adjustment for confounding: this equals the ATE only if treatment was randomized"],
      nTreated: n1, nControl: n0, controlMean: m0)
  }
}
