import Stats

/// Distinct row ids in increasing order, by marking them in a bitset and sweeping it: O(n/64 + k)
/// instead of a comparison sort's O(k log k). The result is the same as `ids.sorted()` for distinct ids.
///
/// Forests sort every tree's subsample (and its honesty halves); with thousands of small trees the
/// generic sort was a visible share of a causal forest's fit.
enum SortedIds {
  /// `ids` (distinct, each in `0..<bound`) sorted ascending, as `Int32`.
  static func sorted<C: Collection>(_ ids: C, bound: Int) -> [Int32] where C.Element: BinaryInteger {
    let words = (bound + 63) >> 6
    var out = [Int32]()
    out.reserveCapacity(ids.count)
    withUnsafeTemporaryAllocation(of: UInt64.self, capacity: max(1, words)) { bp in
      let bits = bp.baseAddress!
      bits.initialize(repeating: 0, count: words)
      for v in ids {
        let i = Int(v)
        bits[i >> 6] |= 1 << UInt64(i & 63)
      }
      for w in 0..<words {
        var b = bits[w]
        while b != 0 {
          out.append(Int32(truncatingIfNeeded: w << 6 | b.trailingZeroBitCount))
          b &= b - 1
        }
      }
    }
    return out
  }
}

extension SortedIds {
  /// The ids of `rng.sample(n, k)` sorted ascending — the same draws in the same order, so `rng` ends where
  /// the sample would leave it — without the sample's array of `n` Ints or a sort of its result.
  ///
  /// The partial Fisher–Yates shuffle runs on `Int32` scratch and its first `k` entries are marked in a
  /// bitset, swept in order. When `k ≥ n` the subset is every id whatever the draws, so the `n` draws are
  /// made (their values discarded) without the swaps. (A causal forest's trees each take all of their
  /// little bag's half-sample this way: `sample.fraction` 0.5 of the half rounded up.)
  static func sample(_ n: Int, _ k: Int, rng: inout SeededRNG) -> [Int32] {
    let n = Swift.max(0, n), k = Swift.max(0, Swift.min(k, n))
    if k == n {
      return [Int32](unsafeUninitializedCapacity: n) { a, count in
        for i in 0..<n {
          _ = rng.int(below: n &- i)
          (a.baseAddress! + i).initialize(to: Int32(truncatingIfNeeded: i))
        }
        count = n
      }
    }
    return withUnsafeTemporaryAllocation(of: Int32.self, capacity: Swift.max(1, n)) { scratch in
      let p = scratch.baseAddress!
      for i in 0..<n { p[i] = Int32(truncatingIfNeeded: i) }
      for i in 0..<k {
        let j = i &+ rng.int(below: n &- i)
        let t = p[i]
        p[i] = p[j]
        p[j] = t
      }
      return sorted(UnsafeBufferPointer(start: p, count: k), bound: n)
    }
  }

  /// `ids` (sorted ascending, distinct) shuffled as ``SeededRNG/shuffle(_:)`` shuffles them (the same
  /// draws), then cut after `cut` entries; returns both parts sorted ascending.
  ///
  /// Only positions are shuffled (`Int32` scratch); because `ids` is sorted, a part sorted is `ids` at its
  /// positions sorted, which one sweep of a bitset of the first part's positions gives for both parts.
  static func shuffledSplit(_ ids: [Int32], cut: Int, rng: inout SeededRNG) -> (first: [Int32], rest: [Int32]) {
    let s = ids.count, cut = Swift.max(0, Swift.min(cut, s))
    let words = (s + 63) >> 6
    return withUnsafeTemporaryAllocation(of: Int32.self, capacity: Swift.max(1, s)) { scratch in
      let p = scratch.baseAddress!
      for i in 0..<s { p[i] = Int32(truncatingIfNeeded: i) }
      var i = s &- 1
      while i > 0 {
        let j = rng.int(below: i &+ 1)
        let t = p[i]
        p[i] = p[j]
        p[j] = t
        i &-= 1
      }
      return withUnsafeTemporaryAllocation(of: UInt64.self, capacity: Swift.max(1, words)) { bp in
        let bits = bp.baseAddress!
        bits.initialize(repeating: 0, count: words)
        for q in 0..<cut {
          let v = Int(p[q])
          bits[v >> 6] |= 1 << UInt64(v & 63)
        }
        // Every id is written to the cursor of both parts; only its own part's cursor advances (one spare
        // slot each for the last writes).
        var first = [Int32](repeating: 0, count: cut + 1), rest = [Int32](repeating: 0, count: s - cut + 1)
        ids.withUnsafeBufferPointer { src in
          first.withUnsafeMutableBufferPointer { f in
            rest.withUnsafeMutableBufferPointer { r in
              var a = 0, b = 0
              for q in 0..<s {
                let v = src[q], inFirst = Int((bits[q >> 6] >> UInt64(q & 63)) & 1)
                f[a] = v
                r[b] = v
                a &+= inFirst
                b &+= 1 &- inFirst
              }
            }
          }
        }
        first.removeLast()
        rest.removeLast()
        return (first, rest)
      }
    }
  }
}
