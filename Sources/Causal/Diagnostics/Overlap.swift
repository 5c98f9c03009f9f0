import Frame
import Stats

/// Propensity-score summary of one arm.
public struct OverlapGroup: Sendable, Equatable {
  public var label: String
  public var n: Int
  public var min: Double
  public var max: Double
  public var mean: Double
  /// Rows with a score below the lower bound (0.05 by default) and above the upper bound (0.95).
  public var below: Int
  public var above: Int
}

/// Counts of propensity scores per bin and arm, for a histogram.
public struct ScoreHistogram: Sendable, Equatable {
  /// Bin edges, `bins + 1` of them, from 0 to 1.
  public var edges: [Double]
  /// `counts[g][b]`: rows of arm g (0 = control, 1 = treated) in bin b (the last bin includes 1).
  public var counts: [[Int]]
}

/// The overlap diagnostic: do treated and control units share the same range of propensity scores?
///
/// Reports per arm the minimum, maximum and mean score and the rows outside [bound, 1 − bound]; the
/// common-support range [max(min₁, min₀), min(max₁, max₀)] and the rows outside it; and the score
/// histogram by arm. Causal does not draw: ``series`` hands the scores to a plotting layer (Render's
/// `histogramPlot`), and ``plot`` holds the drawing when an adapter has made one.
public struct OverlapReport: Sendable, Reportable {
  /// Control group first, then treated.
  public var groups: [OverlapGroup]
  /// Lower bound of the "extreme score" check; the upper is 1 − bound.
  public var bound: Double
  /// Common support, nil when the arms do not overlap at all.
  public var commonSupport: ClosedRange<Double>?
  /// Rows outside the common support.
  public var outsideSupport: Int
  public var histogram: ScoreHistogram
  /// The scores by arm ("control", "treated") for a plot.
  public var series: [(label: String, values: [Double])]
  public var warnings: [String]
  /// A drawing of the histogram (set by the language adapter), printed verbatim in the report.
  public var plot: String?

  public var report: Report {
    let names = [
      "arm", "n", "min", "max", "mean", "below \(formatPlain(bound))", "above \(formatPlain(1 - bound))",
      "share outside",
    ]
    let cols: [Column] = [
      Column(name: names[0], strings: groups.map(\.label)),
      Column(name: names[1], ints: groups.map(\.n)),
      Column(name: names[2], floats: groups.map(\.min)),
      Column(name: names[3], floats: groups.map(\.max)),
      Column(name: names[4], floats: groups.map(\.mean)),
      Column(name: names[5], ints: groups.map(\.below)),
      Column(name: names[6], ints: groups.map(\.above)),
      Column(name: names[7], floats: groups.map { Double($0.below + $0.above) / Double(Swift.max($0.n, 1)) }),
    ]
    var items: [Report.Item] = [
      .table(DataFrame.unchecked(columns: cols, rowCount: groups.count), title: "propensity by arm")
    ]
    var fields: [Report.Field] = []
    if let cs = commonSupport {
      fields.append(Report.Field("common support", .string("[\(short(cs.lowerBound)), \(short(cs.upperBound))]")))
    } else {
      fields.append(Report.Field("common support", .string("none")))
    }
    fields.append(Report.Field("rows outside common support", .int(outsideSupport)))
    items.append(.fields(fields))
    if let plot { items.append(.preformatted(plot)) }
    for w in warnings { items.append(.warning(w)) }
    return Report(title: "Overlap of propensity scores", items: items)
  }
}

/// Which rows to keep when trimming on the propensity score.
public enum TrimRule: Sendable, Equatable {
  /// Keep scores in [a, 1 − a].
  case bounds(Double)
  /// Keep scores inside the common support of the two arms.
  case commonSupport
  /// Crump, Hotz, Imbens & Mitnik (2009): keep scores in [α, 1 − α] with α chosen to minimise the variance
  /// of the ATE on the trimmed sample (α = 0 when no trimming helps).
  case crump

