import Frame

/// Which propensity scores clipping may move for an estimand (see ``checkPropensity(_:t:clip:target:)``).
///
/// A score is bounded only where the target's inverse weight explodes: treated rows weigh h(e)/e and
/// controls h(e)/(1 − e) for the target's tilting h (1 for the ATE, e for the ATT, 1 − e for the ATC).
/// So the ATT lowers only high control scores, the ATC raises only low treated scores, and the ATE (and
/// the overlap target, whose weights are bounded anyway) clip both ends for every row as they always did.
struct ClipRule {
  let target: EffectTarget

  /// Whether a score below `clip` in this arm is raised to `clip`.
  func raisesLow(treated: Bool) -> Bool {
    switch target {
    case .ate, .overlap: return true
    case .att: return false
    case .atc: return treated
    }
  }

  /// Whether a score above `1 − clip` in this arm is lowered to `1 − clip`.
  func lowersHigh(treated: Bool) -> Bool {
    switch target {
    case .ate, .overlap: return true
    case .att: return !treated
    case .atc: return false
    }
  }

  /// The report field: the bounds and the rows they apply to.
  func describe(_ clip: Double) -> String {
    let lo = formatPlain(clip), hi = formatPlain(1 - clip)
    switch target {
    case .ate, .overlap: return "[\(lo), \(hi)]"
    case .att: return "control scores above \(hi) lowered to \(hi) (ATT)"
    case .atc: return "treated scores below \(lo) raised to \(lo) (ATC)"
    }
  }

  /// The warning that says exactly what was done.
  func warning(clip: Double, low: Int, high: Int) -> String {
    let lo = formatPlain(clip), hi = formatPlain(1 - clip)
    func rows(_ k: Int, _ arm: String) -> String { "\(k) \(arm)propensit\(k == 1 ? "y" : "ies")" }
    func was(_ k: Int) -> String { k == 1 ? "was" : "were" }
    let cap = formatPlain(((1 - clip) / clip * 100).rounded() / 100)
    switch target {
    case .ate, .overlap:
      return "\(rows(low + high, "")) \(was(low + high)) clipped to [\(lo), \(hi)] (\(low) raised to \(lo), "
        + "\(high) lowered to \(hi)); each bounds that row's inverse weight at \(formatPlain((1 / clip).rounded())), "
        + "which trades a little bias for variance"
    case .att:
      return "\(rows(high, "control ")) above \(hi) \(was(high)) lowered to \(hi), bounding their ATT weight "
        + "e/(1 − e) at \(cap); treated scores and small control scores are left as they are (for the ATT they "
        + "cannot inflate a weight)"
    case .atc:
      return "\(rows(low, "treated ")) below \(lo) \(was(low)) raised to \(lo), bounding their ATC weight "
        + "(1 − e)/e at \(cap); control scores and large treated scores are left as they are (for the ATC they "
        + "cannot inflate a weight)"
    }
  }
}
