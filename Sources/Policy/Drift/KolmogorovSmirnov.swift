/// How the two-sample Kolmogorov–Smirnov p-value is computed (scipy.stats.ks_2samp's `method`).
public enum KSMethod: String, Sendable, CaseIterable {
  /// Exact when both samples have at most 10,000 values, asymptotic otherwise (scipy's default).
  case auto
  /// The exact null distribution by lattice-path counting (falls back to asymptotic when the
  /// computation is out of floating-point range, as scipy does).
  case exact
  /// The Kolmogorov distribution at n = round(n₁n₂/(n₁+n₂)).
  case asymptotic = "asymp"
}

/// The result of a two-sample Kolmogorov–Smirnov test (two-sided).
public struct KSResult: Sendable, Equatable {
  /// D = sup_x |F₁(x) − F₂(x)|.
  public var statistic: Double
  /// Two-sided p-value.
  public var pValue: Double
  /// The method actually used (auto resolves to exact or asymptotic).
  public var method: KSMethod
}

/// Errors of the drift statistics.
public enum DriftError: Error, Equatable, CustomStringConvertible, Sendable {
  /// A sample has no non-missing values.
  case emptySample(String)
  /// The new frame lacks a reference feature.
  case missingFeature(String, suggestion: String?)
  /// The new column's type does not match the reference (numeric vs text).
  case typeMismatch(String, expected: String)
  /// A threshold or option is out of range.
  case invalidOption(String)

  public var description: String {
    switch self {
    case .emptySample(let what):
      return "\(what) has no non-missing values; drift needs at least one value on each side"
    case .missingFeature(let name, let s):
      return "the new data has no column '\(name)'" + (s.map { " (did you mean '\($0)'?)" } ?? "")
        + "; drift compares the reference's features, so add it or drop it from the reference"
    case .typeMismatch(let name, let expected):
      return "column '\(name)' should be \(expected) as in the reference; convert it before checking drift"
    case .invalidOption(let why): return why
    }
  }
}

/// The two-sample Kolmogorov–Smirnov test with scipy.stats.ks_2samp's semantics (two-sided).
///
/// D is evaluated at every pooled data point from right-continuous empirical CDFs (ties handled as
/// scipy's `searchsorted(side='right')`). Exact p-value: D is rounded to h/lcm(n₁,n₂) and
/// P(D ≥ h/lcm) is counted over monotone lattice paths — Hodges (1958); for n₁ = n₂ a Horner form of
/// the alternating binomial sum. Asymptotic p-value: see ``KolmogorovDistribution``.
public enum KolmogorovSmirnov {
  /// scipy's switch point for `auto`.
  public static let maxAutoN = 10_000

  /// Two-sided test of `a` against `b` (NaN values are dropped). Throws when a sample is empty.
  public static func twoSample(_ a: [Double], _ b: [Double], method: KSMethod = .auto) throws -> KSResult {
    try twoSample(sorted: a.filter { !$0.isNaN }.sorted(), b.filter { !$0.isNaN }.sorted(), method: method)
  }

  /// As ``twoSample(_:_:method:)`` for samples already sorted ascending without NaN.
  public static func twoSample(sorted a: [Double], _ b: [Double], method: KSMethod = .auto) throws -> KSResult {
    guard !a.isEmpty else { throw DriftError.emptySample("the first sample") }
    guard !b.isEmpty else { throw DriftError.emptySample("the second sample") }
    let n1 = a.count, n2 = b.count
    var d = statistic(sortedA: a, sortedB: b)
    var mode = method
    if mode == .auto { mode = max(n1, n2) <= maxAutoN ? .exact : .asymptotic }
    let g = gcd(n1, n2)
    if mode == .exact && n1 / g >= Int(Int32.max) / (n2 / g) { mode = .asymptotic }
    if mode == .exact {
      let lcm = (n1 / g) * n2
      let h = Int((d * Double(lcm)).rounded(.toNearestOrEven))
      d = Double(h) / Double(lcm)
      if h == 0 { return KSResult(statistic: d, pValue: 1, method: .exact) }
      let p = n1 == n2 ? probOutsideSquare(n: n1, h: h) : probOutsideBand(n1, n2, g: g, h: h)
      if p.isFinite && p >= 0 && p <= 1 { return KSResult(statistic: d, pValue: p, method: .exact) }
      mode = .asymptotic
    }
    let big = Double(max(n1, n2)), small = Double(min(n1, n2))
    let en = Int((big * small / (big + small)).rounded(.toNearestOrEven))
    let p = KolmogorovDistribution.twoSidedSF(n: max(1, en), x: d)
    return KSResult(statistic: d, pValue: KolmogorovDistribution.clip(p), method: .asymptotic)
  }

