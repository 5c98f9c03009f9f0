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
  public var forests: [CausalForest]
  /// Training-frame rows of each forest (baseline rows and that arm's rows), ascending.
  public var rows: [[Int]]
  /// Rows in the training frame.
  public var trainingRowCount: Int

  /// Fits one forest per non-baseline level of the text (or integer) column `treatment`.
  /// `baseline` defaults to a level called "none", "control" or "baseline" if present, else the first
  /// level in sorted order.
  public static func fit(frame: DataFrame, outcome: String, treatment: String, covariates: [String],
                         baseline: String? = nil, options: CausalForestOptions = CausalForestOptions(),
                         progress: ((Int, Int) -> Void)? = nil) throws -> MultiArmCausalForest {
    let col = try frame.column(treatment)
    var label = [String?](repeating: nil, count: frame.rowCount)
    for i in 0..<frame.rowCount { label[i] = EffectSegments.cellText(col, i) }
    if let i = label.firstIndex(where: { $0 == nil }) {
      throw CausalForestError.invalidInput("treatment '\(treatment)' is missing at row \(i + 1); drop those rows first")
    }
    let levels = Array(Set(label.compactMap { $0 })).sorted()
    guard levels.count >= 2 else {
      throw CausalForestError.invalidInput("treatment '\(treatment)' has a single level; several arms need at least two")
    }
    let base: String
    if let baseline {
      guard levels.contains(baseline) else {
        throw CausalForestError.invalidInput("baseline '\(baseline)' is not a level of '\(treatment)' (levels: \(levels.joined(separator: ", ")))")
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
        f = try CausalForest.fit(frame: sub, outcome: outcome, treatment: "__arm_treated", covariates: covariates,
                                 options: o, progress: progress.map { p in { done, armTotal in
                                   p(k * perArm + done * perArm / max(armTotal, 1), total) } })
      } catch let e as CausalForestError {
        throw CausalForestError.invalidInput("arm '\(arm)' vs '\(base)': \(e.description)")
      }
      var named = f
      named.treatmentName = "\(treatment)=\(arm)"
      forests.append(named)
      rowSets.append(rows)
    }
    return MultiArmCausalForest(baseline: base, arms: arms, forests: forests, rows: rowSets,
                                trainingRowCount: frame.rowCount)
  }

  /// Per-arm predictions for the rows of `frame`. With `training` (the frame the forests were fit on),
  /// rows a forest was trained on get their out-of-bag estimate.
  public func predict(frame: DataFrame, withVariance: Bool = true, training: Bool = false) throws -> [CausalPredictions] {
    if training && frame.rowCount != trainingRowCount {
      throw CausalForestError.invalidInput("out-of-bag effects need the training frame (\(trainingRowCount) rows)")
    }
    return try forests.enumerated().map { k, f in
      var p = try f.predict(frame: frame, withVariance: withVariance && f.options.intervals)
      if training {
        for (j, r) in rows[k].enumerated() { p.tau[r] = f.oob.tau[j]; p.variance[r] = f.oob.variance[j] }
      }
      return p
    }
  }

  /// A table with, per row, `effect_<arm>`, `se_<arm>`, `lo_<arm>`, `hi_<arm>` for every arm and
  /// `best_arm`: the arm with the lowest effect when `lowerIsBetter` (churn), else the highest; the
  /// baseline when no arm beats it.
  public func effectTable(frame: DataFrame, training: Bool = false, level: Double = 0.95,
                          lowerIsBetter: Bool = true) throws -> DataFrame {
    let preds = try predict(frame: frame, training: training)
    var out = frame
    for (k, arm) in arms.enumerated() {
      let p = preds[k], bands = PointwiseIntervals(tau: p.tau, variance: p.variance, level: level)
      try out.set(Column(name: "effect_\(arm)", floats: p.tau))
      try out.set(Column(name: "se_\(arm)", floats: bands.se))
      try out.set(Column(name: "lo_\(arm)", floats: bands.low))
      try out.set(Column(name: "hi_\(arm)", floats: bands.high))
    }
    var best = [String](repeating: baseline, count: frame.rowCount)
    for i in 0..<frame.rowCount {
      var bestValue = 0.0
      for (k, arm) in arms.enumerated() {
        let v = preds[k].tau[i]
        guard v.isFinite else { continue }
        if lowerIsBetter ? v < bestValue : v > bestValue { bestValue = v; best[i] = arm }
      }
    }
    try out.set(Column(name: "best_arm", strings: best))
    return out
  }
}

extension MultiArmCausalForest: Reportable {
  public var report: Report {
    var rowsT: [String] = [], n: [Int] = [], ate: [Double] = [], se: [Double] = []
    var warnings: [String] = []
    for (k, arm) in arms.enumerated() {
      rowsT.append(arm); n.append(rows[k].count)
      if let inputs = try? forests[k].effectInputs, let e = try? AverageEffect.estimate(inputs) {
        ate.append(e.estimate.value); se.append(e.estimate.se)
        warnings += e.warnings.map { "\(arm): \($0)" }
      } else { ate.append(.nan); se.append(.nan) }
    }
    let table = DataFrame.unchecked(columns: [
      Column(name: "arm", strings: rowsT), Column(name: "rows", ints: n),
      Column(name: "ate_vs_\(baseline)", floats: ate), Column(name: "se", floats: se),
    ], rowCount: rowsT.count)
    var items: [Report.Item] = [
      .fields([.init("baseline", .string(baseline)), .init("arms", .int(arms.count)),
               .init("trees per arm", .int(forests.first?.forest.treeCount ?? 0))]),
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
