import Frame
import Render
import Testing

@Suite("Table rendering")
struct TableRendererTests {
  func small() throws -> DataFrame {
    try DataFrame(columns: [
      Column(name: "id", strings: ["a", "bb", "ccc"]),
      Column(name: "tenure", ints: [1, 34, 2]),
      Column(name: "charges", floats: [29.85, nil, 1234.5]),
      Column(name: "churn", bools: [false, true, false]),
    ])
  }

  @Test func alignmentAndMissing() throws {
    let expected = """
      id   tenure  charges  churn
      ---  ------  -------  -----
      a         1    29.85  false
      bb       34       NA  true
      ccc       2  1234.5   false
      [3 rows x 4 columns]
      """
    #expect(renderTable(try small()) == expected)
  }

  @Test func typeRow() throws {
    let s = renderTable(try small(), style: TableStyle(showTypes: true, showShape: false))
    let lines = s.split(separator: "\n").map(String.init)
    #expect(lines[1] == "<str>   <int>  <float>  <bool>")
    #expect(lines.count == 6)
  }

  @Test func rowElision() throws {
    let df = try DataFrame(columns: [
      Column(name: "x", ints: Array(1...10)), Column(name: "y", strings: (1...10).map { "r\($0)" }),
    ])
    let expected = """
       x  y
      --  ---
       1  r1
       2  r2
       3  r3
       …  …
       9  r9
      10  r10
      [10 rows x 2 columns]
      """
    #expect(renderTable(df, style: TableStyle(maxRows: 5)) == expected)
    let ascii = renderTable(df, style: TableStyle(maxRows: 2, ascii: true))
    #expect(
      ascii == """
          x  y
        ---  ---
          1  r1
        ...  ...
         10  r10
        [10 rows x 2 columns]
        """)
  }

  /// A frame wider than the screen wraps into blocks that each repeat the first column; none is hidden.
  @Test func wideFrameWrapsIntoColumnBlocks() throws {
    let cols = (1...8).map { Column(name: "col\($0)", ints: [$0 * 100]) }
    let df = try DataFrame(columns: cols)
    let expected = """
      col1  col2  col3  col4
      ----  ----  ----  ----
       100   200   300   400

      col1  col5  col6  col7
      ----  ----  ----  ----
       100   500   600   700

      col1  col8
      ----  ----
       100   800
      [1 rows x 8 columns]
      """
    #expect(renderTable(df, style: TableStyle(maxWidth: 27)) == expected)
    for line in renderTable(df, style: TableStyle(maxWidth: 27)).split(separator: "\n") {
      #expect(displayWidth(String(line)) <= 27)
    }
  }

  @Test func emptyFrames() throws {
    #expect(renderTable(DataFrame()) == "[0 rows x 0 columns]")
    let df = try DataFrame(columns: [Column(name: "a", ints: [])])
    #expect(renderTable(df) == "a\n-\n[0 rows x 1 columns]")
  }

  @Test func longCellsAreCut() throws {
    let df = try DataFrame(columns: [Column(name: "t", strings: ["abcdefghijklmnop", "line\nbreak"])])
    #expect(renderTable(df, style: TableStyle(maxCellWidth: 8, showShape: false)) == "t\n--------\nabcdefg…\nline\\nb…")
  }

  @Test func decimalAlignment() throws {
    let df = try DataFrame(columns: [Column(name: "v", floats: [0.5, 12, 1.25, 1e-9])])
    #expect(
      renderTable(df, style: TableStyle(showShape: false)) == """
            v
        -----
         0.5
        12
         1.25
        1e-09
        """)
  }

  @Test func markdown() throws {
    let expected = """
      | id  | tenure | charges | churn |
      | --- | -----: | ------: | ----- |
      | a   |      1 |   29.85 | false |
      | bb  |     34 |      NA | true  |
      | ccc |      2 |  1234.5 | false |
      """
    #expect(renderMarkdownTable(try small()) == expected)
    let pipes = try DataFrame(columns: [Column(name: "a|b", strings: ["x|y"])])
    #expect(renderMarkdownTable(pipes) == "| a\\|b |\n| ---- |\n| x\\|y |")
  }
}
