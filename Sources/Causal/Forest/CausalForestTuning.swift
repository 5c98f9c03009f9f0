import Frame
import Learn
import Stats

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A causal-forest setting that `tune:` can choose (grf's `tune.parameters`).
public enum CausalForestTunable: String, CaseIterable, Sendable, Codable {
  case sampleFraction = "sample_fraction"
  case mtry
  case minNodeSize = "min_node_size"
  case honestyFraction = "honesty_fraction"
  case honestyPruneLeaves = "prune_empty_leaves"
  case alpha
  case imbalancePenalty = "imbalance_penalty"

  /// Sets this parameter of `o` from a uniform draw u ∈ [0, 1), over grf's tuning ranges: sample fraction
  /// 0.05 + 0.45u, mtry ⌈min(d, √d + 20)·u⌉, min node size ⌊2^(u(log₂ n − 4))⌋, honesty fraction
  /// 0.5 + 0.3u, prune empty leaves when u < 0.5, alpha u/4, imbalance penalty −log u.
  func set(_ u: Double, in o: inout CausalForestOptions, rows n: Int, columns d: Int) {
    switch self {
    case .sampleFraction: o.sampleFraction = 0.05 + 0.45 * u
    case .mtry: o.mtry = max(1, Int((min(Double(d), Double(d).squareRoot() + 20) * u).rounded(.up)))
    case .minNodeSize: o.minNodeSize = max(1, Int(pow(2, u * (log2(Double(max(n, 2))) - 4)).rounded(.down)))
    case .honestyFraction: o.honestyFraction = 0.5 + 0.3 * u
    case .honestyPruneLeaves: o.honestyPruneLeaves = u < 0.5
    case .alpha: o.alpha = u / 4
    case .imbalancePenalty: o.imbalancePenalty = -log(max(u, 1e-12))
    }
  }

  /// The parameter's value in `o` as text (for reports).
  func text(in o: CausalForestOptions, columns d: Int) -> String {
    let v = value(in: o, columns: d)
    switch self {
    case .mtry, .minNodeSize: return String(Int(v))
    case .honestyPruneLeaves: return v != 0 ? "true" : "false"
    case .alpha: return Self.fmt(v, 4)
    case .sampleFraction, .honestyFraction, .imbalancePenalty: return Self.fmt(v, 3)
    }
  }

  /// The parameter's value in `o` as a number (true = 1).
  func value(in o: CausalForestOptions, columns d: Int) -> Double {
    switch self {
    case .sampleFraction: return o.sampleFraction
    case .mtry: return Double(o.effectiveMtry(d))
    case .minNodeSize: return Double(o.minNodeSize)
    case .honestyFraction: return o.honestyFraction
    case .honestyPruneLeaves: return o.honestyPruneLeaves ? 1 : 0
    case .alpha: return o.alpha
    case .imbalancePenalty: return o.imbalancePenalty
    }
  }

  static func fmt(_ v: Double, _ digits: Int) -> String { v.isFinite ? String(format: "%.\(digits)f", v) : "NaN" }
}

/// Parameter tuning of a causal forest, after grf's `tune.parameters` (grf 2.x `tune_forest`).
///
/// With the nuisances fixed, `draws` settings are drawn uniformly over grf's ranges (see
/// ``CausalForestTunable``), and a small forest of `trees` trees is grown for each on the residualized
/// data. Each is scored by its *debiased* out-of-bag R-loss,
/// `mean_i[(Ỹᵢ − τ̂₋ᵢ W̃ᵢ)² − W̃ᵢ² V̂ᵢ]`, where `V̂ᵢ` is the Monte Carlo variance of the out-of-bag τ̂ over
/// the small forest's trees: the error the forest would have with infinitely many trees, so settings
/// that make noisier trees (small leaves, small samples) are not penalized for the noise that the final
/// 2,000 trees average away. The best `finalists` settings and the defaults are then regrown with four
/// times the trees and scored again (grf's guard against the optimism of the best of many noisy scores).
/// The best regrown setting replaces the defaults only when its per-row improvement over them is more
/// than ``gate`` standard errors (paired over the rows both score); otherwise the defaults are kept.
///
/// Differences from grf: grf smooths the small forests' errors with a kriging (Gaussian process) model
/// and regrows only the surface's minimum; here the best `finalists` draws are regrown instead. grf takes
/// the tuned setting whenever its error is lower at all; the differences between settings are often a
/// few hundredths of a percent of the loss, so here they must also be larger than their noise (as for the
/// local linear correction's λ).
public struct CausalForestTuning: Sendable, Equatable {
  /// One setting and its mean debiased OOB R-loss (NaN when no row had an out-of-bag estimate).
  public struct Trial: Sendable, Equatable {
    public var values: [Double]
    public var error: Double
  }

  /// Parameters tuned, in the order of ``Trial/values``.
  public var parameters: [CausalForestTunable]
  /// Trees of each small forest.
  public var trees: Int
  /// Every draw with its small-forest error, in draw order.
  public var trials: [Trial]
  /// Regrown finalists (tuned draws, then the defaults last) with their errors on `4 × trees` trees.
  public var finalists: [Trial]
  /// Paired z of the best regrown setting's per-row improvement over the defaults (NaN: not computed).
  public var z: Double
  /// Whether a tuned setting beat the defaults by more than ``gate`` (false = the defaults were kept).
  public var tuned: Bool
  /// The options the forest was grown with.
  public var chosen: CausalForestOptions
  /// Covariates of the forest (mtry's range depends on it).
  public var columnCount: Int

  /// Settings regrown with more trees before the final choice.
  static let finalistCount = 3
  /// Standard errors by which the best regrown setting must beat the defaults.
  public static let gate = ForestMath.gateZ

  /// Trees the search grows: the draws' small forests, then the finalists and the defaults regrown.
  static func treeCount(_ options: CausalForestOptions) -> Int {
    options.tuneDraws * options.tuneTrees + (finalistCount + 1) * 4 * options.tuneTrees
  }

  /// Runs the search on residualized data (`y`, `w` are Ỹ and W̃; `x` the raw covariates for the
  /// out-of-bag predictions).
  static func run(
    data: BinnedMatrix, x: DesignMatrix, y: [Double], w: [Double], options: CausalForestOptions,
    progress: ((Int, Int) -> Void)?
  ) throws -> CausalForestTuning {
    let parameters = CausalForestTunable.allCases.filter { options.tune.contains($0) }
    let n = data.rows, d = data.cols
    let relabeling = CausalPseudoOutcomeRelabeling(y: y, w: w)
    let summary = CausalMomentLeafSummary(y: y, w: w)
    let totalTrees = treeCount(options)
    var treesDone = 0

    func settings(_ u: [Double]) -> CausalForestOptions {
      var o = options
      for (p, v) in zip(parameters, u) { p.set(v, in: &o, rows: n, columns: d) }
      return o
    }
    // A small forest of `trees` trees and its per-row errors. `extending`: the same setting's forest with
    // fewer trees, whose trees are this forest's first ones (``CausalForest/grow``), so only the rest grow.
    func errors(_ o: CausalForestOptions, trees: Int, extending: CausalForest.GrownForest? = nil) throws
      -> (rows: [Double], forest: CausalForest.GrownForest)
    {
      var small = o
      small.trees = trees
      small.ciGroupSize = 1
      small.localLinear = []
      small.llLambda = nil
      let g = try CausalForest.grow(
        data, relabeling: relabeling, summary: summary, options: small, keepMoments: false,
        extending: extending, progress: nil)
      treesDone += trees
      progress?(treesDone, totalTrees)
      let p = g.forest.predict(
        x: x.values, rows: n, columns: d, withVariance: true, inBag: g.inBag,
        threads: options.threads, monteCarlo: true)
      return (debiasedErrors(tau: p.tau, monteCarloVariance: p.variance, y: y, w: w), g)
    }

    var rng = SeededRNG(seed: options.seed).derived(-3)
    var draws: [[Double]] = []
    var trials: [Trial] = []
    // The small forests of the draws ranked first so far (the order of ``rankedDraws(_:)``): the
    // finalists' regrown forests start from them.
    var leading: [(error: Double, draw: Int, forest: CausalForest.GrownForest)] = []
    for k in 0..<options.tuneDraws {
      try Interruption.check()
      let u = parameters.map { _ in rng.uniform() }
      let o = settings(u)
      draws.append(u)
      let (rows, forest) = try errors(o, trees: options.tuneTrees)
      let e = meanError(rows)
      trials.append(Trial(values: parameters.map { $0.value(in: o, columns: d) }, error: e))
      if e.isFinite {
        leading.append((e, k, forest))
        leading.sort { ($0.error, $0.draw) < ($1.error, $1.draw) }
        if leading.count > finalistCount { leading.removeLast() }
      }
    }
    let ranked = rankedDraws(trials)
    var finalists: [Trial] = []
    var best: (errors: [Double], error: Double, options: CausalForestOptions)? = nil
    for i in ranked.prefix(finalistCount) {
      let o = settings(draws[i])
      let start = leading.first { $0.draw == i }?.forest
      let rows = try errors(o, trees: 4 * options.tuneTrees, extending: start).rows, e = meanError(rows)
      finalists.append(Trial(values: trials[i].values, error: e))
      if e.isFinite, e < (best?.error ?? .infinity) { best = (rows, e, o) }
    }
    let defaultRows = try errors(options, trees: 4 * options.tuneTrees).rows
    finalists.append(Trial(values: parameters.map { $0.value(in: options, columns: d) }, error: meanError(defaultRows)))
    let z = best.map { pairedZ(defaultRows, $0.errors) } ?? .nan
    let tuned = z > gate
    return CausalForestTuning(
      parameters: parameters, trees: options.tuneTrees, trials: trials, finalists: finalists,
      z: z, tuned: tuned, chosen: tuned ? best!.options : options, columnCount: d)
  }

  /// Indices of the draws with a finite error, lowest error first (ties by draw order); the first
  /// ``finalistCount`` are the ones regrown.
  static func rankedDraws(_ trials: [Trial]) -> [Int] {
    trials.indices.filter { trials[$0].error.isFinite }.sorted { (trials[$0].error, $0) < (trials[$1].error, $1) }
  }

  /// Per row, `(Ỹ − τ̂W̃)² − W̃²·V̂` (NaN for a row without an out-of-bag estimate).
  static func debiasedErrors(tau: [Double], monteCarloVariance v: [Double], y: [Double], w: [Double]) -> [Double] {
    tau.indices.map { i in
      guard tau[i].isFinite else { return .nan }
      let e = y[i] - tau[i] * w[i]
      return e * e - (v[i].isFinite ? w[i] * w[i] * v[i] : 0)
    }
  }

  /// Mean of the finite per-row errors; NaN when fewer than half the rows have one.
  static func meanError(_ e: [Double]) -> Double {
    let finite = e.filter(\.isFinite)
    return !finite.isEmpty && 2 * finite.count >= e.count ? ForestMath.mean(finite) : .nan
  }

  /// z of the mean of `a − b` over the rows where both are finite (positive when `b` is lower).
  static func pairedZ(_ a: [Double], _ b: [Double]) -> Double {
    let diff = a.indices.filter { a[$0].isFinite && b[$0].isFinite }.map { a[$0] - b[$0] }
    let (md, se) = ForestMath.meanAndSE(diff)
    guard diff.count >= 2, se > 0 else { return .nan }
    return md / se
  }

  /// One line for reports.
  public var summary: String {
    let names = parameters.map(\.rawValue).joined(separator: ", ")
    let defaults = finalists.last?.error ?? .nan
    let bestTuned = finalists.dropLast().map(\.error).filter(\.isFinite).min() ?? .nan
    let f = CausalForestTunable.fmt
    let scores =
      "\(trials.count) draws of \(trees) trees; debiased OOB R-loss \(f(bestTuned, 5)) (best draw) vs "
      + "\(f(defaults, 5)) (defaults) on \(4 * trees) trees, z \(f(z, 1))"
    guard tuned else {
      return "defaults kept: no setting of \(names) beat them by \(f(CausalForestTuning.gate, 0)) SE (\(scores))"
    }
    let values = parameters.map { "\($0.rawValue) \($0.text(in: chosen, columns: columnCount))" }.joined(
      separator: ", ")
    return "\(values) (\(scores))"
  }

  /// The search as a table: the defaults first, then every draw from the lowest small-forest error up.
  /// Columns: `setting` ("defaults" or "draw k", k in draw order from 1), one column per tuned parameter,
  /// `rloss` (the small forest's debiased OOB R-loss; missing for the defaults), `rloss_regrown` (on the
  /// 4 × trees forests: the defaults and the three finalists) and `chosen`.
  public func table() -> DataFrame {
    let ranked = CausalForestTuning.rankedDraws(trials)
    let unranked = trials.indices.filter { !trials[$0].error.isFinite }
    var regrown = [Double?](repeating: nil, count: trials.count)
    for (k, i) in ranked.prefix(finalists.count - 1).enumerated() { regrown[i] = finalists[k].error }
    let chosenDraw =
      tuned
      ? ranked.prefix(finalists.count - 1).min { (regrown[$0] ?? .infinity, $0) < (regrown[$1] ?? .infinity, $1) } : nil
    let order = ranked + unranked
    var columns = [Column(name: "setting", strings: ["defaults"] + order.map { "draw \($0 + 1)" })]
    for (k, p) in parameters.enumerated() {
      let values = [finalists.last?.values[k] ?? .nan] + order.map { trials[$0].values[k] }
      columns.append(
        p == .honestyPruneLeaves
          ? Column(name: p.rawValue, bools: values.map { $0 != 0 })
          : Column(name: p.rawValue, floats: values))
    }
    columns.append(
      Column(name: "rloss", floats: [nil] + order.map { trials[$0].error.isFinite ? Optional(trials[$0].error) : nil }))
    columns.append(Column(name: "rloss_regrown", floats: [finalists.last?.error] + order.map { regrown[$0] }))
    columns.append(Column(name: "chosen", bools: [!tuned] + order.map { $0 == chosenDraw }))
    return DataFrame.unchecked(columns: columns, rowCount: order.count + 1)
  }
}
