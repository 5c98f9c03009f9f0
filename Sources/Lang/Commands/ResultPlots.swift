import Frame
import Render

/// Plots of result frames drawn from the frame itself: `roc m on s.test |> plot` with no columns named.
///
/// Each result shape churn produces has one sensible picture, recognized by its columns (checked in
/// this order):
///
/// | columns | result | picture |
/// |---|---|---|
/// | `fpr`, `tpr` | `roc` | ROC curve with the chance diagonal |
/// | `recall`, `precision` | `pr_curve` | precision–recall curve |
/// | `mean_predicted`, `observed_rate` | `calibration` | observed vs predicted churn with the diagonal (and the Wilson CI as dashed bounds when present) |
/// | `cum_share`, `cum_gain` | `lift` | cumulative gain with the random-targeting diagonal |
/// | `q`, `estimate` | `rate … .toc` | TOC curve with a zero line |
/// | `predicted`, `actual`, `ci_low`, `ci_high` | `validate_effects … .groups` | forest plot: actual effect per group with its CI, predicted effect as an open marker |
/// | `aipw`, `lo`, `hi` | `effect_segments` | forest plot: AIPW effect per segment with its CI, mean forest effect as an open marker |
/// | `feature`, `psi`, `flag` | `drift … .table` | PSI bars of the worst features with the watch (0.1) and drift (0.25) lines |
/// | an estimate (`diff`, `estimate` or `prevented`) with `ci_low`/`ci_high` or `lo`/`hi` | `ab_test` (per arm, per segment), coefficient tables, `compare_policies` | forest plot of the estimates with their intervals |
/// | `feature`, `importance` | `feature_importance` | bars, largest first |
/// | `effect` | `effects` | histogram of the estimated effects (CATE distribution) |
/// | `propensity` and `treatment` | a frame of propensity scores with its arm | overlaid histograms by arm (overlap) |
enum ResultPlots {
  /// The shapes recognized, for help and error messages.
  static let shapes =
    "roc (fpr, tpr), pr_curve (recall, precision), calibration (mean_predicted, observed_rate), "
    + "lift (cum_share, cum_gain), TOC (q, estimate), feature_importance (feature, importance), "
    + "effects (effect), propensity by arm (propensity, treatment), effect validation (predicted, actual, ci_low, ci_high), "
    + "effect segments (aipw, lo, hi), drift (feature, psi, flag), estimates with intervals (diff/estimate/prevented with "
    + "ci_low, ci_high or lo, hi)"

  /// The picture for a result frame, or nil when its columns match no known shape.
  static func kind(for df: DataFrame, title: String?) -> PlotKind? {
    let names = Set(df.columnNames)
    func doubles(_ n: String) -> [Double] { (try? df.column(n).doubles() ?? []) ?? [] }
    func curve(_ x: String, _ y: String, label: String) -> XYSeries {
      PlotCommands.xySeries(label: label, rows: Array(0..<df.rowCount), doubles(x), doubles(y), sort: true)
    }
    if names.isSuperset(of: ["fpr", "tpr"]) {
      return .line(
        XYPlotSpec(
          series: [curve("fpr", "tpr", label: "")], title: title ?? "ROC curve",
          xLabel: "false positive rate", yLabel: "true positive rate", diagonal: true))
    }
    if names.isSuperset(of: ["recall", "precision"]) {
      return .line(
        XYPlotSpec(
          series: [curve("recall", "precision", label: "")], title: title ?? "Precision–recall curve",
          xLabel: "recall", yLabel: "precision"))
    }
    if names.isSuperset(of: ["mean_predicted", "observed_rate"]) {
      var series = [curve("mean_predicted", "observed_rate", label: "observed")]
      if names.isSuperset(of: ["ci_low", "ci_high"]) {
        series.append(curve("mean_predicted", "ci_low", label: "95% CI low"))
        series.append(curve("mean_predicted", "ci_high", label: "95% CI high"))
      }
      return .line(
        XYPlotSpec(
          series: series, title: title ?? "Calibration: observed vs predicted",
          xLabel: "mean predicted probability", yLabel: "observed rate", diagonal: true))
    }
    if names.isSuperset(of: ["cum_share", "cum_gain"]) {
      return .line(
        XYPlotSpec(
          series: [curve("cum_share", "cum_gain", label: "model")], title: title ?? "Cumulative gain",
          xLabel: "share of customers contacted", yLabel: "share of churners caught", diagonal: true))
    }
    if names.isSuperset(of: ["q", "estimate"]) {
      return .line(
        XYPlotSpec(
          series: [curve("q", "estimate", label: "TOC")], title: title ?? "TOC: benefit among top q minus average",
          xLabel: "q (share treated, by priority)", yLabel: "TOC", hline: 0))
    }
    if let interval = IntervalShapes.spec(for: df, title: title) { return .interval(interval) }
    if names.isSuperset(of: ["feature", "psi", "flag"]) {
      let feature = try? df.column("feature"), flag = try? df.column("flag")
      let labels = (0..<df.rowCount).map {
        formatCell(feature?.value(at: $0) ?? .missing) + " (" + formatCell(flag?.value(at: $0) ?? .missing) + ")"
      }
      return .bar(
        BarPlotSpec(
          labels: Array(labels.prefix(30)), values: Array(doubles("psi").prefix(30)),
          title: title ?? "Population stability index, worst features", valueLabel: "PSI",
          guides: [PlotGuide(0.1, label: "watch: PSI"), PlotGuide(0.25, label: "drift: PSI")]))
    }
    if names.isSuperset(of: ["feature", "importance"]) {
      let feature = try? df.column("feature")
      let labels = (0..<df.rowCount).map { formatCell(feature?.value(at: $0) ?? .missing) }
      return .bar(
        BarPlotSpec(
          labels: Array(labels.prefix(30)), values: Array(doubles("importance").prefix(30)),
          title: title ?? "Feature importance"))
    }
    if names.contains("effect") {
      return .histogram(
        HistogramSpec(
          series: [ValueSeries(label: "", values: doubles("effect"))], bins: 30, stat: .count,
          title: title ?? "Distribution of estimated effects (CATE)", xLabel: "effect"))
    }
    if names.isSuperset(of: ["propensity", "treatment"]) {
      let p = doubles("propensity"), t = doubles("treatment")
      guard t.count == p.count else { return nil }
      let byArm = [
        ("control", p.indices.filter { t[$0] == 0 }.map { p[$0] }),
        ("treated", p.indices.filter { t[$0] == 1 }.map { p[$0] }),
      ]
      return .histogram(
        HistogramSpec(
          series: byArm.map { ValueSeries(label: $0.0, values: $0.1) }, bins: 25,
          stat: .proportion, title: title ?? "Propensity overlap by arm", xLabel: "propensity"))
    }
    return nil
  }
}
