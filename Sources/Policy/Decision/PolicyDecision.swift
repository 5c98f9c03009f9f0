import Causal
import Frame
import Learn
import Stats

/// Why a customer got the recommendation they got.
public enum DecisionReason: String, Sendable, Equatable, CaseIterable {
  /// The arm of highest positive net value.
  case bestNetValue = "best_net_value"
  /// Churn probability below the policy's threshold.
  case lowRisk = "low_risk"
  /// No arm's expected saved value exceeds its cost.
  case notWorthCost = "not_worth_cost"
  /// Some arm is worth its cost on average, but no such arm's effect interval excludes zero (`require_ci`).
  case ciIncludesZero = "ci_includes_zero"
  /// Worth treating, but left out by the budget or share constraint.
  case overBudget = "over_budget"
  /// The churn model gave no probability (its design dropped the row for missing values).
  case notScored = "not_scored"
}

/// A limit on how many customers are treated.
public enum BudgetConstraint: Sendable, Equatable {
  /// Total cost at most this amount: customers are taken by net value per unit cost, highest first.
  case budget(Double)
  /// At most this share of the customers scored: customers are taken by net value, highest first.
  case share(Double)
}

/// Per customer × intervention scores and each customer's recommendation.
public struct PolicyRecommendations: Sendable {
  /// Customer identifiers (the id column's text, or the row number).
  public var ids: [String]
  /// Churn probability per customer.
  public var churn: [Double]
  /// Customer value per customer.
  public var value: [Double]
  /// Arm names and costs.
  public var arms: [String]
  public var costs: [Double]
  /// `effect[k][i]`, its standard error and interval, and the net value with its interval, per arm k.
  public var effect: [[Double]]
  public var se: [[Double]]
  public var lo: [[Double]]
  public var hi: [[Double]]
  public var net: [[Double]]
  public var netLo: [[Double]]
  public var netHi: [[Double]]
  /// The recommended arm per customer (nil = no intervention) and why.
  public var choice: [Int?]
  public var reason: [DecisionReason]
  /// The baseline's name ("none").
  public var baseline: String
  /// The constraint applied, if any, and the warnings raised (e.g. a budget that does not bind).
  public var constraint: BudgetConstraint?
  public var warnings: [String]

  /// Number of customers.
  public var count: Int { ids.count }

  /// The recommendation's name per customer.
  public var recommendation: [String] { choice.map { $0.map { arms[$0] } ?? baseline } }
}

extension RetentionPolicy {
  /// Scores every row of `frame` and recommends per customer (see the type's formulas).
  ///
  /// - Parameters:
  ///   - id: column of customer identifiers (default `customerID` when present, else the row number).
  ///   - constraint: an optional total budget or share of customers.
  ///   - threads: how many threads a few rows' arms are scored on side by side (see ``effects(_:threads:)``):
  ///     0 (the default) = every core, 1 = one after the other on the calling thread (a server whose own
  ///     threads already keep every core busy). Never changes a result.
  /// Intervals: τ̂ ± z·SE with the forest's little-bags SE (pointwise); the net value's interval maps the
  /// effect's interval through the linear map τ ↦ −τ·v − c.
  public func recommend(
    _ frame: DataFrame, id: String? = nil, constraint: BudgetConstraint? = nil, threads: Int = 0
  ) throws -> PolicyRecommendations {
    try schema.check(frame)
    guard frame.rowCount > 0 else { throw PolicyError.invalidInput("the frame to score has no rows") }
    let ids = try Self.identifiers(frame, id: id)
    let churn = try churnModel.predict(frame)
    let value = try value.evaluate(frame)
    let z = normalQuantile(0.5 + rule.level / 2)
    let n = frame.rowCount, arms = interventions.count
    var r = PolicyRecommendations(
      ids: ids, churn: churn, value: value, arms: self.arms, costs: interventions.map(\.cost),
      effect: [], se: [], lo: [], hi: [], net: [], netLo: [], netHi: [],
      choice: [Int?](repeating: nil, count: n), reason: [DecisionReason](repeating: .notWorthCost, count: n),
      baseline: baseline, constraint: constraint, warnings: [])
    for (iv, p) in zip(interventions, try effects(frame, threads: threads)) {
      let se = p.variance.map { $0.squareRoot() }
      let lo = zip(p.tau, se).map { $0 - z * $1 }, hi = zip(p.tau, se).map { $0 + z * $1 }
      r.effect.append(p.tau)
      r.se.append(se)
      r.lo.append(lo)
      r.hi.append(hi)
      r.net.append((0..<n).map { -p.tau[$0] * value[$0] - iv.cost })
      r.netLo.append((0..<n).map { Swift.min(-lo[$0] * value[$0], -hi[$0] * value[$0]) - iv.cost })
      r.netHi.append((0..<n).map { Swift.max(-lo[$0] * value[$0], -hi[$0] * value[$0]) - iv.cost })
    }
    for i in 0..<n {
      guard churn[i].isFinite else {
        r.reason[i] = .notScored
        continue
      }
      guard churn[i] >= rule.threshold else {
        r.reason[i] = .lowRisk
        continue
      }
      var best: Int? = nil, worthButUnsure = false
      for k in 0..<arms where r.net[k][i].isFinite && r.net[k][i] > 0 {
        if rule.requireCI && !(r.hi[k][i] < 0) {
          worthButUnsure = true
          continue
        }
        if best.map({ r.net[k][i] > r.net[$0][i] }) ?? true { best = k }
      }
      r.choice[i] = best
      r.reason[i] = best != nil ? .bestNetValue : (worthButUnsure ? .ciIncludesZero : .notWorthCost)
    }
    if let constraint { try r.apply(constraint) }
    return r
  }

