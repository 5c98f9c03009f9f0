import Stats

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The CSV text of a frame (header row, LF line ends, UTF-8), as written by ``writeCSV(_:path:)``.
public func csvString(_ df: DataFrame) -> String {
  String(decoding: csvBytes(df), as: UTF8.self)
}

/// Writes a frame as CSV to `path`, replacing any existing file.
///
/// Output is deterministic and reads back to the same frame with ``readCSV(path:options:)``:
/// a field is quoted only when it must be (it holds a comma, quote or line break, is blank or
/// whitespace-only, or equals a default missing token such as `NA`); missing values are empty fields;
/// floats use the shortest text that reads back to the identical double (`0.1`, `29.0`, `1e-05`);
/// booleans are `true`/`false`. Text that looks like a number reads back as a number, and the empty
/// string reads back as missing.
public func writeCSV(_ df: DataFrame, path: String) throws {
  let bytes = csvBytes(df)
  guard let f = fopen(path, "wb") else {
    throw FrameError.csv("cannot write '\(path)': \(fileWriteProblem(path))")
  }
  let written = bytes.withUnsafeBufferPointer { b in
    b.baseAddress.map { fwrite($0, 1, b.count, f) } ?? 0
  }
  let closed = fclose(f)
  if written != bytes.count || closed != 0 {
    throw FrameError.csv("cannot write '\(path)': \(String(cString: strerror(errno)))")
  }
}

/// The CSV bytes of a frame (see ``writeCSV(_:path:)``).
public func csvBytes(_ df: DataFrame) -> [UInt8] {
  var out: [UInt8] = []
  out.reserveCapacity(64 + df.rowCount * df.columnCount * 6)
  for (k, c) in df.columns.enumerated() {
    if k > 0 { out.append(UInt8(ascii: ",")) }
    out.append(contentsOf: CSVText.field(c.name))
  }
  out.append(10)
  // Missing values are empty fields, except in a one-column frame where an empty line would be
  // skipped as blank; there they are written as a quoted empty field.
  let missing: [UInt8] = df.columnCount == 1 ? [34, 34] : []
  let encodedLevels: [[[UInt8]]] = df.columns.map { c in
    if case .string(_, let levels) = c.storage { return levels.map(CSVText.field) }
    return []
  }
  for r in 0..<df.rowCount {
    for (k, c) in df.columns.enumerated() {
      if k > 0 { out.append(UInt8(ascii: ",")) }
      if c.isMissing(r) {
        out.append(contentsOf: missing)
        continue
      }
      switch c.storage {
      case .int(let v) where c.isDate: out.append(contentsOf: CivilDate.format(v[r]).utf8)
      case .int(let v): CSVText.appendInt(v[r], to: &out)
      case .float(let v): out.append(contentsOf: CSVText.float(v[r]).utf8)
      case .bool(let v): out.append(contentsOf: v[r] ? Array("true".utf8) : Array("false".utf8))
      case .string(let codes, _): out.append(contentsOf: encodedLevels[k][Int(codes[r])])
      }
    }
    out.append(10)
  }
  return out
}

/// Field encoding helpers for the CSV writer.
enum CSVText {
  static let defaultMissing: Set<String> = Set(CSVOptions().missingTokens)

  /// A text field, quoted when it holds a delimiter, quote or line break, is blank or
  /// whitespace-only, or equals a default missing token.
  static func field(_ s: String) -> [UInt8] {
    let bytes = Array(s.utf8)
    let special = bytes.contains { $0 == 44 || $0 == 34 || $0 == 10 || $0 == 13 }
    let blank = bytes.allSatisfy { $0 == 32 || $0 == 9 }
    guard special || blank || defaultMissing.contains(s.trimmingSpaces) else { return bytes }
    var out: [UInt8] = [34]
    for b in bytes {
      out.append(b)
      if b == 34 { out.append(34) }
    }
    out.append(34)
    return out
  }

  /// Shortest round-trip decimal text of a double (Swift's `description`).
  static func float(_ x: Double) -> String { x.description }

  /// Appends the decimal digits of `v`.
  static func appendInt(_ v: Int, to out: inout [UInt8]) {
    if v == 0 {
      out.append(48)
      return
    }
    var m = v.magnitude
    var digits: [UInt8] = []
    digits.reserveCapacity(20)
    while m > 0 {
      digits.append(UInt8(48 + m % 10))
      m /= 10
    }
    if v < 0 { out.append(45) }
    out.append(contentsOf: digits.reversed())
  }
}
