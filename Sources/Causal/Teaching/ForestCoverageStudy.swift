import Frame
import Stats

/// The causal forest's pointwise intervals scored over repeated draws of a simulated design: how often
/// the interval of a row contains that row's true effect, overall and by fifth of the true effect.
///
/// One draw of an interval either covers or misses; "95%" is a statement about repetitions. Replicate r
/// draws `n` fresh rows of a Nie & Wager (2021) setup (``simulateNieWager(setup:n:d:sigma:seed:)``) with the
/// seed derived from `SeededRNG(seed).derived(r)`, fits a causal forest with that seed, and scores the
/// forest's out-of-bag estimates τ̂ᵢ ± z·SEᵢ (little-bags variance; ``PointwiseIntervals``) against τ(xᵢ).
/// Rows are ranked by their true effect within the replicate and cut into five equal-count fifths (ties
/// in row order), so each fifth's coverage says where along the effect's range the intervals miss.
///
/// Per group, over R replicates (Morris, White & Crowther 2019, Stat. Med., "Using simulation studies to
/// evaluate statistical methods"): coverage = mean of the per-replicate shares of covered rows, its Monte
/// Carlo SE = SD of those shares / √R, and the lowest and highest share seen. A row whose variance the
/// forest cannot estimate (NaN) counts as a miss. Results do not depend on the number of threads.
public struct ForestCoverageStudy: Sendable, Reportable {
  /// One group's behaviour over the replicates: every row, or one fifth of the true effect.
  public struct Group: Sendable, Equatable {
    public var name: String
    /// Means over replicates of the group's mean true effect, mean estimate and mean SE.
    public var meanTruth: Double
    public var meanEstimate: Double
    public var meanSE: Double
    /// √ of the mean squared error τ̂ − τ over the group's rows of every replicate (PEHE).
    public var pehe: Double
    /// Mean share of covered rows, its Monte Carlo SE, and the lowest and highest replicate share.
    public var coverage: Double
    public var coverageSE: Double
    public var lowest: Double
    public var highest: Double
  }

  public var setup: NieWagerSetup
  public var rowsPerDraw: Int
  public var trees: Int
  public var replicates: Int
  public var seed: Int
  public var level: Double
  /// "all rows", then the five fifths from the lowest true effect to the highest.
  public var groups: [Group]
  /// One row per replicate and group: replicate, group, mean_true, mean_effect, mean_se, coverage.
  public var draws: DataFrame

  /// Runs the study.
  /// - Parameters:
  ///   - setup, n, d, sigma: the simulated design (see ``simulateNieWager(setup:n:d:sigma:seed:)``).
  ///   - forest: forest options (`seed` is replaced by each replicate's seed; `threads` by 1, as replicates
  ///     run in parallel).
  ///   - threads: worker threads over replicates (0 = all cores); the result is the same for any value.
  /// - Throws: ``CausalError/invalidInput(_:)`` for replicates outside 2…10000, fewer than 10 rows, or a level
  ///   outside (0, 1); what the simulator and the forest throw (checked on the first replicate's seed before
  ///   the parallel work starts).
  public static func nieWager(
    setup: NieWagerSetup, n: Int, d: Int = 6, sigma: Double = 1, forest: CausalForestOptions,
    replicates: Int, seed: Int, level: Double = 0.95, threads: Int = 0,
    progress: ((Int, Int) -> Void)? = nil
  ) throws -> ForestCoverageStudy {
    guard (2...10_000).contains(replicates) else {
      throw CausalError.invalidInput("replicates must be between 2 and 10000, got \(replicates)")
    }
    guard n >= 10 else {
      throw CausalError.invalidInput("n must be at least 10 rows per draw (five fifths of 2), got \(n)")
    }
    try checkLevel(level)
    var single = forest
    single.threads = 1
    try single.validate()
    let options = single
    _ = try simulateNieWager(setup: setup, n: n, d: d, sigma: sigma, seed: seed)  // fail fast on bad arguments
    let scores = try runReplicates(replicates, seed: seed, threads: threads, progress: progress) {
      _, s -> [GroupScore] in
      let data = try simulateNieWager(setup: setup, n: n, d: d, sigma: sigma, seed: s)
      var o = options
      o.seed = s
      let x = DesignMatrix(rowCount: n, columnNames: (1...d).map { "x\($0)" }, values: data.x.flatMap { $0 })
      let cf = try CausalForest.fit(x: x, y: data.y, w: data.w, options: o, outcomeName: "y", treatmentName: "w")
      return score(tau: data.tau, estimate: cf.oob.tau, variance: cf.oob.variance, level: level)
    }
    return summarize(scores, setup: setup, n: n, trees: options.trees, seed: seed, level: level)
  }

  /// Sums over one group of one replicate.
  struct GroupScore: Sendable {
    var rows = 0, covered = 0
    var truth = 0.0, estimate = 0.0, se = 0.0, squaredError = 0.0
  }

