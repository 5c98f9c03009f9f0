import Frame
import Learn
import Stats

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Generalized linear nuisance learner: logistic regression for a 0/1 target, least squares otherwise.
///
/// Features are centred and scaled on the training rows (constant columns are dropped for that fit);
/// categorical code columns are expanded into dummies with the first level as reference. Logistic
/// regression is fitted by Newton–Raphson / IRLS with step halving — Learn's ``LogisticNewton``, the solver of
/// `fit logit`; a tiny ridge penalty `ridge·n·‖β‖²/2` on the standardized slopes (not the intercept) keeps the
/// Hessian invertible under separation. With separation the fitted probabilities approach 0 or 1, which
/// the estimators then report when they clip propensities. Missing feature values are an error.
public struct GLMLearner: NuisanceLearner {
  /// Default ridge factor (relative to n): negligible for well-posed problems.
  public static let defaultRidge = 1e-8
  public let name: String
  /// Ridge factor λ; the penalty is λ·n·‖β‖²/2 on standardized slopes.
  public var ridge: Double
  /// Newton iterations at most.
  public var maxIterations = 50

  /// Creates the learner; `name` is only a label ("logistic" or "linear").
  public init(name: String = "logistic", ridge: Double = GLMLearner.defaultRidge) {
    self.name = name
    self.ridge = ridge
  }

  public var designOptions: DesignOptions {
    DesignOptions(
      missing: .error, categorical: .dummies, unseenLevels: .ignore, intercept: false,
      rejectConstant: false)
  }

  /// "logistic" for a 0/1 target, "linear" (least squares) for a numeric one: the model fitted.
  public func name(for task: NuisanceTask) -> String { task == .classification ? "logistic" : "linear" }

  public func fit(_ x: DesignMatrix, _ y: [Double], task: NuisanceTask, rng: SeededRNG) throws -> any NuisanceModel {
    guard y.count == x.rowCount, x.rowCount > 0 else {
      throw CausalError.invalidInput("\(name): target has \(y.count) values but the design has \(x.rowCount) rows")
    }
    let map = try GLMFeatureMap(fitting: x)
    let cols = map.columns(x)
    let n = x.rowCount
    var beta: [Double]
    switch task {
    case .regression:
      beta = try leastSquares(cols, y, n: n)
    case .classification:
      beta = try logistic(cols, y, n: n)
    }
    return GLMModel(map: map, beta: beta, logistic: task == .classification)
  }

  private func leastSquares(_ cols: RegressorColumns, _ y: [Double], n: Int) throws -> [Double] {
    var a = cols.crossProduct()
    let k = cols.k
    for j in 1..<max(k, 1) { a[j * k + j] += ridge * Double(n) }
    guard let b = SmallLinearAlgebra.solveSPD(a, cols.crossVector(y), k: k) else {
      throw CausalError.degenerate("\(name): the least-squares system is singular (collinear features)")
    }
    return b
  }

  /// Logistic fit by Learn's shared Newton solver (``LogisticNewton``) on the standardized regressors, with the
  /// ridge λ·n on the slopes.
  private func logistic(_ cols: RegressorColumns, _ y: [Double], n: Int) throws -> [Double] {
    let x = DesignMatrix(columns: cols.columns, names: cols.names)
    let penalized = (0..<cols.k).map { $0 > 0 }
    do {
      return try LogisticNewton.fit(
        x: x, y: y, weights: [Double](repeating: 1, count: n), lambda: ridge * Double(n),
        penalized: penalized, maxIterations: maxIterations, tolerance: 1e-10,
        interceptColumn: 0
      ).beta
    } catch is LogisticNewton.SingularHessian {
      throw CausalError.degenerate("\(name): the logistic Hessian is singular (collinear features)")
    } catch let e as ModelError {
      throw CausalError.degenerate("\(name): \(e)")
    }
  }
}

/// A fitted generalized linear nuisance model.
struct GLMModel: NuisanceModel {
  let map: GLMFeatureMap
  let beta: [Double]
  let logistic: Bool

