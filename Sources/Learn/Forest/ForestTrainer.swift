import Foundation
import Stats

/// How each tree of a forest draws its sample.
public enum SampleScheme: Sendable, Codable, Equatable {
  /// n draws with replacement (Breiman's bagging); a sample drawn k times gets weight k.
  case bootstrap
  /// A fraction of the rows without replacement (grf's `sample.fraction`).
  case subsample(fraction: Double)
  /// Every row (a single decision tree, or boosting without bagging).
  case all
}

/// Options of a forest: how many trees, how each samples, and how each grows.
public struct ForestOptions: Sendable, Codable, Equatable {
  public var trees: Int = 100
  public var sampling: SampleScheme = .bootstrap
  public var tree = TreeOptions()
  /// Trees per "little bag" (grf's `ci.group.size`): groups of trees draw their subsamples from a shared
  /// half-sample, which lets the causal forest estimate variance. 1 disables grouping.
  public var groupSize: Int = 1
  public var seed: Int = 42

  public init() {}

  /// Checks ranges; throws ``ModelError/invalidOption(name:value:expected:)``.
  public func validate() throws {
    try check("trees", trees, 1...1_000_000, "an integer ≥ 1")
    try check("group_size", groupSize, 1...trees, "an integer in 1…trees")
    if trees % groupSize != 0 {
      throw ModelError.invalidOption(
        name: "group_size", value: "\(groupSize)", expected: "a divisor of trees (\(trees))")
    }
    if case .subsample(let f) = sampling {
      try check("sample_fraction", f, 1e-9...1, "a number in (0, 1]")
      if groupSize > 1 && f > 0.5 {
        throw ModelError.invalidOption(
          name: "sample_fraction", value: "\(f)",
          expected: "at most 0.5 when trees are grouped (they sample from half-samples)")
      }
    }
    if groupSize > 1 {
      guard case .subsample = sampling else {
        throw ModelError.invalidOption(
          name: "sampling", value: "\(sampling)", expected: "subsample when group_size > 1")
      }
    }
    try tree.validate()
  }
}

/// Trees grown by ``ForestTrainer`` together with which rows each tree used.
public struct TrainedForest: Sendable {
  public var trees: [Tree]
  /// Per tree, the sorted ids of the rows it used (for splitting or for filling leaves).
  public var inBag: [[Int32]]

  /// Trees and their in-bag rows (e.g. batches of one forest concatenated).
  public init(trees: [Tree], inBag: [[Int32]]) {
    self.trees = trees
    self.inBag = inBag
  }
}

/// Grows a forest from three strategies, one tree per work item on all cores.
///
/// A new kind of forest is *assembled*, not written: choose a ``RelabelingStrategy`` (what each node's
/// samples are turned into), a ``SplittingRule`` (how candidate splits are scored) and a
/// ``LeafSummaryStrategy`` (what leaves store and how averaged leaves predict), plus sampling and tree
/// options. For example
/// - regression forest: ``OutcomeRelabeling`` + `.variance` + ``MeanLeafSummary``;
/// - classification forest: the same on a 0/1 outcome (variance reduction on the class indicator is
///   Gini reduction; the leaf mean is the class-1 frequency);
/// - causal forest (grf): a node-local relabeling to the pseudo-outcome ρ with the treatment columns,
///   `.causal(alpha:imbalancePenalty:)`, a leaf summary keeping the means of Y, W, YW, WW and predicting
///   their moment ratio, `.subsample(fraction: 0.5)`, `honesty = true`, `groupSize = 2`.
/// The tree code (histograms, split search, missing values, honesty, pruning) is shared by all of them.
///
/// Determinism: tree `i` uses its own stream `SeededRNG(seed).derived(i)` (little-bag half-samples use
/// `derived(-1 - group)`), and trees are collected in index order, so a forest is identical for any
/// number of threads.
public struct ForestTrainer: Sendable {
  public let relabeling: any RelabelingStrategy
  public let splitting: SplittingRule
  public let summary: any LeafSummaryStrategy
  public let options: ForestOptions
  /// How the trees are grown (threads); never part of the result.
  public let execution: ExecutionOptions

  /// Creates a trainer from its three strategies, the forest options and how to execute the fit.
  public init(
    relabeling: any RelabelingStrategy, splitting: SplittingRule, summary: any LeafSummaryStrategy,
    options: ForestOptions, execution: ExecutionOptions = ExecutionOptions()
  ) {
    self.execution = execution
    self.relabeling = relabeling
    self.splitting = splitting
    self.summary = summary
    self.options = options
  }

