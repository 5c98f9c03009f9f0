import Learn
import Stats
import Synchronization

/// Per-row effect estimates and variances from a ``CompactForest``.
public struct CausalPredictions: Sendable, Equatable {
  /// τ̂(x) per row (NaN when no tree has a non-empty leaf for the row).
  public var tau: [Double]
  /// Little-bags variance per row (NaN when not requested or not estimable).
  public var variance: [Double]
}

/// Sends disjoint writes from concurrent workers (each worker writes its own rows).
struct UnsafeSendableBuffer<T>: @unchecked Sendable {
  let base: UnsafeMutablePointer<T>
}

/// Hands the blocks `0..<count` to concurrent workers, each block once, in increasing order: a worker that
/// finishes a block takes the next one left, so the workers finish together even when blocks take unequal
/// time (with a fixed share each — blocks w, w + k, … — one core idled while the other finished its last
/// blocks). A block's result does not depend on the worker that computes it.
final class BlockQueue: Sendable {
  private let next = Atomic<Int>(0)
  /// The number of blocks.
  let count: Int

  /// A queue of the blocks `0..<count`.
  init(count: Int) { self.count = count }

  /// The next block not yet taken, or nil when all are.
  func take() -> Int? {
    let b = next.wrappingAdd(1, ordering: .relaxed).oldValue
    return b < count ? b : nil
  }
}

extension CompactForest {
  /// The smallest block of ``predict(x:rows:columns:withVariance:inBag:threads:monteCarlo:)``: each tree is
  /// walked by all of a block's rows at once (the partition walk) while its nodes and leaf summaries are in
  /// cache. Fewer rows than this make one block (one core).
  public static let predictionBlockRows = 512

  /// Rows per block for `n` rows on `threads` workers: at least four blocks per worker when there are
  /// enough rows (so the workers finish together), between ``predictionBlockRows`` and 2,048 rows. With the
  /// partition walk the size barely matters (policy bench, 40,000 customers × 4 arms × 2,000 trees, user CPU
  /// under load 7–8: 512 rows 5.07–5.09 s, 2,048 rows 4.70–5.05 s, 4,096 rows 4.64–4.77 s); larger blocks
  /// would cost memory (the per-(tree, row) slots). The block size does not change any result.
  static func blockRows(rows n: Int, threads: Int) -> Int {
    let spread = n / Swift.max(1, 4 * threads)
    return Swift.min(n, Swift.max(predictionBlockRows, Swift.min(2048, spread)))
  }

  /// Predicts rows of a column-major matrix (`x[j * rows + i]`, NaN = missing).
  ///
  /// The result is exactly ``CausalForestEstimate/estimate(leaves:treeCount:groupSize:withVariance:monteCarlo:)``
  /// on each row's per-tree leaf summaries, computed without gathering them: rows go in blocks; each tree
  /// is walked by the block's rows together (``PartitionWalk``) and its leaf summaries are added to per-row
  /// sums right away (trees in order, so every sum is taken in the same order as the per-row formula); a
  /// second pass over the trees
  /// adds each tree's influence ψ to the per-row little-bags (or Monte Carlo) sums.
  ///
  /// - Parameters:
  ///   - inBag: optional per-tree bitsets (`words` UInt64 per tree) marking the training rows each tree
  ///     used (growing and honest halves); such trees are skipped for that row, giving out-of-bag
  ///     predictions. Only meaningful when `x` holds the training rows in training order.
  ///   - threads: worker count; results do not depend on it (each row is computed independently).
  ///   - monteCarlo: the variance slot holds the Monte Carlo variance of τ̂ over the trees instead of the
  ///     little-bags variance (see ``CausalForestEstimate/estimate(leaves:treeCount:groupSize:withVariance:monteCarlo:)``).
  public func predict(
    x: [Double], rows n: Int, columns d: Int, withVariance: Bool,
    inBag: [UInt64]? = nil, threads: Int = 2, monteCarlo: Bool = false
  ) -> CausalPredictions {
    var tau = [Double](repeating: .nan, count: n), variance = [Double](repeating: .nan, count: n)
    guard n > 0, treeCount > 0, x.count >= n * d else { return CausalPredictions(tau: tau, variance: variance) }
    let blockSize = Self.blockRows(rows: n, threads: threads)
    let blocks = (n + blockSize - 1) / blockSize
    let workers = Swift.max(1, Swift.min(threads, blocks))
    let plan = CausalBlockPlan(
      trees: treeCount, groupSize: groupSize, words: (n + 63) / 64, columns: d,
      categorical: trees.hasCategoricalSplits,
      littleBags: !monteCarlo && withVariance && groupSize >= 2 && treeCount >= 2 * groupSize,
      monteCarlo: monteCarlo,
      ranked: n < CausalBlockState.rankedRowsWalkingTogether && inBag == nil ? ranked.layout(trees) : nil)
    trees.withWalker { walker in
      leafValues.withUnsafeBufferPointer { lv in
        tau.withUnsafeMutableBufferPointer { tp in
          variance.withUnsafeMutableBufferPointer { vp in
            x.withUnsafeBufferPointer { xp in
              let out = (tau: SharedPointer(tp.baseAddress!), variance: SharedPointer(vp.baseAddress!))
              let xs = UncheckedSendable(xp.baseAddress!)
              let leaves = UncheckedSendable(lv.baseAddress ?? UnsafePointer(bitPattern: 8)!)
              let bag = inBag
              let queue = BlockQueue(count: blocks)
              parallelFor(workers) { _ in
                let state = CausalBlockState(plan: plan, blockSize: blockSize, walker: walker)
                while let b = queue.take() {
                  let lo = b * blockSize, hi = Swift.min(n, lo + blockSize)
                  state.run(
                    plan, walker: walker, leaves: leaves.value, x: xs.value, rows: n, lo: lo, hi: hi,
                    inBag: bag, tau: out.tau.base + lo, variance: out.variance.base + lo)
                }
              }
            }
          }
        }
      }
    }
    return CausalPredictions(tau: tau, variance: variance)
  }
}

