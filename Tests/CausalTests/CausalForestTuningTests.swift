import Foundation
import Frame
import Stats
import Testing

@testable import Causal

/// Parameter tuning of the causal forest (grf's `tune.parameters`) and the Monte Carlo variance behind
/// its debiased error.
@Suite struct CausalForestTuningTests {
  typealias Fit = CausalForestFitTests

  /// ``CausalForestFitTests/options(trees:threads:)`` with a search over `tune`.
  static func options(trees: Int, tune: [CausalForestTunable], draws: Int, smallTrees: Int) -> CausalForestOptions {
    var o = Fit.options(trees: trees)
    o.tune = tune
    o.tuneDraws = draws
    o.tuneTrees = smallTrees
    return o
  }

  /// The Monte Carlo variance that `predict(…, monteCarlo: true)` reports for a forest of B trees is the
  /// spread of τ̂ over forests grown with other seeds on the same data (the nuisances held fixed): over
  /// 40 seeds, the mean predicted variance is within 25% of the mean empirical variance.
  @Test func monteCarloVarianceMatchesTheSpreadOverSeeds() throws {
    let train = Fit.simulate(n: 400, seed: 21), test = Fit.simulate(n: 60, seed: 22)
    let y = try #require(try train.frame.column("y").doubles()), w = try #require(try train.frame.column("w").doubles())
    let x = try CausalForest.covariateMatrix(train.frame, columns: Fit.covariates)
    let xt = try CausalForest.covariateMatrix(test.frame, columns: Fit.covariates)
    let design = DesignMatrix(rowCount: 400, columnNames: Fit.covariates, values: x)
    // Fixed nuisances (the truth's form), so only the trees change between seeds.
    let wHat = (0..<400).map { 0.3 + 0.4 * design[$0, 1] }
    let yHat = (0..<400).map { design[$0, 1] + 0.5 * design[$0, 2] + wHat[$0] * (1 + 2 * design[$0, 0]) }
    var taus: [[Double]] = [], predicted: [[Double]] = []
    for seed in 0..<40 {
      var o = Fit.options(trees: 30)
      o.seed = 100 + seed
      o.ciGroupSize = 1
      let cf = try CausalForest.fit(x: design, y: y, w: w, yHat: yHat, wHat: wHat, options: o)
      let p = cf.forest.predict(x: xt, rows: 60, columns: 4, withVariance: true, monteCarlo: true)
      taus.append(p.tau)
      predicted.append(p.variance)
    }
    var empirical = 0.0, mean = 0.0
    for i in 0..<60 {
      let v = taus.map { $0[i] }
      #expect(v.allSatisfy { $0.isFinite })
      empirical += ForestMath.sd(v) * ForestMath.sd(v) / 60
      mean += predicted.map { $0[i] }.reduce(0, +) / 40 / 60
    }
    #expect(abs(mean / empirical - 1) < 0.25, "predicted \(mean) vs empirical \(empirical)")
  }

  /// The debiased error subtracts W̃²·V̂ from each squared residual; rows without an estimate are NaN and
  /// left out of the mean, which needs at least half the rows. The gate's z is the paired mean
  /// improvement over its standard error.
  @Test func debiasedErrorAndPairedZByHand() {
    let e = CausalForestTuning.debiasedErrors(
      tau: [1, 2, .nan, 0.5], monteCarloVariance: [0.1, .nan, 0.3, 0.2],
      y: [1.5, 0, 9, -1], w: [0.5, -1, 1, 2])
    // Rows 0, 1, 3: (1.5 − 0.5)² − 0.25·0.1, (0 + 2)² − 0, (−1 − 1)² − 4·0.2.
    #expect(abs(e[0] - 0.975) < 1e-12 && e[1] == 4 && e[2].isNaN && abs(e[3] - 3.2) < 1e-12)
    #expect(abs(CausalForestTuning.meanError(e) - (0.975 + 4 + 3.2) / 3) < 1e-12)
    #expect(CausalForestTuning.meanError([.nan, .nan, 1]).isNaN)
    // Differences 1, 2, 3 (the NaN row skipped): mean 2, sd 1, z = 2 / (1/√3).
    let z = CausalForestTuning.pairedZ([2, 4, .nan, 6], [1, 2, 5, 3])
    #expect(abs(z - 2 * 3.0.squareRoot()) < 1e-12)
    #expect(CausalForestTuning.pairedZ([1, 1], [1, 1]).isNaN)
  }