  /// Grows `options.trees` trees on the binned rows. `sampleWeights` (optional, by row) multiply the
  /// sampling weights.
  ///
  /// - Parameter trees: which trees of the forest to grow (default all, `0..<options.trees`). Tree `i` is
  ///   the same whichever range it is grown in, so a caller may grow a forest in batches (to report
  ///   progress or check for Ctrl-C between them) and concatenate the batches to get the whole forest.
  public func train(_ data: BinnedMatrix, sampleWeights: [Double]? = nil, trees: Range<Int>? = nil) throws
    -> TrainedForest
  {
    try options.validate()
    let range = trees ?? 0..<options.trees
    guard range.lowerBound >= 0, range.upperBound <= options.trees else {
      throw ModelError.invalidOption(name: "trees", value: "\(range)", expected: "a range within 0..<\(options.trees)")
    }
    if let need = splitting.requiredResponseWidth, need != relabeling.responseWidth {
      throw ModelError.unsupported(
        "splitting rule \(splitting) needs \(need) responses per sample, the relabeling "
          + "strategy gives \(relabeling.responseWidth)")
    }
    guard data.rows > 0 else { throw ModelError.tooFewRows("no rows to grow trees on") }
    let minLeaf = Double(options.tree.minLeafSize)
    switch splitting {
    case .variance:
      return try grow(VarianceScorer(width: relabeling.responseWidth, minLeaf: minLeaf), data, sampleWeights, range)
    case .regression(let a, let p):
      return try grow(
        VarianceScorer(width: relabeling.responseWidth, minLeaf: minLeaf, alpha: a, penalty: p), data,
        sampleWeights, range)
    case .gradient(let l, let h):
      return try grow(GradientScorer(lambda: l, minLeaf: minLeaf, minHessian: h), data, sampleWeights, range)
    case .causal(let a, let p):
      return try grow(CausalScorer(alpha: a, penalty: p, minLeaf: minLeaf), data, sampleWeights, range)
    }
  }

  private func grow<S: SplitScorer>(
    _ scorer: S, _ data: BinnedMatrix, _ sampleWeights: [Double]?,
    _ range: Range<Int>
  ) throws -> TrainedForest {
    let k = range.count, first = range.lowerBound
    var trees = [Tree?](repeating: nil, count: k)
    var bags = [[Int32]](repeating: [], count: k)
    let base = SeededRNG(seed: options.seed)
    let features = Array(0..<data.cols)
    // Half-samples for little bags, one per group the range touches (group g of the whole forest).
    let size = options.groupSize
    let firstGroup = first / size
    let groups = size > 1 && k > 0 ? (range.upperBound - 1) / size - firstGroup + 1 : 0
    // Drawn on all cores (each group's half from its own stream, written to its own slot): serially they
    // left a core idle before every batch of trees.
    var halves = [[Int32]](repeating: [], count: groups)
    halves.withUnsafeMutableBufferPointer { hp in
      let hb = SharedPointer(hp.baseAddress!)
      parallelFor(groups, threads: execution.threads) { g in
        var r = base.derived(-1 - (firstGroup + g))
        hb[g] = SortedIds.sample(data.rows, data.rows / 2, rng: &r)
      }
    }
    trees.withUnsafeMutableBufferPointer { tp in
      bags.withUnsafeMutableBufferPointer { bp in
        let tb = SharedPointer(tp.baseAddress!), bb = SharedPointer(bp.baseAddress!)
        let this = UncheckedSendable(self)
        let growers = GrowerPool<S>()
        let growerExecution = {
          var e = ExecutionOptions()
          e.markEveryBin = this.value.execution.markEveryBin
          return e
        }()
        // Trees are independent: one work item per tree; each worker reuses a grower (and its buffers)
        // from the pool for the trees it grows.
        parallelFor(k, threads: execution.threads) { i in
          if Interruption.isRequested { return }
          var rng = base.derived(first + i)
          let pool: [Int32]? = groups > 0 ? halves[(first + i) / size - firstGroup] : nil
          let (split, estimation, weights, bag) = this.value.drawSample(
            rows: data.rows, pool: pool,
            sampleWeights: sampleWeights, rng: &rng)
          let grown = growers.withGrower(make: {
            TreeGrower(
              data: data, scorer: scorer, options: this.value.options.tree,
              responseWidth: this.value.relabeling.responseWidth, parallelHistograms: false,
              execution: growerExecution)
          }) { grower in
            grower.grow(
              split: split, estimation: estimation, weights: weights, features: features,
              relabeling: this.value.relabeling, summary: this.value.summary, rng: &rng)
          }
          tb[i] = grown.tree
          bb[i] = bag
        }
      }
    }
    try Interruption.check()  // trees skipped after Ctrl-C are missing: never return them
    return TrainedForest(trees: trees.map { $0 ?? Tree(valueWidth: summary.valueWidth) }, inBag: bags)
  }

