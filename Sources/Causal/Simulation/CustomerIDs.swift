import Stats

/// Unique Telco-style customer IDs ("7590-VHVEG": four digits, a dash, five capital letters).
///
/// Row `i` maps to a point of the 10⁴ × 26⁵ ID space through a seeded three-round Feistel
/// permutation with modular addition (each round is invertible, so distinct rows get distinct IDs
/// by construction, with no hash set and no retries).
struct CustomerIDGenerator: Sendable {
  static let digitSpace: UInt64 = 10_000
  static let letterSpace: UInt64 = 11_881_376  // 26^5
  /// How many distinct IDs exist.
  static let capacity = Int(digitSpace * letterSpace)

  private let keys: (UInt64, UInt64, UInt64)

  init(seed: Int) {
    var rng = SeededRNG(seed: seed).derived(-1)
    keys = (rng.next(), rng.next(), rng.next())
  }

  @inline(__always)
  private static func mix(_ x: UInt64, _ key: UInt64) -> UInt64 {
    var z = x &+ key &+ 0x9E37_79B9_7F4A_7C15
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// The ID of row `i` (0 ≤ i < capacity).
  func id(_ i: Int) -> String {
    let x = UInt64(i)
    var left = x % Self.digitSpace, right = x / Self.digitSpace
    left = (left + Self.mix(right, keys.0) % Self.digitSpace) % Self.digitSpace
    right = (right + Self.mix(left, keys.1) % Self.letterSpace) % Self.letterSpace
    left = (left + Self.mix(right, keys.2) % Self.digitSpace) % Self.digitSpace
    var chars = [UInt8](repeating: 0, count: 10)
    var d = left
    for k in stride(from: 3, through: 0, by: -1) {
      chars[k] = UInt8(48 + d % 10)
      d /= 10
    }
    chars[4] = 45  // "-"
    var r = right
    for k in stride(from: 9, through: 5, by: -1) {
      chars[k] = UInt8(65 + r % 26)
      r /= 26
    }
    return String(decoding: chars, as: UTF8.self)
  }
}
