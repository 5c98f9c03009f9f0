import Frame
import Stats

/// Permutation importance (Breiman 2001; scikit-learn's `permutation_importance`): the drop in a score
/// when one predictor column of `frame` is randomly permuted, averaged over `repeats` permutations.
///
/// Columns are permuted as source columns (all dummies of a text column move together). The score is
/// AUC for classifiers and R² for regressors. Each column uses its own stream
/// `SeededRNG(seed).derived(column index)`, so results do not depend on evaluation order.
/// Returns a frame (feature, importance_mean, importance_sd, baseline) sorted by decreasing importance.
public func permutationImportance(
  _ model: any PredictiveModel, on frame: DataFrame, repeats: Int = 5,
  seed: Int = 42
) throws -> DataFrame {
  try check("repeats", repeats, 1...1000, "an integer in 1…1000")
  let y = try model.outcome(frame)
  func score(_ f: DataFrame) throws -> Double {
    let e = try Evaluation(y: y, p: model.predict(f), task: model.task)
    return model.task == .classification ? (e.auc ?? .nan) : (e.r2 ?? .nan)
  }
  let baseline = try score(frame)
  let base = SeededRNG(seed: seed)
  var rows: [(String, Double, Double)] = []
  for (j, term) in model.design.terms.enumerated() {
    var rng = base.derived(j)
    var drops: [Double] = []
    for _ in 0..<repeats {
      let perm = rng.permutation(frame.rowCount)
      var f = frame
      try f.set(try frame.column(term.name).gather(perm))
      drops.append(baseline - (try score(f)))
    }
    let m = drops.reduce(0, +) / Double(repeats)
    let sd = repeats > 1 ? (drops.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(repeats - 1)).squareRoot() : 0
    rows.append((term.name, m, sd))
  }
  rows.sort { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
  return DataFrame.unchecked(
    columns: [
      Column(name: "feature", strings: rows.map(\.0)),
      Column(name: "importance_mean", floats: rows.map(\.1)),
      Column(name: "importance_sd", floats: rows.map(\.2)),
      Column(name: "baseline", floats: rows.map { _ in baseline }),
    ], rowCount: rows.count)
}
