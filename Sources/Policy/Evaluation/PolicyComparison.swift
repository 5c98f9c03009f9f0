import Frame
import Stats

/// A learned policy against the usual alternatives at the same share treated: treat none, treat all
/// (each arm), random, risk-ranked and effect-ranked targeting, and on simulated data optionally the oracle
/// (ranked by the true effect); DR values with CIs, paired differences against the learned policy, and the
/// true values when the data are simulated.
public struct PolicyComparison: Sendable {
  /// Values in table order (the learned policy first).
  public var values: [PolicyValue]
  /// Paired differences "learned − other" for every other policy.
  public var differences: [PolicyDifference]
  /// Share treated by the learned policy (the budget the ranked and random policies get).
  public var share: Double
  /// Warnings from the scores.
  public var warnings: [String]

  /// Evaluates `learned` and the comparison policies on `s`.
  ///
  /// - Parameters:
  ///   - risk: churn risk per row (for risk-ranked targeting), or nil to skip it.
  ///   - predictedBenefit: predicted churn reduction per arm and row (for effect-ranked targeting), or nil.
  ///   - arm: the arm random and risk-ranked targeting give (default: the non-baseline arm with the lowest
  ///     DR churn, i.e. the best single arm on these data).
  ///   - seed: the random policy's seed.
  ///   - oracle: also rank by the TRUE benefit (`s.trueEffect`, best arm per row) at the same share: the
  ///     ceiling any targeting score could reach on these rows. Needs simulated data (throws otherwise).
  public static func run(
    learned: NamedPolicy, scores s: PolicyScores, risk: [Double]? = nil, predictedBenefit: [[Double]]? = nil,
    arm: Int? = nil, seed: Int = 42, oracle: Bool = false, level: Double = 0.95
  ) throws -> PolicyComparison {
    try PolicyEvaluator.check(learned, s)
    let n = s.n
    let share = Double(learned.arms.filter { $0 != s.baseline }.count) / Double(n)
    let nonBase = (0..<s.arms.count).filter { $0 != s.baseline }
    let bestSingle = nonBase.min { s.gamma[$0].reduce(0, +) < s.gamma[$1].reduce(0, +) } ?? s.baseline
    let fixedArm = arm ?? bestSingle
    guard fixedArm >= 0, fixedArm < s.arms.count else {
      throw PolicyEvaluationError.invalidOption("arm index out of range")
    }
    let armOf = [Int](repeating: fixedArm, count: n)
    let pct = ComparisonPolicies.percent(share)
    var policies = [learned, ComparisonPolicies.treatNone(s)]
    policies += nonBase.map { ComparisonPolicies.treatAll(s, arm: $0) }
    policies.append(
      try ComparisonPolicies.random(
        s, share: share, armOf: armOf, seed: seed,
        name: "random \(pct): \(s.arms[fixedArm])"))
    if let risk {
      guard risk.count == n else { throw PolicyEvaluationError.shape("risk has \(risk.count) values for \(n) rows") }
      policies.append(
        try ComparisonPolicies.ranked(
          s, name: "risk-ranked \(pct): \(s.arms[fixedArm])", score: risk,
          share: share, armOf: armOf))
    }
    if let predictedBenefit {
      let best = try ComparisonPolicies.bestArm(s, predictedBenefit: predictedBenefit)
      policies.append(
        try ComparisonPolicies.ranked(
          s, name: "effect-ranked \(pct)", score: best.benefit, share: share,
          armOf: best.arm))
    }
    if oracle { policies.append(try ComparisonPolicies.oracle(s, share: share)) }
    let values = try policies.map { try PolicyEvaluator.evaluate($0, on: s, level: level) }
    let diffs = try policies.dropFirst().map { try PolicyEvaluator.difference(learned, $0, on: s, level: level) }
    return PolicyComparison(values: values, differences: diffs, share: share, warnings: s.warnings)
  }
}

extension PolicyComparison: Reportable {
  /// One row per policy: share treated, DR churn prevented with CI, paired difference to the learned
  /// policy, net value (if values were given), and the truth (if simulated).
  public var report: Report {
    let hasNet = values.first?.netValue != nil, hasTruth = values.first?.truePrevented != nil
    var cols: [Column] = [
      Column(name: "policy", strings: values.map(\.name)),
      Column(name: "treated", floats: values.map(\.treatedShare)),
      Column(name: "churn", floats: values.map(\.churn.value)),
      Column(name: "prevented", floats: values.map(\.prevented.value)),
      Column(name: "se", floats: values.map(\.prevented.se)),
      Column(name: "ci_low", floats: values.map(\.prevented.ciLow)),
      Column(name: "ci_high", floats: values.map(\.prevented.ciHigh)),
      Column(name: "learned_minus", floats: [.nan] + differences.map(\.prevented.value)),
      Column(name: "diff_se", floats: [.nan] + differences.map(\.prevented.se)),
    ]
    if hasTruth { cols.append(Column(name: "true_prevented", floats: values.map { $0.truePrevented ?? .nan })) }
    if hasNet {
      cols.append(Column(name: "cost", floats: values.map(\.costPerCustomer)))
      cols.append(Column(name: "net_value", floats: values.map { $0.netValue?.value ?? .nan }))
      cols.append(Column(name: "net_se", floats: values.map { $0.netValue?.se ?? .nan }))
      if hasTruth { cols.append(Column(name: "true_net", floats: values.map { $0.trueNetValue ?? .nan })) }
    }
    var items: [Report.Item] = [
      .text(
        "Doubly robust (AIPW) values per customer on the logged data; prevented = churn rate under treat none minus "
          + "churn under the policy; learned_minus = paired difference (learned − row) with its SE"
          + (hasNet ? "; net_value = prevented × customer value − cost" : "") + "."),
      .table(DataFrame.unchecked(columns: cols, rowCount: values.count), title: nil),
    ]
    for w in warnings { items.append(.warning(w)) }
    return Report(title: "Policy comparison (share treated \(ComparisonPolicies.percent(share)))", items: items)
  }
}
