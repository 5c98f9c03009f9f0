// SVG forest plots: one row per group, the interval as a line with end caps, the estimate as a
// filled circle, the optional second value as an open circle, a dashed reference line, value axis
// with ticks and caption, and a legend under the title.

/// A standalone SVG forest plot of `spec`; the height grows with the number of rows.
public func svgIntervalPlot(_ spec: IntervalPlotSpec, width: Int = 640) -> String {
  let n = spec.count
  let labels = spec.labels.prefix(n).map { truncate(singleLine($0), width: 40) }
  let rowHeight = 24.0
  let legendTop = spec.title != nil ? 44.0 : 22.0
  let top = legendTop + 14
  let height = Int(top + rowHeight * Double(max(1, n)) + (spec.xLabel != nil ? 48 : 30))
  var doc = SVGDocument(width: width, height: height)
  svgTitle(&doc, spec.title)
  let estimateColor = seriesColor(0), compareColor = seriesColor(1)
  var legend: [(label: String, color: String, dashed: Bool)] = [
    (spec.estimateLabel + " with " + spec.intervalLabel, estimateColor, false)
  ]
  if spec.compare != nil { legend.append((spec.compareLabel, compareColor, false)) }
  if let r = spec.reference { legend.append(("reference " + formatNumber(r), "#777777", true)) }
  svgLegend(&doc, entries: legend, top: legendTop)
  let scale = spec.scale(ticks: 6)
  let frame = SVGRowFrame(
    doc: doc, scale: scale, labelWidth: labels.map { svgTextWidth($0) }.max() ?? 0, top: top, rows: n,
    rowHeight: rowHeight)
  let left = frame.left, right = frame.right, bottom = frame.bottom
  func px(_ v: Double) -> Double { frame.px(v) }
  frame.drawTicks(&doc, marks: true)
  if let r = spec.reference, r.isFinite, r >= scale.lo, r <= scale.hi {
    doc.line(px(r), top, px(r), bottom, stroke: "#777777", dash: "4 3")
  }
  doc.line(left, bottom, right, bottom, stroke: "#555555")
  for i in 0..<n {
    let y = top + rowHeight * (Double(i) + 0.5)
    doc.text(labels[i], x: left - 8, y: y + 4, anchor: .end)
    let lo = spec.low[i], hi = spec.high[i]
    if lo.isFinite && hi.isFinite {
      doc.line(px(lo), y, px(hi), y, stroke: estimateColor, width: 2)
      doc.line(px(lo), y - 5, px(lo), y + 5, stroke: estimateColor, width: 2)
      doc.line(px(hi), y - 5, px(hi), y + 5, stroke: estimateColor, width: 2)
    }
    let p = spec.compareValue(i)
    if p.isFinite { doc.circle(px(p), y, r: 4.5, fill: "#ffffff", stroke: compareColor) }
    if spec.estimates[i].isFinite { doc.circle(px(spec.estimates[i]), y, r: 4.5, fill: estimateColor) }
  }
  if let x = spec.xLabel, !x.isEmpty { doc.text(x, x: (left + right) / 2, y: bottom + 36, anchor: .middle, size: 12) }
  return doc.render()
}
