import Frame
import Stats

/// The weighting of the TOC curve that defines a RATE.
public enum RATETarget: String, Sendable, CaseIterable {
  /// Area under the TOC curve, uniform weight over q.
  case autoc = "AUTOC"
  /// Qini coefficient, weight q (favours broader targeting).
  case qini = "QINI"

  /// Parses "AUTOC" or "QINI" (case-insensitive).
  public static func parse(_ s: String) throws -> RATETarget {
    switch s.uppercased() {
    case "AUTOC": return .autoc
    case "QINI": return .qini
    default: throw CausalForestError.invalidInput("unknown RATE target '\(s)'; use \"AUTOC\" or \"QINI\"")
    }
  }
}

/// A rank-weighted average treatment effect with its TOC curve.
public struct RATEResult: Sendable, Reportable {
  public var target: RATETarget
  public var priorityName: String
  public var estimate: Estimate
  /// TOC(q) = E[τ | top q by priority] − ATE on the grid, with half-sample bootstrap SE:
  /// columns q, estimate, se, lo, hi.
  public var toc: DataFrame
  public var warnings: [String]

  public var report: Report {
    var items: [Report.Item] = [
      .text("Does prioritising by '\(priorityName)' target larger effects? RATE > 0 says yes."),
      .estimate(estimate),
      .table(toc, title: "Targeting operator characteristic (TOC)"),
    ]
    items += warnings.map { .warning($0) }
    return Report(title: "Rank-weighted average treatment effect (\(target.rawValue))", items: items)
  }
}

/// RATE (Yadlowsky, Fleming, Shah, Brunskill & Wager 2021; grf `rank_average_treatment_effect`).
public enum RankAverageTreatmentEffect {
  /// The largest `replicates` accepted: 20,000 half-sample draws already pin the SE to well under
  /// 1% of itself, and more only keeps the shell busy.
  public static let maxReplicates = 20_000
  /// Bootstrap draws between two interruption checks and progress reports.
  static let replicateBatch = 64

  /// Estimates the RATE of `priority` (higher = treat first) from doubly robust `scores`.
  ///
  /// TOC(q) is the mean score of the top q share of units minus the overall mean (ties in priority
  /// share their average score); on the reported q grid a fractional unit is weighted in (the
  /// (⌊qn⌋+1)-th unit counts with weight qn − ⌊qn⌋). The RATE sums use the exact k/n grid. AUTOC = (1/n)Σₖ TOC(k/n); QINI = (1/n)Σₖ (k/n)·TOC(k/n). Standard errors
  /// come from `replicates` half-sample bootstrap draws (⌊n/2⌋ rows without replacement), seeded.
  /// The scores should come from data not used to build the priority (e.g. a held-out evaluation
  /// forest); OOB scores of the same forest are a convenient but optimistic shortcut.
  ///
  /// `replicates` is at most ``maxReplicates``. The bootstrap checks ``Interruption`` every
  /// ``replicateBatch`` draws (Ctrl-C in the shell stops it with ``InterruptedError``) and reports the
  /// share done to `progress` after each batch.
  ///
  /// Rows are sorted by priority once; each draw takes its rows in that order. A batch's draws run in
  /// parallel (`threads` as in ``parallelFor(_:threads:_:)``), draw r with its own stream
  /// `SeededRNG(seed).derived(r)`, and are kept in draw order, so the result is the same for any `threads`.
  public static func estimate(
    scores: [Double], priority: [Double], priorityName: String = "priority",
    target: RATETarget = .autoc, grid: [Double] = stride(from: 0.1, through: 1.0001, by: 0.1).map { min($0, 1) },
    replicates: Int = 200, seed: Int = 42, level: Double = 0.95, threads: Int = 0,
    progress: ((Double) -> Void)? = nil
  ) throws -> RATEResult {
    guard (0...maxReplicates).contains(replicates) else {
      throw CausalForestError.invalidInput(
        "replicates must be between 0 and \(maxReplicates), got \(replicates); "
          + "a few hundred to a few thousand bootstrap draws give a stable SE")
    }
    let n = scores.count
    guard priority.count == n else {
      throw CausalForestError.invalidInput("priority has \(priority.count) values but there are \(n) scores")
    }
    guard n >= 4 else { throw CausalForestError.invalidInput("RATE needs at least 4 rows") }
    if let i = priority.firstIndex(where: { !$0.isFinite }) {
      throw CausalForestError.invalidInput("priority is missing at row \(i + 1); fill or drop those rows")
    }
    if let i = scores.firstIndex(where: { !$0.isFinite }) {
      throw CausalForestError.invalidInput("score is missing at row \(i + 1)")
    }
    guard !grid.isEmpty, grid.allSatisfy({ $0 > 0 && $0 <= 1 }), zip(grid, grid.dropFirst()).allSatisfy({ $0 < $1 }),
      grid.last == 1
    else { throw CausalForestError.invalidInput("the q grid must increase within (0, 1] and end at 1") }
    let order = priorityOrder(priority)
    let full = statistic(sortedRows: order, scores: scores, priority: priority, target: target, grid: grid)
    var boot = [[Double]]()
    boot.reserveCapacity(replicates)
    let base = SeededRNG(seed: seed)
    var first = 0
    while first < replicates {
      try Interruption.check()
      progress?(Double(first) / Double(replicates))
      let batch = min(replicateBatch, replicates - first)
      let start = first
      boot += try parallelMap(batch, threads: threads) { j in
        var rng = base.derived(start + j)
        let idx = rng.sample(n, n / 2)
        let rows = subsetInOrder(idx, order: order)
        return statistic(sortedRows: rows, scores: scores, priority: priority, target: target, grid: grid)
      }
      first += batch
    }
    let m = full.count
    var se = [Double](repeating: .nan, count: m)
    if replicates >= 2 { for j in 0..<m { se[j] = ForestMath.sd(boot.map { $0[j] }) } }
    let z = ForestMath.zFor(level: level)
    let est = Estimate(
      label: "RATE (\(target.rawValue), priority \(priorityName))", value: full[0], se: se[0],
      ciLow: full[0] - z * se[0], ciHigh: full[0] + z * se[0], level: level,
      pValue: normalTwoSidedP(full[0] / se[0]), n: n,
      method: "half-sample bootstrap, \(replicates) draws")
    let tocEst = Array(full[1...]), tocSE = Array(se[1...])
    let toc = DataFrame.unchecked(
      columns: [
        Column(name: "q", floats: grid),
        Column(name: "estimate", floats: tocEst),
        Column(name: "se", floats: tocSE),
        Column(name: "lo", floats: zip(tocEst, tocSE).map { $0 - z * $1 }),
        Column(name: "hi", floats: zip(tocEst, tocSE).map { $0 + z * $1 }),
      ], rowCount: grid.count)
    return RATEResult(target: target, priorityName: priorityName, estimate: est, toc: toc, warnings: [])
  }

