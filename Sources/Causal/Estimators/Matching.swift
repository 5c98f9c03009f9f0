import Frame
import Stats

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The scale on which units are matched.
public enum MatchingScale: String, Sendable, CaseIterable {
  /// The propensity score itself.
  case score
  /// The logit of the propensity score, log(e/(1 − e)) (spreads out the tails; Austin 2011 recommends it).
  case logit
}

/// Options of propensity-score matching.
public struct MatchingOptions: Sendable {
  /// ATE, ATT or ATC (the overlap target is not defined for matching).
  public var target: EffectTarget
  /// Matches per unit, M (ties at the M-th distance are all kept when matching with replacement).
  public var neighbors: Int
  /// Whether a unit may serve as a match more than once.
  public var replace: Bool
  /// Maximum distance, in pooled standard deviations of the matching scale (0.2 on the logit scale is
  /// Austin's 2011 rule); nil = no caliper. Units without a match inside the caliper are dropped and counted.
  public var caliper: Double?
  public var scale: MatchingScale
  /// Same-arm neighbours J used to estimate the conditional outcome variance σ²(x) (Stata's default is 2).
  public var varianceNeighbors: Int
  /// Seed for the order in which units pick their matches without replacement.
  public var seed: Int
  public var level: Double
  /// How the propensity is fitted when matching a `TreatmentData` (default: logistic, in-sample).
  public var propensity: PropensityOptions

  /// Creates options; defaults: ATE, 1 neighbour with replacement, no caliper, logit scale, J = 2.
  public init(
    target: EffectTarget = .ate, neighbors: Int = 1, replace: Bool = true, caliper: Double? = nil,
    scale: MatchingScale = .logit, varianceNeighbors: Int = 2, seed: Int = 42, level: Double = 0.95,
    propensity: PropensityOptions = PropensityOptions(folds: 1)
  ) {
    self.target = target
    self.neighbors = neighbors
    self.replace = replace
    self.caliper = caliper
    self.scale = scale
    self.varianceNeighbors = varianceNeighbors
    self.seed = seed
    self.level = level
    self.propensity = propensity
  }
}

/// Nearest-neighbour matching on the propensity score (Rosenbaum & Rubin 1983) with the Abadie–Imbens
/// (2006) variance.
///
/// Each target unit i (all units for the ATE, treated for the ATT, controls for the ATC) is matched to the
/// set 𝒥(i) of its M nearest units of the other arm on the chosen scale (with replacement: all ties at the
/// M-th distance are included; without replacement: greedy, in a seeded random order, each unit used once).
/// Its missing potential outcome is imputed by the mean over 𝒥(i), τᵢ = ±(Yᵢ − Ȳ_𝒥(i)), and τ̂ = mean τᵢ
/// over the N matched targets.
///
/// Variance (Abadie & Imbens 2006, Theorem 7, written for general match weights w_{ij} = 1/|𝒥(i)|): with
/// Kⱼ = Σᵢ w_{ij} (how much unit j is used as a match), Qⱼ = Σᵢ w_{ij}² and Dⱼ = 1 if j is a target,
///
///     V̂ = (1/N²) [ Σ_targets (τᵢ − τ̂)² + Σⱼ ((Dⱼ + Kⱼ)² − Dⱼ − Qⱼ) σ̂²ⱼ ],
///
/// which for M matches without ties reduces to AI's (K/M)² + (2M − 1)/M · K/M (ATE) and K(K − 1)/M² for the
/// controls (ATT). σ̂²ⱼ = |ℓ|/(|ℓ| + 1) (Yⱼ − Ȳ_ℓ(j))², ℓ(j) the J nearest same-arm units (ties included).
/// The variance treats the propensity score as known; Abadie & Imbens (2016) show that accounting for its
/// estimation makes the ATE variance smaller, so this SE is conservative for the ATE.
public enum PropensityMatching {
  /// Fits the propensity on `data` (see `options.propensity`) and matches on it.
  public static func estimate(_ data: TreatmentData, options: MatchingOptions = MatchingOptions()) throws
    -> EffectEstimate
  {
    let ps = try Propensity.fit(data, options: options.propensity)
    var r = try estimate(y: data.y, t: data.t, propensity: ps.scores, options: options)
    r.details.insert(
      contentsOf: data.reportHeader + [Report.Field("propensity", .string(ps.fitDescription))], at: 0)
    r.warnings = data.notes + r.warnings
    return r
  }

