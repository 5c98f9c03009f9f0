/// Which rows a join keeps (dplyr's join family).
public enum JoinKind: String, Sendable, CaseIterable {
  /// Only left rows with at least one matching right row.
  case inner
  /// Every left row; right columns are missing where nothing matches.
  case left
  /// Every right row: the matches in left order, then right rows without a match.
  case right
  /// Every row of both: the left join, then right rows without a match.
  case outer
  /// Left rows that have a match, once each, with the left columns only.
  case semi
  /// Left rows without a match, with the left columns only.
  case anti
}

/// What a join matched: rows without a partner on either side and keys that repeat.
public struct JoinReport: Sendable, Reportable {
  /// Left rows whose key has no match on the right (missing keys never match).
  public var leftUnmatched: Int
  /// Right rows whose key has no match on the left.
  public var rightUnmatched: Int
  /// Distinct keys that appear on more than one left row.
  public var leftDuplicateKeys: Int
  /// Distinct keys that appear on more than one right row (each match repeats the left row).
  public var rightDuplicateKeys: Int
  /// Keys matched by several rows on both sides (every pair becomes a row).
  public var manyToManyKeys: Int
  /// Up to three unmatched left keys, as text (`id=7`).
  public var leftUnmatchedExamples: [String]
  /// Up to three unmatched right keys, as text.
  public var rightUnmatchedExamples: [String]
  /// Up to three keys repeated on the right, as text.
  public var rightDuplicateExamples: [String]
  /// Rows of the result.
  public var resultRows: Int

  public var report: Report {
    func ex(_ xs: [String]) -> String { xs.isEmpty ? "" : " (e.g. " + xs.joined(separator: ", ") + ")" }
    return Report(
      title: "join",
      items: [
        .fields([
          .init("rows out", .int(resultRows)),
          .init("left rows without a match", .string("\(leftUnmatched)\(ex(leftUnmatchedExamples))")),
          .init("right rows without a match", .string("\(rightUnmatched)\(ex(rightUnmatchedExamples))")),
          .init("keys repeated on the left", .int(leftDuplicateKeys)),
          .init("keys repeated on the right", .string("\(rightDuplicateKeys)\(ex(rightDuplicateExamples))")),
        ])
      ])
  }
}

extension DataFrame {
  /// Joins `other` on equal values of the `on` columns (present in both frames); see
  /// ``joined(_:leftKeys:rightKeys:kind:)``.
  public func joined(_ other: DataFrame, on keys: [String], kind: JoinKind) throws -> DataFrame {
    try joined(other, leftKeys: keys, rightKeys: keys, kind: kind).frame
  }

