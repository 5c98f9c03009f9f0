import Frame

/// The naive difference in means split into the effect on the treated plus selection bias, computed from
/// potential outcomes that only a simulation reveals.
///
/// With observed outcome Y = T·Y(1) + (1 − T)·Y(0), the difference in means is an identity in the sample
/// (Angrist & Pischke 2009, §2.1; Cunningham, *Causal Inference: The Mixtape*, §4.1):
///
///     ȳ₁ − ȳ₀ = mean(Y(1) − Y(0) | T = 1)  +  [mean(Y(0) | T = 1) − mean(Y(0) | T = 0)]
///               effect on the treated (ATT)     selection bias: how the arms differ without treatment
///
/// Both terms use the untreated outcome Y(0) of the treated rows, which real data never shows; the
/// decomposition is exact (up to rounding) because it only adds and subtracts mean(Y(0) | T = 1).
public struct SelectionBiasDecomposition: Sendable, Reportable {
  /// Rows in each arm.
  public var treated: Int
  public var control: Int
  /// ȳ₁ − ȳ₀, the naive difference in means.
  public var naive: Double
  /// mean(Y(1) − Y(0) | T = 1) in the sample.
  public var effectOnTreated: Double
  /// mean(Y(0) | T = 1) − mean(Y(0) | T = 0).
  public var selectionBias: Double
  /// mean(Y(0)) among treated and among control rows.
  public var untreatedMeanTreated: Double
  public var untreatedMeanControl: Double
  /// Column names for the report.
  public var outcomeName: String
  public var untreatedName: String

  /// Splits the naive difference of `y` between `t == 1` and `t == 0` rows.
  ///
  /// - Parameters:
  ///   - y: the observed outcome.
  ///   - t: treatment, 0 or 1.
  ///   - y0: the untreated potential outcome of every row (for control rows it must equal `y`).
  /// - Throws: ``CausalError/invalidInput(_:)`` on different lengths, a treatment other than 0/1, an arm with
  ///   no rows, missing values, or control rows whose `y0` differs from the observed outcome (then `y0` is
  ///   not the untreated outcome of this data).
  public static func compute(
    y: [Double], t: [Double], y0: [Double], outcomeName: String = "outcome",
    untreatedName: String = "y0"
  ) throws -> SelectionBiasDecomposition {
    guard y.count == t.count, y.count == y0.count else {
      throw CausalError.invalidInput(
        "outcome (\(y.count)), treatment (\(t.count)) and \(untreatedName) (\(y0.count)) differ in length")
    }
    var s1 = 0.0, s0 = 0.0, u1 = 0.0, u0 = 0.0, n1 = 0, n0 = 0
    for i in y.indices {
      guard y[i].isFinite, y0[i].isFinite else {
        throw CausalError.invalidInput("row \(i + 1) has a missing outcome or \(untreatedName); drop such rows first")
      }
      switch t[i] {
      case 1:
        s1 += y[i]
        u1 += y0[i]
        n1 += 1
      case 0:
        guard y0[i] == y[i] else {
          throw CausalError.invalidInput(
            "control row \(i + 1) has \(outcomeName) \(y[i]) but \(untreatedName) \(y0[i]); "
              + "\(untreatedName) must be the outcome without treatment (the simulator's y0)")
        }
        s0 += y[i]
        u0 += y0[i]
        n0 += 1
      default:
        throw CausalError.invalidInput("treatment must be 0 or 1, got \(t[i]) in row \(i + 1)")
      }
    }
    guard n1 > 0, n0 > 0 else {
      throw CausalError.invalidInput("both arms need rows (treated \(n1), control \(n0))")
    }
    let m1 = s1 / Double(n1), m0 = s0 / Double(n0), y01 = u1 / Double(n1), y00 = u0 / Double(n0)
    return SelectionBiasDecomposition(
      treated: n1, control: n0, naive: m1 - m0, effectOnTreated: m1 - y01,
      selectionBias: y01 - y00, untreatedMeanTreated: y01, untreatedMeanControl: y00,
      outcomeName: outcomeName, untreatedName: untreatedName)
  }

  /// The split as a report: the untreated outcome by arm, then naive = effect on the treated + selection bias.
  public var report: Report {
    let byArm = DataFrame.unchecked(
      columns: [
        Column(name: "arm", strings: ["treated", "control"]),
        Column(name: "rows", ints: [treated, control]),
        Column(name: "mean \(untreatedName)", floats: [untreatedMeanTreated, untreatedMeanControl]),
      ], rowCount: 2)
    return Report(
      title: "Naive difference = effect on the treated + selection bias",
      items: [
        .table(byArm, title: "untreated outcome \(untreatedName) by arm (seen only in a simulation)"),
        .fields([
          Report.Field("naive difference", .float(naive)),
          Report.Field("effect on the treated", .float(effectOnTreated)),
          Report.Field("selection bias", .float(selectionBias)),
        ]),
        .text(
          "naive = mean(\(outcomeName) | treated) − mean(\(outcomeName) | control) "
            + "= mean(y1 − y0 | treated) + [mean(\(untreatedName) | treated) − mean(\(untreatedName) | control)]"),
      ])
  }
}
