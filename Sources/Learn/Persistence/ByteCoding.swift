/// Little-endian binary writing for saved objects: integers as 8 bytes, doubles as their raw IEEE bits
/// (so every number reads back to the same bits), strings and arrays as an 8-byte count then the
/// elements. Sections of an ``ObjectContainer`` and the older causal-forest archive are written with it.
public struct ByteWriter: Sendable {
  /// The bytes written so far.
  public internal(set) var bytes: [UInt8] = []

  /// An empty writer.
  public init() {}

  /// Appends `v` as a little-endian Int64.
  public mutating func int(_ v: Int) { append([Int64(v)]) }
  /// Appends `v` as 0 or 1 (an Int64).
  public mutating func bool(_ v: Bool) { int(v ? 1 : 0) }
  /// Appends the raw bits of `v`.
  public mutating func double(_ v: Double) { append([v.bitPattern]) }
  /// Appends a string: its UTF-8 byte count, then the bytes.
  public mutating func string(_ s: String) { uint8s(Array(s.utf8)) }
  /// Appends a list of strings: the count, then each string.
  public mutating func strings(_ s: [String]) {
    int(s.count)
    for x in s { string(x) }
  }
  /// Appends doubles: the count, then the raw bits of each.
  public mutating func doubles(_ a: [Double]) {
    int(a.count)
    append(a.map(\.bitPattern))
  }
  /// Appends 32-bit integers: the count, then each.
  public mutating func int32s(_ a: [Int32]) {
    int(a.count)
    append(a)
  }
  /// Appends 64-bit words: the count, then each.
  public mutating func uint64s(_ a: [UInt64]) {
    int(a.count)
    append(a)
  }
  /// Appends bytes: the count, then the bytes.
  public mutating func uint8s(_ a: [UInt8]) {
    int(a.count)
    bytes += a
  }

  /// Appends fixed-width integers little-endian (a block copy on little-endian machines).
  mutating func append<T: FixedWidthInteger>(_ a: [T]) {
    #if _endian(little)
      a.withUnsafeBytes { bytes.append(contentsOf: $0) }
    #else
      for v in a { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
    #endif
  }
}

/// Reads what ``ByteWriter`` wrote. Every read is bounds-checked: a count larger than the bytes left, or
/// a read past the end, throws ``ByteReader/Damaged`` instead of trapping, so a truncated or tampered
/// file cannot crash the reader.
public struct ByteReader: Sendable {
  /// Why a read failed ("truncated", "bad array length", …).
  public struct Damaged: Error, Sendable, Equatable, CustomStringConvertible {
    /// What was wrong.
    public let what: String
    public var description: String { what }
  }

  /// The bytes read.
  public let bytes: [UInt8]
  /// The read position.
  public internal(set) var position = 0

  /// A reader at the start of `bytes`.
  public init(_ bytes: [UInt8]) { self.bytes = bytes }

  /// Whether every byte has been read.
  public var atEnd: Bool { position == bytes.count }
  /// Bytes not read yet.
  public var remaining: Int { bytes.count - position }

  /// Reads an Int64 as an `Int`.
  public mutating func int() throws -> Int { Int(try fixed(Int64.self, 1)[0]) }
  /// Reads an integer written by ``ByteWriter/bool(_:)`` (any nonzero value is true).
  public mutating func bool() throws -> Bool { try int() != 0 }
  /// Reads a double from its raw bits.
  public mutating func double() throws -> Double { Double(bitPattern: try fixed(UInt64.self, 1)[0]) }
  /// Reads a string (UTF-8; invalid sequences become U+FFFD).
  public mutating func string() throws -> String { String(decoding: try uint8s(), as: UTF8.self) }
  /// Reads a list of strings.
  public mutating func strings() throws -> [String] {
    let c = try count(8)
    var out: [String] = []
    out.reserveCapacity(c)
    for _ in 0..<c { out.append(try string()) }
    return out
  }
  /// Reads doubles.
  public mutating func doubles() throws -> [Double] {
    try fixed(UInt64.self, try count(8)).map { Double(bitPattern: $0) }
  }
  /// Reads 32-bit integers.
  public mutating func int32s() throws -> [Int32] { try fixed(Int32.self, try count(4)) }
  /// Reads 64-bit words.
  public mutating func uint64s() throws -> [UInt64] { try fixed(UInt64.self, try count(8)) }
  /// Reads bytes.
  public mutating func uint8s() throws -> [UInt8] { try fixed(UInt8.self, try count(1)) }

  /// Throws unless every byte has been read (a damaged or concatenated file).
  public func expectEnd() throws {
    guard atEnd else { throw Damaged(what: "\(remaining) unexpected bytes at the end") }
  }

  /// An array length, checked against the bytes left (`elementSize` bytes per element).
  private mutating func count(_ elementSize: Int) throws -> Int {
    let c = try int()
    guard c >= 0 else { throw Damaged(what: "bad array length") }
    guard c <= remaining / elementSize else { throw Damaged(what: "truncated or damaged") }
    return c
  }

  /// `n` little-endian integers of type `T` (a block copy on little-endian machines).
  mutating func fixed<T: FixedWidthInteger>(_ type: T.Type, _ n: Int) throws -> [T] {
    let size = MemoryLayout<T>.size
    guard n <= remaining / size else { throw Damaged(what: "truncated") }
    let start = position
    position += n * size
    return [T](unsafeUninitializedCapacity: n) { out, initialized in
      bytes.withUnsafeBytes { raw in
        let src = UnsafeRawBufferPointer(rebasing: raw[start..<(start + n * size)])
        #if _endian(little)
          UnsafeMutableRawBufferPointer(out).copyMemory(from: src)
        #else
          for i in 0..<n { out[i] = T(littleEndian: src.loadUnaligned(fromByteOffset: i * size, as: T.self)) }
        #endif
      }
      initialized = n
    }
  }
}
