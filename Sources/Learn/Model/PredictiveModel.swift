import Frame

/// The kinds of model Learn fits; also the `kind` field of a saved model file.
public enum ModelKind: String, Sendable, Codable, CaseIterable {
  case logit, ols, tree, forest, gbm
}

/// Whether a model predicts a class probability or a number.
public enum ModelTask: String, Sendable, Codable {
  /// Binary classification: predictions are probabilities of the positive class.
  case classification
  /// Regression: predictions are numbers on the outcome's scale.
  case regression
}

/// A fitted model that predicts from frames.
///
/// Every model carries the ``DesignSpec`` it was fitted with, so predicting on a new frame applies
/// exactly the training preprocessing (levels, dummies, missing-value policy).
public protocol PredictiveModel: Reportable, Sendable {
  var kind: ModelKind { get }
  var task: ModelTask { get }
  /// The preprocessing recipe fitted with the model.
  var design: DesignSpec { get }
  /// Predictions for the rows of a design matrix made by ``design``: the positive-class probability for
  /// classifiers, the predicted value for regressors.
  func predict(design x: DesignMatrix) -> [Double]
}

extension PredictiveModel {
  /// One prediction per row of `frame`; rows the design dropped (missing values under `drop_rows`)
  /// get NaN.
  ///
  /// A text level not seen when the model was fitted is an error for every model kind
  /// (``DesignError/unseenLevel(column:level:known:)`` names the column, the level and the known levels):
  /// a linear model has no coefficient for it, and a tree model would silently send the row down the
  /// missing-value branch, a guess nobody asked for. Models agree, so swapping learners never changes
  /// whether a frame can be scored. (Saved tree models carry `unseenLevels: ignore` in their design; it is
  /// overridden here.)
  public func predict(_ frame: DataFrame) throws -> [Double] {
    var strict = design
    strict.options.unseenLevels = .error
    let x = try strict.transform(frame)
    let p = predict(design: x)
    if x.rows.count == frame.rowCount { return p }
    var out = [Double](repeating: .nan, count: frame.rowCount)
    for (k, r) in x.rows.enumerated() { out[r] = p[k] }
    return out
  }

  /// The default name of a prediction column: `prob_<outcome>` for classifiers, `pred_<outcome>` for
  /// regressors.
  public var predictionName: String {
    (task == .classification ? "prob_" : "pred_") + design.formula.outcome
  }

  /// `frame` with a prediction column added (or replaced).
  public func withPredictions(_ frame: DataFrame, name: String? = nil) throws -> DataFrame {
    var f = frame
    try f.set(Column(name: name ?? predictionName, floats: try predict(frame)))
    return f
  }

  /// The encoded outcome of `frame` (0/1 for classifiers; NaN where missing).
  public func outcome(_ frame: DataFrame) throws -> [Double] {
    try design.encodeOutcome(frame.column(design.formula.outcome))
  }
}
