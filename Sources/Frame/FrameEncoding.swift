/// Encodings that turn columns into model-ready numbers.
extension DataFrame {
  /// Replaces each named text, bool or int column by one bool column per value, named
  /// `Column_Value`, in value sort order, at the column's position. A missing value gives missing
  /// in every indicator of that row. `dropFirst` leaves out the first value (the reference level).
  /// Throws for float columns, columns with more than 1,000 distinct values and name clashes.
  public func oneHot(_ names: [String], dropFirst: Bool = false) throws -> DataFrame {
    let targets = Set(names)
    for n in names where index(of: n) == nil { throw FrameError.unknownColumn(n, suggestion: suggest(n)) }
    var out: [Column] = []
    for c in columns {
      guard targets.contains(c.name) else {
        out.append(c)
        continue
      }
      guard c.type != .float else {
        throw FrameError.typeMismatch(
          column: c.name,
          expected: "a text, bool or int column for one-hot encoding (bin floats with cut or qcut first)", got: .float)
      }
      let groups = combineKeyCodes([c.denseSortedCodes()], rowCount: rowCount)
      let levelRows = groups.firstRow.filter { !c.isMissing($0) }
      guard levelRows.count <= 1000 else {
        throw FrameError.invalidArgument(
          "column '\(c.name)' has \(levelRows.count) distinct values; one-hot encoding needs a categorical column")
      }
      let mask = c.valid
      for (level, row) in levelRows.enumerated() where !(dropFirst && level == 0) {
        let flags = groups.rowGroup.map { Int($0) == level }
        out.append(Column(name: "\(c.name)_\(cellLabel(c.value(at: row)))", bools: flags, valid: mask))
      }
    }
    return try DataFrame(columns: out)
  }

  /// Replaces each named text or bool column by int codes 0, 1, … in value sort order (false = 0,
  /// true = 1; text alphabetically or in level order for ordered bins). Missing stays missing.
  public func labelEncoded(_ names: [String]) throws -> DataFrame {
    var out = self
    for n in names {
      let c = try column(n)
      guard c.type == .string || c.type == .bool else {
        throw FrameError.typeMismatch(column: n, expected: "a text or bool column for label encoding", got: c.type)
      }
      let groups = combineKeyCodes([c.denseSortedCodes()], rowCount: rowCount)
      try out.set(Column(name: n, ints: groups.rowGroup.map { Int($0) }, valid: c.valid))
    }
    return out
  }

  /// Replaces each named numeric column by its z-score `(x - mean) / sd` (sample sd, n - 1), as
  /// float; missing stays missing. Throws for text columns and for constant columns or columns with
  /// fewer than two values, which cannot be scaled.
  public func standardized(_ names: [String]) throws -> DataFrame {
    var out = self
    for n in names {
      let c = try column(n)
      guard c.isNumeric else {
        throw FrameError.typeMismatch(column: n, expected: "a numeric column to standardize", got: c.type)
      }
      guard let m = c.mean(), let s = c.sd(), s > 0 else {
        throw FrameError.invalidArgument(
          "column '\(n)' is constant or has fewer than two values, so it cannot be standardized")
      }
      let z = (0..<rowCount).map { i in c.double(at: i).map { ($0 - m) / s } }
      try out.set(Column(name: n, floats: z))
    }
    return out
  }
}
