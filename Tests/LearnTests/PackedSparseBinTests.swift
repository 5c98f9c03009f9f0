import Stats
import Testing

@testable import Learn

/// The small-node accumulator's packed layouts (``SparseBinLayout``: unit weights, the causal rule's count and
/// "below" channels in one double, the regression rule's Σw left out) must give the split scans the same
/// channel sums, bit for bit, as the plain layout: the specialized scans reading the packed bins in place, the
/// generic scan (through a forwarding scorer) from their decoded copy, and the left sums of the split found.
@Suite struct PackedSparseBinTests {
  typealias Outcome = SpecializedScanTests.Outcome

  /// Random unit-weight bins of `scorer` (plus missing samples when `withMissing`), scanned three ways: plain
  /// sums in `scratch.stats`, packed sums read in place by `scorer`, packed sums read by a forwarding scorer.
  func scans<S: SplitScorer>(
    _ scorer: S, layout: SparseBinLayout, responses: (inout SeededRNG) -> [Double], bins: Int,
    withMissing: Bool, seed: UInt64
  ) -> [Outcome] {
    var rng = SeededRNG(seed: seed)
    let c = scorer.channels, stride = layout.stride(channels: c)
    var parent = [Double](repeating: 0, count: c), missing = [Double](repeating: 0, count: c)
    var plain: [[Double]] = [], packed: [[Double]] = []
    /// Draws `k` unit-weight samples: their plain channel sums and their packed sums.
    func draw(_ k: Int) -> (plain: [Double], packed: [Double]) {
      var s = [Double](repeating: 0, count: c), p = [Double](repeating: 0, count: stride)
      var v = [Double](repeating: 0, count: c)
      for _ in 0..<k {
        let r = responses(&rng)
        r.withUnsafeBufferPointer { rp in
          s.withUnsafeMutableBufferPointer { scorer.add($0.baseAddress!, 1, rp.baseAddress!) }
          parent.withUnsafeMutableBufferPointer { scorer.add($0.baseAddress!, 1, rp.baseAddress!) }
          v.withUnsafeMutableBufferPointer { scorer.contribution(1, rp.baseAddress!, $0.baseAddress!) }
        }
        // What the packed kernels of the grower's small-node pass add for this sample.
        switch layout {
        case .causalPacked:
          for (k, x) in [v[0] + v[5] * SparseBinLayout.belowScale, v[2], v[3], v[4]].enumerated() { p[k] += x }
        case .regressionPacked:
          p[0] += v[0]
          p[1] += v[2]
        case .plain:
          for k in 0..<c { p[k] += v[k] }
        }
      }
      return (s, p)
    }
    for _ in 0..<bins {
      let (s, p) = draw(1 + rng.int(below: 40))
      plain.append(s)
      packed.append(p)
    }
    var missingPacked = [Double](repeating: 0, count: stride)
    if withMissing { (missing, missingPacked) = draw(2 + rng.int(below: 10)) }
    // The missing bin decoded as the grower's `takeSparseBins` does.
    let decodedMissing = missingPacked.withUnsafeBufferPointer { mp in
      (0..<c).map { layout.channel($0, of: mp.baseAddress!) }
    }
    #expect(decodedMissing.map(\.bitPattern) == missing.map(\.bitPattern))

    func run<T: SplitScorer>(_ s: T, inPlace: Bool) -> Outcome {
      let scratch = ScanScratch(channels: c)
      defer { scratch.deallocate() }
      // The packed bins at spread-out codes of a region, as the accumulator holds them.
      let region = UnsafeMutablePointer<Double>.allocate(capacity: 256 * stride)
      defer { region.deallocate() }
      region.initialize(repeating: .nan, count: 256 * stride)
      for b in 0..<bins {
        let code = 3 * b
        scratch.codes[b] = UInt8(code)
        for k in 0..<c { scratch.stats[b * c + k] = plain[b][k] }
        for k in 0..<stride { region[code * stride + k] = packed[b][k] }
      }
      var best = SplitCandidate()
      var left = [Double](repeating: 0, count: c)
      let count = parent[0]
      decodedMissing.withUnsafeBufferPointer { mp in
        parent.withUnsafeBufferPointer { pp in
          left.withUnsafeMutableBufferPointer { lp in
            scanFeature(
              s, feature: 2, categorical: false, m: bins, missing: mp.baseAddress!, parent: pp.baseAddress!,
              count: count, scratch: scratch, best: &best, bestLeft: lp.baseAddress!,
              bins: inPlace ? UnsafePointer(region) : nil, layout: inPlace ? layout : .plain)
          }
        }
      }
      return Outcome(
        gain: best.gain, feature: best.feature, threshold: best.binThreshold, missingLeft: best.missingLeft,
        left: best.isValid ? left : [])
    }
    return [
      run(scorer, inPlace: false), run(scorer, inPlace: true),
      run(SpecializedScanTests.Forwarding(base: scorer), inPlace: true),
    ]
  }

