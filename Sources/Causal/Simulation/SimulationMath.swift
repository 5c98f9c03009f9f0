import Stats

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Small numeric and sampling helpers shared by the simulators.
///
/// Every draw takes the caller's `SeededRNG` by `inout`, so a simulator's output is a pure
/// function of its seed.
enum SimulationMath {
  /// The logistic function 1 / (1 + e^−z), evaluated without overflow for large |z|.
  @inline(__always)
  static func logistic(_ z: Double) -> Double { sigmoid(z) }

  /// Natural logarithm.
  @inline(__always)
  static func ln(_ x: Double) -> Double { log(x) }

  /// e^x.
  @inline(__always)
  static func expo(_ x: Double) -> Double { exp(x) }

  /// Sine (used by the Nie & Wager setups).
  @inline(__always)
  static func sine(_ x: Double) -> Double { sin(x) }

  /// Cosine.
  @inline(__always)
  static func cosine(_ x: Double) -> Double { cos(x) }

  /// Rounds to the nearest multiple of `step` (e.g. 0.05 for prices, 0.01 for cents).
  @inline(__always)
  static func roundTo(_ x: Double, step: Double) -> Double { (x / step).rounded() * step }

  /// Rounds to `digits` decimals so that the shortest printed form is the decimal one
  /// (e.g. 29.85, not 29.850000000000001).
  @inline(__always)
  static func roundDecimals(_ x: Double, _ digits: Int) -> Double {
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    return (x * scale).rounded() / scale
  }

  /// Softmax probabilities of `logits` (numerically stable).
  static func softmax(_ logits: [Double]) -> [Double] {
    let m = logits.max() ?? 0
    var p = logits.map { exp($0 - m) }
    let s = p.reduce(0, +)
    for i in p.indices { p[i] /= s }
    return p
  }

  /// Index drawn from the categorical distribution `softmax(logits)` with one uniform.
  static func drawCategory(logits: [Double], rng: inout SeededRNG) -> Int {
    drawCategory(probabilities: softmax(logits), u: rng.uniform())
  }

  /// Index `k` with cumulative probability first exceeding `u` (the last index if rounding leaves
  /// a gap).
  static func drawCategory(probabilities p: [Double], u: Double) -> Int {
    var acc = 0.0
    for (k, pk) in p.enumerated() {
      acc += pk
      if u < acc { return k }
    }
    return p.count - 1
  }

  /// A geometric count on 1...limit, truncated: P(k) ∝ p(1 − p)^(k−1), drawn by inverting the CDF.
  static func truncatedGeometric(p: Double, limit: Int, u: Double) -> Int {
    let q = 1 - p
    let tail = 1 - pow(q, Double(limit))
    let k = 1 + Int((log(1 - u * tail) / log(q)).rounded(.down))
    return min(max(k, 1), limit)
  }

  /// A count on 1...limit with P(k) ∝ k (a linear ramp), drawn by inverting the CDF k(k+1)/2.
  static func rampCount(limit: Int, u: Double) -> Int {
    let total = Double(limit * (limit + 1) / 2)
    let k = Int((((1 + 8 * u * total).squareRoot() - 1) / 2).rounded(.up))
    return min(max(k, 1), limit)
  }

  /// Mean of `x` (NaN when empty), optionally over the rows where `mask` is true.
  static func mean(_ x: [Double], where mask: [Bool]? = nil) -> Double {
    var s = 0.0, k = 0
    for i in x.indices where mask?[i] ?? true {
      s += x[i]
      k += 1
    }
    return k == 0 ? .nan : s / Double(k)
  }

  /// Pearson correlation over the pairs where both values are present (NaN = missing).
  static func pearson(_ x: [Double], _ y: [Double]) -> Double {
    var n = 0.0, sx = 0.0, sy = 0.0
    for i in x.indices where !x[i].isNaN && !y[i].isNaN {
      n += 1
      sx += x[i]
      sy += y[i]
    }
    guard n > 1 else { return .nan }
    let mx = sx / n, my = sy / n
    var sxy = 0.0, sxx = 0.0, syy = 0.0
    for i in x.indices where !x[i].isNaN && !y[i].isNaN {
      let dx = x[i] - mx, dy = y[i] - my
      sxy += dx * dy
      sxx += dx * dx
      syy += dy * dy
    }
    return sxx > 0 && syy > 0 ? sxy / (sxx * syy).squareRoot() : .nan
  }
}
