import Frame
import Stats

/// Fold number (0..<k) for each row, stratified when `strata` (a label per row) is given.
///
/// Within each stratum the rows are shuffled with `SeededRNG(seed)` and dealt to folds in turn, so
/// every fold gets the same share of each stratum (±1 row). Strata are processed in increasing label
/// order. Without strata all rows are one stratum.
public func stratifiedFolds(rows n: Int, k: Int, strata: [Int]?, seed: Int) throws -> [Int] {
  try check("k", k, 2...max(2, n), "an integer in 2…\(max(2, n)) (at most the number of rows)")
  var rng = SeededRNG(seed: seed)
  var fold = [Int](repeating: 0, count: n)
  var groups: [Int: [Int]] = [:]
  for i in 0..<n { groups[strata?[i] ?? 0, default: []].append(i) }
  var offset = 0
  for label in groups.keys.sorted() {
    var g = groups[label] ?? []
    rng.shuffle(&g)
    for (j, i) in g.enumerated() { fold[i] = (offset + j) % k }
    offset += g.count
  }
  return fold
}

/// A stratum label per row from a column's values (text codes by sorted level, bools 0/1, numbers by
/// rank of their distinct value); missing values are their own stratum (-1).
public func strataLabels(_ c: Column) -> [Int] {
  switch c.storage {
  case .string(let codes, let levels):
    let order = levels.indices.sorted { levels[$0] < levels[$1] }
    var rank = [Int](repeating: 0, count: levels.count)
    for (r, i) in order.enumerated() { rank[i] = r }
    return (0..<c.count).map { c.isMissing($0) ? -1 : rank[Int(codes[$0])] }
  default:
    let values = (0..<c.count).map { c.double(at: $0) }
    let distinct = Array(Set(values.compactMap { $0 })).sorted()
    var rank: [Double: Int] = [:]
    for (r, v) in distinct.enumerated() { rank[v] = r }
    return values.map { $0.flatMap { rank[$0] } ?? -1 }
  }
}
