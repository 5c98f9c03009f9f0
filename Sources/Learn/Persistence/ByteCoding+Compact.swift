/// Compact, lossless encodings of number columns for saved trees: integers in the narrowest width that
/// holds their range, doubles as small integers or as indices into a table of their distinct values when
/// that is shorter than their raw bits. Every value reads back to the same bits.
///
/// Packed integers: the count (8 bytes); when it is not zero, the smallest value (8 bytes), a width byte
/// (1, 2, 4 or 8: the bytes per value), then each value minus the smallest, little-endian in that width.
/// Every value takes at least one byte, so a reader can check a count against the bytes left before it
/// allocates (a damaged count cannot ask for more memory than the file could describe).
///
/// Compact doubles: the count (8 bytes); when it is not zero, a mode byte, then
/// - mode 0: the raw IEEE bits of each value (8 bytes each);
/// - mode 1: every value is an integer in Int32 range other than -0, written as packed integers;
/// - mode 2: a table of the distinct bit patterns (ascending, raw bits) and, per value, its table index as
///   packed integers.
/// The writer picks the shortest mode (ties: the lower mode), so the same values give the same bytes.
extension ByteWriter {
  /// Appends one byte.
  public mutating func byte(_ v: UInt8) { bytes.append(v) }

  /// Appends integers in the narrowest width that holds their range (see the extension's comment).
  public mutating func packedInts<C: Collection>(_ a: C) where C.Element: BinaryInteger {
    int(a.count)
    guard let lo = a.min(), let hi = a.max() else { return }
    let low = Int64(lo)
    let width = Self.packedWidth(UInt64(bitPattern: Int64(hi) &- low))
    int(Int(low))
    byte(UInt8(width))
    bytes.reserveCapacity(bytes.count + a.count * width)
    for v in a {
      let d = UInt64(bitPattern: Int64(v) &- low)
      for b in 0..<width { bytes.append(UInt8(truncatingIfNeeded: d >> UInt64(8 * b))) }
    }
  }

  /// Appends doubles in the shortest of the three compact modes (see the extension's comment).
  public mutating func compactDoubles(_ a: [Double]) {
    int(a.count)
    guard !a.isEmpty else { return }
    let raw = 8 * a.count
    var integral: [Int64]? = []
    integral?.reserveCapacity(a.count)
    for v in a {
      guard let i = Int32(exactly: v), Double(i).bitPattern == v.bitPattern else {
        integral = nil
        break
      }
      integral?.append(Int64(i))
    }
    let intSize = integral.map { Self.packedSize($0) } ?? Int.max
    let table = Array(Set(a.map(\.bitPattern))).sorted()
    let tableSize =
      table.count < a.count ? 8 + 8 * table.count + Self.packedSize(count: a.count, range: table.count - 1) : Int.max
    if raw <= intSize && raw <= tableSize {
      byte(0)
      append(a.map(\.bitPattern))
    } else if let integral, intSize <= tableSize {
      byte(1)
      packedInts(integral)
    } else {
      byte(2)
      uint64s(table)
      var index: [UInt64: Int] = [:]
      index.reserveCapacity(table.count)
      for (k, bits) in table.enumerated() { index[bits] = k }
      packedInts(a.map { index[$0.bitPattern] ?? 0 })
    }
  }

  /// Bytes per value for a range of `range`.
  static func packedWidth(_ range: UInt64) -> Int {
    range <= 0xFF ? 1 : range <= 0xFFFF ? 2 : range <= 0xFFFF_FFFF ? 4 : 8
  }

  /// Bytes ``packedInts(_:)`` writes for `values`.
  static func packedSize(_ values: [Int64]) -> Int {
    guard let lo = values.min(), let hi = values.max() else { return 8 }
    return 17 + values.count * packedWidth(UInt64(bitPattern: hi &- lo))
  }

  /// Bytes ``packedInts(_:)`` writes for `count` values spanning `range`.
  static func packedSize(count: Int, range: Int) -> Int { 17 + count * packedWidth(UInt64(range)) }
}

extension ByteReader {
  /// Reads one byte.
  public mutating func byte() throws -> UInt8 {
    guard remaining >= 1 else { throw Damaged(what: "truncated") }
    position += 1
    return bytes[position - 1]
  }

  /// Reads integers written by ``ByteWriter/packedInts(_:)``.
  public mutating func packedInts() throws -> [Int] {
    let n = try int()
    guard n >= 0 else { throw Damaged(what: "bad array length") }
    guard n > 0 else { return [] }
    let low = Int64(try int())
    let width = Int(try byte())
    guard [1, 2, 4, 8].contains(width) else { throw Damaged(what: "bad integer width \(width)") }
    guard n <= remaining / width else { throw Damaged(what: "truncated") }
    let start = position
    position += n * width
    func widen<T: FixedWidthInteger & UnsignedInteger>(_: T.Type) -> [Int] {
      bytes.withUnsafeBytes { raw in
        [Int](unsafeUninitializedCapacity: n) { out, initialized in
          for i in 0..<n {
            let d = T(littleEndian: raw.loadUnaligned(fromByteOffset: start + i * width, as: T.self))
            out[i] = Int(low &+ Int64(bitPattern: UInt64(d)))
          }
          initialized = n
        }
      }
    }
    switch width {
    case 1: return widen(UInt8.self)
    case 2: return widen(UInt16.self)
    case 4: return widen(UInt32.self)
    default: return widen(UInt64.self)
    }
  }

  /// Reads packed integers that must fit in Int32 (indices, features, offsets).
  public mutating func packedInt32s() throws -> [Int32] {
    let a = try packedInts()
    guard a.allSatisfy({ $0 >= Int(Int32.min) && $0 <= Int(Int32.max) }) else {
      throw Damaged(what: "an integer out of range")
    }
    return a.map { Int32(truncatingIfNeeded: $0) }
  }

  /// Reads doubles written by ``ByteWriter/compactDoubles(_:)``.
  public mutating func compactDoubles() throws -> [Double] {
    let n = try int()
    guard n >= 0 else { throw Damaged(what: "bad array length") }
    guard n > 0 else { return [] }
    switch try byte() {
    case 0:
      return try fixed(UInt64.self, n).map { Double(bitPattern: $0) }
    case 1:
      let ints = try packedInts()
      guard ints.count == n, ints.allSatisfy({ Int32(exactly: $0) != nil }) else {
        throw Damaged(what: "damaged integral doubles")
      }
      return ints.map { Double($0) }
    case 2:
      let table = try uint64s()
      let index = try packedInts()
      guard index.count == n, index.allSatisfy({ $0 >= 0 && $0 < table.count }) else {
        throw Damaged(what: "damaged table of doubles")
      }
      return index.map { Double(bitPattern: table[$0]) }
    case let m: throw Damaged(what: "unknown number encoding \(m)")
    }
  }
}
