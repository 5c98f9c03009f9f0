// Terminal histograms. Several series are drawn as stacked panels that share the bins, the x axis
// and the y scale, so shapes compare directly (e.g. tenure of churned vs retained customers):
//
//     Histogram of tenure
//     No (n=5)
//       2 ┤██
//         │██ █ ██
//       0 └┬─────────┬
//     Yes (n=3)
//       2 ┤█
//         │██
//       0 └┬─────────┬
//          0        10
//
// Bars use eighth-block characters for height (ASCII: `#`, with `.` for bars under half a row); a
// non-empty bin always shows at least its lowest mark. The tallest bar fills the panel; y ticks
// are nice values within the range, each labelling the row where a bar of that height ends. `height` is the number of rows in each
// panel's plot area; the bin count is reduced when the bins would not fit the width.
//
// With `overlay`, several series share one panel: each is drawn as the outline of its bars (a run of its
// marker across each bin at the bar's height), later series on top, with a legend of markers:
//
//     Histogram of tenure by Churn
//       0.2 ┤●●●
//           │   ●●●      ○○○
//           │○○○○○○●●●●●●●●●○○○
//         0 └┬─────────┬
//            0        10
//     ● Churn = No (n=5174)   ○ Churn = Yes (n=1869)

/// A terminal histogram of one or more series (see the layout above).
public func histogramPlot(
  series: [(label: String, values: [Double])], bins: Int = 20, width: Int = 72,
  height: Int = 8, title: String? = nil, stat: HistogramStat = .count,
  xLabel: String? = nil, ascii: Bool = false
) -> String {
  let spec = HistogramSpec(
    series: series.map { ValueSeries(label: $0.label, values: $0.values) }, bins: bins,
    stat: stat, title: title, xLabel: xLabel)
  return histogramPlot(spec, width: width, height: height, ascii: ascii)
}

/// A terminal histogram of `spec`, `width` columns wide with `height` rows per series panel.
public func histogramPlot(_ spec: HistogramSpec, width: Int = 72, height: Int = 8, ascii: Bool = false) -> String {
  let g = Glyphs(ascii: ascii)
  var lines: [String] = []
  if let t = spec.title, !t.isEmpty { lines.append(t) }
  if spec.series.isEmpty { return (lines + ["(no data)"]).joined(separator: "\n") }
  let h = max(1, min(height, 200))
  // Provisional gutter so the bins can be fitted to the width; the real one follows from the ticks.
  var fitted = spec
  let areaGuess = max(4, min(width, 1000) - 8)
  fitted.bins = max(1, min(spec.bins, 1000, areaGuess))
  let hb = HistogramBins(fitted)
  let k = hb.edges.count - 1
  let yMax = hb.maxHeight(stat: spec.stat)
  let yTicks = niceScale(lo: 0, hi: yMax > 0 ? yMax : 1, count: max(2, h / 2 + 1), extend: false).ticks
  let yScale = AxisScale(lo: 0, hi: yMax > 0 ? yMax : 1, ticks: yTicks)
  let tickRows = yTickRows(yScale, height: h)
  let gutter = max(displayWidth("0"), tickRows.reduce(0) { max($0, displayWidth($1.1)) })
  let area = max(k, min(width, 1000) - gutter - 2)
  let bw = max(1, area / k)
  let plotWidth = bw * k
  let ticks = niceScale(lo: hb.edges[0], hi: hb.edges[k], count: max(2, plotWidth / 10), extend: false).ticks
  let cols = ticks.map { t in
    max(
      0, min(plotWidth - 1, Int(((t - hb.edges[0]) / (hb.edges[k] - hb.edges[0]) * Double(plotWidth)).rounded(.down))))
  }
  let axis = xAxisLines(
    width: plotWidth, offset: gutter + 2, ticks: Array(zip(cols, ticks.map(formatNumber))), glyphs: g)
  let baseline = padLeft("0", gutter) + String(axis[0].dropFirst(gutter))
  if spec.overlay && spec.series.count > 1 {
    var canvas = TextCanvas(width: plotWidth, height: h)
    for s in spec.series.indices {
      for (i, v) in hb.heights(s, stat: spec.stat).enumerated() where v > 0 {
        let rows = max(1, Int((v / yScale.hi * Double(h)).rounded(.up)))
        for c in (i * bw)..<((i + 1) * bw) { canvas.set(c, h - min(h, rows), g.marker(s)) }
      }
    }
    for r in 0..<h {
      let label = tickRows.first { $0.0 == r }?.1
      lines.append(
        trimTrailingSpaces(
          padLeft(label ?? "", gutter) + " " + String(label == nil ? g.vLine : g.yTick) + canvas.row(r)))
    }
    lines += [baseline, axis[1]]
    appendCaptions(spec, &lines, gutter: gutter, plotWidth: plotWidth, ascii: ascii)
    lines += wrappedLegend(
      spec.series.indices.map {
        String(g.marker($0)) + " "
          + seriesCaption(label: spec.series[$0].label, n: hb.n[$0], dropped: hb.dropped[$0])
      },
      width: min(width, 1000))
    return lines.joined(separator: "\n")
  }
  for s in spec.series.indices {
    lines.append(seriesCaption(label: spec.series[s].label, n: hb.n[s], dropped: hb.dropped[s]))
    let heights = hb.heights(s, stat: spec.stat)
    let eighths = heights.map { v -> Int in
      guard v > 0 else { return 0 }
      return max(1, Int((v / yScale.hi * Double(h * 8)).rounded()))
    }
    for r in 0..<h {
      let label = tickRows.first { $0.0 == r }?.1
      var row = padLeft(label ?? "", gutter) + " " + String(label == nil ? g.vLine : g.yTick)
      let base = (h - 1 - r) * 8
      for i in 0..<k {
        let fill = max(0, min(8, eighths[i] - base))
        row += String(repeating: String(g.verticalCell(fill)), count: bw)
      }
      lines.append(trimTrailingSpaces(row))
    }
    lines.append(baseline)
    if s == spec.series.count - 1 { lines.append(axis[1]) }
  }
  appendCaptions(spec, &lines, gutter: gutter, plotWidth: plotWidth, ascii: ascii)
  return lines.joined(separator: "\n")
}

/// The x caption centred under the plot area and the note on what the bars show.
private func appendCaptions(_ spec: HistogramSpec, _ lines: inout [String], gutter: Int, plotWidth: Int, ascii: Bool) {
  if let x = spec.xLabel, !x.isEmpty {
    let text = x + (ascii ? " ->" : " →")
    lines.append(String(repeating: " ", count: gutter + 2 + max(0, (plotWidth - displayWidth(text)) / 2)) + text)
  }
  if spec.stat != .count { lines.append("(bars show \(spec.stat.rawValue))") }
}

/// The plot-area rows (0 = top) that carry a y tick label, for bars scaled to `scale.hi` over `height` rows.
///
/// A tick at value t labels the row where a bar of height t ends; zero is left to the baseline.
func yTickRows(_ scale: AxisScale, height: Int) -> [(Int, String)] {
  var out: [(Int, String)] = []
  for t in scale.ticks where t > 0 {
    let filled = Int((t / scale.hi * Double(height)).rounded(.up))
    let r = max(0, min(height - 1, height - filled))
    if !out.contains(where: { $0.0 == r }) { out.append((r, formatNumber(t))) }
  }
  return out
}
