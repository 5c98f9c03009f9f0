/// The stored form of fitted trees after growth: every forest and booster in churn (random forest,
/// gradient boosting, nuisance forests, causal forests) predicts through this one layout and the one
/// decision rule of its walk (``CompactTrees/Walker/leaf(from:_:)``). A block of rows goes down each tree
/// together (the partition walk, `PartitionWalk.swift`); one row down all trees of a forest runs
/// breadth-first (`BreadthFirstWalk.swift`, or in a derived 8-byte layout, `RankedTrees.swift`); every
/// path takes the same decisions, so the leaves are the same.
///
/// Layout. All trees of an ensemble share one array of 16-byte ``Node``s. Each tree's nodes are in
/// preorder, so a split's left child is the next node (`k + 1`) and only the right child is stored; a
/// step down the tree reads one node, usually from the cache line already loaded. Leaves store the index
/// of their payload (a *leaf slot*); payloads (means, boosting outputs, causal sufficient statistics) live
/// apart, in the owner's flat arrays, so inner nodes stay dense. Thresholds stay `Double`, so decisions
/// are exactly those of the grown tree.
///
/// Decisions. A row goes left when its value is missing (NaN) and the node sends missing values left;
/// otherwise, at a categorical node, when the value's level code (an integer 0…255) is in the node's
/// 256-bit level set; otherwise when `x ≤ threshold`. On binned rows the same rule compares bins with
/// the node's bin threshold (see ``BinnedRow``).
public struct CompactTrees: Sendable, Equatable {
  /// One node in 16 bytes.
  ///
  /// Split: `code` holds the feature (low 29 bits) and the flags ``missingLeftFlag`` and
  /// ``categoricalFlag``; `next` is the right child (absolute index); `threshold` is the numeric
  /// threshold, or for a categorical split the index of its level set (as a bit pattern).
  /// Leaf: `code == -1`, `next` is the leaf slot.
  public struct Node: Sendable, Equatable {
    public var threshold: Double
    public var code: Int32
    public var next: Int32

    /// Missing values go left.
    public static let missingLeftFlag: Int32 = 1 << 29
    /// Categorical split (level set) rather than a threshold.
    public static let categoricalFlag: Int32 = 1 << 30
    /// Largest feature index a node can hold.
    public static let maxFeature = Int(missingLeftFlag) - 1

    /// True for a leaf.
    @inlinable @inline(__always) public var isLeaf: Bool { code < 0 }
    /// The split feature (meaningless for a leaf).
    @inlinable @inline(__always) public var feature: Int { Int(code & (Node.missingLeftFlag - 1)) }
    /// Missing values go left.
    @inlinable @inline(__always) public var missingLeft: Bool { code & Node.missingLeftFlag != 0 }
    /// A categorical split.
    @inlinable @inline(__always) public var isCategorical: Bool { code & Node.categoricalFlag != 0 }
    /// The level-set index of a categorical split.
    @inlinable @inline(__always) public var setIndex: Int { Int(truncatingIfNeeded: threshold.bitPattern) }
  }

  /// Nodes of all trees; tree `t` owns `roots[t]..<roots[t + 1]` (its root first).
  public internal(set) var nodes: [Node] = []
  /// First node of each tree, plus the end (`roots.count == treeCount + 1`).
  public internal(set) var roots: [Int32] = [0]
  /// Numeric split on binned rows: go left when `bin ≤ binThresholds[k]` (only read by binned walks).
  public internal(set) var binThresholds: [UInt8] = []
  /// Level sets of categorical splits, 4 words (256 bits) each.
  public internal(set) var sets: [UInt64] = []

  /// An empty ensemble.
  public init() {}

  /// Number of trees.
  public var treeCount: Int { roots.count - 1 }
  /// Number of nodes over all trees.
  public var nodeCount: Int { nodes.count }
  /// Bytes held by the node arrays.
  public var byteCount: Int {
    nodes.count * MemoryLayout<Node>.stride + roots.count * 4 + binThresholds.count + sets.count * 8
  }

  /// A node of a tree being appended, in the tree's own numbering (0 = root). Children may come in
  /// any order; ``append(nodeCount:_:)`` lays them out in preorder.
  public enum SourceNode {
    /// A numeric split: left when `x ≤ threshold` (bins: `bin ≤ binThreshold`).
    case numeric(feature: Int, threshold: Double, binThreshold: UInt8, missingLeft: Bool, left: Int, right: Int)
    /// A categorical split on level codes 0…255 (`set` holds the 4 words of the level set).
    case categorical(feature: Int, set: [UInt64], missingLeft: Bool, left: Int, right: Int)
    /// A leaf with its payload slot.
    case leaf(slot: Int)
  }

