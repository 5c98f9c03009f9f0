import Foundation
import Frame
import Testing

@testable import Render

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// Notebook documents rendered as HTML and Markdown.
@Suite("Notebook documents")
struct NotebookRenderTests {
  func sampleDocument() throws -> NotebookDocument {
    let df = try DataFrame(columns: [
      Column(name: "Contract", strings: ["Month-to-month", "One year"]),
      Column(name: "rate", floats: [0.4271, 0.1127]),
    ])
    let spec = XYPlotSpec(
      series: [XYSeries(label: "model", x: [0, 0.5, 1], y: [0, 0.8, 1])], title: "ROC",
      xLabel: "fpr", yLabel: "tpr", diagonal: true)
    let svg = svgLinePlot(spec)
    var report = Report(title: "Average treatment effect", items: [.fields([Report.Field("method", .string("AIPW"))])])
    report.items.append(.warning("12 propensities <0.01 were clipped"))
    return NotebookDocument(
      title: "Phase <1>", sourceName: "x.churn", version: "churn 0.1.0", parameters: [("data", "\"data/telco.csv\"")],
      seeds: ["42"],
      inputs: [NotebookInput(path: "data/telco.csv", rows: 7043, sha256: String(repeating: "ab", count: 32))],
      blocks: [
        .prose("# Load\nText with `code`."),
        .cell(NotebookCell(source: "# plain comment\ndf |> head 2", firstLine: 3, outputs: [.table(df, note: nil)])),
        .prose("## Plot"),
        .cell(
          NotebookCell(
            source: "roc |> plot", firstLine: 7, outputs: [.plot(svg: svg, text: "(terminal plot)"), .report(report)])),
        .cell(
          NotebookCell(
            source: "mean(x", firstLine: 9, outputs: [.error("x.churn:9:7: error: expected ')'\n mean(x\n      ^")])),
      ], failed: true)
  }

  @Test func htmlIsSelfContained() throws {
    let html = renderNotebookHTML(try sampleDocument())
    for banned in ["<script", "<link", "@import", "url(", " src=", "<img", "<iframe", "http://", "https://"] {
      // The SVG namespace URI is an identifier, not a reference: take it out before looking.
      let text = html.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "")
      #expect(!text.contains(banned), "found \(banned)")
    }
    #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
    #expect(html.contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"))
    #expect(html.contains("@media print"))
    #expect(html.contains("<title>Phase &lt;1&gt;</title>"))
  }

  @Test func htmlHasHeaderContentsCellsAndStyledDiagnostics() throws {
    let html = renderNotebookHTML(try sampleDocument())
    #expect(html.contains("<td><code>data/telco.csv</code></td><td class=\"num\">7043</td>"))
    #expect(html.contains("<dt>seeds</dt><dd><code>42</code></dd>"))
    #expect(html.contains("<li class=\"toc-l1\"><a href=\"#load\">Load</a></li>"))
    #expect(html.contains("<li class=\"toc-l2\"><a href=\"#plot\">Plot</a></li>"))
    #expect(html.contains("<h2 id=\"load\">Load</h2>"))
    #expect(html.contains("<span class=\"c\"># plain comment</span>\ndf |&gt; head 2"))
    #expect(html.contains("<th>Contract</th><th class=\"num\">rate</th>"))
    #expect(html.contains("<td>Month-to-month</td><td class=\"num\">0.4271</td>"))
    #expect(
      html.contains("<div class=\"warning\"><strong>warning:</strong> 12 propensities &lt;0.01 were clipped</div>"))
    #expect(
      html.contains("<pre class=\"diag error\">x.churn:9:7: error: expected &apos;)&apos;\n mean(x\n      ^</pre>"))
    #expect(html.contains("stopped at an error"))
  }

  /// The inline plot is the SVG element itself and parses as XML.
  @Test func inlinePlotIsWellFormedSVG() throws {
    let html = renderNotebookHTML(try sampleDocument())
    let start = try #require(html.range(of: "<svg "))
    let end = try #require(html.range(of: "</svg>"))
    let svg = String(html[start.lowerBound..<end.upperBound])
    let parser = XMLParser(data: Data(svg.utf8))
    #expect(parser.parse(), "\(String(describing: parser.parserError))")
  }

  @Test func markdownKeepsTablesAndFencesOutput() throws {
    let md = renderNotebookMarkdown(try sampleDocument())
    #expect(
      md.hasPrefix(
        "# Phase <1>\n\n- script: `x.churn`\n- churn: churn 0.1.0\n- parameters: `data = \"data/telco.csv\"`"))
    #expect(md.contains("\n## Load\nText with `code`.\n"))
    #expect(md.contains("```churn\n# plain comment\ndf |> head 2\n```"))
    #expect(md.contains("| Contract       |   rate |"))
    #expect(md.contains("```text\n(terminal plot)\n```"))
    #expect(md.contains("**Average treatment effect**"))
    #expect(md.contains("**Error**\n\n```text\nx.churn:9:7: error"))
  }

  @Test func renderingIsDeterministic() throws {
    #expect(renderNotebookHTML(try sampleDocument()) == renderNotebookHTML(try sampleDocument()))
  }

  @Test func fencesOutgrowBackticksInside() {
    #expect(fenced("a ``` b", info: "text") == "````text\na ``` b\n````")
  }
}
