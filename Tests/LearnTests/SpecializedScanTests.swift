import Stats
import Testing

@testable import Learn

/// The numeric split scans specialized for the causal rule (`scanCausalNumeric`) and the one-response
/// regression rule (`scanVarianceNumeric`) must pick the same split, with the same gain, missing side and
/// left sums (bit for bit), as the generic `scanFeature` path — reached here through a scorer that only
/// forwards to the real one, so the specialization does not apply.
@Suite struct SpecializedScanTests {
  /// Forwards every call to `base`; a distinct type, so `scanFeature` takes its generic path.
  struct Forwarding<S: SplitScorer>: SplitScorer {
    let base: S
    var channels: Int { base.channels }
    func add(_ h: UnsafeMutablePointer<Double>, _ w: Double, _ r: UnsafePointer<Double>) { base.add(h, w, r) }
    func contribution(_ w: Double, _ r: UnsafePointer<Double>, _ v: UnsafeMutablePointer<Double>) {
      base.contribution(w, r, v)
    }
    func gain(
      _ l: UnsafePointer<Double>, _ r: UnsafePointer<Double>, _ p: UnsafePointer<Double>, _ n: Double
    ) -> Double { base.gain(l, r, p, n) }
    var exactCount: Bool { base.exactCount }
    func isEmpty(_ s: UnsafePointer<Double>) -> Bool { base.isEmpty(s) }
    func accepts(_ gain: Double) -> Bool { base.accepts(gain) }
    func categoryKey(_ s: UnsafePointer<Double>) -> Double { base.categoryKey(s) }
    func mass(_ s: UnsafePointer<Double>) -> Double { base.mass(s) }
  }

  struct Outcome: Equatable {
    var gain: Double
    var feature: Int
    var threshold: UInt8
    var missingLeft: Bool
    var left: [Double]
  }

  /// Builds `bins` random bins of samples (plus missing samples when `withMissing`), sums them with
  /// `scorer`, and scans them.
  func scan<S: SplitScorer>(
    _ scorer: S, responses: (inout SeededRNG) -> [Double], bins: Int, withMissing: Bool, seed: UInt64
  ) -> Outcome {
    var rng = SeededRNG(seed: seed)
    let c = scorer.channels
    let scratch = ScanScratch(channels: c)
    defer { scratch.deallocate() }
    var parent = [Double](repeating: 0, count: c), missing = [Double](repeating: 0, count: c)
    /// Draws `k` samples' responses and adds them to `sums` and to the parent.
    func draw(_ k: Int, into sums: inout [Double]) {
      for _ in 0..<k {
        let r = responses(&rng)
        r.withUnsafeBufferPointer { rp in
          sums.withUnsafeMutableBufferPointer { scorer.add($0.baseAddress!, 1, rp.baseAddress!) }
          parent.withUnsafeMutableBufferPointer { scorer.add($0.baseAddress!, 1, rp.baseAddress!) }
        }
      }
    }
    var m = 0
    for b in 0..<bins {
      var s = [Double](repeating: 0, count: c)
      draw(1 + rng.int(below: 12), into: &s)
      scratch.codes[m] = UInt8(3 * b)
      for k in 0..<c { scratch.stats[m * c + k] = s[k] }
      m += 1
    }
    if withMissing { draw(2 + rng.int(below: 10), into: &missing) }
    var best = SplitCandidate()
    var left = [Double](repeating: 0, count: c)
    let count = parent[0]
    missing.withUnsafeBufferPointer { mp in
      parent.withUnsafeBufferPointer { pp in
        left.withUnsafeMutableBufferPointer { lp in
          scanFeature(
            scorer, feature: 2, categorical: false, m: m, missing: mp.baseAddress!, parent: pp.baseAddress!,
            count: count, scratch: scratch, best: &best, bestLeft: lp.baseAddress!)
        }
      }
    }
    return Outcome(
      gain: best.gain, feature: best.feature, threshold: best.binThreshold, missingLeft: best.missingLeft,
      left: best.isValid ? left : [])
  }

  /// Compares the specialized and generic scans on `trials` random histograms per setting, with and
  /// without missing values; returns how many cases found a split.
  func compare<S: SplitScorer>(
    _ settings: [(seed: Int, scorer: S)], trials: Int, bins: (Int) -> Int,
    responses: @escaping (inout SeededRNG) -> [Double]
  ) -> Int {
    var found = 0
    for (seed, s) in settings {
      for withMissing in [false, true] {
        for trial in 0..<trials {
          let u = UInt64(seed * 1000 + trial)
          let fast = scan(s, responses: responses, bins: bins(trial), withMissing: withMissing, seed: u)
          let slow = scan(
            Forwarding(base: s), responses: responses, bins: bins(trial), withMissing: withMissing, seed: u)
          #expect(fast == slow, "seed \(seed) trial \(trial) missing \(withMissing)")
          if fast.feature >= 0 { found += 1 }
        }
      }
    }
    return found
  }

  @Test func causalScanMatchesTheGenericScan() {
    let settings = [(1, 0.05, 0.0), (2, 0.0, 0.0), (3, 0.05, 1.0), (4, 0.2, 0.5)].map {
      (seed: $0.0, scorer: CausalScorer(alpha: $0.1, penalty: $0.2, minLeaf: 2))
    }
    let found = compare(settings, trials: 40, bins: { 3 + $0 % 30 }) { rng in
      let w = rng.uniform() < 0.4 ? 1.0 : 0.0
      return [rng.uniform() * 2 - 1, w - 0.4, w < 0.4 ? 1 : 0]
    }
    // The cases must exercise accepted splits, not only rejected ones.
    #expect(found > 100)
  }

  @Test func varianceScanMatchesTheGenericScan() {
    let settings = [(1, 0.05, 0.0), (2, 0.0, 0.0), (3, 0.1, 2.0)].map {
      (seed: $0.0, scorer: VarianceScorer(width: 1, minLeaf: 3, alpha: $0.1, penalty: $0.2))
    }
    let found = compare(settings, trials: 40, bins: { 2 + $0 % 25 }) { rng in
      [rng.uniform() < 0.3 ? 1.0 : rng.uniform()]
    }
    #expect(found > 100)
  }
}
