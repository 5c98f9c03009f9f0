import Frame
import Learn
import Stats
import Testing

@testable import Causal

/// Work the causal forest reuses instead of redoing must give the same bits as redoing it: a forest
/// extended from its first batches (the tuning finalists) and a local-linear fit that keeps the plain
/// forest (whose out-of-bag variance pass runs only after the gate).
@Suite struct CausalForestReuseTests {
  typealias Fit = CausalForestFitTests

  /// Binned covariates and residualized outcome and treatment of `Fit.simulate(n:seed:)`.
  static func residualized(n: Int, seed: Int) throws -> (data: BinnedMatrix, y: [Double], w: [Double]) {
    let train = Fit.simulate(n: n, seed: seed)
    let x = try CausalForest.covariateMatrix(train.frame, columns: Fit.covariates)
    let design = DesignMatrix(rowCount: n, columnNames: Fit.covariates, values: x)
    let y = try #require(try train.frame.column("y").doubles())
    let w = try #require(try train.frame.column("w").doubles())
    let data = try FeatureBinner.fit(design).bin(design)
    let meanY = y.reduce(0, +) / Double(n), meanW = w.reduce(0, +) / Double(n)
    return (data, y.map { $0 - meanY }, w.map { $0 - meanW })
  }

  /// Grows `trees` trees (optionally extending `first`) with the tuning's small-forest settings.
  static func grow(
    _ r: (data: BinnedMatrix, y: [Double], w: [Double]), trees: Int, group: Int,
    extending first: CausalForest.GrownForest? = nil
  ) throws -> CausalForest.GrownForest {
    var o = Fit.options(trees: trees)
    o.ciGroupSize = group
    o.minNodeSize = 3
    return try CausalForest.grow(
      r.data, relabeling: CausalPseudoOutcomeRelabeling(y: r.y, w: r.w),
      summary: CausalMomentLeafSummary(y: r.y, w: r.w), options: o, keepMoments: false,
      extending: first, progress: nil)
  }

  /// 200 trees extended to 800 are the 800-tree forest bit for bit (trees, leaf values and in-bag
  /// rows), with little bags (group 2) and without; an extension that does not end on a batch
  /// boundary, or has another group size, is ignored (the forest is grown whole, still the same).
  @Test func extendingAForestGivesTheLargerForest() throws {
    let r = try Self.residualized(n: 500, seed: 31)
    for group in [1, 2] {
      let whole = try Self.grow(r, trees: 800, group: group)
      let first = try Self.grow(r, trees: 200, group: group)
      #expect(first.forest.treeCount == 200 && whole.forest.treeCount == 800)
      let extended = try Self.grow(r, trees: 800, group: group, extending: first)
      #expect(extended.forest == whole.forest)
      #expect(extended.inBag == whole.inBag)
      // The first trees are shared: the 200-tree forest's in-bag rows open the 800-tree forest's.
      #expect(Array(whole.inBag.prefix(first.inBag.count)) == first.inBag)
      let odd = try Self.grow(r, trees: 150, group: group)
      #expect(try Self.grow(r, trees: 800, group: group, extending: odd).forest == whole.forest)
      let otherGroup = try Self.grow(r, trees: 200, group: 3 - group)
      #expect(try Self.grow(r, trees: 800, group: group, extending: otherGroup).forest == whole.forest)
    }
  }