  /// grf's ranges: every draw lands inside them and is a valid forest setting.
  @Test func drawsCoverGrfRanges() throws {
    var rng = SeededRNG(seed: 5)
    for _ in 0..<500 {
      var o = CausalForestOptions()
      for p in CausalForestTunable.allCases { p.set(rng.uniform(), in: &o, rows: 5000, columns: 30) }
      try o.validate()
      #expect(o.sampleFraction >= 0.05 && o.sampleFraction <= 0.5)
      #expect((1...26).contains(o.effectiveMtry(30)))  // min(30, √30 + 20) = 25.5
      #expect(o.minNodeSize >= 1 && o.minNodeSize <= 312)  // 2^(log₂ 5000 − 4) = 312.5
      #expect(o.honestyFraction >= 0.5 && o.honestyFraction <= 0.8)
      #expect(o.alpha >= 0 && o.alpha < 0.25 && o.imbalancePenalty >= 0)
    }
    var o = CausalForestOptions()
    CausalForestTunable.minNodeSize.set(0.999_999, in: &o, rows: 5000, columns: 30)
    #expect(o.minNodeSize == 312)  // ⌊2^8.2877⌋
    CausalForestTunable.mtry.set(1e-9, in: &o, rows: 5000, columns: 30)
    #expect(o.mtry == 1)
  }