/// What a block of causal-forest predictions computes (the same for every block).
struct CausalBlockPlan: Sendable {
  let trees: Int, groupSize: Int, words: Int, columns: Int
  /// Some tree has a categorical split (so rows cannot take the ``PlainRow`` walk).
  let categorical: Bool
  /// Little-bags variance wanted (and possible with this forest).
  let littleBags: Bool
  /// Monte Carlo variance wanted instead.
  let monteCarlo: Bool
  /// The forest's 8-byte layout for the rows that walk all trees each (nil: the stored layout's walk).
  let ranked: RankedTrees?
}

/// One worker's scratch for ``CompactForest/predict(x:rows:columns:withVariance:inBag:threads:monteCarlo:)``
/// (raw buffers allocated once per worker, freed on deinit).
final class CausalBlockState {
  let size: Int
  /// Leaf slot of each (tree, row) of the block, `slots[t * size + r]`; -1 = the tree does not contribute.
  let slots: UnsafeMutablePointer<Int32>
  /// The block's rows, row-major (for blocks of fewer than ``rowsWalkingTogether`` rows).
  let local: UnsafeMutablePointer<Double>
  /// Per row: summed leaf summaries (4 each) and the number of contributing trees.
  let sums: UnsafeMutablePointer<Double>, used: UnsafeMutablePointer<Int>
  /// Per row: the forest solution (τ̂, μ̂, W̄, WW̄ − W̄²), 4 each.
  let solution: UnsafeMutablePointer<Double>
  /// Per row: Σψ², Σ(group mean ψ)² and the number of good groups.
  let sumSq: UnsafeMutablePointer<Double>, sumGroupSq: UnsafeMutablePointer<Double>
  let goodGroups: UnsafeMutablePointer<Int>
  /// The breadth-first walks' leaf slots (one per tree) and their work list.
  let walkSlots: UnsafeMutablePointer<Int32>, lanes: UnsafeMutablePointer<Int32>
  /// The ranked walk's window of walks (``RankedTrees/leaves(tables:rows:trees:count:into:scratch:)``).
  let windowLanes: UnsafeMutablePointer<UInt64>
  /// The partition walk's row buffers and node stack (blocks of ``rowsWalkingTogether`` rows or more), made
  /// at the first such block (its stack is sized by a pass over all trees, which few-row predictions skip).
  private(set) lazy var partition = PartitionWalk(capacity: size, walker: walker)
  /// The forest's walker, for the partition walk.
  let walker: CompactTrees.Walker