  /// The whole tuning search, whose finalists extend their draws' small forests, chooses and reports
  /// exactly what growing every finalist from scratch does (``CausalForestTuning`` before the reuse):
  /// each finalist's regrown error equals that of a forest grown whole with its setting.
  @Test func tuningFinalistsMatchForestsGrownWhole() throws {
    let r = try Self.residualized(n: 400, seed: 32)
    let train = Fit.simulate(n: 400, seed: 32)
    let x = try CausalForest.covariateMatrix(train.frame, columns: Fit.covariates)
    let design = DesignMatrix(rowCount: 400, columnNames: Fit.covariates, values: x)
    var o = Fit.options(trees: 200)
    o.tune = CausalForestTunable.allCases
    o.tuneDraws = 8
    o.tuneTrees = 100
    let t = try CausalForestTuning.run(data: r.data, x: design, y: r.y, w: r.w, options: o, progress: nil)
    #expect(t.finalists.count == CausalForestTuning.finalistCount + 1)
    let ranked = CausalForestTuning.rankedDraws(t.trials)
    for (k, i) in ranked.prefix(CausalForestTuning.finalistCount).enumerated() {
      // Rebuild draw i's setting from the trial's recorded values and grow its 4 × 100 trees whole.
      var s = o
      s.trees = 400
      s.ciGroupSize = 1
      for (p, v) in zip(t.parameters, t.trials[i].values) {
        switch p {
        case .sampleFraction: s.sampleFraction = v
        case .mtry: s.mtry = Int(v)
        case .minNodeSize: s.minNodeSize = Int(v)
        case .honestyFraction: s.honestyFraction = v
        case .honestyPruneLeaves: s.honestyPruneLeaves = v != 0
        case .alpha: s.alpha = v
        case .imbalancePenalty: s.imbalancePenalty = v
        }
      }
      let g = try CausalForest.grow(
        r.data, relabeling: CausalPseudoOutcomeRelabeling(y: r.y, w: r.w),
        summary: CausalMomentLeafSummary(y: r.y, w: r.w), options: s, keepMoments: false, progress: nil)
      let p = g.forest.predict(
        x: x, rows: 400, columns: 4, withVariance: true, inBag: g.inBag, threads: 2, monteCarlo: true)
      let e = CausalForestTuning.meanError(
        CausalForestTuning.debiasedErrors(tau: p.tau, monteCarloVariance: p.variance, y: r.y, w: r.w))
      #expect(
        e == t.finalists[k].error || (e.isNaN && t.finalists[k].error.isNaN),
        "finalist \(k) (draw \(i + 1)): \(t.finalists[k].error) vs whole \(e)")
    }
  }

  /// When the local linear gate keeps the plain forest (no heterogeneity for a line to fit), the fit's
  /// out-of-bag effects and variances are those of one prediction with variance over its trees (the
  /// fit runs the variance pass only after the gate).
  @Test func localLinearKeepingThePlainForestHasItsOutOfBagVariance() throws {
    var rng = SeededRNG(seed: 33)
    let n = 600
    let x = (0..<4).map { _ in (0..<n).map { _ in rng.uniform() } }
    let w = (0..<n).map { _ in rng.bernoulli(0.5) ? 1.0 : 0.0 }
    let y = (0..<n).map { i in x[1][i] + 0.5 * w[i] + rng.normal() }
    var cols = x.enumerated().map { Column(name: "x\($0.offset + 1)", floats: $0.element) }
    cols += [Column(name: "y", floats: y), Column(name: "w", floats: w)]
    let frame = DataFrame.unchecked(columns: cols, rowCount: n)
    var o = Fit.options()
    o.localLinear = ["x1", "x2"]
    let ll = try CausalForest.fit(frame: frame, outcome: "y", treatment: "w", covariates: Fit.covariates, options: o)
    let correction = try #require(ll.localLinear)
    try #require(correction.lambda == nil, "the gate chose λ \(correction.lambda ?? .nan): \(correction.summary)")
    // The same forest grown again from the fit's residuals, predicted out of bag with variance at once.
    let design = DesignMatrix(rowCount: n, columnNames: Fit.covariates, values: x.flatMap { $0 })
    let yr = (0..<n).map { ll.y[$0] - ll.yHat[$0] }, wr = (0..<n).map { ll.w[$0] - ll.wHat[$0] }
    let (prepared, xs, _) = try LocalLinearCorrection.prepare(names: o.localLinear, x: design)
    let g = try CausalForest.grow(
      try FeatureBinner.fit(design).bin(design), relabeling: CausalPseudoOutcomeRelabeling(y: yr, w: wr),
      summary: LocalLinearLeafSummary(y: yr, w: wr, x: xs, p: prepared.columns.count), options: o,
      keepMoments: true, progress: nil)
    #expect(g.forest == ll.forest)
    let p = g.forest.predict(
      x: design.values, rows: n, columns: 4, withVariance: true, inBag: g.inBag, threads: o.threads)
    #expect(ll.oob.tau.map(\.bitPattern) == p.tau.map(\.bitPattern))
    #expect(ll.oob.variance.map(\.bitPattern) == p.variance.map(\.bitPattern))
    let finite = ll.oob.variance.filter { $0.isFinite }.count
    #expect(finite > n / 2, "\(finite) finite variances")
  }

  /// A plain forest's trees refilled with local-linear leaves are the local-linear forest grown whole, bit
  /// for bit (trees, leaf values, moments, in-bag rows), with and without little bags and honest pruning,
  /// on setup D (ramps) with a few missing covariate values.
  @Test func refilledLeavesEqualTheLocalLinearForestGrownWhole() throws {
    let d = try simulateNieWager(setup: .d, n: 500, d: 6, sigma: 1, seed: 34)
    var xv = d.x.flatMap { $0 }
    for i in stride(from: 7, to: xv.count, by: 97) { xv[i] = .nan }
    let names = (1...6).map { "x\($0)" }
    let design = DesignMatrix(rowCount: d.n, columnNames: names, values: xv)
    let data = try FeatureBinner.fit(design).bin(design)
    let my = d.y.reduce(0, +) / Double(d.n), mw = d.w.reduce(0, +) / Double(d.n)
    let y = d.y.map { $0 - my }, w = d.w.map { $0 - mw }
    let (prepared, xs, _) = try LocalLinearCorrection.prepare(names: ["x1", "x2", "x3"], x: design)
    let ll = LocalLinearLeafSummary(y: y, w: w, x: xs, p: prepared.columns.count)
    for (group, prune) in [(2, true), (1, true), (2, false)] {
      var o = Fit.options(trees: 300)
      o.ciGroupSize = group
      o.honestyPruneLeaves = prune
      o.minNodeSize = 2
      let relabeling = CausalPseudoOutcomeRelabeling(y: y, w: w)
      let plain = try CausalForest.grow(
        data, relabeling: relabeling, summary: CausalMomentLeafSummary(y: y, w: w), options: o, keepMoments: false,
        progress: nil)
      let whole = try CausalForest.grow(
        data, relabeling: relabeling, summary: ll, options: o, keepMoments: true, progress: nil)
      let refilled = try #require(CausalForest.refill(plain, data: data, summary: ll, options: o))
      #expect(refilled.forest.trees == whole.forest.trees, "group \(group), prune \(prune)")
      #expect(refilled.forest.leafValues.map(\.bitPattern) == whole.forest.leafValues.map(\.bitPattern))
      #expect(refilled.moments.map(\.bitPattern) == whole.moments.map(\.bitPattern))
      #expect(refilled.inBag == whole.inBag)
      // The plain leaves differ from the local-linear ones (another summary), so the refill did work.
      #expect(plain.forest.leafValues.map(\.bitPattern) != whole.forest.leafValues.map(\.bitPattern))
      var noHonesty = o
      noHonesty.honesty = false
      #expect(CausalForest.refill(plain, data: data, summary: ll, options: noHonesty) == nil)
    }
  }

  /// End to end: a local-linear fit after the plain fit on the same inputs (a cache hit, unless a test
  /// running at the same time replaced the one cached forest in between) equals the same local-linear
  /// fit with an empty cache (grown whole).
  @Test func localLinearFitAfterThePlainFitEqualsItsFitAlone() throws {
    let (frame, names) = try LocalLinearCorrectionTests.setupD(n: 500, seed: 35)
    var o = Fit.options(trees: 200)
    o.seed = 35_017
    var oll = o
    oll.localLinear = names
    func fit(_ options: CausalForestOptions) throws -> CausalForest {
      try CausalForest.fit(frame: frame, outcome: "y", treatment: "w", covariates: names, options: options)
    }
    CausalForestTreeCache.shared.removeAll()
    let alone = try fit(oll)
    _ = try fit(o)
    let after = try fit(oll)
    #expect(after.forest == alone.forest)
    #expect(after.oob.tau.map(\.bitPattern) == alone.oob.tau.map(\.bitPattern))
    #expect(after.oob.variance.map(\.bitPattern) == alone.oob.variance.map(\.bitPattern))
    #expect(after.localLinear?.summary == alone.localLinear?.summary)
    #expect(after.localLinear?.moments.map(\.bitPattern) == alone.localLinear?.moments.map(\.bitPattern))
  }
}
