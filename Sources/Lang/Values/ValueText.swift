import Render

/// Formats a number the one way people see numbers in churn (delegates to Render's `formatNumber`).
func formatScalar(_ d: Double) -> String { formatNumber(d) }

extension Value {
  /// The text printed for this value at the top level of a script or the REPL.
  ///
  /// Frames print as aligned tables with their shape, objects as their report, records one field
  /// per line. Strings print without quotes (so `print "done"` prints `done`).
  public func rendered(style: TableStyle = TableStyle()) -> String {
    switch self {
    case .nothing: return ""
    case .string(let s): return s
    case .frame(let f): return renderTable(f, style: style)
    case .grouped(let g): return renderGrouped(g, style: style)
    case .column(let c):
      guard let f = try? DataFrame(columns: [c.name.isEmpty ? c.renamed("value") : c]) else { return brief }
      return renderTable(f, style: style)
    case .object(let o): return renderReport(o.report, style: style)
    case .number(let d): return formatNumber(d, significant: max(style.digits, DisplayPrecision.scalarDigits))
    case .record(let r): return renderRecord(r, style: style)
    case .list(let l):
      if l.contains(where: { $0.isLarge }) {
        return l.enumerated().map { "[\($0.offset)]\n" + $0.element.rendered(style: style) }
          .joined(separator: "\n")
      }
      return wrappedList(l.map(\.brief), width: style.maxWidth)
    default: return brief
    }
  }

  /// The text printed for this value fetched as the field `name` (`e.p_value`): a p-value (named as
  /// ``isPValueColumn(_:)`` says) below ``DisplayPrecision/pValueFloor``, including 0 and subnormal values,
  /// prints as the bound `<1e-300` (the value itself stays exact for arithmetic); anything else prints as
  /// ``rendered(style:)``.
  public func rendered(asField name: String, style: TableStyle = TableStyle()) -> String {
    if let p = tinyPValue(named: name) { return formatPValueCell(p) }
    return rendered(style: style)
  }

  /// The number when this is a p-value (by `name`) below ``DisplayPrecision/pValueFloor``; else nil.
  func tinyPValue(named name: String) -> Double? {
    guard case .number(let p) = self, isPValueColumn(name), p.isFinite, p >= 0, p < DisplayPrecision.pValueFloor
    else { return nil }
    return p
  }

  /// True for values that print on several lines (frames, objects).
  var isLarge: Bool {
    switch self {
    case .frame, .grouped, .column, .object: return true
    case .record(let r): return r.fields.contains { $0.value.isLarge }
    default: return false
    }
  }
}

private func renderRecord(_ r: Record, style: TableStyle) -> String {
  if r.fields.isEmpty { return "{}" }
  if !r.fields.contains(where: { $0.value.isLarge }) {
    return "{" + r.fields.map { "\($0.name): \(fieldBrief($0.value, $0.name))" }.joined(separator: ", ") + "}"
  }
  let width = r.fields.map { $0.name.count }.max() ?? 0
  return r.fields.map { f in
    "\(f.name)\(String(repeating: " ", count: width - f.name.count)) : \(fieldBrief(f.value, f.name))"
  }.joined(separator: "\n")
}

/// A record field's one-line text: a tiny p-value as its bound (see ``Value/rendered(asField:style:)``).
private func fieldBrief(_ v: Value, _ name: String) -> String {
  v.tinyPValue(named: name).map { formatPValueCell($0) } ?? v.brief
}

private func renderGrouped(_ g: GroupedData, style: TableStyle) -> String {
  let groups = (try? g.frame.grouped(by: g.keys).groupCount).map { " (\($0) group\($0 == 1 ? "" : "s"))" } ?? ""
  let header = "grouped by \(g.keys.joined(separator: ", "))\(groups)"
  return header + "\n" + renderTable(g.frame, style: style)
}

/// `[a, b, c]` with every item, wrapped at `width` columns (continuation lines indented by one).
private func wrappedList(_ items: [String], width: Int) -> String {
  var lines: [String] = []
  var line = "["
  for (i, item) in items.enumerated() {
    let piece = item + (i == items.count - 1 ? "]" : ",")
    if line.count > 1 && line.count + 1 + piece.count > width {
      lines.append(line)
      line = " " + piece
    } else {
      line += (line == "[" ? "" : " ") + piece
    }
  }
  if items.isEmpty { line = "[]" }
  lines.append(line)
  return lines.joined(separator: "\n")
}
