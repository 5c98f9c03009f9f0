import Learn

/// The trees of a fitted causal forest: the shared stored-tree layout (``CompactTrees``, 16-byte nodes in
/// preorder, one walk) plus the causal leaf summaries apart.
///
/// A leaf's slot indexes its summary in `leafValues` (``CausalLeafSummary/width`` values per leaf; NaN
/// first value = empty leaf). Slots are numbered per tree in the grown tree's node order, which is also the
/// order of the local-linear moments kept beside the forest. Missing values follow grf's MIA rule (a split
/// with a NaN threshold separates missing from present values and sends missing values left), so rows
/// with NaN covariates can be predicted.
public struct CompactForest: Sendable, Equatable {
  /// The nodes of all trees.
  public internal(set) var trees = CompactTrees() { didSet { ranked = RankedTreesCache() } }
  /// The trees' 8-byte scoring layout for few-row predictions (``RankedTrees``), built at the first one;
  /// derived, not saved, replaced whenever the trees change.
  var ranked = RankedTreesCache()
  /// Leaf summaries, ``CausalLeafSummary/width`` per leaf slot.
  public internal(set) var leafValues: [Double] = []
  /// Trees per little bag (consecutive trees share a half-sample); 1 = no variance estimates.
  public var groupSize: Int = 1

  /// An empty forest.
  public init(groupSize: Int = 1) { self.groupSize = groupSize }

  /// Number of trees.
  public var treeCount: Int { trees.treeCount }
  /// Number of nodes over all trees.
  public var nodeCount: Int { trees.nodeCount }
  /// Number of leaf slots.
  public var leafCount: Int { leafValues.count / CausalLeafSummary.width }

  /// Bytes held by the arrays (for the memory report).
  public var byteCount: Int { trees.byteCount + leafValues.count * 8 }

  /// A tree under construction: nodes in local numbering (0 = root), children in any order.
  public struct TreeBuilder {
    /// A node of the tree being built.
    public enum Node {
      case split(feature: Int, threshold: Double, missingLeft: Bool, left: Int, right: Int)
      case leaf(CausalLeafSummary?)
    }
    public var nodes: [Node] = []
    public init() {}
  }

  /// Appends a tree given in local numbering (children must be valid local indices, each node reached
  /// once). A split with a NaN threshold sends missing values left.
  public mutating func append(_ tree: TreeBuilder) throws {
    var slot = [Int](repeating: -1, count: tree.nodes.count)
    var summaries: [Double] = []
    for (k, node) in tree.nodes.enumerated() {
      guard case .leaf(let s) = node else { continue }
      slot[k] = leafCount + summaries.count / CausalLeafSummary.width
      summaries += s.map { [$0.y, $0.w, $0.yw, $0.ww] } ?? [.nan, .nan, .nan, .nan]
    }
    try trees.append(nodeCount: tree.nodes.count) { k in
      switch tree.nodes[k] {
      case .leaf: return .leaf(slot: slot[k])
      case .split(let f, let t, let m, let l, let r):
        return .numeric(feature: f, threshold: t, binThreshold: 0, missingLeft: m || t.isNaN, left: l, right: r)
      }
    }
    leafValues += summaries
  }

  /// Appends all trees of `other` (same group size), renumbering nodes and leaves.
  public mutating func append(contentsOf other: CompactForest) {
    trees.append(contentsOf: other.trees, slotOffset: leafCount)
    leafValues += other.leafValues
  }

  /// Split counts by depth (`result[depth][feature]`) down to `maxDepth` levels, as used by
  /// ``VariableImportance``.
  public func splitFrequencies(featureCount: Int, maxDepth: Int = 4) -> [[Int]] {
    var result = [[Int]](repeating: [Int](repeating: 0, count: featureCount), count: maxDepth)
    for t in 0..<treeCount {
      var level = [Int(trees.roots[t])]
      var depth = 0
      while !level.isEmpty && depth < maxDepth {
        var next: [Int] = []
        for k in level where !trees.nodes[k].isLeaf {
          let f = trees.nodes[k].feature
          if f < featureCount { result[depth][f] += 1 }
          let c = trees.children(k)
          next.append(c.left)
          next.append(c.right)
        }
        level = next
        depth += 1
      }
    }
    return result
  }
}

extension CompactForest {
  /// Appends a tree grown by the shared grower (numeric splits only): the grower's hand-off.
  mutating func append(converting t: Tree) throws {
    if (0..<t.nodeCount).contains(where: { !t.isLeaf($0) && t.categorySet[$0] >= 0 }) {
      throw CausalForestError.invalidInput("internal: categorical split in a causal tree (covariates must be numeric)")
    }
    let first = leafCount
    let leaves = trees.append(grown: t, firstSlot: first, nanThresholdGoesLeft: true)
    // The leaves' summaries in node order, gathered in scratch and appended at once (not an array
    // literal per leaf: one allocation per leaf was a visible share of converting a forest).
    let width = CausalLeafSummary.width, vw = t.valueWidth
    withUnsafeTemporaryAllocation(of: Double.self, capacity: Swift.max(1, leaves * width)) { scratch in
      let out = scratch.baseAddress!
      var q = 0
      t.feature.withUnsafeBufferPointer { feature in
        t.values.withUnsafeBufferPointer { values in
          for k in 0..<feature.count where feature[k] < 0 {
            let o = k * vw, v = values[o], empty = v.isNaN
            out[q] = empty ? .nan : v
            out[q + 1] = empty ? .nan : values[o + 1]
            out[q + 2] = empty ? .nan : values[o + 2]
            out[q + 3] = empty ? .nan : values[o + 3]
            q += width
          }
        }
      }
      leafValues.append(contentsOf: UnsafeBufferPointer(start: out, count: q))
    }
  }
}
