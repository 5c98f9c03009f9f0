// A small strict JSON parser (RFC 8259) producing ordered `JSONValue`s.
//
// - Numbers without a fraction or exponent that fit in `Int` become `.int`; all others `.number`
//   (so `renderJSON` output parses back to an equal value: `3.0` stays a double, `3` an int).
// - Object keys keep their order; duplicates are kept.
// - `\uXXXX` escapes including surrogate pairs are decoded; a lone surrogate is an error.
// - Nesting deeper than 512 levels is an error (no stack overflow on hostile input).
// - Errors carry the line and column of the problem.

/// A JSON syntax error with its position (1-based line and column, counted in bytes).
public struct JSONParseError: Error, Equatable, CustomStringConvertible, Sendable {
  public var message: String
  public var line: Int
  public var column: Int
  public var description: String { "JSON error at line \(line), column \(column): \(message)" }
}

/// Parses JSON text into a `JSONValue`; throws `JSONParseError` naming the position of a problem.
public func parseJSON(_ s: String) throws -> JSONValue {
  var p = JSONParser(bytes: Array(s.utf8))
  p.skipWhitespace()
  let v = try p.parseValue(depth: 0)
  p.skipWhitespace()
  if p.pos < p.bytes.count { throw p.error("unexpected text after the JSON value") }
  return v
}

struct JSONParser {
  let bytes: [UInt8]
  var pos = 0
  static let maxDepth = 512

  init(bytes: [UInt8]) { self.bytes = bytes }

  func error(_ message: String, at position: Int? = nil) -> JSONParseError {
    let end = min(position ?? pos, bytes.count)
    var line = 1, col = 1
    for b in bytes[0..<end] {
      if b == 0x0A {
        line += 1
        col = 1
      } else {
        col += 1
      }
    }
    return JSONParseError(message: message, line: line, column: col)
  }

  var peek: UInt8? { pos < bytes.count ? bytes[pos] : nil }

  mutating func skipWhitespace() {
    while let b = peek, b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D { pos += 1 }
  }

  mutating func expect(_ literal: String, value: JSONValue) throws -> JSONValue {
    let lit = Array(literal.utf8)
    guard pos + lit.count <= bytes.count, Array(bytes[pos..<pos + lit.count]) == lit else {
      throw error("invalid literal (expected '\(literal)')")
    }
    pos += lit.count
    return value
  }

  mutating func parseValue(depth: Int) throws -> JSONValue {
    guard depth < JSONParser.maxDepth else { throw error("nesting deeper than \(JSONParser.maxDepth) levels") }
    guard let b = peek else { throw error("unexpected end of input, expected a value") }
    switch b {
    case UInt8(ascii: "{"): return try parseObject(depth: depth)
    case UInt8(ascii: "["): return try parseArray(depth: depth)
    case UInt8(ascii: "\""): return .string(try parseString())
    case UInt8(ascii: "t"): return try expect("true", value: .bool(true))
    case UInt8(ascii: "f"): return try expect("false", value: .bool(false))
    case UInt8(ascii: "n"): return try expect("null", value: .null)
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
    default: throw error("unexpected character '\(printable(b))', expected a value")
    }
  }

  mutating func parseObject(depth: Int) throws -> JSONValue {
    pos += 1
    var members: [(String, JSONValue)] = []
    skipWhitespace()
    if peek == UInt8(ascii: "}") {
      pos += 1
      return .object(members)
    }
    while true {
      skipWhitespace()
      guard peek == UInt8(ascii: "\"") else { throw error("expected a quoted object key") }
      let key = try parseString()
      skipWhitespace()
      guard peek == UInt8(ascii: ":") else { throw error("expected ':' after object key") }
      pos += 1
      skipWhitespace()
      members.append((key, try parseValue(depth: depth + 1)))
      skipWhitespace()
      guard let c = peek else { throw error("unexpected end of input in object, expected ',' or '}'") }
      pos += 1
      if c == UInt8(ascii: "}") { return .object(members) }
      guard c == UInt8(ascii: ",") else { throw error("expected ',' or '}' in object", at: pos - 1) }
    }
  }

  mutating func parseArray(depth: Int) throws -> JSONValue {
    pos += 1
    var items: [JSONValue] = []
    skipWhitespace()
    if peek == UInt8(ascii: "]") {
      pos += 1
      return .array(items)
    }
    while true {
      skipWhitespace()
      items.append(try parseValue(depth: depth + 1))
      skipWhitespace()
      guard let c = peek else { throw error("unexpected end of input in array, expected ',' or ']'") }
      pos += 1
      if c == UInt8(ascii: "]") { return .array(items) }
      guard c == UInt8(ascii: ",") else { throw error("expected ',' or ']' in array", at: pos - 1) }
    }
  }

