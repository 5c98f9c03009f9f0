import Foundation
import Frame

// THE number formatter for people. Every number churn shows a person goes through here, so the same
// value always reads the same way in tables, reports, plot axes and the REPL.
//
// Rules of `formatNumber` (default ``DisplayPrecision/defaultDigits`` = 6 significant digits; frames and
// reports take theirs from `TableStyle.digits`, set with `:digits N` in the REPL or `show … digits: N`):
//   - NaN -> "NaN", +inf -> "inf", -inf -> "-inf"; zero (also -0.0) -> "0".
//   - Integer-valued numbers below 1e15 in magnitude print as integers: 7043, -12, 1000000.
//   - 1e-4 <= |x| < 1e15: fixed notation with that many significant digits, but at least one decimal for
//     |x| >= 1 so a fraction never looks like a count (1234.5, 64.76, 0.2654, -0.1328, 0.0001234);
//     trailing zeros are trimmed, keeping one decimal (2.0, 0.25).
//   - otherwise scientific with up to that many significant digits, trailing mantissa zeros trimmed
//     (1.2e-07, 3.142e+15).
// Formatting uses `String(format:)` with the POSIX "%f"/"%e" conversions, which never consult the
// user's locale, so output is identical on every machine.

/// The display precision shared by every number printed for people.
public enum DisplayPrecision {
  /// Significant digits of numbers in frames, reports and messages unless a setting says otherwise: six
  /// show data as typed (110.95, 1834.58, 29.85) and computed values to a precision people can compare.
  public static let defaultDigits = 6
  /// Significant digits of a scalar printed on its own (`churn -e '1834.58'`): a single number has room for
  /// more, and what a person typed must read back as typed.
  public static let scalarDigits = 10
  /// Significant digits of the standard error on an estimate line; the estimate and its interval are
  /// printed to the same decimal place (see ``formatEstimateNumbers(value:se:low:high:)``).
  public static let standardErrorDigits = 4
  /// p-values below this print as a bound (`<1e-300`): below it a double carries no usable digits (the
  /// normal tail underflows, and subnormal values such as 1.7e-317 are rounding noise).
  public static let pValueFloor = 1e-300
}

/// Formats a number for people with ``DisplayPrecision/defaultDigits`` significant digits (see the rules above).
public func formatNumber(_ x: Double) -> String {
  formatNumber(x, significant: DisplayPrecision.defaultDigits)
}

/// The shortest text that reads back to exactly `x` (integers below 1e15 without a decimal point): what
/// `as_string` returns and what CSV files store, so writing a number out never loses digits.
/// `0.1 + 0.2` gives `0.30000000000000004`; `1834.58` gives `1834.58`; `1e-05` stays `1e-05`.
public func formatRoundTrip(_ x: Double) -> String {
  if x.isNaN { return "NaN" }
  if x.isInfinite { return x < 0 ? "-inf" : "inf" }
  if x == 0 { return "0" }
  if abs(x) < 1e15 && x == x.rounded(.towardZero) { return String(Int64(x)) }
  return x.description
}

/// The numbers of an estimate line, to the precision its standard error supports: the SE with
/// ``DisplayPrecision/standardErrorDigits`` significant digits, and the estimate and interval bounds to the
/// same decimal place (trailing zeros kept: they are digits the SE vouches for). With a zero, missing or
/// infinite SE the numbers print with ``formatNumber(_:)``. Values too large or small for fixed notation
/// use scientific notation with the digits down to the SE's fourth significant digit.
public func formatEstimateNumbers(value: Double, se: Double, low: Double, high: Double)
  -> (value: String, se: String, low: String, high: String)
{
  guard se.isFinite, se > 0, value.isFinite else {
    return (formatNumber(value), formatNumber(se), formatNumber(low), formatNumber(high))
  }
  let seMagnitude = Int(floor(log10(se)))
  let decimals = DisplayPrecision.standardErrorDigits - 1 - seMagnitude
  let largest = max(abs(value), abs(low), abs(high), se)
  let fixed = decimals <= 12 && largest < 1e15
  func one(_ x: Double) -> String {
    guard x.isFinite else { return formatNumber(x) }
    if fixed { return fixedString(x, decimals: max(0, decimals)) }
    let magnitude = x == 0 ? seMagnitude : Int(floor(log10(abs(x))))
    let digits = max(1, min(17, magnitude - seMagnitude + DisplayPrecision.standardErrorDigits))
    return scientificString(x, significant: digits, trim: false)
  }
  let seText =
    fixed
    ? fixedString(se, decimals: max(0, decimals))
    : scientificString(se, significant: DisplayPrecision.standardErrorDigits, trim: false)
  return (one(value), seText, one(low), one(high))
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

/// A p-value in a table cell: below ``DisplayPrecision/pValueFloor`` (including 0 and subnormal values) the
/// bound `<1e-300`, never `0` or `1.7e-317`; otherwise ``formatNumber(_:significant:)``.
public func formatPValueCell(_ p: Double, significant: Int = DisplayPrecision.defaultDigits) -> String {
  if p.isFinite && p >= 0 && p < DisplayPrecision.pValueFloor {
    return "<" + scientificString(DisplayPrecision.pValueFloor, significant: 1)
  }
  return formatNumber(p, significant: significant)
}

/// Whether a table column holds p-values (by its name: `p`, `p_value`, `pvalue`, `p>|z|`, `p_…`).
public func isPValueColumn(_ name: String) -> Bool {
  let n = name.lowercased()
  return n == "p" || n == "p_value" || n == "pvalue" || n == "p-value" || n.hasPrefix("p>") || n.hasPrefix("p_")
}

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

/// Formats one cell: missing prints as `NA`, floats via `formatNumber` with `digits` significant digits,
/// bools as `true`/`false`.
public func formatCell(_ v: CellValue, digits: Int = DisplayPrecision.defaultDigits) -> String {
  switch v {
  case .missing: return "NA"
  case .float(let d): return formatNumber(d, significant: digits)
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

/// Scientific notation with up to `significant` significant digits: `1.2e-07` (exactly that many, trailing
/// zeros kept, when `trim` is false).
func scientificString(_ x: Double, significant: Int, trim: Bool = true) -> String {
  let s = String(format: "%.\(max(0, significant - 1))e", x)
  guard trim, let e = s.firstIndex(of: "e") else { return s }
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
