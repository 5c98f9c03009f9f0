import Causal
import Foundation
import Frame
import Learn

/// Saving and loading a retention policy in one ``ObjectContainer`` of kind `policy`.
///
/// Sections (kind version 2):
/// - `meta` — JSON: the interventions' names and costs in order, the baseline's name, the value expression's
///   text and the decision rule (threshold, require_ci, level);
/// - `schema` — JSON: the ``FeatureSchema`` (names, types, training levels of every input column);
/// - `churn_model` and `churn_model/…` — the churn model, embedded (``ObjectContainer/embed(_:as:)``) as the
///   very sections of its own model file (``ModelFile``; its preprocessing travels with it);
/// - `effect1`, `effect1/…`, `effect2`, … — each arm's causal forest, in `meta`'s arm order, embedded as the
///   sections of its own forest file (``CausalForestFile``);
/// - `reference` — the training distribution of every schema column (``FeatureReference``'s list encoding),
///   so drift can be checked against the file alone.
///
/// Kind version 1 (churn model as a JSON model file in `churn_model`, each forest as an older binary archive
/// in `effect:<arm>`) is still read. The embedded model and forests carry their own kind versions (written
/// now: model 2 and causal_forest 2, with compact trees; policies of kind version 2 whose embedded objects
/// are of kind version 1 load too), so a newer embedded layout does not change the policy's own.
///
/// Numbers are stored exactly (raw IEEE bits or lossless compact columns in the trees and forests, shortest
/// round-trip decimals in JSON), so a loaded policy recommends bit for bit what the saved one did. The
/// container's checksum, length and versions make truncated, corrupted, foreign and newer files fail with a
/// message; saving writes a temporary file renamed over the target, so a failed save leaves nothing partial.
public enum PolicyFile {
  /// The container kind.
  public static let kind = "policy"
  /// The section layout this build writes and the newest it reads.
  public static let kindVersion = 2

  struct Meta: Codable {
    var arms: [String]
    var costs: [Double]
    var baseline: String
    var value: String
    var rule: PolicyRule
  }

  static func json<T: Encodable>(_ v: T) throws -> [UInt8] {
    let e = JSONEncoder()
    e.outputFormatting = [.sortedKeys]
    return Array(try e.encode(v))
  }

  static func unjson<T: Decodable>(_ type: T.Type, _ bytes: [UInt8], section: String, file: String) throws -> T {
    do { return try JSONDecoder().decode(type, from: Data(bytes)) } catch {
      throw PolicyError.file("'\(file)' is damaged: its '\(section)' section cannot be read")
    }
  }

  /// The policy as a container.
  public static func container(_ policy: RetentionPolicy) throws -> ObjectContainer {
    var c = ObjectContainer(kind: kind, kindVersion: kindVersion)
    let meta = Meta(
      arms: policy.arms, costs: policy.interventions.map(\.cost), baseline: policy.baseline,
      value: policy.value.text, rule: policy.rule)
    c.append("meta", try json(meta))
    c.append("schema", try json(policy.schema))
    do { c.embed(try ModelFile.container(policy.churnModel), as: "churn_model") } catch let e as ModelError {
      throw PolicyError.file("cannot save the churn model: \(e.description)")
    }
    for (k, iv) in policy.interventions.enumerated() { c.embed(iv.effect.container(), as: "effect\(k + 1)") }
    c.append("reference", FeatureReference.encode(policy.reference))
    return c
  }

  /// The bytes of a policy file.
  public static func encode(_ policy: RetentionPolicy) throws -> [UInt8] { try container(policy).encoded() }

  /// A short version tag of a policy: the CRC-32 of its file body as 8 hex digits. The same policy always
  /// saves to the same bytes, so a saved and a loaded policy have the same tag (for decision logs).
  public static func version(of policy: RetentionPolicy) throws -> String {
    let hex = String(CRC32.checksum(Array(try encode(policy).dropFirst(ObjectContainer.headerSize))), radix: 16)
    return String(repeating: "0", count: 8 - hex.count) + hex
  }