  init(plan: CausalBlockPlan, blockSize m: Int, walker: CompactTrees.Walker) {
    size = m
    self.walker = walker
    slots = .allocate(capacity: Swift.max(1, plan.trees * m))
    local = .allocate(capacity: Swift.max(1, m * plan.columns))
    sums = .allocate(capacity: 4 * m)
    used = .allocate(capacity: m)
    solution = .allocate(capacity: 4 * m)
    sumSq = .allocate(capacity: m)
    sumGroupSq = .allocate(capacity: m)
    goodGroups = .allocate(capacity: m)
    // The ranked walk of a few rows keeps `1 << rowBits(m)` slots per tree (see `walkAll`).
    let ranked = plan.ranked != nil && m < Self.rankedRowsWalkingTogether
    walkSlots = .allocate(capacity: Swift.max(1, plan.trees, m) << (ranked ? RankedTrees.rowBits(m) : 0))
    lanes = .allocate(capacity: 2 * Swift.max(1, plan.trees, m))
    windowLanes = .allocate(capacity: ranked ? RankedTrees.window + m : 1)
  }

  deinit {
    slots.deallocate()
    local.deallocate()
    sums.deallocate()
    used.deallocate()
    solution.deallocate()
    sumSq.deallocate()
    sumGroupSq.deallocate()
    goodGroups.deallocate()
    walkSlots.deallocate()
    lanes.deallocate()
    windowLanes.deallocate()
  }

  /// Pass 1 for a few rows (fewer than ``rowsWalkingTogether``) without in-bag exclusions: each row walks
  /// all trees (breadth-first over the trees), its leaf slots handed to `add` trees in order.
  @inline(__always)
  private func walkAll<R: TreeRow>(
    _ plan: CausalBlockPlan, walker: CompactTrees.Walker, m: Int,
    leaves lv: UnsafePointer<Double>, _ row: (Int) -> R
  ) {
    let found = walkSlots
    let plain = R.self == PlainRow.self ? (0..<m).compactMap { row($0) as? PlainRow } : []
    if let ranked = plan.ranked, ranked.featureCount <= plan.columns, plain.count == m,
      plain.allSatisfy({ $0.stride == 1 })
    {
      // The ranked walk of all the rows together (``RankedTrees/leaves(tables:rows:trees:count:into:scratch:)``):
      // row `r`'s slot in tree `t` lands in `found[(t << bits) + r]`.
      let size = ranked.tableSize, bits = RankedTrees.rowBits(m)
      withUnsafeTemporaryAllocation(of: UInt8.self, capacity: (size << bits) + size) { tables in
        let tables = tables.baseAddress!
        ranked.decisions(rows: m, stride: 1, into: tables, scratch: tables + (size << bits)) { plain[$0].x }
        ranked.leaves(tables: tables, rows: m, trees: 0, count: plan.trees, into: found, scratch: windowLanes)
      }
      for r in 0..<m { addRow(r, found + r, 1 << bits, plan.trees, lv) }
      return
    }
    for r in 0..<m {
      walker.leaves(row(r), trees: 0, count: plan.trees, into: found, scratch: lanes)
      addRow(r, found, 1, plan.trees, lv)
    }
  }

  /// Adds row `r`'s leaf summaries in slots `found[t * stride]` (tree `t`'s, `t < trees`) to its sums, trees
  /// in order, and records the slots: ``add(_:_:_:_:)`` for every tree, with the sums in registers so that
  /// the summaries' loads (scattered over the forest's leaves) overlap. The same additions in the same order.
  @inline(__always)
  private func addRow(
    _ r: Int, _ found: UnsafePointer<Int32>, _ stride: Int, _ trees: Int, _ lv: UnsafePointer<Double>
  ) {
    let acc = sums + 4 * r, size = self.size, slotColumn = slots + r
    var a0 = acc[0], a1 = acc[1], a2 = acc[2], a3 = acc[3], u = used[r]
    for t in 0..<trees {
      let s = Int(found[t &* stride]), o = s &* CausalLeafSummary.width
      let v = lv[o]
      if v.isNaN {
        slotColumn[t &* size] = -1
        continue
      }
      slotColumn[t &* size] = Int32(truncatingIfNeeded: s)
      a0 += v
      a1 += lv[o &+ 1]
      a2 += lv[o &+ 2]
      a3 += lv[o &+ 3]
      u &+= 1
    }
    acc[0] = a0
    acc[1] = a1
    acc[2] = a2
    acc[3] = a3
    used[r] = u
  }