  /// Errors from appending a malformed tree (only reachable from corrupt files; grown trees are valid).
  public struct MalformedTree: Error, CustomStringConvertible {
    /// What is wrong.
    public let reason: String
    public var description: String { "malformed tree: \(reason)" }
  }

  /// Appends one tree given node by node in its own numbering (`node(k)` for `k` in `0..<nodeCount`,
  /// root 0). The tree must be a tree: every child index in range and every node reached once.
  public mutating func append(nodeCount: Int, _ node: (Int) -> SourceNode) throws {
    guard nodeCount > 0 else { throw MalformedTree(reason: "a tree without nodes") }
    let base = nodes.count
    guard base + nodeCount < Int(Int32.max) else { throw MalformedTree(reason: "too many nodes") }
    // Built aside and committed at the end, so a malformed tree leaves the ensemble unchanged.
    var out: [Node] = [], outBins: [UInt8] = [], outSets: [UInt64] = []
    out.reserveCapacity(nodeCount)
    outBins.reserveCapacity(nodeCount)
    // Depth-first, right child pushed first so the left child is emitted next; `patch` is the emitted
    // position of the parent whose right child this is (-1 for the root and left children).
    var stack: [(source: Int, patch: Int)] = [(0, -1)]
    while let (k, patch) = stack.popLast() {
      guard k >= 0 && k < nodeCount, out.count < nodeCount else {
        throw MalformedTree(reason: "a child index out of range or a node reached twice")
      }
      if patch >= 0 { out[patch].next = Int32(base + out.count) }
      let at = out.count
      switch node(k) {
      case .leaf(let slot):
        guard slot >= 0 && slot <= Int(Int32.max) else { throw MalformedTree(reason: "leaf slot \(slot)") }
        out.append(Node(threshold: 0, code: -1, next: Int32(slot)))
        outBins.append(0)
      case .numeric(let f, let t, let b, let m, let l, let r):
        guard f >= 0 && f <= Node.maxFeature else { throw MalformedTree(reason: "feature \(f)") }
        out.append(Node(threshold: t, code: Int32(f) | (m ? Node.missingLeftFlag : 0), next: -1))
        outBins.append(b)
        stack.append((r, at))
        stack.append((l, -1))
      case .categorical(let f, let set, let m, let l, let r):
        guard f >= 0 && f <= Node.maxFeature, set.count == 4 else { throw MalformedTree(reason: "feature \(f)") }
        let index = UInt64((sets.count + outSets.count) / 4)
        outSets += set
        let code = Int32(f) | Node.categoricalFlag | (m ? Node.missingLeftFlag : 0)
        out.append(Node(threshold: Double(bitPattern: index), code: code, next: -1))
        outBins.append(0)
        stack.append((r, at))
        stack.append((l, -1))
      }
    }
    nodes += out
    binThresholds += outBins
    sets += outSets
    roots.append(Int32(nodes.count))
  }

  /// Appends every tree of `other`, shifting its leaf slots by `slotOffset`.
  public mutating func append(contentsOf other: CompactTrees, slotOffset: Int) {
    let nodeBase = Int32(nodes.count), setBase = UInt64(sets.count / 4)
    for nd in other.nodes {
      var n = nd
      if nd.isLeaf {
        n.next += Int32(slotOffset)
      } else {
        n.next += nodeBase
        if nd.isCategorical { n.threshold = Double(bitPattern: UInt64(nd.setIndex) + setBase) }
      }
      nodes.append(n)
    }
    binThresholds += other.binThresholds
    sets += other.sets
    for t in 1..<other.roots.count { roots.append(other.roots[t] + nodeBase) }
  }

  /// Reserves room for `nodes` more nodes.
  public mutating func reserve(nodes extra: Int) {
    nodes.reserveCapacity(nodes.count + extra)
    binThresholds.reserveCapacity(binThresholds.count + extra)
  }

  /// The children of split node `k` (absolute indices).
  @inline(__always)
  public func children(_ k: Int) -> (left: Int, right: Int) { (k + 1, Int(nodes[k].next)) }

  /// Raw pointers to the arrays for tight loops; valid only inside ``withWalker(_:)``.
  public struct Walker: @unchecked Sendable {
    @usableFromInline let nodes: UnsafePointer<Node>
    @usableFromInline let roots: UnsafePointer<Int32>
    @usableFromInline let bins: UnsafePointer<UInt8>
    @usableFromInline let sets: UnsafePointer<UInt64>
    /// Number of trees.
    public let treeCount: Int

