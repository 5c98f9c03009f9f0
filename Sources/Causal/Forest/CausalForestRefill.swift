import Learn
import Stats

extension CausalForest {
  /// `grown`'s trees with their leaves filled by `summary` instead of the summary they were grown with:
  /// exactly the forest ``grow`` gives with `summary` (and `keepMoments`), without regrowing the trees.
  ///
  /// Each tree's honest estimation rows are drawn again (``ForestTrainer/estimationSample(tree:rows:sampleWeights:)``,
  /// the same draws as the fit), walked down the tree on their bins, and each leaf's rows, in increasing
  /// id order as the grower hands them, are summarized. Valid because the trees do not depend on the
  /// summary, and because both the plain and the local-linear summaries empty exactly the leaves without
  /// weight (so honest pruning removed the same leaves). Nil without honesty (the leaves were then filled
  /// from the splitting rows in the grower's order) or when `grown` is not a forest of `options`.
  static func refill(
    _ grown: GrownForest, data: BinnedMatrix, summary: LocalLinearLeafSummary, options: CausalForestOptions
  ) -> GrownForest? {
    let n = data.rows, total = options.treeCountRounded, words = (n + 63) / 64
    let forest = grown.forest
    guard options.honesty, forest.treeCount == total, grown.inBag.count == words * total, n > 0 else { return nil }
    let plainWidth = CausalLeafSummary.width, width = summary.valueWidth, extra = width - plainWidth
    let slots = forest.leafCount
    var leafValues = [Double](repeating: .nan, count: slots * plainWidth)
    var moments = [Double](repeating: .nan, count: slots * extra)
    var growth = growthOptions(options, columns: data.cols)
    let base = SeededRNG(seed: options.seed), perBatch = batchSize(options)
    let batches = (total + perBatch - 1) / perBatch
    let trainers = (0..<batches).map { b in
      growth.trees = min(perBatch, total - b * perBatch)
      growth.seed = seedInt(base.derived(b))
      return ForestTrainer(
        relabeling: CausalPseudoOutcomeRelabeling(y: summary.y, w: summary.w),
        splitting: .causal(alpha: options.alpha, imbalancePenalty: options.imbalancePenalty), summary: summary,
        options: growth)
    }
    let failed = leafValues.withUnsafeMutableBufferPointer { lp in
      moments.withUnsafeMutableBufferPointer { mp in
        data.bins.withUnsafeBufferPointer { bp in
          let lv = SharedPointer(lp.baseAddress!), mv = SharedPointer(mp.baseAddress!)
          let bins = UncheckedSendable(bp.baseAddress!)
          let bad = SharedFlags(total)
          forest.trees.withWalker { walker in
            // Trees write disjoint leaf slots.
            parallelFor(total, threads: options.threads) { t in
              guard
                let drawn = trainers[t / perBatch].estimationSample(tree: t % perBatch, rows: n)
              else {
                bad.set(t)
                return
              }
              let root = walker.root(t)
              // Leaf slot of each estimation row, then the rows grouped by slot in increasing id order.
              let leaf = drawn.rows.map { walker.leaf(from: root, BinnedRow(bins.value + Int($0) * data.cols)) }
              let order = leaf.indices.sorted { (leaf[$0], $0) < (leaf[$1], $1) }
              var values = [Double](repeating: 0, count: width)
              var start = 0
              drawn.weights.withUnsafeBufferPointer { wp in
                while start < order.count {
                  let slot = leaf[order[start]]
                  var end = start
                  while end < order.count && leaf[order[end]] == slot { end += 1 }
                  let rows = order[start..<end].map { drawn.rows[$0] }
                  let ok = rows.withUnsafeBufferPointer { rp in
                    values.withUnsafeMutableBufferPointer { vp in
                      summary.summarize(samples: rp, weights: wp.baseAddress!, into: vp.baseAddress!)
                    }
                  }
                  if ok && !values[0].isNaN {
                    for k in 0..<plainWidth { lv[slot * plainWidth + k] = values[k] }
                  }
                  if ok { for k in 0..<extra { mv[slot * extra + k] = values[plainWidth + k] } }
                  start = end
                }
              }
            }
          }
          return bad.any
        }
      }
    }
    guard !failed else { return nil }
    var out = forest
    out.leafValues = leafValues
    return GrownForest(forest: out, inBag: grown.inBag, moments: moments)
  }
}

/// One flag per work item, set by concurrent items at disjoint indices.
private final class SharedFlags: @unchecked Sendable {
  private var flags: [Bool]
  init(_ n: Int) { flags = [Bool](repeating: false, count: n) }
  func set(_ i: Int) { flags.withUnsafeMutableBufferPointer { $0[i] = true } }
  var any: Bool { flags.contains(true) }
}