  /// Runs `trials` random cases per scorer, with and without missing values; returns how many found a split.
  func compare<S: SplitScorer>(
    _ scorers: [S], layout: SparseBinLayout, responses: @escaping (inout SeededRNG) -> [Double]
  ) -> Int {
    var found = 0
    for (i, s) in scorers.enumerated() {
      for withMissing in [false, true] {
        for trial in 0..<40 {
          let outcomes = scans(
            s, layout: layout, responses: responses, bins: 2 + trial % 30, withMissing: withMissing,
            seed: UInt64(100 * i + trial))
          // Bit patterns compared through `left` (Equatable on doubles would accept -0 == 0).
          let bits = outcomes.map { $0.left.map(\.bitPattern) }
          #expect(outcomes[1] == outcomes[0] && bits[1] == bits[0], "scorer \(i) trial \(trial)")
          #expect(outcomes[2] == outcomes[0] && bits[2] == bits[0], "scorer \(i) trial \(trial) (generic)")
          if outcomes[0].feature >= 0 { found += 1 }
        }
      }
    }
    return found
  }

  @Test func causalPackedBinsScanLikePlainBins() {
    let scorers = [(0.05, 0.0), (0.0, 0.0), (0.05, 1.0), (0.2, 0.5)].map {
      CausalScorer(alpha: $0.0, penalty: $0.1, minLeaf: 2)
    }
    let found = compare(scorers, layout: .causalPacked) { rng in
      let w = rng.uniform() < 0.4 ? 1.0 : 0.0
      return [rng.uniform() * 2 - 1, w + 0.1 * rng.uniform(), w < 0.4 ? 1 : 0]
    }
    #expect(found > 100)
  }

  @Test func regressionPackedBinsScanLikePlainBins() {
    let scorers = [(0.05, 0.0), (0.0, 0.0), (0.1, 2.0)].map {
      VarianceScorer(width: 1, minLeaf: 3, alpha: $0.0, penalty: $0.1)
    }
    let found = compare(scorers, layout: .regressionPacked) { rng in
      [rng.uniform() < 0.3 ? 1.0 : rng.uniform()]
    }
    #expect(found > 100)
  }

  /// The causal packed count channel decodes exactly up to the bound of small nodes and beyond.
  @Test func causalPackedCountsDecodeExactly() {
    for (n, below) in [(0, 0), (1, 0), (1, 1), (5, 3), (1023, 1023), (1023, 0), (70_000, 12_345)] {
      let packed = [Double(n) + Double(below) * SparseBinLayout.belowScale, 0.5, 0.25, 0.125]
      packed.withUnsafeBufferPointer { p in
        let s = SparseBinLayout.causalPacked.causalChannels(p.baseAddress!)
        #expect(s.0 == Double(n) && s.1 == Double(n) && s.5 == Double(below) && s.2 == 0.5 && s.4 == 0.125)
        #expect(SparseBinLayout.causalPacked.channel(5, of: p.baseAddress!) == Double(below))
        #expect(SparseBinLayout.causalPacked.channel(3, of: p.baseAddress!) == 0.25)
      }
    }
  }
}
