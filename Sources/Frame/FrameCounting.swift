/// How ``DataFrame/crosstab(_:_:normalize:)`` scales its counts.
public enum CrosstabNormalization: String, Sendable, CaseIterable {
  /// Raw counts.
  case none
  /// Each row sums to 1 (the distribution of the column variable within each row level).
  case row
  /// Each column sums to 1.
  case column
  /// All cells sum to 1.
  case all
}

extension DataFrame {
  /// Frequencies of the values of one column: the column's values, `count` and `share` (of all
  /// rows, missing included), most frequent first, ties in value order. A missing value is counted
  /// as its own row. With `normalize`, only the `share` column is returned next to the values.
  public func valueCounts(_ name: String, normalize: Bool = false) throws -> DataFrame {
    let g = try grouped(by: [name])
    let sizes = g.groupSizes
    let order = sizes.indices.sorted { sizes[$0] > sizes[$1] || (sizes[$0] == sizes[$1] && $0 < $1) }
    var out = g.keys.rows(order)
    let total = Double(Swift.max(rowCount, 1))
    let counts = order.map { sizes[$0] }
    if !normalize { try out.append(Column(name: uniqueName("count", in: out), ints: counts)) }
    try out.append(
      Column(name: uniqueName("share", in: out), floatValues: counts.map { Double($0) / total }, valid: nil))
    return out
  }

  /// A contingency table of two columns: one row per value of `row` (first column), one count
  /// column per value of `col` (named by the value; missing values as `NA`), values in sort order
  /// with missing last. `normalize` turns counts into shares of the row, column or table total
  /// (a share with a zero total is missing).
  public func crosstab(_ row: String, _ col: String, normalize: CrosstabNormalization = .none) throws -> DataFrame {
    guard row != col else {
      throw FrameError.invalidArgument("crosstab needs two different columns (got '\(row)' twice)")
    }
    let rowColumn = try column(row), colColumn = try column(col)
    let rg = combineKeyCodes([rowColumn.denseSortedCodes()], rowCount: rowCount)
    let cg = combineKeyCodes([colColumn.denseSortedCodes()], rowCount: rowCount)
    let nr = rg.count, nc = cg.count
    guard nr.multipliedReportingOverflow(by: nc).partialValue <= 10_000_000, nr < 10_000_000, nc <= 10_000 else {
      throw FrameError.invalidArgument(
        "crosstab of '\(row)' (\(nr) values) by '\(col)' (\(nc) values) is too large;"
          + " cross columns with fewer distinct values (bin numbers with cut or qcut)")
    }
    var table = [Int](repeating: 0, count: nr * nc)
    for i in 0..<rowCount { table[Int(rg.rowGroup[i]) * nc + Int(cg.rowGroup[i])] += 1 }

    var out = DataFrame.unchecked(columns: [rowColumn.gather(rg.firstRow)], rowCount: nr)
    let labels = colColumn.gather(cg.firstRow)
    var used: Set<String> = [row]
    for j in 0..<nc {
      var name = cellLabel(labels.value(at: j))
      if used.contains(name) {
        var k = 2
        while used.contains("\(name)_\(k)") { k += 1 }
        name = "\(name)_\(k)"
      }
      used.insert(name)
      let counts = (0..<nr).map { table[$0 * nc + j] }
      switch normalize {
      case .none:
        try out.append(Column(name: name, ints: counts))
      case .row:
        let rowTotals = (0..<nr).map { r in (0..<nc).reduce(0) { $0 + table[r * nc + $1] } }
        try out.append(
          Column(
            name: name, floats: (0..<nr).map { rowTotals[$0] > 0 ? Double(counts[$0]) / Double(rowTotals[$0]) : nil }))
      case .column:
        let total = counts.reduce(0, +)
        try out.append(Column(name: name, floats: counts.map { total > 0 ? Double($0) / Double(total) : nil }))
      case .all:
        let total = rowCount
        try out.append(Column(name: name, floats: counts.map { total > 0 ? Double($0) / Double(total) : nil }))
      }
    }
    return out
  }

  /// `base`, or `base_2`, `base_3` … whichever is not yet a column of `frame`.
  func uniqueName(_ base: String, in frame: DataFrame) -> String {
    if frame.index(of: base) == nil { return base }
    var k = 2
    while frame.index(of: "\(base)_\(k)") != nil { k += 1 }
    return "\(base)_\(k)"
  }
}

/// A cell value as a short label for generated column names (`NA` for missing).
func cellLabel(_ v: CellValue) -> String {
  switch v {
  case .missing: return "NA"
  case .float(let d): return compactNumber(d)
  case .int(let i): return String(i)
  case .bool(let b): return b ? "true" : "false"
  case .string(let s): return s
  }
}
