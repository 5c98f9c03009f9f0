// JSON text output (RFC 8259).
//
// - Compact: no whitespace at all.
// - Pretty: two-space indentation, `"key": value`; arrays whose elements are all scalars are kept
//   on one line (`[1, 2, 3]`) so data-frame columns stay readable; empty containers print `[]`/`{}`.
// - `.int` prints as an integer; `.number` prints Swift's shortest representation that parses back
//   to the same double (`0.1`, `1e-300`, `-0.0`, `3.0`), and `null` when not finite.
// - Strings escape `"`, `\` and control characters (`\n`, `\t`, … and `\u00XX`); other text,
//   including non-ASCII, is written as UTF-8.

/// Writes `v` as JSON text: pretty (indented) by default, or compact.
public func renderJSON(_ v: JSONValue, pretty: Bool = true) -> String {
  var out = ""
  writeJSON(v, into: &out, pretty: pretty, indent: 0)
  return out
}

/// Writes a double as a JSON number (shortest round-trip form), or `null` when not finite.
public func jsonNumberText(_ d: Double) -> String {
  d.isFinite ? d.description : "null"
}

/// `s` as a quoted, escaped JSON string.
public func jsonQuoted(_ s: String) -> String {
  var out = ""
  appendQuoted(s, into: &out)
  return out
}

func appendQuoted(_ s: String, into out: inout String) {
  out.append("\"")
  for u in s.unicodeScalars {
    switch u {
    case "\"": out += "\\\""
    case "\\": out += "\\\\"
    case "\n": out += "\\n"
    case "\r": out += "\\r"
    case "\t": out += "\\t"
    case "\u{08}": out += "\\b"
    case "\u{0C}": out += "\\f"
    default:
      if u.value < 0x20 {
        let hex = String(u.value, radix: 16)
        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      } else {
        out.unicodeScalars.append(u)
      }
    }
  }
  out.append("\"")
}

private func isScalar(_ v: JSONValue) -> Bool {
  switch v {
  case .array, .object: return false
  default: return true
  }
}

private func writeJSON(_ v: JSONValue, into out: inout String, pretty: Bool, indent: Int) {
  switch v {
  case .null: out += "null"
  case .bool(let b): out += b ? "true" : "false"
  case .number(let d): out += jsonNumberText(d)
  case .int(let i): out += String(i)
  case .string(let s): appendQuoted(s, into: &out)
  case .array(let items):
    if items.isEmpty {
      out += "[]"
      return
    }
    if !pretty || items.allSatisfy(isScalar) {
      out += "["
      for (i, item) in items.enumerated() {
        if i > 0 { out += pretty ? ", " : "," }
        writeJSON(item, into: &out, pretty: pretty, indent: indent)
      }
      out += "]"
      return
    }
    let pad = String(repeating: " ", count: indent + 2)
    out += "[\n"
    for (i, item) in items.enumerated() {
      if i > 0 { out += ",\n" }
      out += pad
      writeJSON(item, into: &out, pretty: true, indent: indent + 2)
    }
    out += "\n" + String(repeating: " ", count: indent) + "]"
  case .object(let members):
    if members.isEmpty {
      out += "{}"
      return
    }
    if !pretty {
      out += "{"
      for (i, (k, value)) in members.enumerated() {
        if i > 0 { out += "," }
        appendQuoted(k, into: &out)
        out += ":"
        writeJSON(value, into: &out, pretty: false, indent: 0)
      }
      out += "}"
      return
    }
    let pad = String(repeating: " ", count: indent + 2)
    out += "{\n"
    for (i, (k, value)) in members.enumerated() {
      if i > 0 { out += ",\n" }
      out += pad
      appendQuoted(k, into: &out)
      out += ": "
      writeJSON(value, into: &out, pretty: true, indent: indent + 2)
    }
    out += "\n" + String(repeating: " ", count: indent) + "}"
  }
}
