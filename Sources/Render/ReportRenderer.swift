import Frame
import Stats

// Reports as text. Shape (no trailing newline):
//
//     Average treatment effect
//       method       : AIPW
//       observations : 7043
//     ATE: -0.1328 (SE 0.0088) [95% CI -0.1501, -0.1155], p<0.001, n=7043 (influence function)
//     warning: 12 propensities below 0.01 were clipped
//
//     <table title>
//     <table rendered by renderTable>
//
// - The title is the first line (omitted when empty).
// - `.fields`: one line per field, indented two spaces, names padded so the colons line up.
// - `.estimate`: `formatEstimate` (shape documented there).
// - `.warning`: `warning: <text>`; `.text`: verbatim.
// - `.table` and `.preformatted` blocks are set off by a blank line before and after.

/// Renders a report as aligned text (title, fields, estimates, warnings, tables, preformatted blocks).
public func renderReport(_ r: Report, style: TableStyle = TableStyle()) -> String {
  var blocks: [(text: String, spaced: Bool)] = []
  if !r.title.isEmpty { blocks.append((r.title, false)) }
  for item in r.items {
    switch item {
    case .text(let t): blocks.append((t, false))
    case .fields(let fs): if !fs.isEmpty { blocks.append((renderFields(fs, digits: style.digits), false)) }
    case .table(let df, let title):
      let table = renderTable(df, style: style)
      blocks.append(((title.map { $0 + "\n" } ?? "") + table, true))
    case .estimate(let e): blocks.append((formatEstimate(e), false))
    case .warning(let w): blocks.append(("warning: " + w, false))
    case .preformatted(let p): blocks.append((p, true))
    }
  }
  var out = ""
  for (i, b) in blocks.enumerated() {
    if i > 0 { out += (b.spaced || blocks[i - 1].spaced) ? "\n\n" : "\n" }
    out += b.text
  }
  return out
}

/// Renders `name : value` lines, indented two spaces, with the colons aligned; numbers with `digits`
/// significant digits.
public func renderFields(_ fields: [Report.Field], digits: Int = DisplayPrecision.defaultDigits) -> String {
  let w = fields.reduce(0) { max($0, displayWidth($1.name)) }
  return fields.map { "  " + padRight($0.name, w) + " : " + singleLine(formatCell($0.value, digits: digits)) }
    .joined(separator: "\n")
}

/// Formats an estimate on one line:
/// `label: value (SE se) [95% CI lo, hi]`, then `, p<0.001` / `, p=0.042` when a p-value is
/// present, `, n=7043` when n is present, and ` (method)` when a method is named. The level prints
/// as a percentage without needless decimals (95%, 90%, 97.5%). An empty label drops the `label: ` prefix.
/// The SE shows 4 significant digits and the estimate and interval the same decimal places
/// (``formatEstimateNumbers(value:se:low:high:)``): `ATE: -0.13281 (SE 0.008812) [95% CI -0.15008, -0.11554]`.
public func formatEstimate(_ e: Estimate) -> String {
  var s = e.label.isEmpty ? "" : e.label + ": "
  let t = formatEstimateNumbers(value: e.value, se: e.se, low: e.ciLow, high: e.ciHigh)
  s += t.value + " (SE " + t.se + ") ["
  s += formatLevel(e.level) + " CI " + t.low + ", " + t.high + "]"
  if let p = e.pValue {
    let fp = formatPValue(p)
    s += ", p" + (fp.hasPrefix("<") ? fp : "=" + fp)
  }
  if let n = e.n { s += ", n=\(n)" }
  if let m = e.method, !m.isEmpty { s += " (" + m + ")" }
  return s
}

/// A confidence level as a percentage: 0.95 -> "95%", 0.975 -> "97.5%".
func formatLevel(_ level: Double) -> String {
  guard level.isFinite, abs(level) < 1e6 else { return formatNumber(level * 100) + "%" }
  let pct = (level * 1000).rounded() / 10
  return (pct == pct.rounded() ? String(Int(pct)) : fixedString(pct, decimals: 1)) + "%"
}
