import Frame

/// Power as a function of the sample size (fixed effect) or of the effect (fixed sample size), as data for a
/// table and a line plot.
public struct PowerCurve: Sendable, Reportable {
  public var family: PowerFamily
  /// "n" (x is units in the control arm) or "effect" (x is the standardized effect h or d).
  public var along: String
  public var x: [Double]
  public var power: [Double]
  /// The fixed quantity: the effect size (along n) or the n per arm (along the effect).
  public var fixed: Double
  public var settings: PowerSettings

  /// The curve as a two-column frame.
  public var frame: DataFrame {
    let xName = along == "n" ? "n_per_arm" : (family == .proportions ? "cohen_h" : "cohen_d")
    return DataFrame.unchecked(
      columns: [Column(name: xName, floats: x), Column(name: "power", floats: power)],
      rowCount: x.count)
  }

  public var report: Report {
    Report(title: "Power curve (\(family.rawValue))", items: [.table(frame, title: nil)])
  }

  /// Power at `points` evenly spaced values of n from `range` (effect fixed at `effectSize`).
  public static func overN(
    _ family: PowerFamily, effectSize: Double, range: ClosedRange<Double>, points: Int = 40,
    settings: PowerSettings = PowerSettings()
  ) throws -> PowerCurve {
    try settings.validate(context: "power curve")
    guard effectSize != 0, effectSize.isFinite else { throw Power.zeroEffect("power curve") }
    let minimum = family == .means ? max(2.0, 2 / (1 + settings.ratio) + 1e-9) : 1
    let lo = max(range.lowerBound, minimum)
    guard range.upperBound > lo, points >= 2, points <= 10_000 else {
      throw ExperimentError.invalidInput("power curve: needs an n range above \(minimum) and 2 to 10000 points")
    }
    let xs = grid(lo, range.upperBound, points)
    return PowerCurve(
      family: family, along: "n", x: xs,
      power: xs.map { Power.power(family, effectSize: effectSize, n1: $0, settings: settings) },
      fixed: effectSize, settings: settings)
  }

  /// Power at `points` evenly spaced standardized effects from `range` (n per arm fixed).
  public static func overEffect(
    _ family: PowerFamily, n: Double, range: ClosedRange<Double>, points: Int = 40,
    settings: PowerSettings = PowerSettings()
  ) throws -> PowerCurve {
    try settings.validate(context: "power curve")
    try Power.checkN(n, family: family, ratio: settings.ratio, context: "power curve")
    guard range.upperBound > range.lowerBound, points >= 2, points <= 10_000 else {
      throw ExperimentError.invalidInput(
        "power curve: needs an effect range with two distinct ends and 2 to 10000 points")
    }
    let xs = grid(range.lowerBound, range.upperBound, points)
    return PowerCurve(
      family: family, along: "effect", x: xs,
      power: xs.map { Power.power(family, effectSize: $0, n1: n, settings: settings) },
      fixed: n, settings: settings)
  }

  static func grid(_ lo: Double, _ hi: Double, _ k: Int) -> [Double] {
    (0..<k).map { lo + (hi - lo) * Double($0) / Double(k - 1) }
  }
}
