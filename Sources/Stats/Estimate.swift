/// A point estimate with its standard error and confidence interval.
///
/// Every estimator in churn returns its numbers in this shape so that they print the same way
/// everywhere: `label: estimate (SE) [lo, hi]`. `method` names how the SE/CI were computed
/// (e.g. "influence function", "Wilson", "HC3") so a reader can check it.
public struct Estimate: Sendable, Equatable, Codable {
  public var label: String
  public var value: Double
  public var se: Double
  public var ciLow: Double
  public var ciHigh: Double
  /// Confidence level of the interval, e.g. 0.95.
  public var level: Double
  /// Two-sided p-value against zero, when meaningful.
  public var pValue: Double?
  /// Number of observations used.
  public var n: Int?
  /// How the SE and interval were obtained.
  public var method: String?

  public init(
    label: String, value: Double, se: Double, ciLow: Double, ciHigh: Double,
    level: Double = 0.95, pValue: Double? = nil, n: Int? = nil, method: String? = nil
  ) {
    self.label = label
    self.value = value
    self.se = se
    self.ciLow = ciLow
    self.ciHigh = ciHigh
    self.level = level
    self.pValue = pValue
    self.n = n
    self.method = method
  }
}
