import Frame
import Stats

/// Options of an always-valid (sequential) analysis of a two-arm experiment.
public struct SequentialOptions: Sendable {
  /// Error rate of the whole sequence (the probability that it ever misses the true effect).
  public var alpha: Double
  /// Sample size at which the sequence is tuned to be tightest; nil = the number of rows analysed.
  public var plannedN: Int?
  /// Probability of treatment under the design (the randomization's planned share).
  public var treatedShare: Double

  public init(alpha: Double = 0.05, plannedN: Int? = nil, treatedShare: Double = 0.5) {
    self.alpha = alpha
    self.plannedN = plannedN
    self.treatedShare = treatedShare
  }
}

/// The sequence at every look and the summary of an always-valid analysis.
public struct SequentialResult: Sendable, Reportable {
  /// One row per look: time, n, n_control, n_treated, rate/mean per arm, diff (plain difference in
  /// means), estimate (mean pseudo-outcome, the sequence's centre), cs_low, cs_high, ci_low, ci_high
  /// (the fixed-horizon Wald interval, valid only at a single pre-planned look), z (pooled).
  public var looks: DataFrame
  public var alpha: Double
  public var rhoSquared: Double
  public var plannedN: Int
  public var treatedShare: Double
  /// Time of the first look at which the sequence excluded 0 (nil: never).
  public var firstExclusion: Double?
  /// Time of the first look at which the fixed-horizon interval excluded 0 (nil: never).
  public var firstNaiveExclusion: Double?
  public var outcomeName: String
  public var timeName: String

  /// The final look's sequence width divided by its fixed-horizon interval's width.
  public var widthRatio: Double {
    guard let lo = looks["cs_low"]?.doubles(), let hi = looks["cs_high"]?.doubles(),
      let flo = looks["ci_low"]?.doubles(), let fhi = looks["ci_high"]?.doubles(), let k = lo.indices.last
    else { return .nan }
    return (hi[k] - lo[k]) / (fhi[k] - flo[k])
  }

  public var report: Report {
    var items: [Report.Item] = [
      .fields([
        .init("outcome", .string(outcomeName)), .init("looks over", .string(timeName)),
        .init("alpha", .float(alpha)), .init("planned n", .int(plannedN)),
        .init("rho^2", .float(rhoSquared)), .init("treated share", .float(treatedShare)),
        .init("first look excluding 0 (sequence)", firstExclusion.map { .float($0) } ?? .string("never")),
        .init("first look excluding 0 (fixed CI)", firstNaiveExclusion.map { .float($0) } ?? .string("never")),
        .init("width ratio at the end", .float(widthRatio)),
      ]),
      .table(looks, title: "Always-valid \(Int((1 - alpha) * 100 + 0.5))% confidence sequence per look"),
      .text(
        "The sequence (cs_low, cs_high) may be read at every look and the experiment stopped as soon as it "
          + "excludes 0; the fixed-horizon interval (ci_low, ci_high) is valid only at one look planned in advance."),
    ]
    if firstNaiveExclusion != nil && firstExclusion == nil {
      items.append(
        .warning(
          "the fixed-horizon interval excluded 0 at some look but the sequence never did: "
            + "a stop on that look would be peeking, not evidence"))
    }
    return Report(title: "Sequential test (asymptotic confidence sequence, Waudby-Smith et al. 2024)", items: items)
  }
}

