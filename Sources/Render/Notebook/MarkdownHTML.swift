// A small Markdown renderer for the prose of notebook reports (no dependencies, HTML-escaped):
//
//   # heading … ###### heading     -> <h2>…<h6> (the document title is the only <h1>), with anchors
//   paragraphs (lines joined; a blank line ends one)
//   - item / * item / + item        -> <ul>; 1. item / 1) item -> <ol> (continuation lines indented)
//   > quoted                        -> <blockquote>
//   ``` or ~~~ fenced code          -> <pre><code> (verbatim, escaped)
//   inline: `code`, **strong**, *em* / _em_ (only at word edges, so snake_case stays), [text](url)
//
// Raw HTML in prose is shown as text, never interpreted.

/// A heading found in Markdown prose.
public struct MarkdownHeading: Sendable, Equatable {
  /// 1 for `#`, 2 for `##`, …
  public var level: Int
  /// The heading's text (inline Markdown kept as written).
  public var text: String
  /// Its anchor in the HTML document (empty when not yet assigned).
  public var anchor: String
  /// A heading.
  public init(level: Int, text: String, anchor: String = "") {
    self.level = level
    self.text = text
    self.anchor = anchor
  }
}

/// The ATX headings of a Markdown text (outside fenced code), in order.
public func markdownHeadings(_ md: String) -> [MarkdownHeading] {
  markdownBlocks(md).compactMap {
    if case .heading(let l, let t) = $0 { return MarkdownHeading(level: l, text: t) } else { return nil }
  }
}

/// Renders Markdown prose as HTML; heading anchors come from `slugs` (shared across a document so they stay unique).
public func markdownToHTML(_ md: String, slugs: inout SlugRegistry) -> String {
  var out: [String] = []
  for block in markdownBlocks(md) {
    switch block {
    case .heading(let level, let text):
      let tag = "h\(min(6, level + 1))"
      out.append("<\(tag) id=\"\(slugs.unique(text))\">\(inlineMarkdownHTML(text))</\(tag)>")
    case .paragraph(let lines):
      out.append("<p>" + lines.map(inlineMarkdownHTML).joined(separator: "\n") + "</p>")
    case .quote(let lines):
      out.append("<blockquote><p>" + lines.map(inlineMarkdownHTML).joined(separator: "\n") + "</p></blockquote>")
    case .list(let ordered, let items):
      let tag = ordered ? "ol" : "ul"
      out.append(
        "<\(tag)>\n" + items.map { "<li>" + inlineMarkdownHTML($0) + "</li>" }.joined(separator: "\n") + "\n</\(tag)>")
    case .code(let text):
      out.append("<pre><code>" + escapeHTML(text) + "</code></pre>")
    }
  }
  return out.joined(separator: "\n")
}

/// Block structure of the Markdown subset.
enum MarkdownBlock: Equatable {
  case heading(Int, String)
  case paragraph([String])
  case quote([String])
  case list(ordered: Bool, items: [String])
  case code(String)
}

/// Splits Markdown into blocks (see the file comment for the subset).
func markdownBlocks(_ md: String) -> [MarkdownBlock] {
  let lines = md.split(separator: "\n", omittingEmptySubsequences: false).map { String($0).trimmingTrailingSpaces() }
  var blocks: [MarkdownBlock] = []
  var para: [String] = []
  var quote: [String] = []
  var items: [String] = []
  var ordered = false
  func flush() {
    if !para.isEmpty {
      blocks.append(.paragraph(para))
      para = []
    }
    if !quote.isEmpty {
      blocks.append(.quote(quote))
      quote = []
    }
    if !items.isEmpty {
      blocks.append(.list(ordered: ordered, items: items))
      items = []
    }
  }
  var i = 0
  while i < lines.count {
    let line = lines[i]
    let t = line.drop { $0 == " " }
    if t.hasPrefix("```") || t.hasPrefix("~~~") {
      flush()
      let fence = String(t.prefix(3))
      var code: [String] = []
      i += 1
      while i < lines.count, !lines[i].drop(while: { $0 == " " }).hasPrefix(fence) {
        code.append(lines[i])
        i += 1
      }
      blocks.append(.code(code.joined(separator: "\n")))
      i += 1
      continue
    }
    if t.isEmpty {
      flush()
      i += 1
      continue
    }
    if let (level, text) = headingLine(String(t)) {
      flush()
      blocks.append(.heading(level, text))
    } else if t.hasPrefix(">") {
      if !para.isEmpty || !items.isEmpty { flush() }
      quote.append(String(t.dropFirst().drop { $0 == " " }))
    } else if let (isOrdered, text) = listItemLine(String(t)) {
      if !para.isEmpty || !quote.isEmpty || (!items.isEmpty && ordered != isOrdered) { flush() }
      ordered = isOrdered
      items.append(text)
    } else if !items.isEmpty && line.hasPrefix("  ") {
      items[items.count - 1] += " " + t
    } else if !quote.isEmpty {
      quote.append(String(t))
    } else {
      if !items.isEmpty { flush() }
      para.append(String(t))
    }
    i += 1
  }
  flush()
  return blocks
}

