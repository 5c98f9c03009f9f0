import Frame
import Stats

/// What a nuisance model predicts.
public enum NuisanceTask: String, Sendable {
  /// A 0/1 target: the model predicts P(target = 1 | x) (propensity scores, binary outcomes).
  case classification
  /// A numeric target: the model predicts E[target | x].
  case regression
}

/// A fitted nuisance model: predicts a probability or a conditional mean for every row of a design.
public protocol NuisanceModel: Sendable {
  /// Predictions for every row of `x` (same columns as the design it was fitted on).
  func predict(_ x: DesignMatrix) throws -> [Double]
}

/// A learner for nuisance functions — the propensity e(x) = P(T = 1 | x) and the outcome regressions
/// m_t(x) = E[Y | T = t, x] — that the causal estimators fit on training folds and evaluate on held-out ones.
///
/// Any model can serve as long as it fits on a design and predicts on another with the same columns;
/// the estimators never look inside. Learners are chosen by name with ``NuisanceLearners/named(_:parameters:)``.
public protocol NuisanceLearner: Sendable {
  /// The registry name ("logistic", "gbm", …) shown in reports.
  var name: String { get }
  /// Fits on all rows of `x` with target `y` and returns the fitted model.
  ///
  /// - Parameters:
  ///   - x: the training design (column-major, see `DesignMatrix`).
  ///   - y: the target, one value per row; 0/1 for `.classification`.
  ///   - task: classification (predict probabilities) or regression (predict means).
  ///   - rng: the random stream of this fit (derived per fold by the caller), for learners that sample.
  func fit(_ x: DesignMatrix, _ y: [Double], task: NuisanceTask, rng: SeededRNG) throws -> any NuisanceModel
  /// The design options this learner wants (dummies vs whole categorical codes, missing values kept or not).
  var designOptions: DesignOptions { get }
  /// A fitter for many fits on subsets of the rows of one design (cross-fitting). The default copies
  /// each subset and calls ``fit(_:_:task:rng:)``; learners with costly per-design work (binning the
  /// covariates) do it once through ``SharedDesign/derived(_:_:)`` and fit on row subsets in place.
  func rowFitter(for design: SharedDesign) throws -> any NuisanceRowFitter
  /// The name to report for a fit on `task`: the registry name by default; the generalized linear
  /// learner says "logistic" or "linear" according to the model it actually fits.
  func name(for task: NuisanceTask) -> String
}

extension NuisanceLearner {
  /// The registry name whatever the task.
  public func name(for task: NuisanceTask) -> String { name }
}

/// Fits a nuisance function on some rows of one design and predicts other rows of it.
public protocol NuisanceRowFitter: Sendable {
  /// Fits on the rows `train` with targets `y` (one per design row; only the `train` rows are read) and
  /// returns predictions for the rows `predict`, in that order.
  func fitPredict(train: [Int], y: [Double], predict: [Int], task: NuisanceTask, rng: SeededRNG) throws -> [Double]
}

/// A design that every fit of a cross-fitting run shares, with a store for work derived from it once
/// (e.g. its binned form) that several learners may reuse. Used from one thread while fitters are made.
public final class SharedDesign {
  public let x: DesignMatrix
  private var store: [String: Any] = [:]

  public init(_ x: DesignMatrix) { self.x = x }

  /// The value stored under `key`, made by `make` the first time.
  public func derived<T>(_ key: String, _ make: (DesignMatrix) throws -> T) rethrows -> T {
    if let v = store[key] as? T { return v }
    let v = try make(x)
    store[key] = v
    return v
  }
}

extension NuisanceLearner {
  public func rowFitter(for design: SharedDesign) throws -> any NuisanceRowFitter {
    SubsetRowFitter(x: design.x, learner: self)
  }
}

/// The default row fitter: copies the training and prediction rows out of the design.
struct SubsetRowFitter: NuisanceRowFitter {
  let x: DesignMatrix
  let learner: any NuisanceLearner
  func fitPredict(train: [Int], y: [Double], predict: [Int], task: NuisanceTask, rng: SeededRNG) throws -> [Double] {
    let model = try learner.fit(x.rowsSubset(train), train.map { y[$0] }, task: task, rng: rng)
    return try model.predict(x.rowsSubset(predict))
  }
}

/// Factory type stored in the nuisance learner registry: builds a learner from numeric parameters.
public typealias NuisanceLearnerFactory = @Sendable ([String: Double]) throws -> any NuisanceLearner

/// The registry of nuisance learners available by name to the causal estimators.
///
/// Built in: `"logistic"` / `"linear"` (the generalized linear model that suits the target: logistic
/// regression for a 0/1 target, least squares otherwise) and `"mean"` (the training mean, i.e. no
/// adjustment — useful to show what a wrong nuisance model does). Learn's models (`"forest"`, `"gbm"`)
/// are registered by `registerLearnModels()` in `LearnNuisance.swift`.
public enum NuisanceLearners {
  /// Names of every registered learner, sorted.
  public static var names: [String] {
    registry.keys.sorted()
  }

  /// The learner registered as `name`, built with `parameters` (e.g. `["rounds": 200, "leaves": 31]`).
  /// - Throws: ``CausalError/unknownLearner(_:known:suggestion:)`` with a did-you-mean hint, and
  ///   ``CausalError/invalidInput(_:)`` naming a parameter the learner does not take (a typo such as
  ///   `tress` must not be ignored silently).
  public static func named(_ name: String, parameters: [String: Double] = [:]) throws -> any NuisanceLearner {
    let key = name.lowercased()
    guard let entry = registry[key] else {
      let known = names
      throw CausalError.unknownLearner(name, known: known, suggestion: closestMatch(to: name, among: known))
    }
    for p in parameters.keys.sorted() where !entry.parameters.contains(p) {
      let hint = closestMatch(to: p, among: entry.parameters).map { " (did you mean '\($0)'?)" } ?? ""
      let list = entry.parameters.isEmpty ? "it takes none" : "it takes " + entry.parameters.joined(separator: ", ")
      throw CausalError.invalidInput("learner \"\(key)\" has no setting '\(p)'\(hint); \(list)")
    }
    return try entry.make(parameters)
  }

  /// The settings (`learner_options` keys) the learner `name` accepts; nil for an unknown learner.
  public static func parameterNames(of name: String) -> [String]? { registry[name.lowercased()]?.parameters }

  private static let registry: [String: (parameters: [String], make: NuisanceLearnerFactory)] = {
    var r: [String: (parameters: [String], make: NuisanceLearnerFactory)] = [
      "logistic": (["ridge"], { p in GLMLearner(name: "logistic", ridge: p["ridge"] ?? GLMLearner.defaultRidge) }),
      "linear": (["ridge"], { p in GLMLearner(name: "linear", ridge: p["ridge"] ?? GLMLearner.defaultRidge) }),
      "mean": ([], { _ in MeanLearner() }),
    ]
    for (k, v) in learnModelFactories { r[k] = v }
    return r
  }()
}
