/// Turning a numeric column into ordered bins (text columns whose level order is the bin order).
extension Column {
  /// Bins values by fixed `breaks` (strictly increasing, at least two). Bins are left-closed,
  /// `[b0, b1)`, `[b1, b2)` …, except the last, which also holds its right edge: `[b(k-1), bk]`.
  /// Values outside `[b0, bk]` and missing values become missing. Default labels show the interval
  /// (`"[0, 6)"`); custom `labels` need one distinct label per bin. The result is an ordered text
  /// column with the same name.
  public func cut(breaks: [Double], labels: [String]? = nil) throws -> Column {
    guard isNumeric else {
      throw FrameError.typeMismatch(column: name, expected: "a numeric column (cut bins numbers)", got: type)
    }
    guard breaks.count >= 2 else {
      throw FrameError.invalidArgument("cut needs at least two breaks (got \(breaks.count))")
    }
    guard breaks.allSatisfy(\.isFinite) else { throw FrameError.invalidArgument("cut breaks must be finite numbers") }
    for k in 1..<breaks.count where !(breaks[k] > breaks[k - 1]) {
      throw FrameError.invalidArgument(
        "cut breaks must be strictly increasing "
          + "(\(compactNumber(breaks[k - 1])) is followed by \(compactNumber(breaks[k])))")
    }
    let binCount = breaks.count - 1
    let names: [String]
    if let labels {
      guard labels.count == binCount else {
        throw FrameError.invalidArgument("cut has \(binCount) bins but \(labels.count) labels were given")
      }
      guard Set(labels).count == labels.count else {
        throw FrameError.invalidArgument("cut labels must be distinct")
      }
      names = labels
    } else {
      names = (0..<binCount).map { k in
        "[\(compactNumber(breaks[k])), \(compactNumber(breaks[k + 1]))" + (k == binCount - 1 ? "]" : ")")
      }
    }
    var codes = [Int32](repeating: 0, count: count)
    var mask = [Bool](repeating: false, count: count)
    for i in 0..<count {
      guard let x = double(at: i), x >= breaks[0], x <= breaks[binCount] else { continue }
      // Last k with breaks[k] <= x, capped at the last bin.
      var lo = 0, hi = binCount
      while hi - lo > 1 {
        let mid = (lo + hi) / 2
        if breaks[mid] <= x { lo = mid } else { hi = mid }
      }
      codes[i] = Int32(lo)
      mask[i] = true
    }
    return Column(name: name, codes: codes, levels: names, valid: mask, ordered: true)
  }

  /// Bins values into `k` groups of (about) equal size by quantiles, like pandas `qcut`.
  ///
  /// Edges are the quantiles at 0, 1/k, …, 1 (linear interpolation); duplicate edges from ties are
  /// dropped, so fewer than `k` bins may result. Bins are right-closed, the first also left-closed:
  /// labels read `"Q1 [0, 9]"`, `"Q2 (9, 29]"` … Missing values stay missing. The result is an
  /// ordered text column with the same name.
  public func qcut(_ k: Int) throws -> Column {
    guard isNumeric else {
      throw FrameError.typeMismatch(column: name, expected: "a numeric column (qcut bins numbers)", got: type)
    }
    guard k >= 1, k <= 1000 else { throw FrameError.invalidArgument("qcut needs between 1 and 1000 bins (got \(k))") }
    let sorted = nonMissingDoubles().sorted()
    guard !sorted.isEmpty else {
      throw FrameError.invalidArgument("column '\(name)' has no values to split into quantile bins")
    }
    var edges: [Double] = []
    for j in 0...k {
      let e = sortedQuantile(sorted, Double(j) / Double(k)) ?? sorted[0]
      if edges.last.map({ e > $0 }) ?? true { edges.append(e) }
    }
    if edges.count == 1 { edges.append(edges[0]) }  // constant column: one bin [c, c]
    let binCount = edges.count - 1
    let names = (0..<binCount).map { b in
      "Q\(b + 1) " + (b == 0 ? "[" : "(") + "\(compactNumber(edges[b])), \(compactNumber(edges[b + 1]))]"
    }
    var codes = [Int32](repeating: 0, count: count)
    var mask = [Bool](repeating: false, count: count)
    for i in 0..<count {
      guard let x = double(at: i) else { continue }
      // First bin b with x <= edges[b + 1].
      var lo = 0, hi = binCount - 1
      while lo < hi {
        let mid = (lo + hi) / 2
        if x <= edges[mid + 1] { hi = mid } else { lo = mid + 1 }
      }
      codes[i] = Int32(lo)
      mask[i] = true
    }
    return Column(name: name, codes: codes, levels: names, valid: mask, ordered: true)
  }
}
