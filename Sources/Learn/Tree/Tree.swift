import Frame

/// A fitted binary tree stored as flat node arrays (node 0 is the root).
///
/// Internal nodes test one feature: numeric features go left when `x ≤ threshold` (equivalently
/// `bin ≤ binThreshold` on binned data); categorical features go left when the level code is in the
/// node's category set. Missing values follow `missingLeft`. Every node stores `valueWidth` values
/// (what the leaf-summary strategy computed: a mean, a class probability, a boosting leaf output, or
/// causal sufficient statistics). This is the grower's output; models convert it to ``StoredTrees`` to predict.
public struct Tree: Sendable, Codable, Equatable {
  /// Values stored per node.
  public var valueWidth: Int
  /// Split feature per node; -1 for a leaf.
  public var feature: [Int32]
  /// Numeric split: go left when x ≤ threshold.
  public var threshold: [Double]
  /// Numeric split on binned data: go left when bin ≤ binThreshold.
  public var binThreshold: [UInt8]
  /// Categorical split: index into `categorySets` (4 words = 256 bits per set), or -1.
  public var categorySet: [Int32]
  public var categorySets: [UInt64]
  /// Where missing values go.
  public var missingLeft: [Bool]
  public var left: [Int32]
  public var right: [Int32]
  /// Split gain (impurity decrease) per internal node, 0 for leaves.
  public var gain: [Double]
  /// Training weight (sum of sample weights) that reached each node.
  public var weight: [Double]
  /// Node values, `valueWidth` per node.
  public var values: [Double]
  /// Depth of each node (root = 0).
  public var depth: [Int32]

  /// An empty tree with the given value width.
  public init(valueWidth: Int) {
    self.valueWidth = valueWidth
    feature = []
    threshold = []
    binThreshold = []
    categorySet = []
    categorySets = []
    missingLeft = []
    left = []
    right = []
    gain = []
    weight = []
    values = []
    depth = []
  }

  public var nodeCount: Int { feature.count }
  public var leafCount: Int { feature.reduce(0) { $0 + ($1 < 0 ? 1 : 0) } }
  public var maxDepth: Int { Int(depth.max() ?? 0) }

  /// Appends a leaf node and returns its index.
  @discardableResult
  mutating func addNode(depth d: Int, weight w: Double) -> Int {
    feature.append(-1)
    threshold.append(0)
    binThreshold.append(0)
    categorySet.append(-1)
    missingLeft.append(true)
    left.append(-1)
    right.append(-1)
    gain.append(0)
    weight.append(w)
    values.append(contentsOf: repeatElement(0, count: valueWidth))
    depth.append(Int32(d))
    return feature.count - 1
  }

  /// True when `node` is a leaf.
  @inline(__always)
  public func isLeaf(_ node: Int) -> Bool { feature[node] < 0 }

  @inline(__always)
  func inSet(_ set: Int, _ code: Int) -> Bool {
    if code < 0 || code > 255 { return false }
    return categorySets[set * 4 + (code >> 6)] & (1 << UInt64(code & 63)) != 0
  }

  /// The node reached by a binned row (`bins` points at the row's first feature). This is the grower's
  /// walk during growth (honest leaf filling); after growth, trees are stored and walked as
  /// ``CompactTrees`` (see ``StoredTrees``), which make the same decisions.
  @inline(__always)
  public func leaf(bins: UnsafePointer<UInt8>) -> Int {
    var node = 0
    while feature[node] >= 0 {
      let b = bins[Int(feature[node])]
      let goLeft: Bool
      if b == FeatureBinner.missingBin {
        goLeft = missingLeft[node]
      } else if categorySet[node] >= 0 {
        goLeft = inSet(Int(categorySet[node]), Int(b))
      } else {
        goLeft = b <= binThreshold[node]
      }
      node = Int(goLeft ? left[node] : right[node])
    }
    return node
  }
}
