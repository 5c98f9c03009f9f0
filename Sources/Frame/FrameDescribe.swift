extension DataFrame {
  /// One row per column summarizing it: `column`, `type`, `count` (non-missing), `missing`, then for
  /// numeric and bool columns `mean`, `sd`, `min`, `p25`, `p50`, `p75`, `max` (quantiles by linear
  /// interpolation), and for text and bool columns `unique`, `top` (most frequent value; ties go to
  /// the first in sort order) and `top_freq`. Statistics that do not apply are missing.
  public func describe() -> DataFrame {
    var names: [String] = [], types: [String] = []
    var counts: [Int] = [], missing: [Int] = []
    var mean: [Double?] = [], sd: [Double?] = [], lo: [Double?] = [], p25: [Double?] = []
    var p50: [Double?] = [], p75: [Double?] = [], hi: [Double?] = []
    var unique: [Int?] = [], top: [String?] = [], topFreq: [Int?] = []
    for c in columns {
      names.append(c.name)
      types.append(c.type.rawValue)
      counts.append(c.nonMissingCount)
      missing.append(c.missingCount)
      if c.isNumeric {
        mean.append(c.mean())
        sd.append(c.sd())
        let q = c.quantiles([0, 0.25, 0.5, 0.75, 1])
        lo.append(q[0])
        p25.append(q[1])
        p50.append(q[2])
        p75.append(q[3])
        hi.append(q[4])
      } else {
        mean.append(nil)
        sd.append(nil)
        lo.append(nil)
        p25.append(nil)
        p50.append(nil)
        p75.append(nil)
        hi.append(nil)
      }
      if c.type == .string || c.type == .bool {
        let (u, t, f) = c.mostFrequent()
        unique.append(u)
        top.append(t)
        topFreq.append(f)
      } else {
        unique.append(nil)
        top.append(nil)
        topFreq.append(nil)
      }
    }
    let summary = DataFrame.unchecked(
      columns: [
        Column(name: "column", strings: names),
        Column(name: "type", strings: types),
        Column(name: "count", ints: counts),
        Column(name: "missing", ints: missing),
        Column(name: "mean", floats: mean),
        Column(name: "sd", floats: sd),
        Column(name: "min", floats: lo),
        Column(name: "p25", floats: p25),
        Column(name: "p50", floats: p50),
        Column(name: "p75", floats: p75),
        Column(name: "max", floats: hi),
        optionalInts("unique", unique),
        Column(name: "top", strings: top),
        optionalInts("top_freq", topFreq),
      ], rowCount: columns.count)
    return summary
  }
}

/// An int column from optionals (nil = missing).
func optionalInts(_ name: String, _ values: [Int?]) -> Column {
  Column(name: name, ints: values.map { $0 ?? 0 }, valid: values.map { $0 != nil })
}

extension Column {
  /// Number of distinct values, the most frequent value as text (ties: first in sort order; nil
  /// when there are no values) and its frequency.
  func mostFrequent() -> (unique: Int, top: String?, freq: Int?) {
    let dense = denseSortedCodes()
    let groups = combineKeyCodes([dense], rowCount: count)
    var sizes = [Int](repeating: 0, count: groups.count)
    for g in groups.rowGroup { sizes[Int(g)] += 1 }
    var best: Int? = nil
    var unique = 0
    for g in 0..<groups.count where !isMissing(groups.firstRow[g]) {
      unique += 1
      if let b = best, sizes[b] >= sizes[g] { continue }
      best = g
    }
    guard let b = best else { return (0, nil, nil) }
    return (unique, cellLabel(value(at: groups.firstRow[b])), sizes[b])
  }
}