  /// Joins `other` where `leftKeys` (columns of this frame) equal `rightKeys` (columns of `other`,
  /// pairwise), a hash join on integer key codes, and reports unmatched and repeated keys.
  ///
  /// Output rows follow the left frame's order; a left row matching several right rows repeats, in
  /// right order; `right` and `outer` joins append the right rows without a match, in right order.
  /// Key columns appear once, under the left names (taking the right value on right-only rows);
  /// right columns whose names clash with left ones get the suffix `_right`. Missing keys never
  /// match. Int and float keys compare as numbers; text only matches text. `semi` and `anti` keep
  /// left rows (each at most once) and the left columns only.
  public func joined(_ other: DataFrame, leftKeys: [String], rightKeys: [String], kind: JoinKind) throws
    -> (frame: DataFrame, report: JoinReport)
  {
    guard !leftKeys.isEmpty else { throw FrameError.invalidArgument("join needs at least one key column") }
    guard leftKeys.count == rightKeys.count else {
      throw FrameError.invalidArgument("join needs as many right keys as left keys")
    }
    guard Set(leftKeys).count == leftKeys.count, Set(rightKeys).count == rightKeys.count else {
      throw FrameError.invalidArgument("join keys must be distinct")
    }
    let nl = rowCount, nr = other.rowCount
    var parts: [DenseCodes] = []
    var keyColumns: [Column] = []
    var anyMissing = [Bool](repeating: false, count: nl + nr)
    for (lk, rk) in zip(leftKeys, rightKeys) {
      let l = try column(lk)
      let r: Column
      do { r = try other.column(rk) } catch {
        throw FrameError.invalidArgument(
          "join key '\(rk)' is not a column of the right-hand frame"
            + (rk == lk ? "" : " (it is matched with '\(lk)' on the left)"))
      }
      let both: Column
      do { both = try concatColumns([l, r]) } catch {
        let pair = lk == rk ? "'\(lk)'" : "'\(lk)' (left) / '\(rk)' (right)"
        throw FrameError.invalidArgument(
          "join key \(pair) is \(l.type.userName) on the left but \(r.type.userName) "
            + "on the right; convert one side first (as_string, as_int or as_float)")
      }
      if let mask = both.valid { for i in 0..<(nl + nr) where !mask[i] { anyMissing[i] = true } }
      parts.append(both.denseSortedCodes())
      keyColumns.append(both)
    }
    let ids = combineKeyCodes(parts, rowCount: nl + nr)

    // Rows of each side bucketed by key id (CSR layout), in row order.
    func buckets(_ range: Range<Int>) -> (start: [Int], rows: [Int]) {
      var start = [Int](repeating: 0, count: ids.count + 1)
      for j in range where !anyMissing[j] { start[Int(ids.rowGroup[j]) + 1] += 1 }
      for g in 0..<ids.count { start[g + 1] += start[g] }
      var fill = start
      var rows = [Int](repeating: 0, count: start[ids.count])
      for j in range where !anyMissing[j] {
        let g = Int(ids.rowGroup[j])
        rows[fill[g]] = j - range.lowerBound
        fill[g] += 1
      }
      return (start, rows)
    }
    let right = buckets(nl..<(nl + nr)), left = buckets(0..<nl)
    func matches(_ row: Int) -> Range<Int> {
      if anyMissing[row] { return 0..<0 }
      let g = Int(ids.rowGroup[row])
      return row < nl ? right.start[g]..<right.start[g + 1] : left.start[g]..<left.start[g + 1]
    }
    func keyText(_ row: Int) -> String {
      zip(leftKeys, keyColumns).map { "\($0)=" + describeCell($1.value(at: row)) }.joined(separator: " ")
    }

    var leftRows: [Int] = [], rightRows: [Int] = []
    leftRows.reserveCapacity(nl)
    rightRows.reserveCapacity(nl)
    var report = JoinReport(
      leftUnmatched: 0, rightUnmatched: 0, leftDuplicateKeys: 0, rightDuplicateKeys: 0,
      manyToManyKeys: 0, leftUnmatchedExamples: [], rightUnmatchedExamples: [],
      rightDuplicateExamples: [], resultRows: 0)
    for i in 0..<nl {
      let m = matches(i)
      if m.isEmpty {
        report.leftUnmatched += 1
        if report.leftUnmatchedExamples.count < 3 { report.leftUnmatchedExamples.append(keyText(i)) }
      }
      switch kind {
      case .semi: if !m.isEmpty { leftRows.append(i) }
      case .anti: if m.isEmpty { leftRows.append(i) }
      case .inner, .right:
        for p in m {
          leftRows.append(i)
          rightRows.append(right.rows[p])
        }
      case .left, .outer:
        if m.isEmpty {
          leftRows.append(i)
          rightRows.append(-1)
        }
        for p in m {
          leftRows.append(i)
          rightRows.append(right.rows[p])
        }
      }
    }
    for j in 0..<nr where matches(nl + j).isEmpty {
      report.rightUnmatched += 1
      if report.rightUnmatchedExamples.count < 3 { report.rightUnmatchedExamples.append(keyText(nl + j)) }
      if kind == .right || kind == .outer {
        leftRows.append(-1)
        rightRows.append(j)
      }
    }
    for g in 0..<ids.count {
      let nLeft = left.start[g + 1] - left.start[g], nRight = right.start[g + 1] - right.start[g]
      if nLeft > 1 { report.leftDuplicateKeys += 1 }
      if nRight > 1 {
        report.rightDuplicateKeys += 1
        if report.rightDuplicateExamples.count < 3 {
          report.rightDuplicateExamples.append(keyText(nl + right.rows[right.start[g]]))
        }
      }
      if nLeft > 1 && nRight > 1 { report.manyToManyKeys += 1 }
    }
    report.resultRows = leftRows.count

    if kind == .semi || kind == .anti {
      return (DataFrame.unchecked(columns: columns.map { $0.gather(leftRows) }, rowCount: leftRows.count), report)
    }
    let keyIndex = Dictionary(uniqueKeysWithValues: leftKeys.enumerated().map { ($1, $0) })
    var out: [Column] = []
    for c in columns {
      if let k = keyIndex[c.name], kind == .right || kind == .outer {
        // Left rows keep their key; right-only rows take the right key (rows nl... of the combined column).
        out.append(keyColumns[k].gather(zip(leftRows, rightRows).map { $0 >= 0 ? $0 : nl + $1 }).renamed(c.name))
      } else {
        out.append(kind == .right || kind == .outer ? c.gather(optional: leftRows) : c.gather(leftRows))
      }
    }
    var used = Set(columnNames)
    let rightKeySet = Set(rightKeys)
    for c in other.columns where !rightKeySet.contains(c.name) {
      var name = c.name
      if used.contains(name) {
        name = "\(c.name)_right"
        var k = 2
        while used.contains(name) {
          name = "\(c.name)_right\(k)"
          k += 1
        }
      }
      used.insert(name)
      out.append(c.gather(optional: rightRows).renamed(name))
    }
    return (DataFrame.unchecked(columns: out, rowCount: leftRows.count), report)
  }
}

