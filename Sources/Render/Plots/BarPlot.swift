// Horizontal terminal bar charts (importance, churn rate by group, counts by level):
//
//     Churn rate by contract
//     Month-to-month  ████████████████████████████████████▌  0.4271
//     One year        ███████████▎                           0.1127
//     Two year        ██▊                                    0.02832
//
// Bars are scaled so the longest fills the bar area; lengths use eighth-block characters. When
// some values are negative, a zero axis `│` splits the area in proportion to the largest negative
// and positive values, and bars are drawn in whole cells on both sides. NaN values get no bar.
// Guides (thresholds such as PSI 0.1 and 0.25) are drawn as dotted columns beyond the bars, with a
// legend line; the scale then reaches the largest guide.

/// A reference value drawn across a bar chart (a threshold), with its legend name.
public struct PlotGuide: Sendable, Equatable {
  public var value: Double
  public var label: String
  public init(_ value: Double, label: String) {
    self.value = value
    self.label = label
  }
}

/// What to draw as a bar chart.
public struct BarPlotSpec: Sendable {
  public var labels: [String]
  public var values: [Double]
  public var title: String?
  /// Axis caption for the values (used by the SVG variant).
  public var valueLabel: String?
  /// Threshold lines (drawn when every value is zero or more).
  public var guides: [PlotGuide]

  public init(
    labels: [String], values: [Double], title: String? = nil, valueLabel: String? = nil,
    guides: [PlotGuide] = []
  ) {
    self.labels = labels
    self.values = values
    self.title = title
    self.valueLabel = valueLabel
    self.guides = guides
  }

  /// The guides that can be drawn: finite and positive.
  var drawnGuides: [PlotGuide] { guides.filter { $0.value.isFinite && $0.value > 0 } }

  /// Number of bars (the shorter of labels and values).
  public var count: Int { min(labels.count, values.count) }
}

/// A horizontal terminal bar chart; each row shows label, bar and the value.
public func barPlot(
  labels: [String], values: [Double], width: Int = 72, title: String? = nil,
  ascii: Bool = false
) -> String {
  barPlot(BarPlotSpec(labels: labels, values: values, title: title), width: width, ascii: ascii)
}

/// A horizontal terminal bar chart of `spec`, about `width` columns wide.
public func barPlot(_ spec: BarPlotSpec, width: Int = 72, ascii: Bool = false) -> String {
  let g = Glyphs(ascii: ascii)
  var lines: [String] = []
  if let t = spec.title, !t.isEmpty { lines.append(t) }
  let n = spec.count
  if n == 0 { return (lines + ["(no data)"]).joined(separator: "\n") }
  let labels = spec.labels.prefix(n).map { truncate(singleLine($0), width: 30, ellipsis: g.ellipsis) }
  let texts = spec.values.prefix(n).map(formatNumber)
  let labelWidth = labels.reduce(0) { max($0, displayWidth($1)) }
  let valueWidth = texts.reduce(0) { max($0, displayWidth($1)) }
  let area = max(10, min(width, 1000) - labelWidth - valueWidth - 4)
  let finite = spec.values.prefix(n).filter(\.isFinite)
  let maxNeg = -(finite.filter { $0 < 0 }.min() ?? 0)
  let guides = maxNeg == 0 ? spec.drawnGuides : []
  let maxPos = max(finite.filter { $0 > 0 }.max() ?? 0, guides.map(\.value).max() ?? 0)
  let guideGlyphs: [Character] = ascii ? [":", "!", "|"] : ["┊", "┋", "║"]
  let guideCols = guides.map { min(area - 1, Int(($0.value / maxPos * Double(area)).rounded(.down))) }
  for i in 0..<n {
    let v = spec.values[i]
    var bar: String
    if maxNeg == 0 {
      bar = v.isFinite && maxPos > 0 ? horizontalBar(v / maxPos * Double(area), glyphs: g) : ""
      var cells = Array(padRight(bar, area))
      for (k, c) in guideCols.enumerated() where c < cells.count && cells[c] == " " {
        cells[c] = guideGlyphs[k % guideGlyphs.count]
      }
      bar = String(cells)
    } else {
      let negCells = max(1, Int((maxNeg / (maxNeg + maxPos) * Double(area - 1)).rounded()))
      let posCells = max(0, area - 1 - negCells)
      let scale = Double(negCells) / maxNeg
      let len = v.isFinite ? Int((abs(v) * scale).rounded()) : 0
      let left =
        v < 0
        ? String(repeating: " ", count: max(0, negCells - len))
          + String(repeating: String(g.full), count: min(len, negCells))
        : String(repeating: " ", count: negCells)
      let right = v > 0 ? String(repeating: String(g.full), count: min(len, posCells)) : ""
      bar = left + String(g.vLine) + padRight(right, posCells)
    }
    lines.append(
      trimTrailingSpaces(padRight(labels[i], labelWidth) + "  " + bar + "  " + padLeft(texts[i], valueWidth)))
  }
  if !guides.isEmpty {
    lines += wrappedLegend(
      guides.enumerated().map {
        "\(guideGlyphs[$0.offset % guideGlyphs.count]) \($0.element.label) = "
          + formatNumber($0.element.value)
      }, width: min(width, 1000))
  }
  return lines.joined(separator: "\n")
}

/// A bar `cells` cells long in eighth-block steps (ASCII: whole `#` cells, rounded).
func horizontalBar(_ cells: Double, glyphs g: Glyphs) -> String {
  guard cells.isFinite, cells > 0 else { return "" }
  if g.ascii { return String(repeating: "#", count: max(1, Int(cells.rounded()))) }
  let eighths = max(1, Int((cells * 8).rounded()))
  return String(repeating: String(g.full), count: eighths / 8)
    + (eighths % 8 > 0 ? String(g.horizontal[eighths % 8]) : "")
}
