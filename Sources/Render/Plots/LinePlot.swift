// Terminal line plots for curves: ROC, precision-recall, calibration, TOC/Qini, learning curves.
// Each series is drawn with its own marker along straight segments between consecutive points
// (later series on top), over optional reference lines, inside labelled axes, with a legend:
//
//     ROC
//     ↑ true positive rate
//       1 ┤        ●●●●●●●●
//         │     ●●●     ·
//     0.5 ┤   ●●    ·
//         │  ●  ·
//       0 ┤●·
//         └┬───────┬───────┬
//          0      0.5      1
//          false positive rate →
//     ● model   · y = x

/// A terminal line plot of several series (see the layout above).
public func linePlot(
  series: [(label: String, x: [Double], y: [Double])], width: Int = 72, height: Int = 16,
  title: String? = nil, xLabel: String? = nil, yLabel: String? = nil, diagonal: Bool = false,
  ascii: Bool = false
) -> String {
  let spec = XYPlotSpec(
    series: series.map { XYSeries(label: $0.label, x: $0.x, y: $0.y) }, title: title,
    xLabel: xLabel, yLabel: yLabel, diagonal: diagonal)
  return linePlot(spec, width: width, height: height, ascii: ascii)
}

/// A terminal line plot of `spec`, about `width` columns wide with `height` plot rows.
public func linePlot(_ spec: XYPlotSpec, width: Int = 72, height: Int = 16, ascii: Bool = false) -> String {
  xyPlot(spec, width: width, height: height, ascii: ascii, connect: true)
}

/// Shared body of line and scatter plots.
func xyPlot(_ spec: XYPlotSpec, width: Int, height: Int, ascii: Bool, connect: Bool) -> String {
  let g = Glyphs(ascii: ascii)
  let h = max(3, min(height, 200))
  let (xs, ys) = spec.scales(xTicks: max(2, min(width, 1000) / 12), yTicks: max(2, h / 4 + 1))
  let gutter = (ys.ticks.map { displayWidth(formatNumber($0)) }.max() ?? 1)
  let w = max(8, min(width, 1000) - gutter - 2)
  let m = XYMapping(x: xs, y: ys, width: w, height: h)
  var canvas = TextCanvas(width: w, height: h)
  drawReferences(spec, mapping: m, canvas: &canvas, glyphs: g)
  var dense = false
  if connect {
    for (si, s) in spec.series.enumerated() {
      let mk = g.marker(si)
      var previous: (Int, Int)? = nil
      for i in 0..<s.count {
        guard s.x[i].isFinite, s.y[i].isFinite else {
          previous = nil
          continue
        }
        let p = (m.column(s.x[i]), m.row(s.y[i]))
        if let q = previous { canvas.line(from: q, to: p, mk) } else { canvas.set(p.0, p.1, mk) }
        previous = p
      }
    }
  } else {
    dense = drawPoints(spec, mapping: m, canvas: &canvas, glyphs: g)
  }
  var lines = framedPlot(
    canvas: canvas, mapping: m, title: spec.title, xLabel: spec.xLabel, yLabel: spec.yLabel, glyphs: g)
  var legend: [String] = []
  let named = spec.series.count > 1 || spec.series.contains { !$0.label.isEmpty }
  if named { legend.append(legendLine(spec.series.map(\.label), glyphs: g)) }
  if spec.diagonal { legend.append(String(g.dot) + " y = x") }
  if let y0 = spec.hline { legend.append(String(g.dot) + " y = " + formatNumber(y0)) }
  if dense { legend.append(ascii ? "(. : o @ = more points)" : "(░ ▒ ▓ █ = more points)") }
  if !legend.isEmpty { lines.append(legend.joined(separator: "   ")) }
  return lines.joined(separator: "\n")
}

/// Draws the diagonal and horizontal reference lines in dots, under the data.
func drawReferences(_ spec: XYPlotSpec, mapping m: XYMapping, canvas: inout TextCanvas, glyphs g: Glyphs) {
  if spec.diagonal {
    let lo = max(m.x.lo, m.y.lo), hi = min(m.x.hi, m.y.hi)
    if lo < hi {
      for c in 0..<m.width {
        let x = m.x.lo + (m.x.hi - m.x.lo) * Double(c) / Double(max(1, m.width - 1))
        if x >= lo && x <= hi { canvas.set(c, m.row(x), g.dot) }
      }
    }
  }
  if let y0 = spec.hline, y0 >= m.y.lo, y0 <= m.y.hi {
    let r = m.row(y0)
    for c in 0..<m.width { canvas.set(c, r, g.dot) }
  }
}
