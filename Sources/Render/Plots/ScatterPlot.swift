// Terminal scatter plots: one marker per series (later series drawn on top), axes and a legend,
// laid out like `linePlot`. With many points, cells simply show the last marker drawn there.

/// A terminal scatter plot of several series.
public func scatterPlot(series: [(label: String, x: [Double], y: [Double])], width: Int = 72, height: Int = 20,
                        title: String? = nil, xLabel: String? = nil, yLabel: String? = nil, ascii: Bool = false) -> String {
  let spec = XYPlotSpec(series: series.map { XYSeries(label: $0.label, x: $0.x, y: $0.y) }, title: title,
                        xLabel: xLabel, yLabel: yLabel)
  return scatterPlot(spec, width: width, height: height, ascii: ascii)
}

/// A terminal scatter plot of one unnamed series.
public func scatterPlot(x: [Double], y: [Double], width: Int = 72, height: Int = 20, title: String? = nil,
                        xLabel: String? = nil, yLabel: String? = nil, ascii: Bool = false) -> String {
  scatterPlot(series: [("", x, y)], width: width, height: height, title: title, xLabel: xLabel, yLabel: yLabel, ascii: ascii)
}

/// A terminal scatter plot of `spec`.
public func scatterPlot(_ spec: XYPlotSpec, width: Int = 72, height: Int = 20, ascii: Bool = false) -> String {
  xyPlot(spec, width: width, height: height, ascii: ascii, connect: false)
}
