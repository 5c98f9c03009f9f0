import Frame
import Learn
import Stats
import Testing

/// `BinnedBoostingModel` (fits on rows of a shared binned matrix, for cross-fitting) against
/// `GradientBoosting`: the same bins and rows must grow the same trees.
extension BoostingTests {
  /// The synthetic frame's design, the frame model fitted on it, and its binned design.
  private func setUp(_ o: GradientBoostingOptions) throws -> (GradientBoosting, DesignData, BinnedMatrix, DataFrame) {
    let df = try synthetic(n: 1500, seed: 21)
    let m = try GradientBoosting.fit(
      Formula(parsing: "y ~ x1 + x2 + noise + color"), on: df, task: .classification,
      options: o)
    let data = try m.design.data(df)
    return (m, data, m.binner.bin(data.x), df)
  }

  private var options: GradientBoostingOptions {
    var o = GradientBoostingOptions()
    o.rounds = 20
    o.minDataInLeaf = 10
    o.featureFraction = 0.75
    o.baggingFraction = 0.8
    o.baggingFreq = 3
    return o
  }

  @Test func binnedFitOnAllRowsEqualsFrameFit() throws {
    let (m, data, binned, df) = try setUp(options)
    let y = try #require(data.y)
    let all = Array(0..<binned.rows)
    let b = try BinnedBoostingModel.fit(binned, rows: all, y: y, task: .classification, options: options)
    #expect(b.trees == m.trees)
    #expect(b.initialScore == m.initialScore)
    let pb = b.predict(binned, rows: all), pm = try m.predict(df)
    #expect(pb.count == pm.count)
    #expect(zip(pb, pm).allSatisfy { abs($0 - $1) <= 1e-12 })
  }

  @Test func binnedFitOnSubsetEqualsFitOnACopyOfTheRows() throws {
    let (m, data, binned, _) = try setUp(options)
    let y = try #require(data.y)
    let train = (0..<binned.rows).filter { $0 % 3 != 1 }, held = (0..<binned.rows).filter { $0 % 3 == 1 }
    let b = try BinnedBoostingModel.fit(binned, rows: train, y: y, task: .classification, options: options)
    // The same rows copied out and binned with the same bins.
    let copy = m.binner.bin(data.x.rowsSubset(train))
    let c = try BinnedBoostingModel.fit(
      copy, rows: Array(0..<train.count), y: train.map { y[$0] },
      task: .classification, options: options)
    #expect(b.trees == c.trees)
    #expect(b.initialScore == c.initialScore)
    #expect(b.trainingRows == train.count)
    let heldCopy = m.binner.bin(data.x.rowsSubset(held))
    #expect(b.predict(binned, rows: held) == c.predict(heldCopy, rows: Array(0..<held.count)))
    // Predicting rows in another order permutes the predictions.
    let reversed = Array(held.reversed())
    #expect(b.predict(binned, rows: reversed) == Array(b.predict(binned, rows: held).reversed()))
  }

  @Test func binnedFitIsTheSameForAnyThreadCount() throws {
    let (_, data, binned, _) = try setUp(options)
    let y = try #require(data.y)
    let train = (0..<binned.rows).filter { $0 % 4 != 0 }
    // Small histogram chunks exercise the parallel histogram and partition paths on small data.
    let a = try BinnedBoostingModel.fit(
      binned, rows: train, y: y, task: .classification, options: options,
      execution: ExecutionOptions(threads: 1, histogramChunkRows: 200))
    let b = try BinnedBoostingModel.fit(
      binned, rows: train, y: y, task: .classification, options: options,
      execution: ExecutionOptions(threads: 0, histogramChunkRows: 200))
    let c = try BinnedBoostingModel.fit(
      binned, rows: train, y: y, task: .classification, options: options,
      execution: ExecutionOptions(threads: 3, histogramChunkRows: 200))
    #expect(a.trees == b.trees)
    #expect(a.trees == c.trees)
    #expect(a.trees.count == options.rounds)
  }

  @Test func binnedFitRejectsBadInput() throws {
    let (_, data, binned, _) = try setUp(options)
    let y = try #require(data.y)
    #expect(throws: ModelError.self) {
      try BinnedBoostingModel.fit(binned, rows: [0, binned.rows], y: y, task: .classification)
    }
    #expect(throws: ModelError.self) {
      try BinnedBoostingModel.fit(binned, rows: [0, 1, 2], y: Array(y.dropLast()), task: .classification)
    }
    #expect(throws: ModelError.self) {
      try BinnedBoostingModel.fit(binned, rows: [0], y: y, task: .classification)
    }
    var bad = y
    bad[2] = 0.5
    #expect(throws: ModelError.self) {
      try BinnedBoostingModel.fit(binned, rows: [0, 1, 2], y: bad, task: .classification)
    }
    // A fractional target is fine for regression; a NaN is not.
    let fractional = try BinnedBoostingModel.fit(binned, rows: [0, 1, 2], y: bad, task: .regression)
    #expect(fractional.predict(binned, rows: [0, 1, 2]).allSatisfy { $0.isFinite })
    bad[2] = .nan
    #expect(throws: ModelError.self) {
      try BinnedBoostingModel.fit(binned, rows: [0, 1, 2], y: bad, task: .regression)
    }
    var o = GradientBoostingOptions()
    o.earlyStoppingRounds = 5
    #expect(throws: ModelError.self) {
      try BinnedBoostingModel.fit(binned, rows: Array(0..<10), y: y, task: .classification, options: o)
    }
  }
}
