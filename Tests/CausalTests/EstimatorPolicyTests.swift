import Frame
import Learn
import Stats
import Testing

@testable import Causal

/// The estimator choices that live in Causal (not in the language): the GLM nuisance's logistic fit, how a
/// treatment column is read, and what a `method:` name runs.
@Suite("Estimator policy")
struct EstimatorPolicyTests {
  /// The GLM learner's logistic fit is Learn's Newton solver: on the same rows, unpenalized, its fitted
  /// probabilities equal `fit logit`'s (the two parametrize the same maximum-likelihood model, the GLM on
  /// standardized columns), to 1e-9.
  @Test func glmLogisticEqualsLogisticRegression() throws {
    let (data, _) = try confoundedSample(n: 600, seed: 5)
    let model = try GLMLearner(name: "logistic", ridge: 0).fit(
      data.x, data.t, task: .classification,
      rng: SeededRNG(seed: 1))
    let glm = try model.predict(data.x)
    var frame = try DataFrame(
      columns: (0..<3).map { Column(name: data.x.columnNames[$0], floats: Array(data.x.column($0))) })
    try frame.set(Column(name: "t", floats: data.t))
    let lr = try LogisticRegression.fit(Formula(outcome: "t", terms: ["x1", "x2", "x3"]), on: frame)
    let direct = lr.predict(design: try lr.design.data(frame).x)
    #expect(glm.count == direct.count)
    var worst = 0.0
    for i in glm.indices { worst = max(worst, abs(glm[i] - direct[i])) }
    #expect(worst < 1e-9, "largest difference \(worst)")
  }

  /// One rule for the treatment column, whichever command asks.
  @Test func treatmentArmsRule() {
    let binary = Column(name: "t", ints: [0, 1, 1, 0])
    #expect(TreatmentArms.of(binary) == .binary)
    #expect(TreatmentArms.of(binary, baselineChosen: true) == .several(["0", "1"]))
    let pair = Column(name: "arm", strings: ["offer", "none", "offer", "none"])
    #expect(TreatmentArms.of(pair) == .labelledPair(["none", "offer"]))
    #expect(TreatmentArms.of(pair, baselineChosen: true) == .several(["none", "offer"]))
    let three = Column(name: "arm", strings: ["b", "none", "a", nil, "a"])
    #expect(TreatmentArms.of(three) == .several(["a", "b", "none"]))
    #expect(TreatmentArms.of(three).isSeveral)
    #expect(TreatmentArms.of(three, treatedChosen: true) == .labelledPair(["a", "b", "none"]))
    #expect(!TreatmentArms.of(three, treatedChosen: true, baselineChosen: true).isSeveral)
  }

  /// What each method needs, as the language lists them.
  @Test func methodProperties() {
    #expect(EffectMethod.names == ["naive", "ipw", "hajek", "s_learner", "t_learner", "matching", "aipw"])
    #expect(EffectMethod.allCases.filter { !$0.usesCovariates } == [.naive])
    #expect(EffectMethod.allCases.filter(\.supportsClusters) == [.ipw, .hajek, .aipw])
    #expect(EffectMethod.allCases.filter(\.supportsSeveralArms) == [.aipw])
    #expect(EffectMethod.allCases.filter { !$0.usesOutcomeModel } == [.naive, .matching])
    #expect(!EffectMethod.naive.supports(.att) && EffectMethod.naive.supports(.ate) && EffectMethod.ipw.supports(.att))
  }

  /// `EffectMethod.estimate` runs the same estimator with the same options as calling it directly.
  @Test func methodRunsTheNamedEstimator() throws {
    let (data, _) = try confoundedSample(n: 400, seed: 9)
    var s = EffectMethod.Settings()
    s.target = .att
    s.folds = 3
    s.seed = 4
    let aipw = try EffectMethod.aipw.estimate(data, settings: s)
    let direct = try AIPW.estimate(data, options: AIPWOptions(target: .att, folds: 3, seed: 4))
    #expect(aipw.value == direct.value && aipw.se == direct.se)
    let hajek = try EffectMethod.hajek.estimate(data, settings: s)
    let hajekDirect = try IPW.estimate(
      data,
      options: IPWOptions(
        kind: .hajek, target: .att,
        propensity: PropensityOptions(folds: 3, seed: 4)))
    #expect(hajek.value == hajekDirect.value && hajek.se == hajekDirect.se)
    s.target = .ate
    let naive = try EffectMethod.naive.estimate(data, settings: s)
    #expect(naive.value == (try NaiveDifference.estimate(data)).value)
    s.target = .att
    #expect(throws: CausalError.self) { try EffectMethod.naive.estimate(data, settings: s) }
    s.clusters = Array(0..<data.n).map { $0 % 20 }
    #expect(throws: CausalError.self) { try EffectMethod.tLearner.estimate(data, settings: s) }
  }

  /// Several arms: only AIPW estimates each arm against the baseline.
  @Test func severalArmsNeedAIPW() throws {
    let (data, _) = try confoundedSample(n: 300, seed: 3)
    let labels = (0..<data.n).map { i in data.t[i] == 1 ? (i % 2 == 0 ? "a" : "b") : "none" }
    let multi = try MultiArmData(y: data.y, armLabels: labels, x: data.x)
    var s = EffectMethod.Settings()
    s.folds = 2
    let r = try EffectMethod.aipw.estimate(multi, settings: s)
    #expect(r.baseline == "none" && r.effects.count == 2)
    #expect(throws: CausalError.self) { try EffectMethod.ipw.estimate(multi, settings: s) }
  }
}
