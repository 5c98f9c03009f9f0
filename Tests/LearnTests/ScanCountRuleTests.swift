import Stats
import Testing

@testable import Learn

/// The specialized numeric scans test each candidate's sample counts before the division-free bound, stop once the
/// right child's counts fail (packed causal bins, the regression rule's count channel), use the bound with missing
/// values on both sides, and the grower skips a causal node whose counts rule out every split
/// (``SplitScorer/rulesOutEverySplit(_:layout:)``). None of this may change the split search's result, bit for bit:
/// the same feature, threshold, gain, missing side and left sums as the generic `scanFeature` path (no count tests
/// before the gain, no bound; reached through a forwarding scorer) — on random nodes around the count limits
/// (minimum leaves up to half the node, many missing values, exact ties, non-finite responses), with the bins read
/// in place in the packed layouts and from the plain copy.
@Suite struct ScanCountRuleTests {
  typealias Forwarding = SpecializedScanTests.Forwarding
  typealias Outcome = ScanBoundTests.Outcome
  typealias Node = ScanBoundTests.Node

  /// How the grower may hand a feature's bins to the scan.
  enum Storage { case plainCopy, packedInPlace }

  /// Scans every feature of `node` with `scorer` into one best split, as the grower does for a node's features:
  /// bins summed in sample order, read from `scratch.stats` (`plainCopy`) or in place in the scorer's packed
  /// layout (`packedInPlace`; unit weights only). `categorical` scans the features as categorical (generic path).
  func search<S: SplitScorer>(
    _ scorer: S, _ node: Node, storage: Storage = .plainCopy, margin: Double? = nil, categorical: Bool = false
  ) -> Outcome {
    let c = scorer.channels
    let layout: SparseBinLayout =
      storage == .plainCopy ? .plain : (c == 6 ? .causalPacked : .regressionPacked)
    let stride = layout.stride(channels: c)
    let scratch = ScanScratch(channels: c)
    defer { scratch.deallocate() }
    let region = UnsafeMutablePointer<Double>.allocate(capacity: 256 * stride)
    defer { region.deallocate() }
    var parent = [Double](repeating: 0, count: c)
    func contribution(_ i: Int) -> [Double] {
      var v = [Double](repeating: 0, count: c)
      node.responses[i].withUnsafeBufferPointer { rp in
        v.withUnsafeMutableBufferPointer { scorer.contribution(node.weights[i], rp.baseAddress!, $0.baseAddress!) }
      }
      return v
    }
    func add(_ sums: inout [Double], _ i: Int) {
      node.responses[i].withUnsafeBufferPointer { rp in
        sums.withUnsafeMutableBufferPointer { scorer.add($0.baseAddress!, node.weights[i], rp.baseAddress!) }
      }
    }
    /// What the grower's packed small-node kernels add for sample `i`.
    func packed(_ i: Int) -> [Double] {
      let v = contribution(i)
      return c == 6 ? [v[0] + v[5] * SparseBinLayout.belowScale, v[2], v[3], v[4]] : [v[0], v[2]]
    }
    for i in node.weights.indices { add(&parent, i) }
    var best = SplitCandidate()
    var left = [Double](repeating: 0, count: c)
    for (f, column) in node.bins.enumerated() {
      var hist = [[Double]](repeating: [Double](repeating: 0, count: c), count: 256)
      var packedHist = [[Double]](repeating: [Double](repeating: 0, count: stride), count: 256)
      var missing = [Double](repeating: 0, count: c), packedMissing = [Double](repeating: 0, count: stride)
      for (i, b) in column.enumerated() {
        if let b { add(&hist[b], i) } else { add(&missing, i) }
        if storage == .packedInPlace {
          let p = packed(i)
          for k in 0..<stride {
            if let b { packedHist[b][k] += p[k] } else { packedMissing[k] += p[k] }
          }
        }
      }
      if storage == .packedInPlace {
        // The missing bin as the grower's `takeSparseBins` decodes it.
        missing = packedMissing.withUnsafeBufferPointer { mp in (0..<c).map { layout.channel($0, of: mp.baseAddress!) }
        }
      }
      region.initialize(repeating: .nan, count: 256 * stride)
      var m = 0
      for b in 0..<255 where hist[b][0] > 0 {
        scratch.codes[m] = UInt8(b)
        for k in 0..<c { scratch.stats[m * c + k] = hist[b][k] }
        for k in 0..<stride { region[b * stride + k] = packedHist[b][k] }
        m += 1
      }
      let count = parent[0]
      missing.withUnsafeBufferPointer { mp in
        parent.withUnsafeBufferPointer { pp in
          left.withUnsafeMutableBufferPointer { lp in
            let inPlace: UnsafePointer<Double>? = storage == .packedInPlace ? UnsafePointer(region) : nil
            let hasMissing = !scorer.isEmpty(mp.baseAddress!)
            if let margin {
              guard m + (hasMissing ? 1 : 0) >= 2, m >= 1 else { return }
              if let cs = scorer as? CausalScorer {
                scanCausalNumeric(
                  cs, feature: f, m: m, hasMissing: hasMissing, missing: mp.baseAddress!, parent: pp.baseAddress!,
                  scratch: scratch, best: &best, bestLeft: lp.baseAddress!, bins: inPlace, layout: layout,
                  boundMargin: margin)
              } else if let vs = scorer as? VarianceScorer {
                scanVarianceNumeric(
                  vs, feature: f, m: m, hasMissing: hasMissing, missing: mp.baseAddress!, parent: pp.baseAddress!,
                  count: count, scratch: scratch, best: &best, bestLeft: lp.baseAddress!, bins: inPlace,
                  layout: layout, boundMargin: margin)
              }
            } else {
              scanFeature(
                scorer, feature: f, categorical: categorical, m: m, missing: mp.baseAddress!,
                parent: pp.baseAddress!, count: count, scratch: scratch, best: &best, bestLeft: lp.baseAddress!,
                bins: inPlace, layout: layout)
            }
          }
        }
      }
    }
    return Outcome(
      gain: best.gain.bitPattern, feature: best.feature, threshold: best.binThreshold, missingLeft: best.missingLeft,
      left: best.isValid ? left.map(\.bitPattern) : [])
  }

