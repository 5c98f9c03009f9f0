/// Writes compact JSON straight into a byte buffer — the same bytes `renderJSON(_, pretty: false)` makes (members
/// in the order written, `,` and `:` without spaces, numbers in Swift's shortest round-trip form or `null` when not
/// finite, strings escaped alike) without building a `JSONValue` tree or appending one Unicode scalar at a time.
///
/// The service's hot path writes every response and log row with it (see ``DecisionJSON``).
struct CompactJSONWriter {
  /// The JSON written so far.
  private(set) var bytes: [UInt8] = []
  /// Whether the next member or element needs a comma first.
  private var needsComma = false

  /// A writer whose buffer starts with room for `capacity` bytes.
  init(capacity: Int = 512) { bytes.reserveCapacity(capacity) }

  /// The JSON as a string.
  var text: String { String(decoding: bytes, as: UTF8.self) }

  /// `{`.
  mutating func beginObject() { open(UInt8(ascii: "{")) }

  /// `}`.
  mutating func endObject() { close(UInt8(ascii: "}")) }

  /// `[`.
  mutating func beginArray() { open(UInt8(ascii: "[")) }

  /// `]`.
  mutating func endArray() { close(UInt8(ascii: "]")) }

  private mutating func open(_ bracket: UInt8) {
    separate()
    bytes.append(bracket)
    needsComma = false
  }

  private mutating func close(_ bracket: UInt8) {
    bytes.append(bracket)
    needsComma = true
  }

  /// A member name known at compile time (plain ASCII, nothing to escape) and its colon; the value follows.
  mutating func member(_ name: StaticString) {
    separate()
    bytes.append(UInt8(ascii: "\""))
    name.withUTF8Buffer { bytes.append(contentsOf: $0) }
    bytes.append(UInt8(ascii: "\""))
    bytes.append(UInt8(ascii: ":"))
    needsComma = false
  }

  /// A member with a number value.
  mutating func member(_ name: StaticString, _ value: Double) {
    member(name)
    number(value)
  }

  /// A member with a string value.
  mutating func member(_ name: StaticString, _ value: String) {
    member(name)
    string(value)
  }

  /// A member name given at run time (escaped) and its colon.
  mutating func dynamicMember(_ name: String) {
    string(name)
    bytes.append(UInt8(ascii: ":"))
    needsComma = false
  }

  /// A string value.
  mutating func string(_ s: String) {
    separate()
    bytes.append(UInt8(ascii: "\""))
    var s = s
    s.withUTF8 { utf8 in
      var start = 0
      for (i, b) in utf8.enumerated() where b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") {
        bytes.append(contentsOf: utf8[start..<i])
        Self.escape(b, into: &bytes)
        start = i + 1
      }
      bytes.append(contentsOf: utf8[start...])
    }
    bytes.append(UInt8(ascii: "\""))
    needsComma = true
  }

  /// A number (`null` when not finite).
  mutating func number(_ d: Double) {
    separate()
    if d.isFinite {
      var text = d.description
      text.withUTF8 { bytes.append(contentsOf: $0) }
    } else {
      literal("null")
    }
    needsComma = true
  }

  /// `true` or `false`.
  mutating func bool(_ b: Bool) {
    separate()
    literal(b ? "true" : "false")
    needsComma = true
  }

  /// `null`.
  mutating func null() {
    separate()
    literal("null")
    needsComma = true
  }

  /// An already-written JSON value, copied as it is.
  mutating func raw(_ json: [UInt8]) {
    separate()
    bytes.append(contentsOf: json)
    needsComma = true
  }

  private mutating func literal(_ s: StaticString) {
    s.withUTF8Buffer { bytes.append(contentsOf: $0) }
  }

  private mutating func separate() {
    if needsComma { bytes.append(UInt8(ascii: ",")) }
  }

  /// The escape of one byte that JSON does not allow raw in a string (as Render's writer spells it).
  private static func escape(_ b: UInt8, into out: inout [UInt8]) {
    out.append(UInt8(ascii: "\\"))
    switch b {
    case UInt8(ascii: "\""): out.append(UInt8(ascii: "\""))
    case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\"))
    case 0x0A: out.append(UInt8(ascii: "n"))
    case 0x0D: out.append(UInt8(ascii: "r"))
    case 0x09: out.append(UInt8(ascii: "t"))
    case 0x08: out.append(UInt8(ascii: "b"))
    case 0x0C: out.append(UInt8(ascii: "f"))
    default:
      let hex = Array("0123456789abcdef".utf8)
      out.append(contentsOf: [
        UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(b >> 4)], hex[Int(b & 0xF)],
      ])
    }
  }
}
