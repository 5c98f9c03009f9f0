import Learn
import Stats

/// Causal-forest files written before the ``ObjectContainer`` (read only; churn now writes containers,
/// see ``CausalForestFile``).
///
/// Single forest, magic "churn-causal-forest", versions 1–3: magic string, version, then the parts of
/// ``CausalForest`` one after the other (``ByteWriter`` encoding: 8-byte integers and counts, raw IEEE
/// doubles): core options, training data, the trees as node arrays (group size; per node feature (-1 =
/// leaf), threshold, left (a leaf's slot), right, missing-left flag; leaf values), then from version 2 the
/// local linear part and from version 3 the tuning part.
///
/// Several arms, magic "churn-multi-arm-causal-forest", version 1: magic, version, baseline, arms, training
/// row count, then per arm its training rows (Int32 array) and a complete single-forest archive as a byte
/// array. Nothing may follow the last arm.
enum LegacyForestArchive {
  static let singleMagic = "churn-causal-forest"
  static let multiArmMagic = "churn-multi-arm-causal-forest"
  /// Newest and oldest single-forest versions read.
  static let singleVersion = 3, oldestSingleVersion = 1
  static let multiArmVersion = 1

  /// The magic string at the start of `bytes`, if any.
  static func magic(_ bytes: [UInt8]) -> String? {
    var r = ByteReader(Array(bytes.prefix(64)))
    return try? r.string()
  }

  /// Reads an old single-forest file.
  static func single(_ bytes: [UInt8], path: String) throws -> CausalForest {
    try body(
      bytes, path: path, magic: singleMagic, other: multiArmMagic,
      otherMessage: CausalForest.otherKindMessage(path: path), notMessage: "is not a churn causal-forest file"
    ) { try singleBody(&$0, path: path) }
  }

  /// Runs `read` on the bytes after `magic` and checks that nothing follows; a file that starts with the other
  /// archive's magic `other`, or with neither, is refused with its message.
  private static func body<T>(
    _ bytes: [UInt8], path: String, magic: String, other: String, otherMessage: String, notMessage: String,
    _ read: (inout ByteReader) throws -> T
  ) throws -> T {
    try reading(path) {
      var r = ByteReader(bytes)
      let found = try? r.string()
      if found == other { throw CausalForestError.invalidInput(otherMessage) }
      guard found == magic else { throw CausalForestError.invalidInput("'\(path)' \(notMessage)") }
      let value = try read(&r)
      try r.expectEnd()
      return value
    }
  }

  /// The version and body that follow the single-forest magic.
  static func singleBody(_ r: inout ByteReader, path: String) throws -> CausalForest {
    let version = try r.int()
    try checkVersion(version, reads: singleVersion, oldest: oldestSingleVersion, path: path)
    let bad = inconsistent(path)
    var o = try CausalForest.readCoreOptions(&r)
    let data = try CausalForest.readTraining(&r)
    let forest = try nodeArrays(&r, bad: bad)
    var ll: LocalLinearCorrection? = nil, tuning: CausalForestTuning? = nil
    if version >= 2 {
      ll = try CausalForest.readLocalLinear(
        &r, into: &o, features: data.names.count, leaves: forest.leafCount, bad: bad)
    }
    if version >= 3 { tuning = try CausalForest.readTuning(&r, into: &o, path: path, bad: bad) }
    return try CausalForest.assemble(o, data, forest, ll, tuning, bad: bad)
  }

  /// Reads an old several-arm file.
  static func multiArm(_ bytes: [UInt8], path: String) throws -> MultiArmCausalForest {
    try body(
      bytes, path: path, magic: multiArmMagic, other: singleMagic,
      otherMessage: MultiArmCausalForest.otherKindMessage(path: path),
      notMessage: "is not a churn multi-arm causal-forest file"
    ) { r in
      try checkVersion(try r.int(), reads: multiArmVersion, path: path)
      let baseline = try r.string(), arms = try r.strings(), n = try r.int()
      let bad = CausalForestError.invalidInput("'\(path)' holds inconsistent forests; save the forests again")
      var forests: [CausalForest] = [], rowSets: [[Int]] = []
      for _ in arms {
        let rows = try r.int32s().map(Int.init)
        var inner = ByteReader(try r.uint8s())
        guard (try? inner.string()) == singleMagic else { throw bad }
        let f = try singleBody(&inner, path: path)
        try inner.expectEnd()
        forests.append(f)
        rowSets.append(rows)
      }
      return try MultiArmCausalForest.checked(
        baseline: baseline, arms: arms, forests: forests, rows: rowSets,
        trainingRowCount: n, bad: bad)
    }
  }

