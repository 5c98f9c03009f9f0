import Frame
import Stats

/// How one feature's values map to bins (at most 255 bins plus a missing bin).
public struct FeatureBins: Sendable, Codable, Equatable {
  /// Numeric features: bin `b` holds values `x ≤ upperBounds[b]` (and above the previous bound); the
  /// last bound is +∞. Empty for categorical features.
  public var upperBounds: [Double]
  /// Categorical features: number of level codes (bins are the codes). Zero for numeric features.
  public var levelCount: Int

  /// True for a categorical feature.
  public var isCategorical: Bool { levelCount > 0 }
  /// Number of non-missing bins.
  public var binCount: Int { isCategorical ? levelCount : upperBounds.count }

  /// The bin of a value (missing/NaN -> ``FeatureBinner/missingBin``).
  @inline(__always)
  public func bin(_ x: Double) -> UInt8 {
    if x.isNaN { return FeatureBinner.missingBin }
    if isCategorical {
      let c = Int(exactly: x) ?? -1
      return c >= 0 && c < levelCount ? UInt8(c) : FeatureBinner.missingBin
    }
    // First bound ≥ x (binary search); bounds are strictly increasing and end with +∞.
    var lo = 0, hi = upperBounds.count - 1
    while lo < hi {
      let mid = (lo + hi) >> 1
      if x <= upperBounds[mid] { hi = mid } else { lo = mid + 1 }
    }
    return UInt8(lo)
  }
}

/// Maps design columns to small integer bins for histogram-based tree growing.
///
/// Shared by every tree model (decision tree, random forest, gradient boosting, causal forest).
/// Numeric features get at most `maxBins` (≤ 255) bins whose edges are quantiles of a sample of the
/// values (up to `sampleSize` rows, taken at a fixed stride so it is deterministic): when a feature has
/// few distinct values each gets its own bin with the edge halfway to the next value; otherwise bins are
/// filled greedily to about equal counts, so a heavy single value keeps a bin of its own. Categorical
/// features (level codes from a `codes` design) use one bin per level (at most 255 levels). Missing
/// values always go to the reserved bin 255, so trees can learn where to send them.
///
/// A split "bin ≤ b" on binned data equals "x ≤ upperBounds[b]" on raw values, so trees predict on raw
/// design matrices without binning them.
public struct FeatureBinner: Sendable, Codable, Equatable {
  /// The bin code of a missing value.
  public static let missingBin: UInt8 = 255
  public var features: [FeatureBins]

  /// Fits bins for every column of `x`.
  public static func fit(_ x: DesignMatrix, maxBins: Int = 255, sampleSize: Int = 200_000) throws -> FeatureBinner {
    try check("max_bins", maxBins, 2...255, "an integer in 2…255")
    var out = [FeatureBins](repeating: FeatureBins(upperBounds: [], levelCount: 0), count: x.columnCount)
    var failure: Error? = nil
    for j in 0..<x.columnCount {
      if case .categorical(let k) = x.featureKinds[j] {
        if k > 255 {
          failure = ModelError.unsupported(
            "column '\(x.columnNames[j])' has \(k) levels; tree models handle at most "
              + "255 levels (group rare levels first)")
          break
        }
        out[j] = FeatureBins(upperBounds: [], levelCount: max(k, 1))
      }
    }
    if let failure { throw failure }
    let numeric = (0..<x.columnCount).filter { !out[$0].isCategorical }
    let n = x.rowCount
    let stride = max(1, n / max(sampleSize, 1))
    x.values.withUnsafeBufferPointer { v in
      out.withUnsafeMutableBufferPointer { o in
        let vb = UncheckedSendable(v), ob = SharedPointer(o.baseAddress!)
        parallelFor(numeric.count) { k in
          let j = numeric[k]
          var sample: [Double] = []
          sample.reserveCapacity(n / stride + 1)
          var i = 0
          while i < n {
            let a = vb.value[j * n + i]
            if !a.isNaN { sample.append(a) }
            i += stride
          }
          ob[j] = FeatureBins(upperBounds: quantileBounds(sample, maxBins: maxBins), levelCount: 0)
        }
      }
    }
    return FeatureBinner(features: out)
  }

