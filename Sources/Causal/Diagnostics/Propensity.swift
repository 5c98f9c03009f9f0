import Frame
import Stats

/// Options of a propensity model fit.
public struct PropensityOptions: Sendable {
  /// The classifier for P(T = 1 | x); see ``NuisanceLearners``.
  public var learner: any NuisanceLearner
  /// Cross-fitting folds (stratified on treatment). `1` fits and predicts in-sample.
  public var folds: Int
  /// Seed for the folds and the learner.
  public var seed: Int

  /// Creates options; defaults: logistic regression, 5 folds, seed 42.
  public init(learner: any NuisanceLearner = GLMLearner(name: "logistic"), folds: Int = 5, seed: Int = 42) {
    self.learner = learner
    self.folds = folds
    self.seed = seed
  }
}

/// Estimated propensity scores e(x) = P(T = 1 | X = x), one per row.
///
/// With K ≥ 2 folds every score is out-of-fold: it comes from a model that did not see that row, which
/// keeps the score from overfitting its own treatment (Chernozhukov et al. 2018).
public struct PropensityScores: Sendable, Reportable {
  /// One score per row.
  public var scores: [Double]
  /// The treatment (0/1) of each row.
  public var treatment: [Double]
  public var treatmentName: String
  /// Learner name.
  public var learner: String
  public var folds: Int
  public var seed: Int

  /// Creates a score set (e.g. from a column of known propensities).
  public init(
    scores: [Double], treatment: [Double], treatmentName: String = "t", learner: String = "given",
    folds: Int = 1, seed: Int = 0
  ) {
    self.scores = scores
    self.treatment = treatment
    self.treatmentName = treatmentName
    self.learner = learner
    self.folds = folds
    self.seed = seed
  }

  /// Area under the ROC curve of the scores for the treatment (Mann–Whitney form, ties count ½).
  ///
  /// 0.5 means the covariates do not predict treatment (like randomization); values near 1 mean they almost
  /// determine it, which is an overlap problem.
  public var auc: Double { rocAUC(scores: scores, labels: treatment) }

  public var report: Report {
    var t1 = 0.0, n1 = 0, t0 = 0.0, n0 = 0
    for i in scores.indices {
      if treatment[i] == 1 {
        t1 += scores[i]
        n1 += 1
      } else {
        t0 += scores[i]
        n0 += 1
      }
    }
    var items: [Report.Item] = [
      .fields([
        Report.Field("treatment", .string(treatmentName)),
        Report.Field("model", .string(learner)),
        Report.Field(
          "scores", .string(folds >= 2 ? "out-of-fold, \(folds) folds (stratified on treatment)" : "in-sample")),
        Report.Field("seed", .int(seed)),
        Report.Field("n", .int(scores.count)),
        Report.Field("mean score, treated", n1 > 0 ? .float(t1 / Double(n1)) : .missing),
        Report.Field("mean score, control", n0 > 0 ? .float(t0 / Double(n0)) : .missing),
        Report.Field("AUC", .float(auc)),
      ])
    ]
    if auc > 0.9 {
      items.append(
        .warning(
          "treatment is highly predictable from the covariates (AUC \(short(auc))): expect poor overlap; "
            + "run overlap on these scores"))
    }
    return Report(title: "Propensity scores", items: items)
  }
}

/// Fitting propensity models.
public enum Propensity {
  /// Fits P(T = 1 | x) with cross-fitting and returns one out-of-fold score per row.
  ///
  /// Folds are stratified on treatment (``CrossFitPlan/stratified(labels:k:seed:)``); fold k's model is fitted on
  /// the other folds with the stream `SeededRNG(seed).derived(k)`.
  /// - Throws: ``CausalError/constantTreatment(_:)`` when a fold's training rows are all treated or all control.
  public static func fit(_ data: TreatmentData, options: PropensityOptions = PropensityOptions()) throws
    -> PropensityScores
  {
    let plan = try CrossFitPlan.stratified(labels: data.t.map { Int($0) }, k: options.folds, seed: options.seed)
    let e = try fitScores(
      t: data.t, x: data.x, learner: options.learner, plan: plan,
      rng: SeededRNG(seed: options.seed).derived(1_000), treatmentName: data.treatmentName)
    return PropensityScores(
      scores: e, treatment: data.t, treatmentName: data.treatmentName,
      learner: options.learner.name, folds: options.folds, seed: options.seed)
  }

  /// Out-of-fold propensity scores under a given fold plan (shared with AIPW so both use the same folds).
  static func fitScores(
    t: [Double], x: DesignMatrix, learner: any NuisanceLearner, plan: CrossFitPlan,
    rng: SeededRNG, treatmentName: String
  ) throws -> [Double] {
    try checkFoldsHaveBothArms(t: t, plan: plan, treatmentName: treatmentName)
    return try crossFitPredict(
      x: x, y: t, task: .classification, learner: learner, plan: plan, rng: rng,
      describe: "propensity model (\(learner.name))")
  }

  /// Throws ``CausalError/constantTreatment(_:)`` when some fold's training rows are all treated or all control.
  static func checkFoldsHaveBothArms(t: [Double], plan: CrossFitPlan, treatmentName: String) throws {
    for k in plan.folds.indices {
      let train = plan.trainingRows(k)
      let treated = train.reduce(0) { $0 + (t[$1] == 1 ? 1 : 0) }
      if treated == 0 || treated == train.count {
        let fold = plan.folds.count > 1 ? "the training rows of fold \(k + 1) of \(plan.folds.count)" : "all rows"
        throw CausalError.constantTreatment(
          "treatment '\(treatmentName)' is constant (\(treated == 0 ? "all control" : "all treated")) in \(fold), so "
            + "the propensity model cannot be fitted; use fewer folds, or check that both arms have several rows")
      }
    }
  }
}

/// Area under the ROC curve by the Mann–Whitney statistic with average ranks for ties.
func rocAUC(scores: [Double], labels: [Double]) -> Double {
  let n = scores.count
  let order = (0..<n).sorted { scores[$0] < scores[$1] || (scores[$0] == scores[$1] && $0 < $1) }
  var rankSum1 = 0.0
  var n1 = 0.0
  var i = 0
  while i < n {
    var j = i
    while j + 1 < n && scores[order[j + 1]] == scores[order[i]] { j += 1 }
    let avg = Double(i + j) / 2 + 1
    for k in i...j where labels[order[k]] == 1 {
      rankSum1 += avg
      n1 += 1
    }
    i = j + 1
  }
  let n0 = Double(n) - n1
  guard n1 > 0 && n0 > 0 else { return .nan }
  return (rankSum1 - n1 * (n1 + 1) / 2) / (n1 * n0)
}

extension PropensityScores {
  /// How the scores were obtained, for estimators' reports: the learner, and out-of-fold or in-sample.
  var fitDescription: String { "\(learner), " + (folds >= 2 ? "\(folds)-fold out-of-fold" : "in-sample") }
}
