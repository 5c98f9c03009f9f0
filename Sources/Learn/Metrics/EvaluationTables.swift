import Frame
import Stats

/// Wilson score interval for a proportion k/n at 95% (Wilson 1927).
func wilsonInterval(_ k: Double, _ n: Double, level: Double = 0.95) -> (Double, Double) {
  guard n > 0 else { return (.nan, .nan) }
  let z = normalQuantile(0.5 + level / 2)
  let p = k / n
  let d = 1 + z * z / n
  let centre = (p + z * z / (2 * n)) / d
  let half = z * (p * (1 - p) / n + z * z / (4 * n * n)).squareRoot() / d
  return (max(0, centre - half), min(1, centre + half))
}

/// Row positions split into `groups` equal-count groups after sorting by score (ties keep row order).
func scoreGroups(_ p: [Double], groups: Int, descending: Bool) -> [[Int]] {
  let order = p.indices.sorted {
    p[$0] != p[$1] ? (descending ? p[$0] > p[$1] : p[$0] < p[$1]) : $0 < $1
  }
  let n = order.count
  let g = min(groups, n)
  return (0..<g).map { k in Array(order[(k * n / g)..<((k + 1) * n / g)]) }
}

/// Calibration table: rows sorted by predicted probability and cut into `bins` equal-count groups
/// (deciles by default; ties keep row order); per group the mean prediction, the observed positive
/// rate with a Wilson 95% interval, and the gap. A calibrated model has observed ≈ predicted.
public func calibrationTable(_ y: [Double], _ p: [Double], bins: Int = 10) throws -> DataFrame {
  try validateBinary(y, p)
  try check("bins", bins, 1...1000, "an integer in 1…1000")
  let groups = scoreGroups(p, groups: bins, descending: false)
  var lo = [Double](), hi = [Double](), mean = [Double](), obs = [Double](), n = [Int](), cl = [Double](),
    ch = [Double]()
  for g in groups {
    let k = g.reduce(0) { $0 + y[$1] }
    let m = g.reduce(0) { $0 + p[$1] } / Double(g.count)
    n.append(g.count)
    lo.append(g.map { p[$0] }.min() ?? .nan)
    hi.append(g.map { p[$0] }.max() ?? .nan)
    mean.append(m)
    obs.append(k / Double(g.count))
    let (a, b) = wilsonInterval(k, Double(g.count))
    cl.append(a)
    ch.append(b)
  }
  return DataFrame.unchecked(
    columns: [
      Column(name: "bin", ints: Array(1...groups.count)),
      Column(name: "n", ints: n),
      Column(name: "p_min", floats: lo),
      Column(name: "p_max", floats: hi),
      Column(name: "mean_predicted", floats: mean),
      Column(name: "observed_rate", floats: obs),
      Column(name: "ci_low", floats: cl),
      Column(name: "ci_high", floats: ch),
      Column(name: "gap", floats: zip(obs, mean).map { $0 - $1 }),
    ], rowCount: groups.count)
}

/// Lift / cumulative gain table: rows sorted by score, highest first, cut into `groups` equal-count
/// groups (deciles). Per group: positives, rate, lift = rate / overall rate, and cumulatively the
/// share of all positives captured (gain) and the cumulative lift.
public func liftTable(_ y: [Double], _ p: [Double], groups: Int = 10) throws -> DataFrame {
  try validateBinary(y, p)
  try check("groups", groups, 1...1000, "an integer in 1…1000")
  let total = y.reduce(0, +)
  guard total > 0 else { throw ModelError.invalidInput("no positive rows; lift is undefined") }
  let base = total / Double(y.count)
  let gs = scoreGroups(p, groups: groups, descending: true)
  var n = [Int](), pos = [Int](), rate = [Double](), lift = [Double](), cumShare = [Double](), gain = [Double](),
    cumLift = [Double](), minScore = [Double]()
  var cumPos = 0.0, cumN = 0.0
  for g in gs {
    let k = g.reduce(0) { $0 + y[$1] }
    cumPos += k
    cumN += Double(g.count)
    n.append(g.count)
    pos.append(Int(k))
    rate.append(k / Double(g.count))
    lift.append(k / Double(g.count) / base)
    cumShare.append(cumN / Double(y.count))
    gain.append(cumPos / total)
    cumLift.append(cumPos / cumN / base)
    minScore.append(g.map { p[$0] }.min() ?? .nan)
  }
  return DataFrame.unchecked(
    columns: [
      Column(name: "group", ints: Array(1...gs.count)),
      Column(name: "n", ints: n),
      Column(name: "min_score", floats: minScore),
      Column(name: "positives", ints: pos),
      Column(name: "rate", floats: rate),
      Column(name: "lift", floats: lift),
      Column(name: "cum_share", floats: cumShare),
      Column(name: "cum_gain", floats: gain),
      Column(name: "cum_lift", floats: cumLift),
    ], rowCount: gs.count)
}

/// ROC curve points as a frame: threshold, fpr, tpr.
public func rocCurveFrame(_ y: [Double], _ p: [Double]) throws -> DataFrame {
  let c = try rocCurve(y, p)
  return DataFrame.unchecked(
    columns: [
      Column(name: "threshold", floats: c.thresholds), Column(name: "fpr", floats: c.fpr),
      Column(name: "tpr", floats: c.tpr),
    ], rowCount: c.fpr.count)
}

/// Precision–recall curve points as a frame: threshold, precision, recall.
public func precisionRecallFrame(_ y: [Double], _ p: [Double]) throws -> DataFrame {
  let c = try precisionRecallCurve(y, p)
  return DataFrame.unchecked(
    columns: [
      Column(name: "threshold", floats: c.thresholds), Column(name: "precision", floats: c.precision),
      Column(name: "recall", floats: c.recall),
    ], rowCount: c.recall.count)
}

/// A confusion matrix as a 2 × 2 frame (rows: actual 0/1; columns: predicted 0/1).
public func confusionFrame(_ c: ConfusionMatrix) -> DataFrame {
  DataFrame.unchecked(
    columns: [
      Column(name: "actual", strings: ["0", "1"]),
      Column(name: "predicted_0", ints: [c.trueNegatives, c.falseNegatives]),
      Column(name: "predicted_1", ints: [c.falsePositives, c.truePositives]),
    ], rowCount: 2)
}
