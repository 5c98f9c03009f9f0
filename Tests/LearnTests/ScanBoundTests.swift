import Stats
import Testing

@testable import Learn

/// The division-free bound (`mayBeatBest`) with which the specialized numeric scans (`scanCausalNumeric`,
/// `scanVarianceNumeric`) skip candidates that cannot beat the best split so far must leave the split search's
/// result unchanged, bit for bit: the same feature, threshold, gain, missing side and left sums as the generic
/// `scanFeature` path (no bound; reached through a forwarding scorer), over several features scanned into one
/// best as the grower does — with weights (zero ones too: empty denominators), missing values, exact ties,
/// minimum-leaf edges, penalties, huge and tiny magnitudes and non-finite responses. A bound that skips winners
/// (a negative margin) must be caught by the same comparison.
@Suite struct ScanBoundTests {
  typealias Forwarding = SpecializedScanTests.Forwarding

  /// A node's samples: weight, responses, and per feature a bin (`nil`: missing).
  struct Node {
    var weights: [Double]
    var responses: [[Double]]
    var bins: [[Int?]]
  }

  /// The split search's result, compared bit for bit.
  struct Outcome: Equatable {
    var gain: UInt64
    var feature: Int
    var threshold: UInt8
    var missingLeft: Bool
    var left: [UInt64]
  }

  /// How the samples are drawn.
  enum Regime: CaseIterable {
    case plain, weighted, ties, nearTies, huge, tiny, nonFinite
  }

  /// Draws a node of `n` samples over `features` features with `levels` bins each; `responses(rng, w)` gives a
  /// sample's responses from its treatment-like draw.
  func node(
    _ regime: Regime, n: Int, features: Int, levels: Int, missingShare: Double, causal: Bool, rng: inout SeededRNG
  ) -> Node {
    var weights: [Double] = [], responses: [[Double]] = []
    // Huge and tiny: powers of two that put the bound's products anywhere from inside to outside its range.
    var scale = 1.0, weightScale = 1.0
    switch regime {
    case .huge:
      scale = Double(sign: .plus, exponent: rng.int(below: 161), significand: 1)
      weightScale = Double(sign: .plus, exponent: rng.int(below: 101), significand: 1)
    case .tiny:
      scale = Double(sign: .plus, exponent: -rng.int(below: 161), significand: 1)
      weightScale = Double(sign: .plus, exponent: -rng.int(below: 101), significand: 1)
    default: break
    }
    for _ in 0..<n {
      var w = weightScale
      if regime == .weighted { w = [0, 0.25, 1, 2.5][rng.int(below: 4)] }
      weights.append(w)
      let treated = rng.uniform() < 0.4 ? 1.0 : 0.0
      // Ties: responses from {−1, 1}, mirrored across the bins below, so mirrored cuts tie exactly (or nearly).
      var rho =
        regime == .ties || regime == .nearTies ? (rng.uniform() < 0.5 ? -1.0 : 1.0) : (rng.uniform() * 2 - 1) * scale
      if regime == .nonFinite && rng.uniform() < 0.01 { rho = [Double.infinity, -.infinity, .nan][rng.int(below: 3)] }
      responses.append(causal ? [rho, treated - 0.4, treated < 0.4 ? 1 : 0] : [rho])
    }
    var bins: [[Int?]] = []
    for _ in 0..<features {
      var column: [Int?] = []
      for i in 0..<n {
        if rng.uniform() < missingShare {
          column.append(nil)
        } else if regime == .ties || regime == .nearTies {
          // Every sample in bin (i mod levels): bins with the same counts and, for mirrored samples, sums.
          column.append(i % levels)
        } else {
          column.append(rng.int(below: levels))
        }
      }
      bins.append(column)
    }
    if regime == .ties || regime == .nearTies {
      // Sample i is in bin i mod levels; copying each upper bin's responses from its mirror bin in the same run
      // of `levels` samples makes bins b and levels−1−b hold the same sums (but for the last, partial run).
      for i in 0..<n {
        let b = i % levels, mirror = levels - 1 - b
        if mirror < b {
          responses[i] = responses[i - b + mirror]
          // Near ties: the mirrored cut's gain differs from the first one's in about the sixth digit.
          if regime == .nearTies { responses[i][0] *= 1 + 0x1p-20 }
        }
      }
    }
    return Node(weights: weights, responses: responses, bins: bins)
  }

