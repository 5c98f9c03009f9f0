import Frame

/// Regression coefficients with robust standard errors, as printed by the BLP and calibration test.
public struct RobustCoefficientTable: Sendable {
  public var names: [String]
  public var estimates: [Double]
  public var standardErrors: [Double]
  /// p-values (two-sided unless the producing tool says otherwise).
  public var pValues: [Double]
  public var level: Double
  /// How the SEs were computed, e.g. "HC3".
  public var method: String

  /// z statistics estimate / SE.
  public var zValues: [Double] { zip(estimates, standardErrors).map { $0 / $1 } }

  /// The table as a frame: term, estimate, se, z, p, lo, hi.
  public var frame: DataFrame {
    let z = ForestMath.zFor(level: level)
    let cols = [
      Column(name: "term", strings: names),
      Column(name: "estimate", floats: estimates),
      Column(name: "se", floats: standardErrors),
      Column(name: "z", floats: zValues),
      Column(name: "p", floats: pValues),
      Column(name: "lo", floats: zip(estimates, standardErrors).map { $0 - z * $1 }),
      Column(name: "hi", floats: zip(estimates, standardErrors).map { $0 + z * $1 }),
    ]
    return DataFrame.unchecked(columns: cols, rowCount: names.count)
  }
}
