import Foundation
import Stats

/// What growing one tree produced.
struct GrownTree: Sendable {
  var tree: Tree
  /// The split samples in their final order: each leaf owns a contiguous range (valid when no leaves
  /// were pruned).
  var samples: [Int32]
  /// (leaf node, begin, end) ranges into `samples`.
  var leafRanges: [(node: Int, begin: Int, end: Int)]
}

/// Grows one tree from binned data with pluggable strategies.
///
/// The grower owns the mechanics every tree model shares — sample bookkeeping, histogram building,
/// split search with missing values, partitioning, depth-first or best-first growth, honesty — while
/// three strategies say what is being fitted:
/// 1. a ``RelabelingStrategy`` turns a node's samples into responses (outcome, class indicator,
///    boosting gradients, causal pseudo-outcome),
/// 2. a ``SplittingRule`` scores candidate splits from response histograms,
/// 3. a ``LeafSummaryStrategy`` computes what each leaf stores from the samples that populate it.
///
/// Histograms hold `channels` sums per (feature, bin); large nodes fill dense 256-bin histograms
/// (in parallel over fixed row chunks when `parallelHistograms`, reduced in chunk order so results do
/// not depend on the thread count); small nodes collect only the bins they meet instead, so deep trees do
/// not pay 256 bins per feature at every tiny node. When responses are fixed for the tree and every
/// node sees the same features, a child's histogram is its parent's minus its sibling's (the smaller
/// child is built, the larger derived).
final class TreeGrower<S: SplitScorer> {
  let data: BinnedMatrix
  let scorer: S
  let options: TreeOptions
  let responseWidth: Int
  let parallelHistograms: Bool
  let channels: Int
  let histStride: Int
  private var responses: [Double]
  private var scratchSamples: [Int32] = []
  private let scratch: ScanScratch
  /// Scratch of the small-node histogram pass and of the per-node feature draws (pointers fixed for the
  /// grower's life, read without exclusivity checks).
  private let sparse: SparseBinScratch
  /// Partition scratch: 1 for the bins the split being applied sends left, 0 otherwise.
  private let sideOfBin: UnsafeMutablePointer<UInt8>
  private var pool: [UnsafeMutablePointer<Double>] = []
  /// Scratch for ``orderedContributions(_:samples:w:)``.
  private var contributionBuffer: UnsafeMutablePointer<Double>? = nil
  private var contributionCapacity = 0
  /// Node-ordered contributions (trees with subtraction, i.e. boosting): in the buffer a node's
  /// `orderedBuffer` names (0 = `ordered`, 1 = `orderedScratch`), `[q * channels ...]` is what `samples[q]`
  /// adds to a histogram. Filled once per tree and permuted with the samples at every partition, so a
  /// node's histogram reads them sequentially instead of gathering weights and responses of scattered rows
  /// (LightGBM's ordered gradients, kept in leaf order). A parallel partition writes the children's
  /// contributions straight to their final places in the other buffer (no copy back); node ranges are
  /// disjoint, so each position is live in exactly one buffer and the other buffer's range of a node is
  /// free scratch.
  private var ordered: UnsafeMutablePointer<Double>? = nil
  /// The second buffer of the node-ordered contributions.
  private var orderedScratch: UnsafeMutablePointer<Double>? = nil
  /// Parallel partition scratch: the side (1 = left) of each sample of the node being partitioned.
  private var sideScratch: UnsafeMutablePointer<UInt8>? = nil
  /// Samples `ordered`, `orderedScratch` and `sideScratch` can hold.
  private var orderedCapacity = 0
  /// Whether `ordered` is kept for the tree being grown.
  private var orderedActive = false
  /// Per-part working memory of ``searchFused(built:derived:parentHist:samples:w:features:)``, grown on demand.
  private var fusedParts: [FusedPart] = []
  /// A copy of the parent histogram's first feature, read by the fused parts that recompute it.
  private var parentFirst: UnsafeMutablePointer<Double>? = nil
  /// Cores the fused split step divides features over (``threads`` when set).
  private let workers: Int
  /// Per-chunk partial histograms of ``buildDense(_:samples:w:features:into:)``, reused between nodes.
  private var partials: UnsafeMutablePointer<Double>? = nil
  private var partialsCapacity = 0
  private var poolCapacity = 0
  /// Nodes smaller than this collect sparse bins instead of filling dense histograms (the same sums: each bin
  /// adds its samples in node order either way). 2,048 since session 12 (1,024 before): a causal forest's
  /// root of 1,000–2,000 split rows then skips zeroing and compacting 256 bins per feature.
  static var sparseThreshold: Int { 2048 }
  /// Rows per chunk for parallel histogram building (``ExecutionOptions/histogramChunkRows``).
  let chunkRows: Int
  /// Worker threads of the parallel histogram, partition and leaf loops (``ExecutionOptions/threads``).
  let threads: Int
  /// Whether the small-node pass marks the bins met of every feature (``ExecutionOptions/markEveryBin``, the
  /// reference the tests compare the count-scan path with).
  let markEveryBin: Bool

  init(
    data: BinnedMatrix, scorer: S, options: TreeOptions, responseWidth: Int, parallelHistograms: Bool,
    execution: ExecutionOptions = ExecutionOptions()
  ) {
    self.chunkRows = max(1, execution.histogramChunkRows)
    self.threads = execution.threads
    self.markEveryBin = execution.markEveryBin
    self.workers = execution.threads > 0 ? execution.threads : ProcessInfo.processInfo.activeProcessorCount
    self.data = data
    self.scorer = scorer
    self.options = options
    self.responseWidth = responseWidth
    self.parallelHistograms = parallelHistograms
    self.channels = scorer.channels
    self.histStride = 256 * scorer.channels
    self.responses = [Double](repeating: 0, count: data.rows * responseWidth)
    self.scratch = ScanScratch(channels: scorer.channels)
    self.sparse = SparseBinScratch(data: data, channels: scorer.channels, rows: TreeGrower.sparseThreshold)
    self.sideOfBin = .allocate(capacity: 256)
    self.sideOfBin.initialize(repeating: 0, count: 256)
  }

  deinit {
    scratch.deallocate()
    sideOfBin.deallocate()
    sparse.deallocate()
    for p in pool { p.deallocate() }
    contributionBuffer?.deallocate()
    ordered?.deallocate()
    orderedScratch?.deallocate()
    sideScratch?.deallocate()
    partials?.deallocate()
    parentFirst?.deallocate()
    for part in fusedParts { part.deallocate() }
  }

  // MARK: - Open nodes

  private struct OpenNode {
    var node: Int
    var begin: Int
    var end: Int
    var depth: Int
    var split = SplitCandidate()
    /// Dense histogram over `features` (best-first with subtraction only).
    var hist: UnsafeMutablePointer<Double>? = nil
    var total: [Double]
    /// Channel sums of the best split's left child.
    var leftTotal: [Double] = []
    /// Which buffer holds the node's ordered contributions (0 = `ordered`, 1 = `orderedScratch`).
    var orderedBuffer = 0
  }

  /// The node-ordered contributions of `nd`'s samples, when kept for this tree.
  @inline(__always)
  private func orderedValues(_ nd: OpenNode) -> UnsafeMutablePointer<Double>? {
    guard orderedActive, let a = ordered, let b = orderedScratch else { return nil }
    return (nd.orderedBuffer == 0 ? a : b) + nd.begin &* channels
  }

  /// The other ordered buffer at `nd`'s range: free scratch while the node's contributions live in the first.
  @inline(__always)
  private func otherOrderedValues(_ nd: OpenNode) -> UnsafeMutablePointer<Double>? {
    guard orderedActive, let a = ordered, let b = orderedScratch else { return nil }
    return (nd.orderedBuffer == 0 ? b : a) + nd.begin &* channels
  }

