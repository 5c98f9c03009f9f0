import Foundation
import Stats

/// Tail probabilities of the one-sample Kolmogorov–Smirnov statistics, used for the two-sample
/// test's asymptotic p-value (as scipy does: the two-sided Kolmogorov distribution at
/// n = round(n₁n₂/(n₁+n₂))).
///
/// The method choice follows Simard & L'Ecuyer (2011), "Computing the two-sided Kolmogorov–Smirnov
/// distribution", J. Stat. Software 39(11), with scipy 1.17's thresholds (`scipy.stats._ksstats`):
/// Ruben–Gambino closed forms near the ends, the Durbin matrix algorithm as organised by Marsaglia,
/// Tsang & Wang (2003), the Pelz–Good (1976) asymptotic series, and twice the one-sided Smirnov tail
/// (exact for x ≥ 0.5, Miller's approximation elsewhere). Where scipy uses Pomeranz's recursion
/// (n ≤ 140, 0.754693 < n x² ≤ 4) this code uses the Durbin matrix, which is also exact.
enum KolmogorovDistribution {
  /// P(D_n ≥ x) for the two-sided one-sample statistic D_n.
  static func twoSidedSF(n: Int, x: Double) -> Double {
    guard n > 0, !x.isNaN else { return .nan }
    if x >= 1 { return 0 }
    if x <= 0 { return 1 }
    let nd = Double(n)
    let t = nd * x
    if t <= 1 {
      if t <= 0.5 { return 1 }
      let p: Double
      if n <= 140 {
        var q = 1.0
        for i in 1...n { q *= Double(i) * (1.0 / nd) * (2 * t - 1) }
        p = q
      } else {
        p = exp(logFactorialOverPower(n) + nd * log(2 * t - 1))
      }
      return clip(1 - p)
    }
    if t >= nd - 1 { return clip(2 * pow(1 - x, nd)) }
    if x >= 0.5 { return clip(2 * smirnovSF(n: n, x: x)) }
    let nx2 = t * x
    if n <= 140 {
      if nx2 <= 4 { return clip(1 - durbinCDF(n: n, d: x)) }
      return clip(2 * smirnovSF(n: n, x: x))
    }
    if nx2 >= 370 { return 0 }
    if nx2 >= 2.2 { return clip(2 * smirnovSF(n: n, x: x)) }
    let cdf: Double
    if n <= 100_000 && nd * pow(x, 1.5) <= 1.4 {
      cdf = durbinCDF(n: n, d: x)
    } else {
      cdf = pelzGoodCDF(n: n, x: x)
    }
    return clip(1 - cdf)
  }

  /// log(n!/nⁿ) (exact through lgamma; used only for n > 140).
  static func logFactorialOverPower(_ n: Int) -> Double {
    logGamma(Double(n) + 1) - Double(n) * log(Double(n))
  }

  static func clip(_ p: Double) -> Double { min(1, max(0, p)) }

  /// One-sided Smirnov tail P(D⁺_n ≥ x) by the Birnbaum–Tingey (1951) sum
  /// x Σ_{j=0}^{⌊n(1−x)⌋} C(n,j) (1−x−j/n)^{n−j} (x+j/n)^{j−1}; every term is positive, so the sum is
  /// computed term by term in log space without cancellation.
  static func smirnovSF(n: Int, x: Double) -> Double {
    if x <= 0 { return 1 }
    if x >= 1 { return 0 }
    let nd = Double(n)
    let jmax = Int((nd * (1 - x) + 1e-12).rounded(.down))
    let lgN = logGamma(nd + 1)
    var s = 0.0
    var j = 0
    while j <= jmax {
      let jd = Double(j)
      let a = 1 - x - jd / nd
      if a > 0 {
        let lt = lgN - logGamma(jd + 1) - logGamma(nd - jd + 1) + (nd - jd) * log(a) + (jd - 1) * log(x + jd / nd)
        s += exp(lt)
      }
      j += 1
    }
    return x * s
  }

