import Frame
import Stats

/// One estimator of a ``MonteCarloStudy``: a method and its nuisance models, with a short note saying what
/// is deliberately wrong about it (empty when nothing is).
public struct StudyEstimator: Sendable {
  /// The estimating method.
  public enum Method: String, Sendable {
    case naive, hajek, aipw
  }
  public var name: String
  public var method: Method
  public var propensityLearner: any NuisanceLearner
  public var outcomeLearner: any NuisanceLearner
  /// Cross-fitting folds of the nuisances (1 = fitted and predicted on the same rows).
  public var folds: Int
  public var note: String

  /// Creates an estimator description.
  public init(
    name: String, method: Method, propensityLearner: any NuisanceLearner = GLMLearner(name: "logistic"),
    outcomeLearner: any NuisanceLearner = GLMLearner(name: "logistic"), folds: Int = 5, note: String
  ) {
    self.name = name
    self.method = method
    self.propensityLearner = propensityLearner
    self.outcomeLearner = outcomeLearner
    self.folds = folds
    self.note = note
  }

  /// The teaching set, by name: `naive`; `ipw` (Hájek, logistic propensity); `aipw` (logistic nuisances);
  /// `aipw_gbm` (boosted nuisances); `aipw_folds1` and `aipw_gbm_folds1` (no cross-fitting);
  /// `aipw_wrong_outcome` (outcome model = the arm's mean, ignoring every covariate);
  /// `aipw_wrong_propensity` (propensity = the share treated); `aipw_both_wrong` (both).
  public static let catalogueNames = [
    "naive", "ipw", "aipw", "aipw_gbm", "aipw_folds1", "aipw_gbm_folds1",
    "aipw_wrong_outcome", "aipw_wrong_propensity", "aipw_both_wrong",
  ]

  /// The estimator of the teaching set called `name` (see ``catalogueNames``).
  /// - Throws: ``CausalError/invalidInput(_:)`` naming the known estimators for an unknown name.
  public static func named(_ name: String) throws -> StudyEstimator {
    let logistic = GLMLearner(name: "logistic"), mean = MeanLearner()
    switch name {
    case "naive": return StudyEstimator(name: name, method: .naive, note: "adjusts for nothing")
    case "ipw": return StudyEstimator(name: name, method: .hajek, note: "")
    case "aipw": return StudyEstimator(name: name, method: .aipw, note: "")
    case "aipw_gbm", "aipw_gbm_folds1":
      let gbm = try NuisanceLearners.named("gbm")
      let folds = name == "aipw_gbm" ? 5 : 1
      return StudyEstimator(
        name: name, method: .aipw, propensityLearner: gbm, outcomeLearner: gbm, folds: folds,
        note: folds == 1 ? "no cross-fitting" : "")
    case "aipw_folds1":
      return StudyEstimator(name: name, method: .aipw, folds: 1, note: "no cross-fitting")
    case "aipw_wrong_outcome":
      return StudyEstimator(
        name: name, method: .aipw, propensityLearner: logistic, outcomeLearner: mean,
        note: "outcome model ignores X")
    case "aipw_wrong_propensity":
      return StudyEstimator(
        name: name, method: .aipw, propensityLearner: mean, outcomeLearner: logistic,
        note: "propensity ignores X")
    case "aipw_both_wrong":
      return StudyEstimator(
        name: name, method: .aipw, propensityLearner: mean, outcomeLearner: mean,
        note: "both models ignore X")
    default:
      let hint = closestMatch(to: name, among: catalogueNames).map { " (did you mean '\($0)'?)" } ?? ""
      throw CausalError.invalidInput(
        "unknown estimator '\(name)'\(hint); known: " + catalogueNames.joined(separator: ", "))
    }
  }