extension ColumnType {
  /// The type as messages name it: `text` for string columns.
  var userName: String { self == .string ? "text" : rawValue }
}

/// A cell as short text for reports (`NA` for missing).
func describeCell(_ v: CellValue) -> String {
  switch v {
  case .missing: return "NA"
  case .float(let d): return d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : String(d)
  case .int(let i): return String(i)
  case .bool(let b): return b ? "true" : "false"
  case .string(let s): return "\"" + s + "\""
  }
}

/// Stacks frames by column name (dplyr's `bind_rows`): the result has every column of every frame,
/// in order of first appearance, missing where a frame lacks it. Int and float combine to float; other
/// mixes of types are an error naming the column and the frames.
public func bindRows(_ frames: [DataFrame]) throws -> DataFrame {
  guard !frames.isEmpty else { throw FrameError.invalidArgument("bind_rows needs at least one frame") }
  var names: [String] = []
  var seen = Set<String>()
  for f in frames {
    for n in f.columnNames where !seen.contains(n) {
      seen.insert(n)
      names.append(n)
    }
  }
  let total = frames.reduce(0) { $0 + $1.rowCount }
  var out: [Column] = []
  for n in names {
    let present = frames.enumerated().compactMap { k, f in f[n].map { (k, $0) } }
    guard let (firstFrame, first) = present.first else { continue }
    let numeric: Set<ColumnType> = [.int, .float]
    for (k, c) in present where c.type != first.type && !(numeric.contains(c.type) && numeric.contains(first.type)) {
      throw FrameError.invalidArgument(
        "bind_rows: column '\(n)' is \(first.type.userName) in frame \(firstFrame + 1) "
          + "but \(c.type.userName) in frame \(k + 1); convert one first (as_string, as_int, as_float)")
    }
    let pieces = frames.map { f in f[n] ?? Column.allMissing(name: n, like: first, count: f.rowCount) }
    out.append(try concatColumns(pieces))
  }
  return DataFrame.unchecked(columns: out, rowCount: total)
}

