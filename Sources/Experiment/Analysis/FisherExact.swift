import Foundation
import Stats

/// Fisher's exact test for a 2×2 table [[a, b], [c, d]] (rows: arms; columns: success, failure).
///
/// Conditioning on both margins, the count `a` is hypergeometric. The two-sided p-value sums the probabilities
/// of every table whose probability is at most that of the observed one — the "minimum likelihood" definition of
/// scipy.stats.fisher_exact and R's fisher.test — with a relative tolerance of 1e-7 (R's) so that tables tied with
/// the observed one in exact arithmetic are not lost to rounding. Probabilities come from log-gamma, so any
/// table size works (the loop runs over the support, at most min(row, column margin) + 1 tables).
public enum FisherExact {
  /// The two-sided p-value and the sample odds ratio ad/(bc) (infinite when b or c is 0, as scipy reports it).
  public static func test(a: Int, b: Int, c: Int, d: Int) -> (pValue: Double, oddsRatio: Double) {
    let r1 = a + b, r2 = c + d, c1 = a + c, n = r1 + r2
    let odds = b > 0 && c > 0 ? Double(a) * Double(d) / (Double(b) * Double(c)) : .infinity
    guard n > 0, r1 > 0, r2 > 0, c1 > 0, c1 < n else { return (1, odds) }
    let lo = max(0, c1 - r2), hi = min(r1, c1)
    // log P(X = x) = log C(r1, x) + log C(r2, c1 − x) − log C(n, c1)
    let base = logChoose(n, c1)
    func logPMF(_ x: Int) -> Double { logChoose(r1, x) + logChoose(r2, c1 - x) - base }
    let observed = logPMF(a)
    let cut = observed + log1p(1e-7)
    var p = 0.0
    for x in lo...hi {
      let lp = logPMF(x)
      if lp <= cut { p += exp(lp) }
    }
    return (min(1, p), odds)
  }

  /// log of the binomial coefficient C(n, k).
  static func logChoose(_ n: Int, _ k: Int) -> Double {
    lgamma(Double(n) + 1) - lgamma(Double(k) + 1) - lgamma(Double(n - k) + 1)
  }
}
