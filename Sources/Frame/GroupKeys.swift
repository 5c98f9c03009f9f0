/// Dense integer codes for the values of a column, in the column's sort order.
///
/// Equal values share a code; codes increase with the values' sort order (numbers numerically,
/// false before true, text alphabetically — or in level order for ordered text columns); a missing
/// value gets the last code (`cardinality - 1`). Codes may have gaps (levels no row uses);
/// ``combineKeyCodes(_:rowCount:)`` removes them. This is the basis of grouping, counting,
/// distinct and crosstab: after it, every key is an integer.
struct DenseCodes {
  var codes: [Int32]
  var cardinality: Int
}

extension Column {
  /// Dense sort-order codes (see ``DenseCodes``).
  func denseSortedCodes() -> DenseCodes {
    let n = count
    let mask = valid
    switch storage {
    case .string(let codes, let levels):
      let rank = levelRanks()
      let missingCode = Int32(levels.count)
      var out = [Int32](repeating: 0, count: n)
      rank.withUnsafeBufferPointer { rk in
        codes.withUnsafeBufferPointer { c in
          out.withUnsafeMutableBufferPointer { o in
            if let mask {
              for i in 0..<n { o[i] = mask[i] ? rk[Int(c[i])] : missingCode }
            } else {
              for i in 0..<n { o[i] = rk[Int(c[i])] }
            }
          }
        }
      }
      return DenseCodes(codes: out, cardinality: levels.count + (mask == nil ? 0 : 1))
    case .bool(let v):
      var out = [Int32](repeating: 0, count: n)
      for i in 0..<n { out[i] = (mask.map { $0[i] } ?? true) ? (v[i] ? 1 : 0) : 2 }
      return DenseCodes(codes: out, cardinality: mask == nil ? 2 : 3)
    case .int(let v):
      var lo = Int.max, hi = Int.min
      for i in 0..<n where mask.map({ $0[i] }) ?? true {
        lo = Swift.min(lo, v[i])
        hi = Swift.max(hi, v[i])
      }
      if lo > hi { return DenseCodes(codes: [Int32](repeating: 0, count: n), cardinality: 1) }
      let (span, overflow) = hi.subtractingReportingOverflow(lo)
      if !overflow && span < Swift.max(4 * n, 1 << 16) {
        let missingCode = Int32(span + 1)
        var out = [Int32](repeating: missingCode, count: n)
        for i in 0..<n where mask.map({ $0[i] }) ?? true { out[i] = Int32(v[i] &- lo) }
        return DenseCodes(codes: out, cardinality: span + 1 + (mask == nil ? 0 : 1))
      }
      return sortedUniqueCodes(n: n, mask: mask, key: { v[$0] })
    case .float(let v):
      return sortedUniqueCodes(n: n, mask: mask, key: { v[$0] + 0.0 })
    }
  }

  /// Rank of each level in the column's level sort order (alphabetical, or level order if ordered).
  func levelRanks() -> [Int32] {
    guard case .string(_, let levels) = storage else { return [] }
    if levelsOrdered { return (0..<levels.count).map { Int32($0) } }
    let order = levels.indices.sorted { levels[$0] < levels[$1] || (levels[$0] == levels[$1] && $0 < $1) }
    var rank = [Int32](repeating: 0, count: levels.count)
    for (r, l) in order.enumerated() { rank[l] = Int32(r) }
    return rank
  }

  /// Dense codes through sorting the distinct values (for wide-ranging ints and floats).
  private func sortedUniqueCodes<K: Hashable & Comparable>(n: Int, mask: [Bool]?, key: (Int) -> K) -> DenseCodes {
    var index: [K: Int32] = [:]
    for i in 0..<n where mask.map({ $0[i] }) ?? true {
      let k = key(i)
      if index[k] == nil { index[k] = 0 }
    }
    let sortedKeys = index.keys.sorted()
    for (r, k) in sortedKeys.enumerated() { index[k] = Int32(r) }
    let missingCode = Int32(sortedKeys.count)
    var out = [Int32](repeating: missingCode, count: n)
    for i in 0..<n where mask.map({ $0[i] }) ?? true { out[i] = index[key(i)] ?? missingCode }
    return DenseCodes(codes: out, cardinality: sortedKeys.count + (mask == nil ? 0 : 1))
  }
}

/// Group ids for rows, from the dense codes of one or more key columns.
struct KeyGroups {
  /// Group id of each row, 0..<count, in lexicographic key order (each key in its sort order, missing last).
  var rowGroup: [Int32]
  /// Number of groups present.
  var count: Int
  /// The first row of each group (to build the keys frame with the source column types).
  var firstRow: [Int]
}

