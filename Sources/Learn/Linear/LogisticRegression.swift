import Frame
import Stats

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Options of ``LogisticRegression``.
public struct LogisticRegressionOptions: Sendable, Codable, Equatable {
  /// L2 penalty λ ≥ 0 on the coefficients other than the intercept: the fit maximizes
  /// Σwᵢℓᵢ(β) − (λ/2)‖β‖². λ = 1/C relates it to scikit-learn's `C` (so `penalty: 1` ≈ sklearn's default).
  public var penalty: Double = 0
  /// Newton iterations allowed.
  public var maxIterations: Int = 50
  /// Convergence: stop when every Newton step is below `tolerance · (1 + |β|)`.
  public var tolerance: Double = 1e-10
  /// Missing predictor values: `error` (default) or `drop_rows`.
  public var missing: MissingPolicy = .error
  /// Optional column of non-negative sample (frequency) weights.
  public var weights: String? = nil
  /// Optional column of cluster labels: the covariance is then cluster-robust (CR1), with the scores
  /// wᵢ(yᵢ − pᵢ)xᵢ (statsmodels `Logit(...).fit(cov_type="cluster")`).
  public var cluster: String? = nil

  public init(
    penalty: Double = 0, maxIterations: Int = 50, tolerance: Double = 1e-10,
    missing: MissingPolicy = .error, weights: String? = nil
  ) {
    self.penalty = penalty
    self.maxIterations = maxIterations
    self.tolerance = tolerance
    self.missing = missing
    self.weights = weights
  }

  func validate() throws {
    try check("penalty", penalty, 0...1e12, "a number ≥ 0")
    try check("max_iterations", maxIterations, 1...10_000, "an integer in 1…10000")
    try check("tolerance", tolerance, 1e-16...1, "a number in (0, 1]")
    if missing == .keep {
      throw ModelError.invalidOption(
        name: "missing", value: "keep",
        expected: "error or drop_rows (logistic "
          + "regression cannot use missing values; tree models can)")
    }
  }
}

/// Binary logistic regression fitted by Newton–Raphson (equivalently IRLS).
///
/// Maximizes the (weighted) log-likelihood Σwᵢ[yᵢηᵢ − log(1 + e^ηᵢ)], η = Xβ, minus an optional L2
/// penalty (λ/2)‖β‖² that spares the intercept. Each step solves (XᵀVX + λĨ)δ = Xᵀw(y − p) − λβ̃ with
/// V = diag(wᵢpᵢ(1 − pᵢ)) by Cholesky, halving the step if the objective does not improve.
///
/// Inference (as statsmodels `Logit`): the covariance is the inverse of the (penalized) negative
/// Hessian at the estimate; Wald z statistics, normal p-values and 95% intervals. Weights are treated
/// as frequency weights. With a penalty the intervals are those of the penalized fit (approximate).
///
/// Problems are errors, not silent nonsense: a singular design names the collinear columns; perfect
/// or quasi-complete separation (fitted probabilities reaching 0 or 1 while coefficients keep growing)
/// names the diverging terms and suggests a penalty.
public struct LogisticRegression: PredictiveModel, Codable {
  public var kind: ModelKind { .logit }
  public var task: ModelTask { .classification }
  public let design: DesignSpec
  public let options: LogisticRegressionOptions
  /// Coefficients in design-column order.
  public let coefficients: [Double]
  /// Covariance of the coefficients: the inverse penalized negative Hessian, or the cluster-robust (CR1)
  /// sandwich around it when `options.cluster` is set.
  public let covariance: Matrix
  public let observations: Int
  public let logLikelihood: Double
  /// Log-likelihood of the intercept-only model.
  public let nullLogLikelihood: Double
  public let iterations: Int
  public let converged: Bool
  public let warnings: [String]
  /// Number of clusters of a cluster-robust covariance; nil otherwise.
  public let clusterCount: Int?

  /// McFadden's pseudo-R² = 1 − LL / LL_null.
  public var pseudoR2: Double { 1 - logLikelihood / nullLogLikelihood }

  /// Coefficient table rows (estimate, SE, z, p, 95% CI).
  public var table: [Coefficient] {
    coefficientRows(names: design.columnNames, beta: coefficients, covariance: covariance, df: nil)
  }