  /// Grows a tree on `split` samples. `weights` is indexed by sample id. `features` are the features
  /// this tree may use (distinct columns of `data`). With honesty, `estimation` samples fill the leaves.
  func grow(
    split: [Int32], estimation: [Int32]?, weights: [Double], features: [Int],
    relabeling: any RelabelingStrategy, summary: any LeafSummaryStrategy,
    rng: inout SeededRNG
  ) -> GrownTree {
    assert(features.count <= data.cols && Set(features).count == features.count, "features: distinct columns")
    var samples = split
    if scratchSamples.count < samples.count { scratchSamples = [Int32](repeating: 0, count: samples.count) }
    var tree = Tree(valueWidth: summary.valueWidth)
    var leaves: [(node: Int, begin: Int, end: Int)] = []
    // Each leaf's node-ordered contributions (by node id), when kept for this tree.
    var leafContributions: [UnsafePointer<Double>?] = []
    let c = channels
    let nodeLocal = relabeling.isNodeLocal
    let subtract =
      !nodeLocal && options.mtry == nil && options.candidateCount == .fixed
      && options.growth == .bestFirst
    if subsetIsEmpty(samples) {
      tree.addNode(depth: 0, weight: 0)
      return GrownTree(tree: tree, samples: samples, leafRanges: [(0, 0, 0)])
    }
    weights.withUnsafeBufferPointer { wp in
      let w = wp.baseAddress!
      orderedActive = subtract
      if subtract { reserveOrdered(samples.count) }
      if !nodeLocal {
        // A tree-level relabeling depends on each sample alone, so large samples are relabeled in
        // parallel chunks (disjoint writes); each chunk then fills its part of the node-ordered
        // contributions (from the responses it has just written).
        let chunk = chunkRows
        let chunks = parallelHistograms ? max(1, samples.count / chunk) : 1
        let this = UncheckedSendable(self)
        samples.withUnsafeBufferPointer { sp in
          responses.withUnsafeMutableBufferPointer { rp in
            let sb = UncheckedSendable(sp), rb = UncheckedSendable(rp.baseAddress!), wb = UncheckedSendable(w)
            let n = sp.count
            parallelFor(chunks, threads: threads) { k in
              let lo = k * n / chunks, hi = (k + 1) * n / chunks
              _ = relabeling.relabel(
                samples: UnsafeBufferPointer(rebasing: sb.value[lo..<hi]), weights: wb.value,
                responses: rb.value)
              if subtract { this.value.fillOrdered(lo..<hi, sb.value, wb.value, rb.value) }
            }
          }
        }
      }
      var rootTotal = [Double](repeating: 0, count: c)
      // With subtraction the root's totals come from its histogram; otherwise they are summed here.
      if !subtract { sums(samples[...], w, into: &rootTotal) }
      let root = tree.addNode(depth: 0, weight: scorer.mass(rootTotal))
      var open = [OpenNode(node: root, begin: 0, end: samples.count, depth: 0, total: rootTotal)]
      if options.growth == .bestFirst {
        if subtract && fusedSplitStep {
          if splittable(open[0]) && !features.isEmpty {
            var none: OpenNode? = nil
            searchFused(built: &open[0], derived: &none, parentHist: nil, samples: samples, w: w, features: features)
          }
          tree.weight[root] = scorer.mass(open[0].total)
        } else {
          prepare(
            &open[0], samples: &samples, w: w, features: features, relabeling: relabeling,
            keepHist: subtract, rng: &rng)
          if subtract { tree.weight[root] = scorer.mass(open[0].total) }
        }
        var leafCount = 1
        while leafCount < options.maxLeaves {
          // The open node with the largest accepted gain (ties: lowest node id).
          var pick = -1
          for (k, o) in open.enumerated() where o.split.isValid && scorer.accepts(o.split.gain) {
            if pick < 0 || o.split.gain > open[pick].split.gain { pick = k }
          }
          if pick < 0 { break }
          let parent = open.remove(at: pick)
          var (l, r) = apply(parent, samples: &samples, w: w, tree: &tree)
          leafCount += 1
          if leafCount >= options.maxLeaves {
            // No split follows, so the last children need no histograms or split searches (their totals
            // from `apply` suffice; leaf values come from the samples).
            if let ph = parent.hist { release(ph) }
            open.append(l)
            open.append(r)
            break
          }
          if subtract && !fusedSplitStep, let ph = parent.hist {
            let smallIsLeft = (l.end - l.begin) <= (r.end - r.begin)
            let small = acquire(features.count), large = ph
            buildDense(smallIsLeft ? l : r, samples: samples, w: w, features: features, into: small)
            for k in 0..<(features.count * histStride) { large[k] -= small[k] }
            if smallIsLeft {
              l.hist = small
              r.hist = large
            } else {
              r.hist = small
              l.hist = large
            }
            finishSplitSearch(&l, features: features)
            finishSplitSearch(&r, features: features)
          } else if subtract, let ph = parent.hist {
            // The smaller child's histogram is built, the larger one is the parent's minus it.
            if (l.end - l.begin) <= (r.end - r.begin) {
              var large: OpenNode? = r
              searchFused(built: &l, derived: &large, parentHist: ph, samples: samples, w: w, features: features)
              r = large ?? r
            } else {
              var large: OpenNode? = l
              searchFused(built: &r, derived: &large, parentHist: ph, samples: samples, w: w, features: features)
              l = large ?? l
            }
          } else {
            if let ph = parent.hist { release(ph) }
            prepare(
              &l, samples: &samples, w: w, features: features, relabeling: relabeling, keepHist: subtract, rng: &rng)
            prepare(
              &r, samples: &samples, w: w, features: features, relabeling: relabeling, keepHist: subtract, rng: &rng)
          }
          open.append(l)
          open.append(r)
        }
        for o in open {
          if let h = o.hist { release(h) }
          leaves.append((o.node, o.begin, o.end))
          if let v = orderedValues(o) {
            if leafContributions.count < tree.nodeCount {
              leafContributions = Array(repeating: nil, count: tree.nodeCount)
            }
            leafContributions[o.node] = UnsafePointer(v)
          }
        }
      } else {
        while var nd = open.popLast() {
          prepare(&nd, samples: &samples, w: w, features: features, relabeling: relabeling, keepHist: false, rng: &rng)
          if nd.split.isValid && scorer.accepts(nd.split.gain) {
            let (l, r) = apply(nd, samples: &samples, w: w, tree: &tree)
            open.append(r)
            open.append(l)
          } else {
            leaves.append((nd.node, nd.begin, nd.end))
          }
        }
      }
      leaves.sort { $0.node < $1.node }
      if let estimation {
        tree = populateHonestly(tree, estimation: estimation, w: w, summary: summary)
      } else {
        let width = tree.valueWidth
        var values = tree.values
        let leafList = leaves
        let contributions = UncheckedSendable(leafContributions)
        samples.withUnsafeBufferPointer { sp in
          values.withUnsafeMutableBufferPointer { vp in
            let sb = UncheckedSendable(sp), vb = SharedPointer(vp.baseAddress!), wb = UncheckedSendable(w)
            // Leaves write disjoint values; large trees summarize them in parallel.
            let items = parallelHistograms && sp.count >= 2 * chunkRows ? leafList.count : 0
            func summarize(_ leaf: (node: Int, begin: Int, end: Int)) {
              let sub = UnsafeBufferPointer(rebasing: sb.value[leaf.begin..<leaf.end])
              let out = vb.base + leaf.node * width
              // From the leaf's contributions in sample order (a sequential read) when the summary can.
              let v = leaf.node < contributions.value.count ? contributions.value[leaf.node] : nil
              let ok =
                v.flatMap { summary.summarize(contributions: $0, count: sub.count, into: out) }
                ?? summary.summarize(samples: sub, weights: wb.value, into: out)
              if !ok {
                for k in 0..<width { out[k] = .nan }
              }
            }
            if items > 1 {
              parallelFor(items, threads: threads) { k in summarize(leafList[k]) }
            } else {
              for leaf in leafList { summarize(leaf) }
            }
          }
        }
        tree.values = values
      }
    }
    return GrownTree(tree: tree, samples: samples, leafRanges: estimation == nil ? leaves : [])
  }

  private func subsetIsEmpty(_ s: [Int32]) -> Bool { s.isEmpty }

  // MARK: - Split search at a node

  /// Whether a node may be split at all (depth and size limits).
  @inline(__always)
  private func splittable(_ nd: OpenNode) -> Bool {
    let n = nd.end - nd.begin
    return nd.depth < options.maxDepth && n >= options.minSplitSize && n >= 2 * options.minLeafSize
  }

  /// Relabels (node-local strategies), builds histograms and finds the node's best split.
  private func prepare(
    _ nd: inout OpenNode, samples: inout [Int32], w: UnsafePointer<Double>, features: [Int],
    relabeling: any RelabelingStrategy, keepHist: Bool, rng: inout SeededRNG
  ) {
    guard splittable(nd) else { return }
    if relabeling.isNodeLocal {
      let ok = samples.withUnsafeBufferPointer { sp in
        responses.withUnsafeMutableBufferPointer { rp in
          relabeling.relabel(
            samples: UnsafeBufferPointer(rebasing: sp[nd.begin..<nd.end]), weights: w,
            responses: rp.baseAddress!)
        }
      }
      if !ok { return }
      var t = [Double](repeating: 0, count: channels)
      sums(samples[nd.begin..<nd.end], w, into: &t)
      nd.total = t
    }
    if options.growth == .depthFirst && isPure(samples[nd.begin..<nd.end]) { return }
    if keepHist {
      let h = acquire(features.count)
      buildDense(nd, samples: samples, w: w, features: features, into: h)
      nd.hist = h
      finishSplitSearch(&nd, features: features)
      return
    }
    // The draws below permute the features in the grower's scratch (no per-node arrays; `features` are
    // distinct columns, so they fit).
    let fcount = features.count
    let perm = sparse.perm, batch = sparse.batch
    features.withUnsafeBufferPointer { fp in
      for i in 0..<fcount { perm[i] = fp[i] }
    }
    let n = nd.end - nd.begin
    if options.candidateCount == .poisson {
      // grf: a Poisson number of candidates (at least 1, at most all), drawn without replacement;
      // constant features count. Sorted so the histogram walks columns in order.
      let k = max(1, min(rng.poisson(mean: Double(options.mtry ?? fcount)), fcount))
      for i in 0..<k {
        let j = i + rng.int(below: fcount - i)
        (perm[i], perm[j]) = (perm[j], perm[i])
      }
      // Insertion sort of the k drawn (distinct) features: the same order as `sorted()`.
      for i in 0..<k {
        let v = perm[i]
        var j = i
        while j > 0 && batch[j - 1] > v {
          batch[j] = batch[j - 1]
          j -= 1
        }
        batch[j] = v
      }
      let h = n >= TreeGrower.sparseThreshold ? acquire(k) : nil
      defer { if let h { release(h) } }
      _ = searchBatch(&nd, batch: UnsafeBufferPointer(start: batch, count: k), samples: samples, w: w, dense: h)
      return
    }
    // Per-node feature sampling (mtry): features constant in the node do not count.
    let mtry = min(options.mtry ?? fcount, fcount)
    var next = 0
    var informative = 0
    let h = n >= TreeGrower.sparseThreshold ? acquire(min(mtry, fcount)) : nil
    defer { if let h { release(h) } }
    while informative < mtry && next < fcount {
      let want = mtry - informative
      var size = 0
      while size < want && next < fcount {
        if options.mtry != nil {
          let j = next + rng.int(below: fcount - next)
          (perm[next], perm[j]) = (perm[j], perm[next])
        }
        batch[size] = perm[next]
        size += 1
        next += 1
      }
      informative += searchBatch(
        &nd, batch: UnsafeBufferPointer(start: batch, count: size), samples: samples, w: w, dense: h)
    }
  }