  /// The honest estimation rows of tree `i` of ``train(_:sampleWeights:trees:)`` on `n` rows (sorted ids)
  /// and the sampling weights by row id: the rows whose values filled the tree's leaves, each leaf's in
  /// increasing id order. The same draws as the fit, so a caller can refill a grown tree's leaves with
  /// another ``LeafSummaryStrategy`` (one that empties the same leaves) without regrowing it. Nil without
  /// honesty.
  public func estimationSample(tree i: Int, rows n: Int, sampleWeights: [Double]? = nil)
    -> (rows: [Int32], weights: [Double])?
  {
    guard options.tree.honesty, i >= 0, i < options.trees, n > 0 else { return nil }
    let base = SeededRNG(seed: options.seed)
    var pool: [Int32]? = nil
    if options.groupSize > 1 {
      var r = base.derived(-1 - i / options.groupSize)
      pool = SortedIds.sample(n, n / 2, rng: &r)
    }
    var rng = base.derived(i)
    let drawn = drawSample(rows: n, pool: pool, sampleWeights: sampleWeights, rng: &rng)
    return drawn.estimation.map { ($0, drawn.weights) }
  }

  /// One tree's sample: split ids, estimation ids (honesty), weights by row id, and all used ids.
  func drawSample(rows n: Int, pool: [Int32]?, sampleWeights: [Double]?, rng: inout SeededRNG)
    -> (split: [Int32], estimation: [Int32]?, weights: [Double], bag: [Int32])
  {
    var weights = [Double](repeating: 0, count: n)
    var ids: [Int32]
    switch options.sampling {
    case .bootstrap:
      var counts = [Int32](repeating: 0, count: n)
      for _ in 0..<n { counts[rng.int(below: n)] += 1 }
      ids = []
      ids.reserveCapacity(n)
      for i in 0..<n where counts[i] > 0 {
        ids.append(Int32(i))
        weights[i] = Double(counts[i])
      }
    case .subsample(let f):
      let m = max(1, Int((f * Double(n)).rounded()))
      if let pool {
        // `pool` is sorted, so the pool's ids at sorted positions are sorted.
        ids = SortedIds.sample(pool.count, min(m, pool.count), rng: &rng)
        pool.withUnsafeBufferPointer { pp in
          ids.withUnsafeMutableBufferPointer { ip in
            for q in 0..<ip.count { ip[q] = pp[Int(ip[q])] }
          }
        }
      } else {
        ids = SortedIds.sample(n, min(m, n), rng: &rng)
      }
      for i in ids { weights[Int(i)] = 1 }
    case .all:
      ids = (0..<n).map { Int32($0) }
      for i in 0..<n { weights[i] = 1 }
    }
    if let sw = sampleWeights { for i in ids { weights[Int(i)] *= sw[Int(i)] } }
    guard options.tree.honesty else { return (ids, nil, weights, ids) }
    // `rng.shuffle` of the ids, cut into the split and estimation halves, each sorted (the same draws).
    let cut = Int((options.tree.honestyFraction * Double(ids.count)).rounded(.down))
    let (split, est) = SortedIds.shuffledSplit(ids, cut: cut, rng: &rng)
    return (split, est, weights, ids)
  }
}

extension TrainedForest {
  /// Leaf values averaged over trees for each row of a column-major design (`rows` × `cols`), skipping
  /// trees whose leaf is empty (NaN). Returns `width` averages per row and the number of trees used per row.
  static func averageLeaves(_ stored: StoredTrees, x: UnsafePointer<Double>, rows: Int, cols: Int)
    -> (values: [Double], counts: [Int])
  {
    let width = stored.width
    var sums = [Double](repeating: 0, count: rows * width)
    var counts = [Int](repeating: 0, count: rows)
    // Large row blocks, trees in the inner loop over the block's rows: a deep tree stays in cache while
    // thousands of rows walk it. (Each row still sums its trees in tree order, so the block size does not
    // change the result.)
    let block = max(256, min(8192, (rows + 7) / 8))
    let last = stored.trees.treeCount - 1
    sums.withUnsafeMutableBufferPointer { sp in
      counts.withUnsafeMutableBufferPointer { cp in
        let sb = SharedPointer(sp.baseAddress!), cb = SharedPointer(cp.baseAddress!)
        stored.forEachTreeLeaves(x: x, rows: rows, cols: cols, block: block) { t, lo, hi, slots, v in
          for i in lo..<hi {
            let lv = v + Int(slots[i - lo]) * width
            if lv[0].isNaN { continue }
            for k in 0..<width { sb[i * width + k] += lv[k] }
            cb[i] += 1
          }
          guard t == last else { return }
          for i in lo..<hi where cb[i] > 0 {
            for k in 0..<width { sb[i * width + k] /= Double(cb[i]) }
          }
        }
      }
    }
    return (sums, counts)
  }

