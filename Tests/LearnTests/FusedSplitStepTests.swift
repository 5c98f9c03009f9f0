import Frame
import Stats
import Testing

@testable import Learn

/// The boosting grower's fused split step (the smaller child's histogram, the sibling by subtraction and both
/// children's split searches in one parallel region over feature parts) against its unfused reference steps
/// (`buildDense`, the subtraction loop and `finishSplitSearch` on the calling thread): same trees, bit for bit,
/// for every thread count, chunk size and feature subset.
@Suite(.serialized) struct FusedSplitStepTests {
  /// 2,500 rows: eight numeric columns (one with missing values) and a six-level categorical one.
  static func frame(seed: Int) throws -> DataFrame {
    var rng = SeededRNG(seed: seed)
    let n = 2500
    var cols = [[Double]](repeating: [], count: 8)
    var x3 = [Double?](), color = [String](), y = [Int](), z = [Double]()
    for _ in 0..<n {
      let v = (0..<8).map { _ in rng.normal() }
      let c = ["a", "b", "c", "d", "e", "f"][rng.int(below: 6)]
      let miss = rng.bernoulli(0.15)
      let eta = v[0] + 0.7 * v[1] * v[2] + (c == "b" ? 1 : c == "e" ? -0.8 : 0) + (miss ? 0.9 : 0.3 * v[3])
      for k in 0..<8 { cols[k].append(v[k]) }
      x3.append(miss ? nil : v[3])
      color.append(c)
      y.append(rng.bernoulli(1 / (1 + _exp(-eta))) ? 1 : 0)
      z.append(eta + 0.5 * rng.normal())
    }
    var columns = [Column(name: "y", ints: y), Column(name: "z", floats: z), Column(name: "x3", floats: x3)]
    for k in 0..<8 where k != 3 { columns.append(Column(name: "x\(k)", floats: cols[k])) }
    columns.append(Column(name: "color", strings: color))
    return try DataFrame(columns: columns)
  }

  /// The binned design of `y ~ …` (or `z ~ …`) and its outcome.
  static func design(_ outcome: String, task: ModelTask) throws -> (BinnedMatrix, [Double]) {
    let df = try frame(seed: 31)
    var o = GradientBoostingOptions()
    o.rounds = 1
    let f = try Formula(parsing: "\(outcome) ~ x0 + x1 + x2 + x3 + x4 + x5 + x6 + x7 + color")
    let m = try GradientBoosting.fit(f, on: df, task: task, options: o)
    let data = try m.design.data(df)
    return (m.binner.bin(data.x), try #require(data.y))
  }

  static func boosted(
    _ binned: BinnedMatrix, _ y: [Double], _ objective: BoostingObjective, _ o: GradientBoostingOptions,
    rows: [Int32]?, threads: Int, chunk: Int, fused: Bool
  ) throws -> [Tree] {
    try GradientBoosting.boost(
      binned: binned, rows: rows, y: y, weights: [Double](repeating: 1, count: y.count), valid: nil,
      objective: objective, options: o, execution: ExecutionOptions(threads: threads, histogramChunkRows: chunk),
      fusedSplitStep: fused
    ).trees
  }

  /// Option sets: all features (contiguous slots), and a per-tree feature subset (non-contiguous) with
  /// bagging.
  static var optionSets: [GradientBoostingOptions] {
    var plain = GradientBoostingOptions()
    plain.rounds = 12
    plain.numLeaves = 15
    plain.minDataInLeaf = 5
    var subset = plain
    subset.featureFraction = 0.7
    subset.baggingFraction = 0.8
    subset.baggingFreq = 2
    return [plain, subset]
  }

  @Test(arguments: [200, 64, 16_384])
  func fusedStepGrowsTheReferenceTrees(chunk: Int) throws {
    // Chunks of 200 rows: nodes from 25 rows run in parallel parts and nodes from 400 rows fill row-chunk
    // partials first; 64 rows: many chunks (up to 16) per node; 16,384: one chunk, parallel from 2,048 rows.
    for (outcome, task, objective) in [
      ("y", ModelTask.classification, BoostingObjective.binary), ("z", .regression, .regression),
    ] {
      let (binned, y) = try Self.design(outcome, task: task)
      for o in Self.optionSets {
        let reference = try Self.boosted(binned, y, objective, o, rows: nil, threads: 1, chunk: chunk, fused: false)
        #expect(reference.count == o.rounds)
        #expect(reference.allSatisfy { $0.nodeCount > 1 })
        for threads in [1, 2, 3, 0] {
          let fused = try Self.boosted(binned, y, objective, o, rows: nil, threads: threads, chunk: chunk, fused: true)
          #expect(fused == reference, "\(outcome), chunk \(chunk), threads \(threads), fraction \(o.featureFraction)")
        }
      }
    }
  }

  @Test func fusedStepOnARowSubsetGrowsTheReferenceTrees() throws {
    let (binned, y) = try Self.design("y", task: .classification)
    let rows = (0..<Int32(binned.rows)).filter { $0 % 5 != 2 }
    let o = Self.optionSets[0]
    let reference = try Self.boosted(binned, y, .binary, o, rows: rows, threads: 1, chunk: 100, fused: false)
    let fused = try Self.boosted(binned, y, .binary, o, rows: rows, threads: 0, chunk: 100, fused: true)
    #expect(reference.count == o.rounds)
    #expect(fused == reference)
  }
}
