import Stats
import Synchronization

/// Fitted trees in their stored form (``CompactTrees``) with the leaf payloads apart: leaf slot `s` holds
/// `values[s * width ..< (s + 1) * width]`. This is the hand-off from the grower: every model that
/// predicts from grown ``Tree``s converts them once with ``init(_:)`` and walks the compact form.
public struct StoredTrees: Sendable, Equatable {
  /// The nodes (preorder, 16 bytes each).
  public private(set) var trees = CompactTrees()
  /// Leaf payloads, `width` per leaf slot.
  public private(set) var values: [Double] = []
  /// Values per leaf.
  public let width: Int

  /// Converts grown trees (all with the same value width). A tree without nodes (never returned by the
  /// grower) becomes a single empty leaf (NaN payload), which forests skip.
  public init(_ grown: [Tree]) {
    width = grown.first?.valueWidth ?? 1
    trees.reserve(nodes: grown.reduce(0) { $0 + $1.nodeCount })
    for t in grown {
      if t.nodeCount == 0 {
        let s = values.count / width
        try? trees.append(nodeCount: 1) { _ in .leaf(slot: s) }
        values += repeatElement(.nan, count: width)
        continue
      }
      let first = values.count / width
      trees.append(grown: t, firstSlot: first)
      for k in 0..<t.nodeCount where t.feature[k] < 0 {
        for j in 0..<width { values.append(t.values[k * t.valueWidth + j]) }
      }
    }
  }
}

extension StoredTrees {
  /// Runs `body(walker, values, lo, hi)` for the row blocks `lo..<hi` (`block` rows each) of `rows` rows,
  /// in parallel; bodies must write disjoint rows.
  public func forEachBlock(
    rows: Int, block: Int,
    _ body: (CompactTrees.Walker, UnsafePointer<Double>, Int, Int) -> Void
  ) {
    let blocks = (rows + block - 1) / block
    trees.withWalker { walker in
      values.withUnsafeBufferPointer { v in
        let vb = UncheckedSendable(v.baseAddress ?? UnsafePointer(bitPattern: 8)!)
        parallelFor(blocks) { b in body(walker, vb.value, b * block, Swift.min(rows, b * block + block)) }
      }
    }
  }
}

extension StoredTrees {
  /// Leaf slots of the rows of a column-major matrix (`rows` × `cols`, `x[j * rows + i]`, NaN = missing)
  /// in every tree, by blocks of `block` rows in parallel: `body(t, lo, hi, slots, values)` receives tree
  /// `t`'s leaf slots of rows `lo..<hi` (`slots[i - lo]`; payloads at `values[slot * width]`), trees in
  /// order within each block. A block's rows take each tree's partition walk together (``PartitionWalk``:
  /// node by node, the block's column of the node's feature read at each of the node's rows), which gives
  /// every row the one walk's leaf. Bodies of different blocks run concurrently and must write disjoint rows.
  ///
  /// Measured: scripts/bench/models/README.md (the one walk per row, four rows in lockstep, breadth-first
  /// and level-by-level walks before, the partition walk now).
  public func forEachTreeLeaves(
    x: UnsafePointer<Double>, rows: Int, cols: Int, block: Int,
    _ body: (Int, Int, Int, UnsafePointer<Int32>, UnsafePointer<Double>) -> Void
  ) {
    let xs = UncheckedSendable(x)
    forEachBlock(rows: rows, block: block) { walker, v, lo, hi in
      let m = hi - lo, xb = xs.value + lo
      let slots = UnsafeMutablePointer<Int32>.allocate(capacity: Swift.max(1, m))
      defer { slots.deallocate() }
      let walk = PartitionWalk(capacity: m, walker: walker)
      var missing = false
      for j in 0..<cols where !PlainRow.isPlain(xb + j * rows, count: m) { missing = true }
      for t in 0..<walker.treeCount {
        walk.setAllRows(m)
        walk.walk(walker, tree: t, x: xb, stride: rows, count: m, missing: missing) { s, found, c in
          let code = Int32(truncatingIfNeeded: s)
          for i in 0..<c { slots[Int(found[i])] = code }
        }
        body(t, lo, hi, slots, v)
      }
    }
  }
}

