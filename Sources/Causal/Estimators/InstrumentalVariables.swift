import Frame
import Stats

/// How the 2SLS standard error is computed.
public enum IVStandardError: String, Sendable, CaseIterable {
  /// Heteroskedasticity-robust HC1: (Ŵ'Ŵ)⁻¹ Σ uᵢ² ŵᵢŵᵢ' (Ŵ'Ŵ)⁻¹ · n/(n − k) (White 1980; MacKinnon & White 1985).
  case robust
  /// Homoskedastic: σ̂²(Ŵ'Ŵ)⁻¹ with σ̂² = Σuᵢ²/(n − k) (what statsmodels' IV2SLS reports).
  case classical
}

/// An instrumental-variable estimate with its first-stage diagnostics.
public struct IVEstimate: Sendable, Reportable {
  /// The coefficient of the treatment: under the IV assumptions (relevance, exclusion, independence) and
  /// monotonicity, the local average treatment effect of compliers (Imbens & Angrist 1994).
  public var estimate: Estimate
  /// "Wald" or "2SLS".
  public var method: String
  /// Names of the excluded instrument columns (after dummy expansion).
  public var instruments: [String]
  /// Partial F statistic of the excluded instruments in the first stage (homoskedastic form).
  public var firstStageF: Double
  /// Its numerator degrees of freedom (number of instrument columns) and denominator degrees of freedom.
  public var firstStageDF: (Int, Int)
  /// Share of the treatment variance left after the covariates that the instruments explain.
  public var partialR2: Double
  public var warnings: [String]
  /// Extra lines for the report (outcome, treatment, covariates).
  public var details: [Report.Field]

  public var report: Report {
    var fields: [Report.Field] =
      details + [
        Report.Field("method", .string(method)),
        Report.Field("instruments", .string(instruments.joined(separator: ", "))),
        Report.Field("first-stage F", .float(firstStageF)),
        Report.Field("first-stage df", .string("\(firstStageDF.0), \(firstStageDF.1)")),
        Report.Field("partial R²", .float(partialR2)),
      ]
    if let m = estimate.method { fields.append(Report.Field("SE", .string(m))) }
    var items: [Report.Item] = [
      .estimate(estimate), .fields(fields),
      .text(
        "the IV estimate is the effect for compliers (units whose treatment the instrument "
          + "moves); negative means the treatment lowers the outcome"),
    ]
    for w in warnings { items.append(.warning(w)) }
    return Report(title: "Instrumental variables (\(method))", items: items)
  }
}

