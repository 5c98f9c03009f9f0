extension DataFrame {
  /// Rows sorted by the keys in turn (each ascending or descending). Stable: equal keys keep their
  /// order. Missing values sort last whatever the direction. Text sorts alphabetically (ordered
  /// bins by level order), bools false before true.
  public func sorted(by keys: [(name: String, descending: Bool)]) throws -> DataFrame {
    guard !keys.isEmpty else { return self }
    return rows(try sortOrder(by: keys))
  }

  /// The row order that sorts by `keys` (see ``sorted(by:)``), for callers that reorder other data.
  public func sortOrder(by keys: [(name: String, descending: Bool)]) throws -> [Int] {
    let sortKeys = try keys.map { try SortKey(column($0.name), descending: $0.descending) }
    return (0..<rowCount).sorted { a, b in
      for k in sortKeys {
        let c = k.compare(a, b)
        if c != 0 { return c < 0 }
      }
      return a < b
    }
  }
}

/// One sort key: the column's values as integers (text ranks, bools, ints) or doubles, plus missingness.
struct SortKey {
  enum Values {
    case ints([Int])
    case doubles([Double])
  }
  let values: Values
  let missing: [Bool]?
  let descending: Bool

  init(_ c: Column, descending: Bool) {
    self.descending = descending
    switch c.storage {
    case .int(let v):
      values = .ints(v)
      missing = c.valid.map { $0.map { !$0 } }
    case .bool(let v):
      values = .ints(v.map { $0 ? 1 : 0 })
      missing = c.valid.map { $0.map { !$0 } }
    case .string(let codes, _):
      let rank = c.levelRanks()
      values = .ints(codes.map { rank.isEmpty ? 0 : Int(rank[Int($0)]) })
      missing = c.valid.map { $0.map { !$0 } }
    case .float(let v):
      values = .doubles(v)
      var m = c.valid.map { $0.map { !$0 } } ?? [Bool](repeating: false, count: v.count)
      var any = false
      for i in v.indices where v[i].isNaN {
        m[i] = true
        any = true
      }
      missing = (c.valid != nil || any) ? m : nil
    }
  }

  /// -1, 0 or 1: how row `a` compares with row `b` under this key (missing always last).
  @inline(__always)
  func compare(_ a: Int, _ b: Int) -> Int {
    if let missing {
      let ma = missing[a], mb = missing[b]
      if ma || mb { return ma == mb ? 0 : (ma ? 1 : -1) }
    }
    var c: Int
    switch values {
    case .ints(let v): c = v[a] < v[b] ? -1 : (v[a] > v[b] ? 1 : 0)
    case .doubles(let v): c = v[a] < v[b] ? -1 : (v[a] > v[b] ? 1 : 0)
    }
    if descending { c = -c }
    return c
  }
}
