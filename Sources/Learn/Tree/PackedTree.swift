/// A tree's split nodes packed into one array of small structs, for fast prediction.
///
/// ``Tree`` keeps one array per field (convenient to build and to save); walking it touches five
/// arrays per node. Prediction packs each node into 32 bytes (threshold, feature, children, flags) so a
/// step down the tree reads one cache line. Categorical splits keep their 256-bit level sets aside.
struct PackedTree: Sendable {
  struct Node {
    /// Numeric threshold (go left when x ≤ threshold).
    var threshold: Double
    /// Split feature, or -1 for a leaf.
    var feature: Int32
    /// Categorical set index, or -1 for a numeric split.
    var set: Int32
    var left: Int32
    var right: Int32
    /// Missing values go left.
    var missingLeft: Bool
    /// Numeric split on binned rows: go left when bin ≤ binThreshold (fits in the node's padding).
    var binThreshold: UInt8
  }

  let nodes: [Node]
  let sets: [UInt64]

  init(_ t: Tree) {
    var n: [Node] = []
    n.reserveCapacity(t.nodeCount)
    for i in 0..<t.nodeCount {
      n.append(Node(threshold: t.threshold[i], feature: t.feature[i], set: t.categorySet[i], left: t.left[i],
                    right: t.right[i], missingLeft: t.missingLeft[i], binThreshold: t.binThreshold[i]))
    }
    nodes = n
    sets = t.categorySets
  }

  /// The leaf reached by one row whose features are contiguous (`x[f]`).
  @inline(__always)
  func leaf(_ nodes: UnsafePointer<Node>, row x: UnsafePointer<Double>) -> Int {
    leaf(nodes, values: x, rows: 1, row: 0)
  }

  /// Copies rows `lo..<hi` of a column-major matrix (`rows` × `cols`) into `out` row by row, so tree
  /// walks read one row's features from adjacent memory.
  @inline(__always)
  static func transposeBlock(_ x: UnsafePointer<Double>, rows: Int, cols: Int, lo: Int, hi: Int,
                             into out: UnsafeMutablePointer<Double>) {
    for j in 0..<cols {
      let col = x + j * rows
      for i in lo..<hi { out[(i - lo) * cols + j] = col[i] }
    }
  }

  /// The leaf reached by row `row` of a column-major matrix with `rows` rows.
  @inline(__always)
  func leaf(_ nodes: UnsafePointer<Node>, values x: UnsafePointer<Double>, rows: Int, row: Int) -> Int {
    var i = 0
    while true {
      let nd = nodes[i]
      if nd.feature < 0 { return i }
      let v = x[Int(nd.feature) &* rows &+ row]
      let goLeft: Bool
      if v.isNaN {
        goLeft = nd.missingLeft
      } else if nd.set >= 0 {
        let code = Int(exactly: v) ?? -1
        goLeft = code >= 0 && code < 256
          && sets[Int(nd.set) &* 4 &+ (code >> 6)] & (1 << UInt64(code & 63)) != 0
      } else {
        goLeft = v <= nd.threshold
      }
      i = Int(goLeft ? nd.left : nd.right)
    }
  }

  /// The leaf reached by a binned row (`bins` points at the row's first feature); the same decisions as
  /// ``Tree/leaf(bins:)``.
  @inline(__always)
  static func leaf(_ nodes: UnsafePointer<Node>, _ sets: UnsafePointer<UInt64>?, bins: UnsafePointer<UInt8>) -> Int {
    var i = 0
    while true {
      let nd = nodes[i]
      if nd.feature < 0 { return i }
      let b = bins[Int(nd.feature)]
      let goLeft: Bool
      if b == FeatureBinner.missingBin {
        goLeft = nd.missingLeft
      } else if nd.set >= 0, let sets {
        goLeft = sets[Int(nd.set) &* 4 &+ Int(b >> 6)] & (UInt64(1) << UInt64(b & 63)) != 0
      } else {
        goLeft = b <= nd.binThreshold
      }
      i = Int(goLeft ? nd.left : nd.right)
    }
  }
}
