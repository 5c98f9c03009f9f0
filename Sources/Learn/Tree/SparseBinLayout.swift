/// How the grower's small-node accumulator (``SparseBinScratch``) stores one bin's channel sums.
///
/// When every sample of a node has weight 1, the causal and one-response regression rules' weight channel
/// (Σw) equals the count channel, and the causal rule's "W below the node mean" channel holds 0/1 values: the
/// accumulator then stores fewer doubles per bin, so the histogram pass loads and stores less per (row, feature)
/// (stores bound that loop). Every packed channel is a sum of small integers, exact in any order, so decoding
/// gives the same bits as the channels summed one by one; the other channels are summed as before, in node order.
enum SparseBinLayout {
  /// The scorer's `channels` sums per bin.
  case plain
  /// ``CausalScorer`` with unit weights: (count + 2²⁰ · #below, Σρ, ΣW, ΣW²) per bin.
  case causalPacked
  /// One-response ``VarianceScorer`` with unit weights: (count, Σr) per bin.
  case regressionPacked

  /// Doubles per bin for a scorer with `channels` channels.
  @inline(__always)
  func stride(channels: Int) -> Int {
    switch self {
    case .plain: return channels
    case .causalPacked: return 4
    case .regressionPacked: return 2
    }
  }

  /// The factor of the causal packed count channel: count + scale · #below is exact, and decodes, while the
  /// node has fewer than `scale` samples (small nodes have fewer than ``TreeGrower/sparseThreshold``).
  static let belowScale = 1_048_576.0

  /// The count and the "below" count of a causal packed count channel `x` = count + 2²⁰ · below, an integer
  /// below 2⁵²: in `x + 2⁵²` the mantissa's bits are `x`'s (integer operations, no call to `floor`, which the
  /// baseline x86-64 target has no instruction for, and no range check of a conversion).
  @inline(__always)
  static func countAndBelow(_ x: Double) -> (count: Double, below: Double) {
    let packed = (x + 4_503_599_627_370_496.0).bitPattern & 0xF_FFFF_FFFF_FFFF
    return (Double(packed & 0xF_FFFF), Double(packed >> 20))
  }

  /// Channel `k` of the scorer's channels from a bin stored at `s` in this layout.
  @inline(__always)
  func channel(_ k: Int, of s: UnsafePointer<Double>) -> Double {
    switch self {
    case .plain: return s[k]
    case .causalPacked:
      let (n, below) = SparseBinLayout.countAndBelow(s[0])
      switch k {
      case 0, 1: return n
      case 5: return below
      default: return s[k - 1]
      }
    case .regressionPacked: return k == 2 ? s[1] : s[0]
    }
  }

  /// A causal bin's six channels (count, Σw, Σwρ, ΣwW, ΣwW², #below) from a bin stored at `s` in this layout
  /// (``plain`` or ``causalPacked``).
  @inline(__always)
  func causalChannels(_ s: UnsafePointer<Double>) -> (Double, Double, Double, Double, Double, Double) {
    if self == .causalPacked {
      let (n, below) = SparseBinLayout.countAndBelow(s[0])
      return (n, n, s[1], s[2], s[3], below)
    }
    return (s[0], s[1], s[2], s[3], s[4], s[5])
  }

  /// A one-response regression bin's three channels (count, Σw, Σwr) from a bin stored at `s` in this layout
  /// (``plain`` or ``regressionPacked``).
  @inline(__always)
  func regressionChannels(_ s: UnsafePointer<Double>) -> (Double, Double, Double) {
    if self == .regressionPacked { return (s[0], s[0], s[1]) }
    return (s[0], s[1], s[2])
  }
}