  /// Fits `formula` on `frame`.
  public static func fit(
    _ formula: Formula, on frame: DataFrame,
    options: LogisticRegressionOptions = LogisticRegressionOptions()
  ) throws -> LogisticRegression {
    try options.validate()
    var dopts = DesignOptions.linear
    dopts.missing = options.missing
    let spec = try DesignSpec.fit(formula, on: frame, outcome: .binary, options: dopts)
    let data = try spec.data(frame)
    let w = try weightVector(options.weights, frame: frame, rows: data.x.rows)
    let clusters = try clusterLabels(options.cluster, frame: frame, rows: data.x.rows)
    return try fit(spec: spec, x: data.x, y: data.y ?? [], weights: w, options: options, clusters: clusters)
  }

  /// Fits on an already-built design (`y` is 0/1).
  /// `clusters` (a group label per row) makes the covariance cluster-robust.
  public static func fit(
    spec: DesignSpec, x: DesignMatrix, y: [Double], weights: [Double]?,
    options: LogisticRegressionOptions, clusters: [Int]? = nil
  ) throws -> LogisticRegression {
    try options.validate()
    let n = x.rowCount, p = x.columnCount
    guard y.count == n else { throw ModelError.numerical("outcome length \(y.count) differs from \(n) rows") }
    guard n > p else {
      throw ModelError.tooFewRows(
        "logistic regression has \(p) coefficients but only \(n) rows; it needs more rows "
          + "than coefficients (use fewer terms)")
    }
    let w = weights ?? [Double](repeating: 1, count: n)
    let penalized = (0..<p).map { x.columnNames[$0] != DesignSpec.interceptName }
    let lambda = options.penalty
    let sumW = w.reduce(0, +)
    let ybar = zip(w, y).reduce(0) { $0 + $1.0 * $1.1 } / sumW
    let nullLL = sumW * (ybar > 0 && ybar < 1 ? ybar * log(ybar) + (1 - ybar) * log(1 - ybar) : 0)

    let ic = x.columnNames.firstIndex(of: DesignSpec.interceptName)
    let newton: LogisticNewton.Result
    do {
      newton = try LogisticNewton.fit(
        x: x, y: y, weights: w, lambda: lambda, penalized: penalized,
        maxIterations: options.maxIterations, tolerance: options.tolerance,
        interceptColumn: ic)
    } catch let e as LogisticNewton.SingularHessian {
      if e.iteration > 1,
        let sep = separationError(
          x: x, y: y, w: w, eta: e.eta, beta: e.beta, lastStep: e.lastStep,
          converged: false, lambda: lambda, force: true)
      {
        throw sep
      }
      throw singularError(x: x, w: w, h: e.hessian, names: x.columnNames)
    }
    let beta = newton.beta, eta = newton.eta, obj = newton.objective, converged = newton.converged
    let iterations = newton.iterations, lastStep = newton.lastStep
    // The covariance is the inverse Hessian at the estimate. After a converged step smaller than
    // `tolerance`, the Hessian of the step's starting point equals it to about that relative precision,
    // so it is reused; otherwise it is recomputed at the final coefficients.
    let hFinal: Matrix
    if converged, let h = newton.lastHessian, options.tolerance <= 1e-8 {
      hFinal = h
    } else {
      var v = [Double](repeating: 0, count: n), r = v
      hFinal = try LogisticNewton.hessianAndGradient(
        x: x, y: y, w: w, eta: eta, beta: beta, lambda: lambda,
        penalized: penalized, v: &v, r: &r
      ).0
    }
    if let sep = separationError(
      x: x, y: y, w: w, eta: eta, beta: beta, lastStep: lastStep, converged: converged,
      lambda: lambda, force: false)
    {
      throw sep
    }
    var cov: Matrix
    do { cov = try Cholesky(hFinal).inverse() } catch {
      throw singularError(x: x, w: w, h: hFinal, names: x.columnNames)
    }
    var clusterCount: Int? = nil
    if let clusters {
      var scores = [Double](repeating: 0, count: n * p)
      for i in 0..<n {
        let resid = w[i] * (y[i] - sigmoid(eta[i]))
        for j in 0..<p { scores[j * n + i] = resid * x.values[j * n + i] }
      }
      do {
        (cov, clusterCount) = try clusterRobustCovariance(bread: cov, scores: scores, rows: n, clusters: clusters)
      } catch let e as LinearAlgebraError {
        throw ModelError.invalidOption(name: "cluster", value: "\(e)", expected: "at least 2 clusters")
      }
    }
    var warnings = x.warnings + spec.warnings
    if !converged {
      warnings.append(
        "Newton iterations did not converge in \(options.maxIterations) steps; estimates may be "
          + "inaccurate (raise max_iterations or add a penalty)")
    }
    let ll = obj + 0.5 * lambda * (0..<p).reduce(0) { $0 + (penalized[$1] ? beta[$1] * beta[$1] : 0) }
    return LogisticRegression(
      design: spec, options: options, coefficients: beta, covariance: cov, observations: n,
      logLikelihood: ll, nullLogLikelihood: nullLL, iterations: iterations,
      converged: converged, warnings: warnings, clusterCount: clusterCount)
  }