  /// Parses "common_support", "crump" or a number a (bounds [a, 1 − a]).
  public init(parsing s: String) throws {
    switch s.lowercased() {
    case "common_support", "support": self = .commonSupport
    case "crump", "optimal": self = .crump
    default:
      guard let a = Double(s), a > 0, a < 0.5 else {
        throw CausalError.invalidInput("trim rule '\(s)': use a bound such as 0.05, \"common_support\" or \"crump\"")
      }
      self = .bounds(a)
    }
  }
}

/// The outcome of trimming: which rows stay, and how many of each arm left.
public struct TrimResult: Sendable, Reportable {
  /// `keep[i]` is true for rows that stay.
  public var keep: [Bool]
  /// The kept range of scores.
  public var range: ClosedRange<Double>
  public var droppedTreated: Int
  public var droppedControl: Int
  public var rule: String

  /// Indices of the kept rows, ascending.
  public var keptRows: [Int] { keep.indices.filter { keep[$0] } }

  public var report: Report {
    let total = droppedTreated + droppedControl
    var items: [Report.Item] = [
      .fields([
        Report.Field("rule", .string(rule)),
        Report.Field("kept range", .string("[\(short(range.lowerBound)), \(short(range.upperBound))]")),
        Report.Field("rows kept", .int(keep.count - total)),
        Report.Field("dropped treated", .int(droppedTreated)),
        Report.Field("dropped control", .int(droppedControl)),
      ])
    ]
    if total > 0 {
      items.append(
        .warning(
          "trimming dropped \(total) of \(keep.count) rows; estimates now describe the population with "
            + "scores in [\(short(range.lowerBound)), \(short(range.upperBound))], not everyone"))
    }
    return Report(title: "Propensity trimming", items: items)
  }
}

/// Overlap diagnostics and trimming.
public enum Overlap {
  /// The overlap report of propensity scores.
  public static func report(_ ps: PropensityScores, bound: Double = 0.05, bins: Int = 20) throws -> OverlapReport {
    try report(scores: ps.scores, treatment: ps.treatment, bound: bound, bins: bins)
  }

  /// The overlap report of `scores` by `treatment` (0/1).
  public static func report(scores: [Double], treatment: [Double], bound: Double = 0.05, bins: Int = 20) throws
    -> OverlapReport
  {
    guard scores.count == treatment.count else {
      throw CausalError.invalidInput(
        "overlap: scores (\(scores.count)) and treatment (\(treatment.count)) differ in length")
    }
    guard bound >= 0 && bound < 0.5 else {
      throw CausalError.invalidInput("overlap bound must be in [0, 0.5), got \(bound)")
    }
    guard bins >= 1 && bins <= 1000 else {
      throw CausalError.invalidInput("bins must be between 1 and 1000, got \(bins)")
    }
    try checkBinaryTreatment(treatment, name: "treatment")
    if let i = scores.firstIndex(where: { !($0 >= 0 && $0 <= 1) }) {
      throw CausalError.invalidInput("propensity score in row \(i + 1) is missing or outside [0, 1]")
    }
    var groups: [OverlapGroup] = []
    var series: [(label: String, values: [Double])] = []
    var counts = [[Int]](repeating: [Int](repeating: 0, count: bins), count: 2)
    for (g, label) in ["control", "treated"].enumerated() {
      let v = scores.indices.filter { treatment[$0] == Double(g) }.map { scores[$0] }
      series.append((label, v))
      for x in v { counts[g][Swift.min(Int(x * Double(bins)), bins - 1)] += 1 }
      groups.append(
        OverlapGroup(
          label: label, n: v.count, min: v.min() ?? .nan, max: v.max() ?? .nan,
          mean: v.reduce(0, +) / Double(Swift.max(v.count, 1)),
          below: v.filter { $0 < bound }.count, above: v.filter { $0 > 1 - bound }.count))
    }
    let lo = Swift.max(groups[0].min, groups[1].min), hi = Swift.min(groups[0].max, groups[1].max)
    let support: ClosedRange<Double>? = lo <= hi ? lo...hi : nil
    let outside = support.map { s in scores.filter { !s.contains($0) }.count } ?? scores.count
    var warnings: [String] = []
    if support == nil {
      warnings.append(
        "no common support: every treated score lies on one side of every control score; no estimator "
          + "can compare like with like — drop the covariate that determines treatment or restrict the population")
    } else {
      let extreme = groups.reduce(0) { $0 + $1.below + $1.above }
      if extreme > 0 {
        let pct = (Double(extreme) / Double(scores.count) * 1000).rounded() / 10
        warnings.append(
          "\(extreme) rows (\(pct)%) have scores outside [\(formatPlain(bound)), \(formatPlain(1 - bound))]: "
            + "their inverse weights are large; consider `estimate overlap …`, or trimming "
            + "(`trim ps rule: \(formatPlain(bound))`)")
      }
      if outside > 0 {
        warnings.append(
          "\(outside) rows lie outside the common support [\(short(lo)), \(short(hi))]; effects there are "
            + "extrapolated (`trim ps rule: \"common_support\"` drops them)")
      }
    }
    let edges = (0...bins).map { Double($0) / Double(bins) }
    return OverlapReport(
      groups: groups, bound: bound, commonSupport: support, outsideSupport: outside,
      histogram: ScoreHistogram(edges: edges, counts: counts), series: series, warnings: warnings,
      plot: nil)
  }

