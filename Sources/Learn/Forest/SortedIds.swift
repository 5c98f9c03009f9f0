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
