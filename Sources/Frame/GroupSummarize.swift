/// One output column of ``GroupedFrame/summarize(_:)``: a name and what to compute per group.
public struct Aggregation: Sendable, Equatable {
  /// What to compute for each group. Every function skips missing values of its column.
  public enum Function: Sendable, Equatable {
    /// Number of rows in the group (missing values included).
    case count
    /// Sum (int for int/bool columns, float otherwise; 0 for a group with no values).
    case sum(String)
    /// Mean (missing for a group with no values).
    case mean(String)
    /// Sample standard deviation, n - 1 (missing with fewer than two values).
    case sd(String)
    /// Smallest value (same type as the column; text by sort order).
    case min(String)
    /// Largest value (same type as the column; text by sort order).
    case max(String)
    /// Median (linear interpolation).
    case median(String)
    /// Quantile `q` in [0, 1] (linear interpolation, numpy's default).
    case quantile(String, Double)
    /// Fraction of non-missing values that are true (bool) or non-zero (numbers).
    case share(String)
    /// Number of missing values.
    case nMissing(String)
    /// Number of distinct non-missing values.
    case nDistinct(String)

    /// The column the function reads, if any.
    public var column: String? {
      switch self {
      case .count: return nil
      case .sum(let c), .mean(let c), .sd(let c), .min(let c), .max(let c), .median(let c),
        .quantile(let c, _), .share(let c), .nMissing(let c), .nDistinct(let c):
        return c
      }
    }
  }

  /// Name of the output column.
  public var name: String
  /// What to compute.
  public var function: Function

  /// An aggregation producing column `name`.
  public init(name: String, function: Function) {
    self.name = name
    self.function = function
  }
}

extension GroupedFrame {
  /// One row per group: the key columns followed by one column per aggregation.
  ///
  /// Each aggregation is one pass over the column's contiguous storage, accumulating into per-group
  /// arrays indexed by the row's group id (sums are compensated, Neumaier; sd is two-pass; median and
  /// quantiles sort each group's values). Errors name unknown columns, text columns given to numeric
  /// functions, quantiles outside [0, 1] and output names that clash.
  public func summarize(_ aggs: [Aggregation]) throws -> DataFrame {
    var out = keys
    for a in aggs {
      if out.index(of: a.name) != nil {
        throw FrameError.invalidArgument("summarize: output column '\(a.name)' already exists (choose another name)")
      }
      try out.append(try aggregate(a))
    }
    return out
  }

  /// One aggregation's output column (one value per group).
  func aggregate(_ a: Aggregation) throws -> Column {
    let g = groupCount
    switch a.function {
    case .count:
      return Column(name: a.name, ints: groupSizes)
    case .nMissing(let c):
      let col = try source.column(c)
      var counts = [Int](repeating: 0, count: g)
      if let mask = col.valid { for i in 0..<rowGroup.count where !mask[i] { counts[Int(rowGroup[i])] += 1 } }
      return Column(name: a.name, ints: counts)
    case .nDistinct(let c):
      return Column(name: a.name, ints: groupDistinctCounts(try source.column(c)))
    case .sum(let c):
      let col = try numericColumn(c, for: "sum")
      if col.type == .int || col.type == .bool, let ints = groupIntSums(col) { return Column(name: a.name, ints: ints) }
      let (sums, _) = groupSums(col)
      return Column(name: a.name, floatValues: sums, valid: nil)
    case .mean(let c):
      let (sums, counts) = groupSums(try numericColumn(c, for: "mean"))
      return floatColumn(a.name, (0..<g).map { counts[$0] > 0 ? sums[$0] / Double(counts[$0]) : nil })
    case .sd(let c):
      return floatColumn(a.name, groupSDs(try numericColumn(c, for: "sd")))
    case .share(let c):
      let col = try numericColumn(c, for: "share")
      var hits = [Int](repeating: 0, count: g), counts = [Int](repeating: 0, count: g)
      forEachGroupedNumber(col, rowGroup) { k, x in
        counts[k] += 1
        if x != 0 { hits[k] += 1 }
      }
      return floatColumn(a.name, (0..<g).map { counts[$0] > 0 ? Double(hits[$0]) / Double(counts[$0]) : nil })
    case .median(let c):
      return floatColumn(a.name, groupQuantiles(try numericColumn(c, for: "median"), 0.5))
    case .quantile(let c, let q):
      guard q >= 0, q <= 1 else {
        throw FrameError.invalidArgument("quantile must be between 0 and 1 (got \(compactNumber(q)))")
      }
      return floatColumn(a.name, groupQuantiles(try numericColumn(c, for: "quantile"), q))
    case .min(let c):
      return try groupExtreme(try source.column(c), largest: false).renamed(a.name)
    case .max(let c):
      return try groupExtreme(try source.column(c), largest: true).renamed(a.name)
    }
  }