extension Column {
  /// A column of `count` missing values with the type of `like`.
  static func allMissing(name: String, like: Column, count: Int) -> Column {
    let none = [Bool](repeating: false, count: count)
    switch like.storage {
    case .float: return Column(name: name, storage: .float(.init(repeating: .nan, count: count)), valid: none)
    case .int: return Column(name: name, storage: .int(.init(repeating: 0, count: count)), valid: none)
    case .bool: return Column(name: name, storage: .bool(.init(repeating: false, count: count)), valid: none)
    case .string: return Column(name: name, codes: .init(repeating: 0, count: count), levels: [], valid: none)
    }
  }
}

/// Stacks frames with the same columns (matched by name, in the first frame's order). Int and
/// float columns combine to float; text levels are merged (first frame's levels first). Throws
/// when the column sets differ or a column's types cannot be combined.
public func concatRows(_ frames: [DataFrame]) throws -> DataFrame {
  guard let first = frames.first else { throw FrameError.invalidArgument("concatRows needs at least one frame") }
  let names = first.columnNames
  for (k, f) in frames.enumerated().dropFirst() where Set(f.columnNames) != Set(names) || f.columnCount != names.count {
    throw FrameError.invalidArgument(
      "frame \(k + 1) has columns [\(f.columnNames.joined(separator: ", "))] "
        + "but frame 1 has [\(names.joined(separator: ", "))]")
  }
  let total = frames.reduce(0) { $0 + $1.rowCount }
  var out: [Column] = []
  for n in names {
    out.append(try concatColumns(try frames.map { try $0.column(n) }))
  }
  return DataFrame.unchecked(columns: out, rowCount: names.isEmpty ? 0 : total)
}

/// Concatenates columns into one named like the first (see ``concatRows(_:)`` for type rules).
func concatColumns(_ cols: [Column]) throws -> Column {
  guard let first = cols.first else { throw FrameError.invalidArgument("nothing to concatenate") }
  let types = Set(cols.map(\.type))
  let total = cols.reduce(0) { $0 + $1.count }
  let mask: [Bool]? =
    cols.contains { $0.valid != nil }
    ? cols.flatMap { c in c.valid ?? [Bool](repeating: true, count: c.count) } : nil
  if types == [.int] {
    return Column(
      name: first.name,
      storage: .int(
        cols.flatMap { c -> [Int] in
          if case .int(let v) = c.storage { return v } else { return [] }
        }), valid: mask)
  }
  if types.isSubset(of: [.int, .float]) {
    var values: [Double] = []
    values.reserveCapacity(total)
    for c in cols {
      switch c.storage {
      case .float(let v): values.append(contentsOf: v)
      case .int(let v): values.append(contentsOf: v.map(Double.init))
      default: break
      }
    }
    return Column(name: first.name, storage: .float(values), valid: mask)
  }
  if types == [.bool] {
    return Column(
      name: first.name,
      storage: .bool(
        cols.flatMap { c -> [Bool] in
          if case .bool(let v) = c.storage { return v } else { return [] }
        }), valid: mask)
  }
  if types == [.string] {
    var levels: [String] = []
    var index: [String: Int32] = [:]
    var codes: [Int32] = []
    codes.reserveCapacity(total)
    for c in cols {
      guard case .string(let cc, let ll) = c.storage else { continue }
      let remap = ll.map { l -> Int32 in
        if let k = index[l] { return k }
        let k = Int32(levels.count)
        levels.append(l)
        index[l] = k
        return k
      }
      codes.append(contentsOf: cc.map { remap.isEmpty ? 0 : remap[Int($0)] })
    }
    let ordered = cols.allSatisfy { c in
      guard c.levelsOrdered, case .string(_, let l) = c.storage else { return false }
      return l == levels
    }
    return Column(name: first.name, codes: codes, levels: levels, valid: mask, ordered: ordered)
  }
  let list = cols.map(\.type.rawValue)
  throw FrameError.invalidArgument("column '\(first.name)' cannot combine types \(list.joined(separator: " and "))")
}
