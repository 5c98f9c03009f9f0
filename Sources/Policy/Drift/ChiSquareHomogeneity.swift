import Stats

/// Pearson's χ² test of homogeneity of a categorical feature between a reference and a new sample.
///
/// The 2 × K table has one column per level seen in either sample (missing values form a level of
/// their own when present). Levels that appear only in the new data ("unseen") are kept: their
/// reference count is 0 and their expected count under homogeneity is positive, so a new level shows
/// up as a large contribution rather than being dropped. Statistic Σ (O − E)²/E with
/// E = row total × column total / grand total; df = K − 1; p from the χ²_{K−1} upper tail
/// (same as scipy.stats.chi2_contingency with correction=False).
public enum ChiSquareHomogeneity {
  /// The statistic, degrees of freedom and p-value; (0, 0, 1) with fewer than two levels.
  public static func test(reference: [Double], new: [Double]) -> (statistic: Double, df: Int, pValue: Double) {
    let tr = reference.reduce(0, +), tn = new.reduce(0, +)
    let total = tr + tn
    var stat = 0.0, k = 0
    for (r, n) in zip(reference, new) where r + n > 0 {
      k += 1
      let er = tr * (r + n) / total, en = tn * (r + n) / total
      if er > 0 { stat += (r - er) * (r - er) / er }
      if en > 0 { stat += (n - en) * (n - en) / en }
    }
    guard k >= 2, tr > 0, tn > 0 else { return (0, 0, 1) }
    return (stat, k - 1, chiSquaredSF(stat, df: Double(k - 1)))
  }
}