  /// Every arm's effect with its variance for the rows of `frame`, arms in order.
  ///
  /// When the arms' forests encode their covariates alike (the usual case: one several-arm fit), the
  /// covariate matrix is built once for all arms. A few rows (less than one prediction block, e.g. one
  /// customer) run the arms side by side on the cores, since each forest would use one core for them; a
  /// batch runs the arms in turn, each forest on all cores. Each arm's prediction is computed alone, so
  /// the results do not depend on this. `threads` bounds that side-by-side run (0 = every core, 1 = in turn on
  /// the calling thread).
  func effects(_ frame: DataFrame, threads: Int = 0) throws -> [CausalPredictions] {
    let arms = interventions, n = frame.rowCount
    let first = arms[0].effect
    let shared: [Double]?
    if arms.allSatisfy({ $0.effect.covariates == first.covariates && $0.effect.featureNames == first.featureNames }) {
      shared =
        try first.covariates.map { try $0.matrix(frame).values }
        ?? CausalForest.covariateMatrix(frame, columns: first.featureNames)
    } else {
      shared = nil
    }
    let predict: @Sendable (Int) throws -> CausalPredictions = { k in
      if let shared { return try arms[k].effect.predict(x: shared, rows: n, withVariance: true) }
      return try arms[k].effect.predict(frame: frame, withVariance: true)
    }
    if n < CompactForest.predictionBlockRows { return try parallelMap(arms.count, threads: threads, predict) }
    return try (0..<arms.count).map(predict)
  }

  /// Identifiers from the `id` column (any type; missing → row number) or row numbers.
  static func identifiers(_ frame: DataFrame, id: String?) throws -> [String] {
    let name = id ?? (frame["customerID"] != nil ? "customerID" : nil)
    guard let name else { return (1...frame.rowCount).map(String.init) }
    guard let c = frame[name] else {
      let hint = closestMatch(to: name, among: frame.columnNames).map { " (did you mean '\($0)'?)" } ?? ""
      throw PolicyError.schema("no id column '\(name)'\(hint)")
    }
    return (0..<frame.rowCount).map { i in
      switch c.value(at: i) {
      case .missing: return String(i + 1)
      case .string(let s): return s
      case .int(let v): return String(v)
      case .bool(let b): return String(b)
      case .float(let d): return d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) : String(d)
      }
    }
  }
}

extension PolicyRecommendations {
  /// Keeps the recommendations that fit `constraint`, best first; the rest become `over_budget`.
  ///
  /// Budget: customers are ranked by net value per unit cost (a free arm ranks first) and taken greedily;
  /// one whose cost no longer fits is skipped and cheaper ones after it can still be taken. Share: at most
  /// ⌊share · n⌋ customers, ranked by net value. Ties go to the earlier row.
  mutating func apply(_ constraint: BudgetConstraint) throws {
    let treated = (0..<count).filter { choice[$0] != nil }
    func netOf(_ i: Int) -> Double { choice[i].map { net[$0][i] } ?? 0 }
    func costOf(_ i: Int) -> Double { choice[i].map { costs[$0] } ?? 0 }
    var keep = Set<Int>()
    switch constraint {
    case .budget(let b):
      guard b.isFinite, b > 0 else {
        throw PolicyError.invalidInput(
          "budget must be a positive amount, got \(b); leave it out to treat everyone worth treating")
      }
      func ratio(_ i: Int) -> Double { costOf(i) > 0 ? netOf(i) / costOf(i) : .infinity }
      let order = treated.sorted { ratio($0) != ratio($1) ? ratio($0) > ratio($1) : $0 < $1 }
      let total = treated.reduce(0) { $0 + costOf($1) }
      if total <= b {
        warnings.append("the budget \(b) does not bind: treating every recommended customer costs \(total)")
      }
      var spent = 0.0
      for i in order where spent + costOf(i) <= b {
        spent += costOf(i)
        keep.insert(i)
      }
    case .share(let s):
      guard s.isFinite, s > 0, s <= 1 else {
        throw PolicyError.invalidInput("share must be in (0, 1] (a share of the \(count) customers), got \(s)")
      }
      let limit = Int((s * Double(count)).rounded(.down))
      guard limit >= 1 else {
        throw PolicyError.invalidInput("share \(s) of \(count) customers is less than one customer; raise it")
      }
      if treated.count <= limit {
        warnings.append(
          "the share \(s) does not bind: \(treated.count) customers are worth treating, the limit is \(limit)")
      }
      let order = treated.sorted { netOf($0) != netOf($1) ? netOf($0) > netOf($1) : $0 < $1 }
      keep = Set(order.prefix(limit))
    }
    for i in treated where !keep.contains(i) {
      choice[i] = nil
      reason[i] = .overBudget
    }
  }
}
