import Frame
import Stats

/// A ranking rule for targeting: a score per row (higher = treat first) and the arm each row gets.
public struct TargetingRule: Sendable {
  /// Name in tables and legends ("effect-ranked", "risk-ranked", …).
  public var name: String
  /// Ranking score per row.
  public var score: [Double]
  /// Arm given to a row when it is treated.
  public var arm: [Int]
  /// A rule from its parts.
  public init(name: String, score: [Double], arm: [Int]) {
    self.name = name
    self.score = score
    self.arm = arm
  }
}

/// One point of a targeting curve.
public struct TargetingPoint: Sendable, Equatable {
  /// Rule name.
  public var rule: String
  /// Share of customers treated.
  public var share: Double
  /// Rows treated (round(share · n)).
  public var treated: Int
  /// DR churn prevented per customer (over all n rows), with SE sd/√n of the per-row terms.
  public var prevented: Double, se: Double
  /// DR net value per customer, when customer values are given.
  public var netValue: Double?
  /// True churn prevented per customer, and that of the oracle (ranking by the true benefit of the
  /// same arms) at the same share — simulated data only.
  public var truePrevented: Double?, oraclePrevented: Double?
  /// True net value per customer (simulated data with values).
  public var trueNetValue: Double?

  /// truePrevented / oraclePrevented (the share of the oracle's prevented churn this rule achieves).
  public var shareOfOracle: Double? {
    guard let t = truePrevented, let o = oraclePrevented, o > 0 else { return nil }
    return t / o
  }
}

/// Churn prevented (and value) against share treated, for several ranking rules: a Qini-style curve on
/// the DR scores (the DR curve at share q is mean over rows of 1{rank ≤ qn}·(Γᵢ(b) − Γᵢ(aᵢ))), and the
/// true curve when the simulator's effects are known, with the oracle (ranking by the true benefit) for scale.
public struct TargetingCurve: Sendable {
  /// Points, rule by rule, shares ascending.
  public var points: [TargetingPoint]
  /// Rule names in order.
  public var rules: [String]

  /// The default grid: 0, 5 %, 10 %, …, 100 %.
  public static let defaultShares: [Double] = (0...20).map { Double($0) / 20 }

  /// Computes the curve of each rule on `s` at `shares`.
  public static func compute(_ s: PolicyScores, rules: [TargetingRule], shares: [Double] = defaultShares) throws
    -> TargetingCurve
  {
    let n = s.n
    guard !rules.isEmpty else { throw PolicyEvaluationError.invalidOption("targeting needs at least one ranking rule") }
    let counts = try shares.map { try ComparisonPolicies.count(share: $0, n: n) }
    var points: [TargetingPoint] = []
    for rule in rules {
      guard rule.score.count == n, rule.arm.count == n else {
        throw PolicyEvaluationError.shape("rule '\(rule.name)' has \(rule.score.count) scores for \(n) rows")
      }
      if let bad = rule.arm.first(where: { $0 < 0 || $0 >= s.arms.count }) {
        throw PolicyEvaluationError.shape("rule '\(rule.name)' uses arm index \(bad)")
      }
      let order = ComparisonPolicies.order(rule.score)
      // Cumulative sums along the ranking: DR benefit, its square, net value, true benefit and true net.
      var c1 = [0.0], c2 = [0.0], cn = [0.0], ct = [0.0], ctn = [0.0]
      var r1 = 0.0, r2 = 0.0, rn = 0.0, rt = 0.0, rtn = 0.0
      for i in order {
        let a = rule.arm[i], b = s.benefit(a, i)
        let tb = s.trueEffect.map { -$0[a][i] } ?? 0
        let c = a == s.baseline ? 0 : s.costs[a]
        r1 += b
        r2 += b * b
        rn += s.net(a, i) ?? 0
        rt += tb
        rtn += s.customerValue.map { tb * $0[i] - c } ?? 0
        c1.append(r1)
        c2.append(r2)
        cn.append(rn)
        ct.append(rt)
        ctn.append(rtn)
      }
      // Oracle: the same arms, ranked by their true benefit.
      var oracle: [Double]? = nil
      if let t = s.trueEffect {
        let tb = (0..<n).map { -t[rule.arm[$0]][$0] }
        var co = [0.0], run = 0.0
        for i in ComparisonPolicies.order(tb) {
          run += tb[i]
          co.append(run)
        }
        oracle = co
      }
      let nd = Double(n)
      for (share, k) in zip(shares, counts) {
        let mean = c1[k] / nd
        let variance = n > 1 ? max(0, (c2[k] - nd * mean * mean) / (nd - 1)) : .nan
        points.append(
          TargetingPoint(
            rule: rule.name, share: share, treated: k, prevented: mean, se: (variance / nd).squareRoot(),
            netValue: s.customerValue == nil ? nil : cn[k] / nd,
            truePrevented: s.trueEffect == nil ? nil : ct[k] / nd,
            oraclePrevented: oracle.map { $0[k] / nd },
            trueNetValue: (s.trueEffect == nil || s.customerValue == nil) ? nil : ctn[k] / nd))
      }
    }
    return TargetingCurve(points: points, rules: rules.map(\.name))
  }

  /// The points of one rule.
  public func points(of rule: String) -> [TargetingPoint] { points.filter { $0.rule == rule } }
}

extension TargetingCurve: Reportable {
  /// The curve as a table (one row per rule and share).
  public var table: DataFrame {
    let p = points
    var cols: [Column] = [
      Column(name: "rule", strings: p.map(\.rule)),
      Column(name: "share", floats: p.map(\.share)),
      Column(name: "treated", ints: p.map(\.treated)),
      Column(name: "prevented", floats: p.map(\.prevented)),
      Column(name: "se", floats: p.map(\.se)),
    ]
    if p.first?.netValue != nil { cols.append(Column(name: "net_value", floats: p.map { $0.netValue ?? .nan })) }
    if p.first?.truePrevented != nil {
      cols.append(Column(name: "true_prevented", floats: p.map { $0.truePrevented ?? .nan }))
      cols.append(Column(name: "oracle_prevented", floats: p.map { $0.oraclePrevented ?? .nan }))
      cols.append(Column(name: "share_of_oracle", floats: p.map { $0.shareOfOracle ?? .nan }))
      if p.first?.trueNetValue != nil {
        cols.append(Column(name: "true_net", floats: p.map { $0.trueNetValue ?? .nan }))
      }
    }
    return DataFrame.unchecked(columns: cols, rowCount: p.count)
  }

  public var report: Report {
    Report(
      title: "Targeting curve",
      items: [
        .text(
          "Churn prevented per customer (over all customers) when the top share by each rule is treated; "
            + "DR = doubly robust on the logged data"
            + (points.first?.truePrevented != nil
              ? "; true and oracle (ranking by the true benefit) from the simulator" : "") + "."),
        .table(table, title: nil),
      ])
  }
}
