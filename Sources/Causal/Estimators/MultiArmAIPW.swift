import Frame
import Stats

/// Outcome, treatment arm and covariates for a comparison of several arms.
public struct MultiArmData: Sendable {
  public let y: [Double]
  /// Arm index of each row into ``arms``.
  public let arm: [Int]
  /// Arm names, sorted.
  public let arms: [String]
  /// Index of the baseline arm effects are measured against.
  public let baseline: Int
  public let x: DesignMatrix
  public var outcomeName: String
  public var treatmentName: String
  public var notes: [String]

  /// Validates and stores the data; `baseline` names the reference arm (default: "none", "control", "no",
  /// "false" or "0" if present, else the first arm in sorted order).
  public init(
    y: [Double], armLabels: [String], x: DesignMatrix, baseline: String? = nil, outcomeName: String = "y",
    treatmentName: String = "arm", notes: [String] = []
  ) throws {
    guard y.count == armLabels.count, y.count == x.rowCount else {
      throw CausalError.invalidInput(
        "outcome (\(y.count)), arms (\(armLabels.count)) and covariates (\(x.rowCount) rows) "
          + "must have the same number of rows")
    }
    try checkOutcome(y, name: outcomeName)
    let arms = Array(Set(armLabels)).sorted()
    guard arms.count >= 2 else {
      throw CausalError.constantTreatment(
        "treatment '\(treatmentName)' has a single arm (\(arms.first ?? "none")); "
          + "an effect needs at least two")
    }
    var b: Int
    if let baseline {
      guard let i = arms.firstIndex(of: baseline) else {
        throw CausalError.unknownArm(baseline, arms: arms, suggestion: closestMatch(to: baseline, among: arms))
      }
      b = i
    } else {
      b = arms.firstIndex { ["none", "control", "no", "false", "0"].contains($0.lowercased()) } ?? 0
    }
    let index = Dictionary(uniqueKeysWithValues: arms.enumerated().map { ($1, $0) })
    self.y = y
    self.arm = armLabels.map { index[$0] ?? 0 }
    self.arms = arms
    self.baseline = b
    self.x = x
    self.outcomeName = outcomeName
    self.treatmentName = treatmentName
    self.notes = notes
  }

  public var n: Int { y.count }
  /// Rows per arm, in ``arms`` order.
  public var armCounts: [Int] {
    var c = [Int](repeating: 0, count: arms.count)
    for a in arm { c[a] += 1 }
    return c
  }
}

/// Per-arm effects against a baseline.
public struct MultiArmEffects: Sendable, Reportable {
  public var arms: [String]
  public var baseline: String
  /// Mean potential outcome E[Y(a)] of every arm (AIPW), in ``arms`` order.
  public var armMeans: [Estimate]
  /// Effect E[Y(a) − Y(baseline)] of every other arm, in ``arms`` order without the baseline.
  public var effects: [EffectEstimate]
  public var armCounts: [Int]
  public var details: [Report.Field]
  public var warnings: [String]

  /// One row per non-baseline arm: effect, SE, CI, p-value, and churn reduction (−effect).
  public var table: DataFrame {
    let e = effects.map(\.estimate)
    let cols: [Column] = [
      Column(name: "arm", strings: e.map(\.label)),
      Column(name: "n", ints: effects.map(\.nTreated)),
      Column(name: "effect", floats: e.map(\.value)),
      Column(name: "se", floats: e.map(\.se)),
      Column(name: "ci_low", floats: e.map(\.ciLow)),
      Column(name: "ci_high", floats: e.map(\.ciHigh)),
      Column(name: "p_value", floats: e.map { $0.pValue ?? .nan }),
      Column(name: "churn_reduction", floats: e.map { -$0.value }),
    ]
    return DataFrame.unchecked(columns: cols, rowCount: effects.count)
  }

