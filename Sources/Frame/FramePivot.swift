/// How ``DataFrame/pivotWider(namesFrom:valuesFrom:idColumns:aggregate:namesPrefix:)`` combines several
/// values that land in one cell (tidyr's `values_fn`). Every function skips missing values, as
/// `summarize` does.
public enum PivotAggregate: String, Sendable, CaseIterable {
  case count, sum, mean, median, sd, min, max
  case nDistinct = "n_distinct"

  /// The grouped aggregation this computes for the values column `column`.
  func function(_ column: String) -> Aggregation.Function {
    switch self {
    case .count: return .count
    case .sum: return .sum(column)
    case .mean: return .mean(column)
    case .median: return .median(column)
    case .sd: return .sd(column)
    case .min: return .min(column)
    case .max: return .max(column)
    case .nDistinct: return .nDistinct(column)
    }
  }
}

/// Reshaping between long and wide layouts, as tidyr's `pivot_longer` and `pivot_wider` do.
extension DataFrame {
  /// Stacks `columns` into two columns: `namesTo` holds each stacked column's name and `valuesTo`
  /// its value (tidyr's `pivot_longer`, pandas' `melt`). The other columns are repeated, and rows come
  /// out row by row of the input, the stacked columns in the order given (tidyr's order; pandas' `melt`
  /// lists column by column). Int and float columns stack to float; other type mixes are an error.
  /// `dropMissing` leaves out rows whose value is missing (tidyr's `values_drop_na`).
  public func pivotLonger(
    _ columns: [String], namesTo: String = "name", valuesTo: String = "value",
    dropMissing: Bool = false
  ) throws -> DataFrame {
    guard !columns.isEmpty else {
      throw FrameError.invalidArgument("pivot_longer needs the columns to stack, e.g. pivot_longer [q1, q2, q3]")
    }
    let stacked = try columns.map { try column($0) }
    if let d = firstDuplicate(columns) {
      throw FrameError.invalidArgument("pivot_longer: column '\(d)' is listed twice")
    }
    let ids = self.columns.filter { !columns.contains($0.name) }
    guard namesTo != valuesTo else {
      throw FrameError.invalidArgument(
        "pivot_longer: names_to and values_to are both '\(namesTo)'; give them different names")
    }
    for n in [namesTo, valuesTo] where ids.contains(where: { $0.name == n }) {
      throw FrameError.invalidArgument(
        "pivot_longer: '\(n)' is already a column that is kept; choose another name "
          + "with names_to: or values_to:")
    }
    let k = stacked.count
    var source: [Int] = [], which: [Int] = []
    source.reserveCapacity(rowCount * k)
    which.reserveCapacity(rowCount * k)
    for i in 0..<rowCount {
      for j in 0..<k where !(dropMissing && stacked[j].isMissing(i)) {
        source.append(i)
        which.append(j)
      }
    }
    var out = ids.map { $0.gather(source) }
    out.append(Column(name: namesTo, strings: which.map { columns[$0] }))
    out.append(try stackedValues(stacked, source: source, which: which, name: valuesTo))
    return DataFrame.unchecked(columns: out, rowCount: source.count)
  }

  /// The values column of ``pivotLonger(_:namesTo:valuesTo:dropMissing:)``: row `r` holds
  /// `stacked[which[r]]` at row `source[r]`.
  private func stackedValues(_ stacked: [Column], source: [Int], which: [Int], name: String) throws -> Column {
    let types = stacked.map(\.type)
    let n = source.count
    let valid = (0..<n).map { !stacked[which[$0]].isMissing(source[$0]) }
    var out: Column
    if Set(types).count == 1, let first = stacked.first {
      switch first.storage {
      case .int:
        out = Column(
          name: name,
          ints: (0..<n).map { r in
            if case .int(let v) = stacked[which[r]].storage { return v[source[r]] } else { return 0 }
          }, valid: valid)
      case .float:
        out = Column(
          name: name, floatValues: (0..<n).map { r in stacked[which[r]].double(at: source[r]) ?? .nan },
          valid: valid)
      case .bool:
        out = Column(name: name, bools: (0..<n).map { r in stacked[which[r]].double(at: source[r]) == 1 }, valid: valid)
      case .string:
        out = Column(name: name, strings: (0..<n).map { r in stacked[which[r]].string(at: source[r]) })
      }
      out.isDate = stacked.allSatisfy(\.isDate)
      return out
    }
    guard types.allSatisfy({ $0 == .int || $0 == .float }) else {
      let described = zip(stacked, types).map { "\($0.name) (\($1.rawValue))" }.joined(separator: ", ")
      throw FrameError.invalidArgument(
        "pivot_longer cannot stack columns of different types: \(described); "
          + "stack numbers with numbers, or make them text first (mutate x = format(x))")
    }
    return Column(
      name: name, floatValues: (0..<n).map { r in stacked[which[r]].double(at: source[r]) ?? .nan },
      valid: valid)
  }

