import Foundation
import Frame
import Stats

/// A partition of rows into K folds for cross-fitting: each fold's nuisance predictions come from models
/// fitted on the other K − 1 folds (Chernozhukov et al. 2018, "Double/debiased machine learning", Def. 3.1).
public struct CrossFitPlan: Sendable, Equatable {
  /// Row indices of each fold, ascending within a fold.
  public var folds: [[Int]]
  /// Number of rows partitioned.
  public var rowCount: Int

  /// The fold of each row.
  public var foldOfRow: [Int] {
    var f = [Int](repeating: 0, count: rowCount)
    for (k, rows) in folds.enumerated() { for i in rows { f[i] = k } }
    return f
  }

  /// Stratified folds: the rows of each label (sorted label order) are shuffled with the seed and dealt
  /// round-robin, continuing where the previous label stopped, so every fold gets each label's share ±1.
  ///
  /// - Parameters:
  ///   - labels: stratum of each row (treatment arm, or arm × outcome).
  ///   - k: number of folds, 2 ≤ k ≤ rows; `k == 1` means "no cross-fitting" (one fold, fitted in-sample).
  ///   - seed: the seed; equal seeds give equal folds.
  public static func stratified(labels: [Int], k: Int, seed: Int) throws -> CrossFitPlan {
    let n = labels.count
    guard k >= 1 else { throw CausalError.invalidInput("folds must be at least 1 (5 is usual), got \(k)") }
    guard k <= max(n, 1) else {
      throw CausalError.invalidInput("folds (\(k)) cannot exceed the number of rows (\(n))")
    }
    if k == 1 { return CrossFitPlan(folds: [Array(0..<n)], rowCount: n) }
    var byLabel: [Int: [Int]] = [:]
    for (i, l) in labels.enumerated() { byLabel[l, default: []].append(i) }
    var folds = [[Int]](repeating: [], count: k)
    var next = 0
    let root = SeededRNG(seed: seed)
    for (s, label) in byLabel.keys.sorted().enumerated() {
      var rows = byLabel[label] ?? []
      var rng = root.derived(s)
      rng.shuffle(&rows)
      for i in rows {
        folds[next].append(i)
        next = (next + 1) % k
      }
    }
    for f in folds.indices { folds[f].sort() }
    return CrossFitPlan(folds: folds, rowCount: n)
  }

  /// Rows not in fold `k` (the training rows of fold k), ascending.
  public func trainingRows(_ k: Int) -> [Int] {
    var inFold = [Bool](repeating: false, count: rowCount)
    for i in folds[k] { inFold[i] = true }
    if folds.count == 1 { return folds[0] }
    return (0..<rowCount).filter { !inFold[$0] }
  }
}

/// One nuisance function to cross-fit: its target, task, learner, random stream and training-row filter.
struct NuisanceJob: Sendable {
  var y: [Double]
  var task: NuisanceTask
  var learner: any NuisanceLearner
  var rng: SeededRNG
  /// Training rows must pass this filter (e.g. treated rows only, for m₁); nil = all rows.
  var include: (@Sendable (Int) -> Bool)?
  /// Names the function in error messages, e.g. "outcome model for treated rows".
  var describe: String
}

/// Out-of-fold predictions of one nuisance function.
///
/// For each fold k, fits `learner` on the training rows of fold k that pass `include` (e.g. treated
/// rows only, for m₁) and predicts every row of fold k. With a one-fold plan the model is fitted and
/// evaluated in-sample. Folds run in parallel; each fold's randomness comes from `rng.derived(k)`, so the
/// result does not depend on the number of threads.
///
/// - Parameter describe: names the function in error messages, e.g. "the outcome model for treated rows".
func crossFitPredict(
  x: DesignMatrix, y: [Double], task: NuisanceTask, learner: any NuisanceLearner,
  plan: CrossFitPlan, rng: SeededRNG, include: (@Sendable (Int) -> Bool)? = nil,
  describe: String
) throws -> [Double] {
  let job = NuisanceJob(y: y, task: task, learner: learner, rng: rng, include: include, describe: describe)
  return try crossFitPredict(x: x, jobs: [job], plan: plan)[0]
}

/// Out-of-fold predictions of several nuisance functions on the same folds, all (function, fold) fits
/// scheduled together on all cores (larger training sets first), so the cores stay busy until the end.
/// Fit (j, k) uses the stream `jobs[j].rng.derived(k)`: results equal those of one call per function.
///
/// - Parameter progress: when given, the fits run in waves of one fit per worker and
///   `progress(fits done, fits total)` is called after each wave on the calling thread (the results are the
///   same: each fit has its own stream).
func crossFitPredict(
  x: DesignMatrix, jobs: [NuisanceJob], plan: CrossFitPlan, threads: Int = 0,
  progress: ((Int, Int) -> Void)? = nil
) throws -> [[Double]] {
  let k = plan.folds.count
  var tasks: [(job: Int, fold: Int, train: [Int])] = []
  for (j, job) in jobs.enumerated() {
    for f in 0..<k {
      var train = plan.trainingRows(f)
      if let include = job.include { train = train.filter(include) }
      guard train.count >= 2 else {
        throw CausalError.degenerate(
          "\(job.describe): only \(train.count) training row\(train.count == 1 ? "" : "s") in fold \(f + 1) of "
            + "\(k); use fewer folds or more data")
      }
      tasks.append((j, f, train))
    }
  }
  // Largest fits first; ties in (job, fold) order, so the schedule is deterministic.
  let order = tasks.indices.sorted {
    tasks[$0].train.count > tasks[$1].train.count
      || (tasks[$0].train.count == tasks[$1].train.count && $0 < $1)
  }
  let scheduled = order.map { tasks[$0] }
  // Per-design work (e.g. binning the covariates for tree learners) is done once, shared by every fit.
  let shared = SharedDesign(x)
  let fitters = try jobs.map { try $0.learner.rowFitter(for: shared) }
  let wave =
    progress == nil
    ? max(scheduled.count, 1) : max(1, threads > 0 ? threads : ProcessInfo.processInfo.activeProcessorCount)
  var results: [[Double]] = []
  results.reserveCapacity(scheduled.count)
  while results.count < scheduled.count {
    let first = results.count, count = min(wave, scheduled.count - first)
    results += try parallelMap(count, threads: threads) { w -> [Double] in
      try Interruption.check()
      let t = scheduled[first + w], job = jobs[t.job]
      return try fitters[t.job].fitPredict(
        train: t.train, y: job.y, predict: plan.folds[t.fold], task: job.task,
        rng: job.rng.derived(t.fold))
    }
    progress?(results.count, scheduled.count)
  }
  var out = [[Double]](repeating: [Double](repeating: .nan, count: plan.rowCount), count: jobs.count)
  for (i, t) in scheduled.enumerated() {
    let rows = plan.folds[t.fold], p = results[i], job = jobs[t.job]
    guard p.count == rows.count else {
      throw CausalError.degenerate(
        "\(job.describe): the \(job.learner.name) model returned \(p.count) predictions for "
          + "\(rows.count) rows")
    }
    for (r, row) in rows.enumerated() { out[t.job][row] = p[r] }
  }
  for (j, job) in jobs.enumerated() {
    if let bad = out[j].firstIndex(where: { !$0.isFinite }) {
      throw CausalError.degenerate(
        "\(job.describe): the \(job.learner.name) model predicted a non-finite value (row \(bad + 1)); "
          + "check the covariates for extreme or missing values")
    }
  }
  return out
}
