/// What a design does with missing predictor values.
public enum MissingPolicy: String, Sendable, Codable, Equatable, CaseIterable {
  /// Throw an error naming each column with missing values and the count (default for linear models).
  case error
  /// Drop every row with a missing predictor (or outcome); the design remembers which rows it kept.
  case dropRows = "drop_rows"
  /// Pass missing values through as NaN (for tree models, which route missing values to a learned side).
  case keep
}

/// How text (categorical) predictors become numbers.
public enum CategoricalEncoding: String, Sendable, Codable, Equatable, CaseIterable {
  /// One 0/1 column per level except the reference level (the first in sorted order); for linear models.
  case dummies
  /// One column holding the level's position in the sorted level list (0, 1, 2, …); trees split on it
  /// as a whole categorical feature, never as a number.
  case codes
}

/// What transforming a new frame does with a text level that was not seen when the design was fitted.
public enum UnseenLevelPolicy: String, Sendable, Codable, Equatable, CaseIterable {
  /// Throw an error naming the column, the level and the known levels.
  case error
  /// Encode the row as all-zero dummies (`dummies`) or as a missing value (`codes`), and add a warning
  /// to the design matrix saying how many rows were affected.
  case ignore
}

/// How a binary outcome is read from a column.
public enum OutcomeKind: String, Sendable, Codable, Equatable {
  /// A numeric outcome (regression). Bool outcomes become 0/1; text is rejected.
  case continuous
  /// A two-valued outcome (classification), encoded 0/1. See ``BinaryLevels`` for which value is 1.
  case binary
}

/// Options that control how a ``DesignSpec`` turns a frame into a numeric matrix.
public struct DesignOptions: Sendable, Codable, Equatable {
  public var missing: MissingPolicy
  public var categorical: CategoricalEncoding
  public var unseenLevels: UnseenLevelPolicy
  /// Prepend a column of ones named `(Intercept)`.
  public var intercept: Bool
  /// Reject predictors that take a single value (they are collinear with the intercept). When false,
  /// constant predictors are kept and reported as a warning.
  public var rejectConstant: Bool

  /// Creates options; see the presets ``linear`` and ``tree``.
  public init(
    missing: MissingPolicy, categorical: CategoricalEncoding, unseenLevels: UnseenLevelPolicy,
    intercept: Bool, rejectConstant: Bool
  ) {
    self.missing = missing
    self.categorical = categorical
    self.unseenLevels = unseenLevels
    self.intercept = intercept
    self.rejectConstant = rejectConstant
  }

  /// Linear models: missing values are an error, dummies with a reference level, an intercept,
  /// constant columns rejected, unseen levels an error.
  public static let linear = DesignOptions(
    missing: .error, categorical: .dummies, unseenLevels: .error,
    intercept: true, rejectConstant: true)
  /// Tree models: missing values kept (routed by the tree), categorical columns kept whole as codes,
  /// no intercept, constant columns allowed with a warning, unseen levels treated as missing.
  public static let tree = DesignOptions(
    missing: .keep, categorical: .codes, unseenLevels: .ignore,
    intercept: false, rejectConstant: false)
}
