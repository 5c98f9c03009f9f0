import Foundation
import Frame
import Stats

/// Saving and loading fitted models.
///
/// File format (JSON, UTF-8):
/// ```
/// {
///   "format": "churn-model",       // always this string
///   "version": 1,                  // format version; newer versions are refused with a clear error
///   "kind": "gbm",                 // logit | ols | tree | forest | gbm
///   "model": { … }                 // the model: its DesignSpec (formula, levels, encodings,
///                                  // missing-value policy), options, and fitted parameters
/// }
/// ```
/// The design spec travels with the model, so a loaded model preprocesses new frames exactly as the
/// fitted one did. Doubles are written in shortest round-trip form, so every number reads back to the
/// same bits (a loaded model predicts bit-for-bit what the saved one did); non-finite numbers are
/// written as the strings "inf", "-inf" and "nan". Keys are sorted, so saving the same model twice
/// gives the same bytes.
public enum ModelFile {
  /// The `format` marker.
  public static let format = "churn-model"
  /// The format version this build writes and the newest it reads.
  public static let version = 1

  struct Header: Decodable {
    var format: String?
    var version: Int?
    var kind: String?
  }

  struct Envelope<M: Encodable>: Encodable {
    var format: String
    var version: Int
    var kind: String
    var model: M
  }

  struct Payload<M: Decodable>: Decodable {
    var model: M
  }

  static func encoder() -> JSONEncoder {
    let e = JSONEncoder()
    e.outputFormatting = [.sortedKeys]
    e.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    return e
  }

  static func decoder() -> JSONDecoder {
    let d = JSONDecoder()
    d.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    return d
  }

  /// The bytes of a model file for `model`.
  public static func encode(_ model: any PredictiveModel) throws -> Data {
    func wrap<M: PredictiveModel & Encodable>(_ m: M) throws -> Data {
      try encoder().encode(Envelope(format: format, version: version, kind: m.kind.rawValue, model: m))
    }
    switch model {
    case let m as LogisticRegression: return try wrap(m)
    case let m as LinearRegression: return try wrap(m)
    case let m as RandomForest: return try wrap(m)
    case let m as GradientBoosting: return try wrap(m)
    default: throw ModelError.unsupported("models of kind \(model.kind.rawValue) cannot be saved")
    }
  }

  /// Writes `model` to `path` (replacing the file).
  public static func save(_ model: any PredictiveModel, to path: String) throws {
    let data = try encode(model)
    do {
      try data.write(to: URL(fileURLWithPath: path), options: .atomic)
    } catch {
      throw ModelError.invalidInput("cannot write model file '\(path)': \(fileWriteProblem(path))")
    }
  }

  /// Reads a model from `path`.
  public static func load(from path: String) throws -> any PredictiveModel {
    let data: Data
    do {
      data = try Data(contentsOf: URL(fileURLWithPath: path))
    } catch {
      throw ModelError.invalidInput("cannot read model file '\(path)': \(fileReadProblem(path))")
    }
    return try decode(data, name: path)
  }

  /// Decodes model-file bytes; `name` is used in error messages.
  public static func decode(_ data: Data, name: String = "model file") throws -> any PredictiveModel {
    if data.isEmpty { throw ModelError.invalidInput("'\(name)' is empty; it is not a churn model file") }
    let header: Header
    do {
      header = try decoder().decode(Header.self, from: data)
    } catch {
      throw ModelError.invalidInput("'\(name)' is not a churn model file: it is not valid JSON (truncated or "
                                    + "corrupted?)")
    }
    guard header.format == format else {
      throw ModelError.invalidInput("'\(name)' is not a churn model file (its \"format\" field is "
                                    + "\(header.format.map { "'\($0)'" } ?? "missing"), expected '\(format)')")
    }
    guard let v = header.version else {
      throw ModelError.invalidInput("'\(name)' has no format version")
    }
    guard v <= version else {
      throw ModelError.invalidInput("'\(name)' was written by a newer churn (model format version \(v)); this build "
                                    + "reads versions up to \(version) — upgrade churn to load it")
    }
    guard v >= 1 else { throw ModelError.invalidInput("'\(name)' has invalid format version \(v)") }
    guard let kindText = header.kind, let kind = ModelKind(rawValue: kindText) else {
      let known = ModelKind.allCases.map(\.rawValue).joined(separator: ", ")
      throw ModelError.invalidInput("'\(name)' holds an unknown model kind '\(header.kind ?? "")' (known: \(known))")
    }
    func read<M: PredictiveModel & Decodable>(_ type: M.Type) throws -> M {
      do {
        return try decoder().decode(Payload<M>.self, from: data).model
      } catch let DecodingError.keyNotFound(key, ctx) {
        throw ModelError.invalidInput("'\(name)' is damaged: missing '\(key.stringValue)' at \(readablePath(ctx.codingPath))")
      } catch let DecodingError.typeMismatch(_, ctx) {
        throw ModelError.invalidInput("'\(name)' is damaged: wrong value type at \(readablePath(ctx.codingPath))")
      } catch let DecodingError.valueNotFound(_, ctx) {
        throw ModelError.invalidInput("'\(name)' is damaged: missing value at \(readablePath(ctx.codingPath))")
      } catch let DecodingError.dataCorrupted(ctx) where !ctx.codingPath.isEmpty {
        throw ModelError.invalidInput("'\(name)' is damaged: unreadable value at \(readablePath(ctx.codingPath))")
      } catch {
        throw ModelError.invalidInput("'\(name)' is damaged: the \(kind.rawValue) model cannot be read")
      }
    }
    let model: any PredictiveModel
    switch kind {
    case .logit:
      let m = try read(LogisticRegression.self)
      try validateCoefficients(m.coefficients.count, m.covariance, design: m.design, name: name)
      model = m
    case .ols:
      let m = try read(LinearRegression.self)
      try validateCoefficients(m.coefficients.count, m.covariance(m.covarianceType), design: m.design, name: name)
      model = m
    case .tree, .forest:
      let m = try read(RandomForest.self)
      try validateTrees(m.trees, features: m.design.columnNames.count, name: name)
      model = m
    case .gbm:
      let m = try read(GradientBoosting.self)
      try validateTrees(m.trees, features: m.design.columnNames.count, name: name)
      model = m
    }
    try validateDesign(model.design, name: name)
    if kind == .tree || kind == .forest || kind == .gbm {
      let binner = (model as? RandomForest)?.binner ?? (model as? GradientBoosting)?.binner
      if binner?.features.count != model.design.columnNames.count {
        throw ModelError.invalidInput("'\(name)' is damaged: its bins do not match its design columns")
      }
    }
    return model
  }

