import Frame
import Stats
import Testing

@Suite("Grouping and summaries")
struct GroupingTests {
  @Test func groupsAreSortedWithMissingKeyLast() throws {
    let g = try sampleFrame().grouped(by: ["g"])
    #expect(g.groupCount == 3)
    #expect(try cells(g.keys, "g") == [.string("a"), .string("b"), .missing])
    #expect(g.groups == [[0, 2, 5], [1, 4], [3]])
  }

  @Test func summarizeMatchesHandComputation() throws {
    let g = try sampleFrame().grouped(by: ["g"])
    let s = try g.summarize([
      Aggregation(name: "rows", function: .count),
      Aggregation(name: "mean_x", function: .mean("x")),
      Aggregation(name: "sum_n", function: .sum("n")),
      Aggregation(name: "sd_x", function: .sd("x")),
      Aggregation(name: "miss_x", function: .nMissing("x")),
      Aggregation(name: "share_b", function: .share("b")),
      Aggregation(name: "med_n", function: .median("n")),
      Aggregation(name: "q_n", function: .quantile("n", 0.25)),
      Aggregation(name: "min_x", function: .min("x")),
      Aggregation(name: "max_n", function: .max("n")),
      Aggregation(name: "k_distinct", function: .nDistinct("k")),
      Aggregation(name: "sum_b", function: .sum("b")),
    ])
    #expect(s.columnNames.first == "g")
    #expect(try cells(s, "rows") == [.int(3), .int(2), .int(1)])
    #expect(try cells(s, "mean_x") == [.float(3.5), .float(3.5), .float(4)])
    #expect(try cells(s, "sum_n") == [.int(100), .int(50), .int(40)])
    let sd = try cells(s, "sd_x")
    #expect(close(num(sd[0]), 12.5.squareRoot()) && close(num(sd[1]), 4.5.squareRoot()) && sd[2] == .missing)
    #expect(try cells(s, "miss_x") == [.int(1), .int(0), .int(0)])
    let share = try cells(s, "share_b")
    #expect(close(num(share[0]), 2.0 / 3) && share[1] == .float(0.5) && share[2] == .missing)
    #expect(try cells(s, "med_n") == [.float(30), .float(50), .float(40)])
    #expect(try cells(s, "q_n") == [.float(20), .float(50), .float(40)])
    #expect(try cells(s, "min_x") == [.float(1), .float(2), .float(4)])
    #expect(try cells(s, "max_n") == [.int(60), .int(50), .int(40)])
    #expect(try cells(s, "k_distinct") == [.int(2), .int(1), .int(1)])
    #expect(try cells(s, "sum_b") == [.int(2), .int(1), .int(0)])
  }

  @Test func twoKeysAndTextExtremes() throws {
    let df = try sampleFrame()
    let s = try df.grouped(by: ["g", "k"]).summarize([Aggregation(name: "n", function: .count)])
    #expect(try cells(s, "g") == [.string("a"), .string("a"), .string("b"), .missing])
    #expect(try cells(s, "k") == [.int(1), .int(2), .int(1), .int(2)])
    #expect(try cells(s, "n") == [.int(2), .int(1), .int(2), .int(1)])
    let t = try df.grouped(by: ["k"]).summarize([
      Aggregation(name: "first", function: .min("g")), Aggregation(name: "last", function: .max("g")),
    ])
    #expect(try cells(t, "first") == [.string("a"), .string("a")])
    #expect(try cells(t, "last") == [.string("b"), .string("a")])
  }

  @Test func groupingByFloatAndBoolKeys() throws {
    let df = try sampleFrame()
    let byX = try df.grouped(by: ["x"])
    #expect(try cells(byX.keys, "x") == [.float(1), .float(2), .float(4), .float(5), .float(6), .missing])
    let byB = try df.grouped(by: ["b"]).summarize([Aggregation(name: "n", function: .count)])
    #expect(try cells(byB, "b") == [.bool(false), .bool(true), .missing])
    #expect(try cells(byB, "n") == [.int(2), .int(3), .int(1)])
  }

  @Test func wideIntegerKeys() throws {
    let df = try DataFrame(columns: [
      Column(name: "id", ints: [Int.max, Int.min, 0, Int.max, 5]),
      Column(name: "v", floats: [1, 2, 3, 4, 5]),
    ])
    let s = try df.grouped(by: ["id"]).summarize([Aggregation(name: "total", function: .sum("v"))])
    #expect(try cells(s, "id") == [.int(Int.min), .int(0), .int(5), .int(Int.max)])
    #expect(try cells(s, "total") == [.float(2), .float(3), .float(5), .float(5)])
  }