  /// Pass 1 for a block's rows (column-major, row `r`'s feature `j` at `x[j * rows + r]`): the partition
  /// walk (``PartitionWalk``) of each tree in order, every leaf's rows getting its summary at once
  /// (``addLeaf(_:_:_:_:_:)``). With `inBag`, a tree's in-bag rows are left out before its root (slot -1).
  /// Measured against the one walk per row on the policy bench's forests: scripts/bench/policy/README.md.
  private func partitionPass(
    _ plan: CausalBlockPlan, walker: CompactTrees.Walker, leaves lv: UnsafePointer<Double>,
    x: UnsafePointer<Double>, rows n: Int, m: Int, lo: Int, inBag: [UInt64]?
  ) {
    let walk = partition, size = self.size
    var missing = false
    for j in 0..<plan.columns where !PlainRow.isPlain(x + j * n, count: m) { missing = true }
    for t in 0..<plan.trees {
      var count = m
      if let inBag {
        // Every row's slot is -1 until the walk of the rows out of this tree's bag overwrites it.
        (slots + t * size).update(repeating: -1, count: m)
        count = inBag.withUnsafeBufferPointer {
          walk.setRows(notIn: $0.baseAddress! + t * plan.words, lo: lo, count: m)
        }
      } else {
        walk.setAllRows(m)
      }
      walk.walk(walker, tree: t, x: x, stride: n, count: count, missing: missing) { s, rows, c in
        addLeaf(t, s, rows, c, lv)
      }
    }
  }

  /// Adds tree `t`'s leaf summary in slot `s` to row `r`'s sums and records the slot (-1 for an empty
  /// leaf, which does not contribute).
  @inline(__always)
  private func add(_ t: Int, _ r: Int, _ s: Int, _ lv: UnsafePointer<Double>) {
    let o = s * CausalLeafSummary.width
    let v = lv[o]
    if v.isNaN {
      slots[t * size + r] = -1
      return
    }
    slots[t * size + r] = Int32(truncatingIfNeeded: s)
    let acc = sums + 4 * r
    acc[0] += v
    acc[1] += lv[o + 1]
    acc[2] += lv[o + 2]
    acc[3] += lv[o + 3]
    used[r] += 1
  }

  /// Adds tree `t`'s leaf summary in slot `s` to the sums of the `c` rows `rows[0..<c]` and records the
  /// slot (-1 for an empty leaf): ``add(_:_:_:_:)`` for every row of a leaf at once.
  @inline(__always)
  private func addLeaf(_ t: Int, _ s: Int, _ rows: UnsafePointer<Int32>, _ c: Int, _ lv: UnsafePointer<Double>) {
    let o = s * CausalLeafSummary.width, v = lv[o], slotRow = slots + t * size
    if v.isNaN {
      for i in 0..<c { slotRow[Int(rows[i])] = -1 }
      return
    }
    let w = lv[o + 1], yw = lv[o + 2], ww = lv[o + 3], code = Int32(truncatingIfNeeded: s)
    for i in 0..<c {
      let r = Int(rows[i])
      slotRow[r] = code
      let acc = sums + 4 * r
      acc[0] += v
      acc[1] += w
      acc[2] += yw
      acc[3] += ww
      used[r] += 1
    }
  }

  /// Below this many rows in a block (without in-bag exclusions), each row walks all the trees; from it
  /// on, the rows take the partition walk of each tree together.
  static let rowsWalkingTogether = 8

  /// The same bound for blocks of rows without missing values on a forest with a ``RankedTrees`` layout:
  /// up to 63 such rows walk all trees together in 8-byte nodes (``RankedTrees/leaves(tables:rows:trees:count:into:scratch:)``);
  /// from 64 rows on, the partition walk. Policy bench (`POLICY_BENCH_KERNEL`, 4 arms × 2,000 trees, load
  /// 6.9–7.1, two runs each), CPU per customer, window walk vs partition walk: 40 rows 221/226 vs 328/323 µs,
  /// 48 rows 210/220 vs 283/272 µs, 64 rows 209/212 vs 238/232 µs, 96 rows 219/193 vs 193/187 µs, 128 rows
  /// 234/194 vs 169/171 µs (scripts/bench/policy/README.md, session 11).
  static let rankedRowsWalkingTogether = 64