  /// Spreads a long frame wide (tidyr's `pivot_wider`): one row per distinct combination of the id
  /// columns (all columns but `namesFrom` and `valuesFrom` unless given), one new column per distinct
  /// value of `namesFrom` (named by that value, after `namesPrefix`), holding `valuesFrom`. Rows and new
  /// columns keep the order of first appearance (tidyr's default). A combination with no row is missing.
  /// Without `aggregate`, two rows for the same cell are an error that names the cell; with it, the
  /// cell holds the aggregate of its values (`count` counts rows; a cell with no row stays missing).
  public func pivotWider(
    namesFrom: String, valuesFrom: String, idColumns: [String]? = nil,
    aggregate: PivotAggregate? = nil, namesPrefix: String = ""
  ) throws -> DataFrame {
    let names = try column(namesFrom)
    let values = try column(valuesFrom)
    guard namesFrom != valuesFrom else {
      throw FrameError.invalidArgument("pivot_wider: names_from and values_from are both '\(namesFrom)'")
    }
    let idNames = idColumns ?? columnNames.filter { $0 != namesFrom && $0 != valuesFrom }
    if let d = firstDuplicate(idNames) {
      throw FrameError.invalidArgument("pivot_wider: id column '\(d)' is listed twice")
    }
    for n in idNames where n == namesFrom || n == valuesFrom {
      throw FrameError.invalidArgument("pivot_wider: '\(n)' cannot be both an id column and names_from/values_from")
    }
    let ids = try idNames.map { try column($0) }
    // Id rows and new columns in order of first appearance.
    let idGroups = combineKeyCodes(ids.map { $0.denseSortedCodes() }, rowCount: rowCount)
    let idOrder = firstAppearanceRanks(idGroups)
    let nameGroups = combineKeyCodes([names.denseSortedCodes()], rowCount: rowCount)
    let nameOrder = firstAppearanceRanks(nameGroups)
    let nameRows = nameGroups.firstRow.enumerated().sorted { nameOrder[$0.offset] < nameOrder[$1.offset] }.map(
      \.element)
    let newNames = nameRows.map { namesPrefix + cellLabel(names.value(at: $0)) }
    let idRows = idGroups.firstRow.enumerated().sorted { idOrder[$0.offset] < idOrder[$1.offset] }.map(\.element)
    for n in newNames where idNames.contains(n) {
      throw FrameError.invalidArgument(
        "pivot_wider: the new column '\(n)' would clash with an id column; "
          + "pass names_prefix: to tell them apart")
    }
    let width = newNames.count, height = idRows.count
    // Cell of each row; the rows of each occupied cell.
    var cellRows = [Int: [Int]]()
    var cellOf = [Int](repeating: 0, count: rowCount)
    for i in 0..<rowCount {
      let cell = idOrder[Int(idGroups.rowGroup[i])] * width + nameOrder[Int(nameGroups.rowGroup[i])]
      cellOf[i] = cell
      cellRows[cell, default: []].append(i)
    }
    var columns = ids.map { $0.gather(idRows) }
    if let aggregate {
      // One group per occupied cell, numbered in cell order, then the library's grouped aggregation.
      let occupied = cellRows.keys.sorted()
      var groupOfCell = [Int: Int32]()
      for (g, c) in occupied.enumerated() { groupOfCell[c] = Int32(g) }
      let grouped = GroupedFrame(
        source: self, keyNames: [], keys: DataFrame.unchecked(columns: [], rowCount: occupied.count),
        rowGroup: cellOf.map { groupOfCell[$0] ?? 0 })
      let agg = try grouped.aggregate(Aggregation(name: valuesFrom, function: aggregate.function(valuesFrom)))
      for j in 0..<width {
        let pick = (0..<height).map { r in groupOfCell[r * width + j].map(Int.init) ?? -1 }
        columns.append(agg.gather(optional: pick).renamed(newNames[j]))
      }
    } else {
      if let (cell, rows) = cellRows.filter({ $0.value.count > 1 }).min(by: { $0.key < $1.key }) {
        let repeated = cellRows.values.filter { $0.count > 1 }.count
        let idText =
          ids.isEmpty
          ? ""
          : " for "
            + ids.map { "\($0.name) = \(cellLabel($0.value(at: rows[0])))" }
            .joined(separator: ", ")
        throw FrameError.invalidArgument(
          "pivot_wider: \(rows.count) rows give \(namesFrom) = \(newNames[cell % width].dropFirst(namesPrefix.count))"
            + "\(idText) (\(repeated) cell\(repeated == 1 ? "" : "s") in all have several values); pass "
            + "aggregate: \"mean\" (or sum, count, min, max, median) to combine them, or add the column that tells "
            + "them apart to id_cols:")
      }
      for j in 0..<width {
        let pick = (0..<height).map { r in cellRows[r * width + j]?.first ?? -1 }
        columns.append(values.gather(optional: pick).renamed(newNames[j]))
      }
    }
    var seen = Set<String>()
    for c in columns where !seen.insert(c.name).inserted { throw FrameError.duplicateColumn(c.name) }
    return DataFrame.unchecked(columns: columns, rowCount: height)
  }

  /// Rank of each group by the row where it first appears.
  private func firstAppearanceRanks(_ g: KeyGroups) -> [Int] {
    var rank = [Int](repeating: 0, count: g.count)
    for (r, group) in g.firstRow.indices.sorted(by: { g.firstRow[$0] < g.firstRow[$1] }).enumerated() {
      rank[group] = r
    }
    return rank
  }

  private func firstDuplicate(_ names: [String]) -> String? {
    var seen = Set<String>()
    return names.first { !seen.insert($0).inserted }
  }
}