  @Test func summarizeErrors() throws {
    let g = try sampleFrame().grouped(by: ["g"])
    #expect(
      csvError { try g.summarize([Aggregation(name: "m", function: .mean("g"))]) }
        == "column 'g' is string but a numeric column for mean is needed")
    #expect(
      csvError { try g.summarize([Aggregation(name: "m", function: .mean("xx"))]) }
        == "unknown column 'xx' (did you mean 'x'?)")
    #expect(csvError { try g.summarize([Aggregation(name: "g", function: .count)]) } != nil)
    #expect(csvError { try g.summarize([Aggregation(name: "q", function: .quantile("x", 2))]) } != nil)
    #expect(csvError { try sampleFrame().grouped(by: ["nope"]) } != nil)
  }

  @Test func largeGroupingAgreesWithNaiveLoop() throws {
    var rng = SeededRNG(seed: 11)
    let n = 20_000
    let a = (0..<n).map { _ in ["x", "y", "z"][rng.int(below: 3)] }
    let b = (0..<n).map { _ in rng.int(below: 5) }
    let v = (0..<n).map { i -> Double? in i % 17 == 0 ? nil : rng.normal() }
    let df = try DataFrame(columns: [
      Column(name: "a", strings: a), Column(name: "b", ints: b), Column(name: "v", floats: v),
    ])
    let s = try df.grouped(by: ["a", "b"]).summarize([Aggregation(name: "m", function: .mean("v"))])
    #expect(s.rowCount == 15)
    for r in 0..<s.rowCount {
      guard case .string(let ka) = s.row(r)[0], case .int(let kb) = s.row(r)[1] else {
        Issue.record("keys")
        continue
      }
      let vals = (0..<n).compactMap { a[$0] == ka && b[$0] == kb ? v[$0] : nil }
      #expect(close(num(s.row(r)[2]), vals.reduce(0, +) / Double(vals.count), 1e-9))
    }
  }
}

@Suite("Counting")
struct CountingTests {
  @Test func valueCountsSortedByCountThenValue() throws {
    let df = try sampleFrame()
    let v = try df.valueCounts("g")
    #expect(v.columnNames == ["g", "count", "share"])
    #expect(try cells(v, "g") == [.string("a"), .string("b"), .missing])
    #expect(try cells(v, "count") == [.int(3), .int(2), .int(1)])
    #expect(try cells(v, "share") == [.float(0.5), .float(2.0 / 6), .float(1.0 / 6)])
    let k = try df.valueCounts("k", normalize: true)
    #expect(k.columnNames == ["k", "share"])
    #expect(try cells(k, "k") == [.int(1), .int(2)])
    let tie = try DataFrame(columns: [Column(name: "t", strings: ["b", "a", "b", "a", "c"])])
    #expect(try cells(tie.valueCounts("t"), "t") == [.string("a"), .string("b"), .string("c")])
  }

  @Test func crosstabCountsAndShares() throws {
    let df = try sampleFrame()
    let t = try df.crosstab("g", "k")
    #expect(t.columnNames == ["g", "1", "2"])
    #expect(try cells(t, "g") == [.string("a"), .string("b"), .missing])
    #expect(try cells(t, "1") == [.int(2), .int(2), .int(0)])
    #expect(try cells(t, "2") == [.int(1), .int(0), .int(1)])
    let r = try df.crosstab("g", "k", normalize: .row)
    #expect(try cells(r, "1") == [.float(2.0 / 3), .float(1), .float(0)])
    let c = try df.crosstab("g", "k", normalize: .column)
    #expect(try cells(c, "2") == [.float(0.5), .float(0), .float(0.5)])
    let a = try df.crosstab("g", "k", normalize: .all)
    #expect(try cells(a, "1") == [.float(2.0 / 6), .float(2.0 / 6), .float(0)])
    let withMissingColumn = try df.crosstab("k", "g")
    #expect(withMissingColumn.columnNames == ["k", "a", "b", "NA"])
  }
}

@Suite("Size guards")
struct SizeGuardTests {
  @Test func hugeCrosstabAndSampleAreErrors() throws {
    let n = 5_000
    let df = try DataFrame(columns: [Column(name: "a", ints: Array(0..<n)), Column(name: "b", ints: Array(0..<n))])
    #expect(csvError { try df.crosstab("a", "b") }?.contains("too large") == true)
    #expect(
      csvError { try df.sample(n: Int.max, fraction: nil, replace: true, seed: 1) }?.contains("too large") == true)
  }
}
