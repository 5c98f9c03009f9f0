/// The partition walk: a block of rows down one tree, node by node, the way training partitions rows.
///
/// The one walk (``CompactTrees/Walker/leaf(from:_:)``) takes one row from the root to its leaf; each
/// step's node load waits for the previous step's decision, and the decision is a branch mispredicted
/// about half the time. The partition walk turns the loop inside out: it keeps the block's row indices in
/// one buffer and visits the tree's nodes from the root (an explicit stack of node and index range). At a
/// split it partitions the node's range into the rows going left and right with a tight loop in which the
/// node's feature, threshold and flags are loop constants: it reads the feature's column at each row
/// (`x[f * stride + r]`, a column-major block), decides with the exact rule of ``ValueRow`` (NaN →
/// the node's missing direction; categorical → level set; otherwise `x ≤ threshold`), and writes the row
/// index to the front (left) or back (right) of the other buffer without a branch (the decision is
/// used as a number 0 or 1 to compute where to write and which end advances). At a leaf the whole
/// range is handed to the caller with the leaf's slot. Only children with rows are visited; a range
/// smaller than ``PartitionWalk/smallRange`` finishes with the one walk per row.
///
/// Every row ends in the leaf of the one walk (the decisions are the same); within a leaf the rows come
/// in no particular order, so callers must treat each row independently (a per-row sum over trees taken
/// tree after tree is the same as with the one walk, bit for bit).
public final class PartitionWalk {
  /// A node still to visit: its rows are `buffer[lo..<hi]` of buffer `which` (0 or 1).
  @usableFromInline struct Pending {
    @usableFromInline var node: Int32, lo: Int32, hi: Int32, which: Int32
    @usableFromInline init(node: Int32, lo: Int32, hi: Int32, which: Int32) {
      self.node = node
      self.lo = lo
      self.hi = hi
      self.which = which
    }
  }

  /// Ranges with fewer rows than this finish with the one walk per row (a partition pass costs a stack
  /// entry and a loop set-up; cut-offs of 1, 4 and 16 rows were within noise on the policy bench).
  public static let smallRange = 4

  /// The most rows one walk takes.
  public let capacity: Int
  @usableFromInline let buffers: (UnsafeMutablePointer<Int32>, UnsafeMutablePointer<Int32>)
  @usableFromInline let stack: UnsafeMutablePointer<Pending>

  /// Scratch for walks of up to `capacity` rows down the trees of `walker` (the stack is sized by the
  /// largest tree, which bounds any tree's depth).
  public init(capacity: Int, walker: CompactTrees.Walker) {
    self.capacity = Swift.max(1, capacity)
    var largest = 1
    for t in 0..<walker.treeCount { largest = Swift.max(largest, Int(walker.roots[t + 1] - walker.roots[t])) }
    buffers = (.allocate(capacity: self.capacity), .allocate(capacity: self.capacity))
    stack = .allocate(capacity: largest + 1)
  }

  deinit {
    buffers.0.deallocate()
    buffers.1.deallocate()
    stack.deallocate()
  }

  /// 1 for true, 0 for false, as a number the compiler keeps as arithmetic.
  @inlinable @inline(__always) static func bit(_ b: Bool) -> UInt8 { unsafeBitCast(b, to: UInt8.self) }

  /// The rows to walk: write the row indices (`0..<capacity`) of the next walk to `rows[0..<count]`.
  public var rows: UnsafeMutablePointer<Int32> { buffers.0 }

  /// Writes the rows `0..<count` to ``rows``.
  public func setAllRows(_ count: Int) {
    for r in 0..<Swift.min(count, capacity) { buffers.0[r] = Int32(truncatingIfNeeded: r) }
  }

  /// Walks the rows `rows[0..<count]` down tree `t`. Row `r`'s feature `f` is `x[f * stride + r]`
  /// (NaN = missing). `missing: false` promises that no value of these rows is missing (numeric splits then
  /// skip the missing-value test; a wrong promise sends missing values right). `leaf(slot, rows, n)` is called once per reached leaf with the `n ≥ 1` rows that
  /// end there (in no particular order). ``rows`` is overwritten.
  @inlinable @inline(__always)
  public func walk(
    _ walker: CompactTrees.Walker, tree t: Int, x: UnsafePointer<Double>, stride: Int, count: Int,
    missing: Bool = true, leaf: (Int, UnsafePointer<Int32>, Int) -> Void
  ) {
    guard count > 0 else { return }
    precondition(count <= capacity, "PartitionWalk: more rows than its capacity")
    let nodes = walker.nodes, stack = self.stack, small = Self.smallRange
    let buffer = (buffers.0, buffers.1)
    var top = 1
    stack[0] = Pending(node: walker.roots[t], lo: 0, hi: Int32(truncatingIfNeeded: count), which: 0)
    while top > 0 {
      top &-= 1
      let p = stack[top]
      let k = Int(p.node), lo = Int(p.lo), hi = Int(p.hi)
      let src = p.which == 0 ? buffer.0 : buffer.1, dst = p.which == 0 ? buffer.1 : buffer.0
      let nd = nodes[k]
      if nd.code < 0 {
        leaf(Int(nd.next), src + lo, hi &- lo)
        continue
      }
      if hi &- lo < small {
        for i in lo..<hi {
          let r = Int(src[i])
          leaf(walker.leaf(from: k, ValueRow(x + r, stride: stride)), src + i, 1)
        }
        continue
      }
      let col = x + nd.feature &* stride, threshold = nd.threshold
      var l = lo, right = hi &- 1
      // One write per row, at the left end or the right end, chosen by arithmetic on the decision (0 or 1)
      // rather than by a branch or a select (the compiler turns selects here into branches, mispredicted on
      // about half the rows: 23 ns per row and tree instead of 7 in the probe, scripts/bench/policy/README.md).
      @inline(__always) func put(_ r: Int32, _ left: UInt8) {
        let b = Int(left)
        dst[right &+ (l &- right) &* b] = r
        l &+= b
        right &-= 1 &- b
      }
      if nd.isCategorical {
        let missingLeft = nd.missingLeft, set = nd.setIndex
        for i in lo..<hi {
          let r = src[i], v = col[Int(r)]
          put(r, Self.bit(v.isNaN ? missingLeft : walker.inSet(set, Int(exactly: v) ?? -1)))
        }
      } else if missing && nd.missingLeft {
        for i in lo..<hi {
          let r = src[i], v = col[Int(r)]
          put(r, Self.bit(v <= threshold) | Self.bit(v != v))
        }
      } else {
        for i in lo..<hi {
          let r = src[i]
          put(r, Self.bit(col[Int(r)] <= threshold))
        }
      }
      let which: Int32 = p.which ^ 1
      if l < hi {
        stack[top] = Pending(node: nd.next, lo: Int32(truncatingIfNeeded: l), hi: p.hi, which: which)
        top &+= 1
      }
      if l > lo {
        stack[top] = Pending(
          node: Int32(truncatingIfNeeded: k &+ 1), lo: p.lo, hi: Int32(truncatingIfNeeded: l), which: which)
        top &+= 1
      }
    }
  }
}