  /// Searches a batch of features; returns how many were not constant in the node.
  private func searchBatch(
    _ nd: inout OpenNode, batch: UnsafeBufferPointer<Int>, samples: [Int32], w: UnsafePointer<Double>,
    dense: UnsafeMutablePointer<Double>?
  ) -> Int {
    var informative = 0
    let c = channels
    var best = nd.split
    var left = nd.leftTotal.count == c ? nd.leftTotal : [Double](repeating: 0, count: c)
    let node = nd
    let nodeCount = Double(nd.end - nd.begin)
    left.withUnsafeMutableBufferPointer { lb in
      let bl = lb.baseAddress!
      node.total.withUnsafeBufferPointer { tp in
        let parent = tp.baseAddress!
        if let dense {
          buildDense(node, samples: samples, w: w, features: Array(batch), into: dense)
          for (slot, f) in batch.enumerated() {
            let hist = dense + slot * histStride
            let m = compact(hist, feature: f)
            if m + (scorer.isEmpty(hist + 255 * c) ? 0 : 1) >= 2 { informative += 1 }
            scanFeature(
              scorer, feature: f, categorical: data.features[f].isCategorical, m: m,
              missing: hist + 255 * c, parent: parent, count: nodeCount, scratch: scratch, best: &best,
              bestLeft: bl)
          }
        } else {
          // The node's per-sample channel contributions, gathered once in node order (LightGBM's
          // "ordered gradients"): every feature's pass then reads them sequentially instead of
          // recomputing them from scattered weights and responses.
          let (contributions, layout) = orderedContributions(node, samples: samples, w: w)
          // A node whose counts rule out every split keeps its best (every gain would be −∞): no histograms or
          // scans. Only with Poisson candidate counts, whose caller does not use the informative count.
          if options.candidateCount == .poisson && scorer.rulesOutEverySplit(parent, layout: layout) { return }
          let stride = layout.stride(channels: c)
          sparseBins(node, samples: samples, contributions: contributions, features: batch, layout: layout)
          withUnsafeTemporaryAllocation(of: Double.self, capacity: c) { mb in
            let missing = mb.baseAddress!
            for f in batch {
              let (m, region) = takeSparseBins(
                feature: f, rows: node.end - node.begin, missing: missing, layout: layout)
              if m + (scorer.isEmpty(missing) ? 0 : 1) >= 2 { informative += 1 }
              scanFeature(
                scorer, feature: f, categorical: data.features[f].isCategorical, m: m,
                missing: missing, parent: parent, count: nodeCount, scratch: scratch, best: &best,
                bestLeft: bl, bins: UnsafePointer(region), layout: layout)
              clearSparseBins(region, count: m, stride: stride)
            }
          }
        }
      }
    }
    nd.split = best
    nd.leftTotal = left
    return informative
  }

  /// Split search over a node's kept dense histogram (best-first with subtraction).
  private func finishSplitSearch(_ nd: inout OpenNode, features: [Int]) {
    guard splittable(nd), let h = nd.hist else { return }
    let c = channels
    // Node totals from the first feature's histogram (all bins, including missing).
    var t = [Double](repeating: 0, count: c)
    for b in 0..<256 { for k in 0..<c { t[k] += h[b * c + k] } }
    nd.total = t
    var best = nd.split
    var left = [Double](repeating: 0, count: c)
    left.withUnsafeMutableBufferPointer { lb in
      t.withUnsafeBufferPointer { tp in
        for (slot, f) in features.enumerated() {
          let hist = h + slot * histStride
          let m = compact(hist, feature: f)
          scanFeature(
            scorer, feature: f, categorical: data.features[f].isCategorical, m: m,
            missing: hist + 255 * c, parent: tp.baseAddress!, count: Double(nd.end - nd.begin),
            scratch: scratch, best: &best,
            bestLeft: lb.baseAddress!)
        }
      }
    }
    nd.split = best
    nd.leftTotal = left
  }

  /// Copies a dense histogram's non-empty bins into the scan scratch; returns their number.
  @inline(__always)
  private func compact(_ hist: UnsafeMutablePointer<Double>, feature f: Int) -> Int {
    compact(hist, feature: f, into: scratch)
  }

  /// ``compact(_:feature:)`` into the given scan scratch (one per concurrent part).
  @inline(__always)
  private func compact(_ hist: UnsafeMutablePointer<Double>, feature f: Int, into scratch: ScanScratch) -> Int {
    let c = scorer.channels  // a constant for the fixed-width scorers
    let bins = data.features[f].binCount
    let codes = scratch.codes, stats = scratch.stats
    var m = 0
    // Branch-free: every bin is copied to slot m, which only advances past non-empty bins (the scratch
    // holds 256 slots and there are at most 255 bins, so the copy of a trailing empty bin stays in bounds).
    for b in 0..<bins {
      codes[m] = UInt8(truncatingIfNeeded: b)
      let src = hist + b &* c, dst = stats + m &* c
      for k in 0..<c { dst[k] = src[k] }
      m &+= scorer.isEmpty(src) ? 0 : 1
    }
    return m
  }

  /// Sums of a small node's samples per bin of every feature in `features`, without touching all 256
  /// bins of each: one pass over the node's rows adds each sample's contributions into its bin of every
  /// feature's region of the accumulator (its bins and the missing bin only, so all features' sums stay
  /// in the first cache levels) and marks the bin met. The features' sums
  /// are independent chains of additions, so the CPU overlaps them (one feature at a time waits for each
  /// bin's previous addition when most samples share a bin, as with 0/1 columns). Cost O(node size ×
  /// features + bins met). Each bin adds its samples in node order, as a dense histogram does; `layout` says
  /// how a bin's sums are stored. Read the result with ``takeSparseBins(feature:missing:layout:)`` and clear
  /// it with ``clearSparseBins(_:count:stride:)``.
  private func sparseBins(
    _ nd: OpenNode, samples: [Int32], contributions: UnsafePointer<Double>, features: UnsafeBufferPointer<Int>,
    layout: SparseBinLayout
  ) {
    let c = scorer.channels  // a constant for the fixed-width scorers
    let fc = features.count
    guard fc > 0 else { return }
    let acc = sparse.acc, seen = sparse.seen, lut = sparse.regionBin
    let p = data.cols
    // The features whose bins met are marked first, then those found by their count channel
    // (``marksBins(_:rows:)``); the order of features does not change any bin's sum.
    let f = sparse.order
    let n = nd.end - nd.begin
    // Few-bin features (packed layouts, at most 4 bins) are summed apart, in registers (``fewBinPass``), and
    // listed last; the others go through the row pass below.
    let fewBins = layout != .plain && !markEveryBin && n <= sparse.rows
    @inline(__always) func isFew(_ g: Int) -> Bool { fewBins && sparse.binCount[g] <= 4 }
    var fm = 0
    for slot in 0..<fc where !isFew(features[slot]) && marksBins(features[slot], rows: n) {
      f[fm] = features[slot]
      fm &+= 1
    }
    let marked = fm
    for slot in 0..<fc where !isFew(features[slot]) && !marksBins(features[slot], rows: n) {
      f[fm] = features[slot]
      fm &+= 1
    }
    let main = fm
    for slot in 0..<fc where isFew(features[slot]) {
      f[fm] = features[slot]
      fm &+= 1
    }
    if main < fc {
      fewBinPasses(
        nd, samples: samples, contributions: contributions, features: f + main, count: fc &- main, layout: layout)
    }
    guard main > 0 else { return }
    let pair = MemoryLayout<SIMD2<Double>>.size
    /// Adds `value` to the SIMD2 at byte `offset` of `bin`.
    @inline(__always) func add(_ value: SIMD2<Double>, _ bin: UnsafeMutableRawPointer, _ offset: Int) {
      let b = bin + offset
      b.storeBytes(of: b.loadUnaligned(as: SIMD2<Double>.self) + value, as: SIMD2<Double>.self)
    }
    /// Feature slot `slot`'s bin of `row`: its place in the accumulator (in bins), marked met for the first
    /// `fm` slots (a branch taken the same way for every row of the node).
    @inline(__always) func bin(_ row: UnsafePointer<UInt8>, _ slot: Int) -> Int {
      let col = f[slot]
      let at = Int(lut[col &* 256 &+ Int(row[col])])
      if slot < marked { seen[at] = 1 }
      return at
    }
    data.bins.withUnsafeBufferPointer { bp in
      samples.withUnsafeBufferPointer { sp in
        let bins = bp.baseAddress!
        var v = contributions
        // Each sample's contributions are held in registers across the features and added two channels per
        // instruction (lane-wise IEEE additions, the same sums as one channel at a time); a feature's bin is
        // one table load away (`regionBin`).
        switch layout {
        case .causalPacked:
          // (count + 2²⁰ · below, ρ) and (W, W²) with unit weights (see ``SparseBinLayout``).
          for q in nd.begin..<nd.end {
            let row = bins + Int(sp[q]) &* p
            let v0 = SIMD2(v[0] + v[5] * SparseBinLayout.belowScale, v[2]), v1 = SIMD2(v[3], v[4])
            for slot in 0..<main {
              let at = bin(row, slot)
              let b = UnsafeMutableRawPointer(acc + at &* 4)
              add(v0, b, 0)
              add(v1, b, pair)
            }
            v += c
          }
        case .regressionPacked:
          // (count, r) with unit weights.
          for q in nd.begin..<nd.end {
            let row = bins + Int(sp[q]) &* p
            let v0 = SIMD2(v[0], v[2])
            for slot in 0..<main {
              let at = bin(row, slot)
              add(v0, UnsafeMutableRawPointer(acc + at &* 2), 0)
            }
            v += c
          }
        case .plain where c == 6:
          for q in nd.begin..<nd.end {
            let row = bins + Int(sp[q]) &* p
            let vr = UnsafeRawPointer(v)
            let v0 = vr.loadUnaligned(as: SIMD2<Double>.self)
            let v1 = vr.loadUnaligned(fromByteOffset: pair, as: SIMD2<Double>.self)
            let v2 = vr.loadUnaligned(fromByteOffset: 2 * pair, as: SIMD2<Double>.self)
            for slot in 0..<main {
              let at = bin(row, slot)
              let b = UnsafeMutableRawPointer(acc + at &* 6)
              add(v0, b, 0)
              add(v1, b, pair)
              add(v2, b, 2 * pair)
            }
            v += c
          }
        case .plain where c == 3:
          for q in nd.begin..<nd.end {
            let row = bins + Int(sp[q]) &* p
            let v0 = UnsafeRawPointer(v).loadUnaligned(as: SIMD2<Double>.self), v2 = v[2]
            for slot in 0..<main {
              let at = bin(row, slot)
              add(v0, UnsafeMutableRawPointer(acc + at &* 3), 0)
              (acc + (at &* 3 &+ 2)).pointee += v2
            }
            v += c
          }
        case .plain:
          for q in nd.begin..<nd.end {
            let row = bins + Int(sp[q]) &* p
            for slot in 0..<main {
              let at = bin(row, slot)
              let b = acc + at &* c
              for k in 0..<c { b[k] += v[k] }
            }
            v += c
          }
        }
      }
    }
  }

