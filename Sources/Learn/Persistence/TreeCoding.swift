/// The binary form of grown trees in a model file's `trees` section.
///
/// Model kind version 2 (written now) stores each tree compactly and without loss: the value width, the
/// split feature per node (packed integers, -1 for a leaf), a flag byte, then the split fields — threshold
/// and gain (compact doubles), bin threshold, category-set index (packed; left out when all are -1, flag
/// bit 3), missing-left flag, left child (packed) and, unless it is always the left child + 1 (flag bit 2),
/// the right child — for the splits only when every leaf holds the grower's defaults (flag bit 0), else for
/// every node; the category sets; the weight and the values of every node (compact doubles); and the
/// depths unless they follow from the children (flag bit 1). Packed integers and compact doubles are
/// described in `ByteCoding+Compact.swift`; a loaded tree
/// equals the saved one field for field, bit for bit.
///
/// Model kind version 1 (read only) wrote every node field at fixed width: per tree its value width and the
/// arrays feature, threshold, bin threshold, category-set index, category sets, missing-left, left, right,
/// gain, weight, values, depth.
enum TreeCoding {
  /// Flag bits of a compact tree.
  private static let leavesAtDefaults: UInt8 = 1, depthsDerived: UInt8 = 2, rightAfterLeft: UInt8 = 4
  private static let numericOnly: UInt8 = 8

  /// The bytes of `trees` (kind version 2).
  static func encode(_ trees: [Tree]) -> [UInt8] {
    var w = ByteWriter()
    w.int(trees.count)
    for t in trees {
      w.int(t.valueWidth)
      w.packedInts(t.feature)
      let leafDefaults = (0..<t.nodeCount).allSatisfy { k in
        t.feature[k] >= 0
          || (t.threshold[k].bitPattern == 0 && t.binThreshold[k] == 0 && t.categorySet[k] == -1
            && t.missingLeft[k] && t.left[k] == -1 && t.right[k] == -1 && t.gain[k].bitPattern == 0)
      }
      let fields = leafDefaults ? (0..<t.nodeCount).filter { t.feature[$0] >= 0 } : Array(0..<t.nodeCount)
      let rightIsNext = fields.allSatisfy { t.right[$0] == t.left[$0] &+ 1 }
      let depthsFollow = derivedDepths(t) == t.depth
      let numeric = fields.allSatisfy { t.categorySet[$0] == -1 }
      w.byte(
        (leafDefaults ? leavesAtDefaults : 0) | (depthsFollow ? depthsDerived : 0) | (rightIsNext ? rightAfterLeft : 0)
          | (numeric ? numericOnly : 0))
      w.compactDoubles(fields.map { t.threshold[$0] })
      w.uint8s(fields.map { t.binThreshold[$0] })
      if !numeric { w.packedInts(fields.map { t.categorySet[$0] }) }
      w.uint64s(t.categorySets)
      w.uint8s(fields.map { t.missingLeft[$0] ? 1 : 0 })
      w.packedInts(fields.map { t.left[$0] })
      if !rightIsNext { w.packedInts(fields.map { t.right[$0] }) }
      w.compactDoubles(fields.map { t.gain[$0] })
      w.compactDoubles(t.weight)
      w.compactDoubles(t.values)
      if !depthsFollow { w.packedInts(t.depth) }
    }
    return w.bytes
  }

  /// Reads what ``encode(_:)`` wrote (`kindVersion` 2) or what model kind version 1 wrote. The arrays'
  /// consistency is checked by ``ModelValidation/validateTrees(_:features:name:)``.
  static func decode(_ bytes: [UInt8], kindVersion: Int) throws -> [Tree] {
    var r = ByteReader(bytes)
    let count = try r.int()
    guard count >= 0 && count <= r.remaining / 8 else { throw ByteReader.Damaged(what: "bad tree count") }
    var trees: [Tree] = []
    trees.reserveCapacity(count)
    for _ in 0..<count { trees.append(kindVersion >= 2 ? try compactTree(&r) : try fixedTree(&r)) }
    try r.expectEnd()
    return trees
  }

  /// One tree of kind version 2.
  private static func compactTree(_ r: inout ByteReader) throws -> Tree {
    var t = Tree(valueWidth: try r.int())
    t.feature = try r.packedInt32s()
    let n = t.feature.count
    let flags = try r.byte()
    let fields = flags & leavesAtDefaults != 0 ? (0..<n).filter { t.feature[$0] >= 0 } : Array(0..<n)
    func spread<T>(_ a: [T], leaf: T) throws -> [T] {
      guard a.count == fields.count else { throw ByteReader.Damaged(what: "tree arrays of different lengths") }
      if fields.count == n { return a }
      var out = [T](repeating: leaf, count: n)
      for (k, node) in fields.enumerated() { out[node] = a[k] }
      return out
    }
    t.threshold = try spread(try r.compactDoubles(), leaf: 0)
    t.binThreshold = try spread(try r.uint8s(), leaf: 0)
    t.categorySet =
      flags & numericOnly != 0
      ? [Int32](repeating: -1, count: n) : try spread(try r.packedInt32s(), leaf: -1)
    t.categorySets = try r.uint64s()
    t.missingLeft = try spread(try r.uint8s().map { $0 != 0 }, leaf: true)
    let left = try r.packedInt32s()
    t.left = try spread(left, leaf: -1)
    t.right =
      flags & rightAfterLeft != 0
      ? try spread(left.map { $0 &+ 1 }, leaf: -1) : try spread(try r.packedInt32s(), leaf: -1)
    t.gain = try spread(try r.compactDoubles(), leaf: 0)
    t.weight = try r.compactDoubles()
    t.values = try r.compactDoubles()
    t.depth = flags & depthsDerived != 0 ? derivedDepths(t) : try r.packedInt32s()
    return t
  }

  /// One tree of kind version 1 (every field at fixed width).
  private static func fixedTree(_ r: inout ByteReader) throws -> Tree {
    var t = Tree(valueWidth: try r.int())
    t.feature = try r.int32s()
    t.threshold = try r.doubles()
    t.binThreshold = try r.uint8s()
    t.categorySet = try r.int32s()
    t.categorySets = try r.uint64s()
    t.missingLeft = try r.uint8s().map { $0 != 0 }
    t.left = try r.int32s()
    t.right = try r.int32s()
    t.gain = try r.doubles()
    t.weight = try r.doubles()
    t.values = try r.doubles()
    t.depth = try r.int32s()
    return t
  }

  /// Depths computed from the children (root 0, a child one below its parent), visiting nodes in index
  /// order; a child index that is not after its parent and inside the tree is skipped (such a tree is
  /// refused by validation), so this never traps on a damaged file.
  static func derivedDepths(_ t: Tree) -> [Int32] {
    let n = t.feature.count
    var depth = [Int32](repeating: 0, count: n)
    guard t.left.count == n, t.right.count == n else { return depth }
    for k in 0..<n where t.feature[k] >= 0 {
      for c in [Int(t.left[k]), Int(t.right[k])] where c > k && c < n { depth[c] = depth[k] &+ 1 }
    }
    return depth
  }
}
