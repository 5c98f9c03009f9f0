import Render

/// A value of the churn language.
///
/// Scalars, lists and records are the usual; `frame`, `column` and `grouped` wrap the Frame
/// library; everything a library produces that is not a frame (a fitted model, an estimate, a
/// policy) is an `object` conforming to ``LangObject``.
public enum Value {
  /// The result of a command run for its effect (`write_csv`, `print`); never printed.
  case nothing
  /// `NA`: a missing value.
  case missing
  case bool(Bool)
  case int(Int)
  case number(Double)
  case string(String)
  case list([Value])
  case record(Record)
  case frame(DataFrame)
  /// A frame with grouping keys, produced by `group` and consumed by `summarize`.
  case grouped(GroupedData)
  /// A whole column (vector), e.g. `df.tenure` or the value of a column expression.
  case column(Column)
  case formula(Formula)
  case object(any LangObject)

  /// The name of the value's type as users see it in messages and `type x`.
  public var typeName: String {
    switch self {
    case .nothing: return "nothing"
    case .missing: return "NA"
    case .bool: return "bool"
    case .int: return "int"
    case .number: return "number"
    case .string: return "string"
    case .list: return "list"
    case .record: return "record"
    case .frame: return "frame"
    case .grouped: return "grouped frame"
    case .column: return "column"
    case .formula: return "formula"
    case .object(let o): return o.typeName
    }
  }

  /// The value as a Double for numeric scalars (bools are 0/1); nil otherwise.
  public var doubleValue: Double? {
    switch self {
    case .int(let i): return Double(i)
    case .number(let d): return d
    case .bool(let b): return b ? 1 : 0
    default: return nil
    }
  }

  /// True for `NA`.
  public var isMissing: Bool { if case .missing = self { return true } else { return false } }

  /// A short one-line description for lists of variables, error messages and record printing.
  public var brief: String {
    switch self {
    case .nothing: return "nothing"
    case .missing: return "NA"
    case .bool(let b): return b ? "true" : "false"
    case .int(let i): return String(i)
    case .number(let d): return formatScalar(d)
    case .string(let s): return quoted(s)
    case .list(let l):
      let inner = l.prefix(6).map(\.brief).joined(separator: ", ")
      return "[" + inner + (l.count > 6 ? ", … (\(l.count) items)" : "") + "]"
    case .record(let r): return "record {" + r.keys.joined(separator: ", ") + "}"
    case .frame(let f): return "frame [\(f.rowCount) rows x \(f.columnCount) columns]"
    case .grouped(let g): return "frame [\(g.frame.rowCount) rows] grouped by \(g.keys.joined(separator: ", "))"
    case .column(let c): return "column \(c.name.isEmpty ? "" : "'\(c.name)' ")(\(c.type.rawValue), \(c.count) values)"
    case .formula(let f): return f.description
    case .object(let o): return o.summaryLine
    }
  }
}

/// A record: named fields in a fixed order (`{train: ..., test: ...}`).
public struct Record {
  public private(set) var fields: [(name: String, value: Value)]

  public init(_ fields: [(name: String, value: Value)] = []) { self.fields = fields }

  public var keys: [String] { fields.map(\.name) }

  public subscript(name: String) -> Value? {
    get { fields.first { $0.name == name }?.value }
    set {
      if let i = fields.firstIndex(where: { $0.name == name }) {
        if let newValue { fields[i].value = newValue } else { fields.remove(at: i) }
      } else if let newValue {
        fields.append((name, newValue))
      }
    }
  }
}

/// A frame together with the names of its grouping columns.
public struct GroupedData {
  public var frame: DataFrame
  public var keys: [String]
  /// Columns added only to group by an expression (`group qcut(tenure, 3)`), kept in the result.
  public init(frame: DataFrame, keys: [String]) {
    self.frame = frame
    self.keys = keys
  }
}

/// A library object exposed to the language: a fitted model, an estimate, a policy …
///
/// Conform a result type (or a small wrapper around it) and return it from a command as
/// `.object(x)`. It prints through its ``Reportable/report``, is named by ``typeName`` in
/// messages, and exposes named fields for `.` access (`m.auc`, `est.se`).
public protocol LangObject: Reportable {
  /// Short type name shown by `type x` and in error messages, e.g. "model", "estimate".
  var typeName: String { get }
  /// Every field name this type may have; ``availableFields`` keeps those a value resolves.
  var fieldNames: [String] { get }
  /// The value of a field, or nil when there is no such field.
  func field(_ name: String) -> Value?
  /// One line for `:vars` and record printing; defaults to the type name.
  var summaryLine: String { get }
  /// The JSON form (`--format json`); defaults to the report as JSON.
  var json: JSONValue { get }
}

extension LangObject {
  public var fieldNames: [String] { [] }
  public func field(_ name: String) -> Value? { nil }
  public var summaryLine: String { typeName }
  public var json: JSONValue { jsonValue(report) }

  /// The fields this value resolves (``fieldNames`` less those ``field(_:)`` has no value for here,
  /// such as `coefficients` of a boosted model): the one list `fields`, Tab and did-you-mean show.
  public var availableFields: [String] { fieldNames.filter { field($0) != nil } }
}

/// Quotes a string with escapes, the way it would be written in source.
func quoted(_ s: String) -> String {
  var out = "\""
  for ch in s.unicodeScalars {
    switch ch {
    case "\"": out += "\\\""
    case "\\": out += "\\\\"
    case "\n": out += "\\n"
    case "\t": out += "\\t"
    default: out.unicodeScalars.append(ch)
    }
  }
  return out + "\""
}