  /// A random node of `n` unit-weight samples (weighted when `weighted`) over three features, with `regime`'s
  /// responses (``ScanBoundTests/node(_:n:features:levels:missingShare:causal:rng:)``) and a treated share drawn
  /// per node, so that the children's counts below and above the mean of W reach the minimum leaf at the edges.
  func node(
    _ regime: ScanBoundTests.Regime, n: Int, levels: Int, missingShare: Double, causal: Bool, rng: inout SeededRNG
  ) -> Node {
    var sample = ScanBoundTests().node(
      regime, n: n, features: 3, levels: levels, missingShare: missingShare, causal: causal, rng: &rng)
    if causal {
      let share = 0.1 + 0.8 * rng.uniform()
      for i in sample.responses.indices {
        let treated = rng.uniform() < share ? 1.0 : 0.0
        sample.responses[i][1] = treated - share
        sample.responses[i][2] = treated < share ? 1 : 0
      }
    }
    return sample
  }

  /// Whether `scorer`'s best split of `node` leaves a child at a count limit (its count below or above the mean of
  /// W — causal — or its sample count equal to `limit`): a scan whose count window were off by one would differ.
  func atEdge(_ node: Node, _ outcome: Outcome, causal: Bool, limit: Double) -> Bool {
    guard outcome.feature >= 0 else { return false }
    let left = outcome.left.map { Double(bitPattern: $0) }
    var parent = [0.0, 0.0]
    for r in node.responses {
      parent[0] += 1
      parent[1] += causal ? r[2] : 0
    }
    if causal {
      let lb = left[5], la = left[0] - left[5], rb = parent[1] - lb, ra = parent[0] - parent[1] - la
      return [lb, la, rb, ra].contains(limit)
    }
    return left[0] == limit || parent[0] - left[0] == limit
  }

