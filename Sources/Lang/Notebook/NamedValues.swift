import Render

/// A run's values as one JSON object (`churn run FILE --values OUT.json`), for tools that build documents
/// from a run's numbers (scripts/make_results.sh builds RESULTS.md's summary tables from it):
///
///     {"values": {NAME: ENTRY, …}, "results": [{"line": 12, "statement": "…", "type": "…", "value": …}, …]}
///
/// `values` holds the variables in the order they were first defined (`_`, the last printed result, is
/// left out); `results` every value the script printed, in order. Each ENTRY is `{"type": …, "value": …}`
/// with the value's JSON form; frames longer than ``namedValueRowLimit`` rows give only their shape and
/// columns (`{"type": "frame", "rows": n, "columns": [...]}`) and plots their kind, so the file stays
/// small. The text is deterministic: same run, same bytes.
public func runValuesJSON(_ interpreter: Interpreter, results: [(line: Int, statement: String, value: Value)]) -> String
{
  var entries: [(String, JSONValue)] = []
  for name in interpreter.variableOrder where name != "_" {
    guard let v = interpreter.value(of: name) else { continue }
    entries.append((name, namedValueJSON(v)))
  }
  let printed: [JSONValue] = results.map { r in
    var e: [(String, JSONValue)] = [("line", .int(r.line)), ("statement", .string(r.statement))]
    if case .object(let fields) = namedValueJSON(r.value) { e += fields }
    return .object(e)
  }
  return renderJSON(.object([("values", .object(entries)), ("results", .array(printed))]))
}

/// Frames with at most this many rows are written whole by ``runValuesJSON(_:results:)``.
public let namedValueRowLimit = 50

/// One named value's JSON entry (see ``namedValuesJSON(_:)``).
func namedValueJSON(_ v: Value) -> JSONValue {
  func shape(_ type: String, _ df: DataFrame) -> JSONValue {
    .object([
      ("type", .string(type)), ("rows", .int(df.rowCount)),
      ("columns", .array(df.columnNames.map { .string($0) })),
    ])
  }
  switch v {
  case .frame(let df) where df.rowCount <= namedValueRowLimit:
    return .object([("type", .string("frame")), ("value", v.json)])
  case .frame(let df): return shape("frame", df)
  case .grouped(let g): return shape("grouped frame", g.frame)
  case .column(let c):
    return .object([("type", .string("column")), ("name", .string(c.name)), ("length", .int(c.count))])
  case .object(let o) where o is PlotObject:
    return .object([("type", .string("plot")), ("value", .string((o as? PlotObject)?.kind.name ?? ""))])
  case .record(let r):
    return .object([
      ("type", .string("record")), ("value", .object(r.fields.map { ($0.name, namedValueJSON($0.value)) })),
    ])
  default:
    return .object([("type", .string(v.typeName)), ("value", v.json)])
  }
}