    /// The root node of tree `t`.
    @inlinable @inline(__always) public func root(_ t: Int) -> Int { Int(roots[t]) }

    /// The one walk: the leaf slot reached from node `root` by `row`.
    @inlinable @inline(__always)
    public func leaf<R: TreeRow>(from root: Int, _ row: R) -> Int {
      var k = root
      while true {
        let nd = nodes[k]
        if nd.code < 0 { return Int(nd.next) }
        k = row.goesLeft(nd, node: k, self) ? k &+ 1 : Int(nd.next)
      }
    }

    /// The leaf slot reached in tree `t`.
    @inlinable @inline(__always)
    public func leaf<R: TreeRow>(tree t: Int, _ row: R) -> Int { leaf(from: Int(roots[t]), row) }

    /// Whether `code` (a level code) is in level set `set`.
    @inlinable @inline(__always)
    func inSet(_ set: Int, _ code: Int) -> Bool {
      code >= 0 && code < 256 && sets[set &* 4 &+ (code >> 6)] & (UInt64(1) << UInt64(code & 63)) != 0
    }

    /// The bin threshold of node `k`.
    @inlinable @inline(__always) func binThreshold(_ k: Int) -> UInt8 { bins[k] }
  }

  /// Calls `body` with raw pointers to the arrays.
  public func withWalker<T>(_ body: (Walker) throws -> T) rethrows -> T {
    try nodes.withUnsafeBufferPointer { n in
      try roots.withUnsafeBufferPointer { r in
        try binThresholds.withUnsafeBufferPointer { b in
          try sets.withUnsafeBufferPointer { s in
            // Empty arrays may have no base address; a dangling but never-read pointer stands in.
            let dummy8 = UnsafePointer<UInt8>(bitPattern: 8)!, dummy64 = UnsafePointer<UInt64>(bitPattern: 8)!
            return try body(
              Walker(
                nodes: n.baseAddress ?? UnsafePointer(bitPattern: 16)!, roots: r.baseAddress!,
                bins: b.baseAddress ?? dummy8, sets: s.baseAddress ?? dummy64,
                treeCount: treeCount))
          }
        }
      }
    }
  }

  /// The leaf slot reached in tree `t` by one row (convenience; loops should use ``withWalker(_:)``).
  public func leaf<R: TreeRow>(tree t: Int, _ row: R) -> Int { withWalker { $0.leaf(tree: t, row) } }
}

/// A row as the walk sees it: decides, at a split node, whether the row goes left.
public protocol TreeRow {
  /// True when the row goes to the left child of split node `nd` (index `k`).
  func goesLeft(_ nd: CompactTrees.Node, node k: Int, _ walker: CompactTrees.Walker) -> Bool
}

/// A row of raw values: feature `f` is at `x[f * stride]` (stride 1 for a row-major row, the row count
/// for a row of a column-major matrix). NaN = missing.
public struct ValueRow: TreeRow {
  public let x: UnsafePointer<Double>
  public let stride: Int
  /// The row whose feature `f` is `x[f * stride]`.
  @inlinable @inline(__always) public init(_ x: UnsafePointer<Double>, stride: Int = 1) {
    self.x = x
    self.stride = stride
  }

  @inlinable @inline(__always)
  public func goesLeft(_ nd: CompactTrees.Node, node k: Int, _ walker: CompactTrees.Walker) -> Bool {
    let v = x[nd.feature &* stride]
    if v.isNaN { return nd.missingLeft }
    if nd.isCategorical { return walker.inSet(nd.setIndex, Int(exactly: v) ?? -1) }
    return v <= nd.threshold
  }
}

/// A binned row (`bins[f]` for feature `f`, ``FeatureBinner/missingBin`` = missing), binned with the
/// bins the trees were grown on.
public struct BinnedRow: TreeRow {
  public let bins: UnsafePointer<UInt8>
  /// The row whose feature `f` has bin `bins[f]`.
  @inlinable @inline(__always) public init(_ bins: UnsafePointer<UInt8>) { self.bins = bins }

  @inlinable @inline(__always)
  public func goesLeft(_ nd: CompactTrees.Node, node k: Int, _ walker: CompactTrees.Walker) -> Bool {
    let b = bins[nd.feature]
    if b == FeatureBinner.missingBin { return nd.missingLeft }
    if nd.isCategorical { return walker.inSet(nd.setIndex, Int(b)) }
    return b <= walker.binThreshold(k)
  }
}
