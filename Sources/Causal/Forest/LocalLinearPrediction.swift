import Learn
import Stats

extension CompactForest {
  /// Rows per block of ``predictLocalLinear(x:rows:ll:moments:lambdas:withVariance:inBag:threads:)``.
  static let localLinearBlockRows = 128

  /// Local-linear effects (and variances) for rows of a column-major matrix, from the per-leaf moments
  /// of `ll`. With `inBag`, trees that used a row are skipped (out-of-bag). When `lambdas` has several
  /// values only τ̂ is returned per λ (for the selection); with one λ also the variance.
  ///
  /// Rows go in blocks, and each tree is walked by all of a block's rows while its nodes and leaf
  /// moments are in cache (a leaf holds ``LocalLinearMoments/width(p:)`` values, so walking every tree
  /// for one row at a time fetched each leaf from memory again for every row). Every row still adds its
  /// trees' moments, and its little-bags terms, in tree order, so the result is the same as computing
  /// the rows one at a time, for any block size or thread count.
  func predictLocalLinear(
    x: [Double], rows n: Int, ll: LocalLinearCorrection, moments: [Double], lambdas: [Double],
    withVariance: Bool, inBag: [UInt64]?, threads: Int
  ) -> (tau: [[Double]], variance: [Double]) {
    let p = ll.columns.count, q = LocalLinearMoments.q(p: p), width = LocalLinearMoments.width(p: p)
    // τ̂ for λ index l of row i at tau[l * n + i].
    var tau = [Double](repeating: .nan, count: n * lambdas.count)
    var variance = [Double](repeating: .nan, count: n)
    func split() -> [[Double]] { (0..<lambdas.count).map { Array(tau[($0 * n)..<(($0 + 1) * n)]) } }
    guard n > 0, treeCount > 0, !moments.isEmpty, x.count >= n * ((ll.columns.max() ?? 0) + 1) else {
      return (split(), variance)
    }
    let cols = x.count / n
    let trees = treeCount, group = groupSize
    let wantVariance = withVariance && lambdas.count == 1 && group >= 2 && trees >= 2 * group
    let blockSize = Swift.min(n, Self.localLinearBlockRows)
    let blocks = (n + blockSize - 1) / blockSize
    let workers = Swift.max(1, Swift.min(threads, blocks))
    self.trees.withWalker { walker in
      x.withUnsafeBufferPointer { xp in
        moments.withUnsafeBufferPointer { mp in
          tau.withUnsafeMutableBufferPointer { tp in
            variance.withUnsafeMutableBufferPointer { vp in
              let tOut = UnsafeSendableBuffer(base: tp.baseAddress!)
              let vOut = UnsafeSendableBuffer(base: vp.baseAddress!)
              let xs = UncheckedSendable(xp.baseAddress!)
              let ms = UncheckedSendable(mp.baseAddress!)
              let words = (n + 63) / 64
              let bag = inBag
              let queue = BlockQueue(count: blocks)
              parallelFor(workers) { _ in
                var block = LocalLinearBlock(
                  rows: blockSize, cols: cols, width: width, trees: trees, group: group,
                  keepLeaves: wantVariance)
                var ws = LocalLinearEstimate.Workspace(q: q, p: p)
                let walk = PartitionWalk(capacity: blockSize, walker: walker)
                while let b = queue.take() {
                  let lo = b * blockSize, hi = Swift.min(n, lo + blockSize), m = hi - lo
                  block.reset(m)
                  // Each tree walked by the block's rows out of its bag together (the partition walk); each
                  // row adds its trees' moments in tree order, and the rows of a leaf read its moments in turn.
                  var missing = false
                  for c in 0..<cols where !PlainRow.isPlain(xs.value + c * n + lo, count: m) { missing = true }
                  let rows = ColumnRows(x: xs.value + lo, stride: n, missing: missing)
                  for t in 0..<trees {
                    var count = m
                    if let bag {
                      count = bag.withUnsafeBufferPointer {
                        walk.setRows(notIn: $0.baseAddress! + t * words, lo: lo, count: m)
                      }
                    } else {
                      walk.setAllRows(m)
                    }
                    walk.walk(walker, tree: t, rows, count: count) { s, found, c in
                      let leaf = ms.value + s * width
                      if leaf[0].isNaN { return }
                      for j in 0..<c {
                        let r = Int(found[j])
                        if wantVariance { block.leafOf[t * blockSize + r] = Int32(truncatingIfNeeded: s) }
                        let avg = block.avg + r * width
                        for k in 0..<width { avg[k] += leaf[k] }
                        block.used[r] += 1
                      }
                    }
                  }
                  for r in 0..<m where block.used[r] > 0 {
                    let i = lo + r, avg = block.avg + r * width
                    let inv = 1 / Double(block.used[r])
                    for k in 0..<width { avg[k] *= inv }
                    for (k, c) in ll.columns.enumerated() { ws.xq[k] = ll.standardized(k, xs.value[c * n + i]) }
                    let solved = LocalLinearEstimate.solve(
                      avg: avg, xq: ws.xq, p: p, lambdas: lambdas, ws: &ws,
                      wantInfluence: wantVariance)
                    for (l, t) in solved.tau.enumerated() { tOut.base[l * n + i] = t }
                    if wantVariance, !solved.u.isEmpty { block.influence[r] = (solved.u, solved.h) }
                  }
                  if wantVariance {
                    block.littleBags(m, leaves: ms.value, width: width, q: q) { r, v in vOut.base[lo + r] = v }
                  }
                }
                block.deallocate()
              }
            }
          }
        }
      }
    }
    return (split(), variance)
  }
}

