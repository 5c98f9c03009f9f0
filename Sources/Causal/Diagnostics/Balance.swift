import Frame
import Stats

/// Balance of one covariate between treated and control rows, before and after weighting.
public struct BalanceRow: Sendable, Equatable {
  public var covariate: String
  public var meanTreated: Double
  public var meanControl: Double
  /// Standardized mean difference before weighting.
  public var smdBefore: Double
  /// Weighted means after weighting.
  public var weightedMeanTreated: Double
  public var weightedMeanControl: Double
  public var smdAfter: Double
  /// Variance ratio treated/control before and after weighting.
  public var varianceRatioBefore: Double
  public var varianceRatioAfter: Double
}

/// A covariate balance table.
///
/// SMD = (x̄₁ − x̄₀) / √((s₁² + s₀²)/2), the pooled-SD definition, with s² the *unweighted* sample variances
/// (n − 1) of each arm in the denominator both before and after weighting, so that a change in the SMD is a
/// change in the means only (Austin & Stuart 2015, Stat. Med. 34:3661). After weighting the means are
/// Σwx/Σw and the variances Σw(x − x̄_w)²/(Σw − Σw²/Σw). |SMD| < 0.1 and a variance ratio within [0.5, 2]
/// are the usual marks of adequate balance. Missing covariate values are skipped for that covariate.
public struct BalanceTable: Sendable, Reportable {
  public var rows: [BalanceRow]
  /// How the "after" columns were weighted, e.g. "ATE inverse probability weights".
  public var weighting: String
  public var warnings: [String]
  /// A love plot (set by the language adapter), printed verbatim in the report.
  public var plot: String?

  /// Data for a love plot: covariate names and |SMD| before and after.
  public var lovePlotData: (covariates: [String], before: [Double], after: [Double]) {
    (rows.map(\.covariate), rows.map { abs($0.smdBefore) }, rows.map { abs($0.smdAfter) })
  }

  /// The table as a data frame (one row per covariate).
  public var frame: DataFrame {
    let cols: [Column] = [
      Column(name: "covariate", strings: rows.map(\.covariate)),
      Column(name: "mean treated", floats: rows.map(\.meanTreated)),
      Column(name: "mean control", floats: rows.map(\.meanControl)),
      Column(name: "smd before", floats: rows.map(\.smdBefore)),
      Column(name: "smd after", floats: rows.map(\.smdAfter)),
      Column(name: "var ratio before", floats: rows.map(\.varianceRatioBefore)),
      Column(name: "var ratio after", floats: rows.map(\.varianceRatioAfter)),
    ]
    return DataFrame.unchecked(columns: cols, rowCount: rows.count)
  }

  public var report: Report {
    var items: [Report.Item] = [
      .table(frame, title: nil),
      .fields([
        Report.Field("after", .string(weighting)),
        Report.Field("SMD", .string("(x̄₁ − x̄₀)/√((s₁² + s₀²)/2), unweighted SDs in the denominator")),
      ]),
    ]
    if let plot { items.append(.preformatted(plot)) }
    for w in warnings { items.append(.warning(w)) }
    return Report(title: "Covariate balance", items: items)
  }
}

