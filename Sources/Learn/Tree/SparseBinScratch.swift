/// Memory of the grower's small-node histogram pass (``TreeGrower``'s `sparseBins` and `takeSparseBins`) and
/// of its per-node feature draws, allocated once per grower.
///
/// Every pointer is a `let` of a value type held in a `let` of the grower, so the hot loops read them
/// without the dynamic exclusivity checks (`swift_beginAccess`) that a class's `var` properties cost at
/// every access — about 5% of phase 04's CPU before (perf, session 11).
///
/// Every feature has a region of `binCount + 1` bins (its bins, then the missing bin), rounded up to 32,
/// starting at `offset[f]`: `acc` holds `channels` sums per bin and `seen` one byte per bin marking the
/// bins met. Both are all zeros between nodes. Rounding to 32 lets the collection of the bins met test
/// 32 marks with one comparison of four words without reading another feature's marks.
struct SparseBinScratch {
  /// `channels` sums per bin of every feature's region.
  let acc: UnsafeMutablePointer<Double>
  /// One byte per bin: 1 when the node's samples met the bin.
  let seen: UnsafeMutablePointer<UInt8>
  /// Start of each feature's region, in bins.
  let offset: UnsafeMutablePointer<Int>
  /// Bin count of each feature (its missing bin's index in its region).
  let binCount: UnsafeMutablePointer<Int>
  /// `regionBin[f × 256 + b]`: where bin `b` of feature `f` is summed, `offset[f] + min(b, binCount[f])` (bins
  /// are below the bin count or the missing bin, ``FeatureBins/bin(_:)``), so the histogram pass finds a
  /// sample's accumulator bin with one table load.
  let regionBin: UnsafeMutablePointer<Int32>
  /// Scratch for a node's feature draw: the permuted features and the batch drawn (`features` entries each).
  let perm: UnsafeMutablePointer<Int>
  let batch: UnsafeMutablePointer<Int>
  /// The batch's features in the order the histogram pass visits them (marked bins first).
  let order: UnsafeMutablePointer<Int>
  /// Number of features of the data (the capacity of the per-feature and per-slot arrays).
  let features: Int
  /// Rows the few-bin pass's node buffers (`rowAt`, `pairs`) hold: the small-node bound.
  let rows: Int
  /// The few-bin pass's row offsets of a node's samples (`sample × columns`), in node order.
  let rowAt: UnsafeMutablePointer<Int>
  /// The few-bin pass's packed contributions of a node's samples (one or two pairs each), in node order.
  let pairs: UnsafeMutablePointer<SIMD2<Double>>
  /// `masks[b × 4 + j]`: all ones when `j == b`, else zeros (b, j < 4): selects a sample's bin among the
  /// few-bin pass's register sums without a branch.
  let masks: UnsafeMutablePointer<SIMD2<UInt64>>
  /// Per feature: numeric with exactly two bins and no missing values in the data (e.g. a one-hot dummy). Its
  /// second bin is never a split's left side and a node never has missing values for it, so the split scans read
  /// only that bin's count; the few-bin pass sums the first bin alone (``TreeGrower``'s `twoBinPairPass`).
  let countOnlyLastBin: UnsafeMutablePointer<Bool>

  /// Zeroed scratch for `data`'s features with `channels` sums per bin.
  init(data: BinnedMatrix, channels: Int, rows: Int) {
    let p = data.cols
    features = p
    self.rows = rows
    rowAt = .allocate(capacity: max(rows, 1))
    rowAt.initialize(repeating: 0, count: max(rows, 1))
    pairs = .allocate(capacity: max(2 * rows, 1))
    pairs.initialize(repeating: .zero, count: max(2 * rows, 1))
    masks = .allocate(capacity: 16)
    for b in 0..<4 {
      for j in 0..<4 { masks[b * 4 + j] = SIMD2(repeating: b == j ? UInt64.max : 0) }
    }
    offset = .allocate(capacity: p + 1)
    binCount = .allocate(capacity: max(p, 1))
    regionBin = .allocate(capacity: max(p, 1) * 256)
    perm = .allocate(capacity: max(p, 1))
    batch = .allocate(capacity: max(p, 1))
    order = .allocate(capacity: max(p, 1))
    order.initialize(repeating: 0, count: max(p, 1))
    perm.initialize(repeating: 0, count: max(p, 1))
    batch.initialize(repeating: 0, count: max(p, 1))
    offset[0] = 0
    for f in 0..<p {
      let bins = data.features[f].binCount
      binCount[f] = bins
      offset[f + 1] = offset[f] + (bins + 1 + 31) / 32 * 32
    }
    for f in 0..<p {
      for b in 0..<256 { regionBin[f * 256 + b] = Int32(offset[f] + min(b, binCount[f])) }
    }
    let countOnly = UnsafeMutablePointer<Bool>.allocate(capacity: max(p, 1))
    countOnly.initialize(repeating: false, count: max(p, 1))
    data.columns.withUnsafeBufferPointer { cp in
      for f in 0..<p where !data.features[f].isCategorical && data.features[f].binCount == 2 {
        let column = UnsafeBufferPointer(rebasing: cp[(f * data.rows)..<((f + 1) * data.rows)])
        countOnly[f] = !column.contains { $0 >= 2 }
      }
    }
    countOnlyLastBin = countOnly
    let total = offset[p]
    acc = .allocate(capacity: max(total * channels, 1))
    acc.initialize(repeating: 0, count: max(total * channels, 1))
    seen = .allocate(capacity: max(total, 1))
    seen.initialize(repeating: 0, count: max(total, 1))
  }

  /// Frees the memory (the grower's `deinit`).
  func deallocate() {
    acc.deallocate()
    seen.deallocate()
    offset.deallocate()
    binCount.deallocate()
    regionBin.deallocate()
    perm.deallocate()
    batch.deallocate()
    order.deallocate()
    rowAt.deallocate()
    pairs.deallocate()
    masks.deallocate()
    countOnlyLastBin.deallocate()
  }
}
