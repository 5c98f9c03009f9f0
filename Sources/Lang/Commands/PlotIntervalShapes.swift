import Frame
import Render

/// Result frames that hold estimates with confidence intervals, drawn as forest plots by `plot`.
///
/// Recognized by their columns, first match wins:
/// - `predicted`, `actual`, `ci_low`, `ci_high` (`validate_effects`' groups): the actual effect of each
///   group of predicted effect with its interval, and the predicted effect as an open marker;
/// - `aipw`, `lo`, `hi` (`effect_segments`): each segment's doubly robust effect with its interval, and
///   the mean forest effect (`mean_tau`) as an open marker;
/// - an estimate column (`diff`, `estimate` or `prevented`) with `ci_low`/`ci_high` or `lo`/`hi`:
///   `ab_test`'s arms and segments, coefficient tables, `compare_policies`.
/// Rows are labelled by the frame's text columns joined with " · " (else `group`, else the row number).
enum IntervalShapes {
  /// The forest plot of `df`, or nil when it has no estimate with interval columns.
  static func spec(for df: DataFrame, title: String?) -> IntervalPlotSpec? {
    let names = Set(df.columnNames)
    let bounds: (String, String)
    if names.isSuperset(of: ["ci_low", "ci_high"]) {
      bounds = ("ci_low", "ci_high")
    } else if names.isSuperset(of: ["lo", "hi"]) {
      bounds = ("lo", "hi")
    } else {
      return nil
    }
    func doubles(_ n: String) -> [Double]? { (try? df.column(n))?.doubles() }
    guard let low = doubles(bounds.0), let high = doubles(bounds.1) else { return nil }
    if names.isSuperset(of: ["predicted", "actual"]), let actual = doubles("actual") {
      return IntervalPlotSpec(
        labels: labels(df), estimates: actual, low: low, high: high, compare: doubles("predicted"),
        title: title ?? "Predicted vs actual (experiment) effect by group of predicted effect",
        xLabel: "effect on the outcome", estimateLabel: "actual", intervalLabel: "CI",
        compareLabel: "predicted")
    }
    if let aipw = doubles("aipw") {
      return IntervalPlotSpec(
        labels: labels(df), estimates: aipw, low: low, high: high, compare: doubles("mean_tau"),
        title: title ?? "Effect by segment (doubly robust, with CI)", xLabel: "effect on the outcome",
        estimateLabel: "AIPW effect", intervalLabel: "CI", compareLabel: "mean forest effect")
    }
    for (column, heading) in [
      ("diff", "Difference from control"), ("estimate", "Estimates"), ("prevented", "Churn prevented"),
    ] {
      guard let est = doubles(column) else { continue }
      // Rows without an estimate (the control row of an A/B table) are not drawn.
      let keep = est.indices.filter { est[$0].isFinite }
      guard !keep.isEmpty else { return nil }
      let all = labels(df)
      return IntervalPlotSpec(
        labels: keep.map { all[$0] }, estimates: keep.map { est[$0] }, low: keep.map { low[$0] },
        high: keep.map { high[$0] }, title: title ?? heading + " with CI", xLabel: column,
        estimateLabel: column, intervalLabel: "CI")
    }
    return nil
  }

  /// Row labels: the text columns joined with " · ", else `group k`, else `row k`.
  static func labels(_ df: DataFrame) -> [String] {
    let text = df.columns.filter { $0.doubles() == nil }
    if !text.isEmpty {
      return (0..<df.rowCount).map { i in text.map { formatCell($0.value(at: i)) }.joined(separator: " · ") }
    }
    if let g = try? df.column("group") { return (0..<df.rowCount).map { "group " + formatCell(g.value(at: $0)) } }
    return (0..<df.rowCount).map { "row \($0 + 1)" }
  }
}