  /// The few-bin part of ``sparseBins(_:samples:contributions:features:layout:)`` (packed layouts): the node's
  /// row offsets and packed contributions are gathered once, then each feature of at most 4 bins is summed in
  /// its own pass over the rows with every bin's sums in registers (``fewBinPass(k:width:column:rows:region:)``;
  /// features of exactly 2 bins two at a time, ``twoBinPairPass(width:full:columns:rows:regions:count:)``) and added to
  /// its zeroed region at the end. In the row pass, consecutive rows of such a feature mostly hit
  /// the same bin, so each addition waited for the previous row's store to the same place; here a bin's chain
  /// of additions stays in a register. Each bin still adds its samples in node order (a masked-out sample adds
  /// +0, which leaves any sum that started at +0 unchanged, bit for bit), so the sums are the row pass's. The
  /// bins met of features ``marksBins(_:rows:)`` marks are marked from their count channel afterwards.
  private func fewBinPasses(
    _ nd: OpenNode, samples: [Int32], contributions: UnsafePointer<Double>, features f: UnsafePointer<Int>,
    count: Int, layout: SparseBinLayout
  ) {
    let c = scorer.channels
    let n = nd.end - nd.begin
    let rowAt = sparse.rowAt, pairs = sparse.pairs
    let p = data.cols
    let width = layout == .causalPacked ? 2 : 1
    // The node's packed count channel (the first double of every pair a), an exact integer sum.
    var packedCount = 0.0
    samples.withUnsafeBufferPointer { sp in
      var v = contributions
      for i in 0..<n {
        rowAt[i] = Int(sp[nd.begin &+ i]) &* p
        if width == 2 {
          // As the row pass packs them (``SparseBinLayout/causalPacked``).
          pairs[2 &* i] = SIMD2(v[0] + v[5] * SparseBinLayout.belowScale, v[2])
          pairs[2 &* i &+ 1] = SIMD2(v[3], v[4])
        } else {
          pairs[i] = SIMD2(v[0], v[2])
        }
        packedCount += pairs[i &* width].x
        v += c
      }
    }
    data.bins.withUnsafeBufferPointer { bp in
      let bins = bp.baseAddress!
      // Two-bin features (e.g. one-hot dummies) go two at a time through one pass (``twoBinPairPass``); each
      // waits here for the next one. A feature's sums do not depend on which features are summed with it.
      var waiting: Int? = nil
      for t in 0..<count {
        let g = f[t]
        let k = sparse.binCount[g], base = sparse.offset[g]
        let region = sparse.acc + base &* (2 &* width)
        let column = bins + g
        if k == 2, let h = waiting {
          let first = sparse.acc + sparse.offset[h] &* (2 &* width)
          let columns = (bins + h, column), regions = (first, region)
          // Constant widths and flags, so each pass adds only the sums it keeps.
          @inline(__always) func pair(_ full: (Bool, Bool)) {
            if width == 2 {
              twoBinPairPass(width: 2, full: full, columns: columns, rows: n, regions: regions, count: packedCount)
            } else {
              twoBinPairPass(width: 1, full: full, columns: columns, rows: n, regions: regions, count: packedCount)
            }
          }
          switch (sparse.countOnlyLastBin[h], sparse.countOnlyLastBin[g]) {
          case (false, false): pair((true, true))
          case (true, false): pair((false, true))
          case (false, true): pair((true, false))
          case (true, true): pair((false, false))
          }
          markFewBins(h, k: 2, region: first, width: width, rows: n)
          markFewBins(g, k: 2, region: region, width: width, rows: n)
          waiting = nil
          continue
        }
        if k == 2 {
          waiting = g
          continue
        }
        // Constant bin counts and widths, so each pass keeps only the registers it needs.
        switch (width, k) {
        case (2, 1): fewBinPass(k: 1, width: 2, column: column, rows: n, region: region)
        case (2, 2): fewBinPass(k: 2, width: 2, column: column, rows: n, region: region)
        case (2, 3): fewBinPass(k: 3, width: 2, column: column, rows: n, region: region)
        case (2, 4): fewBinPass(k: 4, width: 2, column: column, rows: n, region: region)
        case (1, 1): fewBinPass(k: 1, width: 1, column: column, rows: n, region: region)
        case (1, 2): fewBinPass(k: 2, width: 1, column: column, rows: n, region: region)
        case (1, 3): fewBinPass(k: 3, width: 1, column: column, rows: n, region: region)
        case (1, 4): fewBinPass(k: 4, width: 1, column: column, rows: n, region: region)
        default: fewBinPass(k: k, width: width, column: column, rows: n, region: region)
        }
        markFewBins(g, k: k, region: region, width: width, rows: n)
      }
      if let h = waiting {
        let region = sparse.acc + sparse.offset[h] &* (2 &* width)
        if width == 2 {
          fewBinPass(k: 2, width: 2, column: bins + h, rows: n, region: region)
        } else {
          fewBinPass(k: 2, width: 1, column: bins + h, rows: n, region: region)
        }
        markFewBins(h, k: 2, region: region, width: width, rows: n)
      }
    }
  }

  /// Marks the bins met of few-bin feature `g` (``fewBinPasses(_:samples:contributions:features:count:layout:)``)
  /// when ``marksBins(_:rows:)`` says its bins are marked, from the count channel of its `k` bins at `region`.
  @inline(__always)
  private func markFewBins(_ g: Int, k: Int, region: UnsafeMutablePointer<Double>, width: Int, rows n: Int) {
    guard marksBins(g, rows: n) else { return }
    let base = sparse.offset[g]
    // The count channel (the first double of a packed bin) is at least 1 in a bin met.
    for j in 0..<k where region[j &* 2 &* width] != 0 { sparse.seen[base &+ j] = 1 }
  }

  /// ``fewBinPass(k:width:column:rows:region:)`` for two features of two bins each at once: the same additions
  /// per bin in node order (each feature's sums are their own chains in registers), with each row's offset and
  /// contributions loaded once for both features.
  ///
  /// A feature whose `full` flag is false (``SparseBinScratch/countOnlyLastBin``: numeric, two bins, no missing
  /// values) gets only its first bin's sums and its second bin's count channel, `count` (the node's packed count
  /// channel) minus the first bin's — exact integer sums, so the same bits as adding the second bin's rows. The
  /// numeric scans never read the rest of a feature's last bin when the node has no missing values for it: they
  /// add bins from the first and take the right child as the parent minus the left (``scanCausalNumeric``,
  /// ``scanVarianceNumeric``, ``scanFeature``), and a split's left side never includes the last bin.
  @inline(__always)
  private func twoBinPairPass(
    width: Int, full: (Bool, Bool), columns: (UnsafePointer<UInt8>, UnsafePointer<UInt8>), rows n: Int,
    regions: (UnsafeMutablePointer<Double>, UnsafeMutablePointer<Double>), count: Double
  ) {
    let rowAt = sparse.rowAt, pairs = sparse.pairs, masks = sparse.masks
    let masked = fewBinMasked, add = fewBinAdd
    var a0 = SIMD2<Double>(), a1 = a0, b0 = a0, b1 = a0
    var c0 = a0, c1 = a0, d0 = a0, d1 = a0
    let s = 2 &* width
    let missing0 = regions.0 + 2 &* s, missing1 = regions.1 + 2 &* s
    /// Adds a row's pairs `va`, `vb` to bin `b` of one feature: its sums `s0`, `s1` (pair a, bins 0 and 1) and
    /// `t0`, `t1` (pair b; the second bin's only when `full`), or its `missing` bin in memory.
    @inline(__always) func take(
      _ b: Int, _ va: SIMD2<Double>, _ vb: SIMD2<Double>, _ missing: UnsafeMutablePointer<Double>, full: Bool,
      _ s0: inout SIMD2<Double>, _ s1: inout SIMD2<Double>, _ t0: inout SIMD2<Double>, _ t1: inout SIMD2<Double>
    ) {
      if b >= 2 {
        add(va, missing)
        if width == 2 { add(vb, missing + 2) }
        return
      }
      let m = masks + b &* 4
      s0 += masked(va, m[0])
      if full { s1 += masked(va, m[1]) }
      if width == 2 {
        t0 += masked(vb, m[0])
        if full { t1 += masked(vb, m[1]) }
      }
    }
    /// Adds one feature's sums to its zeroed `region` (the second bin's count alone unless `full`).
    @inline(__always) func store(
      _ region: UnsafeMutablePointer<Double>, full: Bool, _ s0: SIMD2<Double>, _ s1: SIMD2<Double>,
      _ t0: SIMD2<Double>, _ t1: SIMD2<Double>
    ) {
      add(s0, region)
      if width == 2 { add(t0, region + 2) }
      if full {
        add(s1, region + s)
        if width == 2 { add(t1, region + (s &+ 2)) }
      } else {
        region[s] = count - s0.x
      }
    }
    for i in 0..<n {
      let at = rowAt[i]
      let va = pairs[i &* width]
      let vb = width == 2 ? pairs[i &* 2 &+ 1] : SIMD2<Double>()
      take(Int(columns.0[at]), va, vb, missing0, full: full.0, &a0, &a1, &b0, &b1)
      take(Int(columns.1[at]), va, vb, missing1, full: full.1, &c0, &c1, &d0, &d1)
    }
    store(regions.0, full: full.0, a0, a1, b0, b1)
    store(regions.1, full: full.1, c0, c1, d0, d1)
  }