/// Instrumental-variable estimators: the Wald ratio and two-stage least squares.
///
/// 2SLS (Theil 1953; Angrist & Pischke 2009, ch. 4): with exogenous regressors X (plus an intercept),
/// treatment T and excluded instruments Z, the first stage regresses T on [1, X, Z]; the second regresses
/// Y on [1, X, T̂]. β̂ = (Ŵ'Ŵ)⁻¹Ŵ'Y with Ŵ = P_[1,X,Z] [1, X, T]; residuals uᵢ = Yᵢ − Wᵢβ̂ use the observed T.
/// Relevance is checked by the first-stage partial F = ((RSS_r − RSS_u)/q)/(RSS_u/(n − k_u)) of the q
/// instrument columns; F < 10 triggers the weak-instrument warning (Staiger & Stock 1997; Stock & Yogo 2005).
public enum InstrumentalVariables {
  /// Two-stage least squares.
  ///
  /// - Parameters:
  ///   - y: outcome; t: treatment (any numeric, typically 0/1).
  ///   - instruments: excluded instruments (categorical code columns become dummies).
  ///   - covariates: exogenous controls included in both stages (nil = intercept only).
  ///   - se: robust (HC1, default) or classical.
  /// - Throws: ``CausalError/irrelevantInstrument(_:)`` when the instruments do not move the treatment at all.
  public static func twoStageLeastSquares(
    y: [Double], t: [Double], instruments: DesignMatrix,
    covariates: DesignMatrix? = nil, se: IVStandardError = .robust,
    level: Double = 0.95, method: String = "2SLS"
  ) throws -> IVEstimate {
    try checkLevel(level)
    let n = y.count
    guard t.count == n, instruments.rowCount == n, covariates.map({ $0.rowCount == n }) ?? true else {
      throw CausalError.invalidInput(
        "IV: outcome, treatment, instruments and covariates must have the same number of rows")
    }
    try checkOutcome(y, name: "outcome")
    let tMissing = t.reduce(0) { $0 + ($1.isNaN ? 1 : 0) }
    if tMissing > 0 { throw CausalError.missingValues(column: "treatment", role: "treatment", count: tMissing) }
    let zMap = try GLMFeatureMap(fitting: instruments)
    let zCols = Array(zMap.columns(instruments).columns.dropFirst())
    guard !zCols.isEmpty else {
      throw CausalError.irrelevantInstrument(
        "the instrument \(instruments.columnNames.joined(separator: ", ")) is constant, "
          + "so it cannot move the treatment; choose a variable that varies")
    }
    var xCols: [[Double]] = [[Double](repeating: 1, count: n)]
    var xNames = ["(Intercept)"]
    if let covariates {
      let c = try GLMFeatureMap(fitting: covariates).columns(covariates)
      xCols += c.columns.dropFirst()
      xNames += c.names.dropFirst()
    }
    let q = zCols.count
    guard n > xCols.count + q + 1 else {
      throw CausalError.degenerate("IV: \(n) rows are too few for \(xCols.count + q) first-stage columns")
    }
    // First stage: restricted (T on X) and unrestricted (T on X, Z).
    let restricted = RegressorColumns(n: n, columns: xCols, names: xNames)
    let unrestricted = RegressorColumns(n: n, columns: xCols + zCols, names: xNames + zMap.names)
    let (_, rssR) = try ols(restricted, t, what: "first stage without the instruments")
    let (tHat, rssU) = try ols(unrestricted, t, what: "first stage")
    let dfDen = n - unrestricted.k
    let gain = rssR - rssU
    if !(gain > 1e-12 * max(rssR, 1e-300)) {
      throw CausalError.irrelevantInstrument(
        "the instrument \(instruments.columnNames.joined(separator: ", ")) is uncorrelated with the treatment once the "
          + "covariates are accounted for (first-stage F = 0), so it carries no information about the effect; an instrument "
          + "must shift who is treated")
    }
    let f = (gain / Double(q)) / (rssU / Double(dfDen))
    let partialR2 = gain / rssR
    // Second stage on Ŵ = [X, T̂].
    let wHat = RegressorColumns(n: n, columns: xCols + [tHat], names: xNames + ["(treatment)"])
    let w = RegressorColumns(n: n, columns: xCols + [t], names: xNames + ["(treatment)"])
    let k = wHat.k
    guard let bread = SmallLinearAlgebra.inverse(wHat.crossProduct(), k: k) else {
      throw CausalError.degenerate(
        "IV: the second-stage design is singular (the fitted treatment is collinear with the covariates)")
    }
    let beta = SmallLinearAlgebra.multiply(bread, wHat.crossVector(y), k: k)
    let fitted = w.times(beta)
    let u = (0..<n).map { y[$0] - fitted[$0] }
    var variance: Double
    let j = k - 1
    switch se {
    case .classical:
      let s2 = u.reduce(0) { $0 + $1 * $1 } / Double(n - k)
      variance = s2 * bread[j * k + j]
    case .robust:
      let meat = wHat.crossProduct(weights: u.map { $0 * $0 })
      // (bread · meat · bread)[j, j] = rowⱼ(bread) · meat · colⱼ(bread)
      let r = (0..<k).map { bread[j * k + $0] }
      var v = 0.0
      for a in 0..<k { for b in 0..<k { v += r[a] * meat[a * k + b] * r[b] } }
      variance = v * Double(n) / Double(n - k)
    }
    let est = normalEstimate(
      label: "LATE", value: beta[j], se: variance.squareRoot(), n: n, level: level,
      method: se == .robust ? "HC1 sandwich" : "classical (homoskedastic)")
    var warnings: [String] = []
    if f < 10 {
      warnings.append(
        "weak instrument: first-stage F = \(short(f)) < 10 (Staiger & Stock 1997), so the 2SLS estimate is "
          + "biased towards OLS and its interval is unreliable; find a stronger instrument or report "
          + "weak-instrument-robust (Anderson–Rubin) inference")
    }
    return IVEstimate(
      estimate: est, method: method, instruments: zMap.names, firstStageF: f, firstStageDF: (q, dfDen),
      partialR2: partialR2, warnings: warnings,
      details: [Report.Field("covariates", .int(xCols.count - 1))])
  }

  /// The Wald estimator for a binary instrument without covariates:
  /// τ̂ = (Ȳ_{Z=1} − Ȳ_{Z=0}) / (T̄_{Z=1} − T̄_{Z=0}) (Wald 1940), identical to 2SLS with Z as the only
  /// instrument; the SE is the 2SLS one.
  public static func wald(
    y: [Double], t: [Double], z: [Double], se: IVStandardError = .robust,
    level: Double = 0.95
  ) throws -> IVEstimate {
    guard isZeroOne(z) else {
      throw CausalError.invalidInput(
        "the Wald estimator needs a binary (0/1) instrument; use 2SLS for other instruments")
    }
    let zm = DesignMatrix(columns: [z], names: ["instrument"])
    return try twoStageLeastSquares(y: y, t: t, instruments: zm, covariates: nil, se: se, level: level, method: "Wald")
  }

  /// Least-squares fit: fitted values and residual sum of squares.
  static func ols(_ x: RegressorColumns, _ y: [Double], what: String) throws -> ([Double], Double) {
    guard let beta = SmallLinearAlgebra.solveSPD(x.crossProduct(), x.crossVector(y), k: x.k) else {
      throw CausalError.degenerate("IV: the \(what) regression is singular (collinear columns)")
    }
    let f = x.times(beta)
    var rss = 0.0
    for i in 0..<y.count { rss += (y[i] - f[i]) * (y[i] - f[i]) }
    return (f, rss)
  }
}