/// Combines per-column dense codes into one group id per row, preserving lexicographic key order.
///
/// When the product of the key cardinalities is small (the usual case: a few categorical keys),
/// the mixed-radix code `Σ code_j · stride_j` is built in one pass per key and renumbered through a
/// presence table in one more pass. Otherwise pairs of keys are merged as `code1 * k2 + code2` and
/// compacted after each step, so intermediate ids stay below the number of rows and never overflow.
func combineKeyCodes(_ parts: [DenseCodes], rowCount n: Int) -> KeyGroups {
  guard !parts.isEmpty else {
    return KeyGroups(rowGroup: [Int32](repeating: 0, count: n), count: n > 0 ? 1 : 0, firstRow: n > 0 ? [0] : [])
  }
  let denseLimit = Swift.max(4 * n, 1 << 16)
  var product = 1
  for p in parts {
    let (m, overflow) = product.multipliedReportingOverflow(by: Swift.max(p.cardinality, 1))
    product = overflow ? Int.max : m
  }
  if product <= denseLimit && product < Int(Int32.max) {
    return denseCombine(parts, rowCount: n, range: product)
  }
  var compacted = compactCodes(parts[0].codes.map { Int($0) }, range: parts[0].cardinality)
  for part in parts.dropFirst() {
    let k = part.cardinality
    var ids = compacted.codes
    let range = compacted.count
    part.codes.withUnsafeBufferPointer { c in
      ids.withUnsafeMutableBufferPointer { g in
        for i in 0..<n { g[i] = g[i] * k + Int(c[i]) }
      }
    }
    compacted = compactCodes(ids, range: range * k)
  }
  var firstRow = [Int](repeating: -1, count: compacted.count)
  let rowGroup = compacted.codes.map { Int32($0) }
  for i in stride(from: n - 1, through: 0, by: -1) { firstRow[compacted.codes[i]] = i }
  return KeyGroups(rowGroup: rowGroup, count: compacted.count, firstRow: firstRow)
}

/// The small-range path of ``combineKeyCodes(_:rowCount:)``: mixed-radix codes, then renumbering.
private func denseCombine(_ parts: [DenseCodes], rowCount n: Int, range: Int) -> KeyGroups {
  var ids = parts[parts.count - 1].codes
  var stride = Int32(Swift.max(parts[parts.count - 1].cardinality, 1))
  ids.withUnsafeMutableBufferPointer { g in
    for p in parts.dropLast().reversed() {
      p.codes.withUnsafeBufferPointer { c in
        for i in 0..<n { g[i] &+= c[i] &* stride }
      }
      stride &*= Int32(Swift.max(p.cardinality, 1))
    }
  }
  var map = [Int32](repeating: -1, count: range)
  var firstRow: [Int] = []
  ids.withUnsafeMutableBufferPointer { g in
    map.withUnsafeMutableBufferPointer { m in
      for i in 0..<n { m[Int(g[i])] = 0 }
      var next: Int32 = 0
      for v in 0..<range where m[v] == 0 {
        m[v] = next
        next += 1
      }
      firstRow = [Int](repeating: -1, count: Int(next))
      firstRow.withUnsafeMutableBufferPointer { f in
        for i in 0..<n {
          let k = m[Int(g[i])]
          g[i] = k
          if f[Int(k)] < 0 { f[Int(k)] = i }
        }
      }
    }
  }
  return KeyGroups(rowGroup: ids, count: firstRow.count, firstRow: firstRow)
}

/// Renumbers values in `0..<range` to `0..<distinct` keeping their order: a presence table when
/// the range is small, otherwise sorting the distinct values.
func compactCodes(_ values: [Int], range: Int) -> (codes: [Int], count: Int) {
  let n = values.count
  if range <= Swift.max(4 * n, 1 << 16) {
    var map = [Int](repeating: -1, count: range)
    for v in values { map[v] = 0 }
    var next = 0
    for v in 0..<range where map[v] == 0 {
      map[v] = next
      next += 1
    }
    return (values.map { map[$0] }, next)
  }
  var index: [Int: Int] = [:]
  for v in values where index[v] == nil { index[v] = 0 }
  let sortedValues = index.keys.sorted()
  for (r, v) in sortedValues.enumerated() { index[v] = r }
  return (values.map { index[$0] ?? 0 }, sortedValues.count)
}