  /// One few-bin feature's sums (``fewBinPasses(_:samples:contributions:features:count:layout:)``): the first
  /// `k` (at most 4) bins' `width` pairs of sums live in registers; every row adds its pairs to each of them,
  /// masked to +0 except in its own bin (no branch on the bin); rows past the bins (the missing bin) add to
  /// the region's missing bin in memory (rare). `column` is the feature's first byte of the binned matrix.
  @inline(__always)
  private func fewBinPass(
    k: Int, width: Int, column: UnsafePointer<UInt8>, rows n: Int, region: UnsafeMutablePointer<Double>
  ) {
    let rowAt = sparse.rowAt, pairs = sparse.pairs, masks = sparse.masks
    var a0 = SIMD2<Double>(), a1 = a0, a2 = a0, a3 = a0
    var b0 = a0, b1 = a0, b2 = a0, b3 = a0
    let masked = fewBinMasked, add = fewBinAdd
    let missing = region + k &* 2 &* width
    for i in 0..<n {
      let b = Int(column[rowAt[i]])
      let va = pairs[i &* width]
      if b >= k {
        add(va, missing)
        if width == 2 { add(pairs[i &* 2 &+ 1], missing + 2) }
        continue
      }
      let m = masks + b &* 4
      a0 += masked(va, m[0])
      if k > 1 { a1 += masked(va, m[1]) }
      if k > 2 { a2 += masked(va, m[2]) }
      if k > 3 { a3 += masked(va, m[3]) }
      if width == 2 {
        let vb = pairs[i &* 2 &+ 1]
        b0 += masked(vb, m[0])
        if k > 1 { b1 += masked(vb, m[1]) }
        if k > 2 { b2 += masked(vb, m[2]) }
        if k > 3 { b3 += masked(vb, m[3]) }
      }
    }
    let s = 2 &* width
    if k > 0 { add(a0, region) }
    if k > 1 { add(a1, region + s) }
    if k > 2 { add(a2, region + 2 &* s) }
    if k > 3 { add(a3, region + 3 &* s) }
    if width == 2 {
      if k > 0 { add(b0, region + 2) }
      if k > 1 { add(b1, region + (s &+ 2)) }
      if k > 2 { add(b2, region + (2 &* s &+ 2)) }
      if k > 3 { add(b3, region + (3 &* s &+ 2)) }
    }
  }

  /// The sums of feature `f`'s bins filled by ``sparseBins(_:samples:contributions:features:layout:)``: writes
  /// the codes of its non-empty bins in increasing order to `scratch.codes` (the scans read bin `codes[t]`'s
  /// sums at `region + codes[t] × stride` of the returned region, without a copy) and returns their number
  /// and the region; the missing bin's sums are written to `missing` apart (the scorer's channels) and reset
  /// to zeros. The marks are reset to zeros; the sums of the bins returned stay until
  /// ``clearSparseBins(_:count:stride:)``.
  private func takeSparseBins(
    feature f: Int, rows n: Int, missing: UnsafeMutablePointer<Double>, layout: SparseBinLayout
  ) -> (count: Int, region: UnsafeMutablePointer<Double>) {
    let c = scorer.channels, stride = layout.stride(channels: c)
    let cap = sparse.binCount[f], base = sparse.offset[f]
    let acc = sparse.acc + base &* stride, seen = sparse.seen + base
    let mb = acc + cap &* stride
    for k in 0..<c { missing[k] = layout.channel(k, of: mb) }
    for k in 0..<stride { mb[k] = 0 }
    seen[cap] = 0
    let codes = scratch.codes
    var m = 0
    if !marksBins(f, rows: n) {
      // Unmarked: a bin was met when its count channel (the first double of every layout) is not zero.
      // Branch-free: every code is written to slot m, which only advances past the bins met.
      for b in 0..<cap {
        codes[m] = UInt8(truncatingIfNeeded: b)
        m &+= acc[b &* stride] != 0 ? 1 : 0
      }
      return (m, acc)
    }
    // Groups of 32 marks (the region is a multiple of 32 bins): one test skips a group no sample met.
    for group in 0..<((cap &+ 32) / 32) {
      let marks = UnsafeMutableRawPointer(seen + group &* 32)
      let words = marks.loadUnaligned(as: SIMD4<UInt64>.self)
      if words == .zero { continue }
      for word in 0..<4 where words[word] != 0 {
        var bits = words[word]
        let first = group &* 32 &+ word &* 8
        while bits != 0 {
          codes[m] = UInt8(truncatingIfNeeded: first &+ bits.trailingZeroBitCount / 8)
          bits &= bits &- 1
          m &+= 1
        }
      }
      marks.storeBytes(of: SIMD4<UInt64>(), as: SIMD4<UInt64>.self)
    }
    return (m, acc)
  }

  /// Whether the small-node pass marks the bins met of feature `f` in a node of `n` rows, or finds them
  /// afterwards by scanning the feature's count channel (scorers whose first channel counts samples, and
  /// nodes of at least twice the feature's bins): a scan of a few bins costs less than a mark store per row.
  @inline(__always)
  private func marksBins(_ f: Int, rows n: Int) -> Bool {
    let countFirst = S.self == CausalScorer.self || S.self == VarianceScorer.self
    return markEveryBin || !countFirst || n < 2 &* (sparse.binCount[f] &+ 1)
  }

  /// Resets to zeros the sums (`stride` doubles each) of the `count` bins ``takeSparseBins(feature:missing:layout:)``
  /// listed in `scratch.codes`.
  @inline(__always)
  private func clearSparseBins(_ region: UnsafeMutablePointer<Double>, count m: Int, stride: Int) {
    // The packed strides as constants: a few stores per bin instead of a `memset` call per bin.
    if stride == 4 {
      for t in 0..<m {
        let h = region + Int(scratch.codes[t]) &* 4
        h[0] = 0
        h[1] = 0
        h[2] = 0
        h[3] = 0
      }
      return
    }
    if stride == 2 {
      for t in 0..<m {
        let h = region + Int(scratch.codes[t]) &* 2
        h[0] = 0
        h[1] = 0
      }
      return
    }
    for t in 0..<m {
      let h = region + Int(scratch.codes[t]) &* stride
      for k in 0..<stride { h[k] = 0 }
    }
  }

  /// The channel contributions (``SplitScorer/contribution(_:_:_:)``) of the node's samples, in node
  /// order, in a grower-owned buffer valid until the next call, and how the small-node pass can store their
  /// sums: packed (``SparseBinLayout``) for the causal and one-response regression rules when every sample's
  /// weight is 1 (and, causal, its "below" response 0 or 1) and the node is smaller than the packing's bound.
  private func orderedContributions(_ nd: OpenNode, samples: [Int32], w: UnsafePointer<Double>) -> (
    UnsafePointer<Double>, SparseBinLayout
  ) {
    let c = scorer.channels, width = responseWidth
    let n = nd.end - nd.begin
    if contributionCapacity < n * c {
      contributionBuffer?.deallocate()
      contributionCapacity = max(n * c, 2 * contributionCapacity)
      contributionBuffer = .allocate(capacity: contributionCapacity)
    }
    let out = contributionBuffer!
    let causal = S.self == CausalScorer.self
    let regression = (scorer as? VarianceScorer)?.width == 1
    let packable = (causal || regression) && Double(n) < SparseBinLayout.belowScale
    // Counts the samples that rule packing out (a weight other than 1; causal: a "below" other than 0 or 1),
    // without branches in the loop.
    var misfits = 0
    samples.withUnsafeBufferPointer { sp in
      responses.withUnsafeBufferPointer { rp in
        let r = rp.baseAddress!
        for q in nd.begin..<nd.end {
          let s = Int(sp[q])
          let v = out + (q &- nd.begin) &* c
          scorer.contribution(w[s], r + s &* width, v)
          if causal {
            // v5 ∈ {0, 1} ⇔ v5² = v5 (one comparison: a 0/1 test with two would branch on random data).
            misfits &+= (v[1] != 1 ? 1 : 0) | (v[5] * v[5] != v[5] ? 1 : 0)
          } else if regression {
            misfits &+= v[1] != 1 ? 1 : 0
          }
        }
      }
    }
    let layout: SparseBinLayout = packable && misfits == 0 ? (causal ? .causalPacked : .regressionPacked) : .plain
    return (UnsafePointer(out), layout)
  }

  /// True when every sample of the node has the same responses (nothing to gain from splitting).
  private func isPure(_ s: ArraySlice<Int32>) -> Bool {
    guard let first = s.first else { return true }
    let width = responseWidth
    return responses.withUnsafeBufferPointer { r in
      let f = Int(first) * width
      for q in s {
        let o = Int(q) * width
        for k in 0..<width where r[o + k] != r[f + k] { return false }
      }
      return true
    }
  }

  /// Makes `ordered`, `orderedScratch` and `sideScratch` hold at least `n` samples.
  private func reserveOrdered(_ n: Int) {
    let c = scorer.channels
    if orderedCapacity < n {
      ordered?.deallocate()
      orderedScratch?.deallocate()
      sideScratch?.deallocate()
      ordered = .allocate(capacity: n * c)
      orderedScratch = .allocate(capacity: n * c)
      sideScratch = .allocate(capacity: n)
      orderedCapacity = n
    }
  }

  /// Fills positions `range` of `ordered` with the contributions of `samples[range]` (disjoint ranges may
  /// be filled concurrently).
  @inline(__always)
  private func fillOrdered(
    _ range: Range<Int>, _ samples: UnsafeBufferPointer<Int32>, _ w: UnsafePointer<Double>,
    _ responses: UnsafePointer<Double>
  ) {
    guard let out = ordered else { return }
    let c = scorer.channels, width = responseWidth
    for q in range {
      let i = Int(samples[q])
      scorer.contribution(w[i], responses + i &* width, out + q &* c)
    }
  }

  /// Channel sums of a range of samples.
  private func sums(_ s: ArraySlice<Int32>, _ w: UnsafePointer<Double>, into t: inout [Double]) {
    let width = responseWidth
    responses.withUnsafeBufferPointer { r in
      t.withUnsafeMutableBufferPointer { tp in
        s.withUnsafeBufferPointer { sp in
          scorer.accumulate(sp, weights: w, responses: r.baseAddress!, width: width, into: tp.baseAddress!)
        }
      }
    }
  }

  // MARK: - Fused split step (best-first with subtraction)

  /// Nodes with fewer rows than this (4,096 by default) run the fused split step on the calling thread: the
  /// work is below what waking a worker costs.
  var fusedParallelRows: Int { max(1, chunkRows / 4) }
  /// Whether best-first growth with subtraction uses ``searchFused(built:derived:parentHist:samples:w:features:)``
  /// (the default) or builds, subtracts and searches in separate steps (kept as the reference tests compare
  /// the fused step with).
  var fusedSplitStep = true

