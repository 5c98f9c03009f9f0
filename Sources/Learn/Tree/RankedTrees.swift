import Synchronization

/// A derived scoring copy of a ``CompactTrees`` in 8-byte nodes, for one row down every tree of a large
/// forest (one customer): half the bytes per node of the stored layout, so a walk that waits for memory
/// loads fewer cache lines.
///
/// **Exact.** A numeric split keeps, instead of its `Double` threshold, the position of that threshold in
/// a per-feature sorted table of the forest's distinct thresholds. For a row without missing values, let
/// `rank_f(x)` be the number of feature `f`'s thresholds strictly below `x`; then for the `j`-th threshold
/// `t_j`, `x ≤ t_j` exactly when `rank_f(x) ≤ j` (the thresholds below `x` are those before `t_j` iff
/// `t_j` is not below `x`). So a row's decisions are computed once per forest — each feature's rank by
/// binary search, then one byte per distinct threshold (``decisions(_:stride:into:)``) — and a walk reads a
/// node and one byte of that small, cached table. Same leaves as the one walk, bit for bit.
///
/// **Scope.** Only forests without categorical splits, and only rows without missing values (NaN): other
/// rows and forests keep the stored layout's general walk (``ValueRow``). A split whose threshold is NaN
/// (grf's missing-values split) sends every present value right; it points at the table's entry 0, which
/// is always "right".
///
/// Built from the stored trees (see ``RankedTreesCache``); nothing of it is saved.
public final class RankedTrees: @unchecked Sendable {
  /// Split: `key > 0` is the node's entry in the row's decision table (1 + the threshold's global
  /// position), or `key == 0` for a NaN threshold; `next` is the right child. Leaf: `key == -1`, `next` is
  /// the leaf slot (as in ``CompactTrees/Node``).
  @usableFromInline struct Node {
    @usableFromInline var key: Int32
    @usableFromInline var next: Int32
  }

  @usableFromInline let nodes: UnsafeMutablePointer<Node>
  @usableFromInline let roots: UnsafeMutablePointer<Int32>
  /// Distinct thresholds of feature `f`, ascending: `thresholds[start[f] ..< start[f + 1]]`.
  @usableFromInline let thresholds: UnsafeMutablePointer<Double>
  @usableFromInline let start: UnsafeMutablePointer<Int32>
  /// Number of nodes, trees, distinct thresholds.
  public let nodeCount: Int, treeCount: Int, thresholdCount: Int
  /// Features `0 ..< featureCount` are split on (a row must have at least this many values).
  public let featureCount: Int

  /// Entries of a row's decision table (one per distinct threshold, plus entry 0).
  public var tableSize: Int { thresholdCount + 1 }

  /// Bytes this layout holds (nodes, roots, thresholds and their feature offsets).
  public var byteCount: Int {
    nodeCount * MemoryLayout<Node>.stride + (treeCount + 1) * 4 + thresholdCount * 8 + (featureCount + 1) * 4
  }

  /// Largest feature count a ranked layout is built for (a per-feature table is allocated for each).
  public static let maxFeatures = 1 << 20

  /// The ranked layout of `trees`, or nil when it has a categorical split, no trees, or a split on a feature
  /// beyond ``maxFeatures`` (such forests keep the stored layout's walk).
  public init?(_ trees: CompactTrees) {
    guard !trees.hasCategoricalSplits, trees.treeCount > 0 else { return nil }
    let stored = trees.nodes
    var features = 0
    for nd in stored where !nd.isLeaf { features = Swift.max(features, nd.feature + 1) }
    guard features <= Self.maxFeatures else { return nil }
    // Each feature's distinct non-NaN thresholds, ascending (-0.0 and 0.0 are one threshold: same decisions).
    var perFeature = [[Double]](repeating: [], count: features)
    for nd in stored where !nd.isLeaf && !nd.threshold.isNaN { perFeature[nd.feature].append(nd.threshold) }
    var table: [Double] = [], offsets: [Int32] = [0]
    for f in 0..<features {
      var last: Double? = nil
      for t in perFeature[f].sorted() where last.map({ $0 != t }) ?? true {
        table.append(t)
        last = t
      }
      offsets.append(Int32(truncatingIfNeeded: table.count))
    }
    guard table.count < Int(Int32.max) else { return nil }
    nodeCount = stored.count
    treeCount = trees.treeCount
    thresholdCount = table.count
    featureCount = features
    nodes = .allocate(capacity: Swift.max(1, stored.count))
    roots = .allocate(capacity: trees.roots.count)
    thresholds = .allocate(capacity: Swift.max(1, table.count))
    start = .allocate(capacity: offsets.count)
    for (i, r) in trees.roots.enumerated() { roots[i] = r }
    for (i, t) in table.enumerated() { thresholds[i] = t }
    for (i, o) in offsets.enumerated() { start[i] = o }
    for (k, nd) in stored.enumerated() {
      var key: Int32 = -1
      if !nd.isLeaf {
        let f = nd.feature
        let lo = Int(offsets[f]), hi = Int(offsets[f + 1])
        key = nd.threshold.isNaN ? 0 : Int32(truncatingIfNeeded: 1 + Self.countBelow(nd.threshold, thresholds, lo, hi))
      }
      nodes[k] = Node(key: key, next: nd.next)
    }
  }