/// One worker's buffers for a block of local-linear predictions: the block's rows' averaged moments and
/// tree counts, and for the variance each row's leaf in every tree and its influence vectors.
struct LocalLinearBlock {
  let rows: Int, cols: Int, width: Int, trees: Int, group: Int
  /// Whether leaves are recorded (the variance is wanted).
  let keepLeaves: Bool
  let avg: UnsafeMutablePointer<Double>
  let used: UnsafeMutablePointer<Int>
  /// Leaf index of row r in tree t at `t * rows + r` (−1: out of bag or empty leaf); empty without variance.
  /// Tree-major: a tree's walk writes, and a group's little-bags pass reads, its rows' leaves side by side
  /// (row-major, each write of a walk and each read of a group went to another cache line).
  let leafOf: UnsafeMutablePointer<Int32>
  /// Per row, u = Tᵀβ̂ and h = Tᵀ M⁻¹ e₂ of its solve (nil: no variance for the row).
  var influence: [(u: [Double], h: [Double])?]

  init(rows: Int, cols: Int, width: Int, trees: Int, group: Int, keepLeaves: Bool) {
    self.rows = rows
    self.cols = cols
    self.width = width
    self.trees = trees
    self.group = group
    self.keepLeaves = keepLeaves
    avg = .allocate(capacity: Swift.max(1, rows * width))
    used = .allocate(capacity: Swift.max(1, rows))
    leafOf = .allocate(capacity: keepLeaves ? Swift.max(1, rows * trees) : 1)
    influence = [(u: [Double], h: [Double])?](repeating: nil, count: rows)
  }

  /// Clears the sums of the first `m` rows.
  mutating func reset(_ m: Int) {
    avg.update(repeating: 0, count: m * width)
    used.update(repeating: 0, count: m)
    if keepLeaves { for t in 0..<trees { (leafOf + t * rows).update(repeating: -1, count: m) } }
    for r in 0..<m { influence[r] = nil }
  }

  /// The little-bags variance of each of the first `m` rows that has influence vectors, passed to
  /// `out(row, variance)`. Exactly ``CausalForestEstimate/littleBagsVariance(treeCount:groupSize:scale:contributes:influence:)``
  /// per row (groups in order, a group counted only when every tree of it has the row in a non-empty
  /// out-of-bag leaf, ψ² and group means summed in tree order), with the groups in the outer loop so each
  /// group's leaf moments stay in cache while the block's rows read them. A row's factors of ψ that do not
  /// depend on the leaf are computed once (``LocalLinearEstimate/influenceCoefficients(q:u:h:into:)``), and
  /// ψ only for the trees of good groups (a bad group's ψ would be thrown away).
  func littleBags(_ m: Int, leaves: UnsafePointer<Double>, width: Int, q: Int, out: (Int, Double) -> Void) {
    let tri = q * (q + 1) / 2, stride = tri + q, rowStride = self.rows
    var sumSq = [Double](repeating: 0, count: m), sumGroupSq = sumSq
    var goodGroups = [Int](repeating: 0, count: m)
    // Row r's coefficients at `factors[r * stride]`, then its h.
    var factors = [Double](repeating: 0, count: m * stride)
    let rows = (0..<m).filter { influence[$0] != nil }
    factors.withUnsafeMutableBufferPointer { f in
      for r in rows {
        guard let inf = influence[r] else { continue }
        let c = f.baseAddress! + r * stride
        LocalLinearEstimate.influenceCoefficients(q: q, u: inf.u, h: inf.h, into: c)
        for a in 0..<q { c[tri + a] = inf.h[a] }
      }
      for g in 0..<(trees / group) {
        let first = g * group
        for r in rows {
          let leafRow = leafOf + first * rowStride + r
          var any: Int32 = 0
          for j in 0..<group { any |= leafRow[j &* rowStride] }
          if any < 0 { continue }
          goodGroups[r] += 1
          let c = UnsafePointer(f.baseAddress! + r * stride)
          CausalForestEstimate.addLittleBagGroup(groupSize: group, sumSq: &sumSq[r], sumGroupSq: &sumGroupSq[r]) {
            LocalLinearEstimate.influence(
              leaf: leaves + Int(leafRow[$0 &* rowStride]) * width, q: q, h: c + tri, coefficients: c)
          }
        }
      }
    }
    for r in rows {
      out(
        r,
        CausalForestEstimate.finishLittleBags(
          sumSq: sumSq[r], sumGroupSq: sumGroupSq[r],
          goodGroups: goodGroups[r], groupSize: group, scale: 1))
    }
  }

  /// Frees the buffers.
  func deallocate() {
    avg.deallocate()
    used.deallocate()
    leafOf.deallocate()
  }
}