  /// Builds `built`'s dense histogram from its samples, derives `derived`'s (when given) as `parentHist` minus
  /// it (in place: the parent's histogram becomes the derived child's), and finds both nodes' best splits.
  ///
  /// Everything runs in one parallel region whose parts own contiguous ranges of feature slots: each part
  /// fills its slots of the built histogram, subtracts them from the parent's and scans its slots of both
  /// nodes with its own scratch; the parts' best splits are then combined in part order. A part that does
  /// not own the first slot also computes that slot's histograms privately, since a node's totals come from
  /// its first feature. Nodes of two row chunks or more fill their row-chunk partials in a region before (two
  /// regions where building and reducing took two and the searches ran on the calling thread). The sums are
  /// those of ``buildDense(_:samples:w:features:into:)`` — each bin adds the same chunk partials, each summed
  /// in node order, in chunk order — and combining per-part best splits in feature order picks the split a
  /// serial scan picks (the first strictly largest gain), so the trees are the same bits for any number of
  /// parts or threads.
  private func searchFused(
    built: inout OpenNode, derived: inout OpenNode?, parentHist: UnsafeMutablePointer<Double>?,
    samples: [Int32], w: UnsafePointer<Double>, features: [Int]
  ) {
    let fc = features.count, c = channels, stride = histStride
    let hb = acquire(fc)
    built.hist = hb
    let ph = derived == nil ? nil : parentHist
    if let ph { derived?.hist = ph }
    guard fc > 0 else { return }
    let n = built.end - built.begin
    // The chunking of ``buildDense``: it fixes the summation order.
    let chunkCount = parallelHistograms ? min(16, n / max(1, chunkRows / 4)) : 1
    let chunks = max(1, chunkCount)
    let parts = parallelHistograms && n >= fusedParallelRows ? max(1, min(workers, fc / 2)) : 1
    while fusedParts.count < parts {
      fusedParts.append(FusedPart(channels: c, histStride: stride, slots: data.cols + 1))
    }
    let searchBuilt = splittable(built)
    let searchDerived = derived.map { splittable($0) } ?? false
    let nodes = [built] + (derived.map { [$0] } ?? [])
    let search = [searchBuilt, searchDerived]
    let v = orderedValues(built).map { UnsafePointer($0) }
    samples.withUnsafeBufferPointer { sp in
      responses.withUnsafeBufferPointer { rp in
        data.bins.withUnsafeBufferPointer { bp in
          let s = sp.baseAddress! + built.begin, r = rp.baseAddress!, bins = bp.baseAddress!
          // Nodes of two or more chunks (8,192 rows and more by default) fill their row-chunk partials in a
          // region of their own first (row-parallel: each row is read once); smaller nodes are read by every
          // part in the one region.
          let twoPhase = chunks >= 2
          let contiguous = features[fc - 1] - features[0] == fc - 1
          let partial =
            twoPhase
            ? chunkPartials(
              s, n, chunks: chunks, w: w, r: r, ordered: v, bins: bins, features: features, contiguous: contiguous)
            : nil
          if parts > 1, let ph {
            if parentFirst == nil { parentFirst = .allocate(capacity: stride) }
            parentFirst!.update(from: ph, count: stride)
          }
          let env = UncheckedSendable(
            (
              grower: self, s: s, r: r, bins: bins, v: v, w: w, partial: partial, ph: ph, hb: hb,
              parentFirst: parentFirst
            ))
          // Part j covers units [u(j), u(j + 1)) of fc + parts − 1 (one unit per slot, plus the first slot
          // again for every part but the first).
          let units = fc + parts - 1
          @Sendable func unit(_ j: Int) -> Int { (j * units + parts - 1) / parts }
          @Sendable func slotStart(_ j: Int) -> Int { j == 0 ? 0 : unit(j) - (j - 1) }
          parallelFor(parts, threads: threads) { j in
            let e = env.value, me = e.grower
            let part = me.fusedParts[j]
            let a = slotStart(j), b = j + 1 == parts ? fc : slotStart(j + 1)
            let own = e.hb + a * stride
            own.update(repeating: 0, count: (b - a) * stride)
            // With one chunk, the first part and the last fill their slots straight from the rows; the last
            // one puts its copy of the first slot in the histogram's spare slot after the last feature.
            let direct = e.partial == nil && (a == 0 || b == fc)
            // The first slot's built histogram: the shared one when this part owns it, else a private copy.
            let first = a == 0 ? e.hb : direct ? e.hb + fc * stride : part.first
            if a > 0 { first.update(repeating: 0, count: stride) }
            if direct {
              let list = Array(features[a..<b]) + (a > 0 ? [features[0]] : [])
              let listContiguous = isConsecutiveRun(list)
              me.accumulate(e.s, n, e.w, e.r, e.v, e.bins, list, listContiguous, own)
            } else if let partial = e.partial {
              let size = fc * stride
              for k in 0..<chunks {
                let src = partial + k * size
                for i in (a * stride)..<(b * stride) { e.hb[i] += src[i] }
                if a > 0 { for i in 0..<stride { first[i] += src[i] } }
              }
            } else {
              // A middle part (three parts or more) of a one-chunk node: its first slot and its own slots are
              // not adjacent, so it fills a private histogram and copies it out (0 + x is x: the same bits).
              let list = [features[0]] + features[a..<b]
              let listContiguous = isConsecutiveRun(list)
              part.acc.update(repeating: 0, count: list.count * stride)
              me.accumulate(e.s, n, e.w, e.r, e.v, e.bins, list, listContiguous, part.acc)
              for i in 0..<stride { first[i] += part.acc[i] }
              for i in 0..<((b - a) * stride) { own[i] += part.acc[stride + i] }
            }
            // The derived child's slots (and its first slot, privately when not owned).
            var derivedFirst: UnsafeMutablePointer<Double>? = nil
            if let ph = e.ph {
              for i in (a * stride)..<(b * stride) { ph[i] -= e.hb[i] }
              if a > 0, let pf = e.parentFirst {
                for i in 0..<stride { part.derivedFirst[i] = pf[i] - first[i] }
                derivedFirst = part.derivedFirst
              } else {
                derivedFirst = ph
              }
            }
            for (x, node) in nodes.enumerated() where search[x] {
              let hist = x == 0 ? e.hb : (e.ph ?? e.hb)
              let firstHist = x == 0 ? first : (derivedFirst ?? first)
              let t = part.total + x * c, left = part.left + x * c
              // Node totals from the first feature's histogram (all bins, including missing).
              for k in 0..<c { t[k] = 0 }
              for bin in 0..<256 { for k in 0..<c { t[k] += firstHist[bin * c + k] } }
              for k in 0..<c { left[k] = 0 }
              var best = node.split
              for slot in a..<b {
                let f = features[slot], h = hist + slot * stride
                let m = me.compact(h, feature: f, into: part.scan)
                scanFeature(
                  me.scorer, feature: f, categorical: me.data.features[f].isCategorical, m: m,
                  missing: h + 255 * c, parent: t, count: Double(node.end - node.begin), scratch: part.scan,
                  best: &best, bestLeft: left)
              }
              part.best[x] = best
            }
          }
        }
      }
    }
    // Per-part best splits in feature order: a later part wins only with a strictly larger gain.
    func combine(_ nd: inout OpenNode, _ x: Int) {
      guard search[x] else { return }
      let first = fusedParts[0]
      nd.total = Array(UnsafeBufferPointer(start: first.total + x * c, count: c))
      var best = nd.split
      var left = [Double](repeating: 0, count: c)
      for j in 0..<parts where fusedParts[j].best[x].gain > best.gain {
        best = fusedParts[j].best[x]
        left = Array(UnsafeBufferPointer(start: fusedParts[j].left + x * c, count: c))
      }
      nd.split = best
      nd.leftTotal = left
    }
    combine(&built, 0)
    if derived != nil { combine(&derived!, 1) }
  }

  /// Working memory of one part of the fused split step.
  private final class FusedPart {
    /// Scan scratch of this part.
    let scan: ScanScratch
    /// A middle part's private histogram of the first slot and its own slots (one-chunk nodes).
    let acc: UnsafeMutablePointer<Double>
    /// The built and derived nodes' first-slot histograms, when the part does not own the first slot.
    let first: UnsafeMutablePointer<Double>
    let derivedFirst: UnsafeMutablePointer<Double>
    /// Per node (built, derived): totals and the best split's left sums, `channels` each.
    let total: UnsafeMutablePointer<Double>
    let left: UnsafeMutablePointer<Double>
    /// Per node (built, derived): the part's best split.
    var best = [SplitCandidate(), SplitCandidate()]

    /// `slots`: the most feature slots a part fills (all features plus the first again).
    init(channels c: Int, histStride: Int, slots: Int) {
      scan = ScanScratch(channels: c)
      acc = .allocate(capacity: slots * histStride)
      first = .allocate(capacity: histStride)
      derivedFirst = .allocate(capacity: histStride)
      total = .allocate(capacity: 2 * c)
      left = .allocate(capacity: 2 * c)
    }

    func deallocate() {
      scan.deallocate()
      acc.deallocate()
      first.deallocate()
      derivedFirst.deallocate()
      total.deallocate()
      left.deallocate()
    }
  }

  // MARK: - Dense histograms

  /// A dense histogram for `featureCount` features, plus one spare slot (scratch of the fused split step).
  private func acquire(_ featureCount: Int) -> UnsafeMutablePointer<Double> {
    let need = (max(featureCount, 1) + 1) * histStride
    if need > poolCapacity {
      for p in pool { p.deallocate() }
      pool.removeAll()
      poolCapacity = max(need, (data.cols + 1) * histStride)
    }
    if let p = pool.popLast() { return p }
    return .allocate(capacity: poolCapacity)
  }

  private func release(_ p: UnsafeMutablePointer<Double>) { pool.append(p) }