  /// Estimates the ATE on `data` with this estimator (nuisance folds and learners seeded by `seed`).
  func estimate(_ data: TreatmentData, seed: Int, level: Double) throws -> EffectEstimate {
    switch method {
    case .naive: return try NaiveDifference.estimate(data, level: level)
    case .hajek:
      return try IPW.estimate(
        data,
        options: IPWOptions(
          kind: .hajek, target: .ate, level: level,
          propensity: PropensityOptions(
            learner: propensityLearner,
            folds: folds, seed: seed)))
    case .aipw:
      return try AIPW.estimate(
        data,
        options: AIPWOptions(
          target: .ate, folds: folds, propensityLearner: propensityLearner,
          outcomeLearner: outcomeLearner, seed: seed, level: level))
    }
  }
}

/// One estimator's behaviour over the replicates of a ``MonteCarloStudy``.
public struct StudyRow: Sendable {
  public var name: String
  public var note: String
  /// Mean of the estimates and of the replicates' true ATEs.
  public var meanEstimate: Double
  public var meanTruth: Double
  /// mean(estimate − truth), sd of the estimates (n − 1), √mean((estimate − truth)²).
  public var bias: Double
  public var sd: Double
  public var rmse: Double
  /// Mean reported SE (compare with `sd`: an honest SE matches the spread).
  public var meanSE: Double
  /// Share of replicates whose interval contains that replicate's true ATE.
  public var coverage: Double
}

/// A Monte Carlo study: the same simulated world redrawn over seeds, every estimator run on every draw, and
/// each scored against the known truth of its draw.
///
/// Replicate r uses the seed `SeededRNG(seed).derived(r)` for the simulation and the estimators' folds and
/// learners, so results do not depend on how replicates are scheduled across threads. Per estimator
/// (Morris, White & Crowther 2019, "Using simulation studies to evaluate statistical methods", Stat. Med.):
/// bias = mean(τ̂ᵣ − τᵣ), SD = sample SD of τ̂ᵣ, RMSE = √mean((τ̂ᵣ − τᵣ)²), coverage = share of replicates with
/// τᵣ inside the reported interval, where τᵣ is draw r's sample ATE (mean of the true individual effects).
public struct MonteCarloStudy: Sendable, Reportable {
  public var rows: [StudyRow]
  public var replicates: Int
  public var seed: Int
  public var level: Double
  /// One row per replicate and estimator: replicate, estimator, estimate, se, ci_low, ci_high, truth.
  public var draws: DataFrame

  /// Runs `estimators` on `replicates` draws of `draw(seed)`, which returns the data and its true ATE.
  ///
  /// Replicates run in parallel batches (``runReplicates(_:seed:threads:progress:_:)``): Ctrl-C stops the
  /// study between batches and `progress(done, total)` is called on the calling thread.
  /// - Throws: ``CausalError/invalidInput(_:)`` for fewer than 2 replicates or no estimators; the first
  ///   failing replicate's error, prefixed with its number.
  public static func run(
    replicates: Int, seed: Int, estimators: [StudyEstimator], level: Double = 0.95,
    progress: ((Int, Int) -> Void)? = nil,
    draw: @escaping @Sendable (Int) throws -> (data: TreatmentData, truth: Double)
  ) throws -> MonteCarloStudy {
    guard (2...10_000).contains(replicates) else {
      throw CausalError.invalidInput("replicates must be between 2 and 10000, got \(replicates)")
    }
    guard !estimators.isEmpty else { throw CausalError.invalidInput("give at least one estimator") }
    try checkLevel(level)
    let results = try runReplicates(replicates, seed: seed, progress: progress) {
      _, s -> (truth: Double, estimates: [Estimate]) in
      let d = try draw(s)
      return (d.truth, try estimators.map { try $0.estimate(d.data, seed: s, level: level).estimate })
    }
    return summarize(results, estimators: estimators, seed: seed, level: level)
  }