  @Test func causalScansWithCountRulesMatchTheGenericScan() {
    let scorers = [
      CausalScorer(alpha: 0.05, penalty: 0, minLeaf: 5), CausalScorer(alpha: 0, penalty: 0, minLeaf: 1),
      CausalScorer(alpha: 0.2, penalty: 0.5, minLeaf: 3), CausalScorer(alpha: 0.05, penalty: 0, minLeaf: 12),
      CausalScorer(alpha: 0.05, penalty: 0, minLeaf: 2.5),
    ]
    var cases = 0, found = 0, edges = 0, packedCases = 0
    for (g, regime) in ScanBoundTests.Regime.allCases.enumerated() {
      for (s, scorer) in scorers.enumerated() {
        for (q, missingShare) in [0.0, 0.08, 0.35].enumerated() {
          for trial in 0..<8 {
            var rng = SeededRNG(seed: 7 + trial).derived(1000 * g + 100 * s + 10 * q)
            let n = 8 + rng.int(below: 120), levels = 2 + rng.int(below: 40)
            let sample = node(regime, n: n, levels: levels, missingShare: missingShare, causal: true, rng: &rng)
            let reference = search(Forwarding(base: scorer), sample)
            cases += 1
            if reference.feature >= 0 { found += 1 }
            if atEdge(sample, reference, causal: true, limit: scorer.minLeaf) { edges += 1 }
            #expect(search(scorer, sample) == reference, "\(regime) scorer \(s) missing \(missingShare) trial \(trial)")
            // Packed bins (unit weights): the counts are exact, and the scan stops when the right child's fail.
            if sample.weights.allSatisfy({ $0 == 1 }) {
              packedCases += 1
              #expect(
                search(scorer, sample, storage: .packedInPlace) == reference,
                "packed \(regime) scorer \(s) missing \(missingShare) trial \(trial)")
            }
          }
        }
      }
    }
    // Accepted splits and nodes with none; winners at the count limits (so a window off by one is seen); packed.
    #expect(found > cases / 3 && found < cases)
    #expect(edges > 20)
    #expect(packedCases > cases / 2)
  }

  @Test func varianceScansWithCountRulesMatchTheGenericScan() {
    let scorers = [
      VarianceScorer(width: 1, minLeaf: 5, alpha: 0.05, penalty: 0), VarianceScorer(width: 1, minLeaf: 1),
      VarianceScorer(width: 1, minLeaf: 3, alpha: 0.3, penalty: 2), VarianceScorer(width: 1, minLeaf: 20),
      VarianceScorer(width: 1, minLeaf: .nan, alpha: 0.2), VarianceScorer(width: 1, minLeaf: 2.5, alpha: 0.1),
    ]
    var cases = 0, found = 0, edges = 0
    for (g, regime) in ScanBoundTests.Regime.allCases.enumerated() {
      for (s, scorer) in scorers.enumerated() {
        for (q, missingShare) in [0.0, 0.08, 0.35].enumerated() {
          for trial in 0..<8 {
            var rng = SeededRNG(seed: 11 + trial).derived(1000 * g + 100 * s + 10 * q)
            let n = 4 + rng.int(below: 120), levels = 2 + rng.int(below: 40)
            let sample = node(regime, n: n, levels: levels, missingShare: missingShare, causal: false, rng: &rng)
            let reference = search(Forwarding(base: scorer), sample)
            cases += 1
            if reference.feature >= 0 { found += 1 }
            let limit = max(scorer.minLeaf.isNaN ? 0 : scorer.minLeaf, (scorer.alpha * Double(n)).rounded(.up))
            if atEdge(sample, reference, causal: false, limit: limit) { edges += 1 }
            #expect(search(scorer, sample) == reference, "\(regime) scorer \(s) missing \(missingShare) trial \(trial)")
            if sample.weights.allSatisfy({ $0 == 1 }) {
              #expect(
                search(scorer, sample, storage: .packedInPlace) == reference,
                "packed \(regime) scorer \(s) missing \(missingShare) trial \(trial)")
            }
          }
        }
      }
    }
    #expect(found > cases / 3 && found < cases)
    #expect(edges > 20)
  }

  /// With missing values the bound now runs too: a bound that skips winners (a margin of −1/8) must change some
  /// outcomes of nodes with missing values, and the real margin none.
  @Test func theBoundWithMissingValuesIsCheckedByTheComparison() {
    let causal = CausalScorer(alpha: 0, penalty: 0, minLeaf: 1)
    let variance = VarianceScorer(width: 1, minLeaf: 1)
    var caught = 0, cases = 0
    for regime in [ScanBoundTests.Regime.plain, .nearTies] {
      for trial in 0..<30 {
        var rng = SeededRNG(seed: 500 + trial).derived(regime == .plain ? 0 : 1)
        let n = 20 + rng.int(below: 200), levels = 4 + rng.int(below: 40)
        for isCausal in [true, false] {
          let sample = node(regime, n: n, levels: levels, missingShare: 0.2, causal: isCausal, rng: &rng)
          cases += 1
          if isCausal {
            let reference = search(Forwarding(base: causal), sample)
            #expect(search(causal, sample, margin: 0x1p-30) == reference)
            #expect(search(causal, sample, storage: .packedInPlace, margin: 0x1p-30) == reference)
            if search(causal, sample, margin: -0x1p-3) != reference { caught += 1 }
          } else {
            let reference = search(Forwarding(base: variance), sample)
            #expect(search(variance, sample, margin: 0x1p-30) == reference)
            #expect(search(variance, sample, storage: .packedInPlace, margin: 0x1p-30) == reference)
            if search(variance, sample, margin: -0x1p-3) != reference { caught += 1 }
          }
        }
      }
    }
    #expect(caught > cases / 10)
  }

  /// `rulesOutEverySplit`: packed causal nodes with fewer than 2 · minLeaf samples below (or above) the mean of W
  /// have no valid split in any feature, numeric or categorical (the generic scans find none); at exactly
  /// 2 · minLeaf some do, so the limit is not one too loose; the plain layout (counts not known to be integers) never answers true.
  @Test func aCausalNodeWhoseCountsRuleOutEverySplitHasNoValidSplit() {
    var ruledOut = 0, splitAtTheLimit = 0
    for trial in 0..<300 {
      var rng = SeededRNG(seed: 900 + trial)
      let minLeaf = Double(1 + rng.int(below: 6))
      let scorer = CausalScorer(alpha: 0, penalty: 0, minLeaf: minLeaf)
      let n = Int(2 * minLeaf) + rng.int(below: 3 * Int(minLeaf) + 4)
      var sample = node(.plain, n: n, levels: 2 + rng.int(below: 8), missingShare: 0.15, causal: true, rng: &rng)
      // Below-the-mean counts near 2 · minLeaf: the first `k` samples are "below", the rest above.
      let k = max(0, Int(2 * minLeaf) - 1 + rng.int(below: 3))
      for i in sample.responses.indices {
        let below = i < k
        sample.responses[i][1] = below ? -1 : 1
        sample.responses[i][2] = below ? 1 : 0
      }
      var parent = [Double](repeating: 0, count: 6)
      for i in sample.responses.indices {
        sample.responses[i].withUnsafeBufferPointer { rp in
          parent.withUnsafeMutableBufferPointer { scorer.add($0.baseAddress!, 1, rp.baseAddress!) }
        }
      }
      let rules = parent.withUnsafeBufferPointer { scorer.rulesOutEverySplit($0.baseAddress!, layout: .causalPacked) }
      let plainRules = parent.withUnsafeBufferPointer { scorer.rulesOutEverySplit($0.baseAddress!, layout: .plain) }
      #expect(!plainRules)
      let numeric = search(Forwarding(base: scorer), sample)
      let categorical = search(Forwarding(base: scorer), sample, categorical: true)
      let packedCategorical = search(scorer, sample, storage: .packedInPlace, categorical: true)
      if rules {
        ruledOut += 1
        #expect(numeric.feature == -1 && categorical.feature == -1 && packedCategorical.feature == -1)
      } else if min(parent[5], parent[0] - parent[5]) == 2 * minLeaf && numeric.feature >= 0 {
        splitAtTheLimit += 1
      }
    }
    #expect(ruledOut > 50)
    #expect(splitAtTheLimit > 10)
  }
}
