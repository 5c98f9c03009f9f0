import Frame

/// Several interventions: one causal forest per arm against a common baseline, each trained on the rows
/// that received the baseline or that arm, giving every customer an effect and interval per arm.
///
/// This is the "one forest per contrast" approach (each forest is an ordinary binary causal forest, with
/// its own nuisances estimated on its two arms); grf's `multi_arm_causal_forest` instead fits the
/// contrasts jointly. Effects are E[Y(arm) − Y(baseline) | X = x].
public struct MultiArmCausalForest: Sendable {
  /// The baseline level of the treatment column.
  public var baseline: String
  /// The other levels, sorted.
  public var arms: [String]
  /// One forest per arm, in `arms` order.
  public var forests: [CausalForest] { didSet { trainingEffects = TrainingEffectsMemo() } }
  /// Training-frame rows of each forest (baseline rows and that arm's rows), ascending.
  public var rows: [[Int]] { didSet { trainingEffects = TrainingEffectsMemo() } }
  /// Rows in the training frame.
  public var trainingRowCount: Int
  /// The last training-frame predictions (a new memo whenever the forests or their rows change).
  var trainingEffects = TrainingEffectsMemo()

  /// Fits one forest per non-baseline level of the text (or integer) column `treatment`.
  /// `baseline` defaults to a level called "none", "control" or "baseline" if present, else the first
  /// level in sorted order.
  public static func fit(
    frame: DataFrame, outcome: String, treatment: String, covariates: [String],
    baseline: String? = nil, options: CausalForestOptions = CausalForestOptions(),
    progress: ((Int, Int) -> Void)? = nil
  ) throws -> MultiArmCausalForest {
    let col = try frame.column(treatment)
    var label = [String?](repeating: nil, count: frame.rowCount)
    for i in 0..<frame.rowCount { label[i] = EffectSegments.cellText(col, i) }
    if let i = label.firstIndex(where: { $0 == nil }) {
      throw CausalForestError.invalidInput("treatment '\(treatment)' is missing at row \(i + 1); drop those rows first")
    }
    let levels = Array(Set(label.compactMap { $0 })).sorted()
    guard levels.count >= 2 else {
      throw CausalForestError.invalidInput(
        "treatment '\(treatment)' has a single level; several arms need at least two")
    }
    let base: String
    if let baseline {
      guard levels.contains(baseline) else {
        throw CausalForestError.invalidInput(
          "baseline '\(baseline)' is not a level of '\(treatment)' (levels: \(levels.joined(separator: ", ")))")
      }
      base = baseline
    } else {
      base = ["none", "control", "baseline", "no_intervention"].first { levels.contains($0) } ?? levels[0]
    }
    let arms = levels.filter { $0 != base }
    var forests: [CausalForest] = [], rowSets: [[Int]] = []
    for (k, arm) in arms.enumerated() {
      let rows = (0..<frame.rowCount).filter { label[$0] == arm || label[$0] == base }
      var sub = frame.rows(rows)
      try sub.set(Column(name: "__arm_treated", floats: rows.map { label[$0] == arm ? 1 : 0 }))
      var o = options
      o.seed = options.seed &+ k
      // Each arm's fit (nuisances included) counts as 1000 units of the overall progress.
      let perArm = 1_000, total = perArm * arms.count
      let f: CausalForest
      do {
        f = try CausalForest.fit(
          frame: sub, outcome: outcome, treatment: "__arm_treated", covariates: covariates,
          options: o,
          progress: progress.map { p in
            { done, armTotal in
              p(k * perArm + done * perArm / max(armTotal, 1), total)
            }
          })
      } catch let e as CausalForestError {
        throw CausalForestError.invalidInput("arm '\(arm)' vs '\(base)': \(e.description)")
      }
      var named = f
      named.treatmentName = "\(treatment)=\(arm)"
      forests.append(named)
      rowSets.append(rows)
    }
    return MultiArmCausalForest(
      baseline: base, arms: arms, forests: forests, rows: rowSets,
      trainingRowCount: frame.rowCount)
  }