  private func numericColumn(_ name: String, for function: String) throws -> Column {
    let col = try source.column(name)
    guard col.isNumeric else {
      throw FrameError.typeMismatch(column: name, expected: "a numeric column for \(function)", got: col.type)
    }
    return col
  }

  private func floatColumn(_ name: String, _ values: [Double?]) -> Column {
    Column(name: name, floats: values)
  }

  /// Compensated per-group sums and value counts.
  func groupSums(_ col: Column) -> (sums: [Double], counts: [Int]) {
    let g = groupCount
    var sums = [Double](repeating: 0, count: g)
    var comps = [Double](repeating: 0, count: g)
    var counts = [Int](repeating: 0, count: g)
    sums.withUnsafeMutableBufferPointer { s in
      comps.withUnsafeMutableBufferPointer { cp in
        counts.withUnsafeMutableBufferPointer { c in
          forEachGroupedNumber(col, rowGroup) { k, x in
            let old = s[k]
            let t = old + x
            cp[k] += abs(old) >= abs(x) ? (old - t) + x : (x - t) + old
            s[k] = t
            c[k] += 1
          }
        }
      }
    }
    for k in 0..<g { sums[k] += comps[k] }
    return (sums, counts)
  }

  /// Exact per-group integer sums, or nil on overflow (the caller then sums in floating point).
  private func groupIntSums(_ col: Column) -> [Int]? {
    var sums = [Int](repeating: 0, count: groupCount)
    switch col.storage {
    case .int(let v):
      for i in 0..<v.count where !col.isMissing(i) {
        let k = Int(rowGroup[i])
        let (s, overflow) = sums[k].addingReportingOverflow(v[i])
        if overflow { return nil }
        sums[k] = s
      }
    case .bool(let v):
      for i in 0..<v.count where v[i] && !col.isMissing(i) { sums[Int(rowGroup[i])] += 1 }
    default:
      return nil
    }
    return sums
  }

  /// Two-pass per-group sample standard deviations.
  private func groupSDs(_ col: Column) -> [Double?] {
    let (sums, counts) = groupSums(col)
    let g = groupCount
    let means = (0..<g).map { counts[$0] > 0 ? sums[$0] / Double(counts[$0]) : 0 }
    var ss = [Double](repeating: 0, count: g)
    ss.withUnsafeMutableBufferPointer { s in
      means.withUnsafeBufferPointer { m in
        forEachGroupedNumber(col, rowGroup) { k, x in
          let d = x - m[k]
          s[k] += d * d
        }
      }
    }
    return (0..<g).map { counts[$0] > 1 ? (ss[$0] / Double(counts[$0] - 1)).squareRoot() : nil }
  }

