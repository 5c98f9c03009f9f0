#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

// Metrics for binary classifiers: outcomes y ∈ {0, 1}, scores p (usually probabilities).
// Definitions follow scikit-learn 1.9 so numbers agree with it (see MetricsTests for the calls).

/// Checks a (y, p) pair: equal non-zero lengths, y in {0, 1}, finite scores.
func validateBinary(_ y: [Double], _ p: [Double], needBothClasses: Bool = false) throws {
  guard y.count == p.count else {
    throw ModelError.invalidInput("outcome has \(y.count) values but predictions have \(p.count)")
  }
  guard !y.isEmpty else { throw ModelError.invalidInput("no rows to evaluate (the test set is empty)") }
  if let bad = y.firstIndex(where: { $0 != 0 && $0 != 1 }) {
    throw ModelError.invalidInput("outcome must be 0/1; row \(bad + 1) has \(y[bad])")
  }
  if let bad = p.firstIndex(where: { !$0.isFinite }) {
    throw ModelError.invalidInput("prediction in row \(bad + 1) is \(p[bad]); drop rows without predictions first")
  }
  if needBothClasses {
    let pos = y.reduce(0, +)
    if pos == 0 || pos == Double(y.count) {
      throw ModelError.invalidInput("only one class (\(pos == 0 ? 0 : 1)) is present; AUC needs both classes")
    }
  }
}

/// Cumulative true/false positive counts at each distinct score, scores descending (ties grouped).
func cumulativeCounts(_ y: [Double], _ p: [Double]) -> (tp: [Double], fp: [Double], thresholds: [Double]) {
  let order = p.indices.sorted { p[$0] != p[$1] ? p[$0] > p[$1] : $0 < $1 }
  var tp: [Double] = [], fp: [Double] = [], th: [Double] = []
  var t = 0.0, f = 0.0
  for (k, i) in order.enumerated() {
    if y[i] == 1 { t += 1 } else { f += 1 }
    if k == order.count - 1 || p[order[k + 1]] != p[i] {
      tp.append(t)
      fp.append(f)
      th.append(p[i])
    }
  }
  return (tp, fp, th)
}

/// Area under the ROC curve (trapezoidal over distinct thresholds; tied scores count one half), as
/// `sklearn.metrics.roc_auc_score`.
public func rocAUC(_ y: [Double], _ p: [Double]) throws -> Double {
  try validateBinary(y, p, needBothClasses: true)
  let (tp, fp, _) = cumulativeCounts(y, p)
  let pos = tp.last ?? 0, neg = fp.last ?? 0
  var area = 0.0, prevT = 0.0, prevF = 0.0
  for k in tp.indices {
    area += (fp[k] - prevF) * (tp[k] + prevT) / 2
    prevT = tp[k]
    prevF = fp[k]
  }
  return area / (pos * neg)
}

/// Average precision Σₖ (Rₖ − Rₖ₋₁) Pₖ over distinct thresholds (no interpolation), as
/// `sklearn.metrics.average_precision_score` — the usual "PR-AUC".
public func averagePrecision(_ y: [Double], _ p: [Double]) throws -> Double {
  try validateBinary(y, p)
  let (tp, fp, _) = cumulativeCounts(y, p)
  let pos = tp.last ?? 0
  guard pos > 0 else { throw ModelError.invalidInput("no positive rows; average precision is undefined") }
  var ap = 0.0, prevR = 0.0
  for k in tp.indices {
    let r = tp[k] / pos, prec = tp[k] / (tp[k] + fp[k])
    ap += (r - prevR) * prec
    prevR = r
  }
  return ap
}

/// Points of the ROC curve: one per distinct threshold, starting at (0, 0) with threshold +∞
/// (scikit-learn's `roc_curve(..., drop_intermediate=False)`).
public func rocCurve(_ y: [Double], _ p: [Double]) throws -> (fpr: [Double], tpr: [Double], thresholds: [Double]) {
  try validateBinary(y, p, needBothClasses: true)
  let (tp, fp, th) = cumulativeCounts(y, p)
  let pos = tp.last ?? 1, neg = fp.last ?? 1
  return ([0] + fp.map { $0 / neg }, [0] + tp.map { $0 / pos }, [.infinity] + th)
}

