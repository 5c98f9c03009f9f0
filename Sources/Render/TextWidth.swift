// Display width of text in a monospaced terminal, for padding table cells and plot labels.
//
// Width is counted per grapheme cluster (so combining accents add nothing); East Asian wide and
// fullwidth characters and most emoji count 2. This is a small approximation of Unicode UAX #11,
// exact for ASCII and Latin text.

/// The number of terminal columns `s` occupies.
public func displayWidth(_ s: String) -> Int {
  var w = 0
  for ch in s {
    guard let first = ch.unicodeScalars.first else { continue }
    w += isWide(first.value) ? 2 : 1
  }
  return w
}

/// True for scalars that a terminal draws two columns wide.
@inline(__always)
func isWide(_ v: UInt32) -> Bool {
  if v < 0x1100 { return false }
  return (v <= 0x115F) || (v >= 0x2E80 && v <= 0xA4CF && v != 0x303F) || (v >= 0xAC00 && v <= 0xD7A3)
    || (v >= 0xF900 && v <= 0xFAFF) || (v >= 0xFE30 && v <= 0xFE4F) || (v >= 0xFF00 && v <= 0xFF60)
    || (v >= 0xFFE0 && v <= 0xFFE6) || (v >= 0x1F300 && v <= 0x1F64F) || (v >= 0x1F900 && v <= 0x1F9FF)
    || (v >= 0x20000 && v <= 0x3FFFD)
}

/// `s` padded with spaces on the right to `width` columns (unchanged when already wider).
public func padRight(_ s: String, _ width: Int) -> String {
  let w = displayWidth(s)
  return w >= width ? s : s + String(repeating: " ", count: width - w)
}

/// `s` padded with spaces on the left to `width` columns (unchanged when already wider).
public func padLeft(_ s: String, _ width: Int) -> String {
  let w = displayWidth(s)
  return w >= width ? s : String(repeating: " ", count: width - w) + s
}

/// `s` cut to at most `width` columns, ending in `ellipsis` when cut.
public func truncate(_ s: String, width: Int, ellipsis: String = "…") -> String {
  if displayWidth(s) <= width { return s }
  let budget = max(0, width - displayWidth(ellipsis))
  var out = ""
  var w = 0
  for ch in s {
    let cw = displayWidth(String(ch))
    if w + cw > budget { break }
    out.append(ch)
    w += cw
  }
  return out + ellipsis
}

/// Replaces control characters (newline, tab, …) so a value stays on one line in a table.
func singleLine(_ s: String) -> String {
  guard s.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else { return s }
  var out = ""
  for u in s.unicodeScalars {
    switch u {
    case "\n": out += "\\n"
    case "\r": out += "\\r"
    case "\t": out += "\\t"
    default:
      if u.value < 0x20 || u.value == 0x7F { out += "?" } else { out.unicodeScalars.append(u) }
    }
  }
  return out
}

/// Removes trailing spaces from every line of `s`.
func trimTrailingSpaces(_ line: String) -> String {
  var t = Substring(line)
  while t.hasSuffix(" ") { t.removeLast() }
  return String(t)
}