/// Covariate balance diagnostics.
public enum Balance {
  /// Balance of every column of `x` between treated and control rows, before and after `weights`.
  ///
  /// - Parameters:
  ///   - weights: one non-negative weight per row (e.g. ``weights(propensity:treatment:target:)``); nil gives
  ///     the "after" columns equal to "before".
  ///   - weighting: a description of the weights for the report.
  public static func table(
    x: DesignMatrix, treatment: [Double], weights: [Double]?,
    weighting: String = "weights"
  ) throws -> BalanceTable {
    let n = x.rowCount
    guard treatment.count == n, weights.map({ $0.count == n }) ?? true else {
      throw CausalError.invalidInput("balance: covariates, treatment and weights must have the same number of rows")
    }
    try checkBinaryTreatment(treatment, name: "treatment")
    if let w = weights, let i = w.firstIndex(where: { !($0 >= 0) || !$0.isFinite }) {
      throw CausalError.invalidInput("balance: weight in row \(i + 1) is missing, negative or infinite")
    }
    var rows: [BalanceRow] = []
    for j in 0..<x.columnCount {
      let col = Array(x.column(j))
      switch x.featureKinds[j] {
      case .numeric:
        rows.append(row(name: x.columnNames[j], col, treatment, weights))
      case .categorical(let levels):
        for code in 0..<levels {
          let ind = col.map { $0.isNaN ? Double.nan : ($0 == Double(code) ? 1 : 0) }
          rows.append(row(name: "\(x.columnNames[j])=\(code)", ind, treatment, weights))
        }
      }
    }
    var warnings: [String] = []
    let bad = rows.filter { abs($0.smdAfter) > 0.1 }.map(\.covariate)
    if !bad.isEmpty {
      let shown = bad.prefix(8).joined(separator: ", ") + (bad.count > 8 ? ", …" : "")
      warnings.append(
        "\(bad.count) covariate\(bad.count == 1 ? "" : "s") with |SMD| > 0.1 \(weights == nil ? "" : "after weighting"): "
          + "\(shown); improve the propensity model (interactions, a flexible learner) or use a doubly robust estimator"
      )
    }
    return BalanceTable(rows: rows, weighting: weights == nil ? "no weights" : weighting, warnings: warnings, plot: nil)
  }

  /// Inverse probability weights for a target: treated h/e, controls h/(1 − e) with h = 1 (ATE), e (ATT),
  /// 1 − e (ATC) or e(1 − e) (overlap).
  public static func weights(propensity: [Double], treatment: [Double], target: EffectTarget) -> [Double] {
    let w = IPW.weights(e: propensity, target: target)
    return treatment.indices.map { treatment[$0] == 1 ? w.w1[$0] : w.w0[$0] }
  }

  private static func row(name: String, _ x: [Double], _ t: [Double], _ w: [Double]?) -> BalanceRow {
    let m1 = moments(x, t, 1, nil), m0 = moments(x, t, 0, nil)
    let pooled = ((m1.variance + m0.variance) / 2).squareRoot()
    func smd(_ a: Double, _ b: Double) -> Double { pooled > 0 ? (a - b) / pooled : (a == b ? 0 : .nan) }
    let w1 = w.map { moments(x, t, 1, $0) } ?? m1, w0 = w.map { moments(x, t, 0, $0) } ?? m0
    func ratio(_ a: Double, _ b: Double) -> Double { b > 0 ? a / b : (a == 0 ? 1 : .nan) }
    return BalanceRow(
      covariate: name, meanTreated: m1.mean, meanControl: m0.mean, smdBefore: smd(m1.mean, m0.mean),
      weightedMeanTreated: w1.mean, weightedMeanControl: w0.mean, smdAfter: smd(w1.mean, w0.mean),
      varianceRatioBefore: ratio(m1.variance, m0.variance),
      varianceRatioAfter: ratio(w1.variance, w0.variance))
  }

  /// Weighted mean and variance Σw(x − m)²/(Σw − Σw²/Σw) of x over rows with t == g (w = 1 when nil).
  private static func moments(_ x: [Double], _ t: [Double], _ g: Double, _ w: [Double]?) -> (
    mean: Double, variance: Double
  ) {
    var sw = 0.0, swx = 0.0, sw2 = 0.0
    for i in x.indices where t[i] == g && !x[i].isNaN {
      let wi = w?[i] ?? 1
      sw += wi
      swx += wi * x[i]
      sw2 += wi * wi
    }
    guard sw > 0 else { return (.nan, .nan) }
    let m = swx / sw
    var ss = 0.0
    for i in x.indices where t[i] == g && !x[i].isNaN { ss += (w?[i] ?? 1) * (x[i] - m) * (x[i] - m) }
    let denom = sw - sw2 / sw
    return (m, denom > 0 ? ss / denom : .nan)
  }
}