  /// P(D_n ≤ d) by Durbin's matrix method (Marsaglia, Tsang & Wang 2003): the k-th diagonal entry of
  /// Hⁿ times n!/nⁿ, with H of size 2k−1, k = ⌈nd⌉, computed by repeated squaring with 2¹²⁸ rescaling.
  static func durbinCDF(n: Int, d: Double) -> Double {
    if d >= 1 { return 1 }
    let nd = Double(n) * d
    if nd <= 0.5 { return 0 }
    let k = Int(nd.rounded(.up))
    let h = Double(k) - nd
    let m = 2 * k - 1
    var v = [Double](repeating: 0, count: m)
    var w = [Double](repeating: 0, count: m)
    var fac = 1.0
    for j in 1...m {
      w[j - 1] = fac
      fac /= Double(j)
      v[j - 1] = (1 - pow(h, Double(j))) * fac
    }
    let tt = pow(max(2 * h - 1, 0), Double(m)) - 2 * pow(h, Double(m))
    v[m - 1] = (1 + tt) * fac
    var H = [Double](repeating: 0, count: m * m)
    for i in 1..<max(m, 1) {
      for r in (i - 1)..<m { H[r * m + i] = w[r - (i - 1)] }
    }
    for r in 0..<m { H[r * m] = v[r] }
    for c in 0..<m { H[(m - 1) * m + c] = v[m - 1 - c] }
    var P = [Double](repeating: 0, count: m * m)
    for i in 0..<m { P[i * m + i] = 1 }
    let big = 0x1p128, small = 0x1p-128
    var nn = n, expnt = 0, hExpnt = 0
    while nn > 0 {
      if nn % 2 == 1 {
        P = multiply(P, H, m)
        expnt += hExpnt
      }
      H = multiply(H, H, m)
      hExpnt *= 2
      if abs(H[(k - 1) * m + (k - 1)]) > big {
        for i in H.indices { H[i] /= big }
        hExpnt += 128
      }
      nn /= 2
    }
    var p = P[(k - 1) * m + (k - 1)]
    let nD = Double(n)
    for i in 1...n {
      p = Double(i) * p / nD
      if abs(p) < small {
        p *= big
        expnt -= 128
      }
    }
    return clip(scalbn(p, expnt))
  }

  private static func multiply(_ a: [Double], _ b: [Double], _ m: Int) -> [Double] {
    var c = [Double](repeating: 0, count: m * m)
    for i in 0..<m {
      for l in 0..<m {
        let ail = a[i * m + l]
        if ail == 0 { continue }
        for j in 0..<m { c[i * m + j] += ail * b[l * m + j] }
      }
    }
    return c
  }

  /// Pelz & Good (1976) approximation of P(D_n ≤ x): the Li-Chien/Korolyuk expansion
  /// K₀(z) + K₁(z)/√n + K₂(z)/n + K₃(z)/n^{3/2}, z = x√n, rewritten through Jacobi theta identities.
  static func pelzGoodCDF(n: Int, x: Double) -> Double {
    if x <= 0 { return 0 }
    if x >= 1 { return 1 }
    let nd = Double(n)
    let z = nd.squareRoot() * x
    let z2 = z * z, z3 = z2 * z, z4 = z2 * z2, z6 = z4 * z2
    let pi2 = Double.pi * Double.pi, pi4 = pi2 * pi2, pi6 = pi4 * pi2
    let qlog = -pi2 / 8 / z2
    if qlog < -708 { return 0 }
    var q = exp(qlog)
    let k1a = -z2, k1b = pi2 / 4
    let k2a = 6 * z6 + 2 * z4, k2b = (2 * z4 - 5 * z2) * pi2 / 4, k2c = pi4 * (1 - 2 * z2) / 16
    let k3d = pi6 * (5 - 30 * z2) / 64, k3c = pi4 * (-60 * z2 + 212 * z4) / 16
    let k3b = pi2 * (135 * z4 - 96 * z6) / 4, k3a = -30 * z6 - 90 * z4 * z4
    var K = [0.0, 0.0, 0.0, 0.0]
    let maxk = Int((16 * z / Double.pi).rounded(.up))
    var k = maxk
    while k >= 1 {
      let m = Double(2 * k - 1), m2 = m * m
      let qp = pow(q, Double(8 * k))
      let c = [
        1.0, k1a + k1b * m2, k2a + k2b * m2 + k2c * m2 * m2,
        k3a + k3b * m2 + k3c * m2 * m2 + k3d * m2 * m2 * m2,
      ]
      for i in 0..<4 { K[i] = K[i] * qp + c[i] }
      k -= 1
    }
    let s2p = (2 * Double.pi).squareRoot()
    let den = [z, 6 * z4, 72 * z6 * z, 6480 * z6 * z4]
    for i in 0..<4 { K[i] = K[i] * q * s2p / den[i] }
    q = exp(-pi2 / 2 / z2)
    var e2 = 0.0, e3 = 0.0
    let s3z = 3.0.squareRoot() * z
    k = maxk
    while k >= 1 {
      let kd = Double(k)
      let qk = pow(q, kd * kd)
      e2 += kd * kd * qk
      e3 += (s3z + Double.pi * kd) * (s3z - Double.pi * kd) * kd * kd * qk
      k -= 1
    }
    K[2] += e2 * pi2 * s2p / (-36 * z3)
    K[3] += e3 * pi2 * s2p / (216 * z6)
    var sum = 0.0
    for i in 0..<4 { sum += K[i] / pow(nd, Double(i) / 2) }
    return sum
  }
}
