/// Fitted trees in their stored form (``CompactTrees``) with the leaf payloads apart: leaf slot `s` holds
/// `values[s * width ..< (s + 1) * width]`. This is the hand-off from the grower: every model that
/// predicts from grown ``Tree``s converts them once with ``init(_:)`` and walks the compact form.
public struct StoredTrees: Sendable, Equatable {
  /// The nodes (preorder, 16 bytes each).
  public private(set) var trees = CompactTrees()
  /// Leaf payloads, `width` per leaf slot.
  public private(set) var values: [Double] = []
  /// Values per leaf.
  public let width: Int

  /// Converts grown trees (all with the same value width). A tree without nodes (never returned by the
  /// grower) becomes a single empty leaf (NaN payload), which forests skip.
  public init(_ grown: [Tree]) {
    width = grown.first?.valueWidth ?? 1
    for t in grown {
      if t.nodeCount == 0 {
        let s = values.count / width
        try? trees.append(nodeCount: 1) { _ in .leaf(slot: s) }
        values += repeatElement(.nan, count: width)
        continue
      }
      let first = values.count / width
      trees.append(grown: t, firstSlot: first)
      for k in 0..<t.nodeCount where t.isLeaf(k) { values += t.values[(k * t.valueWidth)..<((k + 1) * t.valueWidth)] }
    }
  }
}

extension CompactTrees {
  /// Appends a grown tree (the grower's hand-off). Its leaves get the slots `firstSlot, firstSlot + 1, …`
  /// in node order. With `nanThresholdGoesLeft`, a numeric split whose threshold is NaN (one that separates
  /// missing from present values) sends missing values left whatever its `missingLeft` flag says — the
  /// rule of the causal forest's stored trees (grf's MIA).
  /// - Returns: the number of leaves.
  @discardableResult
  public mutating func append(grown t: Tree, firstSlot: Int, nanThresholdGoesLeft: Bool = false) -> Int {
    var slot = [Int](repeating: -1, count: t.nodeCount)
    var leaves = 0
    for k in 0..<t.nodeCount where t.isLeaf(k) { slot[k] = firstSlot + leaves; leaves += 1 }
    // Grown trees are well formed (children in range, each node reached once), so this cannot throw.
    try? append(nodeCount: t.nodeCount) { k in
      if t.isLeaf(k) { return .leaf(slot: slot[k]) }
      let f = Int(t.feature[k]), l = Int(t.left[k]), r = Int(t.right[k])
      let c = Int(t.categorySet[k])
      if c >= 0 {
        return .categorical(feature: f, set: Array(t.categorySets[(c * 4)..<(c * 4 + 4)]),
                            missingLeft: t.missingLeft[k], left: l, right: r)
      }
      let thr = t.threshold[k]
      return .numeric(feature: f, threshold: thr, binThreshold: t.binThreshold[k],
                      missingLeft: t.missingLeft[k] || (nanThresholdGoesLeft && thr.isNaN), left: l, right: r)
    }
    return leaves
  }

  /// Copies rows `lo..<hi` of a column-major matrix (`rows` × `cols`) into `out` row by row, so walks
  /// read one row's features from adjacent memory (``ValueRow`` with stride 1).
  @inlinable @inline(__always)
  public static func transposeBlock(_ x: UnsafePointer<Double>, rows: Int, cols: Int, lo: Int, hi: Int,
                                    into out: UnsafeMutablePointer<Double>) {
    for j in 0..<cols {
      let col = x + j * rows
      for i in lo..<hi { out[(i - lo) * cols + j] = col[i] }
    }
  }
}
