import Learn
import Stats

/// Saving and loading fitted causal forests as ``ObjectContainer``s.
///
/// A single forest is a container of kind `causal_forest` (kind version 2) with five sections, each
/// written by ``ByteWriter`` (8-byte integers and counts, raw IEEE doubles, so a loaded forest gives bit
/// for bit the same effects, intervals and reports):
/// - `options` — growth options (trees, sample fraction, mtry, min node size, honesty, α, imbalance
///   penalty, CI group size, seed, threads, nuisance trees);
/// - `training` — covariate, outcome and treatment names, Y, W, Ŷ, Ŵ, out-of-bag τ̂ and variance, the
///   nuisance method, warnings and the covariate encoding;
/// - `trees` — the little-bag group size, the leaf summaries (compact doubles) and the stored trees
///   (``CompactTrees/write(to:)``: the walking layout in its compact form). Kind version 1, still read,
///   wrote the leaf summaries as raw doubles and the trees in their fixed form;
/// - `local_linear` — its options and, when fitted, the correction;
/// - `tuning` — its options and, when tuned, the parameter search's record.
///
/// Several arms are a container of kind `multi_arm_causal_forest` (kind version 1): a section `arms`
/// (baseline, arm names, training row count, each arm's training rows) and each arm's forest embedded as
/// `arm1`, `arm2`, … (``ObjectContainer/embed(_:as:)``: the sections above under `armK/`).
///
/// Files of the older single archive (``LegacyForestArchive``) still load; churn no longer writes them.
public enum CausalForestFile {
  /// Container kinds.
  public static let singleKind = "causal_forest", multiArmKind = "multi_arm_causal_forest"
  /// The section layouts this build writes and the newest it reads (single forest 2: compact trees and
  /// leaf summaries; version 1 is still read). A several-arm file's own sections are unchanged; its arms
  /// carry their own kind version.
  public static let singleKindVersion = 2, multiArmKindVersion = 1

  /// Whether `bytes` are a container (otherwise they may be an older archive).
  static func isContainer(_ bytes: [UInt8]) -> Bool { bytes.starts(with: ObjectContainer.magic) }

  /// Decodes container bytes, turning container errors into causal-forest errors.
  static func container(_ bytes: [UInt8], path: String, kind: String, version: Int) throws -> ObjectContainer {
    do { return try ObjectContainer.decode(bytes, file: path, kind: kind, readsKindVersion: version) } catch let e
      as ContainerError
    {
      throw CausalForestError.invalidInput(e.description)
    }
  }

  /// Writes `c` to `path` atomically.
  static func write(_ c: ObjectContainer, to path: String) throws {
    do { try c.write(to: path) } catch let e as ContainerError { throw CausalForestError.invalidInput(e.description) }
  }

  /// The section `name` of `c`, turning a missing section into a causal-forest error.
  static func section(_ c: ObjectContainer, _ name: String, path: String) throws -> [UInt8] {
    do { return try c.section(name, file: path) } catch let e as ContainerError {
      throw CausalForestError.invalidInput(e.description)
    }
  }

  /// Reads all of `path`.
  static func read(_ path: String) throws -> [UInt8] {
    do { return try ObjectContainer.readFile(path) } catch {
      throw CausalForestError.invalidInput("cannot open '\(path)': \(fileReadProblem(path))")
    }
  }
}

extension CausalForest: CausalForestFileObject {
  /// The container kind of one forest.
  public static var containerKind: String { CausalForestFile.singleKind }
  /// The kind version written and the newest read.
  public static var containerKindVersion: Int { CausalForestFile.singleKindVersion }
  /// The message for a several-arm file.
  public static func otherKindMessage(path: String) -> String {
    "'\(path)' holds several causal forests (one per arm); load it as a multi-arm forest"
  }
  /// Reads the older single-forest archive.
  public static func legacyArchive(_ bytes: [UInt8], path: String) throws -> CausalForest {
    try LegacyForestArchive.single(bytes, path: path)
  }

  /// The forest as a container (see ``CausalForestFile``).
  public func container() -> ObjectContainer {
    var c = ObjectContainer(kind: CausalForestFile.singleKind, kindVersion: CausalForestFile.singleKindVersion)
    func part(_ name: String, _ write: (inout ByteWriter) -> Void) {
      var w = ByteWriter()
      write(&w)
      c.append(name, w.bytes)
    }
    part("options") { CausalForest.writeCoreOptions(options, to: &$0) }
    part("training") { writeTraining(to: &$0) }
    part("trees") { w in
      w.int(forest.groupSize)
      w.compactDoubles(forest.leafValues)
      forest.trees.write(to: &w)
    }
    part("local_linear") { writeLocalLinear(to: &$0) }
    part("tuning") { writeTuning(to: &$0) }
    return c
  }

  /// Decodes a forest from a container of kind `causal_forest` (a file, or sections another object embeds).
  public init(container c: ObjectContainer, path: String) throws {
    func part<T>(_ name: String, _ read: (inout ByteReader) throws -> T) throws -> T {
      let bytes = try CausalForestFile.section(c, name, path: path)
      return try reading("\(path) (\(name))") {
        var r = ByteReader(bytes)
        let value = try read(&r)
        try r.expectEnd()
        return value
      }
    }
    let bad = inconsistent(path)
    var o = try part("options") { try CausalForest.readCoreOptions(&$0) }
    let data = try part("training") { try CausalForest.readTraining(&$0) }
    let compact = c.kindVersion >= 2
    let forest = try part("trees") { r in
      var f = CompactForest(groupSize: try r.int())
      f.leafValues = compact ? try r.compactDoubles() : try r.doubles()
      guard f.groupSize >= 1, f.leafValues.count % CausalLeafSummary.width == 0 else { throw bad }
      f.trees = try CompactTrees.read(
        from: &r, compact: compact, leafSlots: f.leafCount, features: data.names.count)
      return f
    }
    let ll = try part("local_linear") {
      try CausalForest.readLocalLinear(&$0, into: &o, features: data.names.count, leaves: forest.leafCount, bad: bad)
    }
    let tuning = try part("tuning") { try CausalForest.readTuning(&$0, into: &o, path: path, bad: bad) }
    self = try CausalForest.assemble(o, data, forest, ll, tuning, bad: bad)
  }
}