  mutating func parseString() throws -> String {
    let start = pos
    pos += 1
    var scalars = String.UnicodeScalarView()
    var runStart = pos
    func flush(_ p: inout JSONParser, upTo end: Int) throws {
      guard runStart < end else { return }
      guard let text = String(validating: p.bytes[runStart..<end], as: UTF8.self) else {
        throw p.error("invalid UTF-8 in string", at: runStart)
      }
      scalars.append(contentsOf: text.unicodeScalars)
    }
    while true {
      guard let b = peek else { throw error("unterminated string", at: start) }
      if b == UInt8(ascii: "\"") {
        try flush(&self, upTo: pos)
        pos += 1
        return String(scalars)
      }
      if b < 0x20 { throw error("control character in string (escape it as \\u00XX)") }
      if b != UInt8(ascii: "\\") {
        pos += 1
        continue
      }
      try flush(&self, upTo: pos)
      pos += 1
      guard let e = peek else { throw error("unterminated escape in string") }
      pos += 1
      switch e {
      case UInt8(ascii: "\""): scalars.append("\"")
      case UInt8(ascii: "\\"): scalars.append("\\")
      case UInt8(ascii: "/"): scalars.append("/")
      case UInt8(ascii: "b"): scalars.append("\u{08}")
      case UInt8(ascii: "f"): scalars.append("\u{0C}")
      case UInt8(ascii: "n"): scalars.append("\n")
      case UInt8(ascii: "r"): scalars.append("\r")
      case UInt8(ascii: "t"): scalars.append("\t")
      case UInt8(ascii: "u"): scalars.append(try parseUnicodeEscape())
      default: throw error("invalid escape '\\\(printable(e))' in string", at: pos - 2)
      }
      runStart = pos
    }
  }

  /// Decodes the XXXX of `\uXXXX` (cursor just after the `u`), joining surrogate pairs.
  mutating func parseUnicodeEscape() throws -> Unicode.Scalar {
    let first = try parseHex4()
    if first >= 0xD800 && first <= 0xDBFF {
      guard pos + 1 < bytes.count, bytes[pos] == UInt8(ascii: "\\"), bytes[pos + 1] == UInt8(ascii: "u") else {
        throw error("lone high surrogate \\u\(String(first, radix: 16)) in string")
      }
      pos += 2
      let second = try parseHex4()
      guard second >= 0xDC00 && second <= 0xDFFF else { throw error("invalid low surrogate in string") }
      let v = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
      guard let s = Unicode.Scalar(v) else { throw error("invalid surrogate pair in string") }
      return s
    }
    guard let s = Unicode.Scalar(first) else { throw error("lone low surrogate in string") }
    return s
  }

  mutating func parseHex4() throws -> UInt32 {
    guard pos + 4 <= bytes.count else { throw error("truncated \\u escape in string") }
    var v: UInt32 = 0
    for _ in 0..<4 {
      let b = bytes[pos]
      let d: UInt32
      switch b {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(b - UInt8(ascii: "0"))
      case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt32(b - UInt8(ascii: "a") + 10)
      case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt32(b - UInt8(ascii: "A") + 10)
      default: throw error("invalid hex digit '\(printable(b))' in \\u escape")
      }
      v = v * 16 + d
      pos += 1
    }
    return v
  }

  mutating func parseNumber() throws -> JSONValue {
    let start = pos
    var isInteger = true
    if peek == UInt8(ascii: "-") { pos += 1 }
    guard let first = peek, isDigit(first) else { throw error("expected a digit in number") }
    if first == UInt8(ascii: "0") {
      pos += 1
      if let b = peek, isDigit(b) { throw error("leading zeros are not allowed in numbers") }
    } else {
      while let b = peek, isDigit(b) { pos += 1 }
    }
    if peek == UInt8(ascii: ".") {
      isInteger = false
      pos += 1
      guard let b = peek, isDigit(b) else { throw error("expected a digit after the decimal point") }
      while let b = peek, isDigit(b) { pos += 1 }
    }
    if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
      isInteger = false
      pos += 1
      if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { pos += 1 }
      guard let b = peek, isDigit(b) else { throw error("expected a digit in the exponent") }
      while let b = peek, isDigit(b) { pos += 1 }
    }
    let text = String(decoding: bytes[start..<pos], as: UTF8.self)
    if isInteger, let i = Int(text) { return .int(i) }
    guard let d = Double(text) else { throw error("invalid number '\(text)'", at: start) }
    return .number(d)
  }

  @inline(__always) func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }

  func printable(_ b: UInt8) -> String {
    b >= 0x20 && b < 0x7F ? String(UnicodeScalar(b)) : "\\x" + String(b, radix: 16)
  }
}
