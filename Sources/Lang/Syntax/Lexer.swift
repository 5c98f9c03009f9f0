/// Turns source text into tokens.
///
/// Line breaks end statements, except inside brackets and after a token that cannot end a
/// statement (an operator, `|>`, a comma, `=` or `:`). A line that starts with `|>` continues the
/// previous one. `#` starts a comment that runs to the end of the line. The braces of a `for` loop's
/// body are a block, not a bracket: line breaks inside them end the body's statements.
public struct Lexer {
  let bytes: [UInt8]
  var pos = 0
  var tokens: [Token] = []
  var depth = 0
  /// For each open bracket, innermost last: whether it is a loop body (line breaks count inside).
  var blocks: [Bool] = []
  /// Where the statement being read starts, per block level (the script, then each open loop body).
  var statementStarts: [Int] = [0]

  /// Tokenizes `source`; throws a ``LangError`` for an unterminated string or a stray character.
  public static func tokenize(_ source: SourceFile) throws -> [Token] {
    var lx = Lexer(bytes: source.bytes)
    try lx.run()
    return lx.tokens
  }

  /// Whether `text` is an unfinished statement that the REPL should keep reading
  /// (an open bracket, or a last token such as `|>`, `+` or `,`). Text with a lexical error is
  /// complete: reading more cannot fix it (strings do not span lines), so the error is shown now.
  public static func needsMoreInput(_ text: String) -> Bool {
    var lx = Lexer(bytes: Array(text.utf8))
    do { try lx.run() } catch { return false }
    if lx.depth > 0 { return true }
    let real = lx.tokens.filter { $0.kind != .newline && $0.kind != .eof }
    return real.last?.continuesLine ?? false
  }

  init(bytes: [UInt8]) { self.bytes = bytes }

  private var lastSignificant: Token? { tokens.last }

  mutating func run() throws {
    var space = true
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { pos = 3 }  // a UTF-8 byte-order mark
    while pos < bytes.count {
      let c = bytes[pos]
      switch c {
      case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
        pos += 1
        space = true
      case UInt8(ascii: "#"):
        while pos < bytes.count && bytes[pos] != UInt8(ascii: "\n") { pos += 1 }
      case UInt8(ascii: "\n"):
        emitNewline(at: pos)
        pos += 1
        space = true
      case UInt8(ascii: "\""), UInt8(ascii: "'"):
        try lexString(quote: c, space: space)
        space = false
      case UInt8(ascii: "`"):
        try lexBacktick(space: space)
        space = false
      case UInt8(ascii: "0")...UInt8(ascii: "9"):
        lexNumber(space: space)
        space = false
      case UInt8(ascii: "."):
        if pos + 1 < bytes.count, isDigit(bytes[pos + 1]) {
          lexNumber(space: space)
        } else {
          add(.punct, ".", pos, pos + 1, space)
          pos += 1
        }
        space = false
      default:
        if c >= 0x80 && !isLetterAt(pos) {
          throw unexpectedCharacter()
        } else if isNameStart(c) {
          lexName(space: space)
        } else {
          try lexPunct(space: space)
        }
        space = false
      }
    }
    emitNewline(at: bytes.count)
    // A line that begins with `|>` continues the statement before it.
    var out: [Token] = []
    out.reserveCapacity(tokens.count + 1)
    for (i, t) in tokens.enumerated() {
      if t.kind == .newline, i + 1 < tokens.count, tokens[i + 1].isPunct("|>") { continue }
      out.append(t)
    }
    if let last = out.last, last.kind == .newline { out.removeLast() }
    out.append(Token(.eof, "", Span.point(bytes.count), spaceBefore: true))
    tokens = out
  }

  private mutating func emitNewline(at offset: Int) {
    if depth > 0 && !(blocks.last ?? false) { return }
    guard let last = tokens.last, last.kind != .newline else { return }
    if last.continuesLine { return }
    tokens.append(Token(.newline, "\n", Span(offset, offset + 1), spaceBefore: true))
    statementStarts[statementStarts.count - 1] = tokens.count
  }

