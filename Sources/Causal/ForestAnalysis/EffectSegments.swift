import Frame

/// Segment tables of estimated effects: effects by bins of a column, and profiles of the customers with
/// the largest and smallest effects.
public enum EffectSegments {
  /// Effects by segment of `column`: text/bool columns by level, numeric columns by `bins` quantile bins
  /// (numpy-style linear quantiles; terciles by default) or by explicit `breaks`.
  ///
  /// Columns: segment, n, mean_tau (mean forest estimate), and when `scores` (doubly robust Γ) are
  /// given the AIPW segment effect aipw, se = sd(Γ)/√n, lo, hi — the honest estimate of the segment's
  /// average effect. Rows with a missing value in `column` form their own segment "NA", last.
  public static func byColumn(
    _ column: Column, tau: [Double], scores: [Double]? = nil, bins: Int = 3,
    breaks: [Double]? = nil, level: Double = 0.95
  ) throws -> DataFrame {
    let n = column.count
    guard tau.count == n, scores.map({ $0.count == n }) ?? true else {
      throw CausalForestError.invalidInput("column '\(column.name)' has \(n) rows but \(tau.count) effects were given")
    }
    var labels: [String] = []
    var seg = [Int](repeating: -1, count: n)
    switch column.storage {
    case .string, .bool:
      var levels: [String] = []
      for i in 0..<n { if let v = cellText(column, i) { levels.append(v) } }
      levels = Array(Set(levels)).sorted()
      let index = Dictionary(uniqueKeysWithValues: levels.enumerated().map { ($1, $0) })
      for i in 0..<n { if let v = cellText(column, i) { seg[i] = index[v] ?? -1 } }
      labels = levels
    case .float, .int:
      let vals = (0..<n).compactMap { column.double(at: $0) }.filter { $0.isFinite }.sorted()
      guard !vals.isEmpty else {
        throw CausalForestError.invalidInput("column '\(column.name)' has no values to bin")
      }
      var cuts: [Double]
      if let breaks {
        cuts = breaks.sorted()
      } else {
        guard bins >= 1 else { throw CausalForestError.invalidInput("bins must be at least 1") }
        cuts = (1..<bins).map { quantile(vals, Double($0) / Double(bins)) }
      }
      var uniq: [Double] = []
      for c in cuts where uniq.last != c { uniq.append(c) }
      cuts = uniq
      let lo = vals[0], hi = vals[vals.count - 1]
      var edges = [lo] + cuts.filter { $0 > lo && $0 < hi } + [hi]
      if edges.count == 1 { edges.append(hi) }
      for b in 0..<(edges.count - 1) {
        let open = b == 0 ? "[" : "("
        labels.append("Q\(b + 1) \(open)\(fmt(edges[b])), \(fmt(edges[b + 1]))]")
      }
      for i in 0..<n {
        guard let v = column.double(at: i), v.isFinite else { continue }
        var b = 0
        while b < edges.count - 2 && v > edges[b + 1] { b += 1 }
        seg[i] = b
      }
    }
    let hasMissing = seg.contains(-1)
    let groups = labels.count + (hasMissing ? 1 : 0)
    if hasMissing { labels.append("NA") }
    var members = [[Int]](repeating: [], count: groups)
    for i in 0..<n { members[seg[i] >= 0 ? seg[i] : groups - 1].append(i) }
    let z = ForestMath.zFor(level: level)
    var name: [String] = [], count: [Int] = [], meanTau: [Double] = []
    var aipw: [Double] = [], se: [Double] = []
    for (g, rows) in members.enumerated() where !rows.isEmpty {
      name.append(labels[g])
      count.append(rows.count)
      meanTau.append(ForestMath.mean(rows.map { tau[$0] }))
      if let scores {
        let s = rows.map { scores[$0] }
        aipw.append(ForestMath.mean(s))
        se.append(ForestMath.sd(s) / Double(s.count).squareRoot())
      }
    }
    var cols = [
      Column(name: "segment", strings: name), Column(name: "n", ints: count),
      Column(name: "mean_tau", floats: meanTau),
    ]
    if scores != nil {
      cols += [
        Column(name: "aipw", floats: aipw), Column(name: "se", floats: se),
        Column(name: "lo", floats: zip(aipw, se).map { $0 - z * $1 }),
        Column(name: "hi", floats: zip(aipw, se).map { $0 + z * $1 }),
      ]
    }
    return DataFrame.unchecked(columns: cols, rowCount: name.count)
  }

