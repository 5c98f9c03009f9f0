// SVG line plots: one polyline per series (broken at non-finite points), optional dashed y = x
// diagonal and horizontal reference line, legend under the title.

/// A standalone SVG line plot of `spec`, `width` x `height` pixels.
public func svgLinePlot(_ spec: XYPlotSpec, width: Int = 640, height: Int = 400) -> String {
  svgXYPlot(spec, width: width, height: height, connect: true)
}

/// A standalone SVG line plot of several named series (same arguments as `linePlot`).
public func svgLinePlot(
  series: [(label: String, x: [Double], y: [Double])], title: String? = nil, xLabel: String? = nil,
  yLabel: String? = nil, diagonal: Bool = false, width: Int = 640, height: Int = 400
) -> String {
  svgLinePlot(
    XYPlotSpec(
      series: series.map { XYSeries(label: $0.label, x: $0.x, y: $0.y) }, title: title,
      xLabel: xLabel, yLabel: yLabel, diagonal: diagonal), width: width, height: height)
}

/// Shared body of SVG line and scatter plots.
func svgXYPlot(_ spec: XYPlotSpec, width: Int, height: Int, connect: Bool) -> String {
  var doc = SVGDocument(width: width, height: height)
  let (xs, ys) = spec.scales(xTicks: 7, yTicks: 6)
  var legend: [(label: String, color: String, dashed: Bool)] = []
  if spec.series.count > 1 || spec.series.contains(where: { !$0.label.isEmpty }) {
    legend = spec.series.enumerated().map { ($0.element.label, seriesColor($0.offset), false) }
  }
  if spec.diagonal { legend.append(("y = x", "#999999", true)) }
  if let y0 = spec.hline { legend.append(("y = " + formatNumber(y0), "#999999", true)) }
  let frame = SVGFrame(
    doc: doc, x: xs, y: ys, title: spec.title != nil, xLabel: spec.xLabel != nil,
    yLabel: spec.yLabel != nil, legendRows: legendRowCount(legend.map(\.label), width: doc.width))
  svgTitle(&doc, spec.title)
  svgLegend(&doc, entries: legend, top: spec.title != nil ? 44 : 22)
  frame.drawAxes(&doc, xLabel: spec.xLabel, yLabel: spec.yLabel)
  if spec.diagonal {
    let lo = max(xs.lo, ys.lo), hi = min(xs.hi, ys.hi)
    if lo < hi { doc.line(frame.px(lo), frame.py(lo), frame.px(hi), frame.py(hi), stroke: "#999999", dash: "4 3") }
  }
  if let y0 = spec.hline, y0 >= ys.lo, y0 <= ys.hi {
    doc.line(frame.left, frame.py(y0), frame.right, frame.py(y0), stroke: "#999999", dash: "4 3")
  }
  for (si, s) in spec.series.enumerated() {
    let color = seriesColor(si)
    var run: [(Double, Double)] = []
    for i in 0..<s.count {
      guard s.x[i].isFinite, s.y[i].isFinite else {
        if connect { doc.polyline(run, stroke: color) }
        run = []
        continue
      }
      let p = frame.clamped((frame.px(s.x[i]), frame.py(s.y[i])))
      if connect { run.append(p) } else { doc.circle(p.0, p.1, r: 2.5, fill: color, opacity: 0.6) }
    }
    if connect { doc.polyline(run, stroke: color) }
    if connect && run.count == 1 { doc.circle(run[0].0, run[0].1, r: 2.5, fill: color) }
  }
  return doc.render()
}
