import Frame
import Stats
import Testing

@testable import Causal

/// Training-frame effects of several arms: predicting only the rows an arm's forest did not train on
/// gives exactly what predicting every row and then overwriting the trained rows with their out-of-bag
/// effects gave, and the memo returns the same predictions as recomputing them.
@Suite struct MultiArmTrainingEffectsTests {
  static func fitted() throws -> (MultiArmCausalForest, DataFrame) {
    var rng = SeededRNG(seed: 21)
    let n = 600
    var x1 = [Double](), x2 = [Double?](), arm = [String](), y = [Double]()
    for i in 0..<n {
      let a = rng.uniform(), b = rng.uniform()
      let level = ["none", "a", "b"][i % 3]
      x1.append(a)
      x2.append(i % 37 == 0 ? nil : b)
      arm.append(level)  // some missing covariates
      y.append(b + (level == "a" ? a : level == "b" ? -1 : 0) + 0.3 * rng.normal())
    }
    let df = try DataFrame(columns: [
      Column(name: "x1", floats: x1), Column(name: "x2", floats: x2),
      Column(name: "arm", strings: arm), Column(name: "y", floats: y),
    ])
    let m = try MultiArmCausalForest.fit(
      frame: df, outcome: "y", treatment: "arm", covariates: ["x1", "x2"],
      options: CausalForestFitTests.options(trees: 40))
    return (m, df)
  }

  static func bits(_ p: [CausalPredictions]) -> [[UInt64]] {
    p.flatMap { [$0.tau.map(\.bitPattern), $0.variance.map(\.bitPattern)] }
  }

  @Test func trainedRowsOutOfBagOthersPredictedAsBefore() throws {
    let (m, df) = try Self.fitted()
    // The previous computation: every row through every tree, then the trained rows overwritten.
    let reference: [CausalPredictions] = try m.forests.enumerated().map { k, f in
      var p = try f.predict(frame: df, withVariance: true)
      for (j, r) in m.rows[k].enumerated() {
        p.tau[r] = f.oob.tau[j]
        p.variance[r] = f.oob.variance[j]
      }
      return p
    }
    let fresh = try m.predict(frame: df, training: true)
    #expect(Self.bits(fresh) == Self.bits(reference))
    #expect(fresh.allSatisfy { $0.tau.allSatisfy(\.isFinite) })
    // Second call: from the memo, the same bits.
    #expect(m.trainingEffects.value(x: try m.forests.map { try $0.covariateValues(df) }, withVariance: true) != nil)
    #expect(Self.bits(try m.predict(frame: df, training: true)) == Self.bits(reference))
    // Without variances is a different entry: NaN variances for the untrained rows, computed afresh.
    let noVariance = try m.predict(frame: df, withVariance: false, training: true)
    #expect(noVariance.map(\.tau.count) == fresh.map(\.tau.count))
    #expect(zip(noVariance, fresh).allSatisfy { $0.tau.map(\.bitPattern) == $1.tau.map(\.bitPattern) })
    let untrained = (0..<df.rowCount).filter { !m.rows[0].contains($0) }
    #expect(untrained.allSatisfy { noVariance[0].variance[$0].isNaN })
  }

  @Test func memoMissesOnOtherCovariatesOrForests() throws {
    let (fitted, df) = try Self.fitted()
    var m = fitted
    _ = try m.predict(frame: df, training: true)
    // The same row count with other covariate values is not a hit.
    var other = df
    try other.set(Column(name: "x1", floats: (0..<df.rowCount).map { Double($0) / Double(df.rowCount) }))
    let xs = try m.forests.map { try $0.covariateValues(other) }
    #expect(m.trainingEffects.value(x: xs, withVariance: true) == nil)
    // Replacing the forests starts a new memo.
    m.forests = Array(m.forests.reversed())
    #expect(m.trainingEffects.value(x: try m.forests.map { try $0.covariateValues(df) }, withVariance: true) == nil)
  }
}
