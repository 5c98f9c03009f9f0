import Frame

/// Depth-weighted split-frequency importance (grf `variable_importance`).
public enum VariableImportance {
  /// Importance per feature from split counts `frequencies[depth][feature]` (depth 0 = root).
  ///
  /// Each depth's counts are turned into shares (divided by the number of splits at that depth, at
  /// least 1), weighted by `(depth + 1)^(−decay)` and averaged with weights normalised to sum to 1.
  /// The result sums to 1 when every depth has at least one split.
  public static func compute(frequencies: [[Int]], featureCount: Int, decayExponent: Double = 2) -> [Double] {
    var imp = [Double](repeating: 0, count: featureCount)
    var wsum = 0.0
    for (d, row) in frequencies.enumerated() {
      let w = pow1(Double(d + 1), -decayExponent)
      wsum += w
      let total = max(1, row.reduce(0, +))
      for f in 0..<min(featureCount, row.count) { imp[f] += w * Double(row[f]) / Double(total) }
    }
    guard wsum > 0 else { return imp }
    return imp.map { $0 / wsum }
  }

  /// A table of features and importances, sorted by importance (ties by name).
  public static func table(names: [String], importance: [Double]) -> DataFrame {
    let order = names.indices.sorted {
      importance[$0] > importance[$1] || (importance[$0] == importance[$1] && names[$0] < names[$1])
    }
    return DataFrame.unchecked(
      columns: [
        Column(name: "feature", strings: order.map { names[$0] }),
        Column(name: "importance", floats: order.map { importance[$0] }),
      ], rowCount: names.count)
  }

  private static func pow1(_ x: Double, _ e: Double) -> Double {
    #if canImport(Glibc)
      return Glibc.pow(x, e)
    #else
      return Darwin.pow(x, e)
    #endif
  }
}

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
