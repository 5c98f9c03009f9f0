import Causal
import Frame
import Stats

/// Predicted effects checked against a randomized experiment: per group of predicted effect, the actual
/// effect measured from the arms, a calibration line and a Qini curve.
public struct EffectValidationResult: Sendable, Reportable {
  /// One row per group (lowest predicted effect first): group, n, n_control, n_treated, predicted (mean
  /// predicted effect), actual (difference in outcome means, treated − control), se, ci_low, ci_high.
  public var groups: DataFrame
  /// Calibration line actual = intercept + slope · predicted, fitted over the groups by weighted least
  /// squares with weights 1/se² (the groups' actual effects are independent with known variances, so the
  /// coefficient SEs are √diag((XᵀWX)⁻¹), without a residual-variance rescaling).
  public var slope: Double, slopeSE: Double
  public var intercept: Double, interceptSE: Double
  /// Squared Pearson correlation of the groups' predicted and actual effects (unweighted), the share of
  /// the group-level variation in actual effects that the predictions line up with.
  public var r2: Double
  /// Qini curve of the predicted benefit on the experimental rows, from difference-in-means (AIPW with arm
  /// means) scores with the experiment's known treated share.
  public var qini: QiniCurveResult
  public var alpha: Double
  public var predictedName: String
  public var outcomeName: String
  /// Rows dropped because the prediction, outcome or arm was missing.
  public var dropped: Int

  public var report: Report {
    var items: [Report.Item] = [
      .fields([
        .init("predicted effect", .string(predictedName)), .init("outcome", .string(outcomeName)),
        .init("groups", .int(groups.rowCount)), .init("rows dropped (missing)", .int(dropped)),
      ]),
      .table(
        groups, title: "Predicted vs actual effect by group of predicted effect (\(Int((1 - alpha) * 100 + 0.5))% CI)"),
      .fields([
        .init("calibration slope (WLS of actual on predicted, weights 1/se²)", .float(slope)),
        .init("slope SE", .float(slopeSE)), .init("intercept", .float(intercept)),
        .init("intercept SE", .float(interceptSE)),
        .init("R² of group predicted vs actual", .float(r2)),
        .init("Qini area above random (benefit = \(qini.priorityName))", .float(qini.area)),
      ]),
      .text(
        "A slope near 1 means the predicted differences between groups show up at their predicted size; near 0, "
          + "the ranking carries no information about who responds. With few groups the slope is noisy: read its SE."),
    ]
    if let n = groups["n_treated"]?.doubles(), let m = groups["n_control"]?.doubles(),
      zip(n, m).contains(where: { min($0, $1) < 30 })
    {
      items.append(.warning("some group has fewer than 30 customers in an arm: its actual effect is very uncertain"))
    }
    return Report(title: "Validation of predicted effects on the experiment", items: items)
  }
}

