/// Many walks at once, one node per pass: the kernel for one row down every tree of a forest.
///
/// The one walk (``CompactTrees/Walker/leaf(from:_:)``) follows one row down one tree; each step's node
/// load waits for the previous step's decision, so a lone walk runs at the speed of memory latency. When
/// one row goes down thousands of trees (one customer, trees not in cache), this keeps a list of the
/// unfinished walks and moves each of them one node down per pass. The steps of one pass do not depend
/// on each other, so the processor overlaps their loads; a walk that has reached its leaf records its
/// slot and leaves the list (compacted in place, order kept). (A block of rows goes down each tree
/// together with the partition walk instead: see ``StoredTrees/forEachTreeLeaves(x:rows:cols:block:_:)``.)
///
/// Every decision is the row's ``TreeRow/goesLeft(_:node:_:)``, as in the one walk, so the leaves are
/// the same; only the order in which the nodes are visited changes.
extension CompactTrees.Walker {
  /// Leaf slots of one row in the trees `first ..< first + count`: tree `first + j`'s slot goes to
  /// `slots[j]`. `scratch` must hold at least `2 * count` values.
  @inlinable
  public func leaves<R: TreeRow>(
    _ row: R, trees first: Int, count: Int, into slots: UnsafeMutablePointer<Int32>,
    scratch: UnsafeMutablePointer<Int32>
  ) {
    let lane = scratch, at = scratch + count
    for j in 0..<count {
      lane[j] = Int32(truncatingIfNeeded: j)
      at[j] = roots[first + j]
    }
    advance(count, lane: lane, at: at, slots: slots) { _ in row }
  }

  /// Moves the walks `lane[0..<count]` (walk `lane[i]` at node `at[i]`) down until every one has reached
  /// its leaf, writing walk `l`'s leaf slot to `slots[l]`.
  @inlinable @inline(__always)
  func advance<R: TreeRow>(
    _ count: Int, lane: UnsafeMutablePointer<Int32>, at: UnsafeMutablePointer<Int32>,
    slots: UnsafeMutablePointer<Int32>, _ row: (Int) -> R
  ) {
    // A leaf is decided on as a numeric split of feature 0 (a harmless read); see `breadthFirstAdvance`.
    breadthFirstAdvance(count, lane: lane, at: at, slots: slots) { k, l in
      var nd = nodes[k]
      let split = nd.code >= 0
      nd.code = split ? nd.code : 0
      return (split, nd.next, row(l).goesLeft(nd, node: k, self))
    }
  }
}

/// The breadth-first pass loop shared by the stored and the ranked layouts: moves the walks
/// `lane[0..<count]` (walk `lane[i]` at node `at[i]`) down until every one has reached its leaf, writing walk
/// `l`'s leaf slot to `slots[l]`. `step(k, l)` tells, for walk `l` at node `k`: whether `k` is a split, its
/// `next` (right child, or a leaf's slot) and whether the walk goes left (any value at a leaf).
///
/// Without a branch on "leaf or split" (taken at random, it would be mispredicted once per walk): a leaf's
/// `next` (its slot) is written to `slots[l]` like every split's, the last write wins, and its walk is not kept.
@inlinable @inline(__always)
func breadthFirstAdvance(
  _ count: Int, lane: UnsafeMutablePointer<Int32>, at: UnsafeMutablePointer<Int32>,
  slots: UnsafeMutablePointer<Int32>, _ step: (_ k: Int, _ l: Int) -> (split: Bool, next: Int32, left: Bool)
) {
  var n = count
  while n > 0 {
    var w = 0
    for i in 0..<n {
      let k = Int(at[i]), l = Int(lane[i])
      let s = step(k, l)
      slots[l] = s.next
      lane[w] = Int32(truncatingIfNeeded: l)
      at[w] = s.left ? Int32(truncatingIfNeeded: k &+ 1) : s.next
      w &+= s.split ? 1 : 0
    }
    n = w
  }
}

/// A row of raw values without missing values, for trees without categorical splits: the walk's decision
/// reduces to `x ≤ threshold` (for such rows and trees it is exactly ``ValueRow``'s). Use it only after
/// checking both (``CompactTrees/hasCategoricalSplits`` and ``PlainRow/isPlain(_:count:stride:)``).
public struct PlainRow: TreeRow {
  public let x: UnsafePointer<Double>
  public let stride: Int
  /// The row whose feature `f` is `x[f * stride]`.
  @inlinable @inline(__always)
  public init(_ x: UnsafePointer<Double>, stride: Int = 1) {
    self.x = x
    self.stride = stride
  }

  @inlinable @inline(__always)
  public func goesLeft(_ nd: CompactTrees.Node, node k: Int, _ walker: CompactTrees.Walker) -> Bool {
    x[nd.feature &* stride] <= nd.threshold
  }

  /// True when none of the `count` values `x[0], x[stride], …` is missing (NaN).
  @inlinable
  public static func isPlain(_ x: UnsafePointer<Double>, count: Int, stride: Int = 1) -> Bool {
    var nan = false
    for j in 0..<count { nan = nan || x[j &* stride].isNaN }
    return !nan
  }
}

extension CompactTrees {
  /// True when some tree has a categorical split (level sets are stored only for those).
  @inlinable public var hasCategoricalSplits: Bool { !sets.isEmpty }
}
