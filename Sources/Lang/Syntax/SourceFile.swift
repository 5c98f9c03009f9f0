/// A piece of source text with a name, and the means to turn byte offsets into lines and columns.
///
/// Every token and syntax node records a ``Span`` of byte offsets into its source; diagnostics use
/// the source to print `name:line:column`, the offending line and a caret under the span.
public struct SourceFile: Sendable {
  /// Shown in diagnostics: a file path, `<repl>`, `<stdin>` or `<-e>`.
  public let name: String
  /// The full text.
  public let text: String
  /// The text as UTF-8 bytes (what the lexer scans and spans index).
  public let bytes: [UInt8]
  /// Byte offset of the first character of each line.
  public let lineStarts: [Int]
  /// Added to line numbers in diagnostics (a REPL or piped chunk that starts on line 12 has 11).
  public let lineOffset: Int

  /// Creates a source from text; `name` is what diagnostics print before the line number.
  /// `firstLine` is the line number of the text's first line in the larger input it came from.
  public init(name: String, text: String, firstLine: Int = 1) {
    self.name = name
    self.text = text
    self.lineOffset = firstLine - 1
    self.bytes = Array(text.utf8)
    var starts = [0]
    for (i, b) in bytes.enumerated() where b == UInt8(ascii: "\n") { starts.append(i + 1) }
    self.lineStarts = starts
  }

  /// The 1-based line and column (counted in characters) of a byte offset.
  public func location(of offset: Int) -> (line: Int, column: Int) {
    let off = max(0, min(offset, bytes.count))
    var lo = 0, hi = lineStarts.count - 1
    while lo < hi {
      let mid = (lo + hi + 1) / 2
      if lineStarts[mid] <= off { lo = mid } else { hi = mid - 1 }
    }
    let start = lineStarts[lo]
    let col = characterCount(from: start, to: off) + 1
    return (lo + 1 + lineOffset, col)
  }

  /// The text of a 1-based line (as numbered by ``location(of:)``), without its line break.
  public func lineText(_ displayedLine: Int) -> String {
    let line = displayedLine - lineOffset
    guard line >= 1 && line <= lineStarts.count else { return "" }
    let start = lineStarts[line - 1]
    var end = line < lineStarts.count ? lineStarts[line] - 1 : bytes.count
    if end > start && end <= bytes.count && bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
    return text(from: start, to: max(start, end))
  }

  /// The source text covered by a span.
  public func text(of span: Span) -> String { text(from: span.start, to: span.end) }

  /// Decodes a byte range (clamped to the text) as a string.
  public func text(from start: Int, to end: Int) -> String {
    let s = max(0, min(start, bytes.count)), e = max(s, min(end, bytes.count))
    return String(decoding: bytes[s..<e], as: UTF8.self)
  }

  /// Number of characters (Unicode scalars that start a character, approximated by non-continuation bytes).
  func characterCount(from start: Int, to end: Int) -> Int {
    var n = 0
    var i = start
    while i < end && i < bytes.count {
      if bytes[i] & 0xC0 != 0x80 { n += 1 }
      i += 1
    }
    return n
  }
}

/// A half-open range of byte offsets `[start, end)` into a ``SourceFile``.
public struct Span: Sendable, Equatable, Hashable, CustomStringConvertible {
  public var start: Int
  public var end: Int

  public init(_ start: Int, _ end: Int) {
    self.start = start
    self.end = max(start, end)
  }

  /// A span covering both spans.
  public func merged(_ other: Span) -> Span { Span(min(start, other.start), max(end, other.end)) }

  /// An empty span at an offset (for "expected X here" messages).
  public static func point(_ offset: Int) -> Span { Span(offset, offset) }

  public var description: String { "\(start)..<\(end)" }
}
