/// A dictionary from byte strings to dense codes, used to build text columns while reading a CSV.
///
/// Keys are hashed and compared as raw bytes (no `String` per field); a `String` is created once per
/// new level, which is also where UTF-8 is validated. Open addressing with linear probing, load
/// factor at most 5/8. Codes follow first-appearance order. A value type, so hot loops can hold it in
/// a local variable (no dynamic exclusivity checks on class properties).
struct LevelTable {
  /// The distinct values, in first-appearance order.
  private(set) var levels: [String] = []
  private var arena: [UInt8] = []
  private var offsets: [Int] = [0]
  private var hashes: [UInt64] = []
  /// Slot -> (high 32 bits of the hash) << 32 | (code + 1); 0 = empty. Keeping a hash tag in the slot
  /// means a probe touches one cache line, which matters for columns with a million distinct values.
  private var slots: [UInt64]
  private var mask: Int

  init() {
    slots = [UInt64](repeating: 0, count: 64)
    mask = 63
  }

  var count: Int { levels.count }

  /// Mean length in bytes of the levels so far (rounded up).
  var averageBytes: Int { levels.isEmpty ? 0 : (arena.count + levels.count - 1) / levels.count }

  /// Hash of `n` bytes at `p`: 8 bytes at a time, multiply-xorshift mixing.
  @inline(__always)
  static func hash(_ p: UnsafePointer<UInt8>, _ n: Int) -> UInt64 {
    let raw = UnsafeRawPointer(p)
    var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(n)
    var i = 0
    while i + 8 <= n {
      let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
      h = (h ^ w) &* 0xBF58_476D_1CE4_E5B9
      h ^= h >> 31
      i += 8
    }
    if i < n {
      var w: UInt64 = 0
      var shift: UInt64 = 0
      while i < n {
        w |= UInt64(p[i]) << shift
        shift += 8
        i += 1
      }
      h = (h ^ w) &* 0x94D0_49BB_1331_11EB
      h ^= h >> 29
    }
    h = (h ^ (h >> 32)) &* 0xD6E8_FEB8_6659_FD93
    return h ^ (h >> 32)
  }

  /// Whether the slot table has outgrown the caches (then callers batch lookups, see ``peek(_:)``).
  var isLarge: Bool { slots.count > (1 << 15) }

  /// Reads the home slot of hash `h` and returns it, so that a batch of such reads (independent
  /// loads the CPU overlaps) pulls the slots into cache before the real lookups: a software
  /// prefetch for columns with very many distinct values.
  @inline(__always)
  func peek(_ h: UInt64) -> UInt64 { slots[Int(truncatingIfNeeded: h) & mask] }

  /// The code of the `n` bytes at `p`, adding a new level if unseen. Returns nil if a new level
  /// is not valid UTF-8.
  @inline(__always)
  mutating func code(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int32? {
    code(p, n, hash: LevelTable.hash(p, n))
  }

  /// ``code(_:_:)`` with the hash of the bytes already computed.
  @inline(__always)
  mutating func code(_ p: UnsafePointer<UInt8>, _ n: Int, hash h: UInt64) -> Int32? {
    var slot = Int(truncatingIfNeeded: h) & mask
    let tag = h & 0xFFFF_FFFF_0000_0000
    while true {
      let s = slots[slot]
      if s == 0 { break }
      if s & 0xFFFF_FFFF_0000_0000 == tag {
        let c = Int(truncatingIfNeeded: s & 0xFFFF_FFFF) - 1
        if equal(c, p, n) { return Int32(truncatingIfNeeded: c) }
      }
      slot = (slot + 1) & mask
    }
    return insert(p, n, hash: h, slot: slot)
  }

  @inline(__always)
  private func equal(_ c: Int, _ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
    let start = offsets[c], end = offsets[c + 1]
    if end - start != n { return false }
    return arena.withUnsafeBufferPointer { a in
      guard let base = a.baseAddress else { return n == 0 }
      return memoryEqual(base + start, p, n)
    }
  }

  private mutating func insert(_ p: UnsafePointer<UInt8>, _ n: Int, hash h: UInt64, slot: Int) -> Int32? {
    let bytes = UnsafeBufferPointer(start: p, count: n)
    let text: String
    if isASCII(p, n) {
      text = String(decoding: bytes, as: UTF8.self)
    } else {
      guard let s = String(validating: bytes, as: UTF8.self) else { return nil }
      text = s
    }
    let c = Int32(levels.count)
    levels.append(text)
    arena.append(contentsOf: UnsafeBufferPointer(start: p, count: n))
    offsets.append(arena.count)
    hashes.append(h)
    slots[slot] = (h & 0xFFFF_FFFF_0000_0000) | UInt64(c + 1)
    if levels.count * 8 > slots.count * 5 { grow() }
    return c
  }

  /// Makes room for about `count` levels of `bytes` total, so a column of mostly distinct values
  /// does not regrow (and rehash) its table again and again.
  mutating func reserve(levels count: Int, bytes: Int) {
    levels.reserveCapacity(count)
    arena.reserveCapacity(bytes)
    offsets.reserveCapacity(count + 1)
    hashes.reserveCapacity(count)
    var size = slots.count
    while size * 5 < count * 8 { size *= 2 }
    if size > slots.count { grow(to: size) }
  }

  private mutating func grow() { grow(to: slots.count * 2) }

  private mutating func grow(to newCount: Int) {
    var newSlots = [UInt64](repeating: 0, count: newCount)
    let newMask = newCount - 1
    for c in 0..<levels.count {
      let h = hashes[c]
      var slot = Int(truncatingIfNeeded: h) & newMask
      while newSlots[slot] != 0 { slot = (slot + 1) & newMask }
      newSlots[slot] = (h & 0xFFFF_FFFF_0000_0000) | UInt64(c + 1)
    }
    slots = newSlots
    mask = newMask
  }

  /// Releases the hashing structures; `levels` stays.
  mutating func finish() -> [String] {
    arena = []
    offsets = []
    hashes = []
    slots = []
    return levels
  }
}

/// Whether all `n` bytes at `p` are ASCII (then they are valid UTF-8).
@inline(__always)
func isASCII(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
  let raw = UnsafeRawPointer(p)
  var i = 0
  var acc: UInt64 = 0
  while i + 8 <= n {
    acc |= raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
    i += 8
  }
  while i < n {
    acc |= UInt64(p[i])
    i += 1
  }
  return acc & 0x8080_8080_8080_8080 == 0
}

/// Byte-wise equality of two memory ranges of length `n`.
@inline(__always)
func memoryEqual(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ n: Int) -> Bool {
  let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
  var i = 0
  while i + 8 <= n {
    if ra.loadUnaligned(fromByteOffset: i, as: UInt64.self)
      != rb.loadUnaligned(fromByteOffset: i, as: UInt64.self)
    {
      return false
    }
    i += 8
  }
  while i < n {
    if a[i] != b[i] { return false }
    i += 1
  }
  return true
}