  /// Per-estimator bias, SD, RMSE and coverage from the replicates' estimates.
  static func summarize(
    _ results: [(truth: Double, estimates: [Estimate])], estimators: [StudyEstimator],
    seed: Int, level: Double
  ) -> MonteCarloStudy {
    let n = Double(results.count)
    var rows: [StudyRow] = []
    var rep: [Int] = [], names: [String] = [], est: [Double] = [], ses: [Double] = []
    var lows: [Double] = [], highs: [Double] = [], truths: [Double] = []
    for (j, e) in estimators.enumerated() {
      let values = results.map { $0.estimates[j].value }
      let truth = results.map(\.truth)
      let mean = values.reduce(0, +) / n
      let err = zip(values, truth).map { $0 - $1 }
      let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
      let covered = results.filter { $0.estimates[j].ciLow <= $0.truth && $0.truth <= $0.estimates[j].ciHigh }.count
      rows.append(
        StudyRow(
          name: e.name, note: e.note, meanEstimate: mean, meanTruth: truth.reduce(0, +) / n,
          bias: err.reduce(0, +) / n, sd: variance.squareRoot(),
          rmse: (err.reduce(0) { $0 + $1 * $1 } / n).squareRoot(),
          meanSE: results.reduce(0) { $0 + $1.estimates[j].se } / n, coverage: Double(covered) / n))
    }
    for (r, res) in results.enumerated() {
      for (j, e) in estimators.enumerated() {
        let x = res.estimates[j]
        rep.append(r + 1)
        names.append(e.name)
        est.append(x.value)
        ses.append(x.se)
        lows.append(x.ciLow)
        highs.append(x.ciHigh)
        truths.append(res.truth)
      }
    }
    let draws = DataFrame.unchecked(
      columns: [
        Column(name: "replicate", ints: rep), Column(name: "estimator", strings: names),
        Column(name: "estimate", floats: est),
        Column(name: "se", floats: ses), Column(name: "ci_low", floats: lows), Column(name: "ci_high", floats: highs),
        Column(name: "truth", floats: truths),
      ], rowCount: rep.count)
    return MonteCarloStudy(rows: rows, replicates: results.count, seed: seed, level: level, draws: draws)
  }

  /// The summary table, one row per estimator.
  public var table: DataFrame {
    DataFrame.unchecked(
      columns: [
        Column(name: "estimator", strings: rows.map(\.name)),
        Column(name: "what is wrong", strings: rows.map { $0.note.isEmpty ? "-" : $0.note }),
        Column(name: "mean_estimate", floats: rows.map(\.meanEstimate)),
        Column(name: "true_ate", floats: rows.map(\.meanTruth)),
        Column(name: "bias", floats: rows.map(\.bias)),
        Column(name: "sd", floats: rows.map(\.sd)),
        Column(name: "mean_se", floats: rows.map(\.meanSE)),
        Column(name: "rmse", floats: rows.map(\.rmse)),
        Column(name: "coverage", floats: rows.map(\.coverage)),
      ], rowCount: rows.count)
  }

  /// The table with how it was computed.
  public var report: Report {
    let pct = formatPlain(level * 100)
    return Report(
      title: "Monte Carlo study: \(replicates) simulated histories (seed \(seed))",
      items: [
        .table(table, title: nil),
        .text(
          "bias = mean(estimate − true ATE); sd = spread of the estimates; mean_se = the SE the estimator reports "
            + "(honest when close to sd); rmse = √mean((estimate − true ATE)²); coverage = share of \(pct)% intervals "
            + "containing their replicate's true ATE (with \(replicates) replicates a true \(pct)% is seen as "
            + "\(coverageBand(level: level, replicates: replicates)) about 95% of the time)"),
      ])
  }

  /// The range in which an honest interval's observed coverage falls with probability about 0.95 (normal
  /// approximation to the binomial, clamped to [0, 1]).
  func coverageBand(level: Double, replicates: Int) -> String {
    let half = 1.96 * (level * (1 - level) / Double(replicates)).squareRoot()
    return
      "\(formatPlain(((max(0, level - half)) * 100).rounded() / 100))–\(formatPlain(((min(1, level + half)) * 100).rounded() / 100))"
  }
}
