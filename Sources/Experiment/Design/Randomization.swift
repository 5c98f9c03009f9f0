import Causal
import Frame
import Stats

/// How units are assigned to arms.
public enum RandomizationMethod: String, Sendable, CaseIterable {
  /// Complete (blocked) randomization: within each stratum the arm sizes are fixed by the ratio (largest
  /// remainder, leftover units to arms drawn at random) and the arm labels are shuffled over the units.
  case complete
  /// Simple (Bernoulli) randomization: each unit independently, with probabilities given by the ratio.
  case simple
}

/// Settings of ``Randomization/assign(_:options:)``.
public struct RandomizationOptions: Sendable {
  public var arms: [String]
  /// One positive weight per arm (any scale); nil = equal.
  public var ratio: [Double]?
  /// Columns whose combinations form the strata; empty = one stratum.
  public var strata: [String]
  public var seed: Int
  public var method: RandomizationMethod
  /// Name of the new arm column.
  public var column: String
  /// Covariates for the balance table; nil = every column except the strata, text columns with more than 20
  /// levels (identifiers) and the new arm column.
  public var covariates: [String]?

  /// Options with the arms and seed; everything else defaulted.
  public init(
    arms: [String], ratio: [Double]? = nil, strata: [String] = [], seed: Int = 42,
    method: RandomizationMethod = .complete, column: String = "arm", covariates: [String]? = nil
  ) {
    self.arms = arms
    self.ratio = ratio
    self.strata = strata
    self.seed = seed
    self.method = method
    self.column = column
    self.covariates = covariates
  }
}

/// A randomized frame and the check of what the randomization produced.
public struct RandomizationResult: Sendable, Reportable {
  /// The input frame with the arm column appended.
  public var frame: DataFrame
  public var options: RandomizationOptions
  /// Units per arm (in `options.arms` order) and per stratum.
  public var counts: [Int]
  public var strataCount: Int
  /// Standardized mean differences of each treatment arm against the first arm (see ``Balance``).
  public var balance: DataFrame
  /// Largest |SMD| in the balance table (NaN without covariates).
  public var maxAbsSMD: Double
  public var notes: [String]

  public var report: Report {
    let sizes = DataFrame.unchecked(
      columns: [
        Column(name: "arm", strings: options.arms), Column(name: "n", ints: counts),
        Column(name: "share", floats: counts.map { Double($0) / Double(max(1, frame.rowCount)) }),
      ], rowCount: counts.count)
    var items: [Report.Item] = [
      .table(sizes, title: nil),
      .fields([
        Report.Field(
          "method",
          .string(
            options.method.rawValue
              + (options.strata.isEmpty
                ? ""
                : ", stratified by "
                  + options.strata.joined(separator: ", ")))),
        Report.Field("strata", .int(strataCount)), Report.Field("seed", .int(options.seed)),
        Report.Field("max |SMD|", .float(maxAbsSMD)),
      ]),
    ]
    if balance.rowCount > 0 { items.append(.table(balance, title: "balance against '\(options.arms[0])' (SMD)")) }
    items += notes.map { .text($0) }
    return Report(title: "Randomization into \(options.arms.count) arms", items: items)
  }
}

/// Seeded assignment of a frame's rows to experiment arms, simple or complete, optionally within strata.
///
/// Reproducible: stratum s (in sorted order of its key) draws from `SeededRNG(seed).derived(s)`, so the same
/// frame, options and seed give the same arms on every run and machine. After assignment, covariate balance
/// (standardized mean differences, Causal's ``Balance``) checks that the arms look alike, as they should in
/// expectation; a |SMD| above 0.1 in a randomized design is chance or a too small sample, not confounding.
public enum Randomization {
  /// Assigns arms and returns the frame with the new column, the arm sizes and a balance table.
  public static func assign(_ frame: DataFrame, options: RandomizationOptions) throws -> RandomizationResult {
    let k = options.arms.count
    guard k >= 2 else {
      throw ExperimentError.invalidInput(
        "randomize: needs at least two arms, got \(k); e.g. arms: [\"control\", \"offer\"]")
    }
    guard Set(options.arms).count == k, !options.arms.contains("") else {
      throw ExperimentError.invalidInput("randomize: arm names must be distinct and non-empty, got \(options.arms)")
    }
    let weights = options.ratio ?? [Double](repeating: 1, count: k)
    guard weights.count == k else {
      throw ExperimentError.invalidInput(
        "randomize: ratio has \(weights.count) numbers for \(k) arms; give one per arm")
    }
    guard weights.allSatisfy({ $0 > 0 && $0.isFinite }) else {
      throw ExperimentError.invalidInput("randomize: ratio weights must be positive numbers, got \(weights)")
    }
    guard frame.rowCount > 0 else { throw ExperimentError.invalidInput("randomize: the frame has no rows") }
    guard frame.index(of: options.column) == nil else {
      throw ExperimentError.invalidInput(
        "randomize: the frame already has a column '\(options.column)'; choose another with name:")
    }
    let total = weights.reduce(0, +)
    let shares = weights.map { $0 / total }
    let strata = try strataOf(frame, columns: options.strata)
    var notes: [String] = []
    if strata.hasMissing {
      notes.append("rows with a missing stratum value form their own stratum (NA)")
    }
    if !options.strata.isEmpty, let single = strata.members.firstIndex(where: { $0.count == 1 }) {
      throw ExperimentError.invalidInput(
        "randomize: the stratum \(strata.keys[single]) has a single unit, which cannot be "
          + "split between arms; merge small strata (a coarser column) or drop strata:")
    }
    var assignment = [Int32](repeating: 0, count: frame.rowCount)
    let base = SeededRNG(seed: options.seed)
    for (s, rows) in strata.members.enumerated() {
      var rng = base.derived(s)
      switch options.method {
      case .complete:
        var labels: [Int32] = []
        for (a, c) in completeCounts(rows.count, shares: shares, rng: &rng).enumerated() {
          labels += [Int32](repeating: Int32(a), count: c)
        }
        rng.shuffle(&labels)
        for (r, l) in zip(rows, labels) { assignment[r] = l }
      case .simple:
        let cumulative = shares.indices.map { shares[0...$0].reduce(0, +) }
        for r in rows {
          let u = rng.uniform()
          assignment[r] = Int32(cumulative.firstIndex { u < $0 } ?? (k - 1))
        }
      }
    }
    var out = frame
    try out.append(Column(name: options.column, codes: assignment, levels: options.arms))
    var counts = [Int](repeating: 0, count: k)
    for a in assignment { counts[Int(a)] += 1 }
    if options.method == .simple {
      notes.append("simple randomization: arm sizes vary by chance around the planned shares")
    }
    let covariates = options.covariates ?? defaultCovariates(frame, excluding: options.strata)
    let (table, maxSMD) = try balanceTable(out, covariates: covariates, armColumn: options.column, arms: options.arms)
    return RandomizationResult(
      frame: out, options: options, counts: counts, strataCount: strata.members.count,
      balance: table, maxAbsSMD: maxSMD, notes: notes)
  }