  private mutating func add(_ kind: TokenKind, _ text: String, _ start: Int, _ end: Int, _ space: Bool) {
    tokens.append(Token(kind, text, Span(start, end), spaceBefore: space))
  }

  @inline(__always) private func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
  @inline(__always) private func isNameStart(_ c: UInt8) -> Bool {
    (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 95 || c >= 0x80
  }
  @inline(__always) private func isNameChar(_ c: UInt8) -> Bool { isNameStart(c) || isDigit(c) }

  /// Whether the (multi-byte) character at `i` is a letter, so it can be part of a name.
  private func isLetterAt(_ i: Int) -> Bool {
    guard let sc = scalar(at: i) else { return false }
    return sc.properties.isAlphabetic
  }

  /// The Unicode scalar starting at byte `i`, if the bytes there are valid UTF-8.
  private func scalar(at i: Int) -> Unicode.Scalar? {
    var end = i + 1
    while end < bytes.count && bytes[end] & 0xC0 == 0x80 && end - i < 4 { end += 1 }
    return String(decoding: bytes[i..<end], as: UTF8.self).unicodeScalars.first
  }

  /// The error for a character that cannot start a token, with a hint for look-alikes.
  private func unexpectedCharacter() -> LangError {
    var end = pos + 1
    while end < bytes.count && bytes[end] & 0xC0 == 0x80 { end += 1 }
    let ch = String(decoding: bytes[pos..<end], as: UTF8.self)
    let lookalikes: [String: String] = [
      "–": "-", "—": "-", "−": "-", "“": "\"", "”": "\"", "‘": "'", "’": "'", "×": "*", "÷": "/",
      "≤": "<=", "≥": ">=", "≠": "!=", "&": "'and' or '&&'",
    ]
    var hint = lookalikes[ch].map { " (use \($0))" } ?? ""
    if ch == ";" { hint = " (statements end at a line break; no ';' is needed)" }
    return LangError("unexpected character '\(ch)'\(hint)", at: Span(pos, end))
  }

  private mutating func lexName(space: Bool) {
    let start = pos
    while pos < bytes.count && isNameChar(bytes[pos]) && (bytes[pos] < 0x80 || isLetterAt(pos)) {
      pos += 1
      while pos < bytes.count && bytes[pos] & 0xC0 == 0x80 { pos += 1 }
    }
    let word = String(decoding: bytes[start..<pos], as: UTF8.self)
    add(languageKeywords.contains(word) ? .keyword : .identifier, word, start, pos, space)
  }

  private mutating func lexNumber(space: Bool) {
    let start = pos
    var isInt = true
    while pos < bytes.count && (isDigit(bytes[pos]) || bytes[pos] == UInt8(ascii: "_")) { pos += 1 }
    if pos < bytes.count && bytes[pos] == UInt8(ascii: "."),
      pos + 1 >= bytes.count || isDigit(bytes[pos + 1]) || !isNameStart(bytes[pos + 1])
    {
      isInt = false
      pos += 1
      while pos < bytes.count && isDigit(bytes[pos]) { pos += 1 }
    }
    if pos < bytes.count && (bytes[pos] == UInt8(ascii: "e") || bytes[pos] == UInt8(ascii: "E")) {
      var p = pos + 1
      if p < bytes.count && (bytes[p] == UInt8(ascii: "+") || bytes[p] == UInt8(ascii: "-")) { p += 1 }
      if p < bytes.count && isDigit(bytes[p]) {
        isInt = false
        pos = p
        while pos < bytes.count && isDigit(bytes[pos]) { pos += 1 }
      }
    }
    let text = String(decoding: bytes[start..<pos], as: UTF8.self).replacingUnderscores()
    if isInt && Int(text) == nil { isInt = false }  // too large for Int: treat as a float
    add(isInt ? .integer : .number, text, start, pos, space)
  }

  private mutating func lexString(quote: UInt8, space: Bool) throws {
    let start = pos
    pos += 1
    var out: [UInt8] = []
    while true {
      guard pos < bytes.count, bytes[pos] != UInt8(ascii: "\n") else {
        throw LangError(
          "unterminated string; add a closing \(quote == 34 ? "\"" : "'")",
          at: Span(start, pos))
      }
      let c = bytes[pos]
      if c == quote {
        pos += 1
        break
      }
      if c == UInt8(ascii: "\\") {
        guard pos + 1 < bytes.count else { continue }
        let e = bytes[pos + 1]
        switch e {
        case UInt8(ascii: "n"): out.append(10)
        case UInt8(ascii: "t"): out.append(9)
        case UInt8(ascii: "r"): out.append(13)
        case UInt8(ascii: "0"): out.append(0)
        case UInt8(ascii: "\\"), UInt8(ascii: "\""), UInt8(ascii: "'"): out.append(e)
        case UInt8(ascii: "u"):
          // \u{XXXX}
          var p = pos + 2
          guard p < bytes.count, bytes[p] == UInt8(ascii: "{") else {
            throw LangError("bad escape: write \\u{hex}", at: Span(pos, pos + 2))
          }
          p += 1
          let hs = p
          while p < bytes.count && bytes[p] != UInt8(ascii: "}") && p - hs < 8 { p += 1 }
          let hex = String(decoding: bytes[hs..<min(p, bytes.count)], as: UTF8.self)
          guard p < bytes.count, let v = UInt32(hex, radix: 16), let sc = Unicode.Scalar(v) else {
            throw LangError("bad unicode escape '\\u{\(hex)}'", at: Span(pos, min(p + 1, bytes.count)))
          }
          out.append(contentsOf: Array(String(Character(sc)).utf8))
          pos = p + 1
          continue
        default:
          throw LangError(
            "unknown escape '\\\(Character(Unicode.Scalar(e)))' in string (use \\n, \\t, \\\", \\\\ or \\u{...})",
            at: Span(pos, pos + 2))
        }
        pos += 2
        continue
      }
      out.append(c)
      pos += 1
    }
    add(.string, String(decoding: out, as: UTF8.self), start, pos, space)
  }

