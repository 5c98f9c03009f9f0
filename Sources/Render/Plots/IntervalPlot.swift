// Forest plots (interval plots): one row per group with its estimate and confidence interval, a
// dashed reference line (no effect), and optionally a second marker per row (e.g. the predicted
// effect beside the measured one):
//
//     Effect by segment (AIPW, 95% CI)
//                                                     estimate  95% CI
//     tenure [0, 12]    │  ├────●────┤ ┊                -0.083  [-0.12, -0.046]
//     tenure (12, 40]   │      ├──○●──┤                 -0.041  [-0.07, -0.012]
//                       └┬─────────┬──────────┬
//                      -0.1      -0.05        0
//                            effect on churn →
//     ● AIPW  ├─┤ 95% CI  ○ forest mean  ┊ 0
//
// Rows keep the caller's order. A row with a missing estimate shows no marker; a row with a
// missing bound shows no interval. The numbers at the right are the plotted estimate and interval to three
// significant digits (the full values are in the result's table).

/// What to draw as a forest (interval) plot.
public struct IntervalPlotSpec: Sendable {
  /// One label per row (segment, group, arm).
  public var labels: [String]
  /// The point estimates.
  public var estimates: [Double]
  /// Lower interval bounds.
  public var low: [Double]
  /// Upper interval bounds.
  public var high: [Double]
  /// A second value per row drawn as an open marker (e.g. the predicted effect); nil for none.
  public var compare: [Double]?
  public var title: String?
  /// Caption of the value axis.
  public var xLabel: String?
  /// Legend name of the estimate marker.
  public var estimateLabel: String
  /// Legend name of the interval (e.g. "95% CI").
  public var intervalLabel: String
  /// Legend name of the second marker.
  public var compareLabel: String
  /// A dashed reference line (0 = no effect); nil for none.
  public var reference: Double?

  public init(
    labels: [String], estimates: [Double], low: [Double], high: [Double], compare: [Double]? = nil,
    title: String? = nil, xLabel: String? = nil, estimateLabel: String = "estimate",
    intervalLabel: String = "95% CI", compareLabel: String = "predicted", reference: Double? = 0
  ) {
    self.labels = labels
    self.estimates = estimates
    self.low = low
    self.high = high
    self.compare = compare
    self.title = title
    self.xLabel = xLabel
    self.estimateLabel = estimateLabel
    self.intervalLabel = intervalLabel
    self.compareLabel = compareLabel
    self.reference = reference
  }

  /// Number of rows (the shortest of labels, estimates and bounds).
  public var count: Int { min(labels.count, estimates.count, low.count, high.count) }

  /// The second marker of row `i`, or NaN.
  func compareValue(_ i: Int) -> Double { compare.flatMap { i < $0.count ? $0[i] : nil } ?? .nan }

  /// The value axis: every finite estimate, bound, second marker and the reference, on nice ticks.
  func scale(ticks: Int) -> AxisScale {
    let n = count
    var values = Array(estimates.prefix(n)) + Array(low.prefix(n)) + Array(high.prefix(n))
    values += (0..<n).map(compareValue)
    if let r = reference { values.append(r) }
    guard let (lo, hi) = finiteExtent([values]) else { return niceScale(lo: 0, hi: 1, count: ticks) }
    // A tight axis (the data range and 4% either side) with nice ticks inside it, so the intervals use the width.
    let (a, b) = drawableRange(lo, hi)
    let pad = (b - a) * 0.04
    return niceScale(lo: a - pad, hi: b + pad, count: max(3, ticks), extend: false)
  }
}

