import Frame
import Testing

@Suite("Column statistics")
struct ColumnStatisticsTests {
  @Test func basicStatisticsSkipMissing() {
    let c = Column(name: "x", floats: [1, nil, 2, 3, nil, 10])
    #expect(c.sum() == 16)
    #expect(c.mean() == 4)
    #expect(close(c.sd(), (((9.0 + 4 + 1 + 36) / 3)).squareRoot()))
    #expect(c.min() == 1)
    #expect(c.max() == 10)
    #expect(c.median() == 2.5)
    #expect(c.nDistinct == 4)
    #expect(c.nonMissingCount == 4)
  }

  @Test func quantilesInterpolateLikeNumpy() {
    // numpy.quantile([1, 2, 3, 4, 10], [0, .1, .25, .5, .9, 1]) = [1, 1.4, 2, 3, 7.6, 10]
    let c = Column(name: "x", ints: [4, 10, 1, 3, 2])
    let expected: [Double] = [1, 1.4, 2, 3, 7.6, 10]
    for (q, e) in zip([0, 0.1, 0.25, 0.5, 0.9, 1], expected) { #expect(close(c.quantile(q), e), "q=\(q)") }
    #expect(c.quantile(1.5) == nil)
    #expect(c.quantile(-0.1) == nil)
  }

  @Test func emptyAndTextColumns() {
    let empty = Column(name: "e", floats: [Double?](repeating: nil, count: 3))
    #expect(empty.mean() == nil)
    #expect(empty.sum() == 0)
    #expect(empty.sd() == nil)
    #expect(empty.quantile(0.5) == nil)
    let one = Column(name: "o", floats: [5])
    #expect(one.sd() == nil)
    let text = Column(name: "t", strings: ["a", "b", "a"])
    #expect(text.mean() == nil)
    #expect(text.min() == nil)
    #expect(text.nDistinct == 2)
    let bools = Column(name: "b", bools: [true, false, true, true])
    #expect(bools.mean() == 0.75)
  }

  @Test func compensatedSumKeepsDigits() {
    let c = Column(name: "x", floats: [1e16, 1, -1e16, 1])
    #expect(c.sum() == 2)
  }

  @Test func nDistinctIgnoresUnusedLevels() throws {
    let df = try DataFrame(columns: [Column(name: "g", strings: ["a", "b", "c"])])
    let kept = df.filter([true, false, true])
    #expect(try kept.column("g").nDistinct == 2)
  }
}

@Suite("Binning")
struct BinningTests {
  @Test func cutMakesReadableLeftClosedBins() throws {
    let c = Column(
      name: "tenure", ints: [0, 5, 6, 12, 72, 73, -1, 3], valid: [true, true, true, true, true, true, true, false])
    let b = try c.cut(breaks: [0, 6, 12, 72])
    #expect(b.type == .string)
    #expect(b.levelsOrdered)
    #expect(b.string(at: 0) == "[0, 6)")
    #expect(b.string(at: 1) == "[0, 6)")
    #expect(b.string(at: 2) == "[6, 12)")
    #expect(b.string(at: 3) == "[12, 72]")
    #expect(b.string(at: 4) == "[12, 72]")
    #expect(b.isMissing(5))  // above the last break
    #expect(b.isMissing(6))  // below the first break
    #expect(b.isMissing(7))  // missing stays missing
    let labelled = try c.cut(breaks: [0, 12, 72], labels: ["new", "old"])
    #expect(labelled.string(at: 3) == "old")
  }

  @Test func cutRejectsBadBreaks() {
    let c = Column(name: "x", floats: [1, 2])
    #expect(throws: FrameError.self) { try c.cut(breaks: [1]) }
    #expect(throws: FrameError.self) { try c.cut(breaks: [1, 1, 2]) }
    #expect(throws: FrameError.self) { try c.cut(breaks: [0, 1, 2], labels: ["a"]) }
    #expect(throws: FrameError.self) { try Column(name: "t", strings: ["a"]).cut(breaks: [0, 1]) }
  }

  @Test func qcutLabelsAndBalance() throws {
    let c = Column(name: "x", ints: Array(0..<12))
    let q = try c.qcut(4)
    // Edges: 0, 2.75, 5.5, 8.25, 11 (linear interpolation).
    #expect(q.string(at: 0) == "Q1 [0, 2.75]")
    #expect(q.string(at: 2) == "Q1 [0, 2.75]")
    #expect(q.string(at: 3) == "Q2 (2.75, 5.5]")
    #expect(q.string(at: 11) == "Q4 (8.25, 11]")
    let counts = try DataFrame(columns: [q]).valueCounts("x")
    #expect(try cells(counts, "count") == [.int(3), .int(3), .int(3), .int(3)])
  }

  @Test func qcutDropsDuplicateEdgesFromTies() throws {
    // 70% zeros: the 0, 1/4 and 1/2 quantiles are all 0, so those edges merge.
    let values: [Int?] = [0, 0, 0, 0, 0, 0, 0, 5, 9, 20, nil]
    let c = Column(name: "x", ints: values.map { $0 ?? 0 }, valid: values.map { $0 != nil })
    let q = try c.qcut(4)
    guard case .string(_, let levels) = q.storage else {
      Issue.record("not text")
      return
    }
    #expect(levels == ["Q1 [0, 3.75]", "Q2 (3.75, 20]"])
    #expect(q.string(at: 0) == "Q1 [0, 3.75]")
    #expect(q.string(at: 9) == "Q2 (3.75, 20]")
    #expect(q.isMissing(10))
    let constant = try Column(name: "c", floats: [3, 3, 3]).qcut(3)
    #expect(constant.string(at: 1) == "Q1 [3, 3]")
  }

  @Test func qcutErrors() {
    #expect(throws: FrameError.self) { try Column(name: "x", floats: [1, 2]).qcut(0) }
    #expect(throws: FrameError.self) { try Column(name: "x", floats: [nil, nil]).qcut(2) }
  }

  @Test func binsSortAndGroupInBinOrder() throws {
    let c = Column(name: "x", ints: [30, 1, 15, 8])
    let df = try DataFrame(columns: [try c.cut(breaks: [0, 6, 12, 24, 48])])
    let g = try df.grouped(by: ["x"])
    #expect(
      try cells(g.keys, "x") == [.string("[0, 6)"), .string("[6, 12)"), .string("[12, 24)"), .string("[24, 48]")])
  }

  @Test func compactNumberIsReadable() {
    #expect(compactNumber(6) == "6")
    #expect(compactNumber(35.650000000000006) == "35.65")
    #expect(compactNumber(-0.5) == "-0.5")
    #expect(compactNumber(1e20) == "1e+20")
  }
}
