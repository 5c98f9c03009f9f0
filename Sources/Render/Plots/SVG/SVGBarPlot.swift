// SVG horizontal bar charts: labels on the left, bars from zero (negative values to the left of a
// zero line), the value printed at the end of each bar.

/// A standalone SVG horizontal bar chart of `spec`; the height grows with the number of bars.
public func svgBarPlot(_ spec: BarPlotSpec, width: Int = 640) -> String {
  let n = spec.count
  let labels = spec.labels.prefix(n).map { truncate(singleLine($0), width: 40) }
  let rowHeight = 22.0
  let guides = spec.drawnGuides
  let top = (spec.title != nil ? 40.0 : 16.0) + (guides.isEmpty ? 0 : 18)
  let height = Int(top + rowHeight * Double(max(1, n)) + 44)
  var doc = SVGDocument(width: width, height: height)
  svgTitle(&doc, spec.title)
  let guideColors = ["#777777", "#D55E00", "#000000"]
  svgLegend(
    &doc,
    entries: guides.enumerated().map {
      (
        $0.element.label + " = " + formatNumber($0.element.value),
        guideColors[$0.offset % guideColors.count], true
      )
    },
    top: spec.title != nil ? 44 : 22)
  let finite = spec.values.prefix(n).filter(\.isFinite)
  let lo = min(0, finite.min() ?? 0), hi = max(0, finite.max() ?? 1, guides.map(\.value).max() ?? 0)
  let scale = niceScale(lo: lo, hi: hi == lo ? lo + 1 : hi, count: 6)
  let labelWidth = labels.map { svgTextWidth($0) }.max() ?? 0
  let left = 14 + labelWidth + 8
  let valueRoom = (spec.values.prefix(n).map { svgTextWidth(formatNumber($0)) }.max() ?? 0) + 10
  let right = doc.width - 14 - valueRoom
  let bottom = top + rowHeight * Double(max(1, n))
  func px(_ v: Double) -> Double { left + scale.fraction(v) * (right - left) }
  for t in scale.ticks {
    doc.line(px(t), top, px(t), bottom, stroke: "#e5e5e5")
    doc.text(formatNumber(t), x: px(t), y: bottom + 16, anchor: .middle)
  }
  let zero = px(0)
  // Guides first, under the bars and their values.
  for (k, g) in guides.enumerated() where g.value >= scale.lo && g.value <= scale.hi {
    doc.line(px(g.value), top, px(g.value), bottom, stroke: guideColors[k % guideColors.count], width: 1.5, dash: "4 3")
  }
  let halo = !guides.isEmpty
  for i in 0..<n {
    let y = top + rowHeight * Double(i)
    doc.text(labels[i], x: left - 8, y: y + rowHeight / 2 + 4, anchor: .end)
    let v = spec.values[i]
    if v.isFinite {
      let x1 = px(v)
      doc.rect(
        x: min(zero, x1), y: y + 3, width: abs(x1 - zero), height: rowHeight - 6, fill: seriesColor(0), opacity: 0.85)
      let at = v >= 0 ? max(zero, x1) + 4 : max(zero, x1) + 4
      doc.text(formatNumber(v), x: at, y: y + rowHeight / 2 + 4, halo: halo)
    } else {
      doc.text(formatNumber(v), x: zero + 4, y: y + rowHeight / 2 + 4, halo: halo)
    }
  }
  doc.line(zero, top, zero, bottom, stroke: "#555555")
  if let v = spec.valueLabel, !v.isEmpty {
    doc.text(v, x: (left + right) / 2, y: bottom + 34, anchor: .middle, size: 12)
  }
  return doc.render()
}

/// A standalone SVG horizontal bar chart (same arguments as `barPlot`).
public func svgBarPlot(
  labels: [String], values: [Double], title: String? = nil, valueLabel: String? = nil,
  width: Int = 640
) -> String {
  svgBarPlot(BarPlotSpec(labels: labels, values: values, title: title, valueLabel: valueLabel), width: width)
}