/// A terminal forest plot of `spec`, about `width` columns wide (see the layout above).
public func intervalPlot(_ spec: IntervalPlotSpec, width: Int = 72, ascii: Bool = false) -> String {
  let g = Glyphs(ascii: ascii)
  var lines: [String] = []
  if let t = spec.title, !t.isEmpty { lines.append(t) }
  let n = spec.count
  if n == 0 { return (lines + ["(no rows)"]).joined(separator: "\n") }
  let w = min(width, 1000)
  let labels = spec.labels.prefix(n).map {
    truncate(singleLine($0), width: max(8, min(24, w / 3)), ellipsis: g.ellipsis)
  }
  let labelWidth = labels.reduce(0) { max($0, displayWidth($1)) }
  // The numbers at the right: estimate and interval, or the estimate alone, or none when the plot is narrow.
  // Three significant digits: enough to read an estimate and its interval, short enough to leave room to draw.
  func short(_ x: Double) -> String { formatNumber(x, significant: 3) }
  var estText = spec.estimates.prefix(n).map(short)
  var ciText = (0..<n).map { "[" + short(spec.low[$0]) + ", " + short(spec.high[$0]) + "]" }
  var ew = estText.reduce(displayWidth(spec.estimateLabel)) { max($0, displayWidth($1)) }
  var cw = ciText.reduce(displayWidth(spec.intervalLabel)) { max($0, displayWidth($1)) }
  if w - labelWidth - ew - cw - 7 < 12 {
    ciText = ciText.map { _ in "" }
    cw = 0
  }
  if w - labelWidth - ew - 7 < 12 {
    estText = estText.map { _ in "" }
    ew = 0
  }
  let area = max(12, w - labelWidth - ew - cw - 7)
  let scale = spec.scale(ticks: max(2, area / 12))
  let m = XYMapping(x: scale, y: scale, width: area, height: 1)
  let estimateMark: Character = ascii ? "*" : "●", compareMark: Character = ascii ? "o" : "○"
  let refCol = spec.reference.flatMap { $0.isFinite && $0 >= scale.lo && $0 <= scale.hi ? m.column($0) : nil }
  if ew > 0 {
    lines.append(
      String(repeating: " ", count: labelWidth + area + 5) + padLeft(spec.estimateLabel, ew)
        + (cw > 0 ? "  " + spec.intervalLabel : ""))
  }
  for i in 0..<n {
    var row = TextCanvas(width: area, height: 1)
    if let c = refCol { row.set(c, 0, g.guide) }
    let lo = spec.low[i], hi = spec.high[i]
    if lo.isFinite && hi.isFinite {
      let a = m.column(min(lo, hi)), b = m.column(max(lo, hi))
      for c in a...b { row.set(c, 0, g.hLine) }
      row.set(a, 0, ascii ? "|" : "├")
      row.set(b, 0, ascii ? "|" : "┤")
    }
    let p = spec.compareValue(i)
    if p.isFinite { row.set(m.column(p), 0, compareMark) }
    if spec.estimates[i].isFinite { row.set(m.column(spec.estimates[i]), 0, estimateMark) }
    lines.append(
      trimTrailingSpaces(
        padRight(labels[i], labelWidth) + " " + String(g.vLine) + row.row(0) + "   "
          + padLeft(estText[i], ew) + "  " + ciText[i]))
  }
  lines += xAxisLines(
    width: area, offset: labelWidth + 2, ticks: scale.ticks.map { (m.column($0), formatNumber($0)) }, glyphs: g)
  if let x = spec.xLabel, !x.isEmpty {
    let text = x + (ascii ? " ->" : " →")
    lines.append(String(repeating: " ", count: labelWidth + 2 + max(0, (area - displayWidth(text)) / 2)) + text)
  }
  var legend = ["\(estimateMark) \(spec.estimateLabel)", (ascii ? "|-|" : "├─┤") + " \(spec.intervalLabel)"]
  if spec.compare != nil { legend.append("\(compareMark) \(spec.compareLabel)") }
  if let r = spec.reference, refCol != nil { legend.append("\(g.guide) " + formatNumber(r)) }
  lines += wrappedLegend(legend, width: w)
  return lines.joined(separator: "\n")
}
