import Stats

/// Builders of the policies a learned policy is compared with, at the same share treated.
public enum ComparisonPolicies {
  /// Everyone gets the baseline.
  public static func treatNone(_ s: PolicyScores) -> NamedPolicy {
    NamedPolicy(name: "treat none", arms: [Int](repeating: s.baseline, count: s.n))
  }

  /// Everyone gets arm `a`.
  public static func treatAll(_ s: PolicyScores, arm a: Int) -> NamedPolicy {
    NamedPolicy(name: "treat all: \(s.arms[a])", arms: [Int](repeating: a, count: s.n))
  }

  /// Number of rows a share treats: round(share · n).
  public static func count(share: Double, n: Int) throws -> Int {
    guard share.isFinite, share >= 0, share <= 1 else {
      throw PolicyEvaluationError.invalidOption("share must be between 0 and 1 (got \(share))")
    }
    return Int((share * Double(n)).rounded())
  }

  /// round(share·n) rows drawn uniformly without replacement (seeded shuffle) get arm `armOf[i]`.
  public static func random(_ s: PolicyScores, share: Double, armOf: [Int], seed: Int, name: String? = nil) throws
    -> NamedPolicy
  {
    let k = try count(share: share, n: s.n)
    var rows = Array(0..<s.n)
    var rng = SeededRNG(seed: seed)
    rng.shuffle(&rows)
    var arms = [Int](repeating: s.baseline, count: s.n)
    for i in rows.prefix(k) { arms[i] = armOf[i] }
    return NamedPolicy(name: name ?? "random \(percent(share))", arms: arms)
  }

  /// The round(share·n) rows with the highest `score` (ties: lower row first; NaN last) get `armOf[i]`.
  public static func ranked(_ s: PolicyScores, name: String, score: [Double], share: Double, armOf: [Int]) throws
    -> NamedPolicy
  {
    guard score.count == s.n, armOf.count == s.n else {
      throw PolicyEvaluationError.shape("ranking '\(name)' has \(score.count) scores for \(s.n) rows")
    }
    let k = try count(share: share, n: s.n)
    var arms = [Int](repeating: s.baseline, count: s.n)
    for i in order(score).prefix(k) { arms[i] = armOf[i] }
    return NamedPolicy(name: name, arms: arms)
  }

  /// Row indices by descending score (NaN last, ties by row index).
  public static func order(_ score: [Double]) -> [Int] {
    score.indices.sorted { a, b in
      let x = score[a], y = score[b]
      if x.isNaN != y.isNaN { return !x.isNaN }
      if x != y && !x.isNaN { return x > y }
      return a < b
    }
  }

  /// For per-arm predicted benefits (churn reduction, positive = good; one vector per non-baseline arm in
  /// `arms` order, the baseline's entry ignored), the best arm of each row and its benefit.
  public static func bestArm(_ s: PolicyScores, predictedBenefit: [[Double]]) throws -> (arm: [Int], benefit: [Double])
  {
    guard predictedBenefit.count == s.arms.count, predictedBenefit.allSatisfy({ $0.count == s.n }) else {
      throw PolicyEvaluationError.shape("predicted benefits need one vector of \(s.n) values per arm")
    }
    var arm = [Int](repeating: s.baseline, count: s.n), best = [Double](repeating: -.infinity, count: s.n)
    for i in 0..<s.n {
      for a in 0..<s.arms.count where a != s.baseline {
        let b = predictedBenefit[a][i]
        if b > best[i] {
          best[i] = b
          arm[i] = a
        }
      }
      if arm[i] == s.baseline { best[i] = .nan }
    }
    return (arm, best)
  }

  /// The oracle rule: the round(share·n) rows with the largest TRUE benefit (−true effect of their best arm)
  /// get that arm. Only the simulator knows it; it is the ceiling for any targeting score at this share.
  public static func oracle(_ s: PolicyScores, share: Double) throws -> NamedPolicy {
    guard let truth = s.trueEffect else {
      throw PolicyEvaluationError.invalidOption(
        "the oracle needs the simulator's true effects (columns true_effect or true_effect_<arm>); "
          + "drop oracle: on real data")
    }
    let best = try bestArm(s, predictedBenefit: truth.map { $0.map { -$0 } })
    return try ranked(
      s, name: "oracle \(percent(share)) (true effect)", score: best.benefit, share: share, armOf: best.arm)
  }

  /// "10%"-style label.
  static func percent(_ share: Double) -> String {
    let p = share * 100
    return p == p.rounded() ? "\(Int(p))%" : "\((p * 10).rounded() / 10)%"
  }
}
