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

  /// Writes the rows `r` in `0..<m` whose bit `lo + r` of `bits` is clear (the rows a tree did not use,
  /// with its in-bag bitset) to ``rows`` in row order and returns their count. Without a branch per row:
  /// every row index is written at `rows[count]` and `count` advances by 1 − its bit (whether a row was in
  /// a tree's bag is a coin flip, which a branch mispredicts about half the time).
  @inlinable
  public func setRows(notIn bits: UnsafePointer<UInt64>, lo: Int, count m: Int) -> Int {
    let rows = buffers.0
    var count = 0
    for r in 0..<Swift.min(m, capacity) {
      let i = lo &+ r
      let used = Int(truncatingIfNeeded: (bits[i &>> 6] &>> UInt64(i & 63)) & 1)
      rows[count] = Int32(truncatingIfNeeded: r)
      count &+= 1 &- used
    }
    return count
  }

  /// Walks the rows `rows[0..<count]` down tree `t`. Row `r`'s feature `f` is `x[f * stride + r]`
  /// (NaN = missing). `missing: false` promises that no value of these rows is missing (numeric splits then
  /// skip the missing-value test; a wrong promise sends missing values right). `leaf(slot, rows, n)` is
  /// called once per reached leaf with the `n ≥ 1` rows that end there (in no particular order). ``rows``
  /// is overwritten.
  @inlinable @inline(__always)
  public func walk(
    _ walker: CompactTrees.Walker, tree t: Int, x: UnsafePointer<Double>, stride: Int, count: Int,
    missing: Bool = true, leaf: (Int, UnsafePointer<Int32>, Int) -> Void
  ) {
    walk(walker, tree: t, ColumnRows(x: x, stride: stride, missing: missing), count: count, leaf: leaf)
  }

  /// Walks the rows `rows[0..<count]` down tree `t`, reading them through `source` (raw values by column,
  /// ``ColumnRows``, or binned rows, ``BinnedRows``); otherwise as ``walk(_:tree:x:stride:count:missing:leaf:)``.
  @inlinable @inline(__always)
  public func walk<Source: PartitionSource>(
    _ walker: CompactTrees.Walker, tree t: Int, _ source: Source, count: Int,
    leaf: (Int, UnsafePointer<Int32>, Int) -> Void
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
        for i in lo..<hi { leaf(source.leaf(walker, from: k, row: Int(src[i])), src + i, 1) }
        continue
      }
      let l = source.partition(nd, node: k, walker, src: src, dst: dst, lo: lo, hi: hi)
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

/// How a ``PartitionWalk`` reads its rows: it splits a node's rows into left and right, and finishes a
/// single row with the one walk. Both must take the decisions of the matching ``TreeRow``.
public protocol PartitionSource {
  /// Writes the rows `src[lo..<hi]` that go left at split node `nd` (index `k`) to `dst[lo..<l]` in their
  /// order and those that go right to `dst[l..<hi]` (in reverse order); returns `l`.
  func partition(
    _ nd: CompactTrees.Node, node k: Int, _ walker: CompactTrees.Walker, src: UnsafePointer<Int32>,
    dst: UnsafeMutablePointer<Int32>, lo: Int, hi: Int
  ) -> Int
  /// Row `r`'s leaf slot, walking from node `k` (the one walk).
  func leaf(_ walker: CompactTrees.Walker, from k: Int, row r: Int) -> Int
}

/// One write per row, at the left end or the right end of `dst`, chosen by arithmetic on the decision
/// (0 or 1) rather than by a branch or a select (the compiler turns selects here into branches,
/// mispredicted on about half the rows: 23 ns per row and tree instead of 7 in the probe,
/// scripts/bench/policy/README.md). `decide(r)` is 1 when row `r` goes left. Returns the end of the left
/// rows.
@inlinable @inline(__always)
func partitionRows(
  src: UnsafePointer<Int32>, dst: UnsafeMutablePointer<Int32>, lo: Int, hi: Int, _ decide: (Int32) -> UInt8
) -> Int {
  var l = lo, right = hi &- 1
  for i in lo..<hi {
    let r = src[i], b = Int(decide(r))
    dst[right &+ (l &- right) &* b] = r
    l &+= b
    right &-= 1 &- b
  }
  return l
}

