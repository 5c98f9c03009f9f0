import Render

extension Value {
  /// The value as JSON: scalars as JSON scalars (NA and NaN as null), lists as arrays, records as
  /// objects with keys in order, frames in Render's frame layout, objects via ``LangObject/json``.
  public var json: JSONValue {
    switch self {
    case .nothing, .missing: return .null
    case .bool(let b): return .bool(b)
    case .int(let i): return .int(i)
    case .number(let d): return d.isNaN ? .null : .number(d)
    case .string(let s): return .string(s)
    case .list(let l): return .array(l.map(\.json))
    case .record(let r): return .object(r.fields.map { ($0.name, $0.value.json) })
    case .frame(let f): return jsonValue(f)
    case .grouped(let g):
      return .object([("grouped_by", .array(g.keys.map { .string($0) })), ("frame", jsonValue(g.frame))])
    case .column(let c): return jsonValue(c)
    case .formula(let f): return .string(f.description)
    case .object(let o): return o.json
    }
  }
}
