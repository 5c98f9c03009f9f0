// SVG scatter plots: translucent dots per series, so overplotting shows as darker areas.

/// A standalone SVG scatter plot of `spec`, `width` x `height` pixels.
public func svgScatterPlot(_ spec: XYPlotSpec, width: Int = 640, height: Int = 400) -> String {
  svgXYPlot(spec, width: width, height: height, connect: false)
}

/// A standalone SVG scatter plot of several named series (same arguments as `scatterPlot`).
public func svgScatterPlot(
  series: [(label: String, x: [Double], y: [Double])], title: String? = nil, xLabel: String? = nil,
  yLabel: String? = nil, width: Int = 640, height: Int = 400
) -> String {
  svgScatterPlot(
    XYPlotSpec(
      series: series.map { XYSeries(label: $0.label, x: $0.x, y: $0.y) }, title: title,
      xLabel: xLabel, yLabel: yLabel), width: width, height: height)
}