  /// Fills `out` (features.count × 256 × channels) with the node's sums.
  private func buildDense(
    _ nd: OpenNode, samples: [Int32], w: UnsafePointer<Double>, features: [Int],
    into out: UnsafeMutablePointer<Double>
  ) {
    let fc = features.count
    out.update(repeating: 0, count: fc * histStride)
    let n = nd.end - nd.begin
    // Contiguous runs of features use the fast `row[f]` path.
    let contiguous = isConsecutiveRun(features)
    samples.withUnsafeBufferPointer { sp in
      responses.withUnsafeBufferPointer { rp in
        data.bins.withUnsafeBufferPointer { bp in
          let s = sp.baseAddress! + nd.begin
          // Row-parallel over chunks, each into its own histogram, summed in chunk order. The number of
          // chunks depends only on the node size (about one per `chunkRows / 4` rows, between 2 and 16),
          // never on the thread count, so the result is the same for any number of threads.
          let chunks = parallelHistograms ? min(16, n / max(1, chunkRows / 4)) : 1
          let v = orderedValues(nd).map { UnsafePointer($0) }
          guard chunks >= 2 else {
            accumulate(s, n, w, rp.baseAddress!, v, bp.baseAddress!, features, contiguous, out)
            return
          }
          let size = fc * histStride
          let pb = SharedPointer(
            chunkPartials(
              s, n, chunks: chunks, w: w, r: rp.baseAddress!, ordered: v, bins: bp.baseAddress!, features: features,
              contiguous: contiguous))
          // The partials are summed in chunk order, in parallel over features (each bin adds the same
          // values in the same order as a serial sum, so the result does not depend on the split).
          let ob = SharedPointer(out), stride = histStride
          parallelFor(min(fc, 4), threads: threads) { part in
            let lo = part * fc / min(fc, 4) * stride, hi = (part + 1) * fc / min(fc, 4) * stride
            for k in 0..<chunks {
              let src = pb.base + k * size
              for i in lo..<hi { ob.base[i] += src[i] }
            }
          }
        }
      }
    }
  }

  /// Fills one partial histogram per row chunk of a node (its `n` samples at `s`, cut into `chunks` chunks of
  /// ⌈n / chunks⌉ rows), in parallel over the chunks; partial k is at `result + k × features.count × histStride`.
  /// Each chunk adds its samples in node order, so adding the partials in chunk order gives sums that depend
  /// on the chunking only, never on the threads.
  private func chunkPartials(
    _ s: UnsafePointer<Int32>, _ n: Int, chunks: Int, w: UnsafePointer<Double>, r: UnsafePointer<Double>,
    ordered v: UnsafePointer<Double>?, bins: UnsafePointer<UInt8>, features: [Int], contiguous: Bool
  ) -> UnsafeMutablePointer<Double> {
    let size = features.count * histStride
    let chunk = (n + chunks - 1) / chunks
    if partialsCapacity < chunks * size {
      partials?.deallocate()
      partialsCapacity = 16 * size
      partials = .allocate(capacity: partialsCapacity)
    }
    let partial = partials!
    let sb = UncheckedSendable(s), rb = UncheckedSendable(r), vb = UncheckedSendable(v)
    let bb = UncheckedSendable(bins), wb = UncheckedSendable(w), pb = SharedPointer(partial)
    let this = UncheckedSendable(self)
    parallelFor(chunks, threads: threads) { k in
      let lo = k * chunk, hi = min(n, lo + chunk)
      let dst = pb.base + k * size
      dst.update(repeating: 0, count: size)
      let vk = vb.value.map { $0 + lo &* this.value.channels }
      this.value.accumulate(sb.value + lo, hi - lo, wb.value, rb.value, vk, bb.value, features, contiguous, dst)
    }
    return partial
  }