/// Always-valid analysis of a two-arm experiment read in time order (see ``SequentialAccumulator``).
public enum SequentialTest {
  /// Runs the analysis. Rows are read in order of `time` (ties keep row order); a look is taken after the
  /// last row of every distinct time value, or, without a time column, at `looks` evenly spaced row counts.
  public static func run(
    outcome: [Double], treated: [Bool], time: [Double]?, looks: Int = 20,
    options: SequentialOptions = SequentialOptions(), outcomeName: String = "outcome",
    timeName: String? = nil
  ) throws -> SequentialResult {
    let n = outcome.count
    try checkOpenUnit(options.alpha, "alpha", context: "sequential")
    guard treated.count == n, time.map({ $0.count == n }) ?? true else {
      throw ExperimentError.invalidInput("outcome, arm and time must have the same length")
    }
    guard options.treatedShare > 0, options.treatedShare < 1 else {
      throw ExperimentError.invalidInput(
        "the treated share must be strictly between 0 and 1, got \(options.treatedShare)")
    }
    guard treated.contains(true), treated.contains(false) else {
      throw ExperimentError.invalidInput(
        "both arms need rows: found \(treated.filter { $0 }.count) treated and "
          + "\(treated.filter { !$0 }.count) control rows")
    }
    if let i = outcome.firstIndex(where: { !$0.isFinite }) {
      throw ExperimentError.invalidInput("the outcome is missing at row \(i + 1); drop or fill those rows first")
    }
    if let t = time, let i = t.firstIndex(where: { !$0.isFinite }) {
      throw ExperimentError.invalidInput("the time column is missing at row \(i + 1); drop or fill those rows first")
    }
    guard looks >= 1 else { throw ExperimentError.invalidInput("looks must be at least 1") }
    if let p = options.plannedN, p < 2 { throw ExperimentError.invalidInput("planned n must be at least 2, got \(p)") }

    let order: [Int]
    var cut: [Int] = []  // number of rows read at each look
    if let t = time {
      order = (0..<n).sorted { t[$0] < t[$1] || (t[$0] == t[$1] && $0 < $1) }
      for k in 1...n where k == n || t[order[k]] != t[order[k - 1]] { cut.append(k) }
    } else {
      order = Array(0..<n)
      let m = min(looks, n)
      for j in 1...m { cut.append(max(1, Int((Double(j) * Double(n) / Double(m)).rounded()))) }
    }
    let planned = options.plannedN ?? n
    let rho2 = ConfidenceSequence.rhoSquared(plannedN: Double(planned), alpha: options.alpha)
    let z = normalQuantileTwoSided(options.alpha)
    var acc = SequentialAccumulator(treatedShare: options.treatedShare)
    var cols = [[Double]](repeating: [], count: 13)
    var read = 0
    var first: Double? = nil, firstNaive: Double? = nil
    for k in cut {
      while read < k {
        acc.add(outcome[order[read]], treated: treated[order[read]])
        read += 1
      }
      let tm = time.map { $0[order[k - 1]] } ?? Double(k)
      let cs = acc.confidenceSequence(rhoSquared: rho2, alpha: options.alpha)
      let se = acc.differenceSE
      let lo = acc.difference - z * se, hi = acc.difference + z * se
      if first == nil && (cs.low > 0 || cs.high < 0) { first = tm }
      if firstNaive == nil && (lo > 0 || hi < 0) { firstNaive = tm }
      let row = [
        tm, Double(k), Double(acc.nControl), Double(acc.nTreated), acc.meanControl, acc.meanTreated,
        acc.difference, acc.phiMean, cs.low, cs.high, lo, hi, acc.pooledZ,
      ]
      for c in 0..<13 { cols[c].append(row[c].isFinite ? row[c] : .nan) }
    }
    let names = [
      timeName ?? "rows", "n", "n_control", "n_treated", "mean_control", "mean_treated", "diff", "estimate",
      "cs_low", "cs_high", "ci_low", "ci_high", "z",
    ]
    var columns: [Column] = []
    for c in 0..<13 {
      if (1...3).contains(c) {
        columns.append(Column(name: names[c], ints: cols[c].map { Int($0) }))
      } else {
        columns.append(Column(name: names[c], floats: cols[c].map { $0.isNaN ? nil : $0 }))
      }
    }
    return SequentialResult(
      looks: DataFrame.unchecked(columns: columns, rowCount: cut.count), alpha: options.alpha,
      rhoSquared: rho2, plannedN: planned, treatedShare: options.treatedShare,
      firstExclusion: first, firstNaiveExclusion: firstNaive, outcomeName: outcomeName,
      timeName: timeName ?? "row order")
  }
}
