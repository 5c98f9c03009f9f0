// An ordered JSON value. Object keys keep their insertion order (so output is deterministic and
// follows the order a result was built in); duplicate keys are kept as given.

/// A JSON value with ordered object keys; integers and doubles are distinct cases.
public indirect enum JSONValue: Equatable, Sendable {
  case null
  case bool(Bool)
  /// A double. Written in Swift's shortest round-trip form (`0.1`, `1e-300`, `3.0`, `-0.0`);
  /// NaN and infinities are written as `null`.
  case number(Double)
  /// An integer, written without a decimal point.
  case int(Int)
  case string(String)
  case array([JSONValue])
  /// An object with keys in order.
  case object([(String, JSONValue)])

  public static func == (a: JSONValue, b: JSONValue) -> Bool {
    switch (a, b) {
    case (.null, .null): return true
    case (.bool(let x), .bool(let y)): return x == y
    case (.number(let x), .number(let y)): return x == y && x.sign == y.sign
    case (.int(let x), .int(let y)): return x == y
    case (.string(let x), .string(let y)): return x == y
    case (.array(let x), .array(let y)): return x == y
    case (.object(let x), .object(let y)):
      return x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
    default: return false
    }
  }

  /// The value of the first member called `key` of an object; nil for other values or absent keys.
  public subscript(key: String) -> JSONValue? {
    if case .object(let members) = self { return members.first { $0.0 == key }?.1 }
    return nil
  }

  /// The element at `index` of an array; nil for other values or out-of-range indices.
  public subscript(index: Int) -> JSONValue? {
    if case .array(let items) = self, items.indices.contains(index) { return items[index] }
    return nil
  }

  /// The number as a Double (`.int` converted); nil for other values.
  public var doubleValue: Double? {
    switch self {
    case .number(let d): return d
    case .int(let i): return Double(i)
    default: return nil
    }
  }

  /// The integer of an `.int`, or of a `.number` holding an exactly representable integer.
  public var intValue: Int? {
    switch self {
    case .int(let i): return i
    case .number(let d): return d == d.rounded() && abs(d) < 9.2e18 ? Int(d) : nil
    default: return nil
    }
  }

  /// The text of a `.string`; nil for other values.
  public var stringValue: String? { if case .string(let s) = self { return s } else { return nil } }

  /// The flag of a `.bool`; nil for other values.
  public var boolValue: Bool? { if case .bool(let b) = self { return b } else { return nil } }

  /// The elements of an `.array`; nil for other values.
  public var arrayValue: [JSONValue]? { if case .array(let a) = self { return a } else { return nil } }

  /// The members of an `.object`, in order; nil for other values.
  public var objectValue: [(String, JSONValue)]? { if case .object(let o) = self { return o } else { return nil } }

  /// True for `.null`.
  public var isNull: Bool { if case .null = self { return true } else { return false } }
}
