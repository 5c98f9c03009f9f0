import Foundation
import Frame
import Stats

/// Saving and loading fitted models.
///
/// A model is saved as an ``ObjectContainer`` of kind `model` (kind version 2) with these sections:
/// - `model_kind` — the model kind as UTF-8 text (`logit`, `ols`, `tree`, `forest`, `gbm`);
/// - `parameters` — JSON (sorted keys): the model's ``DesignSpec`` (formula, levels, encodings,
///   missing-value policy), options and fitted parameters, with an empty tree list for tree models;
/// - `trees` — tree models only: the grown trees in binary (``TreeCoding``: compact and lossless; kind
///   version 1, still read, stored every node field at fixed width).
///
/// The design spec travels with the model, so a loaded model preprocesses new frames exactly as the
/// fitted one did. JSON doubles are shortest round-trip decimals and tree numbers raw bits, so a loaded
/// model predicts bit for bit what the saved one did; saving the same model twice gives the same bytes.
/// The container's checksum, length and versions make truncated, corrupted, newer and other-kind files
/// fail with a message each.
///
/// Model files written before the container (JSON with `"format": "churn-model"`, `"version": 1`) still
/// load (see ``LegacyModelJSON``); they are never written any more.
public enum ModelFile {
  /// The container kind.
  public static let kind = "model"
  /// The section layout this build writes and the newest it reads (2: compact trees; 1 is still read).
  public static let kindVersion = 2

  /// The model as a container.
  public static func container(_ model: any PredictiveModel) throws -> ObjectContainer {
    var c = ObjectContainer(kind: kind, kindVersion: kindVersion)
    c.append("model_kind", Array(model.kind.rawValue.utf8))
    func add<M: PredictiveModel & Encodable>(_ m: M, trees: [Tree]?) throws {
      c.append("parameters", Array(try LegacyModelJSON.encoder().encode(m)))
      if let trees { c.append("trees", TreeCoding.encode(trees)) }
    }
    switch model {
    case let m as LogisticRegression: try add(m, trees: nil)
    case let m as LinearRegression: try add(m, trees: nil)
    case let m as RandomForest: try add(m.replacingTrees([]), trees: m.trees)
    case let m as GradientBoosting: try add(m.replacingTrees([]), trees: m.trees)
    default: throw ModelError.unsupported("models of kind \(model.kind.rawValue) cannot be saved")
    }
    return c
  }

  /// The bytes of a model file for `model`.
  public static func encode(_ model: any PredictiveModel) throws -> [UInt8] { try container(model).encoded() }

  /// Writes `model` to `path` (atomically: a temporary file renamed over it).
  public static func save(_ model: any PredictiveModel, to path: String) throws {
    let c = try container(model)
    do { try c.write(to: path) } catch let e as ContainerError {
      throw ModelError.invalidInput(e.description)
    }
  }

  /// Reads a model from `path` (a container, or a JSON model file of an earlier churn).
  public static func load(from path: String) throws -> any PredictiveModel {
    let bytes: [UInt8]
    do { bytes = try ObjectContainer.readFile(path) } catch {
      throw ModelError.invalidInput("cannot read model file '\(path)': \(fileReadProblem(path))")
    }
    return try decode(bytes, name: path)
  }

  /// Decodes model-file bytes of either format; `name` is used in error messages.
  public static func decode(_ bytes: [UInt8], name: String = "model file") throws -> any PredictiveModel {
    if bytes.isEmpty { throw ModelError.invalidInput("'\(name)' is empty; it is not a churn model file") }
    guard bytes.starts(with: ObjectContainer.magic) else { return try LegacyModelJSON.decode(Data(bytes), name: name) }
    let c: ObjectContainer
    do { c = try ObjectContainer.decode(bytes, file: name, kind: kind, readsKindVersion: kindVersion) } catch let e
      as ContainerError
    {
      throw ModelError.invalidInput(e.description)
    }
    return try decode(c, name: name)
  }

  /// Decodes a model from a container of kind `model` (a model file, or the sections a policy embeds).
  public static func decode(_ c: ObjectContainer, name: String) throws -> any PredictiveModel {
    func section(_ s: String) throws -> [UInt8] {
      do { return try c.section(s, file: name) } catch let e as ContainerError {
        throw ModelError.invalidInput(e.description)
      }
    }
    let kindText = String(decoding: try section("model_kind"), as: UTF8.self)
    guard let modelKind = ModelKind(rawValue: kindText) else {
      let known = ModelKind.allCases.map(\.rawValue).joined(separator: ", ")
      throw ModelError.invalidInput("'\(name)' holds an unknown model kind '\(kindText)' (known: \(known))")
    }
    let parameters = Data(try section("parameters"))
    func trees() throws -> [Tree] {
      do { return try TreeCoding.decode(try section("trees"), kindVersion: c.kindVersion) } catch let e
        as ByteReader.Damaged
      {
        throw ModelError.invalidInput("'\(name)' is damaged: its trees cannot be read (\(e.what))")
      }
    }
    let model: any PredictiveModel
    switch modelKind {
    case .logit: model = try LegacyModelJSON.read(LogisticRegression.self, parameters, kind: modelKind, name: name)
    case .ols: model = try LegacyModelJSON.read(LinearRegression.self, parameters, kind: modelKind, name: name)
    case .tree, .forest:
      model = try LegacyModelJSON.read(RandomForest.self, parameters, kind: modelKind, name: name).replacingTrees(
        try trees())
    case .gbm:
      model = try LegacyModelJSON.read(GradientBoosting.self, parameters, kind: modelKind, name: name)
        .replacingTrees(try trees())
    }
    guard model.kind == modelKind else {
      throw ModelError.invalidInput(
        "'\(name)' is damaged: it says \(modelKind.rawValue) but holds a \(model.kind.rawValue)")
    }
    try ModelValidation.validate(model, name: name)
    return model
  }
}

extension PredictiveModel {
  /// Saves the model to `path` (see ``ModelFile``).
  public func save(to path: String) throws { try ModelFile.save(self, to: path) }
}

extension RandomForest {
  /// The same model with other trees (the model file keeps trees apart from the JSON parameters).
  func replacingTrees(_ trees: [Tree]) -> RandomForest {
    RandomForest(
      kind: kind, task: task, design: design, options: options, binner: binner, trees: trees,
      trainingRows: trainingRows, oobScore: oobScore, warnings: warnings)
  }
}

extension GradientBoosting {
  /// The same model with other trees (the model file keeps trees apart from the JSON parameters).
  func replacingTrees(_ trees: [Tree]) -> GradientBoosting {
    GradientBoosting(
      task: task, design: design, options: options, objective: objective, binner: binner,
      initialScore: initialScore, trees: trees, validationLoss: validationLoss, bestRound: bestRound,
      trainingRows: trainingRows, warnings: warnings)
  }
}
