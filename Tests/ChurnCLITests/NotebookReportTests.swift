import Foundation
import Testing

/// `churn run FILE --report OUT.html|OUT.md` and `--values OUT.json`: golden documents of a small script,
/// a failing script still gets its report, the document is self-contained and deterministic, and stdout
/// is the same with or without a report.
@Suite("Notebook reports", .serialized, .enabled(if: CLI.available, "no churn binary: build it or set CHURN_BIN"))
struct NotebookReportTests {
  static let golden = CLI.packageRoot.appendingPathComponent("Tests/ChurnCLITests/Golden")
  /// The fixtures are run by a path relative to the package root, so documents name them the same way everywhere.
  static let demo = "Tests/ChurnCLITests/Golden/notebook_demo.churn"
  static let failing = "Tests/ChurnCLITests/Golden/notebook_error.churn"

  func render(_ script: String, _ ext: String, extra: [String] = []) throws -> (CLI.Result, String) {
    let dir = try CLI.tempDir()
    let out = dir.appendingPathComponent("report.\(ext)").path
    let r = try CLI.run(["run", script, "--report", out] + extra)
    let text = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
    return (r, text)
  }

  func checkGolden(_ text: String, _ name: String) throws {
    let url = Self.golden.appendingPathComponent(name)
    if ProcessInfo.processInfo.environment["CHURN_UPDATE_GOLDEN"] == "1" {
      try text.write(to: url, atomically: true, encoding: .utf8)
      return
    }
    let expected = try String(contentsOf: url, encoding: .utf8)
    if text != expected {
      let a = text.split(separator: "\n", omittingEmptySubsequences: false)
      let b = expected.split(separator: "\n", omittingEmptySubsequences: false)
      let i = zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, b.count)
      Issue.record(
        "\(name) differs at line \(i + 1):\n  got:      \(i < a.count ? String(a[i]) : "<end>")\n  expected: \(i < b.count ? String(b[i]) : "<end>")"
      )
    }
  }

  @Test func htmlReportMatchesGolden() throws {
    let (r, html) = try render(Self.demo, "html")
    #expect(r.status == 0, "stderr: \(r.stderr)")
    try checkGolden(html, "notebook_demo.html")
  }

  @Test func markdownReportMatchesGolden() throws {
    let (r, md) = try render(Self.demo, "md")
    #expect(r.status == 0, "stderr: \(r.stderr)")
    try checkGolden(md, "notebook_demo.md")
  }

  @Test func reportIsByteIdenticalAcrossRunsAndStdoutUnchanged() throws {
    let (a, first) = try render(Self.demo, "html")
    let (_, second) = try render(Self.demo, "html")
    #expect(!first.isEmpty)
    #expect(first == second)
    let plain = try CLI.run(["run", Self.demo])
    #expect(plain.stdout == a.stdout)
    #expect(plain.stderr == a.stderr)
  }

  @Test func htmlHasNoExternalReferencesAndInlineSVG() throws {
    let (_, html) = try render(Self.demo, "html")
    let text = html.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "")
    for banned in ["<script", "<link", "@import", "url(", " src=", "<img", "http://", "https://"] {
      #expect(!text.contains(banned), "found \(banned)")
    }
    #expect(html.components(separatedBy: "<svg ").count == 2, "one inline plot")
    #expect(
      html.contains("<td><code>data/telco.csv</code></td><td class=\"num\">7043</td><td><code class=\"hash\">4781f2e0"))
  }

  @Test func failingScriptStillGetsItsReport() throws {
    let (r, html) = try render(Self.failing, "html")
    #expect(r.status == 1)
    #expect(r.stderr.contains("unknown column or variable 'tenur'"))
    #expect(html.contains("<pre class=\"diag error\">"))
    #expect(html.contains("unknown column or variable &apos;tenur&apos;"))
    #expect(html.contains("stopped at an error (exit status 1)"))
    #expect(html.contains("Not run: an earlier statement failed."))
    #expect(html.hasSuffix("</html>\n"))
    let (_, md) = try render(Self.failing, "md")
    #expect(md.contains("**Error**"))
  }

  @Test func badReportOptionsAreRefused() throws {
    let r = try CLI.run(["run", Self.demo, "--report", "out.pdf"])
    #expect(r.status == 1)
    #expect(r.stderr.contains("must end in .html or .md"))
    let dir = try CLI.tempDir()
    let missing = dir.appendingPathComponent("no/such/dir/r.html").path
    let w = try CLI.run(["run", Self.demo, "--report", missing])
    #expect(w.status == 1)
    #expect(w.stderr.contains("--report: cannot write"))
  }

  @Test func valuesFileHoldsNamedValuesAndPrintedResults() throws {
    let dir = try CLI.tempDir()
    let out = dir.appendingPathComponent("v.json").path
    let r = try CLI.run(["run", Self.demo, "--values", out])
    #expect(r.status == 0, "stderr: \(r.stderr)")
    let data = try Data(contentsOf: URL(fileURLWithPath: out))
    let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    let values = try #require(json["values"] as? [String: Any])
    let telco = try #require(values["telco"] as? [String: Any])
    #expect(telco["rows"] as? Int == 7043)
    let results = try #require(json["results"] as? [[String: Any]])
    let first = try #require(results.first)
    #expect(first["line"] as? Int == 8)
    #expect(first["type"] as? String == "frame")
  }
}
