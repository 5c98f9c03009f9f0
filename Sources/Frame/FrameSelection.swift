/// Choosing columns and rows.
extension DataFrame {
  /// The named columns, in the order given. Throws for unknown (with a suggestion) or repeated names.
  public func select(_ names: [String]) throws -> DataFrame {
    guard !names.isEmpty else { throw FrameError.invalidArgument("select needs at least one column") }
    var seen = Set<String>()
    for n in names where !seen.insert(n).inserted {
      throw FrameError.invalidArgument("column '\(n)' is selected twice")
    }
    return DataFrame.unchecked(columns: try names.map { try column($0) }, rowCount: rowCount)
  }

  /// All columns except the named ones. Throws for unknown names.
  public func drop(_ names: [String]) throws -> DataFrame {
    for n in names where index(of: n) == nil { throw FrameError.unknownColumn(n, suggestion: suggest(n)) }
    let gone = Set(names)
    let kept = columns.filter { !gone.contains($0.name) }
    return DataFrame.unchecked(columns: kept, rowCount: kept.isEmpty ? 0 : rowCount)
  }

  /// The frame with columns renamed (`from` → `to`); other columns keep their names and positions.
  /// Throws for unknown sources and for names that would collide.
  public func renamed(_ pairs: [(from: String, to: String)]) throws -> DataFrame {
    var cols = columns
    var mapping: [String: String] = [:]
    for p in pairs {
      guard index(of: p.from) != nil else { throw FrameError.unknownColumn(p.from, suggestion: suggest(p.from)) }
      guard mapping[p.from] == nil else { throw FrameError.invalidArgument("column '\(p.from)' is renamed twice") }
      guard !p.to.isEmpty else { throw FrameError.invalidArgument("a column name cannot be empty") }
      mapping[p.from] = p.to
    }
    for i in cols.indices { if let to = mapping[cols[i].name] { cols[i].name = to } }
    var seen = Set<String>()
    for c in cols where !seen.insert(c.name).inserted {
      throw FrameError.duplicateColumn(c.name)
    }
    return DataFrame.unchecked(columns: cols, rowCount: rowCount)
  }

  /// The rows where `keep` is true, in order. The caller decides what a missing condition means
  /// (usually false). Rows beyond the end of `keep` are dropped.
  public func filter(_ keep: [Bool]) -> DataFrame {
    var indices: [Int] = []
    indices.reserveCapacity(Swift.min(keep.count, rowCount))
    for i in 0..<Swift.min(keep.count, rowCount) where keep[i] { indices.append(i) }
    return rows(indices)
  }

  /// The first `n` rows (all if fewer; none if `n` ≤ 0).
  public func head(_ n: Int) -> DataFrame { rows(Array(0..<Swift.max(0, Swift.min(n, rowCount)))) }

  /// The last `n` rows (all if fewer; none if `n` ≤ 0).
  public func tail(_ n: Int) -> DataFrame {
    let k = Swift.max(0, Swift.min(n, rowCount))
    return rows(Array((rowCount - k)..<rowCount))
  }

  /// The rows in `range`, clamped to the frame.
  public func slice(_ range: Range<Int>) -> DataFrame {
    let lo = Swift.max(0, Swift.min(range.lowerBound, rowCount))
    let hi = Swift.max(lo, Swift.min(range.upperBound, rowCount))
    return rows(Array(lo..<hi))
  }

  /// The values of row `i`, one per column (empty if `i` is out of range).
  public func row(_ i: Int) -> [CellValue] {
    guard i >= 0, i < rowCount else { return [] }
    return columns.map { $0.value(at: i) }
  }

  /// The frame with `column` added at the end, or replacing the column of the same name in place.
  /// Throws if its length differs from the frame's.
  public func addingColumn(_ column: Column) throws -> DataFrame {
    var out = self
    if columns.isEmpty {
      out = try DataFrame(columns: [column])
    } else {
      try out.set(column)
    }
    return out
  }

  /// Adds (or replaces) a float column; nil values are missing.
  public func addingColumn(name: String, values: [Double?]) throws -> DataFrame {
    try addingColumn(Column(name: name, floats: values))
  }

  /// Adds (or replaces) an int column; nil values are missing.
  public func addingColumn(name: String, values: [Int?]) throws -> DataFrame {
    try addingColumn(optionalInts(name, values))
  }

  /// Adds (or replaces) a bool column; nil values are missing.
  public func addingColumn(name: String, values: [Bool?]) throws -> DataFrame {
    try addingColumn(Column(name: name, bools: values.map { $0 ?? false }, valid: values.map { $0 != nil }))
  }

  /// Adds (or replaces) a text column; nil values are missing.
  public func addingColumn(name: String, values: [String?]) throws -> DataFrame {
    try addingColumn(Column(name: name, strings: values))
  }
}
