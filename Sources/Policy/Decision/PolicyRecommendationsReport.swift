import Frame

extension PolicyRecommendations {
  /// One row per customer: `id`, `churn_prob`, `recommendation`, `reason`, the chosen arm's `effect`,
  /// `lo`, `hi`, `cost`, `net_value`, `net_lo`, `net_hi` (zero for no intervention), the customer `value`,
  /// and the alternatives: `effect_<arm>`, `lo_<arm>`, `hi_<arm>`, `net_<arm>` for every arm.
  public var table: DataFrame {
    let n = count
    func chosen(_ m: [[Double]]) -> [Double] { (0..<n).map { i in choice[i].map { m[$0][i] } ?? 0 } }
    var cols: [Column] = [
      Column(name: "id", strings: ids), Column(name: "churn_prob", floats: churn),
      Column(name: "recommendation", strings: recommendation), Column(name: "reason", strings: reason.map(\.rawValue)),
      Column(name: "effect", floats: chosen(effect)), Column(name: "lo", floats: chosen(lo)),
      Column(name: "hi", floats: chosen(hi)),
      Column(name: "cost", floats: (0..<n).map { i in choice[i].map { costs[$0] } ?? 0 }),
      Column(name: "net_value", floats: chosen(net)), Column(name: "net_lo", floats: chosen(netLo)),
      Column(name: "net_hi", floats: chosen(netHi)), Column(name: "value", floats: value),
    ]
    for (k, arm) in arms.enumerated() {
      cols += [
        Column(name: "effect_\(arm)", floats: effect[k]), Column(name: "lo_\(arm)", floats: lo[k]),
        Column(name: "hi_\(arm)", floats: hi[k]), Column(name: "net_\(arm)", floats: net[k]),
      ]
    }
    return DataFrame.unchecked(columns: cols, rowCount: n)
  }

  /// Totals of the recommendations.
  public struct Totals: Sendable, Equatable {
    /// Customers scored and customers given an intervention.
    public var customers: Int
    public var treated: Int
    /// Sum of the chosen arms' costs.
    public var cost: Double
    /// Expected churners prevented: Σ −τ̂ over treated customers.
    public var churnPrevented: Double
    /// Expected value saved (Σ −τ̂·v) and net value (saved − cost).
    public var valueSaved: Double
    public var netValue: Double
  }

  /// Totals over the customers given `arm` (nil: over every treated customer).
  public func totals(arm: Int? = nil) -> Totals {
    var t = Totals(customers: count, treated: 0, cost: 0, churnPrevented: 0, valueSaved: 0, netValue: 0)
    for i in 0..<count {
      guard let k = choice[i], arm == nil || arm == k else { continue }
      t.treated += 1
      t.cost += costs[k]
      t.churnPrevented += -effect[k][i]
      t.valueSaved += -effect[k][i] * value[i]
      t.netValue += net[k][i]
    }
    return t
  }

  /// Counts, cost, churn prevented and net value per recommendation (every arm, then the baseline).
  public var summary: DataFrame {
    let per = arms.indices.map { totals(arm: $0) }
    let none = count - per.reduce(0) { $0 + $1.treated }
    let n = Double(max(count, 1))
    return DataFrame.unchecked(
      columns: [
        Column(name: "recommendation", strings: arms + [baseline]),
        Column(name: "customers", ints: per.map(\.treated) + [none]),
        Column(name: "share", floats: (per.map(\.treated) + [none]).map { Double($0) / n }),
        Column(name: "unit_cost", floats: costs + [0]),
        Column(name: "total_cost", floats: per.map(\.cost) + [0]),
        Column(name: "churn_prevented", floats: per.map(\.churnPrevented) + [0]),
        Column(name: "value_saved", floats: per.map(\.valueSaved) + [0]),
        Column(name: "net_value", floats: per.map(\.netValue) + [0]),
      ], rowCount: arms.count + 1)
  }

  /// Customers per reason, in the order of ``DecisionReason``'s cases (reasons that occur only).
  public var reasons: DataFrame {
    let present = DecisionReason.allCases.filter { r in reason.contains(r) }
    return DataFrame.unchecked(
      columns: [
        Column(name: "reason", strings: present.map(\.rawValue)),
        Column(name: "customers", ints: present.map { r in reason.filter { $0 == r }.count }),
      ], rowCount: present.count)
  }
}

extension PolicyRecommendations: Reportable {
  /// The summary printed for `recommend`: totals, the table by recommendation, and the reasons.
  public var report: Report {
    let t = totals()
    var fields: [Report.Field] = [
      .init("customers", .int(t.customers)), .init("treated", .int(t.treated)),
      .init("total cost", .float(t.cost)), .init("expected churn prevented", .float(t.churnPrevented)),
      .init("churn prevented per 1,000", .float(t.churnPrevented * 1000 / Double(max(t.customers, 1)))),
      .init("value saved", .float(t.valueSaved)), .init("net value", .float(t.netValue)),
    ]
    switch constraint {
    case .budget(let b)?: fields.append(.init("budget", .float(b)))
    case .share(let s)?: fields.append(.init("share limit", .float(s)))
    case nil: break
    }
    var items: [Report.Item] = [
      .fields(fields),
      .table(summary, title: "By recommendation"),
      .table(reasons, title: "Why"),
    ]
    items += warnings.map { .warning($0) }
    return Report(title: "Recommendations", items: items)
  }
}
