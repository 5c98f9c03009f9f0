import Frame
import Stats

/// The population an average effect is averaged over.
///
/// With τ(x) = E[Y(1) − Y(0) | X = x] and propensity e(x):
/// - `ate`: E[τ(X)], every unit;
/// - `att`: E[τ(X) | T = 1], the treated (tilting h(x) = e(x));
/// - `atc`: E[τ(X) | T = 0], the controls (h(x) = 1 − e(x));
/// - `overlap`: E[e(1−e)τ(X)] / E[e(1−e)], units weighted by h(x) = e(x)(1 − e(x)), which emphasises those
///   that could have gone either way (Li, Morgan & Zaslavsky 2018, JASA 113:390).
public enum EffectTarget: String, Sendable, CaseIterable, Codable {
  case ate, att, atc, overlap

  /// Short label used in reports ("ATE", "ATT", "ATC", "ATO").
  public var label: String {
    switch self {
    case .ate: return "ATE"
    case .att: return "ATT"
    case .atc: return "ATC"
    case .overlap: return "ATO"
    }
  }

  /// One-line description of the population.
  public var population: String {
    switch self {
    case .ate: return "all units"
    case .att: return "treated units"
    case .atc: return "control units"
    case .overlap: return "overlap-weighted units, weight e(x)(1 − e(x))"
    }
  }

  /// Parses "ate", "att", "atc", "overlap" (or "ato").
  public init(parsing s: String) throws {
    let k = s.lowercased()
    if k == "ato" {
      self = .overlap
      return
    }
    guard let t = EffectTarget(rawValue: k) else {
      let names = EffectTarget.allCases.map(\.rawValue)
      throw CausalError.invalidInput(
        "unknown target '\(s)'"
          + (closestMatch(to: s, among: names).map { " (did you mean '\($0)'?)" } ?? "")
          + "; choose one of " + names.map { "\"\($0)\"" }.joined(separator: ", "))
    }
    self = t
  }
}

/// An average treatment effect with its standard error, interval and the diagnostics of how it was obtained.
///
/// Sign convention: the effect is E[Y(1) − Y(0)] on the outcome (churn), so an intervention that lowers
/// churn has a negative effect; "churn reduction" is −effect.
public struct EffectEstimate: Sendable, Reportable {
  /// The estimate (value, SE, CI, n, p-value against zero, how the SE was obtained).
  public var estimate: Estimate
  /// The population averaged over.
  public var target: EffectTarget
  /// Estimator name, e.g. "AIPW (doubly robust)".
  public var method: String
  /// Settings and diagnostics (folds, learners, clipping counts, matched rows …) in display order.
  public var details: [Report.Field]
  /// Problems the reader must see (poor overlap, clipped propensities, weak instrument …).
  public var warnings: [String]
  /// Treated and control rows used.
  public var nTreated: Int
  public var nControl: Int
  /// Estimated mean outcome under control for the target population (E[Y(0)] for the ATE), used to
  /// convert the effect to a risk ratio for the E-value; nil when the estimator does not provide it.
  public var controlMean: Double?
  /// Per-row scores whose mean is the estimate (AIPW pseudo-outcomes Γᵢ, IPW terms), when meaningful.
  public var scores: [Double]?

  /// Creates a result.
  public init(
    estimate: Estimate, target: EffectTarget, method: String, details: [Report.Field] = [],
    warnings: [String] = [], nTreated: Int, nControl: Int, controlMean: Double? = nil,
    scores: [Double]? = nil
  ) {
    self.estimate = estimate
    self.target = target
    self.method = method
    self.details = details
    self.warnings = warnings
    self.nTreated = nTreated
    self.nControl = nControl
    self.controlMean = controlMean
    self.scores = scores
  }

  /// The point estimate.
  public var value: Double { estimate.value }
  /// Its standard error.
  public var se: Double { estimate.se }

  public var report: Report {
    var items: [Report.Item] = [.estimate(estimate)]
    var fields: [Report.Field] = [
      Report.Field("method", .string(method)),
      Report.Field("target", .string("\(target.label) (\(target.population))")),
      Report.Field("n", .int(nTreated + nControl)),
      Report.Field("treated", .int(nTreated)),
      Report.Field("control", .int(nControl)),
    ]
    if let m = estimate.method { fields.append(Report.Field("SE", .string(m))) }
    fields += details
    items.append(.fields(fields))
    items.append(
      .text(
        "effect = E[Y(1) − Y(0)] on the outcome; negative means the treatment lowers it "
          + "(churn reduction = −effect)"))
    for w in warnings { items.append(.warning(w)) }
    return Report(title: "\(target.label) by \(method)", items: items)
  }
}
