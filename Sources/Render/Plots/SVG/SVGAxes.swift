// The plot frame shared by SVG charts with numeric axes: margins, grid lines, tick labels, axis
// titles, the chart title and a legend.

/// The drawing area of an SVG chart and its data-to-pixel mapping.
struct SVGFrame {
  let left: Double, top: Double, right: Double, bottom: Double
  let x: AxisScale
  let y: AxisScale

  var plotWidth: Double { right - left }
  var plotHeight: Double { bottom - top }

  func px(_ v: Double) -> Double { left + x.fraction(v) * plotWidth }
  func py(_ v: Double) -> Double { bottom - y.fraction(v) * plotHeight }
  /// Clamps a pixel point into the plot area (for values outside a fixed range).
  func clamped(_ p: (Double, Double)) -> (Double, Double) {
    (min(max(p.0, left), right), min(max(p.1, top), bottom))
  }

  /// A frame for a `doc`-sized chart whose y tick labels fit a left margin, with room for titles.
  init(doc: SVGDocument, x: AxisScale, y: AxisScale, title: Bool, xLabel: Bool, yLabel: Bool, legendRows: Int) {
    let labelWidth = y.ticks.map { svgTextWidth(formatNumber($0)) }.max() ?? 20
    left = 14 + labelWidth + (yLabel ? 18 : 0)
    right = doc.width - 20
    top = (title ? 34 : 14) + Double(legendRows) * 16 + (legendRows > 0 ? 8 : 0)
    bottom = doc.height - (xLabel ? 46 : 30)
    self.x = x
    self.y = y
  }

  /// Grid lines, axis lines, tick labels and axis titles.
  func drawAxes(_ doc: inout SVGDocument, xLabel: String?, yLabel: String?, xGrid: Bool = true, yGrid: Bool = true) {
    for t in y.ticks {
      let py = py(t)
      if yGrid { doc.line(left, py, right, py, stroke: "#e5e5e5") }
      doc.text(formatNumber(t), x: left - 6, y: py + 4, anchor: .end)
    }
    for t in x.ticks {
      let px = px(t)
      if xGrid { doc.line(px, top, px, bottom, stroke: "#e5e5e5") }
      doc.line(px, bottom, px, bottom + 4, stroke: "#555555")
      doc.text(formatNumber(t), x: px, y: bottom + 16, anchor: .middle)
    }
    doc.line(left, bottom, right, bottom, stroke: "#555555")
    doc.line(left, top, left, bottom, stroke: "#555555")
    if let xLabel, !xLabel.isEmpty {
      doc.text(xLabel, x: (left + right) / 2, y: bottom + 36, anchor: .middle, size: 12)
    }
    if let yLabel, !yLabel.isEmpty {
      doc.text(yLabel, x: 14, y: (top + bottom) / 2, anchor: .middle, size: 12, rotate: true)
    }
  }
}

/// Draws the chart title at the top left.
func svgTitle(_ doc: inout SVGDocument, _ title: String?) {
  if let title, !title.isEmpty { doc.text(title, x: 14, y: 22, size: 14, bold: true, color: "#111111") }
}

/// Draws legend entries (colour swatch + label) in rows under the title, wrapping at the chart width.
/// Returns nothing; `legendRowCount` predicts the rows so the frame can make room first.
func svgLegend(_ doc: inout SVGDocument, entries: [(label: String, color: String, dashed: Bool)], top: Double) {
  var x = 14.0, y = top
  for e in entries {
    let w = 26 + svgTextWidth(e.label)
    if x + w > doc.width - 14 && x > 14 {
      x = 14
      y += 16
    }
    doc.line(x, y - 4, x + 16, y - 4, stroke: e.color, width: 3, dash: e.dashed ? "4 3" : nil)
    doc.text(e.label, x: x + 20, y: y)
    x += w + 12
  }
}

/// Number of legend rows `svgLegend` will use for these labels at this chart width.
func legendRowCount(_ labels: [String], width: Double) -> Int {
  if labels.isEmpty { return 0 }
  var rows = 1
  var x = 14.0
  for l in labels {
    let w = 26 + svgTextWidth(l)
    if x + w > width - 14 && x > 14 {
      x = 14
      rows += 1
    }
    x += w + 12
  }
  return rows
}
