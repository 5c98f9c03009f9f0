import Frame

/// A model kind with its options, before fitting.
public enum ModelSpec: Sendable, Codable, Equatable {
  case logit(LogisticRegressionOptions)
  case ols(LinearRegressionOptions)
  case tree(RandomForestOptions)
  case forest(RandomForestOptions)
  case gbm(GradientBoostingOptions)

  public var kind: ModelKind {
    switch self {
    case .logit: return .logit
    case .ols: return .ols
    case .tree: return .tree
    case .forest: return .forest
    case .gbm: return .gbm
    }
  }
}

/// Everything needed to fit a model again on other rows: formula, kind and options, task.
///
/// Cross-validation, out-of-fold predictions and cross-fitting (in Causal) refit one recipe per fold.
public struct ModelRecipe: Sendable, Codable, Equatable {
  public var formula: Formula
  public var spec: ModelSpec
  /// nil infers classification or regression from the outcome (tree models); logit is always
  /// classification, ols always regression.
  public var task: ModelTask?

  public init(formula: Formula, spec: ModelSpec, task: ModelTask? = nil) {
    self.formula = formula
    self.spec = spec
    self.task = task
  }

  /// The task this recipe fits on `frame`.
  public func resolvedTask(on frame: DataFrame) throws -> ModelTask {
    switch spec {
    case .logit: return .classification
    case .ols: return .regression
    default: return try task ?? ModelTask.infer(from: frame.column(formula.outcome))
    }
  }

  /// Fits the recipe on `frame` (`validation` is used by boosting for early stopping).
  public func fit(on frame: DataFrame, validation: DataFrame? = nil) throws -> any PredictiveModel {
    switch spec {
    case .logit(let o): return try LogisticRegression.fit(formula, on: frame, options: o)
    case .ols(let o): return try LinearRegression.fit(formula, on: frame, options: o)
    case .tree(let o): return try RandomForest.fitTree(formula, on: frame, task: task, options: o)
    case .forest(let o): return try RandomForest.fit(formula, on: frame, task: task, options: o)
    case .gbm(let o):
      return try GradientBoosting.fit(formula, on: frame, validation: validation, task: task, options: o)
    }
  }
}