  /// Predicted probabilities σ(Xβ).
  public func predict(design x: DesignMatrix) -> [Double] {
    DesignKernels.multiply(x: x.values, rows: x.rowCount, cols: x.columnCount, beta: coefficients).map(sigmoid)
  }

  // MARK: - Newton pieces

  private static func singularError(x: DesignMatrix, w: [Double], h: Matrix, names: [String]) -> ModelError {
    let ones = [Double](repeating: 0, count: x.rowCount)
    let (gram, _) = DesignKernels.weightedGram(x: x.values, rows: x.rowCount, cols: x.columnCount, v: w, r: ones)
    var cols = collinearColumns(gram)
    if cols.isEmpty { cols = collinearColumns(h) }
    if cols.isEmpty {
      return .numerical("the Hessian is not positive definite; the fit is numerically unstable (add a penalty)")
    }
    return .singularDesign(columns: cols.map { names[$0] })
  }

  /// A separation error when the fit shows it: some rows fitted with probability 0 or 1 while the fit did
  /// not converge or has huge coefficients (`force`: the Hessian already collapsed, so report it whenever
  /// the design itself is of full rank).
  private static func separationError(
    x: DesignMatrix, y: [Double], w: [Double], eta: [Double], beta: [Double],
    lastStep: [Double], converged: Bool, lambda: Double, force: Bool
  ) -> ModelError? {
    guard lambda == 0 else { return nil }
    if force {
      let zeros = [Double](repeating: 0, count: x.rowCount)
      let (gram, _) = DesignKernels.weightedGram(x: x.values, rows: x.rowCount, cols: x.columnCount, v: w, r: zeros)
      if !collinearColumns(gram).isEmpty { return nil }
    }
    var perfect = 0, active = 0
    for i in 0..<x.rowCount where w[i] > 0 {
      active += 1
      let pi = sigmoid(eta[i])
      if (y[i] == 1 && pi > 1 - 1e-8) || (y[i] == 0 && pi < 1e-8) { perfect += 1 }
    }
    let big = beta.contains { abs($0) > 15 }
    guard perfect > 0 && (!converged || big || force) else { return nil }
    let maxStep = lastStep.map(abs).max() ?? 0
    var diverging = (0..<beta.count).filter {
      x.columnNames[$0] != DesignSpec.interceptName
        && (abs(lastStep[$0]) >= 0.1 * maxStep && maxStep > 0 || abs(beta[$0]) > 15)
    }.map { x.columnNames[$0] }
    if diverging.isEmpty { diverging = ["(unknown)"] }
    let terms = diverging.prefix(6).map { "'\($0)'" }.joined(separator: ", ")
    if perfect == active {
      return ModelError.separation(
        "perfect separation: the predictors classify every row exactly, so the logistic coefficients are infinite "
          + "(diverging: \(terms)); remove those terms or add a penalty (e.g. `fit logit … penalty: 1`)")
    }
    return ModelError.separation(
      "quasi-complete separation: \(perfect) of \(active) rows are predicted with probability 0 or 1 and the "
        + "coefficients of \(terms) keep growing, so the maximum-likelihood estimates do not exist; remove or merge "
        + "those terms, or add a penalty (e.g. `fit logit … penalty: 1`)")
  }
}
