import Frame
import Stats

/// Sample-ratio-mismatch (SRM) check: Pearson's χ² goodness of fit of the observed arm sizes against the planned
/// allocation, χ² = Σ (oᵢ − eᵢ)²/eᵢ with eᵢ = N πᵢ and k − 1 degrees of freedom (scipy.stats.chisquare).
///
/// A mismatch means the assignment or the logging is broken (a bug in the randomizer, bots filtered in one arm,
/// users lost on a redirect); the effect estimate is then not trustworthy. At p < 0.001 the check is ``alarming``
/// and every analysis prints a loud warning (Fabijan et al. 2019, "Diagnosing sample ratio mismatch").
public struct SampleRatioCheck: Sendable, Reportable {
  public var arms: [String]
  public var observed: [Int]
  /// Planned shares, normalized to sum to 1.
  public var planned: [Double]
  public var expected: [Double]
  public var chi2: Double
  public var df: Int
  public var pValue: Double
  /// The threshold below which the check fails (0.001).
  public static let threshold = 0.001

  /// True when p < 0.001.
  public var alarming: Bool { pValue < Self.threshold }

  /// The warning every analysis prints when ``alarming``.
  public var warning: String? {
    guard alarming else { return nil }
    let shares = zip(arms, observed).map { "\($0.0) \($0.1)" }.joined(separator: ", ")
    return
      "SAMPLE RATIO MISMATCH: arm sizes (\(shares)) differ from the planned allocation (χ² = \(roundedText(chi2)), "
      + "p = \(pText(pValue)) < 0.001). The assignment or the data pipeline is broken; do not trust the effect "
      + "estimates until the cause is found."
  }

  public var report: Report {
    let table = DataFrame.unchecked(
      columns: [
        Column(name: "arm", strings: arms),
        Column(name: "observed", ints: observed),
        Column(name: "planned share", floats: planned),
        Column(name: "expected", floats: expected),
      ], rowCount: arms.count)
    var items: [Report.Item] = [
      .table(table, title: nil),
      .fields([
        Report.Field("chi2", .float(chi2)), Report.Field("df", .int(df)), Report.Field("p_value", .float(pValue)),
      ]),
    ]
    if let w = warning {
      items.append(.warning(w))
    } else {
      items.append(.text("no sample ratio mismatch (p ≥ 0.001)"))
    }
    return Report(title: "Sample ratio check", items: items)
  }

  /// Runs the check. `planned` holds one positive weight per arm (any scale); nil means equal allocation.
  public static func run(arms: [String], observed: [Int], planned: [Double]? = nil) throws -> SampleRatioCheck {
    guard arms.count == observed.count, arms.count >= 2 else {
      throw ExperimentError.invalidInput("sample ratio check: needs at least two arms with one count each")
    }
    if let i = observed.firstIndex(where: { $0 < 0 }) {
      throw ExperimentError.invalidInput("sample ratio check: arm '\(arms[i])' has a negative count (\(observed[i]))")
    }
    let weights = planned ?? [Double](repeating: 1, count: arms.count)
    guard weights.count == arms.count else {
      throw ExperimentError.invalidInput(
        "sample ratio check: planned allocation has \(weights.count) shares for \(arms.count) arms "
          + "(\(arms.joined(separator: ", "))); give one share per arm")
    }
    guard weights.allSatisfy({ $0 > 0 && $0.isFinite }) else {
      throw ExperimentError.invalidInput("sample ratio check: planned shares must be positive numbers, got \(weights)")
    }
    if let i = observed.firstIndex(where: { $0 > maximumCount }) {
      throw ExperimentError.invalidInput(
        "sample ratio check: arm '\(arms[i])' has \(observed[i]) units; counts above 10^15 are not supported")
    }
    let total = observed.reduce(0, +)
    guard total > 0 else { throw ExperimentError.invalidInput("sample ratio check: every arm is empty") }
    let sumW = weights.reduce(0, +)
    let shares = weights.map { $0 / sumW }
    let expected = shares.map { $0 * Double(total) }
    var chi2 = 0.0
    for i in arms.indices {
      chi2 += (Double(observed[i]) - expected[i]) * (Double(observed[i]) - expected[i]) / expected[i]
    }
    let df = arms.count - 1
    return SampleRatioCheck(
      arms: arms, observed: observed, planned: shares, expected: expected, chi2: chi2, df: df,
      pValue: chiSquaredSF(chi2, df: Double(df)))
  }
}

/// A p-value for text: 6 significant digits, or "< 1e-300".
func pText(_ p: Double) -> String {
  if p < 1e-300 { return "< 1e-300" }
  if p < 1e-4 {
    var e = 0
    var m = p
    while m < 1 {
      m *= 10
      e += 1
    }
    return "\(roundedText((m * 1000).rounded() / 1000))e-\(e)"
  }
  return roundedText(p)
}
