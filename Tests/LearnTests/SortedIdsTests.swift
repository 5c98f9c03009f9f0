import Stats
import Testing

@testable import Learn

/// ``SortedIds`` (the bitset sort forests use for their subsamples) gives exactly `sorted()`.
@Suite struct SortedIdsTests {
  @Test(arguments: [1, 63, 64, 65, 1000, 7043])
  func matchesSorted(n: Int) {
    var rng = SeededRNG(seed: n)
    for k in [0, 1, n / 2, n] {
      let ids = rng.sample(n, k)
      #expect(SortedIds.sorted(ids, bound: n) == ids.sorted().map { Int32($0) })
    }
  }

  @Test func boundaryIdsAreKept() {
    let ids: [Int32] = [127, 0, 64, 63, 128]
    #expect(SortedIds.sorted(ids, bound: 129) == [0, 63, 64, 127, 128])
  }
}

/// The forests' sampling (``SortedIds/sample(_:_:rng:)``, ``SortedIds/shuffledSplit(_:cut:rng:)`` and
/// ``ForestTrainer/drawSample(rows:pool:sampleWeights:rng:)`` built on them) makes the same draws and gives
/// the same ids as the code it replaced: `rng.sample` then `sorted()`, `rng.shuffle` then both halves
/// `sorted()` — written out below as the reference.
@Suite struct ForestSamplingIdentityTests {
  /// `drawSample` as it was before session 13.
  static func legacyDrawSample(
    _ options: ForestOptions, rows n: Int, pool: [Int32]?, sampleWeights: [Double]?, rng: inout SeededRNG
  ) -> (split: [Int32], estimation: [Int32]?, weights: [Double], bag: [Int32]) {
    var weights = [Double](repeating: 0, count: n)
    var ids: [Int32]
    switch options.sampling {
    case .bootstrap:
      var counts = [Int32](repeating: 0, count: n)
      for _ in 0..<n { counts[rng.int(below: n)] += 1 }
      ids = []
      for i in 0..<n where counts[i] > 0 {
        ids.append(Int32(i))
        weights[i] = Double(counts[i])
      }
    case .subsample(let f):
      let m = max(1, Int((f * Double(n)).rounded()))
      if let pool {
        ids = rng.sample(pool.count, min(m, pool.count)).map { pool[$0] }.sorted()
      } else {
        ids = rng.sample(n, min(m, n)).map { Int32($0) }.sorted()
      }
      for i in ids { weights[Int(i)] = 1 }
    case .all:
      ids = (0..<n).map { Int32($0) }
      for i in 0..<n { weights[i] = 1 }
    }
    if let sw = sampleWeights { for i in ids { weights[Int(i)] *= sw[Int(i)] } }
    guard options.tree.honesty else { return (ids, nil, weights, ids) }
    var shuffled = ids
    rng.shuffle(&shuffled)
    let cut = Int((options.tree.honestyFraction * Double(ids.count)).rounded(.down))
    return (Array(shuffled[0..<cut]).sorted(), Array(shuffled[cut...]).sorted(), weights, ids)
  }

  @Test(arguments: [0, 1, 2, 63, 64, 65, 1000, 2000, 7043])
  func sampleGivesTheSortedLegacySample(n: Int) {
    for seed in 0..<40 {
      for k in Set([0, 1, n / 4, n / 2, (n + 1) / 2, n - 1, n, n + 3]) where k >= 0 {
        var a = SeededRNG(seed: seed), b = SeededRNG(seed: seed)
        #expect(SortedIds.sample(n, k, rng: &a) == b.sample(n, k).map { Int32($0) }.sorted())
        #expect(a.next() == b.next(), "position after sample(\(n), \(k)), seed \(seed)")
      }
    }
  }

  @Test(arguments: [0, 1, 2, 65, 1761, 3521])
  func shuffledSplitGivesTheSortedLegacyHalves(s: Int) {
    for seed in 0..<40 {
      var pick = SeededRNG(seed: 1000 + seed)
      let ids = SortedIds.sample(3 * s + 1, s, rng: &pick)
      for cut in Set([0, 1, s / 2, s - 1, s]) where cut >= 0 && cut <= s {
        var a = SeededRNG(seed: seed), b = SeededRNG(seed: seed)
        let (first, rest) = SortedIds.shuffledSplit(ids, cut: cut, rng: &a)
        var shuffled = ids
        b.shuffle(&shuffled)
        #expect(first == Array(shuffled[0..<cut]).sorted())
        #expect(rest == Array(shuffled[cut...]).sorted())
        #expect(a.next() == b.next())
      }
    }
  }

  @Test func drawSampleMatchesTheLegacyDrawSample() {
    let n = 2001
    var weightRng = SeededRNG(seed: 9)
    let sampleWeights = (0..<n).map { _ in weightRng.uniform() + 0.5 }
    var poolRng = SeededRNG(seed: 11)
    let pool = SortedIds.sample(n, n / 2, rng: &poolRng)
    let schemes: [SampleScheme] = [.bootstrap, .subsample(fraction: 0.5), .subsample(fraction: 0.3), .all]
    for scheme in schemes {
      for honesty in [false, true] {
        for fraction in [0.5, 0.37] {
          for usePool in [false, true] {
            for weights in [nil, sampleWeights] {
              var options = ForestOptions()
              options.sampling = scheme
              options.tree.honesty = honesty
              options.tree.honestyFraction = fraction
              let trainer = ForestTrainer(
                relabeling: OutcomeRelabeling(outcome: []), splitting: .variance, summary: MeanLeafSummary(outcome: []),
                options: options)
              for seed in 0..<8 {
                var a = SeededRNG(seed: seed), b = SeededRNG(seed: seed)
                let p = usePool ? pool : nil
                let new = trainer.drawSample(rows: n, pool: p, sampleWeights: weights, rng: &a)
                let old = Self.legacyDrawSample(options, rows: n, pool: p, sampleWeights: weights, rng: &b)
                #expect(new.split == old.split, "\(scheme) honesty \(honesty) pool \(usePool) seed \(seed)")
                #expect(new.estimation == old.estimation)
                #expect(new.weights == old.weights)
                #expect(new.bag == old.bag)
                #expect(a.next() == b.next())
              }
            }
          }
        }
      }
    }
  }
}
