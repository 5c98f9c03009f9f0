// A character grid that plots draw on, plus the shared axis frame of x-y plots (line, scatter).

/// A fixed-size grid of characters; row 0 is the top.
struct TextCanvas {
  let width: Int
  let height: Int
  private(set) var cells: [Character]

  init(width: Int, height: Int) {
    self.width = max(1, width)
    self.height = max(1, height)
    cells = Array(repeating: " ", count: self.width * self.height)
  }

  /// Sets the cell at column `x`, row `y` (ignored when outside the grid).
  mutating func set(_ x: Int, _ y: Int, _ ch: Character) {
    guard x >= 0, x < width, y >= 0, y < height else { return }
    cells[y * width + x] = ch
  }

  func get(_ x: Int, _ y: Int) -> Character {
    guard x >= 0, x < width, y >= 0, y < height else { return " " }
    return cells[y * width + x]
  }

  /// Draws a straight segment between two cells with `ch`, visiting every cell along the longer axis.
  mutating func line(from a: (Int, Int), to b: (Int, Int), _ ch: Character) {
    let dx = b.0 - a.0, dy = b.1 - a.1
    let steps = max(abs(dx), abs(dy))
    if steps == 0 {
      set(a.0, a.1, ch)
      return
    }
    for s in 0...steps {
      let t = Double(s) / Double(steps)
      set(a.0 + Int((Double(dx) * t).rounded()), a.1 + Int((Double(dy) * t).rounded()), ch)
    }
  }

  /// Row `y` as a string.
  func row(_ y: Int) -> String { String(cells[(y * width)..<((y + 1) * width)]) }
}

/// Maps data coordinates to canvas cells for an x-y plot.
struct XYMapping {
  let x: AxisScale
  let y: AxisScale
  let width: Int
  let height: Int

  func column(_ v: Double) -> Int {
    let c = Int((x.fraction(v) * Double(width - 1)).rounded())
    return max(0, min(width - 1, c))
  }

  func row(_ v: Double) -> Int {
    let r = height - 1 - Int((y.fraction(v) * Double(height - 1)).rounded())
    return max(0, min(height - 1, r))
  }
}

/// Lays out a canvas inside y-axis labels, an x axis with ticks and labels, and optional titles.
///
///     title
///     ↑ yLabel
///       1 ┤      ●●
///         │   ●●
///       0 ┤●●
///         └┬─────┬─────┬
///          0    0.5    1
///               xLabel →
func framedPlot(
  canvas: TextCanvas, mapping: XYMapping, title: String?, xLabel: String?, yLabel: String?,
  glyphs g: Glyphs
) -> [String] {
  var lines: [String] = []
  if let title, !title.isEmpty { lines.append(title) }
  var rowLabels = [String?](repeating: nil, count: canvas.height)
  for t in mapping.y.ticks {
    let r = mapping.row(t)
    if rowLabels[r] == nil { rowLabels[r] = formatNumber(t) }
  }
  let gutter = rowLabels.reduce(1) { max($0, displayWidth($1 ?? "")) }
  if let yLabel, !yLabel.isEmpty {
    lines.append(String(repeating: " ", count: gutter + 1) + (g.ascii ? "^ " : "↑ ") + yLabel)
  }
  for r in 0..<canvas.height {
    let label = padLeft(rowLabels[r] ?? "", gutter)
    lines.append(trimTrailingSpaces(label + " " + String(rowLabels[r] == nil ? g.vLine : g.yTick) + canvas.row(r)))
  }
  let tickCols = mapping.x.ticks.map { mapping.column($0) }
  lines += xAxisLines(
    width: canvas.width, offset: gutter + 2, ticks: Array(zip(tickCols, mapping.x.ticks.map(formatNumber))),
    glyphs: g)
  if let xLabel, !xLabel.isEmpty {
    let arrow = g.ascii ? " ->" : " →"
    let text = xLabel + arrow
    let start = gutter + 2 + max(0, (canvas.width - displayWidth(text)) / 2)
    lines.append(String(repeating: " ", count: start) + text)
  }
  return lines
}

/// The x-axis line (corner, rule, tick marks) and the tick-label line under it.
///
/// `offset` is the column where the plot area starts; the corner sits just left of it. Labels are
/// centred on their tick and skipped when they would touch the previous one.
func xAxisLines(width: Int, offset: Int, ticks: [(Int, String)], glyphs g: Glyphs) -> [String] {
  var rule = Array(repeating: g.hLine, count: width)
  for (c, _) in ticks where c >= 0 && c < width { rule[c] = g.xTick }
  let axis = String(repeating: " ", count: max(0, offset - 1)) + String(g.corner) + String(rule)
  var labelLine: [Character] = Array(repeating: " ", count: offset + width + 16)
  var nextFree = 0
  for (c, text) in ticks {
    let w = displayWidth(text)
    var start = offset + c - (w - 1) / 2
    start = max(start, 0)
    if start < nextFree { continue }
    let chars = Array(text)
    if start + chars.count > labelLine.count { continue }
    for (k, ch) in chars.enumerated() { labelLine[start + k] = ch }
    nextFree = start + w + 1
  }
  return [axis, trimTrailingSpaces(String(labelLine))]
}

/// A legend line: `● label   ○ label` (omitted by callers when there is a single unnamed series).
func legendLine(_ labels: [String], glyphs g: Glyphs) -> String {
  labels.enumerated().map { String(g.marker($0.offset)) + " " + $0.element }.joined(separator: "   ")
}

/// Legend entries joined by three spaces, broken into lines of at most `width` columns (an entry wider
/// than the width gets a line of its own).
func wrappedLegend(_ entries: [String], width: Int) -> [String] {
  var lines: [String] = []
  var current = ""
  for e in entries {
    if current.isEmpty {
      current = e
      continue
    }
    if displayWidth(current) + 3 + displayWidth(e) <= width {
      current += "   " + e
    } else {
      lines.append(current)
      current = e
    }
  }
  if !current.isEmpty { lines.append(current) }
  return lines
}
