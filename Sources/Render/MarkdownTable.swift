import Frame

// GitHub-flavoured Markdown tables. Cells are padded so the source reads as a table too; numeric
// columns get a right-alignment marker (`---:`), `|` in text is escaped as `\|`, missing values
// print as `NA`. No shape line is added.

/// Renders `df` as a GitHub-flavoured Markdown table with every row.
public func renderMarkdownTable(_ df: DataFrame) -> String {
  renderMarkdownTable(df, maxRows: nil)
}

/// Renders `df` as a Markdown table; with `maxRows`, longer frames show head and tail around a `…` row.
public func renderMarkdownTable(_ df: DataFrame, maxRows: Int?) -> String {
  if df.columnCount == 0 { return "" }
  let plan = RowPlan(rowCount: df.rowCount, maxRows: maxRows ?? df.rowCount)
  var style = TableStyle()
  style.maxCellWidth = Int.max / 4
  let cols = df.columns.map { TextColumn($0, plan: plan, style: style) }
  func escape(_ s: String) -> String { s.replacingAll("|", with: "\\|") }
  let widths = cols.map { c in
    max(3, c.cells.reduce(displayWidth(escape(c.header))) { max($0, displayWidth(escape($1))) })
  }
  func row(_ cell: (Int) -> String) -> String {
    "| "
      + cols.indices.map { i in
        let s = escape(cell(i))
        return cols[i].rightAligned ? padLeft(s, widths[i]) : padRight(s, widths[i])
      }.joined(separator: " | ") + " |"
  }
  var lines = [row { cols[$0].header }]
  lines.append(
    "|"
      + cols.indices.map { i in
        cols[i].rightAligned
          ? " " + String(repeating: "-", count: widths[i] - 1) + ": "
          : " " + String(repeating: "-", count: widths[i]) + " "
      }.joined(separator: "|") + "|")
  for r in 0..<plan.shownCount {
    if r == plan.head && plan.elided { lines.append(row { _ in "…" }) }
    lines.append(row { cols[$0].cells[r].trimmingTrailingSpaces() })
  }
  if plan.elided && plan.shownCount == plan.head { lines.append(row { _ in "…" }) }
  return lines.joined(separator: "\n")
}

extension String {
  /// Every occurrence of `target` replaced by `replacement` (no Foundation needed).
  func replacingAll(_ target: Character, with replacement: String) -> String {
    guard contains(target) else { return self }
    var out = ""
    for ch in self { if ch == target { out += replacement } else { out.append(ch) } }
    return out
  }

  /// The string without trailing spaces.
  func trimmingTrailingSpaces() -> String { trimTrailingSpaces(self) }
}
