/// Errors raised while turning a frame into a design matrix. Each message names the column and a fix.
public enum DesignError: Error, Equatable, CustomStringConvertible, Sendable {
  /// Predictor or outcome values are missing under the `error` policy: (column, missing count) pairs.
  case missingValues([MissingCount])
  /// Every value of the column is missing.
  case allMissing(column: String)
  /// The column takes a single value.
  case constantColumn(column: String, value: String)
  /// The column holds infinite values.
  case infiniteValues(column: String, count: Int)
  /// A classifier's outcome is not two-valued; `seen` lists (up to 10) values found.
  case notBinary(column: String, seen: [String])
  /// A regression outcome or numeric term is text.
  case notNumeric(column: String, role: String)
  /// A level of a text column that the design has not seen.
  case unseenLevel(column: String, level: String, known: [String])
  /// No rows to work with.
  case empty(String)
  /// A frame given for transformation lacks a column the design uses, or has it with another type.
  case schemaMismatch(String)
  /// A formula term that cannot be built (an unknown function, a transform undefined on some rows, a
  /// bad option); the message names the term, the problem and the fix.
  case invalidTerm(String)

  /// A (column, missing count) pair of ``missingValues(_:)``.
  public struct MissingCount: Equatable, Sendable {
    public var column: String
    public var count: Int
    public init(column: String, count: Int) {
      self.column = column
      self.count = count
    }
  }

  public var description: String {
    switch self {
    case .missingValues(let list):
      let what = list.map { "'\($0.column)' (\($0.count) row\($0.count == 1 ? "" : "s"))" }.joined(separator: ", ")
      let name = list.first?.column ?? "x"
      return "missing values in \(what); fill them (e.g. mutate \(name) = coalesce(\(name), 0)), "
        + "drop those rows (`fit … missing: \"drop_rows\"`), or use a model that handles missing values (tree, forest, gbm)"
    case .allMissing(let c):
      return "column '\(c)' has no values (every row is missing); remove it from the formula"
    case .constantColumn(let c, let v):
      return "column '\(c)' is constant (every value is \(v)); it carries no information, remove it from the formula"
    case .infiniteValues(let c, let n):
      return "column '\(c)' has \(n) infinite value\(n == 1 ? "" : "s"); replace them before fitting"
    case .notBinary(let c, let seen):
      let shown = seen.prefix(10).joined(separator: ", ")
      let more = seen.count > 10 ? ", …" : ""
      if seen.count <= 1 {
        return "outcome '\(c)' is constant (every row is \(seen.first ?? "the same")), so there is nothing to "
          + "classify; check the filter that left only one value, or choose another outcome"
      }
      // A numeric level is compared as a number (`k == 0`), a text level as a string (`Churn == "Yes"`).
      let level = seen.last ?? "Yes"
      let literal = Double(level) != nil ? level : "\"\(level)\""
      return "outcome '\(c)' must be binary (two values) for a classifier, but it has \(seen.count) distinct "
        + "values: \(shown)\(more); recode it (e.g. `mutate y = \(c) == \(literal)`) and fit y"
    case .notNumeric(let c, let role):
      return "\(role) '\(c)' is text; a numeric column is needed (recode it, or use a classifier for a binary outcome)"
    case .unseenLevel(let c, let l, let known):
      let k = known.prefix(10).map { "'\($0)'" }.joined(separator: ", ")
      return "column '\(c)' has level '\(l)' that was not seen when the model was fitted (known: \(k)); "
        + "filter out the rows with that level, or refit the model on data that has it"
    case .empty(let m): return m
    case .schemaMismatch(let m): return m
    case .invalidTerm(let m): return m
    }
  }
}