  /// Upper bin bounds from a sample of non-missing values.
  static func quantileBounds(_ values: [Double], maxBins: Int) -> [Double] {
    if values.isEmpty { return [.infinity] }
    let sorted = radixSorted(values)
    var distinct: [Double] = []
    var counts: [Int] = []
    for v in sorted {
      if let last = distinct.last, last == v {
        counts[counts.count - 1] += 1
      } else {
        distinct.append(v)
        counts.append(1)
      }
    }
    var bounds: [Double] = []
    if distinct.count <= maxBins {
      for i in 0..<(distinct.count - 1) { bounds.append(midpoint(distinct[i], distinct[i + 1])) }
      bounds.append(.infinity)
      return bounds
    }
    var remaining = sorted.count
    var binsLeft = maxBins
    var inBin = 0
    for i in 0..<distinct.count {
      inBin += counts[i]
      remaining -= counts[i]
      let target = Double(inBin + remaining) / Double(binsLeft)
      let last = i == distinct.count - 1
      // Close the bin when it is full, or when the next value alone would overfill it.
      if !last && binsLeft > 1 && (Double(inBin) >= target || Double(inBin + counts[i + 1]) > 1.5 * target && inBin > 0)
      {
        bounds.append(midpoint(distinct[i], distinct[i + 1]))
        binsLeft -= 1
        inBin = 0
      }
    }
    bounds.append(.infinity)
    return bounds
  }

  /// A midpoint strictly between a < b that is representable (falls back to `a`).
  @inline(__always)
  static func midpoint(_ a: Double, _ b: Double) -> Double {
    let m = a + (b - a) / 2
    return m < b && m >= a ? m : a
  }

  /// Bins every row of `x` (into both a row-major and a column-major matrix).
  public func bin(_ x: DesignMatrix) -> BinnedMatrix {
    var out = BinnedMatrixBuilder(rows: x.rowCount, cols: x.columnCount)
    out.add(x, firstColumn: 0, bins: features)
    return out.finish(features: features)
  }
}

/// Fills a ``BinnedMatrix`` a block of design columns at a time, so the design never has to be held whole
/// (``GradientBoosting`` bins 1M × 100 designs eight columns at a time instead of copying 800 MB).
///
/// Numeric values find their bin by a branch-free binary search over the bounds padded to 256 entries
/// with +∞ (eight steps, each a conditional add instead of a hard-to-predict branch), so consecutive
/// values' searches overlap in the CPU; the bin is the number of bounds below the value, the same bin
/// ``FeatureBins/bin(_:)`` returns.
struct BinnedMatrixBuilder {
  let rows: Int
  let cols: Int
  private var bins: [UInt8]
  private var columns: [UInt8]

  /// An all-zero `rows` × `cols` binned matrix to fill.
  init(rows: Int, cols: Int) {
    self.rows = rows
    self.cols = cols
    bins = [UInt8](repeating: 0, count: rows * cols)
    columns = [UInt8](repeating: 0, count: rows * cols)
  }

  /// Bins the columns of `x` (`x.rowCount` must be `rows`) as the matrix's columns
  /// `firstColumn..<firstColumn + x.columnCount`, with `bins[j]` the bins of `x`'s column j.
  mutating func add(_ x: DesignMatrix, firstColumn j0: Int, bins features: [FeatureBins]) {
    let n = rows, p = cols, width = x.columnCount
    guard width > 0, n > 0 else { return }
    let blockRows = 4096
    let blocks = (n + blockRows - 1) / blockRows
    // Padded bounds of the numeric features, 256 per feature (categorical features' rows stay unused).
    var padded = [Double](repeating: .infinity, count: 256 * width)
    for (j, f) in features.enumerated() where !f.isCategorical {
      for (b, u) in f.upperBounds.prefix(256).enumerated() { padded[256 * j + b] = u }
    }
    x.values.withUnsafeBufferPointer { v in
      bins.withUnsafeMutableBufferPointer { b in
        columns.withUnsafeMutableBufferPointer { c in
          padded.withUnsafeBufferPointer { tp in
            let vb = UncheckedSendable(v), bb = SharedPointer(b.baseAddress!), cb = SharedPointer(c.baseAddress!)
            let tb = UncheckedSendable(tp.baseAddress!)
            parallelFor(blocks) { blk in
              let lo = blk * blockRows, hi = min(n, lo + blockRows)
              for j in 0..<width {
                let col = vb.value.baseAddress! + j * n
                let out = j0 &+ j
                if features[j].isCategorical {
                  let f = features[j]
                  for i in lo..<hi {
                    let code = f.bin(col[i])
                    bb[i &* p &+ out] = code
                    cb[out &* n &+ i] = code
                  }
                  continue
                }
                let t = tb.value + 256 &* j
                for i in lo..<hi {
                  let x = col[i]
                  var k = 0
                  k &+= t[k &+ 127] < x ? 128 : 0
                  k &+= t[k &+ 63] < x ? 64 : 0
                  k &+= t[k &+ 31] < x ? 32 : 0
                  k &+= t[k &+ 15] < x ? 16 : 0
                  k &+= t[k &+ 7] < x ? 8 : 0
                  k &+= t[k &+ 3] < x ? 4 : 0
                  k &+= t[k &+ 1] < x ? 2 : 0
                  k &+= t[k] < x ? 1 : 0
                  // NaN compares false everywhere (k = 0): it goes to the missing bin.
                  let code = x.isNaN ? FeatureBinner.missingBin : UInt8(truncatingIfNeeded: k)
                  bb[i &* p &+ out] = code
                  cb[out &* n &+ i] = code
                }
              }
            }
          }
        }
      }
    }
  }

