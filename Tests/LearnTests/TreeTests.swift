import Frame
import Learn
import Stats
import Testing

/// Synthetic classification data: y depends on x1 (threshold), a category, and x2 with missing values.
func synthetic(n: Int, seed: Int) throws -> DataFrame {
  var rng = SeededRNG(seed: seed)
  var x1 = [Double](), x2 = [Double?](), noise = [Double](), cat = [String](), y = [Int]()
  for _ in 0..<n {
    let a = rng.normal(), b = rng.uniform() * 10
    let c = ["red", "green", "blue", "grey"][rng.int(below: 4)]
    let miss = rng.bernoulli(0.1)
    let eta = 1.5 * a + (c == "red" ? 1.2 : c == "blue" ? -1 : 0) + (miss ? 1.5 : 0.2 * (b - 5))
    x1.append(a)
    x2.append(miss ? nil : b)
    noise.append(rng.normal())
    cat.append(c)
    y.append(rng.bernoulli(1 / (1 + _exp(-eta))) ? 1 : 0)
  }
  return try DataFrame(columns: [
    Column(name: "y", ints: y), Column(name: "x1", floats: x1), Column(name: "x2", floats: x2),
    Column(name: "noise", floats: noise), Column(name: "color", strings: cat),
  ])
}

func _exp(_ x: Double) -> Double {
  var s = 1.0, t = 1.0
  for k in 1..<40 {
    t *= x / Double(k)
    s += t
  }
  return s
}

@Suite(.serialized) struct TreeTests {
  @Test func singleTreeFitsTrainingDataExactly() throws {
    let df = try synthetic(n: 300, seed: 1)
    var o = RandomForestOptions()
    o.minLeafSize = 1
    let t = try RandomForest.fitTree(
      Formula(parsing: "y ~ x1 + x2 + noise + color"), on: df, task: .classification,
      options: o)
    let p = try t.predict(df)
    let y = try t.outcome(df)
    // x1 and noise are continuous and distinct, so a fully grown tree separates every row.
    #expect(zip(p, y).allSatisfy { abs($0 - $1) < 1e-12 })
    #expect(t.kind == .tree)
  }

  @Test func forestIsDeterministicForAnyThreadCount() throws {
    let df = try synthetic(n: 600, seed: 2)
    var o = RandomForestOptions()
    o.trees = 20
    let f = try Formula(parsing: "y ~ x1 + x2 + noise + color")
    let serial = try RandomForest.fit(f, on: df, options: o, execution: ExecutionOptions(threads: 1))
    let parallel = try RandomForest.fit(f, on: df, options: o, execution: ExecutionOptions(threads: 0))
    #expect(serial.trees == parallel.trees)
    #expect(serial.oobPredictions?.count == 600)
    let a = try serial.predict(df), b = try parallel.predict(df)
    #expect(a == b)
    #expect((serial.oobScore ?? 0) > 0.75)
  }

  @Test func forestLearnsSignalAndRanksFeatures() throws {
    let train = try synthetic(n: 2000, seed: 3), test = try synthetic(n: 2000, seed: 4)
    var o = RandomForestOptions()
    o.trees = 50
    o.minLeafSize = 5
    let m = try RandomForest.fit(Formula(parsing: "y ~ x1 + x2 + noise + color"), on: train, options: o)
    let auc = try rocAUC(m.outcome(test), m.predict(test))
    #expect(auc > 0.8)
    let imp = m.impurityImportance
    #expect(imp.first?.feature == "x1")
    #expect(imp.last?.feature != "x1")
  }

  @Test func honestForestFillsLeavesFromTheOtherHalf() throws {
    let df = try synthetic(n: 800, seed: 5)
    var o = RandomForestOptions()
    o.trees = 10
    o.honesty = true
    o.sampleFraction = 0.5
    o.minLeafSize = 5
    let m = try RandomForest.fit(Formula(parsing: "y ~ x1 + x2 + color"), on: df, options: o)
    let p = try m.predict(df)
    #expect(p.allSatisfy { $0 >= 0 && $0 <= 1 })
    // Pruning leaves no empty leaf behind.
    for t in m.trees { for node in 0..<t.nodeCount where t.isLeaf(node) { #expect(!t.values[node].isNaN) } }
  }

  @Test func regressionForest() throws {
    var rng = SeededRNG(seed: 9)
    let n = 1000
    let x = (0..<n).map { _ in rng.uniform() * 4 }
    let y = x.map { $0 * $0 + 0.1 * rng.normal() }
    let df = try DataFrame(columns: [Column(name: "y", floats: y), Column(name: "x", floats: x)])
    var o = RandomForestOptions()
    o.trees = 30
    let m = try RandomForest.fit(Formula(parsing: "y ~ x"), on: df, options: o)
    #expect(m.task == .regression)
    #expect((m.oobScore ?? 0) > 0.98)
  }
}

@Suite struct BinningTests {
  @Test func radixBinsMatchSortedQuantiles() throws {
    var rng = SeededRNG(seed: 31)
    var v = (0..<5000).map { _ in rng.normal() * 100 }
    v += [0, -0.0, 1e300, -1e300, 5, 5, 5]
    let x = DesignMatrix(columns: [v], names: ["x"])
    let b = try FeatureBinner.fit(x, maxBins: 255)
    let bounds = b.features[0].upperBounds
    #expect(bounds.count <= 255)
    #expect(zip(bounds, bounds.dropFirst()).allSatisfy { $0 < $1 })
    #expect(bounds.last == .infinity)
    // Every value lands in the first bin whose bound is at least the value.
    for value in v.prefix(200) {
      let bin = Int(b.features[0].bin(value))
      #expect(value <= bounds[bin])
      if bin > 0 { #expect(value > bounds[bin - 1]) }
    }
    // Few distinct values: one bin each, bounds halfway between them.
    let small = try FeatureBinner.fit(DesignMatrix(columns: [[3, 1, 2, 2, 1]], names: ["s"]))
    #expect(small.features[0].upperBounds == [1.5, 2.5, .infinity])
  }

  @Test func matrixBinningMatchesPerValueBins() throws {
    // `FeatureBinner.bin(_:)` (branch-free search over padded bounds) must give every value the bin
    // `FeatureBins.bin(_:)` gives: values on the bounds, between them, ±∞, NaN, few- and many-bin features.
    var rng = SeededRNG(seed: 11)
    let many = (0..<3000).map { _ in rng.normal() * 10 }
    let few = (0..<3000).map { _ in Double(rng.int(below: 4)) }
    let b = try FeatureBinner.fit(DesignMatrix(columns: [many, few], names: ["a", "b"]), maxBins: 255)
    var a = many, c = few
    a += b.features[0].upperBounds.dropLast() + [.infinity, -.infinity, .nan, -0.0, 1e300]
    let extra = b.features[1].upperBounds.dropLast() + [.infinity, -.infinity, .nan, 7, -1]
    c += (0..<(a.count - c.count)).map { extra[$0 % extra.count] }
    let x = DesignMatrix(columns: [a, c], names: ["a", "b"])
    let binned = b.bin(x)
    #expect(b.features[0].upperBounds.count > 200)
    #expect(b.features[1].upperBounds.count == 4)
    var mismatches = 0
    for i in 0..<a.count {
      for (j, v) in [a[i], c[i]].enumerated() {
        let want = b.features[j].bin(v)
        if binned[i, j] != want || binned.columns[j * a.count + i] != want { mismatches += 1 }
      }
    }
    #expect(mismatches == 0)
    #expect(binned[a.count - 3, 0] == FeatureBinner.missingBin)
  }
}