  /// Scans every feature of `node` with `scorer` into one best split, as the grower does for a node's features.
  /// With `margin`, the causal or variance scan is called directly with that bound margin.
  func search<S: SplitScorer>(_ scorer: S, _ node: Node, margin: Double? = nil) -> Outcome {
    let c = scorer.channels
    let scratch = ScanScratch(channels: c)
    defer { scratch.deallocate() }
    var parent = [Double](repeating: 0, count: c)
    func add(_ sums: inout [Double], _ i: Int) {
      node.responses[i].withUnsafeBufferPointer { rp in
        sums.withUnsafeMutableBufferPointer { scorer.add($0.baseAddress!, node.weights[i], rp.baseAddress!) }
      }
    }
    for i in node.weights.indices { add(&parent, i) }
    var best = SplitCandidate()
    var left = [Double](repeating: 0, count: c)
    for (f, column) in node.bins.enumerated() {
      var hist = [[Double]](repeating: [Double](repeating: 0, count: c), count: 256)
      var missing = [Double](repeating: 0, count: c)
      for (i, b) in column.enumerated() {
        if let b { add(&hist[b], i) } else { add(&missing, i) }
      }
      var m = 0
      for b in 0..<255 where hist[b][0] > 0 {
        scratch.codes[m] = UInt8(b)
        for k in 0..<c { scratch.stats[m * c + k] = hist[b][k] }
        m += 1
      }
      let count = parent[0]
      missing.withUnsafeBufferPointer { mp in
        parent.withUnsafeBufferPointer { pp in
          left.withUnsafeMutableBufferPointer { lp in
            let hasMissing = !scorer.isEmpty(mp.baseAddress!)
            if let margin, m + (hasMissing ? 1 : 0) >= 2, m >= 1 {
              if let cs = scorer as? CausalScorer {
                scanCausalNumeric(
                  cs, feature: f, m: m, hasMissing: hasMissing, missing: mp.baseAddress!, parent: pp.baseAddress!,
                  scratch: scratch, best: &best, bestLeft: lp.baseAddress!, boundMargin: margin)
              } else if let vs = scorer as? VarianceScorer {
                scanVarianceNumeric(
                  vs, feature: f, m: m, hasMissing: hasMissing, missing: mp.baseAddress!, parent: pp.baseAddress!,
                  count: count, scratch: scratch, best: &best, bestLeft: lp.baseAddress!, boundMargin: margin)
              }
            } else if margin == nil {
              scanFeature(
                scorer, feature: f, categorical: false, m: m, missing: mp.baseAddress!, parent: pp.baseAddress!,
                count: count, scratch: scratch, best: &best, bestLeft: lp.baseAddress!)
            }
          }
        }
      }
    }
    return Outcome(
      gain: best.gain.bitPattern, feature: best.feature, threshold: best.binThreshold, missingLeft: best.missingLeft,
      left: best.isValid ? left.map(\.bitPattern) : [])
  }

  /// Compares the bounded scans (`margin` nil: through `scanFeature`; else called with that margin) with the
  /// generic scan over every regime, scorer and missing share; returns (cases, mismatches, cases with a split).
  func compare<S: SplitScorer>(
    _ scorers: [S], causal: Bool, trials: Int, margin: Double? = nil, record: Bool = true
  ) -> (cases: Int, mismatches: Int, found: Int) {
    var cases = 0, mismatches = 0, found = 0
    for regime in Regime.allCases {
      for (s, scorer) in scorers.enumerated() {
        for missingShare in [0.0, 0.08] {
          for trial in 0..<trials {
            var rng = SeededRNG(seed: 1 + trial).derived(s * 16 + (missingShare > 0 ? 8 : 0))
            let n = 20 + rng.int(below: 300), levels = 2 + rng.int(below: 60)
            let sample = node(
              regime, n: n, features: 4, levels: levels, missingShare: missingShare, causal: causal, rng: &rng)
            let fast = search(scorer, sample, margin: margin)
            let slow = search(Forwarding(base: scorer), sample)
            cases += 1
            if fast != slow {
              mismatches += 1
              if record { Issue.record("\(regime) scorer \(s) missing \(missingShare) trial \(trial)") }
            }
            if slow.feature >= 0 { found += 1 }
          }
        }
      }
    }
    return (cases, mismatches, found)
  }

  static let causalScorers = [
    CausalScorer(alpha: 0.05, penalty: 0, minLeaf: 5), CausalScorer(alpha: 0, penalty: 0, minLeaf: 1),
    CausalScorer(alpha: 0.2, penalty: 0.5, minLeaf: 2), CausalScorer(alpha: 0.05, penalty: 0, minLeaf: 60),
  ]
  static let varianceScorers = [
    VarianceScorer(width: 1, minLeaf: 5, alpha: 0.05, penalty: 0), VarianceScorer(width: 1, minLeaf: 1),
    VarianceScorer(width: 1, minLeaf: 3, alpha: 0.1, penalty: 2), VarianceScorer(width: 1, minLeaf: 100),
  ]

