import Frame
import Stats

// JSON shapes of churn's values. These are stable, documented formats for other tools and tests.
//
// DataFrame (column-oriented, columns in frame order, missing values as null):
//   {"columns": [{"name": "tenure", "type": "int"}, ...],
//    "rows": 7043,
//    "data": {"tenure": [1, 34, ...], "Churn": ["No", "Yes", ...], ...}}
//   Types are "float", "int", "bool", "string". Floats are JSON numbers (non-finite -> null),
//   ints are integers, bools true/false, text strings.
//
// Estimate:
//   {"label": "ATE", "value": -0.13, "se": 0.0088, "ci_low": ..., "ci_high": ..., "level": 0.95,
//    "p_value": 0.0001 | null, "n": 7043 | null, "method": "influence function" | null}
//
// Report:
//   {"title": "...", "items": [ item, ... ]} where each item has a "kind" tag:
//   {"kind": "text", "text": "..."}
//   {"kind": "fields", "fields": {"name": value, ...}}          (ordered; values as cells)
//   {"kind": "table", "title": "..." | null, "table": <DataFrame JSON>}
//   {"kind": "estimate", "estimate": <Estimate JSON>}
//   {"kind": "warning", "message": "..."}
//   {"kind": "preformatted", "text": "..."}

/// A cell as JSON: missing -> null, float -> number, int -> int, bool -> bool, text -> string.
public func jsonValue(_ v: CellValue) -> JSONValue {
  switch v {
  case .missing: return .null
  case .float(let d): return d.isFinite ? .number(d) : .null
  case .int(let i): return .int(i)
  case .bool(let b): return .bool(b)
  case .string(let s): return .string(s)
  }
}

/// A column's values as a JSON array (missing as null).
public func jsonValue(_ c: Column) -> JSONValue {
  .array((0..<c.count).map { jsonValue(c.value(at: $0)) })
}

/// A data frame as column-oriented JSON: `{"columns": [{name, type}], "rows": n, "data": {col: [...]}}`.
public func jsonValue(_ df: DataFrame) -> JSONValue {
  .object([
    ("columns", .array(df.columns.map { .object([("name", .string($0.name)), ("type", .string($0.type.rawValue))]) })),
    ("rows", .int(df.rowCount)),
    ("data", .object(df.columns.map { ($0.name, jsonValue($0)) })),
  ])
}

/// An estimate as JSON with snake_case keys (absent p-value, n or method as null).
public func jsonValue(_ e: Estimate) -> JSONValue {
  func num(_ d: Double) -> JSONValue { d.isFinite ? .number(d) : .null }
  return .object([
    ("label", .string(e.label)),
    ("value", num(e.value)),
    ("se", num(e.se)),
    ("ci_low", num(e.ciLow)),
    ("ci_high", num(e.ciHigh)),
    ("level", num(e.level)),
    ("p_value", e.pValue.map(num) ?? .null),
    ("n", e.n.map { .int($0) } ?? .null),
    ("method", e.method.map { .string($0) } ?? .null),
  ])
}

/// A report as JSON: `{"title": ..., "items": [...]}` with a `"kind"` tag on every item.
public func jsonValue(_ r: Report) -> JSONValue {
  .object([("title", .string(r.title)), ("items", .array(r.items.map(jsonValue)))])
}

/// One report item as JSON with its `"kind"` tag.
public func jsonValue(_ item: Report.Item) -> JSONValue {
  switch item {
  case .text(let t): return .object([("kind", .string("text")), ("text", .string(t))])
  case .fields(let fs):
    return .object([("kind", .string("fields")), ("fields", .object(fs.map { ($0.name, jsonValue($0.value)) }))])
  case .table(let df, let title):
    return .object([
      ("kind", .string("table")), ("title", title.map { .string($0) } ?? .null), ("table", jsonValue(df)),
    ])
  case .estimate(let e): return .object([("kind", .string("estimate")), ("estimate", jsonValue(e))])
  case .warning(let w): return .object([("kind", .string("warning")), ("message", .string(w))])
  case .preformatted(let p): return .object([("kind", .string("preformatted")), ("text", .string(p))])
  }
}