  func predict(_ x: DesignMatrix) throws -> [Double] {
    let cols = map.columns(x)
    var eta = cols.times(beta)
    if logistic { for i in eta.indices { eta[i] = sigmoid(eta[i]) } }
    return eta
  }
}

/// How a GLM turns design columns into standardized regressors: kept columns, centres, scales and the
/// dummy expansion of categorical code columns, all learned on the training rows.
struct GLMFeatureMap: Sendable {
  enum Source: Sendable {
    case numeric(Int)
    case level(column: Int, code: Double)
  }
  var sources: [Source] = []
  var names: [String] = []
  var centre: [Double] = []
  var scale: [Double] = []

  init(fitting x: DesignMatrix) throws {
    let n = x.rowCount
    for j in 0..<x.columnCount {
      let col = x.column(j)
      if col.contains(where: { $0.isNaN }) {
        let c = col.reduce(0) { $0 + ($1.isNaN ? 1 : 0) }
        throw CausalError.missingValues(column: x.columnNames[j], role: "covariate", count: c)
      }
      switch x.featureKinds[j] {
      case .numeric:
        add(.numeric(j), name: x.columnNames[j], values: col, n: n)
      case .categorical(let levels):
        for code in 1..<max(levels, 1) {
          add(
            .level(column: j, code: Double(code)), name: "\(x.columnNames[j])=\(code)",
            values: col.map { $0 == Double(code) ? 1 : 0 }, n: n)
        }
      }
    }
  }

  private mutating func add<C: Collection>(_ s: Source, name: String, values: C, n: Int) where C.Element == Double {
    var m = 0.0
    for v in values { m += v }
    m /= Double(max(n, 1))
    var ss = 0.0
    for v in values { ss += (v - m) * (v - m) }
    let sd = (ss / Double(max(n, 1))).squareRoot()
    guard sd > 1e-12 * max(1, abs(m)) else { return }  // constant in these rows: no information
    sources.append(s)
    names.append(name)
    centre.append(m)
    scale.append(sd)
  }

  /// Intercept followed by the standardized regressors for the rows of `x`.
  func columns(_ x: DesignMatrix) -> RegressorColumns {
    let n = x.rowCount
    var cols: [[Double]] = [[Double](repeating: 1, count: n)]
    cols.reserveCapacity(sources.count + 1)
    for (s, src) in sources.enumerated() {
      let c = centre[s], sc = scale[s]
      var out = [Double](repeating: 0, count: n)
      switch src {
      case .numeric(let j):
        let base = j * n
        x.values.withUnsafeBufferPointer { v in for i in 0..<n { out[i] = (v[base + i] - c) / sc } }
      case .level(let j, let code):
        let base = j * n
        x.values.withUnsafeBufferPointer { v in for i in 0..<n { out[i] = ((v[base + i] == code ? 1 : 0) - c) / sc } }
      }
      cols.append(out)
    }
    return RegressorColumns(n: n, columns: cols, names: ["(Intercept)"] + names)
  }
}

/// Nuisance learner that ignores the covariates: predicts the training mean of the target.
///
/// As a propensity model it gives the treated share; as an outcome model the arm mean. AIPW with a
/// `mean` outcome model and a correct propensity model is still consistent (double robustness), which
/// makes it a good teaching device.
public struct MeanLearner: NuisanceLearner {
  public let name = "mean"
  /// Creates the learner.
  public init() {}
  public var designOptions: DesignOptions { .tree }
  public func fit(_ x: DesignMatrix, _ y: [Double], task: NuisanceTask, rng: SeededRNG) throws -> any NuisanceModel {
    guard !y.isEmpty else { throw CausalError.invalidInput("mean learner: no training rows") }
    return ConstantModel(value: y.reduce(0, +) / Double(y.count))
  }
}

/// A model that predicts one constant.
struct ConstantModel: NuisanceModel {
  let value: Double
  func predict(_ x: DesignMatrix) throws -> [Double] { [Double](repeating: value, count: x.rowCount) }
}
