import Causal
import Testing

/// Flat-array trees: routing (including missing values), out-of-bag exclusion, importance.
@Suite struct CausalForestCompactTests {
  /// Tree: x0 ≤ 0.5 → leaf A, else (x1 ≤ 1, missing right) → leaf B / leaf C.
  func sampleForest() throws -> CompactForest {
    var f = CompactForest(groupSize: 2)
    var t = CompactForest.TreeBuilder()
    t.nodes = [
      .split(feature: 0, threshold: 0.5, missingLeft: true, left: 1, right: 2),
      .leaf(CausalLeafSummary(y: 1, w: 0.5, yw: 1, ww: 0.5)),  // τ = (1 − .5)/(.25) = 2
      .split(feature: 1, threshold: 1, missingLeft: false, left: 3, right: 4),
      .leaf(CausalLeafSummary(y: 0, w: 0.5, yw: 0.25, ww: 0.5)),  // τ = 1
      .leaf(nil),
    ]
    var stump = CompactForest.TreeBuilder()
    stump.nodes = [.leaf(CausalLeafSummary(y: 0, w: 0.5, yw: 0, ww: 0.5))]  // τ = 0
    try f.append(t)
    try f.append(stump)
    try f.append(t)
    try f.append(stump)
    return f
  }

  @Test func routingAndMissingValues() throws {
    let f = try sampleForest()
    // Rows (column-major, 4 rows × 2 cols): x0 = [0, 1, NaN, 1], x1 = [0, 0, 0, NaN]
    let x: [Double] = [0, 1, .nan, 1, 0, 0, 0, .nan]
    let p = f.predict(x: x, rows: 4, columns: 2, withVariance: false)
    // Row 0: leaves A and stump → averages y .5, w .5, yw .5, ww .5 → (.5 − .25)/.25 = 1
    #expect(abs(p.tau[0] - 1) < 1e-12)
    // Row 1: leaf B + stump → y 0, yw .125 → .125/.25 = .5
    #expect(abs(p.tau[1] - 0.5) < 1e-12)
    // Row 2: x0 missing goes left (A) → same as row 0
    #expect(p.tau[2] == p.tau[0])
    // Row 3: x1 missing goes right → empty leaf, only the stumps count → 0
    #expect(abs(p.tau[3]) < 1e-12)
    #expect(f.treeCount == 4 && f.nodeCount == 12)
  }

  @Test func outOfBagSkipsTreesThatUsedTheRow() throws {
    let f = try sampleForest()
    let x: [Double] = [0, 0]  // one row, x0 = 0, x1 = 0
    // Row 0 was used by trees 1 and 3 (the stumps): only the full trees count → τ = 2.
    let inBag: [UInt64] = [0, 1, 0, 1]
    let p = f.predict(x: x, rows: 1, columns: 2, withVariance: false, inBag: inBag)
    #expect(abs(p.tau[0] - 2) < 1e-12)
  }

  @Test func threadCountDoesNotChangePredictions() throws {
    let f = try sampleForest()
    var x = [Double]()
    for i in 0..<500 { x.append(Double(i % 7) / 6) }
    for i in 0..<500 { x.append(Double(i % 5) / 2) }
    let a = f.predict(x: x, rows: 500, columns: 2, withVariance: true, threads: 1)
    let b = f.predict(x: x, rows: 500, columns: 2, withVariance: true, threads: 2)
    #expect(a.tau.map(\.bitPattern) == b.tau.map(\.bitPattern))
    #expect(a.variance.map(\.bitPattern) == b.variance.map(\.bitPattern))
  }

  @Test func splitFrequenciesByDepth() throws {
    let f = try sampleForest()
    let s = f.splitFrequencies(featureCount: 2, maxDepth: 3)
    #expect(s[0] == [2, 0] && s[1] == [0, 2] && s[2] == [0, 0])
  }
}
