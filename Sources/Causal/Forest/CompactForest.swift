/// The trees of a fitted causal forest, stored as flat arrays (compact, fast to traverse, and written to
/// disk as is).
///
/// Node `k` of the forest (all trees share the arrays; tree `t` owns nodes `treeStart[t]..<treeStart[t+1]`,
/// its root first) is a split when `feature[k] >= 0`: a row goes to `left[k]` when its value is
/// `<= threshold[k]`, or when the value is missing and `missingLeft[k]` is 1, or when both the value and the
/// threshold are NaN (a split that separates missing from present values); otherwise to `right[k]`.
/// Child indices are absolute. When `feature[k] == -1` the node is a leaf and `left[k]` indexes its
/// summary in `leafValues` (``CausalLeafSummary/width`` values per leaf; NaN first value = empty leaf).
/// Missing values follow grf's MIA rule, so rows with NaN covariates can be predicted.
public struct CompactForest: Sendable, Equatable {
  public var treeStart: [Int32] = [0]
  public var feature: [Int32] = []
  public var threshold: [Double] = []
  public var left: [Int32] = []
  public var right: [Int32] = []
  public var missingLeft: [UInt8] = []
  public var leafValues: [Double] = []
  /// Trees per little bag (consecutive trees share a half-sample); 1 = no variance estimates.
  public var groupSize: Int = 1

  public init(groupSize: Int = 1) { self.groupSize = groupSize }

  /// Number of trees.
  public var treeCount: Int { treeStart.count - 1 }
  /// Number of nodes over all trees.
  public var nodeCount: Int { feature.count }

  /// Bytes held by the arrays (for the memory report).
  public var byteCount: Int {
    treeStart.count * 4 + feature.count * 4 + threshold.count * 8 + left.count * 4 + right.count * 4
      + missingLeft.count + leafValues.count * 8
  }

  /// A tree under construction: nodes in local numbering (0 = root).
  public struct TreeBuilder {
    public enum Node {
      case split(feature: Int, threshold: Double, missingLeft: Bool, left: Int, right: Int)
      case leaf(CausalLeafSummary?)
    }
    public var nodes: [Node] = []
    public init() {}
  }

  /// Appends a tree given in local numbering (children must be valid local indices).
  public mutating func append(_ tree: TreeBuilder) {
    let base = Int32(feature.count)
    for node in tree.nodes {
      switch node {
      case .split(let f, let t, let m, let l, let r):
        feature.append(Int32(f)); threshold.append(t); missingLeft.append(m ? 1 : 0)
        left.append(base + Int32(l)); right.append(base + Int32(r))
      case .leaf(let s):
        feature.append(-1); threshold.append(0); missingLeft.append(0)
        left.append(Int32(leafValues.count / CausalLeafSummary.width)); right.append(-1)
        if let s { leafValues += [s.y, s.w, s.yw, s.ww] } else { leafValues += [.nan, .nan, .nan, .nan] }
      }
    }
    treeStart.append(Int32(feature.count))
  }

  /// Appends all trees of `other` (same group size), renumbering nodes and leaves.
  public mutating func append(contentsOf other: CompactForest) {
    let nodeBase = Int32(feature.count), leafBase = Int32(leafValues.count / CausalLeafSummary.width)
    for k in 0..<other.nodeCount {
      let isLeaf = other.feature[k] < 0
      feature.append(other.feature[k]); threshold.append(other.threshold[k]); missingLeft.append(other.missingLeft[k])
      left.append(isLeaf ? other.left[k] + leafBase : other.left[k] + nodeBase)
      right.append(isLeaf ? -1 : other.right[k] + nodeBase)
    }
    leafValues += other.leafValues
    for t in 1..<other.treeStart.count { treeStart.append(other.treeStart[t] + nodeBase) }
  }

  /// The leaf index reached by a row whose covariate `j` is `value(j)`.
  @inline(__always)
  public func leaf(tree t: Int, value: (Int) -> Double) -> Int {
    var k = Int(treeStart[t])
    while true {
      let f = Int(feature[k])
      if f < 0 { return Int(left[k]) }
      let v = value(f), thr = threshold[k]
      let goLeft = v <= thr || (v.isNaN && (missingLeft[k] != 0 || thr.isNaN))
      k = Int(goLeft ? left[k] : right[k])
    }
  }

  /// Split counts by depth (`result[depth][feature]`) down to `maxDepth` levels, as used by
  /// ``VariableImportance``.
  public func splitFrequencies(featureCount: Int, maxDepth: Int = 4) -> [[Int]] {
    var result = [[Int]](repeating: [Int](repeating: 0, count: featureCount), count: maxDepth)
    for t in 0..<treeCount {
      var level = [Int(treeStart[t])]
      var depth = 0
      while !level.isEmpty && depth < maxDepth {
        var next: [Int] = []
        for k in level where feature[k] >= 0 {
          let f = Int(feature[k])
          if f < featureCount { result[depth][f] += 1 }
          next.append(Int(left[k])); next.append(Int(right[k]))
        }
        level = next
        depth += 1
      }
    }
    return result
  }
}
