import Frame
import Stats

/// Options of ``LinearRegression``.
public struct LinearRegressionOptions: Sendable, Codable, Equatable {
  /// Covariance estimator for the standard errors (see ``CovarianceType``).
  public var covariance: CovarianceType = .classical
  /// Missing predictor values: `error` (default) or `drop_rows`.
  public var missing: MissingPolicy = .error
  /// Optional column of non-negative weights (weighted least squares).
  public var weights: String? = nil
  /// Optional column of cluster labels: the coefficient table then uses cluster-robust (CR1) standard errors
  /// (see ``LeastSquaresFit/clusterCovariance(clusters:)``) instead of `covariance`.
  public var cluster: String? = nil

  public init(
    covariance: CovarianceType = .classical, missing: MissingPolicy = .error, weights: String? = nil,
    cluster: String? = nil
  ) {
    self.covariance = covariance
    self.missing = missing
    self.weights = weights
    self.cluster = cluster
  }
}

/// Ordinary (or weighted) least squares with classical or heteroskedasticity-robust standard errors.
///
/// Solved by Householder QR of W^½X. Standard errors: classical σ̂²(XᵀWX)⁻¹ with t inference on n − p
/// degrees of freedom, or the sandwich estimators HC0–HC3 with normal inference — the conventions of
/// statsmodels `OLS/WLS(...).fit(cov_type=...)`. All four robust covariances are available afterwards
/// through ``covariance(_:)``.
public struct LinearRegression: PredictiveModel, Codable {
  public var kind: ModelKind { .ols }
  public var task: ModelTask { .regression }
  public let design: DesignSpec
  public let coefficients: [Double]
  /// Covariance type used by ``table`` and the summary.
  public let covarianceType: CovarianceType
  /// Covariance matrices by type (classical and HC0–HC3), computed at fit time.
  public let covariances: [String: Matrix]
  public let observations: Int
  public let dfResidual: Int
  public let rSquared: Double
  public let adjustedRSquared: Double
  public let residualStandardError: Double
  public let warnings: [String]
  /// Number of clusters when the table uses cluster-robust (CR1) standard errors; nil otherwise.
  public let clusterCount: Int?

  /// The covariance the table uses: the cluster-robust one when clustered, else `covarianceType`'s.
  public var reportedCovariance: Matrix {
    clusterCount == nil ? covariance(covarianceType) : (covariances["cluster"] ?? covariance(covarianceType))
  }

  /// The reference distribution of the table's statistics: "t" for classical SEs, "z" for robust ones.
  public var statisticName: String { covarianceType == .classical && clusterCount == nil ? "t" : "z" }

  /// The coefficient covariance of the given type.
  public func covariance(_ type: CovarianceType) -> Matrix {
    covariances[type.rawValue] ?? Matrix(rows: coefficients.count, cols: coefficients.count, repeating: .nan)
  }

  /// Coefficient rows (estimate, SE, t or z, p, 95% CI) for the chosen covariance type.
  public var table: [Coefficient] {
    coefficientRows(
      names: design.columnNames, beta: coefficients, covariance: reportedCovariance,
      df: statisticName == "t" ? Double(dfResidual) : nil)
  }

  /// Fits `formula` on `frame` (the outcome must be numeric or bool).
  public static func fit(
    _ formula: Formula, on frame: DataFrame,
    options: LinearRegressionOptions = LinearRegressionOptions()
  ) throws -> LinearRegression {
    if options.missing == .keep {
      throw ModelError.invalidOption(name: "missing", value: "keep", expected: "error or drop_rows")
    }
    var dopts = DesignOptions.linear
    dopts.missing = options.missing
    let spec = try DesignSpec.fit(formula, on: frame, outcome: .continuous, options: dopts)
    let data = try spec.data(frame)
    let w = try weightVector(options.weights, frame: frame, rows: data.x.rows)
    let clusters = try clusterLabels(options.cluster, frame: frame, rows: data.x.rows)
    return try fit(
      spec: spec, x: data.x, y: data.y ?? [], weights: w, covariance: options.covariance,
      clusters: clusters)
  }

  /// Fits on an already-built design.
  /// `clusters` (a group label per row) adds the cluster-robust covariance, which the table then uses.
  public static func fit(
    spec: DesignSpec, x: DesignMatrix, y: [Double], weights: [Double]?,
    covariance: CovarianceType = .classical, clusters: [Int]? = nil
  ) throws -> LinearRegression {
    let n = x.rowCount, p = x.columnCount
    guard n > p else {
      throw ModelError.tooFewRows(
        "linear regression has \(p) coefficients but only \(n) rows; it needs more rows "
          + "than coefficients")
    }
    let fit: LeastSquaresFit
    do {
      fit = try weightedLeastSquares(x: x.values, rows: n, cols: p, y: y, weights: weights)
    } catch LinearAlgebraError.rankDeficient(let cols) {
      throw ModelError.singularDesign(columns: cols.map { x.columnNames[$0] })
    }
    var covs: [String: Matrix] = [:]
    for t in CovarianceType.allCases { covs[t.rawValue] = fit.covariance(t) }
    var clusterCount: Int? = nil
    if let clusters {
      do {
        let (v, g) = try fit.clusterCovariance(clusters: clusters)
        covs["cluster"] = v
        clusterCount = g
      } catch let e as LinearAlgebraError {
        throw ModelError.invalidOption(name: "cluster", value: "\(e)", expected: "at least 2 clusters")
      }
    }
    let w = fit.weights
    let sw = w.reduce(0, +)
    let hasIntercept = x.columnNames.contains(DesignSpec.interceptName)
    let ybar = hasIntercept ? zip(w, y).reduce(0) { $0 + $1.0 * $1.1 } / sw : 0
    var tss = 0.0
    for i in 0..<n { tss += w[i] * (y[i] - ybar) * (y[i] - ybar) }
    let r2 = 1 - fit.weightedSSR / tss
    let dfModel = Double(p - (hasIntercept ? 1 : 0))
    let adj = 1 - (1 - r2) * Double(n - (hasIntercept ? 1 : 0)) / (Double(n) - dfModel - (hasIntercept ? 1 : 0))
    var warnings = x.warnings + spec.warnings
    if fit.leverage.contains(where: { $0 > 1 - 1e-10 }) && covariance.rawValue.hasPrefix("HC") {
      warnings.append("some rows have leverage 1; HC2/HC3 standard errors are undefined for them")
    }
    return LinearRegression(
      design: spec, coefficients: fit.coefficients, covarianceType: covariance, covariances: covs,
      observations: n, dfResidual: fit.dfResidual, rSquared: r2, adjustedRSquared: adj,
      residualStandardError: fit.sigma2.squareRoot(), warnings: warnings,
      clusterCount: clusterCount)
  }

  /// Predicted values Xβ.
  public func predict(design x: DesignMatrix) -> [Double] {
    DesignKernels.multiply(x: x.values, rows: x.rowCount, cols: x.columnCount, beta: coefficients)
  }
}
