extension DataFrame {
  /// Pearson correlations between numeric columns (all numeric and bool columns when `names` is
  /// nil), computed pairwise-complete: each pair uses the rows where both values are present, with
  /// two-pass centering. A pair with fewer than two rows or a constant column gives a missing r.
  /// The result has a `column` column followed by one float column per input column.
  public func correlationMatrix(_ names: [String]? = nil) throws -> DataFrame {
    let cols = try numericColumns(names, for: "correlationMatrix")
    let values = cols.map { $0.doubles() ?? [] }
    var out = DataFrame.unchecked(columns: [Column(name: "column", strings: cols.map(\.name))], rowCount: cols.count)
    var matrix = [[Double?]](repeating: [Double?](repeating: nil, count: cols.count), count: cols.count)
    for a in 0..<cols.count {
      for b in a..<cols.count {
        let r = a == b ? (pearson(values[a], values[a]).r.map { _ in 1.0 }) : pearson(values[a], values[b]).r
        matrix[a][b] = r
        matrix[b][a] = r
      }
    }
    for (j, c) in cols.enumerated() {
      try out.append(Column(name: uniqueName(c.name, in: out), floats: matrix.map { $0[j] }))
    }
    return out
  }

  /// Pearson correlation of each numeric column with `target` (pairwise-complete): columns
  /// `column`, `r`, `n` (rows used), sorted by |r| descending; missing r last, ties in column order.
  public func correlations(with target: String, _ names: [String]? = nil) throws -> DataFrame {
    let t = try column(target)
    guard let y = t.doubles() else {
      throw FrameError.typeMismatch(column: target, expected: "a numeric or bool target for correlations", got: t.type)
    }
    let cols = try numericColumns(names, for: "correlations").filter { $0.name != target }
    let results = cols.map { pearson($0.doubles() ?? [], y) }
    let order = cols.indices.sorted { a, b in
      switch (results[a].r, results[b].r) {
      case (let x?, let y?): return abs(x) > abs(y) || (abs(x) == abs(y) && a < b)
      case (.some, nil): return true
      case (nil, .some): return false
      case (nil, nil): return a < b
      }
    }
    return DataFrame.unchecked(
      columns: [
        Column(name: "column", strings: order.map { cols[$0].name }),
        Column(name: "r", floats: order.map { results[$0].r }),
        Column(name: "n", ints: order.map { results[$0].n }),
      ], rowCount: order.count)
  }

  /// The named columns (or all numeric/bool ones), checking each is numeric.
  private func numericColumns(_ names: [String]?, for verb: String) throws -> [Column] {
    guard let names else { return columns.filter(\.isNumeric) }
    return try names.map { name in
      let c = try column(name)
      guard c.isNumeric else {
        throw FrameError.typeMismatch(column: name, expected: "a numeric or bool column for \(verb)", got: c.type)
      }
      return c
    }
  }
}

/// Pearson r of two equal-length arrays over the rows where both are present (not NaN), two-pass.
/// Nil r with fewer than two rows or zero variance.
func pearson(_ x: [Double], _ y: [Double]) -> (r: Double?, n: Int) {
  var n = 0
  var sx = CompensatedSum(), sy = CompensatedSum()
  for i in 0..<Swift.min(x.count, y.count) where !x[i].isNaN && !y[i].isNaN {
    sx.add(x[i])
    sy.add(y[i])
    n += 1
  }
  guard n >= 2 else { return (nil, n) }
  let mx = sx.value / Double(n), my = sy.value / Double(n)
  var sxx = CompensatedSum(), syy = CompensatedSum(), sxy = CompensatedSum()
  for i in 0..<Swift.min(x.count, y.count) where !x[i].isNaN && !y[i].isNaN {
    let dx = x[i] - mx, dy = y[i] - my
    sxx.add(dx * dx)
    syy.add(dy * dy)
    sxy.add(dx * dy)
  }
  guard sxx.value > 0, syy.value > 0 else { return (nil, n) }
  let r = sxy.value / (sxx.value * syy.value).squareRoot()
  return (Swift.max(-1, Swift.min(1, r)), n)
}
