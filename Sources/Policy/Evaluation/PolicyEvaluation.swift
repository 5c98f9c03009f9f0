import Stats

/// A policy: a name and the arm (index into ``PolicyScores/arms``) it gives each row.
public struct NamedPolicy: Sendable, Equatable {
  /// Name shown in tables ("learned", "treat none", "risk-ranked 10%", …).
  public var name: String
  /// Arm index per row.
  public var arms: [Int]
  /// A policy from its parts.
  public init(name: String, arms: [Int]) {
    self.name = name
    self.arms = arms
  }
}

/// The doubly robust value of one policy.
///
/// With Γᵢ(a) the AIPW scores and π the policy: churn under π is V̂ = mean Γᵢ(πᵢ); churn prevented
/// against treating nobody is mean[Γᵢ(b) − Γᵢ(πᵢ)]; net value per customer is
/// mean[(Γᵢ(b) − Γᵢ(πᵢ))·vᵢ − c(πᵢ)]. Each SE is the sample sd of its per-row terms over √n
/// (the influence-function SE of an AIPW mean; the policy is held fixed — it must not have been
/// learned on the same rows, or the value is optimistic) and the 95 % CI is ±1.96 SE.
public struct PolicyValue: Sendable {
  /// Policy name.
  public var name: String
  /// Share of rows given a non-baseline arm.
  public var treatedShare: Double
  /// Rows per arm, in ``PolicyScores/arms`` order.
  public var armCounts: [Int]
  /// Churn rate under the policy (DR).
  public var churn: Estimate
  /// Churn prevented per customer against treating nobody (DR).
  public var prevented: Estimate
  /// Net money per customer against treating nobody (DR), when customer values are given.
  public var netValue: Estimate?
  /// Mean cost per customer.
  public var costPerCustomer: Double
  /// True churn prevented per customer (simulated data only).
  public var truePrevented: Double?
  /// True net money per customer (simulated data with values only).
  public var trueNetValue: Double?
}

/// The paired difference of two policies' values on the same rows.
public struct PolicyDifference: Sendable {
  /// "A − B" label.
  public var label: String
  /// Difference in churn prevented per customer, mean[Γᵢ(Bᵢ) − Γᵢ(Aᵢ)], with its paired SE.
  public var prevented: Estimate
  /// Difference in net money per customer, when values are given.
  public var netValue: Estimate?
}

/// Doubly robust evaluation of policies on logged data.
public enum PolicyEvaluator {
  /// The mean of per-row terms as an estimate: SE = sd/√n, normal CI at `level`.
  static func meanEstimate(_ label: String, _ v: [Double], level: Double) -> Estimate {
    let n = Double(v.count)
    let m = v.reduce(0, +) / n
    var ss = 0.0
    for x in v { ss += (x - m) * (x - m) }
    let se = v.count > 1 ? (ss / (n - 1)).squareRoot() / n.squareRoot() : .nan
    let z = normalQuantile(0.5 + level / 2)
    return Estimate(label: label, value: m, se: se, ciLow: m - z * se, ciHigh: m + z * se)
  }

  static func check(_ p: NamedPolicy, _ s: PolicyScores) throws {
    guard p.arms.count == s.n else {
      throw PolicyEvaluationError.shape("policy '\(p.name)' assigns \(p.arms.count) rows but the data have \(s.n)")
    }
    if let bad = p.arms.first(where: { $0 < 0 || $0 >= s.arms.count }) {
      throw PolicyEvaluationError.shape("policy '\(p.name)' uses arm index \(bad), outside 0..<\(s.arms.count)")
    }
  }

  /// The DR value of `policy` (see ``PolicyValue``).
  public static func evaluate(_ policy: NamedPolicy, on s: PolicyScores, level: Double = 0.95) throws -> PolicyValue {
    try check(policy, s)
    let n = s.n
    var churn = [Double](repeating: 0, count: n), prev = churn
    var net: [Double]? = s.customerValue == nil ? nil : churn
    var counts = [Int](repeating: 0, count: s.arms.count)
    var cost = 0.0
    var truePrev: Double? = s.trueEffect == nil ? nil : 0
    var trueNet: Double? = (s.trueEffect == nil || s.customerValue == nil) ? nil : 0
    for i in 0..<n {
      let a = policy.arms[i]
      counts[a] += 1
      churn[i] = s.gamma[a][i]
      prev[i] = s.benefit(a, i)
      net?[i] = s.net(a, i) ?? 0
      let c = a == s.baseline ? 0 : s.costs[a]
      cost += c
      if let t = s.trueEffect {
        truePrev = (truePrev ?? 0) - t[a][i]
        if let v = s.customerValue { trueNet = (trueNet ?? 0) - t[a][i] * v[i] - c }
      }
    }
    let nd = Double(n)
    return PolicyValue(
      name: policy.name, treatedShare: Double(n - counts[s.baseline]) / nd, armCounts: counts,
      churn: meanEstimate("churn under \(policy.name)", churn, level: level),
      prevented: meanEstimate("churn prevented by \(policy.name)", prev, level: level),
      netValue: net.map { meanEstimate("net value of \(policy.name)", $0, level: level) },
      costPerCustomer: cost / nd, truePrevented: truePrev.map { $0 / nd }, trueNetValue: trueNet.map { $0 / nd })
  }

  /// The paired difference A − B in churn prevented (and net value): mean over rows of the per-row
  /// difference, SE = sd of the differences / √n (the rows are shared, so this is much tighter than
  /// combining the two SEs).
  public static func difference(_ a: NamedPolicy, _ b: NamedPolicy, on s: PolicyScores, level: Double = 0.95) throws
    -> PolicyDifference
  {
    try check(a, s)
    try check(b, s)
    let n = s.n
    var d = [Double](repeating: 0, count: n)
    var dn: [Double]? = s.customerValue == nil ? nil : d
    for i in 0..<n {
      d[i] = s.benefit(a.arms[i], i) - s.benefit(b.arms[i], i)
      if dn != nil { dn?[i] = (s.net(a.arms[i], i) ?? 0) - (s.net(b.arms[i], i) ?? 0) }
    }
    let label = "\(a.name) − \(b.name)"
    return PolicyDifference(
      label: label, prevented: meanEstimate(label, d, level: level),
      netValue: dn.map { meanEstimate(label, $0, level: level) })
  }
}
