/// A few rows down every tree of a ranked forest at once, through a sliding window of walks.
///
/// ``RankedTrees/leaves(table:trees:count:into:scratch:)`` moves all of one row's walks (one per tree, thousands)
/// one node down per pass: the loads of a pass overlap, but between two steps of one walk the pass touches a
/// line of every other tree, so the line a walk reads next (its left child sits in the same line) has left the
/// L1 cache by then. This walk keeps only a window of about ``window`` unfinished walks: when walks reach their
/// leaves, the next trees' walks take their places. The pass still has enough independent loads to overlap,
/// and a walk's next line is still in L1. A block of rows walks together: each tree enters the window with one
/// walk per row, side by side, so the tree's top nodes are loaded once for all the rows.
///
/// Each decision is the row's entry of its own decision table (``RankedTrees/decisions(_:stride:into:)``), as in
/// the one-row walk, so every walk ends in the same leaf; only the order of the steps changes.
extension RankedTrees {
  /// Walks kept in flight (measured: scripts/bench/policy/README.md, session 11).
  public static let window = 128

  /// The `rowBits` for `rows` rows: the smallest `b` with `rows ≤ 1 << b`.
  @inlinable
  public static func rowBits(_ rows: Int) -> Int {
    var b = 0
    while (1 << b) < rows { b += 1 }
    return b
  }

  /// Leaf slots of `rows` rows in the trees `first ..< first + count`: row `r`'s decisions are
  /// `tables[r * tableSize ..< (r + 1) * tableSize]` (``decisions(_:stride:into:)``), and its slot in tree
  /// `first + t` goes to `slots[(t << rowBits) + r]` with `rowBits == RankedTrees.rowBits(rows)` (entries of
  /// rows `rows ..< 1 << rowBits` are not written). `scratch` must hold ``window`` + `rows` values.
  /// Not inlined (the loop gets the registers to itself); one row has its own copy of the loop.
  @inline(never)
  public func leaves(
    tables: UnsafePointer<UInt8>, rows: Int, trees first: Int, count: Int, into slots: UnsafeMutablePointer<Int32>,
    scratch: UnsafeMutablePointer<UInt64>
  ) {
    guard rows > 0, count > 0 else { return }
    if rows == 1 {
      windowWalk(tables: tables, rows: 1, trees: first, count: count, into: slots, scratch: scratch, oneRow: true)
    } else {
      windowWalk(tables: tables, rows: rows, trees: first, count: count, into: slots, scratch: scratch, oneRow: false)
    }
  }

  @inline(__always)
  func windowWalk(
    tables: UnsafePointer<UInt8>, rows: Int, trees first: Int, count: Int, into slots: UnsafeMutablePointer<Int32>,
    scratch: UnsafeMutablePointer<UInt64>, oneRow: Bool
  ) {
    let bits = Self.rowBits(rows), mask = UInt64((1 << bits) &- 1), size = UInt64(tableSize)
    let lanes = scratch, capacity = Swift.max(Self.window, rows)
    // A walk is one word: its slot index `(t << bits) + r` in the high half, its node in the low half.
    var n = 0, tree = 0
    while true {
      while tree < count && n &+ rows <= capacity {
        let root = UInt64(UInt32(bitPattern: roots[first &+ tree]))
        for r in 0..<rows { lanes[n &+ r] = UInt64(truncatingIfNeeded: (tree &<< bits) | r) &<< 32 | root }
        n &+= rows
        tree &+= 1
      }
      if n == 0 { return }
      // One pass: each walk one node down; a walk at its leaf writes its slot and leaves the window (as in
      // `breadthFirstAdvance`: every step writes `next`, the leaf's write is the last). No branch on "leaf":
      // the walk is kept by advancing `w` by 1 at a split (`key >= 0`) and 0 at a leaf.
      var w = 0, i = 0
      while i < n {
        let lane = lanes[i]
        let k = Int(UInt32(truncatingIfNeeded: lane)), l = lane &>> 32
        let nd = nodes[k]
        // `key` at a split, 0 at a leaf (`key >> 31` is all ones exactly for a leaf's -1).
        let key = nd.key, entry = Int(truncatingIfNeeded: key & ~(key &>> 31))
        let row = oneRow ? 0 : Int(truncatingIfNeeded: (l & mask) &* size)
        let left = tables[row &+ entry] != 0
        slots[Int(truncatingIfNeeded: l)] = nd.next
        let to = left ? UInt32(truncatingIfNeeded: k &+ 1) : UInt32(bitPattern: nd.next)
        lanes[w] = lane & 0xFFFF_FFFF_0000_0000 | UInt64(to)
        w &+= Int(truncatingIfNeeded: (key &>> 31) &+ 1)
        i &+= 1
      }
      n = w
    }
  }
}