  /// A strong ramp in the effect (τ = 1 + 2·x₁) needs trees that see enough rows to split on it: small
  /// sample fractions give flat trees and a clearly worse out-of-bag R-loss, so tuning `sample_fraction`
  /// stays in the upper part of grf's range. The forest is grown with the chosen setting, the record is
  /// kept, and the result does not depend on the thread count.
  @Test func tuningAvoidsStarvedTreesAndIsDeterministic() throws {
    let train = Fit.simulate(n: 600, seed: 8)
    var o = Self.options(trees: 100, tune: [.sampleFraction], draws: 12, smallTrees: 50)
    let cf = try CausalForest.fit(
      frame: train.frame, outcome: "y", treatment: "w", covariates: Fit.covariates, options: o)
    let t = try #require(cf.tuning)
    #expect(t.trials.count == 12 && t.parameters == [.sampleFraction] && t.trees == 50)
    #expect(t.finalists.count == 4)  // three regrown draws, then the defaults
    #expect(t.finalists.last?.values == [0.5])
    #expect(
      cf.options.sampleFraction == t.chosen.sampleFraction && cf.options.sampleFraction >= 0.3,
      "\(t.summary) \(t.trials)")
    // The smallest fraction drawn scores clearly worse than the largest.
    let bySize = t.trials.sorted { $0.values[0] < $1.values[0] }
    #expect(bySize.first!.values[0] < 0.15 && bySize.first!.error > bySize.last!.error, "\(t.trials)")
    #expect(t.tuned == (t.z > CausalForestTuning.gate))
    o.threads = 1
    let single = try CausalForest.fit(
      frame: train.frame, outcome: "y", treatment: "w", covariates: Fit.covariates,
      options: o)
    #expect(single.tuning?.trials == t.trials && single.tuning?.finalists == t.finalists)
    #expect(single.oob.tau.map(\.bitPattern) == cf.oob.tau.map(\.bitPattern))
  }

  /// Nie & Wager's setup D (an effect made of ramps in five covariates) is where grf's defaults smooth too
  /// much: smaller leaves beat them clearly, the gate lets the tuned setting through, and the forest is
  /// grown with it (its options are the chosen ones, not the defaults).
  @Test func tuningIsTakenWhenTheGainIsClear() throws {
    let d = try simulateNieWager(setup: .d, n: 800, d: 6, sigma: 1, seed: 3)
    let design = DesignMatrix(columns: d.x, names: (1...6).map { "x\($0)" })
    let o = Self.options(trees: 100, tune: [.minNodeSize, .honestyFraction], draws: 10, smallTrees: 50)
    // Progress runs once from the nuisance forests' trees through the tuning forests' to the final
    // forest's: 2·50 + 10·50 + 16·50 + 100.
    let calls = ProgressLog()
    let cf = try CausalForest.fit(x: design, y: d.y, w: d.w, options: o) { calls.append($0, $1) }
    #expect(calls.items.allSatisfy { $0.1 == 1500 } && calls.items.last?.0 == 1500)
    #expect(zip(calls.items, calls.items.dropFirst()).allSatisfy { $0.0 < $1.0 })
    let t = try #require(cf.tuning)
    #expect(t.tuned && t.z > CausalForestTuning.gate, "\(t.summary)")
    #expect(cf.options.minNodeSize == t.chosen.minNodeSize && cf.options.honestyFraction == t.chosen.honestyFraction)
    #expect(cf.options.minNodeSize != 5 || cf.options.honestyFraction != 0.5)
    #expect(t.summary.hasPrefix("min_node_size \(cf.options.minNodeSize), honesty_fraction"), "\(t.summary)")
    // The table: defaults first, then the draws by their small-forest score; the chosen row is the best
    // regrown draw and holds the forest's settings.
    let table = t.table()
    #expect(
      table.rowCount == 11
        && table.columnNames == [
          "setting", "min_node_size", "honesty_fraction", "rloss",
          "rloss_regrown", "chosen",
        ])
    let settingColumn = try table.column("setting"), chosenColumn = try table.column("chosen")
    let setting = (0..<table.rowCount).map { settingColumn.string(at: $0) ?? "" }
    let chosen = (0..<table.rowCount).map { chosenColumn.double(at: $0) == 1 }
    let rloss = try #require(try table.column("rloss").doubles()),
      regrown = try #require(try table.column("rloss_regrown").doubles())
    let size = try #require(try table.column("min_node_size").doubles())
    #expect(setting[0] == "defaults" && size[0] == 5 && rloss[0].isNaN && regrown[0] == t.finalists.last?.error)
    #expect(zip(rloss.dropFirst(), rloss.dropFirst(2)).allSatisfy { $0 <= $1 })
    #expect(regrown.filter(\.isFinite).count == 4 && chosen.filter { $0 }.count == 1)
    let c = try #require(chosen.firstIndex(of: true))
    #expect(size[c] == Double(cf.options.minNodeSize) && regrown[c] == regrown.dropFirst().filter(\.isFinite).min())
  }

  /// When no tuned setting beats the defaults on the regrown forests, the forest is the default one.
  @Test func defaultsKeptAreTheDefaultForest() throws {
    let train = Fit.simulate(n: 300, seed: 31)
    let o = Self.options(trees: 40, tune: [.alpha], draws: 1, smallTrees: 10)
    let cf = try CausalForest.fit(
      frame: train.frame, outcome: "y", treatment: "w", covariates: Fit.covariates, options: o)
    let t = try #require(cf.tuning)
    #expect(t.finalists.count == 2)
    #expect(t.tuned == (t.z > CausalForestTuning.gate))
    if !t.tuned {
      var plain = o
      plain.tune = []
      let reference = try CausalForest.fit(
        frame: train.frame, outcome: "y", treatment: "w", covariates: Fit.covariates,
        options: plain)
      #expect(reference.oob.tau.map(\.bitPattern) == cf.oob.tau.map(\.bitPattern))
      #expect(t.summary.hasPrefix("defaults kept"))
    } else {
      #expect(cf.options.alpha == t.chosen.alpha && cf.options.alpha != 0.05)
    }
  }

  /// The tuning record and options travel with the forest file.
  @Test func saveAndLoadKeepTheTuning() throws {
    let train = Fit.simulate(n: 300, seed: 4), test = Fit.simulate(n: 40, seed: 5)
    let o = Self.options(trees: 20, tune: [.minNodeSize, .honestyFraction], draws: 3, smallTrees: 10)
    let cf = try CausalForest.fit(
      frame: train.frame, outcome: "y", treatment: "w", covariates: Fit.covariates, options: o)
    let back = try CausalForest.unarchive(cf.archived())
    #expect(back.options == cf.options)
    #expect(back.tuning == cf.tuning)
    #expect(back.tuning?.summary == cf.tuning?.summary && cf.tuning?.summary.isEmpty == false)
    let a = try cf.predict(frame: test.frame), b = try back.predict(frame: test.frame)
    #expect(a.tau.map(\.bitPattern) == b.tau.map(\.bitPattern))
  }

  @Test func badTuningRequestsSayWhatToChange() throws {
    let message = { (configure: (inout CausalForestOptions) -> Void) in Fit.fitError(configure) }
    #expect(
      message {
        $0.tune = [.alpha]
        $0.tuneTrees = 5
      }.contains("tune_trees must be at least 10"))
    #expect(
      message {
        $0.tune = [.alpha]
        $0.tuneDraws = 0
      }.contains("tune_draws must be at least 1"))
  }
}

/// Collects progress calls (the fit calls it from one thread).
final class ProgressLog: @unchecked Sendable {
  var items: [(Int, Int)] = []
  func append(_ done: Int, _ total: Int) { items.append((done, total)) }
}
