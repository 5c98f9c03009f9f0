import Frame
import Learn
import Stats
import Testing

@testable import Causal

/// The `gbm` nuisance learner: cross-fitting bins the design once (bins fitted on all rows) and fits each
/// fold on its training rows of the shared binned matrix.
@Suite("GBM nuisance learner", .serialized)
struct GBMNuisanceTests {
  let gbm: any NuisanceLearner = (try? NuisanceLearners.named("gbm", parameters: ["rounds": 25])) ?? MeanLearner()

  /// Each fold's out-of-fold predictions are those of a model grown, with the fold's seed, on the fold's
  /// training rows of the design binned once on all rows.
  @Test func crossFitUsesSharedBinsAndFoldRows() throws {
    #expect(gbm.name == "gbm")
    let (data, _) = try confoundedSample(n: 1200, seed: 3)
    let plan = try CrossFitPlan.stratified(labels: data.t.map { Int($0) }, k: 3, seed: 7)
    let rng = SeededRNG(seed: 9)
    let binned = try FeatureBinner.fit(data.x).bin(data.x)
    let (p, byHand) = try {
      let p = try crossFitPredict(
        x: data.x, y: data.t, task: .classification, learner: gbm, plan: plan, rng: rng,
        describe: "propensity")
      let byHand = try (0..<3).map { k -> [Double] in
        var r = rng.derived(k)
        var o = GradientBoostingOptions()
        o.rounds = 25
        o.seed = Int(truncatingIfNeeded: r.next() >> 1)
        let m = try BinnedBoostingModel.fit(
          binned, rows: plan.trainingRows(k), y: data.t, task: .classification,
          options: o)
        return m.predict(binned, rows: plan.folds[k])
      }
      return (p, byHand)
    }()
    for k in 0..<3 {
      #expect(plan.folds[k].enumerated().allSatisfy { p[$0.element] == byHand[k][$0.offset] }, "fold \(k)")
    }
  }

  /// In-sample "cross-fitting" (one fold) and a direct fit + predict on the same design take the two code
  /// paths of the learner (shared bins vs bins fitted in `fit`) and must agree exactly.
  @Test func oneFoldCrossFitEqualsDirectFit() throws {
    let (data, _) = try confoundedSample(n: 800, seed: 4)
    let plan = try CrossFitPlan.stratified(labels: data.t.map { Int($0) }, k: 1, seed: 1)
    let rng = SeededRNG(seed: 5)
    let viaRows = try crossFitPredict(
      x: data.x, y: data.y, task: .classification, learner: gbm, plan: plan,
      rng: rng, describe: "outcome")
    let direct = try gbm.fit(data.x, data.y, task: .classification, rng: rng.derived(0)).predict(data.x)
    #expect(viaRows == direct)
    #expect(direct.allSatisfy { $0 > 0 && $0 < 1 })
  }

  /// Cross-fitted gbm nuisances are the same for any number of concurrent (nuisance, fold) fits, and AIPW on
  /// them lands near the truth.
  @Test func gbmCrossFitIsDeterministicAndAIPWAccurate() throws {
    let (data, tau) = try confoundedSample(n: 3000, seed: 8)
    let plan = try CrossFitPlan.stratified(labels: data.t.map { Int($0) }, k: 3, seed: 2)
    let rng = SeededRNG(seed: 4)
    let jobs = [
      NuisanceJob(
        y: data.t, task: .classification, learner: gbm, rng: rng.derived(0), include: nil,
        describe: "propensity"),
      NuisanceJob(
        y: data.y, task: .classification, learner: gbm, rng: rng.derived(1), include: nil,
        describe: "outcome"),
    ]
    let serial = try crossFitPredict(x: data.x, jobs: jobs, plan: plan, threads: 1)
    let parallel = try crossFitPredict(x: data.x, jobs: jobs, plan: plan, threads: 0)
    #expect(serial == parallel)
    #expect(serial[0].allSatisfy { $0 > 0 && $0 < 1 })
    let a = try AIPW.estimate(
      data, options: AIPWOptions(folds: 3, propensityLearner: gbm, outcomeLearner: gbm, seed: 2))
    let truth = tau.reduce(0, +) / Double(tau.count)
    #expect(abs(a.value - truth) < 3 * a.se, "AIPW \(a.value) (SE \(a.se)) vs true ATE \(truth)")
  }
}
