import Frame

// A notebook document as GitHub-flavoured Markdown: the title as `#`, the header facts as a list and
// the input files as a table, prose verbatim (its headings one level down, under the title), each
// cell as a fenced `churn` block followed by its outputs — frames and report tables as Markdown
// tables, printed text and terminal plots (Markdown cannot inline SVG portably) in fenced blocks,
// warnings and the error as fenced blocks under a bold label.

/// Renders a notebook document as Markdown.
public func renderNotebookMarkdown(_ doc: NotebookDocument, maxRows: Int = 20) -> String {
  var blocks: [String] = ["# " + doc.title]
  var facts = ["- script: `\(doc.sourceName)`", "- churn: \(doc.version)"]
  if !doc.parameters.isEmpty {
    facts.append("- parameters: " + doc.parameters.map { "`\($0.name) = \($0.value)`" }.joined(separator: ", "))
  }
  if !doc.seeds.isEmpty { facts.append("- seeds: " + doc.seeds.map { "`\($0)`" }.joined(separator: ", ")) }
  if doc.failed { facts.append("- status: **stopped at an error (exit status 1)**") }
  blocks.append(facts.joined(separator: "\n"))
  if !doc.inputs.isEmpty {
    var lines = ["| input file | rows | SHA-256 |", "| --- | ---: | --- |"]
    for i in doc.inputs { lines.append("| `\(i.path)` | \(i.rows) | `\(i.sha256)` |") }
    blocks.append(lines.joined(separator: "\n"))
  }
  for block in doc.blocks {
    switch block {
    case .prose(let md): blocks.append(demoteHeadings(md))
    case .cell(let cell):
      blocks.append(fenced(cell.source, info: "churn"))
      if !cell.ran { blocks.append("_Not run: an earlier statement failed._") }
      for output in cell.outputs { blocks.append(markdownOutput(output, maxRows: maxRows)) }
    }
  }
  return blocks.joined(separator: "\n\n") + "\n"
}

/// One cell output as Markdown.
func markdownOutput(_ output: NotebookOutput, maxRows: Int) -> String {
  switch output {
  case .text(let t): return fenced(t, info: "text")
  case .report(var r):
    let title = r.title
    r.title = ""
    let body = renderMarkdownReport(r, maxRows: maxRows)
    return title.isEmpty ? body : "**" + title + "**" + (body.isEmpty ? "" : "\n\n" + body)
  case .table(let df, let note):
    return (note.map { "**\($0)**\n\n" } ?? "") + renderMarkdownTable(df, maxRows: maxRows)
      + "\n\n_\(df.rowCount) rows x \(df.columnCount) columns_"
  case .plot(_, let text): return fenced(text, info: "text")
  case .warning(let w): return "**Warning**\n\n" + fenced(w, info: "text")
  case .error(let e): return "**Error**\n\n" + fenced(e, info: "text")
  }
}

/// `text` in a fenced block whose fence is longer than any backtick run inside it.
func fenced(_ text: String, info: String) -> String {
  var longest = 0, run = 0
  for ch in text {
    if ch == "`" {
      run += 1
      longest = max(longest, run)
    } else {
      run = 0
    }
  }
  let fence = String(repeating: "`", count: max(3, longest + 1))
  return fence + info + "\n" + text + "\n" + fence
}

/// Prose headings one level down (`#` becomes `##`), outside fenced code, so the title stays the only `#`.
func demoteHeadings(_ md: String) -> String {
  var inFence = false
  return md.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
    let t = line.drop { $0 == " " }
    if t.hasPrefix("```") || t.hasPrefix("~~~") {
      inFence.toggle()
      return String(line)
    }
    if !inFence, t.hasPrefix("#"), t.prefix(while: { $0 == "#" }).count < 6 { return "#" + t }
    return String(line)
  }.joined(separator: "\n")
}
