import Frame

/// Out-of-bag R-loss of causal forests fitted on the same rows, each against the first, with paired
/// standard errors: which covariates, options or nuisances fit the effects better, judged without the truth
/// (docs/METHODOLOGY.md §6.19).
///
/// Every forest is scored on the residuals of the first one, Ỹ = Y − Ŷ and W̃ = W − Ŵ: the per-row loss
/// of forest k is (Ỹ − τ̂ₖ W̃)² with τ̂ₖ its out-of-bag effect. A constant effect, the R-learner slope
/// Σ W̃Ỹ / Σ W̃², is scored too: a forest that does not beat it has found no heterogeneity the data can see.
public struct RLossComparison: Sendable, Reportable {
  /// One scored effect model.
  public struct Entry: Sendable {
    public var name: String
    /// Mean of (Ỹ − τ̂ W̃)² over the rows.
    public var rloss: Double
    /// This R-loss minus the first forest's (negative: lower loss than the first forest).
    public var difference: Double
    /// Standard error of the mean paired per-row difference (0 for the first forest itself).
    public var standardError: Double
    /// −difference / SE: positive when this model has the lower loss; |z| > 2 is beyond noise.
    public var z: Double
  }

  /// The constant effect first, then the forests in the order given.
  public var entries: [Entry]
  /// The rows scored.
  public var rowCount: Int

  /// The threshold the reading uses: a difference counts when it exceeds two standard errors, the rule
  /// of the forest's own tuning and local linear gates.
  public static let zThreshold = ForestMath.gateZ

  /// Scores `forests` (name, forest) on the first forest's residuals.
  /// - Throws: ``CausalForestError/invalidInput(_:)`` for no forest, forests fitted on different rows,
  ///   outcomes or treatments, or rows without an out-of-bag estimate.
  public static func run(_ forests: [(name: String, forest: CausalForest)]) throws -> RLossComparison {
    guard let first = forests.first else {
      throw CausalForestError.invalidInput("give at least one causal forest to score")
    }
    let base = try first.forest.effectInputs
    let n = base.count
    for (name, f) in forests.dropFirst() {
      guard f.rowCount == n, f.y == base.y, f.w == base.w else {
        throw CausalForestError.invalidInput(
          "\(name) was not fitted on the same rows, outcome and treatment as \(first.name); R-losses compare "
            + "only forests fitted on one frame (the covariates and options may differ)")
      }
    }
    let yr = (0..<n).map { base.y[$0] - base.yHat[$0] }, wr = (0..<n).map { base.w[$0] - base.wHat[$0] }
    let sww = wr.reduce(0) { $0 + $1 * $1 }
    let constant = sww > 0 ? zip(wr, yr).reduce(0) { $0 + $1.0 * $1.1 } / sww : 0
    func losses(_ tau: [Double]) -> [Double] {
      (0..<n).map {
        let e = yr[$0] - tau[$0] * wr[$0]
        return e * e
      }
    }
    var scored = [("constant effect", losses([Double](repeating: constant, count: n)))]
    for (name, f) in forests { scored.append((name, losses(try f.effectInputs.tau))) }
    let reference = scored[1].1
    let entries = scored.map { name, loss -> Entry in
      let diff = (0..<n).map { loss[$0] - reference[$0] }
      let (d, se) = ForestMath.meanAndSE(diff)
      return Entry(
        name: name, rloss: ForestMath.mean(loss), difference: d, standardError: se,
        z: se > 0 ? -d / se : 0)
    }
    return RLossComparison(entries: entries, rowCount: n)
  }

  /// One row per scored model.
  public var frame: DataFrame {
    DataFrame.unchecked(
      columns: [
        Column(name: "model", strings: entries.map(\.name)),
        Column(name: "rloss", floats: entries.map(\.rloss)),
        Column(name: "difference", floats: entries.map(\.difference)),
        Column(name: "se", floats: entries.map(\.standardError)),
        Column(name: "z", floats: entries.map(\.z)),
      ], rowCount: entries.count)
  }

  /// What the numbers say, in words.
  public var reading: String {
    let first = entries[1], constant = entries[0]
    var lines = [
      constant.z < -Self.zThreshold
        ? "\(first.name) beats a constant effect by \(fmt(-constant.z)) SE: the heterogeneity it finds is visible in the data."
        : "\(first.name) does not beat a constant effect by two SE (z = \(fmt(-constant.z))): no evidence that its "
          + "effect differences are real."
    ]
    for e in entries.dropFirst(2) {
      lines.append(
        e.z > Self.zThreshold
          ? "\(e.name) has a lower R-loss than \(first.name) by \(fmt(e.z)) SE: prefer it."
          : e.z < -Self.zThreshold
            ? "\(e.name) has a higher R-loss than \(first.name) by \(fmt(-e.z)) SE: keep \(first.name)."
            : "\(e.name) and \(first.name) are within two SE (z = \(fmt(e.z))): the data cannot tell them apart.")
    }
    return lines.joined(separator: "\n")
  }

  public var report: Report {
    Report(
      title: "Out-of-bag R-loss (lower is better)",
      items: [
        .text(
          "Mean of (Y - Y.hat - tau(x) (W - W.hat))^2 over \(rowCount) rows, every model on the residuals of "
            + "\(entries[1].name); difference and z against \(entries[1].name), paired over rows (z > 0: lower loss)."),
        .table(frame, title: nil),
        .text(reading),
      ])
  }

  private func fmt(_ x: Double) -> String { CausalForestTunable.fmt(x, 1) }
}