  /// Matches on given propensity scores.
  public static func estimate(
    y: [Double], t: [Double], propensity: [Double],
    options: MatchingOptions = MatchingOptions()
  ) throws -> EffectEstimate {
    try checkLevel(options.level)
    let n = y.count
    guard t.count == n, propensity.count == n else {
      throw CausalError.invalidInput("matching: outcome, treatment and propensity must have the same length")
    }
    try checkOutcome(y, name: "outcome")
    try checkBinaryTreatment(t, name: "treatment")
    guard options.target != .overlap else {
      throw CausalError.invalidInput(
        "matching estimates the ate, att or atc; for the overlap target use `estimate overlap … method: \"hajek\"` or `estimate overlap … method: \"aipw\"`"
      )
    }
    guard options.neighbors >= 1 else {
      throw CausalError.invalidInput("neighbors must be at least 1, got \(options.neighbors)")
    }
    guard options.varianceNeighbors >= 1 else {
      throw CausalError.invalidInput("variance neighbours J must be at least 1, got \(options.varianceNeighbors)")
    }
    if let c = options.caliper, !(c > 0) {
      throw CausalError.invalidInput("caliper must be positive (0.2 is usual), got \(c)")
    }
    if let i = propensity.firstIndex(where: { !($0 >= 0 && $0 <= 1) }) {
      throw CausalError.invalidInput("propensity score in row \(i + 1) is missing or outside [0, 1]")
    }
    try checkCommonSupport(propensity, t: t)
    let s: [Double] =
      options.scale == .score
      ? propensity
      : propensity.map { e in
        let c = min(max(e, 1e-12), 1 - 1e-12)
        return log(c / (1 - c))
      }
    let groups = [t.indices.filter { t[$0] == 0 }, t.indices.filter { t[$0] == 1 }]
    for (g, rows) in groups.enumerated() where rows.count < 2 {
      throw CausalError.degenerate(
        "matching needs at least 2 \(g == 1 ? "treated" : "control") rows to estimate the variance")
    }
    let width = options.caliper.map { $0 * pooledSD(s, t: t) }
    let sorted = groups.map { SortedScores(rows: $0, s: s) }

    // Targets and their matches.
    var targets: [Int]
    switch options.target {
    case .att: targets = groups[1]
    case .atc: targets = groups[0]
    default: targets = Array(0..<n)
    }
    var matches = [[Int]](repeating: [], count: n)
    if options.replace {
      for i in targets {
        let other = sorted[t[i] == 1 ? 0 : 1]
        var m = other.nearest(to: s[i], count: options.neighbors, excluding: nil, ties: true)
        if let width { m = m.filter { abs(s[$0] - s[i]) <= width } }
        matches[i] = m
      }
    } else {
      var rng = SeededRNG(seed: options.seed)
      var order = targets
      rng.shuffle(&order)
      var pools = sorted.map { AvailablePool(sorted: $0) }
      for i in order {
        let g = t[i] == 1 ? 0 : 1
        var m: [Int] = []
        for _ in 0..<options.neighbors {
          guard let j = pools[g].takeNearest(to: s[i], within: width, s: s) else { break }
          m.append(j)
        }
        matches[i] = m
      }
    }
    let matched = targets.filter { !matches[$0].isEmpty }
    let dropped = targets.count - matched.count
    guard matched.count >= 2 else {
      throw CausalError.noOverlap(
        "matching: only \(matched.count) target unit\(matched.count == 1 ? "" : "s") found a match"
          + (width != nil ? " within the caliper; widen the caliper" : "")
          + " — the arms barely overlap")
    }

    // Point estimate.
    var tauI = [Double](repeating: 0, count: n)
    var sum = 0.0, sumY0 = 0.0
    var k = [Double](repeating: 0, count: n), q = k, d = k
    for i in matched {
      let w = 1 / Double(matches[i].count)
      var imputed = 0.0
      for j in matches[i] {
        imputed += w * y[j]
        k[j] += w
        q[j] += w * w
      }
      tauI[i] = t[i] == 1 ? y[i] - imputed : imputed - y[i]
      sumY0 += t[i] == 1 ? imputed : y[i]
      sum += tauI[i]
      d[i] = 1
    }
    let nm = Double(matched.count)
    let tau = sum / nm

    // Abadie–Imbens variance.
    var hetero = 0.0
    for i in matched { hetero += (tauI[i] - tau) * (tauI[i] - tau) }
    var noise = 0.0
    for j in 0..<n where d[j] + k[j] > 0 {
      let coef = (d[j] + k[j]) * (d[j] + k[j]) - d[j] - q[j]
      if coef == 0 { continue }
      let same = sorted[t[j] == 1 ? 1 : 0]
      let nb = same.nearest(
        to: s[j], count: min(options.varianceNeighbors, same.rows.count - 1), excluding: j, ties: true)
      let mean = nb.reduce(0.0) { $0 + y[$1] } / Double(nb.count)
      let sigma2 = Double(nb.count) / Double(nb.count + 1) * (y[j] - mean) * (y[j] - mean)
      noise += coef * sigma2
    }
    let variance = max(hetero + noise, 0) / (nm * nm)
    let se = variance.squareRoot()
    let label = options.target.label
    let est = normalEstimate(
      label: label, value: tau, se: se, n: matched.count, level: options.level,
      method: "Abadie–Imbens (2006), J = \(options.varianceNeighbors)")
    var used = 0
    for j in 0..<n where k[j] > 0 { used += 1 }
    var warnings: [String] = []
    if dropped > 0 {
      warnings.append(
        "\(dropped) of \(targets.count) target units had no match within the caliper and were dropped; "
          + "the estimate describes the matched units only")
    }
    warnings.append(
      "the SE treats the propensity score as known (Abadie & Imbens 2016 correct for its estimation; "
        + "for the ATE the correction makes the SE smaller)")
    let n1 = groups[1].count
    var details: [Report.Field] = [
      Report.Field("scale", .string(options.scale == .logit ? "logit of the propensity" : "propensity score")),
      Report.Field("neighbours", .int(options.neighbors)),
      Report.Field("replacement", .bool(options.replace)),
    ]
    if let c = options.caliper, let width {
      details.append(Report.Field("caliper", .string("\(formatPlain(c)) SD = \(short(width)) on the matching scale")))
    }
    details += [
      Report.Field("matched targets", .int(matched.count)),
      Report.Field("unmatched (dropped)", .int(dropped)),
      Report.Field("distinct units used as matches", .int(used)),
    ]
    return EffectEstimate(
      estimate: est, target: options.target, method: "propensity score matching",
      details: details, warnings: warnings, nTreated: n1, nControl: n - n1,
      controlMean: sumY0 / nm)
  }