  /// Profiles of the most and least helped `fraction` (a quartile by default) of customers. Effects
  /// are on the outcome (churn), so a lower (more negative) effect is a bigger benefit: `most_helped`
  /// holds the rows with the most negative effects, `least_helped` those with the least negative (or
  /// harmful) ones. The first row, "(mean effect)", is each group's mean effect; then per feature the
  /// mean in each group, their difference (most - least) and the overall mean. Text columns contribute one row per level (share of that level).
  /// Missing values are skipped per feature.
  public static func profiles(_ frame: DataFrame, tau: [Double], columns: [String], fraction: Double = 0.25)
    throws -> DataFrame
  {
    let n = frame.rowCount
    guard tau.count == n else {
      throw CausalForestError.invalidInput("the frame has \(n) rows but \(tau.count) effects were given")
    }
    guard fraction > 0 && fraction <= 0.5 else {
      throw CausalForestError.invalidInput("fraction must be in (0, 0.5]")
    }
    // Most helped first: the most negative effects on the outcome (churn), ties by row.
    let order = (0..<n).sorted { tau[$0] < tau[$1] || (tau[$0] == tau[$1] && $0 < $1) }
    let k = max(1, Int((Double(n) * fraction).rounded()))
    let most = Array(order.prefix(k)), least = Array(order.suffix(k))
    var feature: [String] = [], mostM: [Double] = [], leastM: [Double] = [], all: [Double] = []
    func add(_ name: String, _ value: (Int) -> Double?) {
      func m(_ rows: [Int]) -> Double {
        let v = rows.compactMap(value)
        return v.isEmpty ? .nan : ForestMath.mean(v)
      }
      feature.append(name)
      mostM.append(m(most))
      leastM.append(m(least))
      all.append(m(Array(0..<n)))
    }
    add("(mean effect)") { i in tau[i] }
    for name in columns {
      let c = try frame.column(name)
      if case .string(_, let levels) = c.storage {
        for level in levels.sorted() {
          add("\(name)=\(level)") { i in c.string(at: i).map { $0 == level ? 1 : 0 } }
        }
      } else {
        add(name) { i in c.double(at: i) }
      }
    }
    return DataFrame.unchecked(
      columns: [
        Column(name: "feature", strings: feature),
        Column(name: "most_helped", floats: mostM),
        Column(name: "least_helped", floats: leastM),
        Column(name: "difference", floats: zip(mostM, leastM).map { $0 - $1 }),
        Column(name: "overall", floats: all),
      ], rowCount: feature.count)
  }

  static func cellText(_ c: Column, _ i: Int) -> String? {
    switch c.value(at: i) {
    case .missing: return nil
    case .string(let s): return s
    case .bool(let b): return b ? "true" : "false"
    case .int(let v): return String(v)
    case .float(let v): return String(v)
    }
  }

  /// Linear-interpolation quantile of sorted values (numpy default).
  static func quantile(_ sorted: [Double], _ q: Double) -> Double {
    let pos = q * Double(sorted.count - 1)
    let lo = Int(pos.rounded(.down)), hi = min(lo + 1, sorted.count - 1)
    return sorted[lo] + (pos - Double(lo)) * (sorted[hi] - sorted[lo])
  }

  static func fmt(_ x: Double) -> String {
    if x == x.rounded() && abs(x) < 1e15 { return String(Int(x)) }
    return String((x * 1000).rounded() / 1000)
  }
}