  /// Every row, highest priority first (ties by row number): the order ``statistic(sortedRows:scores:priority:target:grid:)``
  /// needs, sorted once for the full sample and every bootstrap draw.
  static func priorityOrder(_ priority: [Double]) -> [Int] {
    Array(0..<priority.count).sorted { priority[$0] > priority[$1] || (priority[$0] == priority[$1] && $0 < $1) }
  }

  /// The rows `idx` (repeats kept) in the order of `order`, a permutation of all rows: the same list as
  /// sorting `idx` by priority and row number, in one pass over `order` instead of a sort per draw.
  static func subsetInOrder(_ idx: [Int], order: [Int]) -> [Int] {
    var count = [Int32](repeating: 0, count: order.count)
    for i in idx { count[i] += 1 }
    var rows: [Int] = []
    rows.reserveCapacity(idx.count)
    for r in order where count[r] > 0 {
      for _ in 0..<count[r] { rows.append(r) }
    }
    return rows
  }

  /// [RATE, TOC(grid)...] on the rows `idx` (the reference form: sorts `idx` itself).
  static func statistic(
    _ idx: [Int], scores: [Double], priority: [Double], target: RATETarget,
    grid: [Double]
  ) -> [Double] {
    let sorted = idx.sorted { priority[$0] > priority[$1] || (priority[$0] == priority[$1] && $0 < $1) }
    return statistic(sortedRows: sorted, scores: scores, priority: priority, target: target, grid: grid)
  }

  /// [RATE, TOC(grid)...] on the rows `sorted`, already in priority order (highest first, ties by row).
  static func statistic(
    sortedRows sorted: [Int], scores: [Double], priority: [Double], target: RATETarget,
    grid: [Double]
  ) -> [Double] {
    let n = sorted.count
    var s = sorted.map { scores[$0] }
    // Ties share their average score.
    var a = 0
    while a < n {
      var b = a + 1
      while b < n && priority[sorted[b]] == priority[sorted[a]] { b += 1 }
      if b - a > 1 {
        var m = 0.0
        for k in a..<b { m += s[k] }
        m /= Double(b - a)
        for k in a..<b { s[k] = m }
      }
      a = b
    }
    var cum = [Double](repeating: 0, count: n + 1)
    for k in 0..<n { cum[k + 1] = cum[k] + s[k] }
    let ate = cum[n] / Double(n)
    var rate = 0.0
    for k in 1...n {
      let toc = cum[k] / Double(k) - ate
      rate += target == .autoc ? toc : toc * Double(k) / Double(n)
    }
    rate /= Double(n)
    var out = [rate]
    for q in grid {
      let nw = q * Double(n)
      let k = min(n, max(1, Int((nw + 1e-12).rounded(.down))))
      let rem = nw - Double(k)
      let num = rem > 0 && k < n ? cum[k] + rem * s[k] : cum[k]
      let den = rem > 0 && k < n ? nw : Double(k)
      out.append(num / den - ate)
    }
    return out
  }
}
