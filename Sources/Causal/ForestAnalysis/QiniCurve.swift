import Frame

/// A Qini (cumulative uplift) curve of a targeting score, estimated with doubly robust scores.
public struct QiniCurveResult: Sendable, Reportable {
  /// Columns: q (share targeted), gain (average effect per customer of the whole base when the top q
  /// are treated, = (1/n)Σ_top Γ), random (q · ATE, random targeting), uplift (gain − random).
  public var curve: DataFrame
  /// Area between the curve and the random-targeting line, ∫₀¹ (gain(q) − q·ATE) dq (trapezoid rule).
  public var area: Double
  /// The mean of the scores: the average effect in the scores' units (for benefit scores, −ATE on churn).
  public var ate: Double
  /// What `ate` is called in the report, e.g. "average benefit (−ATE)" when the scores are −effect.
  public var averageLabel: String = "ATE"
  public var priorityName: String

  public var report: Report {
    Report(
      title: "Qini curve (priority \(priorityName))",
      items: [
        .fields([.init("area above random", .float(area)), .init(averageLabel, .float(ate))]),
        .table(curve, title: nil),
      ])
  }
}

/// Qini / uplift curves (Radcliffe 2007) computed from doubly robust scores, so they stay valid under
/// confounded treatment assignment (an RCT with known propensity is a special case).
public enum QiniCurve {
  /// The curve at `points` evenly spaced shares (plus q = 0) for `priority` (higher first).
  /// `averageLabel` names the scores' mean in the report (say "average benefit (−ATE)" when the
  /// scores are benefits, −effect, so it is not read as the ATE with its sign flipped).
  public static func compute(
    scores: [Double], priority: [Double], priorityName: String = "priority",
    points: Int = 20, averageLabel: String = "ATE"
  ) throws -> QiniCurveResult {
    let n = scores.count
    guard priority.count == n, n >= 2 else {
      throw CausalForestError.invalidInput("Qini curve needs equal-length scores and priority with ≥ 2 rows")
    }
    guard points >= 1 else { throw CausalForestError.invalidInput("points must be at least 1") }
    if let i = priority.firstIndex(where: { !$0.isFinite }) {
      throw CausalForestError.invalidInput("priority is missing at row \(i + 1); fill or drop those rows")
    }
    let order = (0..<n).sorted { priority[$0] > priority[$1] || (priority[$0] == priority[$1] && $0 < $1) }
    var cum = [Double](repeating: 0, count: n + 1)
    for k in 0..<n { cum[k + 1] = cum[k] + scores[order[k]] }
    let ate = cum[n] / Double(n)
    // Exact area: sum over each unit step of the trapezoid of (cum/n − q·ATE).
    var area = 0.0
    for k in 0..<n {
      let g0 = cum[k] / Double(n) - Double(k) / Double(n) * ate
      let g1 = cum[k + 1] / Double(n) - Double(k + 1) / Double(n) * ate
      area += (g0 + g1) / 2 / Double(n)
    }
    var q: [Double] = [], gain: [Double] = [], random: [Double] = []
    for j in 0...points {
      let share = Double(j) / Double(points)
      let k = Int((share * Double(n)).rounded())
      q.append(share)
      gain.append(cum[k] / Double(n))
      random.append(share * ate)
    }
    let curve = DataFrame.unchecked(
      columns: [
        Column(name: "q", floats: q), Column(name: "gain", floats: gain), Column(name: "random", floats: random),
        Column(name: "uplift", floats: zip(gain, random).map { $0 - $1 }),
      ], rowCount: q.count)
    return QiniCurveResult(curve: curve, area: area, ate: ate, averageLabel: averageLabel, priorityName: priorityName)
  }
}