  /// Arm sizes for n units: ⌊n·share⌋ each, the leftover units to the largest remainders (ties by a random key).
  static func completeCounts(_ n: Int, shares: [Double], rng: inout SeededRNG) -> [Int] {
    let exact = shares.map { Double(n) * $0 }
    var counts = exact.map { Int($0.rounded(.down)) }
    let left = n - counts.reduce(0, +)
    let keys = shares.map { _ in rng.uniform() }
    let order = shares.indices.sorted {
      let ra = exact[$0] - Double(counts[$0]), rb = exact[$1] - Double(counts[$1])
      return ra != rb ? ra > rb : keys[$0] < keys[$1]
    }
    for i in 0..<max(0, left) { counts[order[i % order.count]] += 1 }
    return counts
  }

  /// Row indices per stratum, strata in sorted key order (each column's levels sorted, missing values last, as "NA").
  static func strataOf(_ frame: DataFrame, columns: [String]) throws
    -> (keys: [String], members: [[Int]], hasMissing: Bool)
  {
    guard !columns.isEmpty else { return (["all"], [Array(0..<frame.rowCount)], false) }
    let codings = try columns.map { try ArmCoding(try frame.column($0), role: "stratum") }
    var hasMissing = false
    var groups: [[Int32]: [Int]] = [:]
    for i in 0..<frame.rowCount {
      let key = codings.map { c -> Int32 in
        if c.codes[i] < 0 {
          hasMissing = true
          return Int32.max
        }
        return c.codes[i]
      }
      groups[key, default: []].append(i)
    }
    let keys = groups.keys.sorted { $0.lexicographicallyPrecedes($1) }
    let names = keys.map { key in
      zip(columns, zip(codings, key)).map { name, ck in
        "\(name)=" + (ck.1 == Int32.max ? "NA" : ck.0.labels[Int(ck.1)])
      }.joined(separator: ", ")
    }
    return (names, keys.map { groups[$0] ?? [] }, hasMissing)
  }

  static func defaultCovariates(_ frame: DataFrame, excluding: [String]) -> [String] {
    frame.columns.compactMap { c in
      if excluding.contains(c.name) { return nil }
      if case .string(_, let levels) = c.storage, levels.count > 20 { return nil }
      return c.name
    }
  }

  /// SMD of every covariate for each arm against the first arm.
  static func balanceTable(
    _ frame: DataFrame, covariates: [String], armColumn: String,
    arms: [String]
  ) throws -> (DataFrame, Double) {
    var armCol: [String] = [], cov: [String] = [], mA: [Double] = [], mC: [Double] = [], smd: [Double] = []
    var vr: [Double] = []
    if !covariates.isEmpty {
      let armValues = try frame.column(armColumn)
      for a in 1..<arms.count {
        let rows = (0..<frame.rowCount).filter {
          armValues.string(at: $0) == arms[a] || armValues.string(at: $0) == arms[0]
        }
        guard rows.contains(where: { armValues.string(at: $0) == arms[a] }),
          rows.contains(where: { armValues.string(at: $0) == arms[0] })
        else { continue }
        let sub = frame.rows(rows)
        let options = DesignOptions(
          missing: .keep, categorical: .dummies, unseenLevels: .ignore, intercept: false,
          rejectConstant: false)
        let spec = try DesignSpec.fit(
          Formula(outcome: armColumn, terms: covariates), on: sub, outcome: nil, options: options)
        let x = try spec.transform(sub)
        let t = rows.map { armValues.string(at: $0) == arms[a] ? 1.0 : 0.0 }
        let b = try Balance.table(x: x, treatment: t, weights: nil, weighting: "none")
        for r in b.rows {
          armCol.append(arms[a])
          cov.append(r.covariate)
          mA.append(r.meanTreated)
          mC.append(r.meanControl)
          smd.append(r.smdBefore)
          vr.append(r.varianceRatioBefore)
        }
      }
    }
    let table = DataFrame.unchecked(
      columns: [
        Column(name: "arm", strings: armCol), Column(name: "covariate", strings: cov),
        Column(name: "mean_arm", floats: mA), Column(name: "mean_\(arms[0])", floats: mC),
        Column(name: "smd", floats: smd), Column(name: "var_ratio", floats: vr),
      ], rowCount: armCol.count)
    let finite = smd.filter(\.isFinite).map(abs)
    return (table, finite.max() ?? .nan)
  }
}