  public var report: Report {
    let means = DataFrame.unchecked(
      columns: [
        Column(name: "arm", strings: arms),
        Column(name: "n", ints: armCounts),
        Column(name: "mean outcome", floats: armMeans.map(\.value)),
        Column(name: "se", floats: armMeans.map(\.se)),
      ], rowCount: arms.count)
    var items: [Report.Item] = [
      .table(
        table,
        title: "effect of each arm against \(baseline) (effect = E[Y(arm) − Y(\(baseline))]; "
          + "churn_reduction = −effect)"),
      .table(means, title: "mean potential outcome by arm"),
      .fields(details),
    ]
    for w in warnings { items.append(.warning(w)) }
    return Report(title: "Multi-arm effects by AIPW", items: items)
  }
}

/// Doubly robust (AIPW) effects of several arms against a baseline.
///
/// For each arm a: outcome regression m_a(x) fitted on that arm's rows, propensity e_a(x) = P(T = a | x), and
/// the score Γ_{a,i} = m_a(Xᵢ) + 1{Tᵢ = a}(Yᵢ − m_a(Xᵢ))/e_a(Xᵢ) (Cattaneo 2010; the multi-valued form of
/// Robins et al. 1994, as in EconML's DRLearner). The effect of a against baseline b is mean(Γ_a − Γ_b) with
/// SE sd(Γ_a − Γ_b)/√n; arm means are mean Γ_a with SE sd(Γ_a)/√n. All nuisances are cross-fitted on the same
/// folds (stratified on arm).
///
/// Propensities are **one-vs-rest, normalized**: a binary classifier per arm fits P(T = a | x) against all
/// other arms, and the K predictions of each row are divided by their sum so they add to one. Then each is
/// clipped below at `clip` (count reported).
public enum MultiArmAIPW {
  /// Cross-fitted per-row AIPW scores Γ_{a,i} of every arm: the building block of ``estimate(_:options:)``
  /// and of doubly robust policy evaluation (the value of a policy π is mean Γ_{π(i),i}).
  public static func scores(_ data: MultiArmData, options: AIPWOptions = AIPWOptions()) throws -> MultiArmScores {
    try checkLevel(options.level)
    guard options.clip >= 0 && options.clip < 1 / Double(data.arms.count) else {
      throw CausalError.invalidInput("clip must be in [0, 1/arms) (0.01 is usual), got \(options.clip)")
    }
    let k = data.arms.count
    let counts = data.armCounts
    for (a, c) in counts.enumerated() where c < 2 * max(options.folds, 1) {
      throw CausalError.degenerate(
        "arm '\(data.arms[a])' has only \(c) rows; with \(options.folds) folds each arm needs at "
          + "least \(2 * max(options.folds, 1)) — use fewer folds or merge arms")
    }
    let plan = try CrossFitPlan.stratified(labels: data.arm, k: options.folds, seed: options.seed)
    let root = SeededRNG(seed: options.seed)
    let task: NuisanceTask = isZeroOne(data.y) ? .classification : .regression
    var jobs: [NuisanceJob] = []
    let arm = data.arm
    for a in 0..<k {
      let ind = arm.map { $0 == a ? 1.0 : 0.0 }
      let label = "\(data.treatmentName) = \(data.arms[a])"
      try Propensity.checkFoldsHaveBothArms(t: ind, plan: plan, treatmentName: label)
      jobs.append(
        NuisanceJob(
          y: ind, task: .classification, learner: options.propensityLearner,
          rng: root.derived(1_000 + a), include: nil,
          describe: "propensity model for arm '\(data.arms[a])' (\(options.propensityLearner.name))"))
    }
    for a in 0..<k {
      jobs.append(
        NuisanceJob(
          y: data.y, task: task, learner: options.outcomeLearner, rng: root.derived(2_000 + a),
          include: { arm[$0] == a },
          describe: "outcome model for arm '\(data.arms[a])' (\(options.outcomeLearner.name))"))
    }
    let fits = try crossFitPredict(x: data.x, jobs: jobs, plan: plan)
    let raw = Array(fits[0..<k]), mu = Array(fits[k..<(2 * k)])
    let n = data.n
    var e = raw
    normalizeArmScores(&e)
    var clipped = 0, extreme = 0
    for i in 0..<n {
      for a in 0..<k {
        if e[a][i] < 0.05 / Double(k - 1) { extreme += 1 }
        if e[a][i] < options.clip {
          e[a][i] = options.clip
          clipped += 1
        }
      }
    }
    var gamma = [[Double]](repeating: [Double](repeating: 0, count: n), count: k)
    for a in 0..<k {
      for i in 0..<n {
        let r = data.arm[i] == a ? (data.y[i] - mu[a][i]) / e[a][i] : 0
        gamma[a][i] = mu[a][i] + r
      }
    }
    var warnings: [String] = []
    if clipped > 0 {
      warnings.append(
        "\(clipped) arm propensities were raised to the clip \(formatPlain(options.clip)); their weights are capped")
    }
    if extreme > 0 {
      warnings.append(
        "\(extreme) (row, arm) propensities are below 0.05/(arms − 1): some arms are rarely given to some "
          + "customers, so their effects rest on few rows")
    }
    return MultiArmScores(gamma: gamma, propensity: e, outcome: mu, warnings: warnings)
  }