  private mutating func lexBacktick(space: Bool) throws {
    let start = pos
    pos += 1
    let s = pos
    while pos < bytes.count && bytes[pos] != UInt8(ascii: "`") && bytes[pos] != UInt8(ascii: "\n") { pos += 1 }
    guard pos < bytes.count, bytes[pos] == UInt8(ascii: "`") else {
      throw LangError("unterminated `name`; add a closing backtick", at: Span(start, pos))
    }
    let name = String(decoding: bytes[s..<pos], as: UTF8.self)
    pos += 1
    if name.isEmpty { throw LangError("empty `` name", at: Span(start, pos)) }
    add(.identifier, name, start, pos, space)
  }

  private static let twoChar: Set<String> = ["==", "!=", "<=", ">=", "|>", "&&", "||"]
  private static let oneChar: Set<UInt8> = Set("()[]{},:=<>+-*/^%~|!".utf8)

  private mutating func lexPunct(space: Bool) throws {
    let c = bytes[pos]
    if pos + 1 < bytes.count {
      let two = String(decoding: bytes[pos..<pos + 2], as: UTF8.self)
      if Lexer.twoChar.contains(two) {
        add(.punct, two, pos, pos + 2, space)
        pos += 2
        return
      }
    }
    guard Lexer.oneChar.contains(c) else { throw unexpectedCharacter() }
    var opensBlock = false
    switch c {
    case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"):
      // A `{` in a statement that starts with `for`, outside any bracket of that statement, opens a body.
      if let start = statementStarts.last, c == UInt8(ascii: "{"), blocks.last ?? true, start < tokens.count,
        tokens[start].isWord("for")
      {
        opensBlock = true
      }
      depth += 1
      blocks.append(opensBlock)
    case UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"):
      depth = max(0, depth - 1)
      if blocks.popLast() == true, statementStarts.count > 1 { statementStarts.removeLast() }
    default: break
    }
    add(.punct, String(UnicodeScalar(c)), pos, pos + 1, space)
    pos += 1
    if opensBlock { statementStarts.append(tokens.count) }
  }
}

extension String {
  fileprivate func replacingUnderscores() -> String {
    contains("_") ? String(filter { $0 != "_" }) : self
  }
}