  /// The design's column list must agree with its terms (the transform relies on it).
  static func validateDesign(_ d: DesignSpec, name: String) throws {
    let expected = (d.options.intercept ? 1 : 0) + d.terms.reduce(0) { $0 + $1.columns.count }
    guard d.columnNames.count == expected else {
      throw ModelError.invalidInput("'\(name)' is damaged: its design lists \(d.columnNames.count) columns but its "
                                    + "terms make \(expected)")
    }
    guard d.featureKinds.count == expected else {
      throw ModelError.invalidInput("'\(name)' is damaged: its design has \(expected) columns but \(d.featureKinds.count) "
                                    + "feature kinds (one per column is needed)")
    }
    for t in d.terms where t.kind == .categorical {
      let want = d.options.categorical == .codes ? 1 : max(t.levels.count - 1, 0)
      guard t.columns.count == want else {
        throw ModelError.invalidInput("'\(name)' is damaged: term '\(t.name)' has inconsistent levels")
      }
    }
  }

  static func validateCoefficients(_ k: Int, _ cov: Matrix, design: DesignSpec, name: String) throws {
    guard k == design.columnNames.count, cov.rows == k, cov.cols == k, cov.values.count == k * k else {
      throw ModelError.invalidInput("'\(name)' is damaged: coefficients do not match the design columns")
    }
  }

  /// Structural checks so a tampered file cannot make prediction index out of bounds or loop forever.
  static func validateTrees(_ trees: [Tree], features: Int, name: String) throws {
    for (t, tree) in trees.enumerated() {
      let n = tree.nodeCount
      let sameLength = [tree.threshold.count, tree.binThreshold.count, tree.categorySet.count, tree.missingLeft.count,
                        tree.left.count, tree.right.count, tree.gain.count, tree.weight.count, tree.depth.count]
        .allSatisfy { $0 == n }
      guard n > 0, sameLength, tree.valueWidth >= 1, tree.values.count == n * tree.valueWidth,
            tree.categorySets.count % 4 == 0 else {
        throw ModelError.invalidInput("'\(name)' is damaged: tree \(t + 1) has inconsistent node arrays")
      }
      for node in 0..<n where tree.feature[node] >= 0 {
        let f = Int(tree.feature[node]), l = Int(tree.left[node]), r = Int(tree.right[node])
        let set = Int(tree.categorySet[node])
        // Children must come after their parent: this rules out cycles.
        guard f < features, l > node, r > node, l < n, r < n, set < tree.categorySets.count / 4 else {
          throw ModelError.invalidInput("'\(name)' is damaged: tree \(t + 1), node \(node) points outside the tree")
        }
      }
    }
  }
}

extension PredictiveModel {
  /// Saves the model to `path` (see ``ModelFile``).
  public func save(to path: String) throws { try ModelFile.save(self, to: path) }
}

/// A decoding path as a person reads it: `model.trees[0].values[5]` (array positions in brackets,
/// not Foundation's "Index 0").
func readablePath(_ path: [any CodingKey]) -> String {
  var out = ""
  for key in path {
    if let i = key.intValue { out += "[\(i)]" } else { out += (out.isEmpty ? "" : ".") + key.stringValue }
  }
  return out.isEmpty ? "the top level" : out
}
