import Foundation
import Frame

// THE number formatter for people. Every number churn shows a person goes through here, so the same
// value always reads the same way in tables, reports, plot axes and the REPL.
//
// Rules of `formatNumber` (default 4 significant digits):
//   - NaN -> "NaN", +inf -> "inf", -inf -> "-inf"; zero (also -0.0) -> "0".
//   - Integer-valued numbers below 1e15 in magnitude print as integers: 7043, -12, 1000000.
//   - 1e-4 <= |x| < 1e15: fixed notation with 4 significant digits, but at least one decimal for
//     |x| >= 1 so a fraction never looks like a count (1234.5, 64.76, 0.2654, -0.1328, 0.0001234);
//     trailing zeros are trimmed, keeping one decimal (2.0, 0.25).
//   - otherwise scientific with up to 4 significant digits, trailing mantissa zeros trimmed
//     (1.2e-07, 3.142e+15).
// Formatting uses `String(format:)` with the POSIX "%f"/"%e" conversions, which never consult the
// user's locale, so output is identical on every machine.

/// Formats a number for people with 4 significant digits (see the rules above).
public func formatNumber(_ x: Double) -> String {
  formatNumber(x, significant: 4)
}

/// Formats a number for people with `significant` significant digits (clamped to 1...17).
public func formatNumber(_ x: Double, significant: Int) -> String {
  if x.isNaN { return "NaN" }
  if x.isInfinite { return x < 0 ? "-inf" : "inf" }
  if x == 0 { return "0" }
  let digits = max(1, min(significant, 17))
  let a = abs(x)
  if a < 1e15 && x == x.rounded(.towardZero) { return String(Int64(x)) }
  if a < 1e-4 || a >= 1e15 { return scientificString(x, significant: digits) }
  let magnitude = Int(floor(log10(a)))
  var decimals = digits - 1 - magnitude
  if magnitude >= 0 { decimals = max(1, decimals) }
  return trimFractionZeros(fixedString(x, decimals: min(decimals, 20)))
}

/// Formats an integer (a count) without separators: `7043`.
public func formatInteger(_ n: Int) -> String { String(n) }

/// Formats a p-value: `<0.001` below one in a thousand, otherwise three decimals (`0.042`, `1.000`).
public func formatPValue(_ p: Double) -> String {
  if p.isNaN { return "NaN" }
  if p < 0.001 { return "<0.001" }
  return fixedString(min(p, 1), decimals: 3)
}

/// Formats a proportion as a percentage with `decimals` decimals: `formatPercent(0.26537) == "26.54%"`.
public func formatPercent(_ x: Double, decimals: Int = 2) -> String {
  if x.isNaN { return "NaN" }
  if x.isInfinite { return x < 0 ? "-inf%" : "inf%" }
  return fixedString(x * 100, decimals: max(0, min(decimals, 10))) + "%"
}

/// Formats one cell: missing prints as `NA`, floats via `formatNumber`, bools as `true`/`false`.
public func formatCell(_ v: CellValue) -> String {
  switch v {
  case .missing: return "NA"
  case .float(let d): return formatNumber(d)
  case .int(let i): return String(i)
  case .bool(let b): return b ? "true" : "false"
  case .string(let s): return s
  }
}

/// Fixed notation with exactly `decimals` decimals, locale-independent, never printing "-0.00".
public func fixedString(_ x: Double, decimals: Int) -> String {
  if x.isNaN { return "NaN" }
  if x.isInfinite { return x < 0 ? "-inf" : "inf" }
  let s = String(format: "%.\(max(0, decimals))f", x)
  if s.hasPrefix("-") && !s.contains(where: { $0 >= "1" && $0 <= "9" }) { return String(s.dropFirst()) }
  return s
}

/// Scientific notation with up to `significant` significant digits: `1.2e-07`.
func scientificString(_ x: Double, significant: Int) -> String {
  let s = String(format: "%.\(max(0, significant - 1))e", x)
  guard let e = s.firstIndex(of: "e") else { return s }
  var mantissa = String(s[..<e])
  if mantissa.contains(".") {
    while mantissa.hasSuffix("0") { mantissa.removeLast() }
    if mantissa.hasSuffix(".") { mantissa.removeLast() }
  }
  return mantissa + s[e...]
}

/// Removes trailing zeros after a decimal point, keeping at least one decimal (`2.500` -> `2.5`, `2.000` -> `2.0`).
func trimFractionZeros(_ s: String) -> String {
  guard s.contains(".") else { return s }
  var t = s
  while t.hasSuffix("0") { t.removeLast() }
  if t.hasSuffix(".") { t.append("0") }
  return t
}
