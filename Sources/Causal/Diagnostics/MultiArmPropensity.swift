import Frame
import Stats

/// Generalized propensity scores e_a(x) = P(T = a | x) for several arms, one column per arm.
///
/// Fitted **one-vs-rest, normalized**: a binary classifier per arm (cross-fitted on folds stratified on the
/// arm) predicts P(T = a | x) against all other arms, and each row's K predictions are divided by their sum
/// so they add to one. (A multinomial model would fit the K probabilities jointly; one-vs-rest lets any
/// binary learner — logistic, forest, gbm — serve.)
public struct MultiArmPropensityScores: Sendable, Reportable {
  public var arms: [String]
  /// `scores[a][i]`: the probability that row i receives arm a.
  public var scores: [[Double]]
  /// Arm index of each row.
  public var arm: [Int]
  public var learner: String
  public var folds: Int

  public var report: Report {
    let k = arms.count
    var cols: [Column] = [Column(name: "received", strings: arms)]
    var counts = [Int](repeating: 0, count: k)
    for a in arm { counts[a] += 1 }
    cols.append(Column(name: "n", ints: counts))
    for b in 0..<k {
      var means = [Double](repeating: 0, count: k)
      for i in arm.indices { means[arm[i]] += scores[b][i] }
      cols.append(
        Column(
          name: "mean e(\(arms[b]))", floats: (0..<k).map { counts[$0] > 0 ? means[$0] / Double(counts[$0]) : .nan }))
    }
    var minimum = [Double](repeating: .infinity, count: k)
    for b in 0..<k { for v in scores[b] { minimum[b] = min(minimum[b], v) } }
    var items: [Report.Item] = [
      .table(
        DataFrame.unchecked(columns: cols, rowCount: k), title: "mean propensity of each arm, by the arm received"),
      .fields([
        Report.Field("model", .string("\(learner) one-vs-rest, normalized")),
        Report.Field("scores", .string(folds >= 2 ? "out-of-fold, \(folds) folds (stratified on arm)" : "in-sample")),
      ]),
    ]
    let rare = (0..<k).filter { minimum[$0] < 0.05 / Double(max(k - 1, 1)) }
    if !rare.isEmpty {
      items.append(
        .warning(
          "some customers almost never get " + rare.map { "'\(arms[$0])'" }.joined(separator: ", ")
            + " (scores below 0.05/(arms − 1)): effects of those arms rest on few rows there"))
    }
    return Report(title: "Propensity scores (several arms)", items: items)
  }
}

extension Propensity {
  /// One-vs-rest normalized propensity scores of every arm (see ``MultiArmPropensityScores``).
  public static func fitArms(_ data: MultiArmData, options: PropensityOptions = PropensityOptions()) throws
    -> MultiArmPropensityScores
  {
    let k = data.arms.count
    let plan = try CrossFitPlan.stratified(labels: data.arm, k: options.folds, seed: options.seed)
    let root = SeededRNG(seed: options.seed)
    var jobs: [NuisanceJob] = []
    for a in 0..<k {
      let ind = data.arm.map { $0 == a ? 1.0 : 0.0 }
      try checkFoldsHaveBothArms(t: ind, plan: plan, treatmentName: "\(data.treatmentName) = \(data.arms[a])")
      jobs.append(
        NuisanceJob(
          y: ind, task: .classification, learner: options.learner, rng: root.derived(1_000 + a),
          include: nil, describe: "propensity model for arm '\(data.arms[a])' (\(options.learner.name))"))
    }
    var raw = try crossFitPredict(x: data.x, jobs: jobs, plan: plan)
    normalizeArmScores(&raw)
    return MultiArmPropensityScores(
      arms: data.arms, scores: raw, arm: data.arm, learner: options.learner.name,
      folds: options.folds)
  }
}

/// Divides each row's arm scores (negative values taken as 0) by their sum; equal shares when all are 0.
func normalizeArmScores(_ s: inout [[Double]]) {
  guard let n = s.first?.count else { return }
  let k = s.count
  for i in 0..<n {
    var total = 0.0
    for a in 0..<k { total += max(s[a][i], 0) }
    for a in 0..<k { s[a][i] = total > 0 ? max(s[a][i], 0) / total : 1 / Double(k) }
  }
}