  /// Per-group quantiles: values bucketed by group (counting sort), each bucket sorted.
  private func groupQuantiles(_ col: Column, _ q: Double) -> [Double?] {
    let g = groupCount
    var counts = [Int](repeating: 0, count: g + 1)
    forEachGroupedNumber(col, rowGroup) { k, _ in counts[k + 1] += 1 }
    for k in 0..<g { counts[k + 1] += counts[k] }
    var fill = counts
    var values = [Double](repeating: 0, count: counts[g])
    values.withUnsafeMutableBufferPointer { v in
      forEachGroupedNumber(col, rowGroup) { k, x in
        v[fill[k]] = x
        fill[k] += 1
      }
    }
    return values.withUnsafeMutableBufferPointer { v in
      (0..<g).map { k -> Double? in
        let lo = counts[k], hi = counts[k + 1]
        if lo == hi { return nil }
        var slice = UnsafeMutableBufferPointer(rebasing: v[lo..<hi])
        slice.sort()
        return sortedQuantile(UnsafeBufferPointer(slice), q)
      }
    }
  }

  /// Per-group smallest or largest value, keeping the column's type. Numbers compare numerically,
  /// text by its sort order (see ``grouped(by:)``).
  private func groupExtreme(_ col: Column, largest: Bool) throws -> Column {
    let g = groupCount
    if case .string = col.storage {
      let codes = col.denseSortedCodes()
      var best = [Int](repeating: -1, count: g)
      for i in 0..<rowGroup.count where !col.isMissing(i) {
        let k = Int(rowGroup[i])
        let b = best[k]
        if b < 0 || (largest ? codes.codes[i] > codes.codes[b] : codes.codes[i] < codes.codes[b]) { best[k] = i }
      }
      return col.gather(optional: best)
    }
    var best = [Int](repeating: -1, count: g)
    var bestValue = [Double](repeating: 0, count: g)
    for i in 0..<rowGroup.count {
      guard let x = col.double(at: i) else { continue }
      let k = Int(rowGroup[i])
      if best[k] < 0 || (largest ? x > bestValue[k] : x < bestValue[k]) {
        best[k] = i
        bestValue[k] = x
      }
    }
    return col.gather(optional: best)
  }

  /// Per-group number of distinct non-missing values.
  private func groupDistinctCounts(_ col: Column) -> [Int] {
    let codes = col.denseSortedCodes()
    let missingCode: Int32 = col.valid == nil ? -1 : Int32(codes.cardinality - 1)
    var pairs: [Int] = []
    pairs.reserveCapacity(rowGroup.count)
    let k = codes.cardinality
    for i in 0..<rowGroup.count where codes.codes[i] != missingCode {
      pairs.append(Int(rowGroup[i]) * k + Int(codes.codes[i]))
    }
    var counts = [Int](repeating: 0, count: groupCount)
    let distinctPairs = Set(pairs)
    for p in distinctPairs { counts[p / k] += 1 }
    return counts
  }
}

/// Calls `body(group, value)` for every non-missing value of a numeric column (bools as 0/1),
/// reading the storage through unsafe buffers.
@inline(__always)
func forEachGroupedNumber(_ col: Column, _ rowGroup: [Int32], _ body: (Int, Double) -> Void) {
  rowGroup.withUnsafeBufferPointer { gb in
    let n = gb.count
    switch col.storage {
    case .float(let v):
      v.withUnsafeBufferPointer { b in
        if let mask = col.valid {
          mask.withUnsafeBufferPointer { m in for i in 0..<n where m[i] { body(Int(gb[i]), b[i]) } }
        } else {
          for i in 0..<n { body(Int(gb[i]), b[i]) }
        }
      }
    case .int(let v):
      v.withUnsafeBufferPointer { b in
        if let mask = col.valid {
          mask.withUnsafeBufferPointer { m in for i in 0..<n where m[i] { body(Int(gb[i]), Double(b[i])) } }
        } else {
          for i in 0..<n { body(Int(gb[i]), Double(b[i])) }
        }
      }
    case .bool(let v):
      v.withUnsafeBufferPointer { b in
        if let mask = col.valid {
          mask.withUnsafeBufferPointer { m in for i in 0..<n where m[i] { body(Int(gb[i]), b[i] ? 1 : 0) } }
        } else {
          for i in 0..<n { body(Int(gb[i]), b[i] ? 1 : 0) }
        }
      }
    case .string:
      break
    }
  }
}