/// Validation of predicted (e.g. causal forest) effects on randomized data.
public enum EffectValidation {
  /// Groups rows into `groups` equal-sized bins by predicted effect (sorted ascending, ties by row order),
  /// measures each bin's actual effect as the difference in outcome means with its unpooled standard
  /// error √(s₁²/n₁ + s₀²/n₀) and normal interval, fits the calibration line and computes the Qini curve.
  /// `lowerIsBetter` (churn): the Qini benefit is −effect and customers with the most negative predicted
  /// effect are targeted first.
  public static func run(
    predicted: [Double], outcome: [Double], treated: [Bool], groups k: Int = 4,
    alpha: Double = 0.05, lowerIsBetter: Bool = true, predictedName: String = "predicted",
    outcomeName: String = "outcome", qiniPoints: Int = 20
  ) throws -> EffectValidationResult {
    try checkOpenUnit(alpha, "alpha", context: "validate_effects")
    guard predicted.count == outcome.count, treated.count == outcome.count else {
      throw ExperimentError.invalidInput("predicted, outcome and arm must have the same length")
    }
    guard k >= 2, k <= 100 else { throw ExperimentError.invalidInput("groups must be between 2 and 100, got \(k)") }
    let keep = outcome.indices.filter { predicted[$0].isFinite && outcome[$0].isFinite }
    let dropped = outcome.count - keep.count
    let nT = keep.filter { treated[$0] }.count, nC = keep.count - nT
    guard nT >= 2 * k, nC >= 2 * k else {
      throw ExperimentError.invalidInput(
        "each arm needs at least 2 rows per group: found \(nT) treated and \(nC) control "
          + "rows for \(k) groups; use fewer groups")
    }
    let order = keep.sorted { predicted[$0] < predicted[$1] || (predicted[$0] == predicted[$1] && $0 < $1) }
    let z = normalQuantileTwoSided(alpha)
    var rowsN: [Int] = [], rowsC: [Int] = [], rowsT: [Int] = []
    var pred: [Double] = [], actual: [Double] = [], se: [Double] = []
    for g in 0..<k {
      let lo = g * order.count / k, hi = (g + 1) * order.count / k
      var acc = SequentialAccumulator(treatedShare: 0.5)
      var sp = 0.0
      for r in order[lo..<hi] {
        acc.add(outcome[r], treated: treated[r])
        sp += predicted[r]
      }
      guard acc.nTreated >= 2, acc.nControl >= 2 else {
        throw ExperimentError.invalidInput(
          "group \(g + 1) of predicted effect has \(acc.nTreated) treated and "
            + "\(acc.nControl) control rows; at least 2 of each are needed (use fewer groups)")
      }
      rowsN.append(hi - lo)
      rowsC.append(acc.nControl)
      rowsT.append(acc.nTreated)
      pred.append(sp / Double(hi - lo))
      actual.append(acc.difference)
      se.append(acc.differenceSE)
    }
    // Weighted least squares of actual on predicted with weights 1/se².
    var sw = 0.0, sx = 0.0, sy = 0.0, sxx = 0.0, sxy = 0.0
    for g in 0..<k {
      let w = se[g] > 0 ? 1 / (se[g] * se[g]) : 0
      sw += w
      sx += w * pred[g]
      sy += w * actual[g]
      sxx += w * pred[g] * pred[g]
      sxy += w * pred[g] * actual[g]
    }
    let det = sw * sxx - sx * sx
    let slope = det > 0 ? (sw * sxy - sx * sy) / det : .nan
    let intercept = det > 0 ? (sy - slope * sx) / sw : .nan
    let slopeSE = det > 0 ? (sw / det).squareRoot() : .nan
    let interceptSE = det > 0 ? (sxx / det).squareRoot() : .nan
    let r2 = squaredCorrelation(pred, actual)
    // Qini on the experiment: AIPW scores with arm means and the observed treated share.
    let yT = keep.filter { treated[$0] }.map { outcome[$0] }, yC = keep.filter { !treated[$0] }.map { outcome[$0] }
    let m1 = yT.reduce(0, +) / Double(yT.count), m0 = yC.reduce(0, +) / Double(yC.count)
    let pi = Double(nT) / Double(keep.count)
    let scores = keep.map { r -> Double in
      let g = treated[r] ? (m1 - m0) + (outcome[r] - m1) / pi : (m1 - m0) - (outcome[r] - m0) / (1 - pi)
      return lowerIsBetter ? -g : g
    }
    let priority = keep.map { lowerIsBetter ? -predicted[$0] : predicted[$0] }
    let qini: QiniCurveResult
    do {
      qini = try QiniCurve.compute(
        scores: scores, priority: priority,
        priorityName: lowerIsBetter ? "-" + predictedName : predictedName, points: qiniPoints)
    } catch let e as CausalForestError {
      throw ExperimentError.invalidInput(e.description)
    }
    let table = DataFrame.unchecked(
      columns: [
        Column(name: "group", ints: Array(1...k)), Column(name: "n", ints: rowsN),
        Column(name: "n_control", ints: rowsC), Column(name: "n_treated", ints: rowsT),
        Column(name: "predicted", floats: pred), Column(name: "actual", floats: actual), Column(name: "se", floats: se),
        Column(name: "ci_low", floats: zip(actual, se).map { $0 - z * $1 }),
        Column(name: "ci_high", floats: zip(actual, se).map { $0 + z * $1 }),
      ], rowCount: k)
    return EffectValidationResult(
      groups: table, slope: slope, slopeSE: slopeSE, intercept: intercept,
      interceptSE: interceptSE, r2: r2, qini: qini, alpha: alpha,
      predictedName: predictedName, outcomeName: outcomeName, dropped: dropped)
  }

  /// Squared Pearson correlation (NaN when either side is constant).
  static func squaredCorrelation(_ x: [Double], _ y: [Double]) -> Double {
    let n = Double(x.count)
    let mx = x.reduce(0, +) / n, my = y.reduce(0, +) / n
    var sxy = 0.0, sxx = 0.0, syy = 0.0
    for i in x.indices {
      sxy += (x[i] - mx) * (y[i] - my)
      sxx += (x[i] - mx) * (x[i] - mx)
      syy += (y[i] - my) * (y[i] - my)
    }
    return sxx > 0 && syy > 0 ? sxy * sxy / (sxx * syy) : .nan
  }
}