/// Points of the precision–recall curve, one per distinct threshold in decreasing threshold order
/// (precision = TP/(TP+FP), recall = TP/P at "score ≥ threshold").
public func precisionRecallCurve(_ y: [Double], _ p: [Double]) throws
  -> (precision: [Double], recall: [Double], thresholds: [Double])
{
  try validateBinary(y, p)
  let (tp, fp, th) = cumulativeCounts(y, p)
  let pos = tp.last ?? 0
  guard pos > 0 else { throw ModelError.invalidInput("no positive rows; precision/recall are undefined") }
  return (zip(tp, fp).map { $0 / ($0 + $1) }, tp.map { $0 / pos }, th)
}

/// The best precision among thresholds whose recall is at least `recall`.
public func precisionAtRecall(_ y: [Double], _ p: [Double], recall target: Double) throws -> Double {
  try check("recall", target, 0...1, "a number in [0, 1]")
  let c = try precisionRecallCurve(y, p)
  var best = 0.0
  for k in c.recall.indices where c.recall[k] >= target - 1e-12 { best = max(best, c.precision[k]) }
  return best
}

/// Mean negative log-likelihood, with p clipped to [ε, 1 − ε], ε = machine epsilon (`sklearn.metrics.log_loss`).
public func logLoss(_ y: [Double], _ p: [Double]) throws -> Double {
  try validateBinary(y, p)
  let eps = Double.ulpOfOne
  var s = 0.0
  for i in y.indices {
    let q = min(max(p[i], eps), 1 - eps)
    s -= y[i] == 1 ? log(q) : log(1 - q)
  }
  return s / Double(y.count)
}

/// Mean squared difference between probability and outcome (`sklearn.metrics.brier_score_loss`).
public func brierScore(_ y: [Double], _ p: [Double]) throws -> Double {
  try validateBinary(y, p)
  var s = 0.0
  for i in y.indices { s += (p[i] - y[i]) * (p[i] - y[i]) }
  return s / Double(y.count)
}

/// Counts of a binary confusion matrix at a threshold (predicted positive when p ≥ threshold).
public struct ConfusionMatrix: Sendable, Equatable, Codable {
  public var threshold: Double
  public var truePositives: Int
  public var falsePositives: Int
  public var trueNegatives: Int
  public var falseNegatives: Int

  public var total: Int { truePositives + falsePositives + trueNegatives + falseNegatives }
  public var accuracy: Double { Double(truePositives + trueNegatives) / Double(max(total, 1)) }
  /// TP / (TP + FP); 0 when nothing is predicted positive (scikit-learn's `zero_division=0`).
  public var precision: Double {
    truePositives + falsePositives == 0 ? 0 : Double(truePositives) / Double(truePositives + falsePositives)
  }
  /// TP / (TP + FN).
  public var recall: Double {
    truePositives + falseNegatives == 0 ? 0 : Double(truePositives) / Double(truePositives + falseNegatives)
  }
  /// Harmonic mean of precision and recall.
  public var f1: Double {
    let d = precision + recall
    return d == 0 ? 0 : 2 * precision * recall / d
  }
  /// TN / (TN + FP).
  public var specificity: Double {
    trueNegatives + falsePositives == 0 ? 0 : Double(trueNegatives) / Double(trueNegatives + falsePositives)
  }

  /// Counts the confusion matrix of `p ≥ threshold` against `y`.
  public init(_ y: [Double], _ p: [Double], threshold: Double = 0.5) throws {
    try validateBinary(y, p)
    self.threshold = threshold
    var tp = 0, fp = 0, tn = 0, fn = 0
    for i in y.indices {
      let predicted = p[i] >= threshold
      switch (predicted, y[i] == 1) {
      case (true, true): tp += 1
      case (true, false): fp += 1
      case (false, false): tn += 1
      case (false, true): fn += 1
      }
    }
    truePositives = tp
    falsePositives = fp
    trueNegatives = tn
    falseNegatives = fn
  }
}