  /// Scores one replicate: index 0 is every row, 1…5 the fifths of the true effect (lowest first).
  static func score(tau: [Double], estimate: [Double], variance: [Double], level: Double) -> [GroupScore] {
    let bands = PointwiseIntervals(tau: estimate, variance: variance, level: level)
    let order = tau.indices.sorted { tau[$0] != tau[$1] ? tau[$0] < tau[$1] : $0 < $1 }
    var out = [GroupScore](repeating: GroupScore(), count: 6)
    let n = tau.count
    for (rank, i) in order.enumerated() {
      let fifth = 1 + rank * 5 / n
      let covered = bands.low[i] <= tau[i] && tau[i] <= bands.high[i]  // false when NaN
      let err = estimate[i] - tau[i]
      for g in [0, fifth] {
        out[g].rows += 1
        out[g].covered += covered ? 1 : 0
        out[g].truth += tau[i]
        out[g].estimate += estimate[i]
        out[g].se += bands.se[i].isFinite ? bands.se[i] : 0
        out[g].squaredError += err.isFinite ? err * err : 0
      }
    }
    return out
  }

  /// Group names, in the order of ``score(tau:estimate:variance:level:)``.
  static let groupNames = ["all rows", "fifth 1 (lowest)", "fifth 2", "fifth 3", "fifth 4", "fifth 5 (highest)"]

  static func summarize(
    _ scores: [[GroupScore]], setup: NieWagerSetup, n: Int, trees: Int, seed: Int,
    level: Double
  ) -> ForestCoverageStudy {
    let r = Double(scores.count)
    var groups: [Group] = []
    for (g, name) in groupNames.enumerated() {
      let parts = scores.map { $0[g] }
      let shares = parts.map { Double($0.covered) / Double(max(1, $0.rows)) }
      let mean = shares.reduce(0, +) / r
      let variance = shares.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (r - 1)
      func average(_ value: (GroupScore) -> Double) -> Double {
        parts.reduce(0) { $0 + value($1) / Double(max(1, $1.rows)) } / r
      }
      let rows = parts.reduce(0) { $0 + $1.rows }
      groups.append(
        Group(
          name: name, meanTruth: average(\.truth), meanEstimate: average(\.estimate), meanSE: average(\.se),
          pehe: (parts.reduce(0) { $0 + $1.squaredError } / Double(max(1, rows))).squareRoot(),
          coverage: mean, coverageSE: (variance / r).squareRoot(),
          lowest: shares.min() ?? .nan, highest: shares.max() ?? .nan))
    }
    var rep: [Int] = [], names: [String] = [], truth: [Double] = [], est: [Double] = [], se: [Double] = [],
      cov: [Double] = []
    for (i, replicate) in scores.enumerated() {
      for (g, s) in replicate.enumerated() {
        let k = Double(max(1, s.rows))
        rep.append(i + 1)
        names.append(groupNames[g])
        truth.append(s.truth / k)
        est.append(s.estimate / k)
        se.append(s.se / k)
        cov.append(Double(s.covered) / k)
      }
    }
    let draws = DataFrame.unchecked(
      columns: [
        Column(name: "replicate", ints: rep), Column(name: "group", strings: names),
        Column(name: "mean_true", floats: truth),
        Column(name: "mean_effect", floats: est), Column(name: "mean_se", floats: se),
        Column(name: "coverage", floats: cov),
      ], rowCount: rep.count)
    return ForestCoverageStudy(
      setup: setup, rowsPerDraw: n, trees: trees, replicates: scores.count, seed: seed,
      level: level, groups: groups, draws: draws)
  }

  /// The summary table, one row per group.
  public var table: DataFrame {
    DataFrame.unchecked(
      columns: [
        Column(name: "group", strings: groups.map(\.name)),
        Column(name: "mean_true", floats: groups.map(\.meanTruth)),
        Column(name: "mean_effect", floats: groups.map(\.meanEstimate)),
        Column(name: "mean_se", floats: groups.map(\.meanSE)),
        Column(name: "pehe", floats: groups.map(\.pehe)),
        Column(name: "coverage", floats: groups.map(\.coverage)),
        Column(name: "coverage_se", floats: groups.map(\.coverageSE)),
        Column(name: "lowest", floats: groups.map(\.lowest)),
        Column(name: "highest", floats: groups.map(\.highest)),
      ], rowCount: groups.count)
  }

  /// The table with how it was computed.
  public var report: Report {
    let pct = formatPlain(level * 100)
    return Report(
      title: "Causal forest coverage over \(replicates) draws of Nie & Wager setup \(setup.rawValue) "
        + "(\(rowsPerDraw) rows, \(trees) trees, seed \(seed))",
      items: [
        .table(table, title: nil),
        .text(
          "Each draw: fresh rows, a new forest, out-of-bag \(pct)% intervals (little bags) scored against the true "
            + "effect of every row. coverage = mean share of rows covered over the draws; coverage_se = its Monte "
            + "Carlo SE (SD over draws / √\(replicates)); lowest/highest = the extreme draws; fifths rank rows by "
            + "their TRUE effect within each draw. Coverage more than 2 coverage_se from \(formatPlain(level)) "
            + "means the intervals do not reach their level on this design."),
      ])
  }
}
