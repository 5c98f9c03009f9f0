/// Gamma and Beta draws from the project's seeded generator.
///
/// Gamma(shape k, scale 1) uses Marsaglia & Tsang (2000), "A simple method for generating gamma
/// variables", ACM TOMS 26(3): for k ≥ 1, d = k − 1/3, c = 1/√(9d); draw x ~ N(0, 1), v = (1 + c·x)³,
/// accept d·v when v > 0 and log U < x²/2 + d − d·v + d·log v (with the cheap squeeze
/// U < 1 − 0.0331·x⁴ first). For k < 1 the draw is boosted: Gamma(k) = Gamma(k + 1) · U^(1/k).
/// Beta(a, b) = X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b).
extension SeededRNG {
  /// A Gamma(shape, 1) draw; `shape` must be positive and finite (a non-positive shape returns NaN).
  public mutating func gamma(shape: Double) -> Double {
    guard shape > 0, shape.isFinite else { return .nan }
    if shape < 1 {
      let g = gamma(shape: shape + 1)
      var u = uniform()
      while u == 0 { u = uniform() }
      return g * _exp(_log(u) / shape)
    }
    let d = shape - 1.0 / 3.0
    let c = 1.0 / (9.0 * d).squareRoot()
    while true {
      var x: Double, v: Double
      repeat {
        x = normal()
        v = 1 + c * x
      } while v <= 0
      v = v * v * v
      let u = uniform()
      let x2 = x * x
      if u < 1 - 0.0331 * x2 * x2 { return d * v }
      if u > 0 && _log(u) < 0.5 * x2 + d * (1 - v + _log(v)) { return d * v }
    }
  }

  /// A Beta(a, b) draw (a, b > 0), as X / (X + Y) with independent Gamma draws.
  public mutating func beta(_ a: Double, _ b: Double) -> Double {
    let x = gamma(shape: a)
    let y = gamma(shape: b)
    let s = x + y
    return s > 0 ? x / s : 0.5
  }
}

#if canImport(Glibc)
  import Glibc
  @inline(__always) func _exp(_ x: Double) -> Double { Glibc.exp(x) }
#elseif canImport(Darwin)
  import Darwin
  @inline(__always) func _exp(_ x: Double) -> Double { Darwin.exp(x) }
#endif
