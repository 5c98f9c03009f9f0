/// The project's one source of randomness: a seeded xoshiro256** generator.
///
/// Every random choice in churn (sampling, splits, bootstrap, tree growing, simulation) draws from a
/// `SeededRNG`. Parallel work never shares a generator: each work item (a tree, a fold, a simulation
/// replicate) derives its own stream with ``SeededRNG/derived(_:)``, so results do not depend on the
/// number of threads or on timing.
///
/// Algorithm: xoshiro256** 1.0 (Blackman & Vigna, 2018), state seeded through SplitMix64.
public struct SeededRNG: RandomNumberGenerator, Sendable {
  // Internal (not private) and the hot draws `@inlinable`, so that other modules' loops (a forest's
  // per-tree sampling) inline `next()` and `int(below:)` instead of calling across the module boundary.
  @usableFromInline var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64
  /// The seed this generator was created from (after derivation), kept for reporting.
  public let seed: UInt64

  /// Creates a generator from a seed. Equal seeds give equal streams on every platform.
  public init(seed: UInt64) {
    self.seed = seed
    var sm = seed
    s0 = SeededRNG.splitMix(&sm)
    s1 = SeededRNG.splitMix(&sm)
    s2 = SeededRNG.splitMix(&sm)
    s3 = SeededRNG.splitMix(&sm)
    if s0 | s1 | s2 | s3 == 0 { s0 = 0x9E37_79B9_7F4A_7C15 }
  }

  /// Creates a generator from a user-facing integer seed (negative seeds are allowed).
  public init(seed: Int) { self.init(seed: UInt64(bitPattern: Int64(seed))) }

  @inline(__always)
  static func splitMix(_ x: inout UInt64) -> UInt64 {
    x &+= 0x9E37_79B9_7F4A_7C15
    var z = x
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  @inlinable @inline(__always)
  static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 &- k)) }

  /// Next 64 random bits.
  @inlinable @inline(__always)
  public mutating func next() -> UInt64 {
    let result = SeededRNG.rotl(s1 &* 5, 7) &* 9
    let t = s1 << 17
    s2 ^= s0
    s3 ^= s1
    s1 ^= s2
    s0 ^= s3
    s2 ^= t
    s3 = SeededRNG.rotl(s3, 45)
    return result
  }

  /// An independent generator for work item `stream` (tree i, fold k, replicate r), derived from this
  /// generator's seed only — not from its current position — so derivation order does not matter.
  public func derived(_ stream: Int) -> SeededRNG {
    var x = seed ^ (UInt64(bitPattern: Int64(stream)) &* 0xD1B5_4A32_D192_ED03)
    return SeededRNG(seed: SeededRNG.splitMix(&x))
  }

  /// Uniform double in [0, 1) with 53 random bits.
  @inlinable @inline(__always)
  public mutating func uniform() -> Double { Double(next() >> 11) * 0x1.0p-53 }

  /// Uniform integer in `0..<n` (n > 0), unbiased (Lemire's method).
  @inlinable @inline(__always)
  public mutating func int(below n: Int) -> Int {
    precondition(n > 0, "int(below:) needs a positive bound")
    let bound = UInt64(n)
    var m = next().multipliedFullWidth(by: bound)
    if m.low < bound {
      let t = (0 &- bound) % bound
      while m.low < t { m = next().multipliedFullWidth(by: bound) }
    }
    return Int(m.high)
  }

  /// Standard normal draw (Marsaglia polar method; the spare value is discarded for simplicity and
  /// so that the stream position depends only on the number of calls).
  public mutating func normal() -> Double {
    while true {
      let u = 2 * uniform() - 1, v = 2 * uniform() - 1
      let s = u * u + v * v
      if s > 0 && s < 1 { return u * (-2 * _log(s) / s).squareRoot() }
    }
  }

  /// Normal draw with mean `mu` and standard deviation `sd`.
  public mutating func normal(mean mu: Double, sd: Double) -> Double { mu + sd * normal() }

  /// Bernoulli draw: true with probability `p`.
  @inlinable @inline(__always)
  public mutating func bernoulli(_ p: Double) -> Bool { uniform() < p }

  /// Fisher–Yates shuffle of `a` in place.
  public mutating func shuffle<T>(_ a: inout [T]) {
    if a.count < 2 { return }
    for i in stride(from: a.count - 1, to: 0, by: -1) {
      let j = int(below: i + 1)
      if i != j { a.swapAt(i, j) }
    }
  }

  /// A random permutation of `0..<n`.
  public mutating func permutation(_ n: Int) -> [Int] {
    var p = Array(0..<n)
    shuffle(&p)
    return p
  }

  /// `k` distinct indices from `0..<n`, in random order (k <= n): the first `k` steps of a Fisher–Yates
  /// shuffle of `0..<n` (step `i` swaps position `i` with `i + int(below: n - i)`).
  ///
  /// The steps run on an unchecked buffer and the result is the buffer cut to `k` in place (no second array);
  /// the draws and swaps are those of the plain loop (`RNGTests` compares the two over many seeds and sizes).
  public mutating func sample(_ n: Int, _ k: Int) -> [Int] {
    let n = Swift.max(0, n), k = Swift.max(0, Swift.min(k, n))
    var p = [Int](unsafeUninitializedCapacity: n) { buffer, count in
      for i in 0..<n { (buffer.baseAddress! + i).initialize(to: i) }
      count = n
    }
    if k > 0 {
      p.withUnsafeMutableBufferPointer { b in
        let a = b.baseAddress!
        for i in 0..<k {
          let j = i &+ int(below: n &- i)
          let t = a[i]
          a[i] = a[j]
          a[j] = t
        }
      }
    }
    p.removeLast(n - k)
    return p
  }
}

#if canImport(Glibc)
  import Glibc
  @inline(__always) func _log(_ x: Double) -> Double { Glibc.log(x) }
#elseif canImport(Darwin)
  import Darwin
  @inline(__always) func _log(_ x: Double) -> Double { Darwin.log(x) }
#endif

extension SeededRNG {
  /// A Poisson(mean) draw by inversion of the CDF (sequential search), in pieces of mean at most 16 so
  /// that e^−mean never underflows (a sum of independent Poissons is Poisson with the summed mean).
  public mutating func poisson(mean: Double) -> Int {
    guard mean > 0, mean.isFinite else { return 0 }
    var left = mean, total = 0
    while left > 0 {
      let m = min(left, 16)
      left -= m
      let u = uniform()
      var p = exp(-m), cdf = p, k = 0
      // Stop at u < cdf; the cap guards against rounding when u is within 1e-16 of 1.
      while u >= cdf && k < 1000 {
        k += 1
        p *= m / Double(k)
        cdf += p
      }
      total += k
    }
    return total
  }
}