extension CompactTrees {
  /// Appends a grown tree (the grower's hand-off). Its leaves get the slots `firstSlot, firstSlot + 1, …`
  /// in node order. With `nanThresholdGoesLeft`, a numeric split whose threshold is NaN (one that separates
  /// missing from present values) sends missing values left whatever its `missingLeft` flag says — the
  /// rule of the causal forest's stored trees (grf's MIA).
  /// - Returns: the number of leaves.
  @discardableResult
  public mutating func append(grown t: Tree, firstSlot: Int, nanThresholdGoesLeft: Bool = false) -> Int {
    let n = t.nodeCount
    var slot = [Int32](repeating: 0, count: n)
    var leaves = 0
    for k in 0..<n where t.feature[k] < 0 {
      slot[k] = Int32(truncatingIfNeeded: firstSlot + leaves)
      leaves += 1
    }
    appendPreorder(t, slot: slot, nanThresholdGoesLeft: nanThresholdGoesLeft)
    return leaves
  }

  /// Lays out `t`'s nodes in preorder (a direct loop: models convert their trees on every prediction call).
  /// A child index out of range or a node reached twice (possible only in a corrupt model file) ends the
  /// branch in the tree's first leaf slot instead of trapping.
  private mutating func appendPreorder(_ t: Tree, slot: [Int32], nanThresholdGoesLeft: Bool) {
    let n = t.nodeCount
    let fallback = slot.first { $0 >= 0 } ?? 0
    var stack: [(node: Int, patch: Int)] = [(0, -1)]
    var emitted = 0
    while let (k, patch) = stack.popLast() {
      let at = nodes.count
      if patch >= 0 { nodes[patch].next = Int32(at) }
      emitted += 1
      guard k >= 0 && k < n && emitted <= n else {
        nodes.append(Node(threshold: 0, code: -1, next: fallback))
        binThresholds.append(0)
        continue
      }
      let f = t.feature[k]
      if f < 0 {
        nodes.append(Node(threshold: 0, code: -1, next: slot[k]))
        binThresholds.append(0)
        continue
      }
      var code = f & (Node.missingLeftFlag - 1)
      var threshold = t.threshold[k]
      let c = Int(t.categorySet[k])
      if c >= 0 && c * 4 + 4 <= t.categorySets.count {
        code |= Node.categoricalFlag
        threshold = Double(bitPattern: UInt64(sets.count / 4))
        sets += t.categorySets[(c * 4)..<(c * 4 + 4)]
        if t.missingLeft[k] { code |= Node.missingLeftFlag }
      } else if t.missingLeft[k] || (nanThresholdGoesLeft && threshold.isNaN) {
        code |= Node.missingLeftFlag
      }
      nodes.append(Node(threshold: threshold, code: code, next: -1))
      binThresholds.append(t.binThreshold[k])
      stack.append((Int(t.right[k]), at))
      stack.append((Int(t.left[k]), -1))
    }
    roots.append(Int32(nodes.count))
  }

  /// Copies rows `lo..<hi` of a column-major matrix (`rows` × `cols`) into `out` row by row, so walks
  /// read one row's features from adjacent memory (``ValueRow`` with stride 1).
  @inlinable @inline(__always)
  public static func transposeBlock(
    _ x: UnsafePointer<Double>, rows: Int, cols: Int, lo: Int, hi: Int,
    into out: UnsafeMutablePointer<Double>
  ) {
    for j in 0..<cols {
      let col = x + j * rows
      for i in lo..<hi { out[(i - lo) * cols + j] = col[i] }
    }
  }
}

/// A once-built ``StoredTrees`` for a model whose trees never change after fitting or loading. Reference
/// type so copies of the model share it; the mutex makes the first build safe when several requests score at
/// once. Not part of any saved file.
public final class StoredTreesCache: Sendable {
  private let built = Mutex<StoredTrees?>(nil)

  public init() {}

  /// The compact form of `trees`, converting them on the first call only.
  public func stored(for trees: [Tree]) -> StoredTrees {
    built.withLock { built in
      if let built { return built }
      let fresh = StoredTrees(trees)
      built = fresh
      return fresh
    }
  }
}
