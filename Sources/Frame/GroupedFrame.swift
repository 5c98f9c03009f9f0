/// A data frame split into groups by the values of key columns, ready for ``summarize(_:)``.
///
/// Groups are ordered by key values (numbers ascending, false before true, text alphabetically or
/// in level order for ordered bins; a missing key forms its own group, last). Internally each row
/// carries an integer group id, so aggregations run in one pass over contiguous buffers.
public struct GroupedFrame: Sendable {
  /// The frame that was grouped.
  public let source: DataFrame
  /// The key column names.
  public let keyNames: [String]
  /// One row per group with the key values, in group order.
  public let keys: DataFrame
  /// Group id (row of `keys`) of each source row.
  public let rowGroup: [Int32]

  /// Number of groups.
  public var groupCount: Int { keys.rowCount }

  /// Row indices of each group, in source order (computed on each access by a counting sort).
  public var groups: [[Int]] {
    var out = [[Int]](repeating: [], count: groupCount)
    let sizes = groupSizes
    for g in 0..<groupCount { out[g].reserveCapacity(sizes[g]) }
    for (i, g) in rowGroup.enumerated() { out[Int(g)].append(i) }
    return out
  }

  /// Number of rows in each group.
  public var groupSizes: [Int] {
    var sizes = [Int](repeating: 0, count: groupCount)
    rowGroup.withUnsafeBufferPointer { g in for x in g { sizes[Int(x)] += 1 } }
    return sizes
  }

  init(source: DataFrame, keyNames: [String], keys: DataFrame, rowGroup: [Int32]) {
    self.source = source
    self.keyNames = keyNames
    self.keys = keys
    self.rowGroup = rowGroup
  }
}

extension DataFrame {
  /// Groups rows by the values of the named columns (see ``GroupedFrame``). With no names, all rows
  /// form one group.
  public func grouped(by names: [String]) throws -> GroupedFrame {
    let keyColumns = try names.map { try column($0) }
    if Set(names).count != names.count {
      throw FrameError.invalidArgument("group keys must be distinct (got \(names.joined(separator: ", ")))")
    }
    let g = combineKeyCodes(keyColumns.map { $0.denseSortedCodes() }, rowCount: rowCount)
    let keys = DataFrame.unchecked(columns: keyColumns.map { $0.gather(g.firstRow) }, rowCount: g.count)
    return GroupedFrame(source: self, keyNames: names, keys: keys, rowGroup: g.rowGroup)
  }

  /// The distinct combinations of values of the named columns (all columns if nil), in order of
  /// first appearance, with only those columns. Missing values count as a value.
  public func distinct(_ names: [String]? = nil) throws -> DataFrame {
    let names = names ?? columnNames
    guard !names.isEmpty else { throw FrameError.invalidArgument("distinct needs at least one column") }
    let keyColumns = try names.map { try column($0) }
    let g = combineKeyCodes(keyColumns.map { $0.denseSortedCodes() }, rowCount: rowCount)
    let rows = g.firstRow.sorted()
    return DataFrame.unchecked(columns: keyColumns.map { $0.gather(rows) }, rowCount: rows.count)
  }
}
