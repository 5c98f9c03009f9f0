import Frame

// Aligned text tables for data frames.
//
// Layout (columns separated by two spaces, trailing spaces trimmed, no trailing newline):
//
//     customerID  tenure  MonthlyCharges  Churn
//     ----------  ------  --------------  -----
//     7590-VHVEG       1           29.85  No
//     5575-GNVDE      34           56.95  No
//     …                …               …  …
//     [7043 rows x 4 columns]
//
// - Numeric columns (float, int) are right-aligned, text and bool columns left-aligned; headers
//   follow their column. Float columns line up on the decimal point (fractional parts are padded
//   with spaces, never with invented zeros); missing values print as `NA`.
// - Frames longer than `style.maxRows` show the head and tail around a `…` row; a `…` row never
//   stands for a single row (a frame one row over the limit is shown whole).
// - Frames wider than `style.maxWidth` never hide a column: they wrap into blocks of columns, each
//   repeating the first (key) column, separated by a blank line, as pandas and R print a wide frame.
// - With `style.showTypes` a row of `<float>`/`<int>`/`<bool>`/`<str>` sits under the header. It is
//   off by default: the header plus alignment already tells numbers from text, and `describe`
//   reports types.

/// Renders `df` as an aligned text table with a shape line such as `[7043 rows x 21 columns]`.
public func renderTable(_ df: DataFrame, style: TableStyle = TableStyle()) -> String {
  let shape = "[\(df.rowCount) rows x \(df.columnCount) columns]"
  if df.columnCount == 0 { return style.showShape ? shape : "" }
  let plan = RowPlan(rowCount: df.rowCount, maxRows: style.maxRows)
  let cols = df.columns.map { TextColumn($0, plan: plan, style: style) }
  guard let blocks = columnBlocks(cols.map(\.width), maxWidth: style.maxWidth) else {
    var lines = tableLines(cols, plan: plan, style: style)
    if style.showShape { lines.append(shape) }
    return lines.joined(separator: "\n")
  }
  let parts = blocks.map { block in tableLines(([0] + block).map { cols[$0] }, plan: plan, style: style) }
  var lines = parts.enumerated().flatMap { i, block in i == 0 ? block : [""] + block }
  if style.showShape { lines.append(shape) }
  return lines.joined(separator: "\n")
}

/// The header, rule and row lines of a table over the columns `slots`.
func tableLines(_ slots: [TextColumn], plan: RowPlan, style: TableStyle) -> [String] {
  func line(_ cell: (TextColumn) -> String) -> String { trimTrailingSpaces(slots.map(cell).joined(separator: "  ")) }
  let e = style.ellipsis
  var lines: [String] = []
  lines.append(line { $0.align($0.header) })
  if style.showTypes { lines.append(line { $0.align($0.typeLabel) }) }
  lines.append(line { String(repeating: "-", count: $0.width) })
  for r in 0..<plan.shownCount {
    if r == plan.head && plan.elided { lines.append(line { $0.align(e) }) }
    lines.append(line { $0.align($0.cells[r]) })
  }
  if plan.elided && plan.shownCount == plan.head { lines.append(line { $0.align(e) }) }
  return lines
}

/// Splits the columns after the first into blocks that fit in `maxWidth` beside the first (key)
/// column, in order; nil when the whole table fits (or there is only one column). A column too wide
/// for any block gets a block of its own.
func columnBlocks(_ widths: [Int], maxWidth: Int) -> [[Int]]? {
  let n = widths.count
  guard n > 1, widths.reduce(0, +) + 2 * (n - 1) > maxWidth else { return nil }
  var blocks: [[Int]] = [[]]
  var used = widths[0]
  for i in 1..<n {
    if !blocks[blocks.count - 1].isEmpty && used + 2 + widths[i] > maxWidth {
      blocks.append([])
      used = widths[0]
    }
    blocks[blocks.count - 1].append(i)
    used += 2 + widths[i]
  }
  return blocks
}

/// Which rows a table shows: the first `head` and last `tail` rows, with a gap when `elided`.
struct RowPlan {
  let head: Int
  let tail: Int
  let rowCount: Int
  var elided: Bool { head + tail < rowCount }
  var shownCount: Int { head + tail }

  init(rowCount: Int, maxRows: Int) {
    self.rowCount = rowCount
    let m = max(0, maxRows)
    // A `…` row standing for one hidden row saves nothing: show that row instead.
    if rowCount <= m + 1 {
      head = rowCount
      tail = 0
    } else {
      head = (m + 1) / 2
      tail = m / 2
    }
  }

