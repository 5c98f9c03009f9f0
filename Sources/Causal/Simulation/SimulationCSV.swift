#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Frame

/// CSV text of a frame, as the simulators write their data sets.
///
/// RFC 4180: comma separated, `\n` line ends, a header row; text fields are quoted only when they
/// hold a comma, quote, line break or leading/trailing space, with quotes doubled. Floats print in
/// their shortest round-trip form with a trailing ".0" dropped (84, 29.85, 1889.5 — as in the IBM
/// file); integers and booleans as digits and true/false. Missing cells print as `missing`
/// (the IBM file writes a single space " " for its blank TotalCharges).
///
/// This is the simulation module's own small writer; `write_csv` in the Frame module is the general one.
public func simulationCSVString(_ df: DataFrame, missing: String = "") -> String {
  var out = ""
  out.reserveCapacity(df.rowCount * df.columnCount * 8 + 256)
  out += df.columnNames.map(csvQuoted).joined(separator: ",")
  out += "\n"
  for i in 0..<df.rowCount {
    for (j, c) in df.columns.enumerated() {
      if j > 0 { out += "," }
      out += csvField(c, i, missing: missing)
    }
    out += "\n"
  }
  return out
}

/// Writes ``simulationCSVString(_:missing:)`` to `path`, throwing a clear error if the file cannot
/// be written.
public func writeSimulationCSV(_ df: DataFrame, path: String, missing: String = "") throws {
  let text = simulationCSVString(df, missing: missing)
  guard let f = fopen(path, "wb") else {
    throw SimulationError.invalidArgument("cannot open '\(path)' for writing (does the folder exist?)")
  }
  defer { fclose(f) }
  let bytes = Array(text.utf8)
  let written = bytes.withUnsafeBufferPointer { fwrite($0.baseAddress, 1, $0.count, f) }
  guard written == bytes.count else {
    throw SimulationError.invalidArgument("could not write all of '\(path)' (disk full?)")
  }
}

/// One cell as CSV text.
func csvField(_ c: Column, _ i: Int, missing: String) -> String {
  switch c.value(at: i) {
  case .missing: return missing
  case .float(let x): return csvNumber(x)
  case .int(let k): return String(k)
  case .bool(let b): return b ? "true" : "false"
  case .string(let s): return csvQuoted(s)
  }
}

/// Shortest round-trip decimal form of a float, without a trailing ".0".
func csvNumber(_ x: Double) -> String {
  let s = x.description
  return s.hasSuffix(".0") ? String(s.dropLast(2)) : s
}

/// A text field, quoted when RFC 4180 requires it (or when spaces at its ends would be lost).
func csvQuoted(_ s: String) -> String {
  let needs = s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
    || s.first == " " || s.last == " "
  guard needs else { return s }
  var q = "\""
  for ch in s {
    if ch == "\"" { q += "\"\"" } else { q.append(ch) }
  }
  return q + "\""
}
