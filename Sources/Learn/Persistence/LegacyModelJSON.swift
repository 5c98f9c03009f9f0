import Foundation
import Frame

/// Model files written before the ``ObjectContainer`` (read only; churn now writes containers) and the
/// JSON form of a model's parameters, which the container's `parameters` section still uses.
///
/// The old file format (JSON, UTF-8):
/// ```
/// {
///   "format": "churn-model",       // always this string
///   "version": 1,                  // format version; newer versions are refused with a clear error
///   "kind": "gbm",                 // logit | ols | tree | forest | gbm
///   "model": { … }                 // the model, trees included
/// }
/// ```
/// Doubles are shortest round-trip decimals (non-finite ones the strings "inf", "-inf", "nan"), so a
/// loaded model predicts bit for bit what the saved one did.
enum LegacyModelJSON {
  /// The `format` marker of the old files.
  static let format = "churn-model"
  /// The newest old-format version.
  static let version = 1

  struct Header: Decodable {
    var format: String?
    var version: Int?
    var kind: String?
  }

  struct Payload<M: Decodable>: Decodable {
    var model: M
  }

  /// JSON with sorted keys and non-finite numbers as strings.
  static func encoder() -> JSONEncoder {
    let e = JSONEncoder()
    e.outputFormatting = [.sortedKeys]
    e.nonConformingFloatEncodingStrategy = .convertToString(
      positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    return e
  }

  static func decoder() -> JSONDecoder {
    let d = JSONDecoder()
    d.nonConformingFloatDecodingStrategy = .convertFromString(
      positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    return d
  }

  /// Decodes an old JSON model file; `name` is used in error messages.
  static func decode(_ data: Data, name: String) throws -> any PredictiveModel {
    let header: Header
    do {
      header = try decoder().decode(Header.self, from: data)
    } catch {
      throw ModelError.invalidInput(
        "'\(name)' is not a churn model file: it is neither a churn saved-object file "
          + "(CHURNOBJ) nor valid JSON (truncated or corrupted?)")
    }
    guard header.format == format else {
      throw ModelError.invalidInput(
        "'\(name)' is not a churn model file (its \"format\" field is "
          + "\(header.format.map { "'\($0)'" } ?? "missing"), expected '\(format)')")
    }
    guard let v = header.version else {
      throw ModelError.invalidInput("'\(name)' has no format version")
    }
    guard v <= version else {
      throw ModelError.invalidInput(
        "'\(name)' was written by a newer churn (model format version \(v)); this build "
          + "reads versions up to \(version) — upgrade churn to load it")
    }
    guard v >= 1 else { throw ModelError.invalidInput("'\(name)' has invalid format version \(v)") }
    guard let kindText = header.kind, let kind = ModelKind(rawValue: kindText) else {
      let known = ModelKind.allCases.map(\.rawValue).joined(separator: ", ")
      throw ModelError.invalidInput("'\(name)' holds an unknown model kind '\(header.kind ?? "")' (known: \(known))")
    }
    let model: any PredictiveModel
    switch kind {
    case .logit: model = try read(Payload<LogisticRegression>.self, data, kind: kind, name: name).model
    case .ols: model = try read(Payload<LinearRegression>.self, data, kind: kind, name: name).model
    case .tree, .forest: model = try read(Payload<RandomForest>.self, data, kind: kind, name: name).model
    case .gbm: model = try read(Payload<GradientBoosting>.self, data, kind: kind, name: name).model
    }
    try ModelValidation.validate(model, name: name)
    return model
  }

  /// Decodes `type` from JSON, with messages that name the damaged field.
  static func read<M: Decodable>(_ type: M.Type, _ data: Data, kind: ModelKind, name: String) throws -> M {
    do {
      return try decoder().decode(M.self, from: data)
    } catch let DecodingError.keyNotFound(key, ctx) {
      throw ModelError.invalidInput(
        "'\(name)' is damaged: missing '\(key.stringValue)' at \(readablePath(ctx.codingPath))")
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
