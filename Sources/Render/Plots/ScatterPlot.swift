import Foundation

// Terminal scatter plots, laid out like `linePlot`. Each cell shows the marker of the series with
// the most points in it (ties: the earlier series), so overplotting cannot hide a majority. A
// single series with more points than a third of the cells is drawn as a density instead:
// `░ ▒ ▓ █` (ASCII `. : o @`) by log(1 + count) relative to the fullest cell, with a key line.

/// A terminal scatter plot of several series.
public func scatterPlot(
  series: [(label: String, x: [Double], y: [Double])], width: Int = 72, height: Int = 20,
  title: String? = nil, xLabel: String? = nil, yLabel: String? = nil, ascii: Bool = false
) -> String {
  let spec = XYPlotSpec(
    series: series.map { XYSeries(label: $0.label, x: $0.x, y: $0.y) }, title: title,
    xLabel: xLabel, yLabel: yLabel)
  return scatterPlot(spec, width: width, height: height, ascii: ascii)
}

/// A terminal scatter plot of one unnamed series.
public func scatterPlot(
  x: [Double], y: [Double], width: Int = 72, height: Int = 20, title: String? = nil,
  xLabel: String? = nil, yLabel: String? = nil, ascii: Bool = false
) -> String {
  scatterPlot(
    series: [("", x, y)], width: width, height: height, title: title, xLabel: xLabel, yLabel: yLabel, ascii: ascii)
}

/// A terminal scatter plot of `spec`.
public func scatterPlot(_ spec: XYPlotSpec, width: Int = 72, height: Int = 20, ascii: Bool = false) -> String {
  xyPlot(spec, width: width, height: height, ascii: ascii, connect: false)
}

/// Draws the points of every series; returns true when a single dense series was shaded by density.
func drawPoints(_ spec: XYPlotSpec, mapping m: XYMapping, canvas: inout TextCanvas, glyphs g: Glyphs) -> Bool {
  let cells = m.width * m.height
  let k = spec.series.count
  guard k > 0 else { return false }
  var counts = [Int](repeating: 0, count: cells * k)
  var total = 0
  for (si, s) in spec.series.enumerated() {
    for i in 0..<s.count where s.x[i].isFinite && s.y[i].isFinite {
      counts[(m.row(s.y[i]) * m.width + m.column(s.x[i])) * k + si] += 1
      total += 1
    }
  }
  let dense = k == 1 && total > cells / 3
  let maxCount = dense ? (counts.max() ?? 1) : 1
  let shades: [Character] = g.ascii ? [".", ":", "o", "@"] : ["░", "▒", "▓", "█"]
  for cell in 0..<cells {
    var best = -1, bestCount = 0
    for si in 0..<k where counts[cell * k + si] > bestCount {
      best = si
      bestCount = counts[cell * k + si]
    }
    guard best >= 0 else { continue }
    let ch: Character
    if dense {
      let level = Int((4 * log(1 + Double(bestCount)) / log(1 + Double(maxCount))).rounded(.up))
      ch = shades[max(1, min(4, level)) - 1]
    } else {
      ch = g.marker(best)
    }
    canvas.set(cell % m.width, cell / m.width, ch)
  }
  return dense
}
