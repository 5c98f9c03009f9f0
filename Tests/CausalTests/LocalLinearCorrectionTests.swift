import Foundation
import Frame
import Stats
import Testing

@testable import Causal

/// The local linear correction of causal-forest effects (grf's `linear.correction.variables`).
@Suite struct LocalLinearCorrectionTests {
  typealias Fit = CausalForestFitTests

  /// Nie & Wager's setup D (ramps; d = 6, σ = 1) as a frame with columns x1…x6, y, w, and the covariate
  /// names.
  static func setupD(n: Int, seed: Int) throws -> (frame: DataFrame, covariates: [String]) {
    let d = try simulateNieWager(setup: .d, n: n, d: 6, sigma: 1, seed: seed)
    var cols = d.x.enumerated().map { Column(name: "x\($0.offset + 1)", floats: $0.element) }
    cols += [Column(name: "y", floats: d.y), Column(name: "w", floats: d.w)]
    return (DataFrame.unchecked(columns: cols, rowCount: d.n), (1...6).map { "x\($0)" })
  }

  static func pehe(_ a: [Double], _ b: [Double]) -> Double {
    (zip(a, b).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } / Double(a.count)).squareRoot()
  }

  /// With no correction columns the local linear solve and its influence values are the plain
  /// estimator's: same τ̂ and the same little-bags variance from the same per-tree leaves.
  @Test func noColumnsReducesToThePlainEstimate() throws {
    var rng = SeededRNG(seed: 11)
    let trees = 40
    var plain = [Double](repeating: .nan, count: trees * 4)
    var moments = [Double](repeating: .nan, count: trees * LocalLinearMoments.width(p: 0))
    for t in 0..<trees where t % 7 != 3 {  // some trees do not contribute
      let y = rng.normal(), w = 0.3 + 0.4 * rng.uniform(), yw = w * y + 0.2 * rng.normal(),
        ww = w * w + 0.1 + rng.uniform()
      plain[t * 4] = y
      plain[t * 4 + 1] = w
      plain[t * 4 + 2] = yw
      plain[t * 4 + 3] = ww
      // Packed (1·1, 1·W, W·W), then (Y, W·Y).
      let o = t * 5
      moments[o] = 1
      moments[o + 1] = w
      moments[o + 2] = ww
      moments[o + 3] = y
      moments[o + 4] = yw
    }
    let reference = plain.withUnsafeBufferPointer {
      CausalForestEstimate.estimate(leaves: $0, treeCount: trees, groupSize: 2, withVariance: true)
    }
    var avg = [Double](repeating: 0, count: 5)
    let used = (0..<trees).filter { !moments[$0 * 5].isNaN }
    for t in used { for k in 0..<5 { avg[k] += moments[t * 5 + k] / Double(used.count) } }
    var ws = LocalLinearEstimate.Workspace(q: 2, p: 0)
    let solved = avg.withUnsafeBufferPointer {
      LocalLinearEstimate.solve(avg: $0.baseAddress!, xq: [], p: 0, lambdas: [0.1], ws: &ws, wantInfluence: true)
    }
    #expect(solved.u.count == 2 && solved.h.count == 2)
    #expect(abs(solved.tau[0] - reference.tau) < 1e-12 * max(1, abs(reference.tau)))
    let v = CausalForestEstimate.littleBagsVariance(
      treeCount: trees, groupSize: 2, scale: 1, contributes: { !moments[$0 * 5].isNaN },
      influence: { t in
        moments.withUnsafeBufferPointer {
          LocalLinearEstimate.influence(leaf: $0.baseAddress! + t * 5, q: 2, u: solved.u, h: solved.h)
        }
      })
    #expect(abs(v - reference.variance) < 1e-10 * reference.variance, "\(v) vs \(reference.variance)")
  }

  /// τ(x) = 1 + 2·x₁ is a ramp across every leaf: the local linear fit in x₁ removes most of the
  /// averaging bias of the plain forest, and an enormous ridge penalty gives back the plain forest.
  @Test func correctsARampAndAHugePenaltyGivesThePlainForest() throws {
    let train = Fit.simulate(n: 800, seed: 1), test = Fit.simulate(n: 300, seed: 2)
    let plainForest = try CausalForest.fit(
      frame: train.frame, outcome: "y", treatment: "w", covariates: Fit.covariates,
      options: Fit.options())
    var o = Fit.options()
    o.localLinear = ["x1"]
    o.llLambda = 0.01
    let ll = try CausalForest.fit(
      frame: train.frame, outcome: "y", treatment: "w", covariates: Fit.covariates, options: o)
    // Same trees: the leaf summary does not affect splitting.
    #expect(ll.forest.trees == plainForest.forest.trees)
    let gap = zip(ll.forest.leafValues, plainForest.forest.leafValues).map { $0.isNaN && $1.isNaN ? 0 : abs($0 - $1) }
      .max()
    #expect(ll.forest.leafValues.count == plainForest.forest.leafValues.count && (gap ?? 1) < 1e-12)
    let p0 = try plainForest.predict(frame: test.frame), p1 = try ll.predict(frame: test.frame)
    let e0 = Self.pehe(p0.tau, test.tau), e1 = Self.pehe(p1.tau, test.tau)
    #expect(e1 < 0.7 * e0, "PEHE local linear \(e1) vs plain \(e0)")
    #expect(p1.variance.allSatisfy { $0.isFinite && $0 > 0 })
    #expect(ll.oob.tau.allSatisfy(\.isFinite) && ll.oob.variance.allSatisfy(\.isFinite))
    o.llLambda = 1e9
    let flat = try CausalForest.fit(
      frame: train.frame, outcome: "y", treatment: "w", covariates: Fit.covariates,
      options: o)
    let p2 = try flat.predict(frame: test.frame)
    for i in 0..<p0.tau.count {
      #expect(abs(p2.tau[i] - p0.tau[i]) < 1e-5, "row \(i): \(p2.tau[i]) vs \(p0.tau[i])")
      #expect(abs(p2.variance[i] / p0.variance[i] - 1) < 1e-3, "row \(i)")
    }
  }

  /// Without a given λ the out-of-bag R-loss picks one when the gain is clear (Nie & Wager's setup D,
  /// whose effect max(x₁+x₂+x₃, 0) − max(x₄+x₅, 0) is made of ramps), and the report says so.
  @Test func selectsLambdaOnTheOutOfBagRLoss() throws {
    let (frame, names) = try Self.setupD(n: 800, seed: 3)
    var o = Fit.options()
    o.localLinear = names
    let cf = try CausalForest.fit(frame: frame, outcome: "y", treatment: "w", covariates: names, options: o)
    let ll = try #require(cf.localLinear)
    #expect(ll.candidates.map(\.lambda) == LocalLinearCorrection.lambdaGrid)
    let chosen = try #require(ll.lambda)
    let best = try #require(ll.candidates.first { $0.lambda == chosen })
    #expect(best.z > 2)
    #expect(best.rLoss < ll.plainRLoss)
    #expect(ll.candidates.filter { $0.z > 2 }.allSatisfy { $0.rLoss >= best.rLoss })
    #expect(ll.summary.contains("chosen on the OOB R-loss"), "\(ll.summary)")
  }

  /// The correction travels with the forest file: predictions after loading are identical bit for bit.
  @Test func saveAndLoadKeepTheCorrection() throws {
    let train = Fit.simulate(n: 300, seed: 4), test = Fit.simulate(n: 50, seed: 5)
    var o = Fit.options(trees: 20)
    o.localLinear = ["x1", "x2"]
    o.llLambda = 0.1
    let cf = try CausalForest.fit(
      frame: train.frame, outcome: "y", treatment: "w", covariates: Fit.covariates, options: o)
    let back = try CausalForest.unarchive(cf.archived())
    #expect(back.localLinear?.names == ["x1", "x2"] && back.localLinear?.lambda == 0.1)
    #expect(back.localLinear?.moments.map(\.bitPattern) == cf.localLinear?.moments.map(\.bitPattern))
    #expect(back.options == cf.options)
    let a = try cf.predict(frame: test.frame), b = try back.predict(frame: test.frame)
    #expect(a.tau.map(\.bitPattern) == b.tau.map(\.bitPattern))
    #expect(a.variance.map(\.bitPattern) == b.variance.map(\.bitPattern))
  }

  @Test func badRequestsSayWhatToChange() throws {
    let message = { (configure: (inout CausalForestOptions) -> Void) in Fit.fitError(configure) }
    #expect(
      message { $0.localLinear = ["tenure"] }.contains("'tenure' is not a covariate of the forest; use some of: x1"))
    #expect(message { $0.llLambda = 0.1 }.contains("ll_lambda needs local_linear"))
    #expect(
      message {
        $0.localLinear = ["x1"]
        $0.llLambda = -1
      }.contains("ll_lambda must be a number ≥ 0"))
  }
}
