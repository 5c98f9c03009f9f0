import Testing

@testable import Stats

/// Marsaglia–Tsang gamma and the Beta draws built on it: moments and a Kolmogorov–Smirnov distance
/// against the exact CDF (regularized incomplete gamma / beta functions).
@Suite struct GammaSamplingTests {
  /// Kolmogorov–Smirnov statistic of `xs` against `cdf`.
  func ks(_ xs: [Double], _ cdf: (Double) -> Double) -> Double {
    let s = xs.sorted()
    let n = Double(s.count)
    var d = 0.0
    for (i, x) in s.enumerated() {
      let f = cdf(x)
      d = max(d, abs(f - Double(i) / n), abs(Double(i + 1) / n - f))
    }
    return d
  }

  @Test(arguments: [0.3, 1.0, 2.5, 20.0])
  func gammaMomentsAndShape(shape: Double) {
    var r = SeededRNG(seed: 11)
    let n = 100_000
    let xs = (0..<n).map { _ in r.gamma(shape: shape) }
    let mean = xs.reduce(0, +) / Double(n)
    let v = xs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n - 1)
    // Mean and variance are both `shape`; the standard error of the mean is √(shape/n).
    #expect(abs(mean - shape) < 5 * (shape / Double(n)).squareRoot())
    #expect(abs(v / shape - 1) < 0.05)
    #expect(xs.allSatisfy { $0 > 0 })
    // KS critical value at 1% for n = 100,000 is 1.63/√n ≈ 0.0052.
    #expect(ks(Array(xs.prefix(20_000)), { regularizedGammaP(shape, $0) }) < 1.63 / (20_000.0).squareRoot())
  }

  @Test func betaMatchesItsCDF() {
    var r = SeededRNG(seed: 5)
    let (a, b) = (3.0, 7.0)
    let xs = (0..<20_000).map { _ in r.beta(a, b) }
    let mean = xs.reduce(0, +) / Double(xs.count)
    #expect(abs(mean - a / (a + b)) < 0.005)
    #expect(ks(xs, { regularizedIncompleteBeta($0, a, b) }) < 1.63 / (20_000.0).squareRoot())
  }

  @Test func invalidShapeIsNaNAndStreamsAreReproducible() {
    var r = SeededRNG(seed: 1)
    #expect(r.gamma(shape: 0).isNaN)
    #expect(r.gamma(shape: -1).isNaN)
    var a = SeededRNG(seed: 9), b = SeededRNG(seed: 9)
    for _ in 0..<100 { #expect(a.beta(0.7, 2) == b.beta(0.7, 2)) }
  }
}
