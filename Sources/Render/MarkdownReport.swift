import Frame

// Reports as GitHub-flavoured Markdown, for notebook-style reports:
//
//     ## Average treatment effect
//
//     | field | value |          (`.fields`: a two-column table, values right-aligned)
//     | ----- | ----: |
//
//     **ATE**: -0.1328 (SE 0.0088) [95% CI -0.1501, -0.1155]     (`.estimate`, via formatEstimate)
//
//     > **Warning:** 12 propensities below 0.01 were clipped
//
//     **Arms**                    (table title, then renderMarkdownTable with `maxRows`)
//
//     ```                          (`.preformatted`, fenced verbatim)
//
// Blocks are separated by blank lines; `.text` is written as a paragraph as given.

/// Renders a report as Markdown; tables longer than `maxRows` show head and tail.
public func renderMarkdownReport(_ r: Report, maxRows: Int? = 50) -> String {
  var blocks: [String] = []
  if !r.title.isEmpty { blocks.append("## " + r.title) }
  for item in r.items {
    switch item {
    case .text(let t): blocks.append(t)
    case .fields(let fs):
      guard !fs.isEmpty else { continue }
      let names = fs.map(\.name), values = fs.map { singleLine(formatCell($0.value)) }
      if let table = try? DataFrame(columns: [
        Column(name: "field", strings: names), Column(name: "value", strings: values),
      ]) {
        blocks.append(renderMarkdownTable(table))
      }
    case .table(let df, let title):
      blocks.append(
        (title.map { "**\($0)**\n\n" } ?? "") + renderMarkdownTable(df, maxRows: maxRows)
          + "\n\n_\(df.rowCount) rows x \(df.columnCount) columns_")
    case .estimate(let e):
      let line = formatEstimate(e)
      if !e.label.isEmpty, line.hasPrefix(e.label + ": ") {
        blocks.append("**\(e.label)**: " + line.dropFirst(e.label.count + 2))
      } else {
        blocks.append(line)
      }
    case .warning(let w): blocks.append("> **Warning:** " + w)
    case .preformatted(let p):
      let fence = p.contains("```") ? "~~~~" : "```"
      blocks.append(fence + "\n" + p + "\n" + fence)
    }
  }
  return blocks.joined(separator: "\n\n")
}