  /// Predicts rows `lo..<hi` into `tauOut[0..<(hi - lo)]` and `varianceOut[…]`.
  func run(
    _ plan: CausalBlockPlan, walker: CompactTrees.Walker, leaves lv: UnsafePointer<Double>,
    x: UnsafePointer<Double>, rows n: Int, lo: Int, hi: Int, inBag: [UInt64]?,
    tau tauOut: UnsafeMutablePointer<Double>, variance varianceOut: UnsafeMutablePointer<Double>
  ) {
    let m = hi - lo, d = plan.columns, k = CausalLeafSummary.width, size = self.size
    let slot = slots, row = local, acc = sums, used = used, sol = solution
    acc.update(repeating: 0, count: 4 * m)
    used.update(repeating: 0, count: m)
    // Pass 1: each row's leaf in every tree; its leaf summary is added to the row's sums (trees in order
    // for every row).
    let fewRanked = plan.ranked != nil && m < Self.rankedRowsWalkingTogether
    if inBag == nil && (m < Self.rowsWalkingTogether || fewRanked) {
      CompactTrees.transposeBlock(x, rows: n, cols: d, lo: lo, hi: hi, into: row)
      if !plan.categorical && PlainRow.isPlain(row, count: m * d) {
        walkAll(plan, walker: walker, m: m, leaves: lv) { PlainRow(row + $0 * d) }
      } else if m < Self.rowsWalkingTogether {
        walkAll(plan, walker: walker, m: m, leaves: lv) { ValueRow(row + $0 * d) }
      } else {
        partitionPass(plan, walker: walker, leaves: lv, x: x + lo, rows: n, m: m, lo: lo, inBag: nil)
      }
    } else {
      partitionPass(plan, walker: walker, leaves: lv, x: x + lo, rows: n, m: m, lo: lo, inBag: inBag)
    }
    for r in 0..<m {
      varianceOut[r] = .nan
      guard used[r] > 0 else {
        tauOut[r] = .nan
        continue
      }
      let s = CausalForestEstimate.forestSolution(
        acc[4 * r], acc[4 * r + 1], acc[4 * r + 2], acc[4 * r + 3],
        used: used[r])
      sol[4 * r] = s.tau
      sol[4 * r + 1] = s.main
      sol[4 * r + 2] = s.meanW
      sol[4 * r + 3] = s.den
      tauOut[r] = s.tau
    }
    guard plan.littleBags || plan.monteCarlo else { return }
    // Pass 2: each tree's influence ψ at each row's forest solution, trees in order.
    let sumSq = sumSq, sumGroupSq = sumGroupSq, goodGroups = goodGroups
    sumSq.update(repeating: 0, count: m)
    sumGroupSq.update(repeating: 0, count: m)
    goodGroups.update(repeating: 0, count: m)
    /// Tree `t`'s ψ at row `r` (its slot must be ≥ 0).
    @inline(__always) func influence(_ t: Int, _ r: Int) -> Double {
      let o = Int(slot[t * size + r]) * k
      return CausalForestEstimate.treeInfluence(
        y: lv[o], w: lv[o + 1], yw: lv[o + 2], ww: lv[o + 3],
        tau: sol[4 * r], main: sol[4 * r + 1], meanW: sol[4 * r + 2])
    }
    if plan.monteCarlo {
      for t in 0..<plan.trees {
        for r in 0..<m where slot[t * size + r] >= 0 {
          let p = influence(t, r)
          sumSq[r] += p * p
        }
      }
      for r in 0..<m where used[r] > 0 {
        varianceOut[r] = CausalForestEstimate.monteCarloVariance(sumSq: sumSq[r], den: sol[4 * r + 3], used: used[r])
      }
      return
    }
    let g = plan.groupSize
    for group in 0..<(plan.trees / g) {
      // A row's group is good when all its trees contribute (their slots are all ≥ 0, so their bitwise
      // OR is); only then are the trees' ψ computed, in tree order, and added (a bad group's ψ would be
      // thrown away).
      let first = group * g, groupSlots = slot + first * size
      for r in 0..<m {
        var any: Int32 = 0
        for j in 0..<g { any |= groupSlots[j &* size &+ r] }
        if any < 0 { continue }
        goodGroups[r] += 1
        CausalForestEstimate.addLittleBagGroup(groupSize: g, sumSq: &sumSq[r], sumGroupSq: &sumGroupSq[r]) {
          influence(first + $0, r)
        }
      }
    }
    for r in 0..<m where used[r] > 0 {
      let den = sol[4 * r + 3]
      varianceOut[r] = CausalForestEstimate.finishLittleBags(
        sumSq: sumSq[r], sumGroupSq: sumGroupSq[r], goodGroups: goodGroups[r], groupSize: g, scale: 1 / (den * den))
    }
  }
}