  /// √((s₁² + s₀²)/2): the pooled SD of the matching scale over the two arms.
  static func pooledSD(_ s: [Double], t: [Double]) -> Double {
    var m = [0.0, 0.0], c = [0.0, 0.0]
    for i in s.indices {
      let g = Int(t[i])
      m[g] += s[i]
      c[g] += 1
    }
    m[0] /= c[0]
    m[1] /= c[1]
    var v = [0.0, 0.0]
    for i in s.indices {
      let g = Int(t[i])
      v[g] += (s[i] - m[g]) * (s[i] - m[g])
    }
    v[0] /= max(c[0] - 1, 1)
    v[1] /= max(c[1] - 1, 1)
    return ((v[0] + v[1]) / 2).squareRoot()
  }
}

/// The rows of one arm sorted by their matching score, for nearest-neighbour queries.
struct SortedScores {
  /// Row indices in ascending score order (ties by row index).
  let rows: [Int]
  /// Scores in the same order.
  let values: [Double]

  init(rows: [Int], s: [Double]) {
    let r = rows.sorted { s[$0] < s[$1] || (s[$0] == s[$1] && $0 < $1) }
    self.rows = r
    self.values = r.map { s[$0] }
  }

  /// First position whose value is ≥ x.
  func lowerBound(_ x: Double) -> Int {
    var lo = 0, hi = values.count
    while lo < hi {
      let mid = (lo + hi) / 2
      if values[mid] < x { lo = mid + 1 } else { hi = mid }
    }
    return lo
  }

