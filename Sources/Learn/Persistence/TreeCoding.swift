/// The binary form of grown trees in a model file's `trees` section: the tree count, then per tree its
/// value width and node arrays (feature, threshold, bin threshold, category-set index, the category sets,
/// missing-left flags, left, right, gain, weight, values, depth), each written by ``ByteWriter`` (raw IEEE
/// bits for doubles, so a loaded tree makes the same decisions and holds the same values).
enum TreeCoding {
  /// The bytes of `trees`.
  static func encode(_ trees: [Tree]) -> [UInt8] {
    var w = ByteWriter()
    w.int(trees.count)
    for t in trees {
      w.int(t.valueWidth)
      w.int32s(t.feature)
      w.doubles(t.threshold)
      w.uint8s(t.binThreshold)
      w.int32s(t.categorySet)
      w.uint64s(t.categorySets)
      w.uint8s(t.missingLeft.map { $0 ? 1 : 0 })
      w.int32s(t.left)
      w.int32s(t.right)
      w.doubles(t.gain)
      w.doubles(t.weight)
      w.doubles(t.values)
      w.int32s(t.depth)
    }
    return w.bytes
  }

  /// Reads what ``encode(_:)`` wrote. The arrays' consistency is checked by ``ModelFile/validateTrees``.
  static func decode(_ bytes: [UInt8]) throws -> [Tree] {
    var r = ByteReader(bytes)
    let count = try r.int()
    guard count >= 0 && count <= r.remaining / 8 else { throw ByteReader.Damaged(what: "bad tree count") }
    var trees: [Tree] = []
    trees.reserveCapacity(count)
    for _ in 0..<count {
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
      trees.append(t)
    }
    try r.expectEnd()
    return trees
  }
}
