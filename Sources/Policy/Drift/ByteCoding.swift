/// Little-endian byte writer for the compact binary encodings of the Policy module
/// (feature references; a saved policy can embed them).
struct ByteWriter {
  /// The bytes written so far.
  private(set) var bytes: [UInt8] = []

  /// Appends `v` as 8 little-endian bytes.
  mutating func u64(_ v: UInt64) {
    for k in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: v >> (8 * UInt64(k)))) }
  }

  /// Appends a non-negative count as 8 bytes.
  mutating func count(_ n: Int) { u64(UInt64(max(0, n))) }

  /// Appends one byte.
  mutating func u8(_ v: UInt8) { bytes.append(v) }

  /// Appends a double's bit pattern (so every value, NaN payloads included, reads back identically).
  mutating func double(_ v: Double) { u64(v.bitPattern) }

  /// Appends a UTF-8 string prefixed by its byte length.
  mutating func string(_ s: String) {
    let utf8 = Array(s.utf8)
    count(utf8.count)
    bytes.append(contentsOf: utf8)
  }

  /// Appends raw bytes.
  mutating func raw(_ b: [UInt8]) { bytes.append(contentsOf: b) }
}

/// Bounds-checked little-endian reader: every read throws `FeatureReferenceError.malformed` instead of
/// trapping when the input is short or a length is implausible.
struct ByteReader {
  private let bytes: [UInt8]
  /// Position of the next unread byte.
  private(set) var offset: Int

  init(_ bytes: [UInt8], offset: Int = 0) {
    self.bytes = bytes
    self.offset = offset
  }

  /// Whether every byte has been read.
  var atEnd: Bool { offset == bytes.count }

  /// Bytes not yet read.
  var remaining: Int { bytes.count - offset }

  mutating func u8() throws -> UInt8 {
    guard remaining >= 1 else { throw FeatureReferenceError.malformed("ends early at byte \(offset)") }
    defer { offset += 1 }
    return bytes[offset]
  }

  mutating func u64() throws -> UInt64 {
    guard remaining >= 8 else { throw FeatureReferenceError.malformed("ends early at byte \(offset)") }
    var v: UInt64 = 0
    for k in 0..<8 { v |= UInt64(bytes[offset + k]) << (8 * UInt64(k)) }
    offset += 8
    return v
  }

  /// Reads a count and checks that at least `count * minBytesEach` bytes remain, so a corrupted
  /// length can never drive a huge allocation or an out-of-range read.
  mutating func count(minBytesEach: Int) throws -> Int {
    let raw = try u64()
    guard raw <= UInt64(Int32.max) else { throw FeatureReferenceError.malformed("implausible count \(raw)") }
    let n = Int(raw)
    let (need, overflow) = n.multipliedReportingOverflow(by: max(1, minBytesEach))
    guard !overflow, minBytesEach == 0 || need <= remaining else {
      throw FeatureReferenceError.malformed("count \(n) exceeds the remaining \(remaining) bytes")
    }
    return n
  }

  mutating func double() throws -> Double { Double(bitPattern: try u64()) }

  mutating func string() throws -> String {
    let n = try count(minBytesEach: 1)
    let slice = bytes[offset..<(offset + n)]
    offset += n
    guard let s = String(validating: slice, as: UTF8.self) else {
      throw FeatureReferenceError.malformed("a name is not valid UTF-8")
    }
    return s
  }
}