/// Rows of a column-major block of raw values: row `r`'s feature `f` is `x[f * stride + r]` (NaN =
/// missing), decided as ``ValueRow`` decides. `missing: false` promises that no value is missing (numeric
/// splits then skip the missing-value test).
public struct ColumnRows: PartitionSource {
  @usableFromInline let x: UnsafePointer<Double>
  @usableFromInline let stride: Int, missing: Bool

  /// The rows of the block at `x` with `stride` values per column.
  @inlinable public init(x: UnsafePointer<Double>, stride: Int, missing: Bool) {
    self.x = x
    self.stride = stride
    self.missing = missing
  }

  @inlinable @inline(__always)
  public func partition(
    _ nd: CompactTrees.Node, node k: Int, _ walker: CompactTrees.Walker, src: UnsafePointer<Int32>,
    dst: UnsafeMutablePointer<Int32>, lo: Int, hi: Int
  ) -> Int {
    let col = x + nd.feature &* stride, threshold = nd.threshold
    if nd.isCategorical {
      let missingLeft = nd.missingLeft, set = nd.setIndex
      return partitionRows(src: src, dst: dst, lo: lo, hi: hi) { r in
        let v = col[Int(r)]
        return PartitionWalk.bit(v.isNaN ? missingLeft : walker.inSet(set, Int(exactly: v) ?? -1))
      }
    }
    if missing && nd.missingLeft {
      return partitionRows(src: src, dst: dst, lo: lo, hi: hi) { r in
        let v = col[Int(r)]
        return PartitionWalk.bit(v <= threshold) | PartitionWalk.bit(v != v)
      }
    }
    return partitionRows(src: src, dst: dst, lo: lo, hi: hi) { r in PartitionWalk.bit(col[Int(r)] <= threshold) }
  }

  @inlinable @inline(__always)
  public func leaf(_ walker: CompactTrees.Walker, from k: Int, row r: Int) -> Int {
    walker.leaf(from: k, ValueRow(x + r, stride: stride))
  }
}

/// Rows of a binned matrix (``BinnedMatrix``), decided as ``BinnedRow`` decides (the missing bin → the
/// node's missing direction; categorical → level set; otherwise `bin ≤` the node's bin threshold). The
/// partition reads the column-major bins (row `r`'s feature `f` at `columns[f * stride + r]`); a row
/// finished alone takes the one walk on its row-major bins (`rows[r * width + f]`).
public struct BinnedRows: PartitionSource {
  @usableFromInline let columns: UnsafePointer<UInt8>, rows: UnsafePointer<UInt8>
  @usableFromInline let stride: Int, width: Int

  /// The rows whose bins are at `columns` (column-major, `stride` bins per column) and at `rows`
  /// (row-major, `width` bins per row).
  @inlinable public init(columns: UnsafePointer<UInt8>, stride: Int, rows: UnsafePointer<UInt8>, width: Int) {
    self.columns = columns
    self.stride = stride
    self.rows = rows
    self.width = width
  }

  @inlinable @inline(__always)
  public func partition(
    _ nd: CompactTrees.Node, node k: Int, _ walker: CompactTrees.Walker, src: UnsafePointer<Int32>,
    dst: UnsafeMutablePointer<Int32>, lo: Int, hi: Int
  ) -> Int {
    let col = columns + nd.feature &* stride, missingBin = FeatureBinner.missingBin
    let missingLeft = PartitionWalk.bit(nd.missingLeft)
    if nd.isCategorical {
      let set = nd.setIndex
      return partitionRows(src: src, dst: dst, lo: lo, hi: hi) { r in
        let b = col[Int(r)]
        return b == missingBin ? missingLeft : PartitionWalk.bit(walker.inSet(set, Int(b)))
      }
    }
    let threshold = walker.binThreshold(k)
    return partitionRows(src: src, dst: dst, lo: lo, hi: hi) { r in
      let b = col[Int(r)]
      return PartitionWalk.bit(b == missingBin) & missingLeft
        | PartitionWalk.bit(b != missingBin) & PartitionWalk.bit(b <= threshold)
    }
  }

  @inlinable @inline(__always)
  public func leaf(_ walker: CompactTrees.Walker, from k: Int, row r: Int) -> Int {
    walker.leaf(from: k, BinnedRow(rows + r &* width))
  }
}