  /// D = max over pooled points of |i/n₁ − j/n₂|, with i, j the counts ≤ the point.
  static func statistic(sortedA a: [Double], sortedB b: [Double]) -> Double {
    let n1 = Double(a.count), n2 = Double(b.count)
    var i = 0, j = 0, dmax = 0.0, dmin = 0.0
    while i < a.count || j < b.count {
      let x: Double
      if j >= b.count || (i < a.count && a[i] <= b[j]) { x = a[i] } else { x = b[j] }
      while i < a.count && a[i] <= x { i += 1 }
      while j < b.count && b[j] <= x { j += 1 }
      let diff = Double(i) / n1 - Double(j) / n2
      dmax = max(dmax, diff)
      dmin = min(dmin, diff)
    }
    return max(dmax, min(1, max(0, -dmin)))
  }

  static func gcd(_ a: Int, _ b: Int) -> Int {
    var (x, y) = (a, b)
    while y != 0 { (x, y) = (y, x % y) }
    return x
  }

  /// P(D_{n,n} ≥ h/n) = 2 Σ_k (−1)^{k+1} C(2n, n−kh)/C(2n, n), evaluated in nested (Horner) form.
  static func probOutsideSquare(n: Int, h: Int) -> Double {
    var p = 0.0
    var k = n / h
    while k >= 0 {
      var p1 = 1.0
      for j in 0..<h { p1 = Double(n - k * h - j) * p1 / Double(n + k * h + j + 1) }
      p = p1 * (1 - p)
      k -= 1
    }
    return 2 * p
  }

  /// The share of monotone lattice paths from (0,0) to (m,n) that leave the band |x/m − y/n| < h/lcm,
  /// computed column by column over a sliding window of normalised path counts (so no binomial
  /// coefficient is ever formed); returns P(D ≥ h/lcm).
  static func probOutsideBand(_ m0: Int, _ n0: Int, g: Int, h: Int) -> Double {
    let (m, n) = m0 >= n0 ? (m0, n0) : (n0, m0)
    let mg = m / g, ng = n / g
    func ceilDiv(_ a: Int, _ b: Int) -> Int { a >= 0 ? (a + b - 1) / b : -((-a) / b) }
    func floorDiv(_ a: Int, _ b: Int) -> Int { a >= 0 ? a / b : -((-a + b - 1) / b) }
    var minj = 0
    var maxj = min(ceilDiv(h, mg), n + 1)
    var curlen = maxj - minj
    let lenA = min(2 * maxj + 2, n + 1)
    var A = [Double](repeating: 1, count: max(lenA, 1))
    for j in minj..<min(maxj, A.count) { A[j] = 0 }
    for i in 1...m {
      let lastminj = minj, lastlen = curlen
      minj = min(max(floorDiv(ng * i - h, mg) + 1, 0), n)
      maxj = min(ceilDiv(ng * i + h, mg), n + 1)
      if maxj <= minj { return 1 }
      var val = minj == 0 ? 0.0 : 1.0
      for jj in 0..<(maxj - minj) {
        let j = jj + minj
        let src = jj + minj - lastminj
        guard src >= 0, src < A.count, jj < A.count else { return .nan }
        val = (A[src] * Double(i) + val * Double(j)) / Double(i + j)
        A[jj] = val
      }
      curlen = maxj - minj
      if lastlen > curlen {
        for t in (maxj - minj)..<(maxj - minj + lastlen - curlen) where t < A.count { A[t] = 1 }
      }
    }
    let last = maxj - minj - 1
    return last >= 0 && last < A.count ? A[last] : .nan
  }
}
