import Stats

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Small numeric helpers shared by the causal-forest files (interval multiplier, safe means). The normal
/// distribution itself lives in Stats (`normalCDF`, `normalPDF`, `normalQuantile`, `normalTwoSidedP`).
enum ForestMath {
  /// z multiplier of a two-sided interval at `level` (0.95 → 1.959964).
  static func zFor(level: Double) -> Double { Stats.normalQuantile(0.5 + level / 2) }

  /// Sample standard deviation (n − 1); NaN for fewer than two values.
  static func sd(_ x: [Double]) -> Double {
    guard x.count > 1 else { return .nan }
    var m = 0.0
    for v in x { m += v }
    m /= Double(x.count)
    var s = 0.0
    for v in x { s += (v - m) * (v - m) }
    return (s / Double(x.count - 1)).squareRoot()
  }

  /// Mean of paired per-row differences and its standard error sd/√n (NaN SE for fewer than two values).
  static func meanAndSE(_ x: [Double]) -> (mean: Double, se: Double) {
    (mean(x), sd(x) / Double(x.count).squareRoot())
  }

  /// The rule every out-of-bag choice uses (the local linear λ, tuning, `rloss`'s reading): a paired
  /// improvement counts when it exceeds this many standard errors.
  static let gateZ = 2.0

  /// Arithmetic mean; NaN when empty.
  static func mean(_ x: [Double]) -> Double {
    guard !x.isEmpty else { return .nan }
    var s = 0.0
    for v in x { s += v }
    return s / Double(x.count)
  }
}
