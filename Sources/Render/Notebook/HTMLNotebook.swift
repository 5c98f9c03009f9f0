import Frame

// A notebook document as one self-contained HTML file:
//
//   <header>  title (the only <h1>), script, churn version, parameters, seeds, input files (name, rows, SHA-256)
//   <nav>     table of contents from the prose headings (when there are any)
//   <main>    prose blocks (Markdown → HTML) and code cells: the cell's source with its first line number,
//             then its outputs — text as <pre>, frames and report tables as scrolling <table>s, plots as
//             inline <svg>, warnings and the error (with their caret) in styled boxes
//
// No scripts, fonts, images or style sheets are referenced; the CSS is inline (responsive, with print
// rules). Nothing depends on the clock, so the same document gives the same bytes.

/// Renders a notebook document as a self-contained HTML page.
public func renderNotebookHTML(_ doc: NotebookDocument, maxRows: Int = 20) -> String {
  var out: [String] = [
    "<!DOCTYPE html>",
    "<html lang=\"en\">",
    "<head>",
    "<meta charset=\"utf-8\">",
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
    "<meta name=\"generator\" content=\"" + escapeHTML(doc.version) + "\">",
    "<title>" + escapeHTML(doc.title) + "</title>",
    "<style>", notebookCSS, "</style>",
    "</head>",
    "<body>",
    "<header>",
    "<h1>" + escapeHTML(doc.title) + "</h1>",
    notebookHeaderHTML(doc),
    "</header>",
  ]
  let headings = doc.headings
  if !headings.isEmpty {
    out.append("<nav class=\"toc\" aria-label=\"Contents\">")
    out.append("<p class=\"toc-title\">Contents</p>")
    out.append("<ul>")
    let top = headings.map(\.level).min() ?? 1
    for h in headings {
      out.append(
        "<li class=\"toc-l\(min(4, h.level - top + 1))\"><a href=\"#\(h.anchor)\">" + inlineMarkdownHTML(h.text)
          + "</a></li>")
    }
    out.append("</ul>")
    out.append("</nav>")
  }
  out.append("<main>")
  var slugs = SlugRegistry()
  for block in doc.blocks {
    switch block {
    case .prose(let md):
      out.append("<section class=\"prose\">")
      out.append(markdownToHTML(md, slugs: &slugs))
      out.append("</section>")
    case .cell(let cell):
      out.append(notebookCellHTML(cell, maxRows: maxRows))
    }
  }
  out.append("</main>")
  out.append(
    "<footer>Rendered by " + escapeHTML(doc.version) + " from " + escapeHTML(doc.sourceName)
      + (doc.failed ? " — the run stopped at an error." : ".") + "</footer>")
  out.append("</body>")
  out.append("</html>")
  return out.joined(separator: "\n") + "\n"
}

/// The header's facts: script, version, parameters, seeds and input files.
func notebookHeaderHTML(_ doc: NotebookDocument) -> String {
  var rows: [(String, String)] = [
    ("script", "<code>" + escapeHTML(doc.sourceName) + "</code>"),
    ("churn", escapeHTML(doc.version)),
  ]
  if !doc.parameters.isEmpty {
    rows.append(
      (
        "parameters",
        doc.parameters.map { "<code>" + escapeHTML($0.name + " = " + $0.value) + "</code>" }
          .joined(separator: ", ")
      ))
  }
  if !doc.seeds.isEmpty {
    rows.append(("seeds", doc.seeds.map { "<code>" + escapeHTML($0) + "</code>" }.joined(separator: ", ")))
  }
  if doc.failed { rows.append(("status", "<span class=\"bad\">stopped at an error (exit status 1)</span>")) }
  var html =
    "<dl class=\"meta\">\n" + rows.map { "<dt>\($0.0)</dt><dd>\($0.1)</dd>" }.joined(separator: "\n") + "\n</dl>"
  if !doc.inputs.isEmpty {
    html += "\n<div class=\"table\"><table class=\"inputs\"><caption>Input files</caption>"
    html += "<thead><tr><th>file</th><th class=\"num\">rows</th><th>SHA-256</th></tr></thead><tbody>\n"
    html += doc.inputs.map {
      "<tr><td><code>" + escapeHTML($0.path) + "</code></td><td class=\"num\">\($0.rows)</td><td><code class=\"hash\">"
        + escapeHTML($0.sha256) + "</code></td></tr>"
    }.joined(separator: "\n")
    html += "\n</tbody></table></div>"
  }
  return html
}

/// One code cell and its outputs.
func notebookCellHTML(_ cell: NotebookCell, maxRows: Int) -> String {
  var parts = ["<div class=\"cell" + (cell.ran ? "" : " not-run") + "\">"]
  parts.append(
    "<pre class=\"code\" data-line=\"\(cell.firstLine)\"><span class=\"ln\">line \(cell.firstLine)</span><code>"
      + highlightComments(cell.source) + "</code></pre>")
  if !cell.ran { parts.append("<p class=\"note\">Not run: an earlier statement failed.</p>") }
  for output in cell.outputs {
    switch output {
    case .text(let t): parts.append("<pre class=\"out\">" + escapeHTML(t) + "</pre>")
    case .report(let r): parts.append("<div class=\"result\">\n" + renderHTMLReport(r, maxRows: maxRows) + "\n</div>")
    case .table(let df, let note):
      parts.append("<div class=\"result\">\n" + renderHTMLTable(df, maxRows: maxRows, caption: note) + "\n</div>")
    case .plot(let svg, _): parts.append("<figure class=\"plot\">\n" + inlineSVG(svg) + "\n</figure>")
    case .warning(let w): parts.append("<pre class=\"diag warning\">" + escapeHTML(w) + "</pre>")
    case .error(let e): parts.append("<pre class=\"diag error\">" + escapeHTML(e) + "</pre>")
    }
  }
  parts.append("</div>")
  return parts.joined(separator: "\n")
}

/// A standalone SVG document made fit for inlining: any XML declaration is dropped, and the fixed size
/// gives way to the view box so the plot scales to the page.
func inlineSVG(_ svg: String) -> String {
  var s = Substring(svg)
  if s.hasPrefix("<?xml"), let end = s.firstIndex(of: ">") { s = s[s.index(after: end)...].drop { $0 == "\n" } }
  return String(s)
}

/// Escapes code and wraps `#` comments (outside strings) in `<span class="c">`.
func highlightComments(_ code: String) -> String {
  code.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
    var inString = false
    var escaped = false
    for (i, ch) in line.enumerated() {
      if inString {
        if escaped { escaped = false } else if ch == "\\" { escaped = true } else if ch == "\"" { inString = false }
      } else if ch == "\"" {
        inString = true
      } else if ch == "#" {
        let idx = line.index(line.startIndex, offsetBy: i)
        return escapeHTML(String(line[..<idx])) + "<span class=\"c\">" + escapeHTML(String(line[idx...])) + "</span>"
      }
    }
    return escapeHTML(String(line))
  }.joined(separator: "\n")
}