  /// Estimates every arm's effect against the baseline; `options.target` must be the ATE.
  public static func estimate(_ data: MultiArmData, options: AIPWOptions = AIPWOptions()) throws -> MultiArmEffects {
    guard options.target == .ate else {
      throw CausalError.invalidInput(
        "multi-arm AIPW estimates ATEs against the baseline; other targets are not supported")
    }
    let sc = try scores(data, options: options)
    let gamma = sc.gamma, n = data.n, k = data.arms.count, counts = data.armCounts
    let b = data.baseline
    var means: [Estimate] = []
    for a in 0..<k {
      let (m, se) = meanAndStandardError(gamma[a])
      means.append(
        normalEstimate(
          label: data.arms[a], value: m, se: se, n: n, level: options.level,
          method: "influence function, sd/√n"))
    }
    let warnings = data.notes + sc.warnings
    var effects: [EffectEstimate] = []
    for a in 0..<k where a != b {
      let diff = (0..<n).map { gamma[a][$0] - gamma[b][$0] }
      let (m, se) = meanAndStandardError(diff)
      let est = normalEstimate(
        label: data.arms[a], value: m, se: se, n: n, level: options.level,
        method: "influence function, sd/√n")
      effects.append(
        EffectEstimate(
          estimate: est, target: .ate, method: "AIPW, \(data.arms[a]) vs \(data.arms[b])",
          warnings: [], nTreated: counts[a], nControl: counts[b], controlMean: means[b].value,
          scores: diff))
    }
    let how = options.folds >= 2 ? "\(options.folds)-fold cross-fitting" : "in-sample"
    let task: NuisanceTask = isZeroOne(data.y) ? .classification : .regression
    let details: [Report.Field] = [
      Report.Field("outcome", .string(data.outcomeName)),
      Report.Field("treatment", .string(data.treatmentName)),
      Report.Field("baseline", .string(data.arms[b])),
      Report.Field("n", .int(n)),
      Report.Field(
        "nuisances",
        .string(
          "\(how); propensity: \(options.propensityLearner.name) one-vs-rest, normalized; "
            + "outcome: \(options.outcomeLearner.name(for: task)) per arm")),
      Report.Field("propensity clip", .string(options.clip > 0 ? "below \(formatPlain(options.clip))" : "off")),
      Report.Field("seed", .int(options.seed)),
    ]
    return MultiArmEffects(
      arms: data.arms, baseline: data.arms[b], armMeans: means, effects: effects, armCounts: counts,
      details: details, warnings: warnings)
  }
}

/// Cross-fitted per-row AIPW scores of every arm (see ``MultiArmAIPW/scores(_:options:)``).
public struct MultiArmScores: Sendable {
  /// Γ[a][i] = m_a(Xᵢ) + 1{Tᵢ = a}(Yᵢ − m_a(Xᵢ))/e_a(Xᵢ), arms in ``MultiArmData/arms`` order.
  public var gamma: [[Double]]
  /// Normalized, clipped propensities e[a][i].
  public var propensity: [[Double]]
  /// Out-of-fold outcome regressions m[a][i].
  public var outcome: [[Double]]
  /// Clipping and overlap warnings.
  public var warnings: [String]
}
