/// Escapes text for HTML element content and attribute values (`&`, `<`, `>`, `"`, `'`); the same escaping
/// as SVG text (``xmlEscaped(_:)``), so inline plots and the page around them agree.
public func escapeHTML(_ s: String) -> String { xmlEscaped(s) }

/// Removes ANSI colour sequences (`ESC [ … m`) from terminal text, for documents.
public func stripANSI(_ s: String) -> String {
  guard s.unicodeScalars.contains("\u{1B}") else { return s }
  var out = String.UnicodeScalarView()
  var it = s.unicodeScalars.makeIterator()
  while let c = it.next() {
    if c == "\u{1B}" {
      // Skip `[` parameters and the final letter.
      while let n = it.next() { if n.properties.isAlphabetic && n != "[" { break } }
    } else {
      out.append(c)
    }
  }
  return String(out)
}

/// Unique, URL-safe anchors for headings: lower-case ASCII letters and digits joined by `-`; a repeated
/// heading gets `-2`, `-3`, … in order of appearance.
public struct SlugRegistry: Sendable {
  private var used: [String: Int] = [:]
  /// An empty registry.
  public init() {}

  /// The anchor for a heading with this text.
  public mutating func unique(_ text: String) -> String {
    var slug = ""
    var dash = false
    for ch in text.lowercased().unicodeScalars {
      if (ch >= "a" && ch <= "z") || (ch >= "0" && ch <= "9") {
        if dash && !slug.isEmpty { slug += "-" }
        dash = false
        slug.unicodeScalars.append(ch)
      } else {
        dash = true
      }
    }
    if slug.isEmpty { slug = "section" }
    let n = (used[slug] ?? 0) + 1
    used[slug] = n
    return n == 1 ? slug : slug + "-\(n)"
  }
}