  /// The filled matrix, with `features` the bins of all its columns.
  func finish(features: [FeatureBins]) -> BinnedMatrix {
    BinnedMatrix(rows: rows, cols: cols, bins: bins, columns: columns, features: features)
  }
}

/// A binned design, kept in two layouts (bytes are cheap: 20 MB each for 1M rows × 20 features):
/// `bins[i * cols + j]` (row-major: one row's features adjacent, the fastest layout for building
/// histograms of all features over a node's rows) and `columns[j * rows + i]` (column-major: one
/// feature's bins adjacent, the fastest layout for partitioning a node on its split feature and for
/// collecting one feature's bins in small nodes).
public struct BinnedMatrix: Sendable {
  public let rows: Int
  public let cols: Int
  public let bins: [UInt8]
  public let columns: [UInt8]
  public let features: [FeatureBins]

  /// Creates a binned matrix from its row-major bins (the column-major copy is derived).
  public init(rows: Int, cols: Int, bins: [UInt8], features: [FeatureBins]) {
    var c = [UInt8](repeating: 0, count: rows * cols)
    for i in 0..<rows { for j in 0..<cols { c[j * rows + i] = bins[i * cols + j] } }
    self.init(rows: rows, cols: cols, bins: bins, columns: c, features: features)
  }

  /// Creates a binned matrix from both layouts.
  public init(rows: Int, cols: Int, bins: [UInt8], columns: [UInt8], features: [FeatureBins]) {
    self.rows = rows
    self.cols = cols
    self.bins = bins
    self.columns = columns
    self.features = features
  }

  @inline(__always)
  public subscript(i: Int, j: Int) -> UInt8 { bins[i * cols + j] }
}

/// Sorts finite doubles ascending by LSD radix sort on their order-preserving bit patterns
/// (8 passes of 8 bits): O(n), several times faster than a comparison sort for bin fitting.
func radixSorted(_ values: [Double]) -> [Double] {
  let n = values.count
  if n < 256 { return values.sorted() }
  var keys = values.map { v -> UInt64 in
    let b = (v == 0 ? 0.0 : v).bitPattern  // -0 and +0 sort together
    return b & (1 << 63) != 0 ? ~b : b | (1 << 63)
  }
  var tmp = [UInt64](repeating: 0, count: n)
  var counts = [Int](repeating: 0, count: 256)
  keys.withUnsafeMutableBufferPointer { kp in
    tmp.withUnsafeMutableBufferPointer { tp in
      var src = kp.baseAddress!, dst = tp.baseAddress!
      for pass in 0..<8 {
        let shift = UInt64(pass * 8)
        for k in 0..<256 { counts[k] = 0 }
        for i in 0..<n { counts[Int((src[i] >> shift) & 0xFF)] += 1 }
        if counts.contains(n) { continue }  // every key has the same byte here
        var total = 0
        for k in 0..<256 {
          let c = counts[k]
          counts[k] = total
          total += c
        }
        for i in 0..<n {
          let d = Int((src[i] >> shift) & 0xFF)
          dst[counts[d]] = src[i]
          counts[d] += 1
        }
        swap(&src, &dst)
      }
      if src != kp.baseAddress! { kp.baseAddress!.update(from: src, count: n) }
    }
  }
  return keys.map { k in
    Double(bitPattern: k & (1 << 63) != 0 ? k & ~(1 << 63) : ~k)
  }
}