  /// The histogram kernel: for each sample, add its channel contributions to its bin of every feature.
  ///
  /// Samples are taken in batches of 256. A first loop gathers the batch's contributions into a small
  /// contiguous buffer (like LightGBM's "ordered gradients") and reads the bins of the first and last
  /// feature from each sample's row. Those loads are independent of one another, so the CPU overlaps
  /// the cache misses of many scattered rows — the row is in cache when the second loop adds the
  /// contributions to every feature's bin. Without it, a node holding one row in ten waits for each row
  /// in turn (measured 10–12 ns per row-feature against 1.8 ns with the early loads, see
  /// scripts/bench/models/README.md). Each bin still receives its samples in node order, so the sums are
  /// bit-identical. `scorer.channels` is a compile-time constant for the fixed-width scorers, so bin
  /// offsets become shifts and the channel loop unrolls.
  @inline(__always)
  private func accumulate(
    _ s: UnsafePointer<Int32>, _ n: Int, _ w: UnsafePointer<Double>, _ r: UnsafePointer<Double>,
    _ ordered: UnsafePointer<Double>?, _ bins: UnsafePointer<UInt8>, _ features: [Int],
    _ contiguous: Bool,
    _ out: UnsafeMutablePointer<Double>
  ) {
    let p = data.cols, width = responseWidth, stride = histStride
    let c = scorer.channels
    let fc = features.count
    guard fc > 0 else { return }
    let batch = 256
    withUnsafeTemporaryAllocation(of: Double.self, capacity: c * batch) { vb in
      withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 2 * batch) { eb in
        let v = vb.baseAddress!, firstBin = eb.baseAddress!, lastBin = eb.baseAddress! + batch
        features.withUnsafeBufferPointer { fp in
          let first = fp[0], last = fp[fc - 1]
          let lastOffset = (fc - 1) &* stride
          var start = 0
          while start < n {
            let end = min(n, start + batch)
            for q in start..<end {
              let i = Int(s[q])
              // Copied even when node-ordered (a sequential read): from a private buffer the adding loop
              // keeps both channels in one vector register.
              if let o = ordered {
                for k in 0..<c { v[(q &- start) &* c &+ k] = o[q &* c &+ k] }
              } else {
                scorer.contribution(w[i], r + i &* width, v + (q &- start) &* c)
              }
              let row = bins + i &* p
              firstBin[q - start] = row[first]
              lastBin[q - start] = row[last]
            }
            for q in 0..<(end - start) {
              let row = bins + Int(s[start + q]) &* p
              let vq = v + q &* c
              let h0 = out + Int(firstBin[q]) &* c
              for k in 0..<c { h0[k] += vq[k] }
              guard fc > 1 else { continue }
              var o = out + stride
              if contiguous {
                for f in (first + 1)..<last {
                  let h = o + Int(row[f]) &* c
                  for k in 0..<c { h[k] += vq[k] }
                  o += stride
                }
              } else {
                for slot in 1..<(fc - 1) {
                  let h = o + Int(row[fp[slot]]) &* c
                  for k in 0..<c { h[k] += vq[k] }
                  o += stride
                }
              }
              let hl = out + lastOffset + Int(lastBin[q]) &* c
              for k in 0..<c { hl[k] += vq[k] }
            }
            start = end
          }
        }
      }
    }
  }

  // MARK: - Applying a split

  /// Records the split in the tree, partitions the node's samples (stably) and returns the children.
  private func apply(
    _ nd: OpenNode, samples: inout [Int32], w: UnsafePointer<Double>,
    tree: inout Tree
  ) -> (OpenNode, OpenNode) {
    let sp = nd.split
    let f = sp.feature
    let count = nd.end - nd.begin
    // Which bins go left, as 0/1 bytes: the partition loops then decide without a branch, so a
    // mispredicted branch on a cache-missing bin does not stall every sample in turn.
    let goesLeft = sideOfBin
    for b in 0..<256 { goesLeft[b] = sp.goesLeft(UInt8(b)) ? 1 : 0 }
    let nLeft: Int
    // A parallel partition moves the ordered contributions to the other buffer.
    let parallel = parallelHistograms && count >= 2 * chunkRows
    let childBuffer = parallel ? 1 - nd.orderedBuffer : nd.orderedBuffer
    if parallel {
      nLeft = partitionInParallel(nd, split: sp, goesLeft: UnsafePointer(goesLeft), samples: &samples)
    } else {
      var k = 0
      samples.withUnsafeMutableBufferPointer { s in
        scratchSamples.withUnsafeMutableBufferPointer { tmp in
          data.columns.withUnsafeBufferPointer { b in
            do {
              let col = b.baseAddress! + f &* data.rows, left = goesLeft
              let node = s.baseAddress! + nd.begin, t = tmp.baseAddress!
              var nRight = 0
              // Every sample is written to both sides; only the side it belongs to advances (the left
              // write never passes the read position, so reading stays ahead of writing).
              if let vals = orderedValues(nd), let ot = otherOrderedValues(nd) {
                // The node-ordered contributions move with their samples (the right ones through the
                // other buffer's range of this node) and stay in their buffer.
                let c = scorer.channels
                for q in 0..<count {
                  let i = node[q]
                  let l = Int(left[Int(col[Int(i)])])
                  node[k] = i
                  t[nRight] = i
                  for j in 0..<c {
                    let x = vals[q &* c &+ j]
                    ot[nRight &* c &+ j] = x
                    vals[k &* c &+ j] = x
                  }
                  k &+= l
                  nRight &+= 1 &- l
                }
                (vals + k &* c).update(from: ot, count: nRight &* c)
              } else {
                for q in 0..<count {
                  let i = node[q]
                  let l = Int(left[Int(col[Int(i)])])
                  node[k] = i
                  t[nRight] = i
                  k &+= l
                  nRight &+= 1 &- l
                }
              }
              for q in 0..<nRight { node[k + q] = t[q] }
            }
          }
        }
      }
      nLeft = k
    }
    let node = nd.node
    tree.feature[node] = Int32(f)
    tree.missingLeft[node] = sp.missingLeft
    tree.gain[node] = sp.gain
    if sp.isCategorical {
      tree.categorySet[node] = Int32(tree.categorySets.count / 4)
      tree.categorySets += [sp.categories.0, sp.categories.1, sp.categories.2, sp.categories.3]
    } else {
      tree.binThreshold[node] = sp.binThreshold
      tree.threshold[node] = data.features[f].upperBounds[Int(sp.binThreshold)]
    }
    let mid = nd.begin + nLeft
    // Children's totals from the split search (left) and the parent (right = parent − left); counts
    // are exact, and a child whose count is 0 by construction cannot occur.
    var lt = nd.leftTotal.count == channels ? nd.leftTotal : [Double](repeating: 0, count: channels)
    if scorer.exactCount { lt[0] = Double(nLeft) }
    var rt = nd.total
    for k in 0..<channels { rt[k] -= lt[k] }
    if scorer.exactCount { rt[0] = Double(nd.end - mid) }
    let l = tree.addNode(depth: nd.depth + 1, weight: scorer.mass(lt))
    let r = tree.addNode(depth: nd.depth + 1, weight: scorer.mass(rt))
    tree.left[node] = Int32(l)
    tree.right[node] = Int32(r)
    return (
      OpenNode(node: l, begin: nd.begin, end: mid, depth: nd.depth + 1, total: lt, orderedBuffer: childBuffer),
      OpenNode(node: r, begin: mid, end: nd.end, depth: nd.depth + 1, total: rt, orderedBuffer: childBuffer)
    )
  }

  /// Stable partition of a large node over fixed chunks, in two parallel passes: each chunk splits its
  /// samples into a scratch region (left ones forward, right ones backward) and notes each sample's side,
  /// then every chunk copies its left and right runs to their final offsets. Same result as the serial
  /// loop for any chunking. The node-ordered contributions (when kept) move in the second pass only,
  /// straight from their buffer to their final places in the other one.
  private func partitionInParallel(
    _ nd: OpenNode, split sp: SplitCandidate, goesLeft: UnsafePointer<UInt8>,
    samples: inout [Int32]
  ) -> Int {
    let count = nd.end - nd.begin
    let chunk = chunkRows
    let chunks = (count + chunk - 1) / chunk
    let f = sp.feature
    var lefts = [Int](repeating: 0, count: chunks)
    let c = scorer.channels
    let vSrc = UncheckedSendable(orderedValues(nd)), vDst = UncheckedSendable(otherOrderedValues(nd))
    let sides = UncheckedSendable(vSrc.value != nil ? sideScratch : nil)
    samples.withUnsafeMutableBufferPointer { s in
      scratchSamples.withUnsafeMutableBufferPointer { tmp in
        data.columns.withUnsafeBufferPointer { b in
          let src = SharedPointer(s.baseAddress! + nd.begin), bins = UncheckedSendable(b.baseAddress! + f &* data.rows)
          let dst = SharedPointer(tmp.baseAddress!)
          lefts.withUnsafeMutableBufferPointer { lp in
            do {
              let lb = SharedPointer(lp.baseAddress!), left = UncheckedSendable(goesLeft)
              parallelFor(chunks, threads: threads) { k in
                let lo = k * chunk, hi = min(count, lo + chunk)
                let col = bins.value, side = left.value
                var a = lo, z = hi - 1
                // Branch-free: each sample is written at both ends and only its side's cursor moves
                // (a ≤ z until the last sample, so both writes stay inside the chunk).
                if let sd = sides.value {
                  for q in lo..<hi {
                    let i = src[q]
                    let l = side[Int(col[Int(i)])]
                    sd[q] = l
                    dst[a] = i
                    dst[z] = i
                    a &+= Int(l)
                    z &-= 1 &- Int(l)
                  }
                } else {
                  for q in lo..<hi {
                    let i = src[q]
                    let l = Int(side[Int(col[Int(i)])])
                    dst[a] = i
                    dst[z] = i
                    a &+= l
                    z &-= 1 &- l
                  }
                }
                lb[k] = a - lo
              }
            }
          }
          var leftStart = [Int](repeating: 0, count: chunks), rightStart = [Int](repeating: 0, count: chunks)
          let totalLeft = lefts.reduce(0, +)
          var l = 0, r = totalLeft
          for k in 0..<chunks {
            leftStart[k] = l
            rightStart[k] = r
            l += lefts[k]
            r += min(count, (k + 1) * chunk) - k * chunk - lefts[k]
          }
          parallelFor(chunks, threads: threads) { k in
            let lo = k * chunk, hi = min(count, lo + chunk)
            let nl = lefts[k]
            (src.base + leftStart[k]).update(from: dst.base + lo, count: nl)
            // Right samples were written backwards from the chunk's end.
            let nr = hi - lo - nl
            for q in 0..<nr { src[rightStart[k] + q] = dst[hi - 1 - q] }
            if let vs = vSrc.value, let vd = vDst.value, let sd = sides.value {
              var a = leftStart[k], z = rightStart[k]
              for q in lo..<hi {
                let isLeft = Int(sd[q])
                let to = isLeft != 0 ? a : z
                for j in 0..<c { vd[to &* c &+ j] = vs[q &* c &+ j] }
                a &+= isLeft
                z &+= 1 &- isLeft
              }
            }
          }
        }
      }
    }
    return lefts.reduce(0, +)
  }

  // MARK: - Honesty

  /// Fills leaves from the estimation samples; prunes (or empties) leaves that receive none.
  private func populateHonestly(
    _ grown: Tree, estimation: [Int32], w: UnsafePointer<Double>,
    summary: any LeafSummaryStrategy
  ) -> Tree {
    var tree = grown
    let nodes = tree.nodeCount
    var leafOf = [Int](repeating: 0, count: estimation.count)
    var counts = [Int](repeating: 0, count: nodes + 1)
    data.bins.withUnsafeBufferPointer { b in
      for (k, s) in estimation.enumerated() {
        let leaf = tree.leaf(bins: b.baseAddress! + Int(s) * data.cols)
        leafOf[k] = leaf
        counts[leaf + 1] += 1
      }
    }
    for i in 0..<nodes { counts[i + 1] += counts[i] }
    var grouped = [Int32](repeating: 0, count: estimation.count)
    var fill = counts
    for (k, s) in estimation.enumerated() {
      grouped[fill[leafOf[k]]] = s
      fill[leafOf[k]] += 1
    }
    var empty = [Bool](repeating: false, count: nodes)
    let isLeaf = (0..<nodes).map { tree.isLeaf($0) }
    let width = tree.valueWidth
    var values = tree.values
    grouped.withUnsafeBufferPointer { gp in
      values.withUnsafeMutableBufferPointer { vp in
        for node in 0..<nodes where isLeaf[node] {
          let sub = UnsafeBufferPointer(rebasing: gp[counts[node]..<counts[node + 1]])
          let out = vp.baseAddress! + node * width
          if sub.isEmpty || !summary.summarize(samples: sub, weights: w, into: out) {
            empty[node] = true
            for k in 0..<width { out[k] = .nan }
          }
        }
      }
    }
    tree.values = values
    return options.pruneEmptyLeaves ? pruned(tree, empty: empty) : tree
  }

  /// The tree without empty leaves: a node with one empty side is replaced by its other side.
  /// Children always have larger ids than their parents, so one reverse sweep finds empty subtrees.
  func pruned(_ t: Tree, empty leafEmpty: [Bool]) -> Tree {
    let n = t.nodeCount
    var empty = leafEmpty
    for node in stride(from: n - 1, through: 0, by: -1) where !t.isLeaf(node) {
      empty[node] = empty[Int(t.left[node])] && empty[Int(t.right[node])]
    }
    if !empty.contains(true) { return t }
    var out = Tree(valueWidth: t.valueWidth)
    // Resolve a node to the first descendant that is a leaf or has two non-empty sides.
    func resolve(_ node: Int) -> Int {
      var v = node
      while !t.isLeaf(v) {
        let l = Int(t.left[v]), r = Int(t.right[v])
        if empty[l] && !empty[r] { v = r } else if empty[r] && !empty[l] { v = l } else { break }
      }
      return v
    }
    var stack: [(old: Int, new: Int)] = []
    let rootOld = resolve(0)
    let rootNew = out.addNode(depth: 0, weight: t.weight[rootOld])
    stack.append((rootOld, rootNew))
    while let (old, new) = stack.popLast() {
      let base = old * t.valueWidth
      for k in 0..<t.valueWidth { out.values[new * t.valueWidth + k] = t.values[base + k] }
      if t.isLeaf(old) { continue }
      out.feature[new] = t.feature[old]
      out.threshold[new] = t.threshold[old]
      out.binThreshold[new] = t.binThreshold[old]
      out.missingLeft[new] = t.missingLeft[old]
      out.gain[new] = t.gain[old]
      if t.categorySet[old] >= 0 {
        let s = Int(t.categorySet[old]) * 4
        out.categorySet[new] = Int32(out.categorySets.count / 4)
        out.categorySets += t.categorySets[s..<(s + 4)]
      }
      let d = Int(out.depth[new]) + 1
      let l = resolve(Int(t.left[old])), r = resolve(Int(t.right[old]))
      let nl = out.addNode(depth: d, weight: t.weight[l])
      let nr = out.addNode(depth: d, weight: t.weight[r])
      out.left[new] = Int32(nl)
      out.right[new] = Int32(nr)
      stack.append((r, nr))
      stack.append((l, nl))
    }
    return out
  }
}

/// Whether `list` holds the consecutive columns `list[0], list[0] + 1, …` in that order: the dense histogram
/// passes then read a row's features as one run (`row[f]`). A first and last `count − 1` apart are not enough:
/// a per-node `mtry` draw comes in random order (session 12's fix in ``TreeGrower/buildDense``), and the fused
/// step's part lists append the first feature after the part's own.
@inline(__always)
func isConsecutiveRun(_ list: [Int]) -> Bool {
  guard let first = list.first, let last = list.last, last - first == list.count - 1 else { return false }
  for k in 1..<max(1, list.count) where list[k] != list[k - 1] + 1 { return false }
  return true
}

/// `v` with the lanes where `m` is zero set to +0 (``TreeGrower``'s few-bin passes select a row's bin so).
@inline(__always)
private func fewBinMasked(_ v: SIMD2<Double>, _ m: SIMD2<UInt64>) -> SIMD2<Double> {
  unsafeBitCast(unsafeBitCast(v, to: SIMD2<UInt64>.self) & m, to: SIMD2<Double>.self)
}

/// Adds `value` to the two doubles at `at` (unaligned).
@inline(__always)
private func fewBinAdd(_ value: SIMD2<Double>, _ at: UnsafeMutablePointer<Double>) {
  let r = UnsafeMutableRawPointer(at)
  r.storeBytes(of: r.loadUnaligned(as: SIMD2<Double>.self) + value, as: SIMD2<Double>.self)
}
