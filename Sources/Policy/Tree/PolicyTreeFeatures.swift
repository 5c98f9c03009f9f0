import Frame

/// One numeric feature of a policy tree, derived from a frame column.
public enum PolicyTreeFeature: Sendable, Equatable {
  /// A numeric column used as is (splits read "name <= t").
  case numeric(column: String)
  /// A 0/1 indicator of one level of a text column (splits read "column is level" / "is not").
  case level(column: String, level: String)

  /// The column the feature is read from.
  public var column: String {
    switch self {
    case .numeric(let c), .level(let c, _): return c
    }
  }

  /// Display name ("tenure", "Contract = Month-to-month").
  public var name: String {
    switch self {
    case .numeric(let c): return c
    case .level(let c, let l): return "\(c) = \(l)"
    }
  }
}

/// Turns frame columns into the numeric feature matrix a policy tree splits on: numeric columns as they
/// are (bools 0/1), text columns as one 0/1 indicator per level (levels sorted). Missing values are
/// refused: a tree must send every customer somewhere.
public enum PolicyTreeFeatures {
  /// The features of `columns` (levels taken from `frame`).
  public static func features(of frame: DataFrame, columns: [String]) throws -> [PolicyTreeFeature] {
    guard !columns.isEmpty else {
      throw PolicyEvaluationError.invalidOption("a policy tree needs at least one covariate")
    }
    var out: [PolicyTreeFeature] = []
    for name in columns {
      guard let col = frame[name] else {
        throw PolicyEvaluationError.invalidOption(
          "unknown column '\(name)'" + (frame.suggest(name).map { " (did you mean '\($0)'?)" } ?? ""))
      }
      if case .string(let codes, let levels) = col.storage {
        var used = Set<String>()
        for i in 0..<codes.count where !col.isMissing(i) { used.insert(levels[Int(codes[i])]) }
        out += used.sorted().map { .level(column: name, level: $0) }
      } else {
        out.append(.numeric(column: name))
      }
    }
    return out
  }

  /// Column-major values (one array per feature) of `features` on `frame`.
  public static func matrix(_ frame: DataFrame, features: [PolicyTreeFeature]) throws -> [[Double]] {
    try features.map { f in
      guard let col = frame[f.column] else {
        throw PolicyEvaluationError.invalidOption(
          "the frame has no column '\(f.column)' that the policy tree uses"
            + (frame.suggest(f.column).map { " (did you mean '\($0)'?)" } ?? ""))
      }
      if col.missingCount > 0 {
        throw PolicyEvaluationError.badValues(
          "column '\(f.column)' has \(col.missingCount) missing values; a policy tree needs "
            + "complete covariates (filter or coalesce them first)")
      }
      switch f {
      case .numeric(let c):
        guard let v = col.doubles() else {
          throw PolicyEvaluationError.badValues("column '\(c)' is text here but numeric when the tree was grown")
        }
        return v
      case .level(let c, let level):
        guard col.type == .string else {
          throw PolicyEvaluationError.badValues("column '\(c)' is numeric here but text when the tree was grown")
        }
        return (0..<frame.rowCount).map { col.string(at: $0) == level ? 1 : 0 }
      }
    }
  }
}