  /// The `count` rows nearest to `x` (skipping row `excluding`), plus every further row tied with the
  /// count-th distance when `ties` is true. Returned in order of distance (ties by position).
  func nearest(to x: Double, count: Int, excluding: Int?, ties: Bool) -> [Int] {
    guard count > 0 else { return [] }
    var left = lowerBound(x) - 1, right = left + 1
    var out: [Int] = []
    var lastDistance = 0.0
    func skip() {
      if let ex = excluding {
        if left >= 0 && rows[left] == ex { left -= 1 }
        if right < rows.count && rows[right] == ex { right += 1 }
      }
    }
    skip()
    while left >= 0 || right < rows.count {
      let dl = left >= 0 ? x - values[left] : Double.infinity
      let dr = right < rows.count ? values[right] - x : Double.infinity
      let takeLeft = dl <= dr
      let dist = takeLeft ? dl : dr
      if out.count >= count && !(ties && dist == lastDistance) { break }
      if takeLeft {
        out.append(rows[left])
        left -= 1
      } else {
        out.append(rows[right])
        right += 1
      }
      lastDistance = dist
      skip()
    }
    return out
  }
}

/// Rows of one arm available for matching without replacement: nearest-available queries with removal,
/// using path-compressed "next alive" pointers in each direction (near-constant time per query).
struct AvailablePool {
  let sorted: SortedScores
  private var nextRight: [Int]
  private var nextLeft: [Int]

  init(sorted: SortedScores) {
    self.sorted = sorted
    let m = sorted.rows.count
    nextRight = Array(0...m)  // m = "none to the right"
    nextLeft = Array(-1..<m).map { $0 + 1 }  // stored +1 so that 0 = "none to the left"
  }

  private mutating func findRight(_ p: Int) -> Int {
    var r = p
    while nextRight[r] != r { r = nextRight[r] }
    var c = p
    while nextRight[c] != r {
      let nx = nextRight[c]
      nextRight[c] = r
      c = nx
    }
    return r
  }

  private mutating func findLeft(_ p: Int) -> Int {  // p in stored (+1) coordinates
    var r = p
    while nextLeft[r] != r { r = nextLeft[r] }
    var c = p
    while nextLeft[c] != r {
      let nx = nextLeft[c]
      nextLeft[c] = r
      c = nx
    }
    return r
  }

  /// Removes and returns the available row nearest to `x` (ties: the lower score), or nil if none is left
  /// or the nearest lies beyond `within`.
  mutating func takeNearest(to x: Double, within: Double?, s: [Double]) -> Int? {
    let m = sorted.rows.count
    let pos = sorted.lowerBound(x)
    let r = findRight(pos)
    let l = findLeft(pos) - 1  // position, −1 = none
    let dr = r < m ? sorted.values[r] - x : Double.infinity
    let dl = l >= 0 ? x - sorted.values[l] : Double.infinity
    if dr == .infinity && dl == .infinity { return nil }
    let p = dl <= dr ? l : r
    let dist = min(dl, dr)
    if let within, dist > within { return nil }
    nextRight[p] = p + 1
    nextLeft[p + 1] = p
    return sorted.rows[p]
  }
}
