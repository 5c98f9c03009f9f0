import Causal
import Stats

/// Per-row doubly robust scores Γᵢ(a) of every arm, with optional money terms and simulator truth:
/// everything needed to evaluate any policy on logged data.
///
/// Γᵢ(a) = m_a(Xᵢ) + 1{Tᵢ = a}(Yᵢ − m_a(Xᵢ))/e_a(Xᵢ) with cross-fitted nuisances
/// (``Causal/MultiArmAIPW/scores(_:options:)``), so mean Γᵢ(π(Xᵢ)) is the AIPW estimate of the outcome
/// (churn rate) if every customer received the arm the policy π picks (Dudík, Langford & Li 2011;
/// Athey & Wager 2021).
public struct PolicyScores: Sendable {
  /// Arm names (sorted, as in the logged data).
  public var arms: [String]
  /// Index of the baseline arm ("none" / control).
  public var baseline: Int
  /// Γ[a][i]: the doubly robust score of arm a for row i.
  public var gamma: [[Double]]
  /// Value of keeping customer i (for net money terms), or nil.
  public var customerValue: [Double]?
  /// Cost of giving each arm to one customer (0 for the baseline).
  public var costs: [Double]
  /// True effect E[Y(a) − Y(baseline) | Xᵢ] per arm and row when the data are simulated (zeros for the
  /// baseline), or nil.
  public var trueEffect: [[Double]]?
  /// Warnings from the nuisance fits (clipping, poor overlap).
  public var warnings: [String]

  /// Number of rows.
  public var n: Int { gamma.first?.count ?? 0 }

  /// Scores from their parts; checks shapes and finiteness.
  public init(
    arms: [String], baseline: Int, gamma: [[Double]], customerValue: [Double]? = nil, costs: [Double]? = nil,
    trueEffect: [[Double]]? = nil, warnings: [String] = []
  ) throws {
    guard arms.count >= 2, gamma.count == arms.count, baseline >= 0, baseline < arms.count else {
      throw PolicyEvaluationError.shape("scores need at least two arms and one score vector per arm")
    }
    let n = gamma[0].count
    guard n > 0 else { throw PolicyEvaluationError.shape("no rows to evaluate a policy on") }
    guard gamma.allSatisfy({ $0.count == n }) else {
      throw PolicyEvaluationError.shape("score vectors differ in length")
    }
    guard gamma.allSatisfy({ $0.allSatisfy(\.isFinite) }) else {
      throw PolicyEvaluationError.badValues("doubly robust scores contain missing or infinite values")
    }
    if let v = customerValue {
      guard v.count == n else {
        throw PolicyEvaluationError.shape("customer value has \(v.count) values for \(n) rows")
      }
      if let i = v.firstIndex(where: { !$0.isFinite }) {
        throw PolicyEvaluationError.badValues(
          "customer value is missing or infinite at row \(i + 1); fill it (e.g. coalesce) first")
      }
    }
    let c = costs ?? [Double](repeating: 0, count: arms.count)
    guard c.count == arms.count else {
      throw PolicyEvaluationError.shape("one cost per arm is needed (\(arms.count) arms)")
    }
    for (a, x) in c.enumerated() where !(x.isFinite && x >= 0) {
      throw PolicyEvaluationError.invalidOption("the cost of arm '\(arms[a])' must be a non-negative number (got \(x))")
    }
    if let t = trueEffect {
      guard t.count == arms.count, t.allSatisfy({ $0.count == n }) else {
        throw PolicyEvaluationError.shape("true effects need one vector per arm of \(n) values")
      }
    }
    self.arms = arms
    self.baseline = baseline
    self.gamma = gamma
    self.customerValue = customerValue
    self.costs = c
    self.trueEffect = trueEffect
    self.warnings = warnings
  }

  /// Cross-fits the nuisances on logged data and returns the scores (costs keyed by arm name; arms
  /// without a cost cost 0, the baseline always 0).
  public static func crossFitted(
    _ data: MultiArmData, options: AIPWOptions = AIPWOptions(), customerValue: [Double]? = nil,
    costs: [String: Double] = [:], trueEffect: [[Double]]? = nil
  ) throws -> PolicyScores {
    for name in costs.keys.sorted() where !data.arms.contains(name) {
      throw PolicyEvaluationError.unknownArm(name, arms: data.arms)
    }
    let s = try MultiArmAIPW.scores(data, options: options)
    let c = data.arms.enumerated().map { a, name in a == data.baseline ? 0 : (costs[name] ?? 0) }
    return try PolicyScores(
      arms: data.arms, baseline: data.baseline, gamma: s.gamma, customerValue: customerValue, costs: c,
      trueEffect: trueEffect, warnings: data.notes + s.warnings)
  }

  /// The index of an arm by name.
  public func armIndex(_ name: String) throws -> Int {
    guard let i = arms.firstIndex(of: name) else { throw PolicyEvaluationError.unknownArm(name, arms: arms) }
    return i
  }

  /// Per-row DR benefit of arm a over the baseline: Γᵢ(b) − Γᵢ(a) (churn prevented).
  public func benefit(_ a: Int, _ i: Int) -> Double { gamma[baseline][i] - gamma[a][i] }

  /// Per-row net money of arm a against the baseline: benefit · value − cost (nil without values).
  public func net(_ a: Int, _ i: Int) -> Double? {
    customerValue.map { benefit(a, i) * $0[i] - (a == baseline ? 0 : costs[a]) }
  }
}