  /// Per-arm predictions for the rows of `frame`. With `training` (the frame the forests were fit on),
  /// rows a forest was trained on get their out-of-bag estimate, and only the other rows are walked
  /// through that forest's trees (each row's prediction does not depend on which other rows are
  /// predicted with it). Training-frame predictions are kept for the next call with the same covariate
  /// values (e.g. `effects mcf` then `effects mcf with require_ci: true`).
  public func predict(frame: DataFrame, withVariance: Bool = true, training: Bool = false) throws -> [CausalPredictions]
  {
    if training && frame.rowCount != trainingRowCount {
      throw CausalForestError.invalidInput("out-of-bag effects need the training frame (\(trainingRowCount) rows)")
    }
    let n = frame.rowCount
    let xs = try forests.map { try $0.covariateValues(frame) }
    guard training else {
      return try forests.enumerated().map { k, f in
        try f.predict(x: xs[k], rows: n, withVariance: withVariance && f.options.intervals)
      }
    }
    if let kept = trainingEffects.value(x: xs, withVariance: withVariance) { return kept }
    let out = try forests.enumerated().map { k, f in
      try Self.trainingPredictions(
        f, x: xs[k], rows: n, trained: rows[k], withVariance: withVariance && f.options.intervals)
    }
    trainingEffects.store(out, x: xs, withVariance: withVariance)
    return out
  }

  /// One arm's effects for the `n` training-frame rows (covariates `x`, column-major): out-of-bag for
  /// the rows it was `trained` on, predicted by every tree for the others.
  static func trainingPredictions(_ f: CausalForest, x: [Double], rows n: Int, trained: [Int], withVariance: Bool)
    throws -> CausalPredictions
  {
    var isTrained = [Bool](repeating: false, count: n)
    for r in trained { isTrained[r] = true }
    let others = (0..<n).filter { !isTrained[$0] }
    let m = others.count, d = f.featureNames.count
    var sub = [Double](repeating: 0, count: m * d)
    for j in 0..<d { for (r, i) in others.enumerated() { sub[j * m + r] = x[j * n + i] } }
    let q = try f.predict(x: sub, rows: m, withVariance: withVariance)
    var p = CausalPredictions(tau: [Double](repeating: .nan, count: n), variance: [Double](repeating: .nan, count: n))
    for (r, i) in others.enumerated() {
      p.tau[i] = q.tau[r]
      p.variance[i] = q.variance[r]
    }
    for (j, r) in trained.enumerated() {
      p.tau[r] = f.oob.tau[j]
      p.variance[r] = f.oob.variance[j]
    }
    return p
  }