  /// Rows to keep under a trimming rule; always reports how many rows of each arm were dropped.
  public static func trim(scores: [Double], treatment: [Double], rule: TrimRule) throws -> TrimResult {
    let r = try report(scores: scores, treatment: treatment)
    var range: ClosedRange<Double>
    var name: String
    switch rule {
    case .bounds(let a):
      guard a > 0 && a < 0.5 else { throw CausalError.invalidInput("trim bound must be in (0, 0.5), got \(a)") }
      range = a...(1 - a)
      name = "scores in [\(formatPlain(a)), \(formatPlain(1 - a))]"
    case .commonSupport:
      guard let s = r.commonSupport else {
        throw CausalError.noOverlap("trimming to the common support would drop every row: the arms do not overlap")
      }
      range = s
      name = "common support"
    case .crump:
      let a = crumpAlpha(scores)
      range = a...(1 - a)
      name = "Crump et al. (2009), α = \(short(a))"
    }
    let keep = scores.map { range.contains($0) }
    var dt = 0, dc = 0
    for i in keep.indices where !keep[i] { if treatment[i] == 1 { dt += 1 } else { dc += 1 } }
    let keptT = treatment.indices.filter { keep[$0] && treatment[$0] == 1 }.count
    if keptT == 0 || keptT == keep.filter({ $0 }).count {
      throw CausalError.noOverlap(
        "trimming (\(name)) would leave no \(keptT == 0 ? "treated" : "control") rows; use a milder rule")
    }
    return TrimResult(keep: keep, range: range, droppedTreated: dt, droppedControl: dc, rule: name)
  }

  /// Crump et al. (2009) optimal trimming threshold α: with g = 1/(e(1 − e)), α = 0 when max g ≤ 2·mean g;
  /// otherwise γ is the largest sorted gᵢ with gᵢ < 2·mean(g | g ≤ gᵢ) and α = ½ − √(¼ − 1/γ).
  public static func crumpAlpha(_ scores: [Double]) -> Double {
    let g = scores.map { e -> Double in
      let v = e * (1 - e)
      return v > 0 ? 1 / v : .infinity
    }.sorted()
    guard !g.isEmpty else { return 0 }
    let mean = g.reduce(0, +) / Double(g.count)
    if let last = g.last, last <= 2 * mean { return 0 }
    var cum = 0.0
    var gamma = g[0]
    for (k, v) in g.enumerated() {
      cum += v
      if v < 2 * cum / Double(k + 1) { gamma = v }
    }
    let inside = 0.25 - 1 / gamma
    return inside > 0 ? 0.5 - inside.squareRoot() : 0
  }
}