  /// Out-of-bag averages of leaf values over binned training rows: each row averages only the trees
  /// that did not use it. Rows used by every tree get NaN. Parallel over row blocks; each row sums its
  /// trees in tree order, so the result does not depend on the thread count.
  public func outOfBag(_ data: BinnedMatrix) -> (values: [Double], counts: [Int]) {
    let n = data.rows
    let width = trees.first?.valueWidth ?? 1
    let words = (n + 63) / 64
    var used = [UInt64](repeating: 0, count: words * trees.count)
    for (t, bag) in inBag.enumerated() {
      for i in bag { used[t * words + Int(i) >> 6] |= 1 << UInt64(Int(i) & 63) }
    }
    var sums = [Double](repeating: 0, count: n * width)
    var counts = [Int](repeating: 0, count: n)
    guard n > 0 else { return (sums, counts) }
    // Equal blocks of at most 2,048 rows, as many as a multiple of the cores, so the cores finish together
    // (7,043 rows in blocks of 2,048 left one of two cores idle during the last, small block), and no more
    // (smaller blocks cost instructions: 4,000 rows × 2 forests of 500 trees took 176 M in blocks of 500 rows,
    // 161 M in blocks of 2,048, callgrind). Each row sums its trees in tree order whatever its block, so the
    // blocks do not change the result.
    let cores = Swift.max(1, ProcessInfo.processInfo.activeProcessorCount)
    let wanted = ((n + 2047) / 2048 + cores - 1) / cores * cores
    let block = Swift.max(1, (n + wanted - 1) / wanted)
    let blocks = (n + block - 1) / block
    let stored = StoredTrees(trees)
    withUnsafePointers(used, data.columns, data.bins) { usedBits, columns, bins in
      sums.withUnsafeMutableBufferPointer { sp in
        counts.withUnsafeMutableBufferPointer { cp in
          let sb = SharedPointer(sp.baseAddress!), cb = SharedPointer(cp.baseAddress!)
          stored.trees.withWalker { walker in
            stored.values.withUnsafeBufferPointer { v in
              let vb = UncheckedSendable(v.baseAddress ?? UnsafePointer(bitPattern: 8)!)
              parallelFor(blocks) { b in
                let lo = b * block, hi = min(n, lo + block)
                // Each tree's out-of-bag rows of the block take the partition walk together; a row's sums
                // still add its trees in tree order.
                let walk = PartitionWalk(capacity: hi - lo, walker: walker)
                let rows = BinnedRows(
                  columns: columns.value + lo, stride: n, rows: bins.value + lo * data.cols, width: data.cols)
                for t in 0..<walker.treeCount {
                  let count = walk.setRows(notIn: usedBits.value + t * words, lo: lo, count: hi - lo)
                  walk.walk(walker, tree: t, rows, count: count) { s, found, c in
                    let lv = vb.value + s * width
                    if lv[0].isNaN { return }
                    for q in 0..<c {
                      let i = lo + Int(found[q])
                      for k in 0..<width { sb[i * width + k] += lv[k] }
                      cb[i] += 1
                    }
                  }
                }
                for i in lo..<hi {
                  for k in 0..<width { sb[i * width + k] = cb[i] > 0 ? sb[i * width + k] / Double(cb[i]) : .nan }
                }
              }
            }
          }
        }
      }
    }
    return (sums, counts)
  }
}

/// Calls `body` with the base addresses of three arrays (a never-read stand-in for an empty one), sendable
/// to parallel workers that only read them.
private func withUnsafePointers<A, B, C, T>(
  _ a: [A], _ b: [B], _ c: [C],
  _ body: (
    UncheckedSendable<UnsafePointer<A>>, UncheckedSendable<UnsafePointer<B>>, UncheckedSendable<UnsafePointer<C>>
  )
    -> T
) -> T {
  a.withUnsafeBufferPointer { pa in
    b.withUnsafeBufferPointer { pb in
      c.withUnsafeBufferPointer { pc in
        body(
          UncheckedSendable(pa.baseAddress ?? UnsafePointer(bitPattern: 64)!),
          UncheckedSendable(pb.baseAddress ?? UnsafePointer(bitPattern: 64)!),
          UncheckedSendable(pc.baseAddress ?? UnsafePointer(bitPattern: 64)!))
      }
    }
  }
}
