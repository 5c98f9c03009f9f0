import Causal
import Foundation
import Frame
import Stats
import Testing

/// Progress covers every long step of a causal forest fit and of AIPW's cross-fitting (issue 11, item 12):
/// the nuisance forests and cross-fitted nuisances report before the final forest does, and reporting
/// never changes a result.
@Suite struct CausalForestProgressTests {
  typealias Fit = CausalForestFitTests

  /// With the default OOB nuisance forests (50 trees each here), the first reports come from them:
  /// 50 (Ŷ forest), 100 (Ŵ forest), then the final forest's 200 trees in batches of 100.
  @Test func nuisanceForestsReportBeforeTheFinalForest() throws {
    let train = Fit.simulate(n: 300, seed: 5)
    let o = Fit.options(trees: 200)
    let calls = ProgressLog()
    let cf = try CausalForest.fit(
      frame: train.frame, outcome: "y", treatment: "w", covariates: Fit.covariates,
      options: o
    ) { calls.append($0, $1) }
    #expect(calls.items.map { $0.0 } == [50, 100, 200, 300])
    #expect(calls.items.allSatisfy { $0.1 == 300 })
    let quiet = try CausalForest.fit(
      frame: train.frame, outcome: "y", treatment: "w", covariates: Fit.covariates,
      options: o)
    #expect(quiet.yHat == cf.yHat && quiet.wHat == cf.wHat && quiet.oob.tau == cf.oob.tau)
  }

  /// With `nuisance_learner`, the cross-fitted fits report first (weighted like the final forest: the
  /// first half of the scale), in increasing order, and the result is the same as without progress.
  @Test func crossFittedNuisancesReport() throws {
    let train = Fit.simulate(n: 300, seed: 6)
    var o = Fit.options(trees: 20)
    o.nuisanceLearner = "gbm"
    let calls = ProgressLog()
    let cf = try CausalForest.fit(
      frame: train.frame, outcome: "y", treatment: "w", covariates: Fit.covariates,
      options: o
    ) { calls.append($0, $1) }
    let total = 2 * o.treeCountRounded
    #expect(calls.items.allSatisfy { $0.1 == total })
    #expect(calls.items.filter { $0.0 <= o.treeCountRounded }.count >= 2)  // cross-fitting waves, then the forest
    #expect(zip(calls.items, calls.items.dropFirst()).allSatisfy { $0.0 <= $1.0 })
    #expect(calls.items.last?.0 == total)
    let quiet = try CausalForest.fit(
      frame: train.frame, outcome: "y", treatment: "w", covariates: Fit.covariates,
      options: o)
    #expect(quiet.yHat == cf.yHat && quiet.wHat == cf.wHat && quiet.oob.tau == cf.oob.tau)
  }

  /// AIPW reports its 3 × folds cross-fitted fits; the estimate is the one computed without progress.
  @Test func aipwCrossFittingReports() throws {
    let (data, _) = try confoundedSample(n: 600, seed: 4)
    let calls = ProgressLog()
    let r = try AIPW.estimate(data, options: AIPWOptions(folds: 3, seed: 1)) { calls.append($0, $1) }
    #expect(!calls.items.isEmpty && calls.items.allSatisfy { $0.1 == 9 } && calls.items.last?.0 == 9)
    #expect(zip(calls.items, calls.items.dropFirst()).allSatisfy { $0.0 < $1.0 })
    let quiet = try AIPW.estimate(data, options: AIPWOptions(folds: 3, seed: 1))
    #expect(quiet.value == r.value && quiet.se == r.se)
  }
}