  /// Writes `policy` to `path` (atomically: a temporary file renamed over it).
  public static func save(_ policy: RetentionPolicy, to path: String) throws {
    let c = try container(policy)
    do { try c.write(to: path) } catch let e as ContainerError { throw PolicyError.file(e.description) }
  }

  /// Reads a policy written by ``save(_:to:)``.
  public static func load(from path: String) throws -> RetentionPolicy {
    let c: ObjectContainer
    do { c = try ObjectContainer.read(from: path, kind: kind, readsKindVersion: kindVersion) } catch let e
      as ContainerError
    {
      throw PolicyError.file(e.description)
    }
    return try decode(c, file: path)
  }

  /// Decodes policy-file bytes; `file` names the source in messages.
  public static func decode(_ bytes: [UInt8], file: String = "<memory>") throws -> RetentionPolicy {
    let c: ObjectContainer
    do { c = try ObjectContainer.decode(bytes, file: file, kind: kind, readsKindVersion: kindVersion) } catch let e
      as ContainerError
    {
      throw PolicyError.file(e.description)
    }
    return try decode(c, file: file)
  }

  static func decode(_ c: ObjectContainer, file: String) throws -> RetentionPolicy {
    func section(_ name: String) throws -> [UInt8] {
      do { return try c.section(name, file: file) } catch let e as ContainerError {
        throw PolicyError.file(e.description)
      }
    }
    func embedded(_ name: String, _ kind: String, _ version: Int) throws -> ObjectContainer {
      do { return try c.embedded(name, file: file, kind: kind, readsKindVersion: version) } catch let e
        as ContainerError
      {
        throw PolicyError.file(e.description)
      }
    }
    let meta = try unjson(Meta.self, try section("meta"), section: "meta", file: file)
    let schema = try unjson(FeatureSchema.self, try section("schema"), section: "schema", file: file)
    guard meta.arms.count == meta.costs.count else {
      throw PolicyError.file("'\(file)' is damaged: \(meta.arms.count) interventions but \(meta.costs.count) costs")
    }
    let model: any PredictiveModel
    let modelName = "\(file) (churn model)"
    do {
      if c.kindVersion == 1 {
        model = try ModelFile.decode(try section("churn_model"), name: modelName)
      } else {
        model = try ModelFile.decode(
          try embedded("churn_model", ModelFile.kind, ModelFile.kindVersion), name: modelName)
      }
    } catch let e as ModelError { throw PolicyError.file(e.description) }
    var interventions: [Intervention] = []
    for (k, (arm, cost)) in zip(meta.arms, meta.costs).enumerated() {
      let name = "\(file) (effect of \(arm))"
      do {
        let forest =
          c.kindVersion == 1
          ? try CausalForest.unarchive(try section("effect:\(arm)"), path: name)
          : try CausalForest(
            container: try embedded(
              "effect\(k + 1)", CausalForestFile.singleKind,
              CausalForestFile.singleKindVersion), path: name)
        interventions.append(Intervention(name: arm, cost: cost, effect: forest))
      } catch let e as CausalForestError { throw PolicyError.file(e.description) }
    }
    let reference: [FeatureReference]
    do { reference = try FeatureReference.decodeList(try section("reference")) } catch let e as FeatureReferenceError {
      throw PolicyError.file("'\(file)' is damaged: its feature reference cannot be read (\(e.description))")
    }
    guard reference.map(\.name) == schema.names else {
      throw PolicyError.file("'\(file)' is damaged: its feature reference does not match its schema")
    }
    let value = try ValueExpression(meta.value)
    try RetentionPolicy.validate(
      churnModel: model, interventions: interventions, rule: meta.rule, baseline: meta.baseline)
    return RetentionPolicy(
      churnModel: model, interventions: interventions, value: value, rule: meta.rule,
      schema: schema, baseline: meta.baseline, reference: reference)
  }
}

extension RetentionPolicy {
  /// Saves the policy (see ``PolicyFile``).
  public func save(to path: String) throws { try PolicyFile.save(self, to: path) }
}
