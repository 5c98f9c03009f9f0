import Foundation
import Frame
import Stats
import Testing

@testable import Learn

/// The design handed out in column blocks (``DesignSpec/data(_:withOutcome:blockColumns:_:)``) and the
/// boosting fit that bins it block by block must equal the whole design and its binning.
@Suite struct BlockedBinningTests {
  func frame() throws -> DataFrame {
    var rng = SeededRNG(seed: 5)
    let n = 300
    let contracts = ["Month", "One year", "Two year"]
    return try DataFrame(columns: [
      Column(name: "y", floats: (0..<n).map { _ in Double(rng.int(below: 2)) }),
      Column(name: "tenure", floats: (0..<n).map { i in i % 17 == 0 ? .nan : rng.normal() * 10 + 30 }),
      Column(name: "Contract", strings: (0..<n).map { _ in contracts[rng.int(below: 3)] }),
      Column(name: "senior", bools: (0..<n).map { _ in rng.int(below: 2) == 1 }),
      Column(name: "charges", floats: (0..<n).map { _ in rng.normal() * 20 + 70 }),
    ])
  }

  /// Concatenated blocks of every width equal the whole design: values, names, kinds, rows, warnings.
  @Test(arguments: [1, 2, 3, 5, 1000])
  func blocksConcatenateToTheWholeDesign(width: Int) throws {
    let df = try frame()
    for (formula, options, missing) in [
      ("y ~ tenure + Contract + senior + charges", DesignOptions.tree, MissingPolicy.keep),
      ("y ~ tenure * senior + Contract + poly(charges, 2)", DesignOptions.linear, MissingPolicy.dropRows),
    ] {
      var o = options
      o.missing = missing
      let spec = try DesignSpec.fit(Formula(parsing: formula), on: df, outcome: .binary, options: o)
      let whole = try spec.data(df)
      var values: [Double] = [], names: [String] = [], kinds: [FeatureKind] = [], firsts: [Int] = []
      let blocked = try spec.data(df, blockColumns: width) { first, block in
        #expect(block.columnCount <= max(width, 3))  // a term wider than `width` comes whole
        #expect(block.rows == whole.x.rows)
        firsts.append(first)
        values += block.values
        names += block.columnNames
        kinds += block.featureKinds
      }
      #expect(firsts.first == 0)
      #expect(values.count == whole.x.values.count)
      #expect(zip(values, whole.x.values).allSatisfy { $0.bitPattern == $1.bitPattern })
      #expect(names == whole.x.columnNames)
      #expect(kinds == whole.x.featureKinds)
      #expect(blocked.x.columnCount == 0)
      #expect(blocked.x.rows == whole.x.rows)
      #expect(blocked.x.warnings == whole.x.warnings)
      #expect(blocked.y == whole.y)
    }
  }

  /// Binning block by block gives the bins and the binned matrix of binning the whole design.
  @Test func blockBinningMatchesWholeBinning() throws {
    let df = try frame()
    var o = DesignOptions.tree
    o.missing = .keep
    let spec = try DesignSpec.fit(
      Formula(parsing: "y ~ tenure + Contract + senior + charges"), on: df, outcome: .binary, options: o)
    let x = try spec.data(df).x
    let binner = try FeatureBinner.fit(x, maxBins: 31)
    let whole = binner.bin(x)
    var builder = BinnedMatrixBuilder(rows: x.rowCount, cols: x.columnCount)
    var bins: [FeatureBins] = []
    _ = try spec.data(df, blockColumns: 1) { first, block in
      let f = try FeatureBinner.fit(block, maxBins: 31).features
      builder.add(block, firstColumn: first, bins: f)
      bins += f
    }
    let blocked = builder.finish(features: bins)
    #expect(bins == binner.features)
    #expect(blocked.bins == whole.bins)
    #expect(blocked.columns == whole.columns)
    #expect(whole.bins.contains(FeatureBinner.missingBin))
    // And the boosting fit (which bins in blocks) keeps the bins of the whole design.
    var g = GradientBoostingOptions()
    g.rounds = 3
    g.maxBins = 31
    let m = try GradientBoosting.fit(Formula(parsing: "y ~ tenure + Contract + senior + charges"), on: df, options: g)
    #expect(m.binner == binner)
  }
}
