// SVG histograms: series share the bins and are overlaid as translucent bars with an outline, so
// two distributions (churned vs retained) can be compared in one panel.

/// A standalone SVG histogram of `spec`, `width` x `height` pixels.
public func svgHistogram(_ spec: HistogramSpec, width: Int = 640, height: Int = 360) -> String {
  var doc = SVGDocument(width: width, height: height)
  let hb = HistogramBins(spec)
  let k = hb.edges.count - 1
  let yMax = hb.maxHeight(stat: spec.stat)
  let yScale = niceScale(lo: 0, hi: yMax > 0 ? yMax : 1, count: 5)
  let xScale = niceScale(lo: hb.edges[0], hi: hb.edges[k], count: 7, extend: false)
  let labels = spec.series.enumerated().map {
    seriesCaption(
      label: $0.element.label.isEmpty ? "series \($0.offset + 1)" : $0.element.label,
      n: hb.n[$0.offset], dropped: hb.dropped[$0.offset])
  }
  let legend = spec.series.count > 1 ? labels : []
  let frame = SVGFrame(
    doc: doc, x: AxisScale(lo: hb.edges[0], hi: hb.edges[k], ticks: xScale.ticks), y: yScale,
    title: spec.title != nil, xLabel: spec.xLabel != nil, yLabel: true,
    legendRows: legendRowCount(legend, width: doc.width))
  svgTitle(&doc, spec.title)
  svgLegend(
    &doc, entries: legend.enumerated().map { ($0.element, seriesColor($0.offset), false) },
    top: spec.title != nil ? 44 : 22)
  frame.drawAxes(&doc, xLabel: spec.xLabel, yLabel: spec.stat.rawValue, xGrid: false)
  let opacity = spec.series.count > 1 ? 0.45 : 0.8
  for s in spec.series.indices {
    let heights = hb.heights(s, stat: spec.stat)
    for i in 0..<k where heights[i] > 0 {
      let x0 = frame.px(hb.edges[i]), x1 = frame.px(hb.edges[i + 1])
      let y = frame.py(heights[i])
      doc.rect(
        x: x0, y: y, width: x1 - x0, height: frame.bottom - y, fill: seriesColor(s), opacity: opacity,
        stroke: seriesColor(s))
    }
  }
  return doc.render()
}

/// A standalone SVG histogram of several named series (same arguments as `histogramPlot`).
public func svgHistogram(
  series: [(label: String, values: [Double])], bins: Int = 20, title: String? = nil,
  stat: HistogramStat = .count, xLabel: String? = nil, width: Int = 640, height: Int = 360
) -> String {
  svgHistogram(
    HistogramSpec(
      series: series.map { ValueSeries(label: $0.label, values: $0.values) }, bins: bins,
      stat: stat, title: title, xLabel: xLabel), width: width, height: height)
}
