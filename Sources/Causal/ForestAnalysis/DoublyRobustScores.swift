/// What the post-estimation tools need from a fitted causal forest: per training row the observed
/// outcome and treatment, the nuisance estimates Ŷ = m̂(x) and Ŵ = ê(x), and the out-of-bag effect τ̂(x).
///
/// Every analysis function (``DoublyRobust``, ``AverageEffect``, ``BestLinearProjection``,
/// ``CalibrationTest``, ``RankAverageTreatmentEffect``) takes this value, so each can be used and tested
/// without a forest (e.g. with cross-fitted nuisances from another learner).
public struct ForestEffectInputs: Sendable {
  public var y: [Double]
  public var w: [Double]
  public var yHat: [Double]
  public var wHat: [Double]
  public var tau: [Double]

  /// Checks lengths and finiteness; throws a message naming the offending input.
  public init(y: [Double], w: [Double], yHat: [Double], wHat: [Double], tau: [Double]) throws {
    let n = y.count
    for (name, v) in [("W", w), ("Y.hat", yHat), ("W.hat", wHat), ("tau", tau)] where v.count != n {
      throw CausalForestError.invalidInput("\(name) has \(v.count) values but Y has \(n)")
    }
    for (name, v) in [("Y", y), ("W", w), ("Y.hat", yHat), ("W.hat", wHat), ("tau", tau)] {
      if let i = v.firstIndex(where: { !$0.isFinite }) {
        throw CausalForestError.invalidInput(
          "\(name) is missing or not finite at row \(i + 1); drop or impute those rows before the analysis")
      }
    }
    self.y = y
    self.w = w
    self.yHat = yHat
    self.wHat = wHat
    self.tau = tau
  }

  public var count: Int { y.count }

  /// True when every W is 0 or 1.
  public var binaryTreatment: Bool { w.allSatisfy { $0 == 0 || $0 == 1 } }

  /// The same inputs restricted to `rows`.
  public func subset(_ rows: [Int]) -> ForestEffectInputs {
    // Safe: the stored arrays were validated by the throwing initializer.
    var c = self
    c.y = rows.map { y[$0] }
    c.w = rows.map { w[$0] }
    c.yHat = rows.map { yHat[$0] }
    c.wHat = rows.map { wHat[$0] }
    c.tau = rows.map { tau[$0] }
    return c
  }

  /// The propensity warning of grf's `average_treatment_effect`, or nil when all ê ∈ (0.05, 0.95).
  public func overlapWarning() -> String? {
    guard let lo = wHat.min(), let hi = wHat.max() else { return nil }
    let r = { (x: Double) in (x * 1000).rounded() / 1000 }
    if lo <= 0.05 && hi >= 0.95 {
      return "estimated propensities range from \(r(lo)) to \(r(hi)), close to 0 and 1: effects of some units "
        + "are poorly identified; use `ate cf target: \"overlap\"`, or trim rows with extreme propensities "
        + "(Crump, Hotz, Imbens & Mitnik 2009)"
    } else if lo <= 0.05 {
      return "estimated propensities go as low as \(r(lo)): effects for some controls are poorly identified; "
        + "target \"treated\" or \"overlap\" may help"
    } else if hi >= 0.95 {
      return "estimated propensities go as high as \(r(hi)): effects for some treated units are poorly "
        + "identified; target \"control\" or \"overlap\" may help"
    }
    return nil
  }
}

/// Doubly robust (AIPW) scores from a causal forest.
public enum DoublyRobust {
  /// Γᵢ = τ̂(xᵢ) + (Wᵢ − êᵢ)/(êᵢ(1 − êᵢ)) · (Yᵢ − m̂ᵢ − (Wᵢ − êᵢ)τ̂(xᵢ)) for a binary treatment.
  ///
  /// Robins, Rotnitzky & Zhao (1994); with m̂ = E[Y|X] this is the AIPW score written with
  /// μ̂₀ = m̂ − ê τ̂ and μ̂₁ = m̂ + (1 − ê) τ̂ (grf's `get_scores`). The mean of Γ over a set of rows is an
  /// efficient estimate of the average effect on those rows.
  public static func scores(_ d: ForestEffectInputs) throws -> [Double] {
    guard d.binaryTreatment else {
      throw CausalForestError.invalidInput(
        "doubly robust scores need a 0/1 treatment; recode the treatment column to 0 and 1")
    }
    if let i = d.wHat.firstIndex(where: { $0 <= 0 || $0 >= 1 }) {
      throw CausalForestError.invalidInput(
        "estimated propensity at row \(i + 1) is \(d.wHat[i]); scores need 0 < W.hat < 1 "
          + "(trim rows with extreme propensities or supply bounded propensities)")
    }
    var g = [Double](repeating: 0, count: d.count)
    for i in 0..<d.count {
      let e = d.wHat[i], r = d.w[i] - e
      g[i] = d.tau[i] + r / (e * (1 - e)) * (d.y[i] - d.yHat[i] - r * d.tau[i])
    }
    return g
  }
}