  /// A table with, per row, `effect_<arm>`, `se_<arm>`, `lo_<arm>`, `hi_<arm>` for every arm and
  /// `best_arm`: the arm with the lowest effect when `lowerIsBetter` (churn), else the highest; the
  /// baseline when no arm beats it. With `requireCI` an arm competes only when its pointwise interval
  /// lies wholly on the beneficial side of zero (`hi < 0` for churn), so a row whose every interval
  /// straddles zero gets the baseline ("none"). When the frame carries the simulator's truth columns
  /// `true_effect_<arm>` for every arm, `true_best_arm` (the same choice made on the true effects) and
  /// `true_effect_best` (the true effect of the arm in `best_arm`; 0 for the baseline) are added.
  public func effectTable(
    frame: DataFrame, training: Bool = false, level: Double = 0.95,
    lowerIsBetter: Bool = true, requireCI: Bool = false
  ) throws -> DataFrame {
    if requireCI && forests.contains(where: { !$0.options.intervals }) {
      throw CausalForestError.invalidInput(
        "require_ci needs intervals, but the forest was fitted without them (ci_group_size: 1); refit with ci_group_size: 2"
      )
    }
    let preds = try predict(frame: frame, training: training)
    var out = frame
    for (k, arm) in arms.enumerated() {
      let p = preds[k], bands = PointwiseIntervals(tau: p.tau, variance: p.variance, level: level)
      try out.set(Column(name: "effect_\(arm)", floats: p.tau))
      try out.set(Column(name: "se_\(arm)", floats: bands.se))
      try out.set(Column(name: "lo_\(arm)", floats: bands.low))
      try out.set(Column(name: "hi_\(arm)", floats: bands.high))
    }
    let bands = preds.map { PointwiseIntervals(tau: $0.tau, variance: $0.variance, level: level) }
    let best = Self.bestArms(arms: arms, baseline: baseline, rows: frame.rowCount, lowerIsBetter: lowerIsBetter) {
      k, i in
      let v = preds[k].tau[i]
      guard requireCI else { return v }
      let clear = lowerIsBetter ? bands[k].high[i] < 0 : bands[k].low[i] > 0
      return clear ? v : .nan
    }
    try out.set(Column(name: "best_arm", strings: best))
    let truthNames = arms.map { "true_effect_\($0)" }
    let truth = truthNames.compactMap { frame.index(of: $0) == nil ? nil : (try? frame.column($0))?.doubles() }
    if truth.count == arms.count {
      let trueBest = Self.bestArms(
        arms: arms, baseline: baseline, rows: frame.rowCount,
        lowerIsBetter: lowerIsBetter
      ) { k, i in truth[k][i] }
      try out.set(Column(name: "true_best_arm", strings: trueBest))
      let chosen = (0..<frame.rowCount).map { i in arms.firstIndex(of: best[i]).map { truth[$0][i] } ?? 0 }
      try out.set(Column(name: "true_effect_best", floats: chosen))
    }
    return out
  }

  /// Per row, the arm whose `value(arm, row)` beats zero by most (lowest when `lowerIsBetter`), or
  /// the baseline when none does; non-finite values never compete.
  static func bestArms(
    arms: [String], baseline: String, rows: Int, lowerIsBetter: Bool,
    value: (Int, Int) -> Double
  ) -> [String] {
    var best = [String](repeating: baseline, count: rows)
    for i in 0..<rows {
      var bestValue = 0.0
      for (k, arm) in arms.enumerated() {
        let v = value(k, i)
        guard v.isFinite else { continue }
        if lowerIsBetter ? v < bestValue : v > bestValue {
          bestValue = v
          best[i] = arm
        }
      }
    }
    return best
  }
}

extension MultiArmCausalForest: Reportable {
  public var report: Report {
    var rowsT: [String] = [], n: [Int] = [], ate: [Double] = [], se: [Double] = []
    var warnings: [String] = []
    for (k, arm) in arms.enumerated() {
      rowsT.append(arm)
      n.append(rows[k].count)
      if let inputs = try? forests[k].effectInputs, let e = try? AverageEffect.estimate(inputs) {
        ate.append(e.estimate.value)
        se.append(e.estimate.se)
        warnings += e.warnings.map { "\(arm): \($0)" }
      } else {
        ate.append(.nan)
        se.append(.nan)
      }
    }
    let table = DataFrame.unchecked(
      columns: [
        Column(name: "arm", strings: rowsT), Column(name: "rows", ints: n),
        Column(name: "ate_vs_\(baseline)", floats: ate), Column(name: "se", floats: se),
      ], rowCount: rowsT.count)
    var items: [Report.Item] = [
      .fields([
        .init("baseline", .string(baseline)), .init("arms", .int(arms.count)),
        .init("trees per arm", .int(forests.first?.forest.treeCount ?? 0)),
      ]),
      .table(table, title: "Average effect of each arm against the baseline (AIPW from each forest)"),
    ]
    for (arm, f) in zip(arms, forests) {
      if let ll = f.localLinear { items.append(.text("\(arm), local linear: \(ll.summary)")) }
      if let t = f.tuning { items.append(.text("\(arm), tuned: \(t.summary)")) }
    }
    items += warnings.map { .warning($0) }
    return Report(title: "Causal forests, one per arm", items: items)
  }
}
