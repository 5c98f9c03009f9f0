// Data of x-y plots (line and scatter), shared by the terminal and SVG renderers.

/// A named series of (x, y) points. Points where either coordinate is not finite are skipped;
/// a line is broken at them.
public struct XYSeries: Sendable {
  public var label: String
  public var x: [Double]
  public var y: [Double]
  public init(label: String, x: [Double], y: [Double]) {
    self.label = label
    self.x = x
    self.y = y
  }

  /// Number of points (the shorter of x and y).
  public var count: Int { min(x.count, y.count) }
}

/// What to draw as a line or scatter plot.
public struct XYPlotSpec: Sendable {
  public var series: [XYSeries]
  public var title: String?
  public var xLabel: String?
  public var yLabel: String?
  /// Fixed axis ranges; by default the finite data range widened to nice ticks.
  public var xRange: ClosedRange<Double>?
  public var yRange: ClosedRange<Double>?
  /// Draw the y = x diagonal (ROC and calibration curves).
  public var diagonal: Bool
  /// Draw a horizontal reference line at this y (e.g. 0).
  public var hline: Double?

  public init(
    series: [XYSeries], title: String? = nil, xLabel: String? = nil, yLabel: String? = nil,
    xRange: ClosedRange<Double>? = nil, yRange: ClosedRange<Double>? = nil, diagonal: Bool = false,
    hline: Double? = nil
  ) {
    self.series = series
    self.title = title
    self.xLabel = xLabel
    self.yLabel = yLabel
    self.xRange = xRange
    self.yRange = yRange
    self.diagonal = diagonal
    self.hline = hline
  }

  /// The x and y axes: fixed ranges when given (ticks inside), else the data range extended to nice ticks.
  func scales(xTicks: Int, yTicks: Int) -> (AxisScale, AxisScale) {
    func axis(_ fixed: ClosedRange<Double>?, _ data: [[Double]], _ extra: [Double], _ count: Int) -> AxisScale {
      if let r = fixed, r.lowerBound.isFinite, r.upperBound.isFinite {
        let s = niceScale(lo: r.lowerBound, hi: r.upperBound, count: count, extend: false)
        return AxisScale(lo: s.lo, hi: s.hi, ticks: s.ticks)
      }
      guard let (lo, hi) = finiteExtent(data + [extra]) else { return niceScale(lo: 0, hi: 1, count: count) }
      return niceScale(lo: lo, hi: hi, count: count)
    }
    let xs = series.map { Array($0.x.prefix($0.count)) }
    let ys = series.map { Array($0.y.prefix($0.count)) }
    return (axis(xRange, xs, [], xTicks), axis(yRange, ys, hline.map { [$0] } ?? [], yTicks))
  }
}
