import Frame
import Learn
import Testing

/// Reference numbers: scikit-learn 1.9.1 on these vectors —
/// `roc_auc_score(y, p)`, `average_precision_score(y, p)`, `log_loss(y, p)`, `brier_score_loss(y, p)`,
/// `accuracy/precision/recall/f1_score(y, p >= 0.5)`, `confusion_matrix(y, p >= 0.5)`,
/// `precision_recall_curve(y, p)`, `roc_curve(y, p, drop_intermediate=False)`.
@Suite struct MetricsTests {
  let y: [Double] = [0, 1, 1, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0, 0, 1]
  let p = [0.1, 0.9, 0.8, 0.8, 0.35, 0.2, 0.35, 0.7, 0.35, 0.05, 0.6, 0.6, 0.2, 0.45, 0.99]

  @Test func scalarMetricsMatchSklearn() throws {
    #expect(close(try rocAUC(y, p), 0.8214285714285714, rel: 1e-14))
    #expect(close(try averagePrecision(y, p), 0.7910018552875695, rel: 1e-14))
    #expect(close(try logLoss(y, p), 0.49753257955718283, rel: 1e-14))
    #expect(close(try brierScore(y, p), 0.17084000000000005, rel: 1e-14))
    let c = try ConfusionMatrix(y, p, threshold: 0.5)
    #expect([c.trueNegatives, c.falsePositives, c.falseNegatives, c.truePositives] == [6, 2, 2, 5])
    #expect(close(c.accuracy, 0.7333333333333333, rel: 1e-14))
    #expect(close(c.precision, 0.7142857142857143, rel: 1e-14))
    #expect(close(c.recall, 0.7142857142857143, rel: 1e-14))
    #expect(close(c.f1, 0.7142857142857143, rel: 1e-14))
    #expect(try precisionAtRecall(y, p, recall: 0.5) == 0.8)
  }

  @Test func curvesMatchSklearn() throws {
    let roc = try rocCurve(y, p)
    #expect(roc.fpr.map { ($0 * 8).rounded() } == [0, 0, 0, 1, 1, 2, 3, 4, 6, 7, 8])
    #expect(roc.tpr.map { ($0 * 7).rounded() } == [0, 1, 2, 3, 4, 5, 5, 7, 7, 7, 7])
    #expect(roc.thresholds == [.infinity, 0.99, 0.9, 0.8, 0.7, 0.6, 0.45, 0.35, 0.2, 0.1, 0.05])
    let pr = try precisionRecallCurve(y, p)
    // sklearn lists thresholds ascending; ours descending.
    let skThresholds = [0.05, 0.1, 0.2, 0.35, 0.45, 0.6, 0.7, 0.8, 0.9, 0.99]
    let skPrecision = [
      0.4666666666666667, 0.5, 0.5384615384615384, 0.6363636363636364, 0.625, 0.7142857142857143,
      0.8, 0.75, 1.0, 1.0,
    ]
    #expect(pr.thresholds == skThresholds.reversed())
    for (a, b) in zip(pr.precision, skPrecision.reversed()) { #expect(close(a, b, rel: 1e-14)) }
  }

  @Test func tablesAreConsistent() throws {
    let cal = try calibrationTable(y, p, bins: 3)
    #expect(cal.rowCount == 3)
    #expect(try cal.column("n").doubles()! == [5, 5, 5])
    let lift = try liftTable(y, p, groups: 5)
    let gain = try lift.column("cum_gain").doubles()!
    #expect(abs(gain.last! - 1) < 1e-12)
    #expect(gain == gain.sorted())
  }

  @Test func badInputsAreClearErrors() {
    #expect(throws: ModelError.self) { try rocAUC([1, 1], [0.2, 0.3]) }
    #expect(throws: ModelError.self) { try rocAUC([0, 1], [0.2]) }
    #expect(throws: ModelError.self) { try rocAUC([0, 2], [0.2, 0.3]) }
    #expect(throws: ModelError.self) { try logLoss([0, 1], [0.2, .nan]) }
    #expect(throws: ModelError.self) { try logLoss([], []) }
  }
}

@Suite struct ValidationTests {
  @Test func stratifiedFoldsBalanceClasses() throws {
    let strata = (0..<103).map { $0 % 4 == 0 ? 1 : 0 }
    let folds = try stratifiedFolds(rows: 103, k: 5, strata: strata, seed: 1)
    for f in 0..<5 {
      let pos = (0..<103).filter { folds[$0] == f && strata[$0] == 1 }.count
      #expect(pos == 5 || pos == 6)
    }
    #expect(try stratifiedFolds(rows: 103, k: 5, strata: strata, seed: 1) == folds)
    #expect(throws: ModelError.self) { try stratifiedFolds(rows: 3, k: 5, strata: nil, seed: 1) }
  }

  @Test func crossValidationAndOutOfFold() throws {
    let df = try readCSV(path: fixturePath("regression_fixture.csv"))
    let recipe = try ModelRecipe(formula: Formula(parsing: "y ~ x1 + x2 + grp + flag"), spec: .logit(.init()))
    let cv = try crossValidate(recipe, on: df, k: 5, seed: 3)
    #expect(cv.scores.count == 5)
    #expect(cv.mean > 0.6 && cv.mean < 0.9)
    #expect(cv.sd > 0)
    let oof = try outOfFold(recipe, on: df, k: 5, seed: 3)
    #expect(oof.predictions.allSatisfy { $0 > 0 && $0 < 1 })
    // The per-fold AUCs of the OOF run are the CV scores.
    #expect(oof.evaluations.map { $0.auc! } == cv.scores)
  }

  @Test func outOfFoldIsTheSameForAnyThreadCount() throws {
    let df = try readCSV(path: fixturePath("regression_fixture.csv"))
    var o = GradientBoostingOptions()
    o.rounds = 30
    o.baggingFraction = 0.8
    o.baggingFreq = 1
    o.featureFraction = 0.75
    let recipe = try ModelRecipe(formula: Formula(parsing: "y ~ x1 + x2 + grp + flag"), spec: .gbm(o))
    let serial = try outOfFold(recipe, on: df, k: 5, seed: 3, threads: 1)
    #expect(serial.predictions.allSatisfy { $0 > 0 && $0 < 1 })
    #expect(Set(serial.folds) == Set(0..<5))
    for threads in [0, 2] {
      let folds = try outOfFold(recipe, on: df, k: 5, seed: 3, threads: threads)
      #expect(folds.predictions.map(\.bitPattern) == serial.predictions.map(\.bitPattern))
      #expect(folds.folds == serial.folds)
      #expect(folds.evaluations.map(\.label) == serial.evaluations.map(\.label))
      #expect(folds.evaluations.map { $0.auc! } == serial.evaluations.map { $0.auc! })
    }
  }

  @Test func permutationImportanceRanksTheStrongFeature() throws {
    let df = try readCSV(path: fixturePath("regression_fixture.csv"))
    let m = try LogisticRegression.fit(Formula(parsing: "y ~ x1 + x2 + grp + flag"), on: df)
    let imp = try permutationImportance(m, on: df, repeats: 3, seed: 1)
    #expect(try imp.column("feature").string(at: 0) == "x1")
  }
}
