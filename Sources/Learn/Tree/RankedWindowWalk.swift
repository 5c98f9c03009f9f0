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

  /// Writes the decision tables of `rows` rows for ``leaves(tables:rows:trees:count:into:scratch:)``,
  /// interleaved: row `r`'s entry `e` (``decisions(_:stride:into:)``) goes to `tables[(e << rowBits) + r]` with
  /// `rowBits == RankedTrees.rowBits(rows)`, so a walk finds its row's entry with a shift and an or. `tables` must
  /// hold `tableSize << rowBits` bytes and `scratch` ``tableSize``; row `r`'s values are `row(r)[f * stride]`.
  @inlinable
  public func decisions(
    rows: Int, stride: Int, into tables: UnsafeMutablePointer<UInt8>, scratch: UnsafeMutablePointer<UInt8>,
    _ row: (Int) -> UnsafePointer<Double>
  ) {
    let bits = Self.rowBits(rows), size = tableSize
    if bits == 0 {
      if rows == 1 { decisions(row(0), stride: stride, into: tables) }
      return
    }
    for r in 0..<rows {
      decisions(row(r), stride: stride, into: scratch)
      for e in 0..<size { tables[e &<< bits | r] = scratch[e] }
    }
  }

  /// Leaf slots of `rows` rows in the trees `first ..< first + count`: the rows' decision tables are
  /// `tables`, interleaved (``decisions(rows:stride:into:scratch:_:)``), and row `r`'s slot in tree `first + t`
  /// goes to `slots[(t << rowBits) + r]` with `rowBits == RankedTrees.rowBits(rows)` (entries of rows
  /// `rows ..< 1 << rowBits` are not written). `scratch` must hold ``window`` + `rows` values. Not inlined (the
  /// loop gets the registers to itself); each `rowBits` up to 6 has its own copy of the loop (constant shifts).
  @inline(never)
  public func leaves(
    tables: UnsafePointer<UInt8>, rows: Int, trees first: Int, count: Int, into slots: UnsafeMutablePointer<Int32>,
    scratch: UnsafeMutablePointer<UInt64>
  ) {
    guard rows > 0, count > 0 else { return }
    let t = tables, s = slots, w = scratch
    switch Self.rowBits(rows) {
    case 0: windowWalk(tables: t, rows: rows, trees: first, count: count, into: s, scratch: w, bits: 0)
    case 1: windowWalk(tables: t, rows: rows, trees: first, count: count, into: s, scratch: w, bits: 1)
    case 2: windowWalk(tables: t, rows: rows, trees: first, count: count, into: s, scratch: w, bits: 2)
    case 3: windowWalk(tables: t, rows: rows, trees: first, count: count, into: s, scratch: w, bits: 3)
    case 4: windowWalk(tables: t, rows: rows, trees: first, count: count, into: s, scratch: w, bits: 4)
    case 5: windowWalk(tables: t, rows: rows, trees: first, count: count, into: s, scratch: w, bits: 5)
    case 6: windowWalk(tables: t, rows: rows, trees: first, count: count, into: s, scratch: w, bits: 6)
    case let b: windowWalk(tables: t, rows: rows, trees: first, count: count, into: s, scratch: w, bits: b)
    }
  }

  @inline(__always)
  func windowWalk(
    tables: UnsafePointer<UInt8>, rows: Int, trees first: Int, count: Int, into slots: UnsafeMutablePointer<Int32>,
    scratch: UnsafeMutablePointer<UInt64>, bits: Int
  ) {
    let mask = UInt64((1 &<< bits) &- 1)
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
        let left = tables[entry &<< bits | Int(truncatingIfNeeded: l & mask)] != 0
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
