#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Small numeric helpers shared by the causal-forest files (normal distribution, safe means).
enum ForestMath {
  /// Standard normal density φ(x).
  @inline(__always)
  static func normalPDF(_ x: Double) -> Double { exp(-0.5 * x * x) * 0.398_942_280_401_432_7 }

  /// Standard normal distribution function Φ(x), via the complementary error function.
  @inline(__always)
  static func normalCDF(_ x: Double) -> Double { 0.5 * erfc(-x * 0.707_106_781_186_547_5) }

  /// Two-sided p-value of a z statistic.
  static func twoSidedP(_ z: Double) -> Double {
    guard z.isFinite else { return z.isNaN ? .nan : 0 }
    return erfc(abs(z) * 0.707_106_781_186_547_5)
  }

  /// Standard normal quantile Φ⁻¹(p) (Acklam's rational approximation refined by one Halley step;
  /// absolute error below 1e-12 on (0, 1)).
  static func normalQuantile(_ p: Double) -> Double {
    guard p > 0 && p < 1 else { return p <= 0 ? -.infinity : .infinity }
    let a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
             1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00]
    let b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
             6.680131188771972e+01, -1.328068155288572e+01]
    let c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
             -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00]
    let d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00]
    let pLow = 0.02425
    var x: Double
    if p < pLow {
      let q = (-2 * log(p)).squareRoot()
      x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
        / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
    } else if p <= 1 - pLow {
      let q = p - 0.5, r = q * q
      x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
        / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
    } else {
      let q = (-2 * log(1 - p)).squareRoot()
      x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
        / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
    }
    let e = normalCDF(x) - p
    let u = e * (2 * Double.pi).squareRoot() * exp(x * x / 2)
    x = x - u / (1 + x * u / 2)
    return x
  }

  /// z multiplier of a two-sided interval at `level` (0.95 → 1.959964).
  static func zFor(level: Double) -> Double { normalQuantile(0.5 + level / 2) }

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
