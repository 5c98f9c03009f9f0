// Histogram data shared by the terminal and SVG histograms: one set of equal-width bins over the
// pooled range of every series, so series are compared bin by bin.

/// What a histogram bar measures.
public enum HistogramStat: String, Sendable, CaseIterable {
  /// Number of values in the bin.
  case count
  /// Share of the series' values in the bin (bars of a series sum to 1).
  case proportion
  /// Proportion divided by bin width (the bars' area sums to 1), as in `numpy.histogram(density=True)`.
  case density
}

/// A named list of values (one histogram series).
public struct ValueSeries: Sendable {
  public var label: String
  public var values: [Double]
  public init(label: String, values: [Double]) {
    self.label = label
    self.values = values
  }
}

/// What to draw as a histogram: series, bin count, statistic and labels.
public struct HistogramSpec: Sendable {
  public var series: [ValueSeries]
  /// Number of equal-width bins (clamped to 1...1000; terminal plots also fit it to the width).
  public var bins: Int
  public var stat: HistogramStat
  public var title: String?
  public var xLabel: String?
  /// Fixed bin range; by default the pooled finite range of all series.
  public var range: ClosedRange<Double>?
  /// Draw the series over each other in one panel (terminal: one outline per series) rather than as
  /// stacked panels. SVG histograms always overlay.
  public var overlay: Bool

  public init(
    series: [ValueSeries], bins: Int = 20, stat: HistogramStat = .count, title: String? = nil,
    xLabel: String? = nil, range: ClosedRange<Double>? = nil, overlay: Bool = false
  ) {
    self.series = series
    self.bins = bins
    self.stat = stat
    self.title = title
    self.xLabel = xLabel
    self.range = range
    self.overlay = overlay
  }
}

/// Binned counts of one or more series over shared equal-width bins.
///
/// Bins are half-open `[edge[i], edge[i+1])` except the last, which includes the upper edge (as
/// numpy does). Non-finite values and values outside a fixed range are not counted; `dropped`
/// says how many per series.
public struct HistogramBins: Sendable, Equatable {
  /// `bins + 1` ascending bin edges.
  public var edges: [Double]
  /// `counts[s][i]`: values of series `s` in bin `i`.
  public var counts: [[Int]]
  /// Counted values per series.
  public var n: [Int]
  /// Non-finite or out-of-range values per series.
  public var dropped: [Int]

  /// Bins the series of `spec` (bin count clamped to 1...1000).
  public init(_ spec: HistogramSpec) {
    let k = max(1, min(spec.bins, 1000))
    var lo = 0.0, hi = 1.0
    if let r = spec.range, r.lowerBound.isFinite, r.upperBound.isFinite {
      (lo, hi) = drawableRange(r.lowerBound, r.upperBound)
    } else if let (a, b) = finiteExtent(spec.series.map(\.values)) {
      (lo, hi) = drawableRange(a, b)
    }
    edges = (0...k).map { i in i == k ? hi : lo + (hi - lo) * Double(i) / Double(k) }
    counts = []
    n = []
    dropped = []
    for s in spec.series {
      var c = [Int](repeating: 0, count: k)
      var used = 0
      for v in s.values where v.isFinite && v >= lo && v <= hi {
        let i = min(k - 1, max(0, Int((v - lo) / (hi - lo) * Double(k))))
        c[i] += 1
        used += 1
      }
      counts.append(c)
      n.append(used)
      dropped.append(s.values.count - used)
    }
  }

  /// Bar heights of series `s` under `stat`.
  public func heights(_ s: Int, stat: HistogramStat) -> [Double] {
    let total = Double(max(1, n[s]))
    switch stat {
    case .count: return counts[s].map(Double.init)
    case .proportion: return counts[s].map { Double($0) / total }
    case .density:
      return counts[s].indices.map { i in
        Double(counts[s][i]) / total / max(edges[i + 1] - edges[i], .leastNormalMagnitude)
      }
    }
  }

  /// The tallest bar over all series under `stat`.
  public func maxHeight(stat: HistogramStat) -> Double {
    counts.indices.reduce(0) { max($0, heights($1, stat: stat).max() ?? 0) }
  }
}

/// Header of a histogram panel: `label (n=1869)`, noting dropped values.
func seriesCaption(label: String, n: Int, dropped: Int) -> String {
  let base = label.isEmpty ? "" : label + " "
  return base + "(n=\(n)" + (dropped > 0 ? ", \(dropped) missing or out of range" : "") + ")"
}
