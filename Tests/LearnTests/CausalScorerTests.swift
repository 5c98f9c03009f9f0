import Testing

@testable import Learn

/// The causal forest's split score (`CausalScorer`, grf's `InstrumentalSplittingRule` with Z = W) on hand
/// cases: the gain, the `min_node_size` rule on treated and control counts, and the `alpha` share.
@Suite struct CausalScorerTests {
  /// Bin sums of the given samples; responses per sample are (ρ, W, 1{W < W̄}).
  func sums(_ s: CausalScorer, _ rows: [(rho: Double, w: Double, control: Double)]) -> [Double] {
    var h = [Double](repeating: 0, count: s.channels)
    for r in rows {
      let resp = [r.rho, r.w, r.control]
      h.withUnsafeMutableBufferPointer { hp in
        resp.withUnsafeBufferPointer { s.add(hp.baseAddress!, 1, $0.baseAddress!) }
      }
    }
    return h
  }

  func gain(_ s: CausalScorer, _ l: [Double], _ r: [Double], _ p: [Double]) -> Double {
    l.withUnsafeBufferPointer { lp in
      r.withUnsafeBufferPointer { rp in
        p.withUnsafeBufferPointer { pp in
          s.gain(lp.baseAddress!, rp.baseAddress!, pp.baseAddress!, p[0])
        }
      }
    }
  }

  static let left: [(rho: Double, w: Double, control: Double)] = [(0.5, 0, 1), (-0.75, 1, 0)]
  static let right: [(rho: Double, w: Double, control: Double)] = [(-0.5, 0, 1), (0.75, 1, 0)]

  @Test func gainIsTheBetweenChildSumOfSquaresOfRho() {
    let s = CausalScorer(alpha: 0, penalty: 0, minLeaf: 1)
    // W ∈ {0, 2} so that each child's information size (2) passes the floor of 1.
    let left = Self.left.map { (rho: $0.rho, w: 2 * $0.w, control: $0.control) }
    let right = Self.right.map { (rho: $0.rho, w: 2 * $0.w, control: $0.control) }
    let l = sums(s, left), r = sums(s, right), p = sums(s, left + right)
    #expect(l == [2, 2, -0.25, 2, 4, 1])
    // (−0.25)²/2 + (0.25)²/2 − 0²/4 = 0.0625
    #expect(abs(gain(s, l, r, p) - 0.0625) < 1e-15)
    // The imbalance penalty subtracts penalty · (1/size_L + 1/size_R) with size 2 per child.
    let penalized = CausalScorer(alpha: 0, penalty: 0.01, minLeaf: 1)
    #expect(abs(gain(penalized, l, r, p) - (0.0625 - 0.01 * 1)) < 1e-15)
  }

  @Test func childrenNeedEnoughTreatedAndControlRows() {
    let s = CausalScorer(alpha: 0, penalty: 0, minLeaf: 2)
    let l = sums(s, Self.left), r = sums(s, Self.right), p = sums(s, Self.left + Self.right)
    #expect(gain(s, l, r, p) == -.infinity)  // one control and one treated row per child < 2
    // Each child's information size Σ(W − W̄)² must reach max(alpha × the parent's, 1): here 0.5 < 1.
    #expect(gain(CausalScorer(alpha: 0, penalty: 0, minLeaf: 1), l, r, p) == -.infinity)
  }

  @Test func alphaShareOfInformationSize() {
    // W ∈ {0, 2}: child size 4 − 2²/2 = 2, parent size 8 − 4²/4 = 4.
    let wide: [(rho: Double, w: Double, control: Double)] = [(0.5, 0, 1), (-0.75, 2, 0)]
    let wide2: [(rho: Double, w: Double, control: Double)] = [(-0.5, 0, 1), (0.75, 2, 0)]
    let s = CausalScorer(alpha: 0.4, penalty: 0, minLeaf: 1)
    let l = sums(s, wide), r = sums(s, wide2), p = sums(s, wide + wide2)
    #expect(abs(gain(s, l, r, p) - 0.0625) < 1e-15)  // 2 ≥ 0.4 · 4
    #expect(gain(CausalScorer(alpha: 0.6, penalty: 0, minLeaf: 1), l, r, p) == -.infinity)  // 2 < 0.6 · 4
  }
}
