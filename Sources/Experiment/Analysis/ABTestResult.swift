import Frame

/// The result of ``ABTest/run(_:outcome:arm:options:)``: one comparison per treatment arm, the sample-ratio
/// check, optional segments, and notes on dropped rows.
public struct ABTestResult: Sendable, Reportable {
  /// How the outcome was compared.
  public enum Kind: String, Sendable { case proportions, means }

  /// One treatment arm against the control.
  public struct Comparison: Sendable {
    public var arm: String
    public var proportions: TwoProportionTest?
    public var means: MeanComparison?
    /// Holm-adjusted p-value over all treatment arms (equal to `pValue` with one treatment arm).
    public var holmPValue: Double

    public var difference: Double { proportions?.difference ?? means?.difference ?? .nan }
    public var ciLow: Double { proportions?.waldLow ?? means?.ciLow ?? .nan }
    public var ciHigh: Double { proportions?.waldHigh ?? means?.ciHigh ?? .nan }
    public var pValue: Double { proportions?.pValue ?? means?.pValue ?? .nan }
    /// Rate or (adjusted) mean of the treatment arm and of the control.
    public var treatmentValue: Double { proportions?.rateTreatment ?? means?.mean.treatment ?? .nan }
    public var controlValue: Double { proportions?.rateControl ?? means?.mean.control ?? .nan }
    public var n: (treatment: Int, control: Int) { proportions.map { $0.trials } ?? means.map { $0.n } ?? (0, 0) }
    /// The comparison's own report.
    public var report: Report { proportions?.report ?? means?.report ?? Report(title: arm) }
  }

  public var outcome: String
  public var arm: String
  public var kind: Kind
  public var control: String
  public var comparisons: [Comparison]
  public var srm: SampleRatioCheck
  public var segments: DataFrame?
  public var segmentColumn: String?
  /// Rows in the frame and rows dropped for missing values.
  public var rows: Int
  public var dropped: Int
  public var notes: [String]

  /// The control first (size and rate or mean only), then one row per treatment arm: size, rate or mean,
  /// difference from the control, interval, p and Holm-adjusted p.
  public var table: DataFrame {
    let what = kind == .proportions ? "rate" : "mean"
    let first = comparisons.first
    func opt(_ v: [Double]) -> [Double?] { [nil] + v.map { Optional($0) } }
    return DataFrame.unchecked(
      columns: [
        Column(name: "arm", strings: [control] + comparisons.map(\.arm)),
        Column(name: "n", ints: [first?.n.control ?? 0] + comparisons.map(\.n.treatment)),
        Column(name: what, floats: [first?.controlValue ?? .nan] + comparisons.map(\.treatmentValue)),
        Column(name: "diff", floats: opt(comparisons.map(\.difference))),
        Column(name: "ci_low", floats: opt(comparisons.map(\.ciLow))),
        Column(name: "ci_high", floats: opt(comparisons.map(\.ciHigh))),
        Column(name: "p_value", floats: opt(comparisons.map(\.pValue))),
        Column(name: "p_holm", floats: opt(comparisons.map(\.holmPValue))),
      ], rowCount: comparisons.count + 1)
  }

  public var report: Report {
    var items: [Report.Item] = []
    if let w = srm.warning { items.append(.warning(w)) }
    if comparisons.count == 1, let only = comparisons.first {
      items += only.report.items
    } else {
      items.append(
        .table(
          table, title: "each arm against \(control) (p_holm: Holm-adjusted over \(comparisons.count) comparisons)"))
    }
    items.append(
      .fields([
        Report.Field(
          "sample ratio check",
          .string(
            "χ² = \(roundedText(srm.chi2)), df = \(srm.df), p = \(pText(srm.pValue))"
              + (srm.alarming ? " — MISMATCH" : " (ok)")))
      ]))
    if let segments {
      items.append(.table(segments, title: "by \(segmentColumn ?? "segment") (exploratory)"))
    }
    items += notes.map { .text($0) }
    let what =
      kind == .proportions ? "two proportions" : (comparisons.first?.means?.cuped != nil ? "Welch, CUPED" : "Welch")
    return Report(title: "A/B test: \(outcome) by \(arm), control '\(control)' (\(what))", items: items)
  }
}
