import Stats
import Testing

/// Reference values: scipy 1.17.1, `scipy.stats.norm.cdf/ppf`, `t.cdf/ppf`, `chi2.cdf/sf/ppf`.
@Suite struct DistributionTests {
  func close(_ a: Double, _ b: Double, rel: Double = 1e-12) -> Bool {
    abs(a - b) <= rel * max(abs(b), 1e-300)
  }

  @Test func normal() {
    #expect(close(normalCDF(-3.5), 0.00023262907903552502))
    #expect(close(normalCDF(-1.2), 0.11506967022170822))
    #expect(close(normalCDF(0.3), 0.6179114221889526))
    #expect(close(normalCDF(2.0), 0.9772498680518208))
    #expect(close(normalQuantile(1e-10), -6.361340902404056))
    #expect(close(normalQuantile(0.025), -1.9599639845400545))
    #expect(close(normalQuantile(0.3), -0.5244005127080409))
    #expect(close(normalQuantile(0.975), 1.959963984540054))
    #expect(normalQuantile(0) == -.infinity && normalQuantile(1.5).isNaN)
  }

  @Test func studentT() {
    #expect(close(studentTCDF(2.1, df: 5), 0.9551233750577006, rel: 1e-10))
    #expect(close(studentTCDF(-0.7, df: 12.5), 0.24837458036267335, rel: 1e-10))
    #expect(close(studentTCDF(4.0, df: 100), 0.9999392381778496, rel: 1e-10))
    #expect(close(studentTQuantile(0.975, df: 5), 2.5705818356363146, rel: 1e-10))
    #expect(close(studentTQuantile(0.975, df: 30), 2.0422724563012378, rel: 1e-10))
    #expect(close(studentTQuantile(0.995, df: 2.5), 7.163728138948783, rel: 1e-10))
    #expect(close(studentTTwoSidedP(2.1, df: 5), 2 * (1 - 0.9551233750577006), rel: 1e-9))
  }

  @Test func chiSquare() {
    #expect(close(chiSquaredCDF(3.84, df: 1), 0.9499564787512949, rel: 1e-10))
    #expect(close(chiSquaredSF(3.84, df: 1), 0.05004352124870519, rel: 1e-10))
    #expect(close(chiSquaredSF(10, df: 4), 0.04042768199451279, rel: 1e-10))
    #expect(close(chiSquaredCDF(0.5, df: 7), 0.000553518609575035, rel: 1e-10))
    #expect(close(chiSquaredQuantile(0.95, df: 1), 3.841458820694124, rel: 1e-10))
    #expect(close(chiSquaredQuantile(0.5, df: 7), 6.345811195521515, rel: 1e-10))
  }
}
