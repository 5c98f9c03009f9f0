import Testing

@testable import Render

/// The Markdown subset of notebook prose, rendered to HTML.
@Suite("Markdown to HTML")
struct MarkdownHTMLTests {
  func html(_ md: String) -> String {
    var slugs = SlugRegistry()
    return markdownToHTML(md, slugs: &slugs)
  }

  @Test func headingsParagraphsAndLists() {
    let md = """
      # Phase 1: load
      Some *plain* text
      over two lines.

      - first `item`
      - second
        continued
      1. one
      2) two
      """
    #expect(
      html(md) == """
        <h2 id="phase-1-load">Phase 1: load</h2>
        <p>Some <em>plain</em> text
        over two lines.</p>
        <ul>
        <li>first <code>item</code></li>
        <li>second continued</li>
        </ul>
        <ol>
        <li>one</li>
        <li>two</li>
        </ol>
        """)
  }

  @Test func emphasisLeavesSnakeCaseAndArithmeticAlone() {
    #expect(inlineMarkdownHTML("true_effect and y_0 stay") == "true_effect and y_0 stay")
    #expect(inlineMarkdownHTML("2 * 3 * 4") == "2 * 3 * 4")
    #expect(inlineMarkdownHTML("**bold** and _it_ and *em*") == "<strong>bold</strong> and <em>it</em> and <em>em</em>")
  }

  @Test func codeSpansAreVerbatimAndEscaped() {
    #expect(inlineMarkdownHTML("run `a <- b * c_d`") == "run <code>a &lt;- b * c_d</code>")
  }

  @Test func rawHTMLIsEscapedNeverInterpreted() {
    #expect(
      html("<script>alert(1)</script> & \"q\"") == "<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot;</p>")
  }

  @Test func linksAndQuotes() {
    #expect(
      inlineMarkdownHTML("see [grf](https://grf-labs.github.io/grf/) now")
        == "see <a href=\"https://grf-labs.github.io/grf/\">grf</a> now")
    #expect(html("> note this") == "<blockquote><p>note this</p></blockquote>")
  }

  @Test func fencedCodeKeepsItsLines() {
    #expect(html("```\nlet x = <1>\n  y\n```\nafter") == "<pre><code>let x = &lt;1&gt;\n  y</code></pre>\n<p>after</p>")
    #expect(markdownHeadings("```\n# not a heading\n```\n## real").map(\.text) == ["real"])
  }

  @Test func anchorsAreUniqueAcrossADocument() {
    var slugs = SlugRegistry()
    #expect(slugs.unique("Results") == "results")
    #expect(slugs.unique("Results") == "results-2")
    #expect(slugs.unique("Ω") == "section")
    #expect(slugs.unique("A/B test — power") == "a-b-test-power")
  }

  @Test func ansiColourIsStripped() {
    #expect(stripANSI("\u{1B}[1;31merror:\u{1B}[0m bad") == "error: bad")
  }
}