private func headingLine(_ t: String) -> (Int, String)? {
  let hashes = t.prefix { $0 == "#" }.count
  guard (1...6).contains(hashes) else { return nil }
  let rest = t.dropFirst(hashes)
  guard rest.isEmpty || rest.first == " " else { return nil }
  var text = rest.drop { $0 == " " }
  while text.last == "#" || text.last == " " { text = text.dropLast() }
  return (hashes, String(text))
}

private func listItemLine(_ t: String) -> (Bool, String)? {
  if let f = t.first, f == "-" || f == "*" || f == "+", t.dropFirst().first == " " {
    return (false, String(t.dropFirst(2).drop { $0 == " " }))
  }
  let digits = t.prefix { $0.isASCII && $0.isNumber }
  guard !digits.isEmpty, digits.count <= 9 else { return nil }
  let rest = t.dropFirst(digits.count)
  guard let m = rest.first, m == "." || m == ")", rest.dropFirst().first == " " else { return nil }
  return (true, String(rest.dropFirst(2).drop { $0 == " " }))
}

/// Renders inline Markdown (code spans, strong, emphasis, links) as escaped HTML.
public func inlineMarkdownHTML(_ text: String) -> String {
  // Code spans first: text between backticks is verbatim.
  var out = ""
  var rest = Substring(text)
  while let open = rest.firstIndex(of: "`") {
    let after = rest.index(after: open)
    guard let close = rest[after...].firstIndex(of: "`") else { break }
    out += inlineSpans(String(rest[..<open]))
    out += "<code>" + escapeHTML(String(rest[after..<close])) + "</code>"
    rest = rest[rest.index(after: close)...]
  }
  return out + inlineSpans(String(rest))
}

/// Links, strong and emphasis in text without code spans.
private func inlineSpans(_ text: String) -> String {
  var out = ""
  var rest = Substring(text)
  // Links: [label](url)
  while let open = rest.firstIndex(of: "[") {
    guard let closeLabel = rest[open...].firstIndex(of: "]"),
      rest.index(after: closeLabel) < rest.endIndex, rest[rest.index(after: closeLabel)] == "(",
      let closeURL = rest[closeLabel...].firstIndex(of: ")")
    else { break }
    let label = rest[rest.index(after: open)..<closeLabel]
    let url = rest[rest.index(closeLabel, offsetBy: 2)..<closeURL]
    out += emphasis(escapeHTML(String(rest[..<open])))
    out += "<a href=\"" + escapeHTML(String(url)) + "\">" + emphasis(escapeHTML(String(label))) + "</a>"
    rest = rest[rest.index(after: closeURL)...]
  }
  return out + emphasis(escapeHTML(String(rest)))
}

/// `**strong**`, then `*em*` and `_em_`; a marker opens only before a non-space and closes only after one,
/// and `_` only at word edges (so `true_effect` is left alone).
private func emphasis(_ s: String) -> String {
  var t = replacePairs(s, marker: "**", tag: "strong", wordEdges: false)
  t = replacePairs(t, marker: "*", tag: "em", wordEdges: false)
  return replacePairs(t, marker: "_", tag: "em", wordEdges: true)
}

private func replacePairs(_ s: String, marker: String, tag: String, wordEdges: Bool) -> String {
  let chars = Array(s)
  let m = Array(marker)
  func matches(_ i: Int) -> Bool { i + m.count <= chars.count && Array(chars[i..<(i + m.count)]) == m }
  func isWordChar(_ c: Character) -> Bool { c.isLetter || c.isNumber }
  var out = ""
  var i = 0
  while i < chars.count {
    if matches(i), i + m.count < chars.count, chars[i + m.count] != " ",
      !wordEdges || i == 0 || !isWordChar(chars[i - 1])
    {
      // Find the closing marker.
      var j = i + m.count + 1
      var found: Int? = nil
      while j < chars.count {
        if matches(j), chars[j - 1] != " ", !wordEdges || j + m.count >= chars.count || !isWordChar(chars[j + m.count])
        {
          found = j
          break
        }
        j += 1
      }
      if let j = found {
        out += "<\(tag)>" + String(chars[(i + m.count)..<j]) + "</\(tag)>"
        i = j + m.count
        continue
      }
    }
    out.append(chars[i])
    i += 1
  }
  return out
}