  deinit {
    nodes.deallocate()
    roots.deallocate()
    thresholds.deallocate()
    start.deallocate()
  }

  /// The position, in `t[lo..<hi]` (ascending), of the first threshold not below `x`: `lo` + the number
  /// of thresholds strictly below `x`.
  @inlinable @inline(__always)
  static func countBelow(_ x: Double, _ t: UnsafePointer<Double>, _ lo: Int, _ hi: Int) -> Int {
    var a = lo, b = hi
    while a < b {
      let mid = (a &+ b) >> 1
      if t[mid] < x { a = mid &+ 1 } else { b = mid }
    }
    return a
  }

  /// Writes row `x`'s decisions (feature `f` is `x[f * stride]`, no NaN) into `table[0 ..< tableSize]`:
  /// entry `1 + g` is 1 when the row goes left at the `g`-th threshold (`x_f ≤ t_g`), entry 0 is 0.
  @inlinable
  public func decisions(_ x: UnsafePointer<Double>, stride: Int, into table: UnsafeMutablePointer<UInt8>) {
    table[0] = 0
    for f in 0..<featureCount {
      let lo = Int(start[f]), hi = Int(start[f &+ 1])
      let r = Self.countBelow(x[f &* stride], thresholds, lo, hi)
      (table + 1 + lo).update(repeating: 0, count: r &- lo)
      (table + 1 + r).update(repeating: 1, count: hi &- r)
    }
  }

  /// Leaf slots of the row whose decisions are `table` (see ``decisions(_:stride:into:)``) in the trees
  /// `first ..< first + count`: tree `first + j`'s slot goes to `slots[j]`. `scratch` must hold at least
  /// `2 * count` values. Breadth-first over the trees, as ``CompactTrees/Walker/leaves(_:trees:count:into:scratch:)``.
  @inlinable
  public func leaves(
    table: UnsafePointer<UInt8>, trees first: Int, count: Int, into slots: UnsafeMutablePointer<Int32>,
    scratch: UnsafeMutablePointer<Int32>
  ) {
    let lane = scratch, at = scratch + count
    for j in 0..<count {
      lane[j] = Int32(truncatingIfNeeded: j)
      at[j] = roots[first + j]
    }
    // As the stored layout's walk: a leaf writes its slot, reads entry 0 and is not kept.
    breadthFirstAdvance(count, lane: lane, at: at, slots: slots) { k, _ in
      let nd = nodes[k]
      let split = nd.key >= 0
      return (split, nd.next, table[split ? Int(nd.key) : 0] != 0)
    }
  }

  /// Leaf slots of row `x` (feature `f` is `x[f * stride]`, no NaN, at least ``featureCount`` values) in
  /// trees `first ..< first + count`, as ``leaves(table:trees:count:into:scratch:)`` after computing the
  /// row's decisions in a temporary table.
  @inlinable
  public func leaves(
    _ x: UnsafePointer<Double>, stride: Int = 1, trees first: Int, count: Int,
    into slots: UnsafeMutablePointer<Int32>, scratch: UnsafeMutablePointer<Int32>
  ) {
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: tableSize) { table in
      decisions(x, stride: stride, into: table.baseAddress!)
      leaves(table: table.baseAddress!, trees: first, count: count, into: slots, scratch: scratch)
    }
  }
}

/// Holds the ``RankedTrees`` of one forest once built (at its first few-row prediction), shared by the
/// forest's copies. A derived cache, not part of the forest's value: two caches always compare equal, and
/// the owner replaces its cache whenever its trees change.
public final class RankedTreesCache: Sendable, Equatable {
  private let built = Mutex<RankedTrees??>(nil)

  /// An empty cache.
  public init() {}

  /// The ranked layout of `trees` (built on the first call, under a lock), or nil when `trees` cannot
  /// have one (categorical splits). `trees` must be the owner's trees, the same at every call.
  public func layout(_ trees: CompactTrees) -> RankedTrees? {
    built.withLock { b in
      if let done = b { return done }
      let made = RankedTrees(trees)
      b = .some(made)
      return made
    }
  }

  /// Caches are derived data: always equal.
  public static func == (lhs: RankedTreesCache, rhs: RankedTreesCache) -> Bool { true }
}
