import Frame
import Learn
import Stats
import Testing

@Suite(.serialized) struct BoostingTests {
  @Test func sameSeedSameModelForAnyThreadCount() throws {
    let df = try synthetic(n: 1500, seed: 11)
    var o = GradientBoostingOptions()
    o.rounds = 15
    o.featureFraction = 0.8
    o.baggingFraction = 0.8
    o.baggingFreq = 5
    o.minDataInLeaf = 10
    let f = try Formula(parsing: "y ~ x1 + x2 + noise + color")
    // Exercise the parallel histogram and partition paths on small data.
    let a = try GradientBoosting.fit(
      f, on: df, options: o, execution: ExecutionOptions(threads: 1, histogramChunkRows: 200))
    let b = try GradientBoosting.fit(
      f, on: df, options: o, execution: ExecutionOptions(threads: 0, histogramChunkRows: 200))
    #expect(a.trees == b.trees)
    #expect(try a.predict(df) == b.predict(df))
  }

  @Test func learnsCategoriesAndMissingValues() throws {
    let train = try synthetic(n: 3000, seed: 12), test = try synthetic(n: 2000, seed: 13)
    var o = GradientBoostingOptions()
    o.rounds = 40
    o.learningRate = 0.1
    o.numLeaves = 8
    let m = try GradientBoosting.fit(Formula(parsing: "y ~ x1 + x2 + noise + color"), on: train, options: o)
    let auc = try rocAUC(m.outcome(test), m.predict(test))
    #expect(auc > 0.8)
    // Some split must use the categorical color column, and missing x2 values carry signal.
    let colorIndex = m.design.columnNames.firstIndex(of: "color")!
    #expect(m.trees.contains { t in t.feature.contains(Int32(colorIndex)) })
    #expect(m.gainImportance.first?.feature == "x1")
  }

  @Test func earlyStoppingKeepsBestRound() throws {
    let train = try synthetic(n: 800, seed: 14), valid = try synthetic(n: 800, seed: 15)
    var o = GradientBoostingOptions()
    o.rounds = 300
    o.learningRate = 0.3
    o.earlyStoppingRounds = 10
    o.minDataInLeaf = 5
    let m = try GradientBoosting.fit(
      Formula(parsing: "y ~ x1 + x2 + noise + color"), on: train, validation: valid,
      options: o)
    let b = try #require(m.bestRound)
    #expect(m.trees.count == b)
    #expect(m.validationLoss.count < 300)
    #expect(m.validationLoss[b - 1] == m.validationLoss.min())
  }

  @Test func regressionObjective() throws {
    var rng = SeededRNG(seed: 16)
    let x = (0..<1000).map { _ in rng.uniform() * 6 }
    let y = x.map { 3 * _sin($0) + 0.1 * rng.normal() }
    let df = try DataFrame(columns: [Column(name: "y", floats: y), Column(name: "x", floats: x)])
    var o = GradientBoostingOptions()
    o.rounds = 100
    let m = try GradientBoosting.fit(Formula(parsing: "y ~ x"), on: df, options: o)
    let p = try m.predict(df)
    var sse = 0.0
    for i in 0..<y.count { sse += (p[i] - y[i]) * (p[i] - y[i]) }
    #expect(sse / Double(y.count) < 0.05)
  }

  @Test func invalidOptionsAreNamed() throws {
    let df = try synthetic(n: 50, seed: 1)
    var o = GradientBoostingOptions()
    o.rounds = -1
    #expect(throws: ModelError.invalidOption(name: "rounds", value: "-1", expected: "an integer ≥ 1")) {
      try GradientBoosting.fit(Formula(parsing: "y ~ x1"), on: df, options: o)
    }
    o = GradientBoostingOptions()
    o.baggingFraction = 1.5
    #expect(throws: ModelError.self) { try GradientBoosting.fit(Formula(parsing: "y ~ x1"), on: df, options: o) }
  }
}

func _sin(_ x: Double) -> Double {
  var s = 0.0, t = x
  for k in 0..<30 {
    s += t
    t *= -x * x / Double((2 * k + 2) * (2 * k + 3))
  }
  return s
}
