import Foundation
import Testing

@testable import Lang

/// How a script divides into prose blocks and code cells, and what a recorded run keeps.
@Suite("Notebook layout and recording")
struct NotebookLayoutTests {
  func layout(_ text: String) throws -> [ScriptLayout.Block] {
    let interp = Interpreter()
    let source = SourceFile(name: "t.churn", text: text)
    let program = try interp.parse(source)
    let lines = program.statements.map { s in
      source.location(of: s.span.start).line...source.location(of: max(s.span.start, s.span.end - 1)).line
    }
    return ScriptLayout(text: text, statementLines: lines).blocks
  }

  @Test func proseBlocksAndCellsWithTheirComments() throws {
    let text = """
      #' # Title
      #' First paragraph.
      #'
      #' Second.

      # plain comment
      let x = 1
      x + 1
      #' More prose.
      print [x,
        2]
      # trailing comment
      """
    #expect(
      try layout(text) == [
        .prose("# Title\nFirst paragraph.\n\nSecond."),
        .cell(source: "# plain comment\nlet x = 1", firstLine: 6, statements: [0]),
        .cell(source: "x + 1", firstLine: 8, statements: [1]),
        .prose("More prose."),
        .cell(source: "print [x,\n  2]", firstLine: 10, statements: [2]),
        .cell(source: "# trailing comment", firstLine: 12, statements: []),
      ])
  }

  @Test func multiLineStatementsAndPipesStayInOneCell() throws {
    let text = "let d = [1,\n  2]\nd\n  |> head 1\n"
    let blocks = try layout(text)
    #expect(blocks.count == 2)
    #expect(blocks.first == .cell(source: "let d = [1,\n  2]", firstLine: 1, statements: [0]))
  }

  @Test func blankProseLineBetweenProseBlocksKeepsParagraphs() throws {
    #expect(
      try layout("#' a\n\n#' b\nlet x = 1") == [
        .prose("a\n\nb"), .cell(source: "let x = 1", firstLine: 4, statements: [0]),
      ])
  }

  @Test func proseMarkerNeedsTheQuote() {
    #expect(proseText("#' hi") == "hi")
    #expect(proseText("  #'") == "")
    #expect(proseText("# hi") == nil)
    #expect(proseText("#'' x") == "' x")
  }

  @Test func seedsComeFromCodeNotComments() {
    let s = SourceFile(
      name: "t",
      text:
        "# seed: 9\nlet s = x |> split test: 0.3, seed: 42\nfit gbm y ~ a on s with seed: 7\nz(seed: 42)\nprint \"seed: 5\"\nf(seed: seed + 1, k: 2)"
    )
    #expect(scriptSeeds(s) == ["42", "7", "seed + 1"])
  }

  @Test func titleFromProseHeadingElseFirstCommentElseName() {
    #expect(notebookTitle(SourceFile(name: "a/b.churn", text: "# Phase 01 — EDA\nlet x = 1\n#' ## Later")) == "Later")
    #expect(notebookTitle(SourceFile(name: "a/b.churn", text: "# Phase 01 — EDA\nlet x = 1")) == "Phase 01 — EDA")
    #expect(notebookTitle(SourceFile(name: "a/b.churn", text: "let x = 1")) == "b.churn")
  }

  /// A recorded run keeps frames as tables, plots with their SVG, printed text, warnings and the error.
  @Test func recorderKeepsStructuredOutputs() throws {
    let interp = Interpreter()
    var printed: [String] = []
    interp.output = { printed.append($0) }
    let recorder = NotebookRecorder(interpreter: interp)
    let data = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("data/telco.csv").path
    let source = SourceFile(
      name: "t.churn",
      text: """
        #' # Demo
        let d = read_csv("\(data)") |> head 30
        d |> select tenure MonthlyCharges |> head 3
        d |> hist tenure bins: 5, width: 40
        print "hello"
        mean(d.nosuch)
        print "never"
        """)
    let program = try interp.parse(source)
    #expect(throws: LangError.self) { try recorder.run(program) }
    let doc = recorder.document(source: source, program: program)
    #expect(doc.title == "Demo")
    #expect(doc.failed)
    #expect(doc.inputs.count == 1)
    #expect(doc.inputs.first?.rows == 7043)
    #expect(doc.inputs.first?.sha256.count == 64)
    let cells = doc.blocks.compactMap { b -> NotebookCell? in if case .cell(let c) = b { return c } else { return nil }
    }
    try #require(cells.count == 6)
    if case .table(let df, _)? = cells[1].outputs.first {
      #expect(df.rowCount == 3)
    } else {
      Issue.record("no table: \(cells[1].outputs)")
    }
    if case .plot(let svg, let text)? = cells[2].outputs.first {
      #expect(svg.hasPrefix("<svg"))
      #expect(!text.isEmpty)
    } else {
      Issue.record("no plot")
    }
    if case .text("hello")? = cells[3].outputs.first {} else { Issue.record("no text") }
    if case .error(let e)? = cells[4].outputs.first {
      #expect(e.contains("t.churn:6:"))
    } else {
      Issue.record("no error")
    }
    #expect(cells[4].ran)
    #expect(!cells[5].ran)
    #expect(printed.contains("hello"))
  }
}