  /// The frame row shown at display position `r`.
  func row(_ r: Int) -> Int { r < head ? r : rowCount - tail + (r - head) }
}

/// One column's header and display cells, already formatted, with its width and alignment.
struct TextColumn {
  let header: String
  let typeLabel: String
  let cells: [String]
  let rightAligned: Bool
  let width: Int

  init(_ column: Column, plan: RowPlan, style: TableStyle) {
    let rows = (0..<plan.shownCount).map(plan.row)
    header = truncate(singleLine(column.name), width: max(1, style.maxCellWidth), ellipsis: style.ellipsis)
    typeLabel = column.isDate ? "<date>" : "<" + (column.type == .string ? "str" : column.type.rawValue) + ">"
    rightAligned = column.type == .float || column.type == .int
    var cells: [String]
    if column.type == .float {
      cells = distinguishingCells(
        rows.map { column.double(at: $0) }, digits: style.digits,
        pValues: isPValueColumn(column.name))
    } else {
      cells = rows.map { i in
        if column.isDate, case .int(let d) = column.value(at: i) { return CivilDate.format(d) }
        return formatCell(column.value(at: i), digits: style.digits)
      }
    }
    cells = cells.map { truncate(singleLine($0), width: max(1, style.maxCellWidth), ellipsis: style.ellipsis) }
    self.cells = cells
    var w = max(displayWidth(header), displayWidth(style.ellipsis))
    if style.showTypes { w = max(w, displayWidth(typeLabel)) }
    for c in cells { w = max(w, displayWidth(c)) }
    width = w
  }

  /// `s` padded to this column's width on the side its alignment asks for.
  func align(_ s: String) -> String { rightAligned ? padLeft(s, width) : padRight(s, width) }
}

/// Formats numbers so that right-aligned cells line up on the decimal point.
///
/// Each value is formatted by `formatNumber`; fixed-notation values get trailing spaces so their
/// fractional parts have equal width, and integer-valued ones are padded as if they had a point.
/// Scientific values, NaN, inf and missing (`NA`) are left as they are (right-aligned).
func decimalAligned(
  _ values: [Double?], digits: Int = DisplayPrecision.defaultDigits,
  pValues: Bool = false
) -> [String] {
  let texts = values.map { v in
    v.map { pValues ? formatPValueCell($0, significant: digits) : formatNumber($0, significant: digits) } ?? "NA"
  }
  func isFixed(_ s: String) -> Bool {
    s != "NA" && s != "NaN" && !s.hasSuffix("inf") && !s.contains("e")
  }
  var maxFrac = 0
  for s in texts where isFixed(s) {
    if let dot = s.firstIndex(of: ".") { maxFrac = max(maxFrac, s.distance(from: dot, to: s.endIndex) - 1) }
  }
  guard maxFrac > 0 else { return texts }
  return texts.map { s in
    guard isFixed(s) else { return s }
    guard let dot = s.firstIndex(of: ".") else { return s + String(repeating: " ", count: maxFrac + 1) }
    let frac = s.distance(from: dot, to: s.endIndex) - 1
    return s + String(repeating: " ", count: maxFrac - frac)
  }
}

/// Cells of a float column with at least `digits` significant digits, and more (up to
/// ``DisplayPrecision/scalarDigits``, 10) while two different shown values would print alike, so a table does
/// not show equal-looking numbers that differ in a meaningful digit. Values within a relative 1e-9 of each
/// other (collinear coefficients that differ by rounding) count as equal and never widen the table.
/// p-value columns are not widened (their small values print as a bound on purpose).
func distinguishingCells(_ values: [Double?], digits: Int, pValues: Bool) -> [String] {
  if pValues { return decimalAligned(values, digits: digits, pValues: true) }
  // Values within a relative 1e-9 of each other count as one (rounding noise, e.g. collinear coefficients).
  let sorted = values.compactMap { $0 }.filter { !$0.isNaN }.sorted()
  var distinct = sorted.isEmpty ? 0 : 1
  for (a, b) in zip(sorted, sorted.dropFirst()) where b - a > 1e-9 * max(abs(a), abs(b)) { distinct += 1 }
  var d = max(1, digits)
  while true {
    let cells = decimalAligned(values, digits: d, pValues: pValues)
    var texts = Set<Substring>()
    for (v, c) in zip(values, cells) where v.map({ !$0.isNaN }) ?? false {
      texts.insert(c[...].prefix { $0 != " " })
    }
    if texts.count >= distinct || d >= max(digits, DisplayPrecision.scalarDigits) { return cells }
    d += 1
  }
}
