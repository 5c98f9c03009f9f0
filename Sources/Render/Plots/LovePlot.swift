// Love plots: covariate balance before and after weighting or matching, one row per covariate,
// with the conventional |SMD| = 0.1 guide (Austin 2009, "Balance diagnostics for comparing the
// distribution of baseline covariates between treatment groups in propensity-score matched samples"):
//
//     Covariate balance (|standardized mean difference|)
//                                                before    after
//     tenure          │        ┊          ●    ○  0.5123   0.4  ...
//     MonthlyCharges  │●       ┊   ○              0.2311   0.0081
//                     └┬───────┬───────┬──
//                      0      0.1     0.2
//     ○ before   ● after   ┊ |SMD| = 0.1
//
// By default absolute SMDs are drawn; with `absolute: false` signed values are drawn around a zero
// line with guides at ±0.1. The numbers at the right are the plotted values. Rows keep the
// caller's order; NaN values get no marker.

/// What to draw as a love plot.
public struct LovePlotSpec: Sendable {
  public var covariates: [String]
  /// Standardized mean differences before adjustment.
  public var before: [Double]
  /// Standardized mean differences after adjustment (weighting or matching).
  public var after: [Double]
  public var title: String?
  /// Plot |SMD| (default) rather than signed SMDs.
  public var absolute: Bool
  /// Position of the balance guide (0.1 by convention).
  public var threshold: Double
  public var beforeLabel: String
  public var afterLabel: String

  public init(
    covariates: [String], before: [Double], after: [Double], title: String? = nil, absolute: Bool = true,
    threshold: Double = 0.1, beforeLabel: String = "before", afterLabel: String = "after"
  ) {
    self.covariates = covariates
    self.before = before
    self.after = after
    self.title = title
    self.absolute = absolute
    self.threshold = threshold
    self.beforeLabel = beforeLabel
    self.afterLabel = afterLabel
  }

  /// Number of rows (the shortest of the three arrays).
  public var count: Int { min(covariates.count, before.count, after.count) }

  /// The plotted values (absolute when `absolute`).
  func shown(_ v: Double) -> Double { absolute ? abs(v) : v }

  /// The x axis: from 0 (or -max) to the largest value or guide, on nice ticks.
  func scale(ticks: Int) -> AxisScale {
    let vals = (before.prefix(count) + after.prefix(count)).map(shown).filter(\.isFinite)
    let t = threshold.isFinite ? abs(threshold) : 0.1
    let m = max(vals.map(abs).max() ?? 0, t * 1.5)
    let hi = m * 1.05
    return absolute
      ? niceScale(lo: 0, hi: hi, count: ticks, extend: false) : niceScale(lo: -hi, hi: hi, count: ticks, extend: false)
  }
}

/// A terminal love plot of standardized mean differences before and after adjustment.
public func lovePlot(
  covariates: [String], before: [Double], after: [Double], width: Int = 72,
  title: String? = "Covariate balance (|standardized mean difference|)",
  absolute: Bool = true, ascii: Bool = false
) -> String {
  lovePlot(
    LovePlotSpec(covariates: covariates, before: before, after: after, title: title, absolute: absolute),
    width: width, ascii: ascii)
}

/// A terminal love plot of `spec`, about `width` columns wide.
public func lovePlot(_ spec: LovePlotSpec, width: Int = 72, ascii: Bool = false) -> String {
  let g = Glyphs(ascii: ascii)
  var lines: [String] = []
  if let t = spec.title, !t.isEmpty { lines.append(t) }
  let n = spec.count
  if n == 0 { return (lines + ["(no covariates)"]).joined(separator: "\n") }
  let labels = spec.covariates.prefix(n).map { truncate(singleLine($0), width: 28, ellipsis: g.ellipsis) }
  let labelWidth = labels.reduce(0) { max($0, displayWidth($1)) }
  let bText = spec.before.prefix(n).map { formatNumber(spec.shown($0)) }
  let aText = spec.after.prefix(n).map { formatNumber(spec.shown($0)) }
  let bw = bText.reduce(displayWidth(spec.beforeLabel)) { max($0, displayWidth($1)) }
  let aw = aText.reduce(displayWidth(spec.afterLabel)) { max($0, displayWidth($1)) }
  let area = max(12, min(width, 1000) - labelWidth - bw - aw - 7)
  let scale = spec.scale(ticks: max(2, area / 10))
  let m = XYMapping(x: scale, y: scale, width: area, height: 1)
  let beforeMark: Character = ascii ? "o" : "○", afterMark: Character = ascii ? "*" : "●"
  let guideCols = (spec.absolute ? [abs(spec.threshold)] : [-abs(spec.threshold), abs(spec.threshold)])
    .filter { $0.isFinite && $0 >= scale.lo && $0 <= scale.hi }.map(m.column)
  let zeroCol = spec.absolute ? nil : m.column(0)
  lines.append(
    String(repeating: " ", count: labelWidth + area + 5) + padLeft(spec.beforeLabel, bw) + "  "
      + padLeft(spec.afterLabel, aw))
  for i in 0..<n {
    var row = TextCanvas(width: area, height: 1)
    for c in guideCols { row.set(c, 0, g.guide) }
    if let z = zeroCol { row.set(z, 0, g.vLine) }
    let b = spec.shown(spec.before[i]), a = spec.shown(spec.after[i])
    if b.isFinite { row.set(m.column(b), 0, beforeMark) }
    if a.isFinite { row.set(m.column(a), 0, afterMark) }
    lines.append(
      padRight(labels[i], labelWidth) + " " + String(g.vLine) + row.row(0) + "   "
        + padLeft(bText[i], bw) + "  " + padLeft(aText[i], aw))
  }
  let axis = xAxisLines(
    width: area, offset: labelWidth + 2, ticks: scale.ticks.map { (m.column($0), formatNumber($0)) }, glyphs: g)
  lines += axis
  let guideText =
    spec.absolute ? "|SMD| = " + formatNumber(abs(spec.threshold)) : "SMD = ±" + formatNumber(abs(spec.threshold))
  lines.append("\(beforeMark) \(spec.beforeLabel)   \(afterMark) \(spec.afterLabel)   \(g.guide) \(guideText)")
  return lines.joined(separator: "\n")
}
