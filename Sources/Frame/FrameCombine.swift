/// Which rows a join keeps.
public enum JoinKind: String, Sendable, CaseIterable {
  /// Only left rows with at least one matching right row.
  case inner
  /// Every left row; right columns are missing where nothing matches.
  case left
}

extension DataFrame {
  /// Joins `other` on equal values of the `on` columns (a hash join on integer key codes).
  ///
  /// Output rows follow the left frame's order; a left row matching several right rows repeats,
  /// in right order. Key columns appear once (the left ones); right columns whose names clash with
  /// left ones get the suffix `_right`. Missing keys never match. Int and float keys compare as
  /// numbers; text only matches text.
  public func joined(_ other: DataFrame, on keys: [String], kind: JoinKind) throws -> DataFrame {
    guard !keys.isEmpty else { throw FrameError.invalidArgument("join needs at least one key column") }
    guard Set(keys).count == keys.count else { throw FrameError.invalidArgument("join keys must be distinct") }
    let nl = rowCount, nr = other.rowCount
    var parts: [DenseCodes] = []
    var anyMissing = [Bool](repeating: false, count: nl + nr)
    for k in keys {
      let l = try column(k)
      let r: Column
      do { r = try other.column(k) } catch {
        throw FrameError.invalidArgument("join key '\(k)' is not a column of the right-hand frame")
      }
      let both: Column
      do { both = try concatColumns([l, r]) } catch {
        throw FrameError.invalidArgument("join key '\(k)' is \(l.type.rawValue) on the left but \(r.type.rawValue) on the right")
      }
      if let mask = both.valid { for i in 0..<(nl + nr) where !mask[i] { anyMissing[i] = true } }
      parts.append(both.denseSortedCodes())
    }
    let ids = combineKeyCodes(parts, rowCount: nl + nr)

    // Right rows bucketed by key id (CSR layout), in right order.
    var start = [Int](repeating: 0, count: ids.count + 1)
    for j in 0..<nr where !anyMissing[nl + j] { start[Int(ids.rowGroup[nl + j]) + 1] += 1 }
    for g in 0..<ids.count { start[g + 1] += start[g] }
    var fill = start
    var bucket = [Int](repeating: 0, count: start[ids.count])
    for j in 0..<nr where !anyMissing[nl + j] {
      let g = Int(ids.rowGroup[nl + j])
      bucket[fill[g]] = j
      fill[g] += 1
    }

    var leftRows: [Int] = [], rightRows: [Int] = []
    leftRows.reserveCapacity(nl)
    rightRows.reserveCapacity(nl)
    for i in 0..<nl {
      let g = Int(ids.rowGroup[i])
      let lo = anyMissing[i] ? 0 : start[g], hi = anyMissing[i] ? 0 : start[g + 1]
      if lo == hi {
        if kind == .left { leftRows.append(i); rightRows.append(-1) }
        continue
      }
      for p in lo..<hi {
        leftRows.append(i)
        rightRows.append(bucket[p])
      }
    }

    var out = columns.map { $0.gather(leftRows) }
    var used = Set(columnNames)
    let keySet = Set(keys)
    for c in other.columns where !keySet.contains(c.name) {
      var name = c.name
      if used.contains(name) {
        name = "\(c.name)_right"
        var k = 2
        while used.contains(name) { name = "\(c.name)_right\(k)"; k += 1 }
      }
      used.insert(name)
      out.append(c.gather(optional: rightRows).renamed(name))
    }
    return DataFrame.unchecked(columns: out, rowCount: leftRows.count)
  }
}

/// Stacks frames with the same columns (matched by name, in the first frame's order). Int and
/// float columns combine to float; text levels are merged (first frame's levels first). Throws
/// when the column sets differ or a column's types cannot be combined.
public func concatRows(_ frames: [DataFrame]) throws -> DataFrame {
  guard let first = frames.first else { throw FrameError.invalidArgument("concatRows needs at least one frame") }
  let names = first.columnNames
  for (k, f) in frames.enumerated().dropFirst() where Set(f.columnNames) != Set(names) || f.columnCount != names.count {
    throw FrameError.invalidArgument("frame \(k + 1) has columns [\(f.columnNames.joined(separator: ", "))] "
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
  let mask: [Bool]? = cols.contains { $0.valid != nil }
    ? cols.flatMap { c in c.valid ?? [Bool](repeating: true, count: c.count) } : nil
  if types == [.int] {
    return Column(name: first.name, storage: .int(cols.flatMap { c -> [Int] in
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
    return Column(name: first.name, storage: .bool(cols.flatMap { c -> [Bool] in
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