  /// Accepts `version` if this build reads it; a newer one asks for a newer churn.
  static func checkVersion(_ version: Int, reads current: Int, oldest: Int? = nil, path: String) throws {
    if version > current {
      throw CausalForestError.invalidInput(
        "'\(path)' was saved in format version \(version) by a newer churn; this churn reads version \(current): "
          + "update churn, or save the forest again with this one")
    }
    guard version >= (oldest ?? current) else {
      throw CausalForestError.invalidInput(
        "'\(path)' has format version \(version); this churn reads version \(current)")
    }
  }

  /// The old node-array trees (children may come in any forward order; they are laid out in preorder).
  static func nodeArrays(_ r: inout ByteReader, bad: CausalForestError) throws -> CompactForest {
    var f = CompactForest(groupSize: try r.int())
    let a = ArchivedNodes(
      treeStart: try r.int32s(), feature: try r.int32s(), threshold: try r.doubles(),
      left: try r.int32s(), right: try r.int32s(), missingLeft: try r.uint8s())
    let leafValues = try r.doubles()
    try a.checkIntegrity(groupSize: f.groupSize, leafValueCount: leafValues.count, bad)
    for t in 0..<(a.treeStart.count - 1) {
      let lo = Int(a.treeStart[t]), hi = Int(a.treeStart[t + 1])
      do {
        try f.trees.append(nodeCount: hi - lo) { k in
          let g = lo + k
          if a.feature[g] < 0 { return .leaf(slot: Int(a.left[g])) }
          let thr = a.threshold[g]
          return .numeric(
            feature: Int(a.feature[g]), threshold: thr, binThreshold: 0,
            missingLeft: a.missingLeft[g] != 0 || thr.isNaN, left: Int(a.left[g]) - lo,
            right: Int(a.right[g]) - lo)
        }
      } catch { throw bad }
    }
    f.leafValues = leafValues
    return f
  }
}

/// Runs a reader of `path`, turning byte-level damage into a causal-forest error that names the file.
func reading<T>(_ path: String, _ body: () throws -> T) throws -> T {
  do { return try body() } catch let e as ByteReader.Damaged {
    throw CausalForestError.invalidInput(
      "'\(path)' is not a valid churn causal-forest file (\(e.what)); save the forest again")
  }
}

/// The error for parts that do not fit together.
func inconsistent(_ path: String) -> CausalForestError {
  .invalidInput("'\(path)' holds an inconsistent forest; save the forest again")
}

/// A forest's node arrays as the old archive holds them (absolute child indices, any forward order).
struct ArchivedNodes {
  var treeStart: [Int32], feature: [Int32], threshold: [Double], left: [Int32], right: [Int32]
  var missingLeft: [UInt8]

  /// Verifies that every index stays in range (a corrupt file must not crash prediction).
  func checkIntegrity(groupSize: Int, leafValueCount: Int, _ bad: CausalForestError) throws {
    let nodes = feature.count, leaves = leafValueCount / CausalLeafSummary.width
    guard groupSize >= 1, threshold.count == nodes, left.count == nodes, right.count == nodes,
      missingLeft.count == nodes, leafValueCount % CausalLeafSummary.width == 0,
      treeStart.first == 0, treeStart.last.map({ Int($0) == nodes }) ?? false
    else { throw bad }
    for t in 0..<(treeStart.count - 1) {
      let a = Int(treeStart[t]), b = Int(treeStart[t + 1])
      guard a < b else { throw bad }
      // Children must point forward within the tree so traversal always ends.
      for k in a..<b {
        if feature[k] < 0 {
          guard left[k] >= 0 && Int(left[k]) < leaves else { throw bad }
        } else {
          guard Int(left[k]) > k, Int(left[k]) < b, Int(right[k]) > k, Int(right[k]) < b else { throw bad }
        }
      }
    }
  }
}
