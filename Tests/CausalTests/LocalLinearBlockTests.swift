import Frame
import Learn
import Stats
import Testing

@testable import Causal

/// The blocked local-linear prediction (trees in the outer loop over a block of rows) gives exactly, bit
/// for bit, what predicting one row at a time through every tree gives: the same moment sums in tree
/// order, the same solve, the same little-bags variance.
@Suite struct LocalLinearBlockTests {
  typealias Fit = CausalForestFitTests

  /// One row at a time: every tree, skipping in-bag trees and empty leaves, as before the blocking.
  static func rowByRow(
    _ f: CausalForest, x: [Double], rows n: Int, lambdas: [Double], withVariance: Bool,
    inBag: [UInt64]?
  ) -> (tau: [[Double]], variance: [Double]) {
    let ll = f.localLinear!, moments = ll.moments
    let p = ll.columns.count, q = LocalLinearMoments.q(p: p), width = LocalLinearMoments.width(p: p)
    let trees = f.forest.treeCount, group = f.forest.groupSize, words = (n + 63) / 64
    let wantVariance = withVariance && lambdas.count == 1
    var tau = [[Double]](repeating: [Double](repeating: .nan, count: n), count: lambdas.count)
    var variance = [Double](repeating: .nan, count: n)
    var ws = LocalLinearEstimate.Workspace(q: q, p: p)
    x.withUnsafeBufferPointer { xp in
      for i in 0..<n {
        var avg = [Double](repeating: 0, count: width), leafOf = [Int](repeating: -1, count: trees), used = 0
        for t in 0..<trees {
          if let inBag, inBag[t * words + (i >> 6)] & (UInt64(1) << UInt64(i & 63)) != 0 { continue }
          let o = f.forest.trees.leaf(tree: t, ValueRow(xp.baseAddress! + i, stride: n)) * width
          if moments[o].isNaN { continue }
          leafOf[t] = o
          for k in 0..<width { avg[k] += moments[o + k] }
          used += 1
        }
        guard used > 0 else { continue }
        let inv = 1 / Double(used)
        for k in 0..<width { avg[k] *= inv }
        for (k, c) in ll.columns.enumerated() { ws.xq[k] = ll.standardized(k, xp[c * n + i]) }
        let s = avg.withUnsafeBufferPointer {
          LocalLinearEstimate.solve(
            avg: $0.baseAddress!, xq: ws.xq, p: p, lambdas: lambdas, ws: &ws,
            wantInfluence: wantVariance)
        }
        for l in lambdas.indices { tau[l][i] = s.tau[l] }
        if wantVariance, !s.u.isEmpty {
          variance[i] = moments.withUnsafeBufferPointer { mp in
            CausalForestEstimate.littleBagsVariance(
              treeCount: trees, groupSize: group, scale: 1,
              contributes: { leafOf[$0] >= 0 },
              influence: { LocalLinearEstimate.influence(leaf: mp.baseAddress! + leafOf[$0], q: q, u: s.u, h: s.h) })
          }
        }
      }
    }
    return (tau, variance)
  }

  static func bits(_ v: [Double]) -> [UInt64] { v.map(\.bitPattern) }

  @Test func blockedEqualsRowByRow() throws {
    let train = Fit.simulate(n: 700, seed: 4), test = Fit.simulate(n: 300, seed: 5)
    var o = Fit.options(trees: 60)
    o.localLinear = ["x1", "x2"]
    o.llLambda = 0.01
    let f = try CausalForest.fit(
      frame: train.frame, outcome: "y", treatment: "w", covariates: Fit.covariates, options: o)
    let ll = try #require(f.localLinear)
    let x = try f.covariateValues(test.frame), n = test.frame.rowCount
    // Some rows "in bag" for some trees, so out-of-bag skipping and groups without every tree are exercised.
    var rng = SeededRNG(seed: 3)
    let words = (n + 63) / 64
    let inBag = (0..<(f.forest.treeCount * words)).map { _ in rng.next() & rng.next() }
    for bag in [nil, inBag] {
      for threads in [1, 2] {
        let blocked = f.forest.predictLocalLinear(
          x: x, rows: n, ll: ll, moments: ll.moments, lambdas: [0.01],
          withVariance: true, inBag: bag, threads: threads)
        let reference = Self.rowByRow(f, x: x, rows: n, lambdas: [0.01], withVariance: true, inBag: bag)
        #expect(Self.bits(blocked.tau[0]) == Self.bits(reference.tau[0]))
        #expect(Self.bits(blocked.variance) == Self.bits(reference.variance))
        #expect(blocked.variance.filter(\.isFinite).count > n / 2)
        let grid = LocalLinearCorrection.lambdaGrid
        let many = f.forest.predictLocalLinear(
          x: x, rows: n, ll: ll, moments: ll.moments, lambdas: grid,
          withVariance: false, inBag: bag, threads: threads)
        let manyReference = Self.rowByRow(f, x: x, rows: n, lambdas: grid, withVariance: false, inBag: bag)
        #expect(many.tau.map(Self.bits) == manyReference.tau.map(Self.bits))
        let noVariance = many.variance.allSatisfy { $0.isNaN }
        #expect(noVariance)
      }
    }
  }
}
