/// The binary form of ``CompactTrees`` in saved files: the stored layout itself, so loading needs no
/// conversion.
///
/// Written by ``ByteWriter`` in this order: `roots` (Int32 array), the nodes as three arrays —
/// thresholds (raw IEEE bits), codes (Int32: feature and flags, -1 for a leaf), next (Int32: right child
/// or leaf slot) — then `binThresholds` (bytes) and the categorical level `sets` (UInt64 words).
extension CompactTrees {
  /// Appends the trees to `w`.
  public func write(to w: inout ByteWriter) {
    w.int32s(roots)
    w.doubles(nodes.map(\.threshold))
    w.int32s(nodes.map(\.code))
    w.int32s(nodes.map(\.next))
    w.uint8s(binThresholds)
    w.uint64s(sets)
  }

  /// Reads trees written by ``write(to:)`` and checks that every walk stays inside its tree and ends in
  /// a leaf slot below `leafSlots`, reading features below `features` (a damaged file must not crash
  /// prediction or loop). Throws ``ByteReader/Damaged`` when the bytes or the structure are wrong.
  public static func read(from r: inout ByteReader, leafSlots: Int, features: Int) throws -> CompactTrees {
    let roots = try r.int32s()
    let threshold = try r.doubles(), code = try r.int32s(), next = try r.int32s()
    let bins = try r.uint8s(), sets = try r.uint64s()
    let n = threshold.count
    func damaged(_ what: String) -> ByteReader.Damaged { ByteReader.Damaged(what: "stored trees: \(what)") }
    guard code.count == n, next.count == n, bins.count == n, sets.count % 4 == 0 else {
      throw damaged("node arrays of different lengths")
    }
    guard roots.first == 0, roots.last.map({ Int($0) == n }) ?? false else { throw damaged("bad tree boundaries") }
    let setCount = sets.count / 4
    for t in 0..<(roots.count - 1) {
      let lo = Int(roots[t]), hi = Int(roots[t + 1])
      guard lo < hi else { throw damaged("an empty tree") }
      for k in lo..<hi {
        if code[k] < 0 {
          guard code[k] == -1 else { throw damaged("a damaged leaf") }
          guard next[k] >= 0, Int(next[k]) < leafSlots else { throw damaged("a leaf slot out of range") }
          continue
        }
        let node = Node(threshold: threshold[k], code: code[k], next: next[k])
        // Left child k + 1 and right child `next` lie after the node, inside its tree: walks end.
        guard k + 1 < hi, Int(next[k]) > k + 1, Int(next[k]) < hi, node.feature < features,
          !node.isCategorical || (node.setIndex >= 0 && node.setIndex < setCount)
        else { throw damaged("a split points outside its tree") }
      }
    }
    var trees = CompactTrees()
    trees.roots = roots
    trees.nodes = (0..<n).map { Node(threshold: threshold[$0], code: code[$0], next: next[$0]) }
    trees.binThresholds = bins
    trees.sets = sets
    return trees
  }
}
