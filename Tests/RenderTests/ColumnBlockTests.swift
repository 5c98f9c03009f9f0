import Testing

@testable import Frame
@testable import Render

/// Wide results wrap into column blocks instead of hiding columns; no `…` row stands for one row
/// (issue 11 item 10).
struct ColumnBlockTests {
  func wideFrame(rows: Int = 3, columns: Int = 12) -> DataFrame {
    var cols = [Column(name: "label", strings: (0..<rows).map { "row\($0)" })]
    for c in 0..<columns {
      cols.append(Column(name: "measure_\(c)", floats: (0..<rows).map { Double($0 * 100 + c) + 0.25 }))
    }
    return DataFrame.unchecked(columns: cols, rowCount: rows)
  }

  @Test func reportTablesWrapIntoBlocksAndHideNothing() {
    let df = wideFrame()
    let text = renderReport(Report(title: "wide", items: [.table(df, title: nil)]), style: TableStyle(maxWidth: 80))
    for c in df.columnNames { #expect(text.contains(c), "\(c) hidden:\n\(text)") }
    #expect(!text.contains("not shown"))
    for line in text.split(separator: "\n") { #expect(displayWidth(String(line)) <= 80, "too wide: \(line)") }
    // Every block repeats the key column.
    let headers = text.split(separator: "\n").filter { $0.hasPrefix("label") }
    #expect(headers.count >= 2, "\(text)")
  }

  /// A table that fits is one block: one header line, no blank separator line.
  @Test func narrowTablesAreOneBlock() {
    let text = renderTable(wideFrame(columns: 2), style: TableStyle(maxWidth: 80))
    #expect(text.split(separator: "\n").filter { $0.hasPrefix("label") }.count == 1, "\(text)")
    #expect(!text.contains("\n\n"), "\(text)")
  }

  /// A plain frame (not only a report's table) wraps the same way at 80 columns.
  @Test func plainFramesWrapToo() {
    let df = wideFrame()
    let text = renderTable(df, style: TableStyle(maxWidth: 80))
    for c in df.columnNames { #expect(text.contains(c), "\(c) hidden:\n\(text)") }
    for line in text.split(separator: "\n") { #expect(displayWidth(String(line)) <= 80, "too wide: \(line)") }
    #expect(text.split(separator: "\n").filter { $0.hasPrefix("label") }.count >= 2, "\(text)")
  }

  @Test func oneRowOverTheLimitIsShownNotElided() {
    let df = wideFrame(rows: 21, columns: 1)
    let text = renderTable(df, style: TableStyle(maxRows: 20))
    #expect(!text.contains("…"), "\(text)")
    #expect(text.contains("row10"))
    let longer = renderTable(wideFrame(rows: 22, columns: 1), style: TableStyle(maxRows: 20))
    #expect(longer.contains("…"))
  }
}
