import Frame

// Data frames and reports as HTML fragments for notebook reports. Numbers are formatted exactly as the
// terminal formats them (same column formatter); numeric columns are right-aligned (class `num`); long
// frames show head and tail around a `…` row, as in the terminal, with the shape in the caption.

/// An HTML table of `df` inside a horizontally scrolling wrapper; frames longer than `maxRows` show head
/// and tail. `caption` (escaped) goes above the shape line.
public func renderHTMLTable(_ df: DataFrame, maxRows: Int = 20, caption: String? = nil) -> String {
  let shape = "\(df.rowCount) rows × \(df.columnCount) columns"
  var style = TableStyle()
  style.maxCellWidth = 80
  let plan = RowPlan(rowCount: df.rowCount, maxRows: maxRows)
  let cols = df.columns.map { TextColumn($0, plan: plan, style: style) }
  func cls(_ c: TextColumn) -> String { c.rightAligned ? " class=\"num\"" : "" }
  var lines = ["<div class=\"table\"><table>"]
  if let caption { lines.append("<caption>" + escapeHTML(caption) + "</caption>") }
  lines.append(
    "<thead><tr>" + cols.map { "<th\(cls($0))>" + escapeHTML($0.header) + "</th>" }.joined() + "</tr></thead>")
  lines.append("<tbody>")
  func elision() -> String {
    "<tr class=\"elided\"><td colspan=\"\(max(1, cols.count))\">… \(plan.rowCount - plan.shownCount) more rows …</td></tr>"
  }
  for r in 0..<plan.shownCount {
    if r == plan.head && plan.elided { lines.append(elision()) }
    lines.append("<tr>" + cols.map { "<td\(cls($0))>" + escapeHTML($0.cells[r]) + "</td>" }.joined() + "</tr>")
  }
  if plan.elided && plan.shownCount == plan.head { lines.append(elision()) }
  lines.append("</tbody></table></div>")
  lines.append("<p class=\"shape\">" + escapeHTML(shape) + "</p>")
  return lines.joined(separator: "\n")
}

/// A report as HTML: title, fields as a two-column table, estimates, warnings (styled), tables, and
/// preformatted blocks (terminal plots) as `<pre>`.
public func renderHTMLReport(_ r: Report, maxRows: Int = 20) -> String {
  var parts: [String] = []
  if !r.title.isEmpty { parts.append("<p class=\"report-title\">" + escapeHTML(r.title) + "</p>") }
  for item in r.items {
    switch item {
    case .text(let t): parts.append("<pre class=\"out\">" + escapeHTML(t) + "</pre>")
    case .fields(let fs):
      guard !fs.isEmpty else { continue }
      let rows = fs.map { f in
        "<tr><th>" + escapeHTML(f.name) + "</th><td>" + escapeHTML(singleLine(formatCell(f.value))) + "</td></tr>"
      }
      parts.append(
        "<div class=\"table\"><table class=\"fields\"><tbody>\n" + rows.joined(separator: "\n")
          + "\n</tbody></table></div>")
    case .table(let df, let title):
      parts.append(renderHTMLTable(df, maxRows: maxRows, caption: title))
    case .estimate(let e): parts.append("<p class=\"estimate\">" + escapeHTML(formatEstimate(e)) + "</p>")
    case .warning(let w): parts.append("<div class=\"warning\"><strong>warning:</strong> " + escapeHTML(w) + "</div>")
    case .preformatted(let p): parts.append("<pre class=\"out\">" + escapeHTML(p) + "</pre>")
    }
  }
  return parts.joined(separator: "\n")
}