  @Test func causalScanWithTheBoundMatchesTheGenericScan() {
    let r = compare(Self.causalScorers, causal: true, trials: 12)
    #expect(r.mismatches == 0)
    // The cases must include accepted splits and nodes with none (the minLeaf 60 scorer on small nodes).
    #expect(r.found > r.cases / 2 && r.found < r.cases)
  }

  @Test func varianceScanWithTheBoundMatchesTheGenericScan() {
    let r = compare(Self.varianceScorers, causal: false, trials: 12)
    #expect(r.mismatches == 0)
    #expect(r.found > r.cases / 2 && r.found < r.cases)
  }

  /// The comparison has teeth: three bins of four samples (W = ∓1, two of each, so every child passes the size
  /// and leaf rules) with ρ sums 1, 0 and −(1 + 2⁻²⁰): the second cut beats the first by about 2⁻²⁰ relative. A
  /// bound with a negative margin skips it and the comparison sees the first cut win instead; the real margin
  /// finds the second cut, as the generic scan does. The same for the variance scan with responses 1, 0, −(1 + 2⁻²⁰).
  @Test func aBoundThatSkipsWinnersIsCaught() {
    let bins: [[Int?]] = [(0..<12).map { $0 / 4 }]
    let rho: [Double] = [0.25, 0, -(1 + 0x1p-20) / 4]
    let responses: [[Double]] = (0..<12).map { (i: Int) -> [Double] in
      let below: Double = i % 2 == 0 ? 1 : 0
      return [rho[i / 4], 1 - 2 * below, below]
    }
    let causal = Node(weights: Array(repeating: 1, count: 12), responses: responses, bins: bins)
    let scorer = CausalScorer(alpha: 0, penalty: 0, minLeaf: 1)
    let generic = search(Forwarding(base: scorer), causal)
    #expect(generic.threshold == 1 && generic.feature == 0)
    #expect(search(scorer, causal) == generic)
    #expect(search(scorer, causal, margin: 0x1p-30) == generic)
    #expect(search(scorer, causal, margin: -0x1p-12).threshold == 0)

    let y: [Double] = [1, 0, -(1 + 0x1p-20)]
    let regression = Node(
      weights: [1, 1, 1], responses: y.map { [$0] }, bins: [[0, 1, 2]])
    let variance = VarianceScorer(width: 1, minLeaf: 1)
    let genericVariance = search(Forwarding(base: variance), regression)
    #expect(genericVariance.threshold == 1 && genericVariance.feature == 0)
    #expect(search(variance, regression, margin: 0x1p-30) == genericVariance)
    #expect(search(variance, regression, margin: -0x1p-12).threshold == 0)
  }

  @Test func boundAnswers() {
    // Gain 1/1 + 1/1 − 0 = 2: certainly below 3, certainly not below 1; a tie (2 vs 2) is left to the exact gain.
    #expect(!mayBeatBest(a: 1, l1: 1, b: 1, r1: 1, parentScore: 0, best: 3))
    #expect(mayBeatBest(a: 1, l1: 1, b: 1, r1: 1, parentScore: 0, best: 1))
    #expect(mayBeatBest(a: 1, l1: 1, b: 1, r1: 1, parentScore: 0, best: 2))
    #expect(mayBeatBest(a: 1, l1: 1, b: 1, r1: 1, parentScore: 0, best: 2 + 0x1p-40))
    // The first candidate (best −∞), NaN, infinities and out-of-range products always get the exact gain.
    #expect(mayBeatBest(a: 1, l1: 1, b: 1, r1: 1, parentScore: 0, best: -.infinity))
    #expect(mayBeatBest(a: .nan, l1: 1, b: 1, r1: 1, parentScore: 0, best: 3))
    #expect(mayBeatBest(a: .infinity, l1: 1, b: 1, r1: 1, parentScore: 0, best: 3))
    #expect(mayBeatBest(a: 1, l1: 0x1p-300, b: 1, r1: 0x1p-300, parentScore: 0, best: 0x1p400))
    #expect(mayBeatBest(a: 0x1p500, l1: 1, b: 1, r1: 1, parentScore: 0, best: 0x1p600))
    // Scaled cases inside the range are still decided.
    #expect(!mayBeatBest(a: 0x1p100, l1: 0x1p100, b: 0x1p100, r1: 0x1p100, parentScore: 0, best: 3))
  }
}
