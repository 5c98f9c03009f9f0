import Learn

/// Saving and loading several-arm forests (container kind `multi_arm_causal_forest`, see
/// ``CausalForestFile``).
extension MultiArmCausalForest: CausalForestFileObject {
  /// The container kind of one forest per arm.
  public static var containerKind: String { CausalForestFile.multiArmKind }
  /// The kind version written and the newest read.
  public static var containerKindVersion: Int { CausalForestFile.multiArmKindVersion }
  /// The message for a single-forest file.
  public static func otherKindMessage(path: String) -> String {
    "'\(path)' holds a single causal forest, not one per arm"
  }
  /// Reads the older several-arm archive.
  public static func legacyArchive(_ bytes: [UInt8], path: String) throws -> MultiArmCausalForest {
    try LegacyForestArchive.multiArm(bytes, path: path)
  }

  /// The forests as a container: section `arms`, then each arm's forest embedded as `arm1`, `arm2`, ….
  public func container() -> ObjectContainer {
    var c = ObjectContainer(kind: CausalForestFile.multiArmKind, kindVersion: CausalForestFile.multiArmKindVersion)
    var a = ByteWriter()
    a.string(baseline)
    a.strings(arms)
    a.int(trainingRowCount)
    for r in rows { a.int32s(r.map { Int32(truncatingIfNeeded: $0) }) }
    c.append("arms", a.bytes)
    for (k, f) in forests.enumerated() { c.embed(f.container(), as: "arm\(k + 1)") }
    return c
  }

  /// Decodes forests from a container of kind `multi_arm_causal_forest`.
  public init(container c: ObjectContainer, path: String) throws {
    let bad = CausalForestError.invalidInput("'\(path)' holds inconsistent forests; save the forests again")
    let head = try CausalForestFile.section(c, "arms", path: path)
    let (baseline, arms, n, rowSets) = try reading(path) {
      var r = ByteReader(head)
      let baseline = try r.string(), arms = try r.strings(), n = try r.int()
      let rowSets = try arms.map { _ in try r.int32s().map(Int.init) }
      try r.expectEnd()
      return (baseline, arms, n, rowSets)
    }
    var forests: [CausalForest] = []
    for k in arms.indices {
      let inner: ObjectContainer
      do {
        inner = try c.embedded(
          "arm\(k + 1)", file: path, kind: CausalForestFile.singleKind,
          readsKindVersion: CausalForestFile.singleKindVersion)
      } catch let e as ContainerError { throw CausalForestError.invalidInput(e.description) }
      forests.append(try CausalForest(container: inner, path: "\(path) (arm \(arms[k]))"))
    }
    self = try MultiArmCausalForest.checked(
      baseline: baseline, arms: arms, forests: forests, rows: rowSets,
      trainingRowCount: n, bad: bad)
  }

  /// The forests, after checking that arms, row sets and forests fit together.
  static func checked(
    baseline: String, arms: [String], forests: [CausalForest], rows: [[Int]], trainingRowCount n: Int,
    bad: CausalForestError
  ) throws -> MultiArmCausalForest {
    guard n >= 0, !arms.isEmpty, !arms.contains(baseline), Set(arms).count == arms.count,
      forests.count == arms.count, rows.count == arms.count
    else { throw bad }
    for (f, r) in zip(forests, rows) {
      guard r.count == f.rowCount, zip(r, r.dropFirst()).allSatisfy({ $0 < $1 }), r.allSatisfy({ $0 >= 0 && $0 < n })
      else { throw bad }
    }
    return MultiArmCausalForest(baseline: baseline, arms: arms, forests: forests, rows: rows, trainingRowCount: n)
  }
}

/// A causal-forest file of either kind (one forest, or one per arm), in either format.
public enum SavedCausalForest: Sendable {
  case single(CausalForest)
  case multiArm(MultiArmCausalForest)

  /// Reads a file written by ``CausalForest/save(to:)`` or ``MultiArmCausalForest/save(to:)`` (or an older churn).
  public static func load(from path: String) throws -> SavedCausalForest {
    try unarchive(try CausalForestFile.read(path), path: path)
  }

  /// Whether `path` starts like a causal-forest file of either kind and format (it may still be damaged
  /// further on).
  public static func isForestFile(_ path: String) -> Bool {
    let head = ObjectContainer.readPrefix(path, 300)
    if let kind = ObjectContainer.kind(inHeaderOf: head) {
      return kind == CausalForestFile.singleKind || kind == CausalForestFile.multiArmKind
    }
    let magic = LegacyForestArchive.magic(head)
    return magic == LegacyForestArchive.singleMagic || magic == LegacyForestArchive.multiArmMagic
  }

  /// Decodes the bytes of either kind of file.
  public static func unarchive(_ bytes: [UInt8], path: String = "<memory>") throws -> SavedCausalForest {
    let multi =
      CausalForestFile.isContainer(bytes)
      ? ObjectContainer.kind(inHeaderOf: bytes) == CausalForestFile.multiArmKind
      : LegacyForestArchive.magic(bytes) == LegacyForestArchive.multiArmMagic
    return multi
      ? .multiArm(try MultiArmCausalForest.unarchive(bytes, path: path))
      : .single(try CausalForest.unarchive(bytes, path: path))
  }
}
