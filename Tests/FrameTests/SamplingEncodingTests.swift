import Frame
import Testing

@Suite("Sampling and splitting")
struct SamplingTests {
  func numbered(_ n: Int) throws -> DataFrame {
    try DataFrame(columns: [
      Column(name: "id", ints: Array(0..<n)),
      Column(name: "y", strings: (0..<n).map { $0 % 10 < 3 ? "Yes" : "No" }),
    ])
  }

  @Test func sampleIsSeededAndSized() throws {
    let df = try numbered(100)
    let a = try df.sample(n: 10, fraction: nil, replace: false, seed: 1)
    let b = try df.sample(n: 10, fraction: nil, replace: false, seed: 1)
    let c = try df.sample(n: 10, fraction: nil, replace: false, seed: 2)
    #expect(try cells(a, "id") == cells(b, "id"))
    #expect(try cells(a, "id") != cells(c, "id"))
    #expect(Set(try cells(a, "id").compactMap(num)).count == 10)
    #expect(try df.sample(n: nil, fraction: 0.25, replace: false, seed: 3).rowCount == 25)
    let boot = try df.sample(n: nil, fraction: 2, replace: true, seed: 3)
    #expect(boot.rowCount == 200)
    #expect(throws: FrameError.self) { try df.sample(n: 101, fraction: nil, replace: false, seed: 1) }
    #expect(throws: FrameError.self) { try df.sample(n: 5, fraction: 0.5, replace: false, seed: 1) }
    #expect(throws: FrameError.self) { try df.sample(n: nil, fraction: nil, replace: false, seed: 1) }
    #expect(throws: FrameError.self) { try df.sample(n: nil, fraction: 1.5, replace: false, seed: 1) }
  }

  @Test func stratifiedSplitKeepsProportions() throws {
    let df = try numbered(1000)  // 300 Yes, 700 No
    let s = try df.trainTestSplit(testFraction: 0.3, stratify: "y", seed: 42)
    #expect(s.test.rowCount == 300)
    #expect(s.train.rowCount == 700)
    let testYes = try cells(s.test, "y").filter { $0 == .string("Yes") }.count
    #expect(testYes == 90)  // round(0.3 * 300)
    // Original order kept and the two sets partition the rows.
    let ids = try cells(s.train, "id").compactMap(num) + cells(s.test, "id").compactMap(num)
    #expect(Set(ids).count == 1000)
    let testIDs = try cells(s.test, "id").compactMap(num)
    #expect(testIDs == testIDs.sorted())
  }

  @Test func splitIsDeterministic() throws {
    let df = try numbered(200)
    let a = try df.trainTestSplit(testFraction: 0.25, stratify: "y", seed: 7)
    let b = try df.trainTestSplit(testFraction: 0.25, stratify: "y", seed: 7)
    let c = try df.trainTestSplit(testFraction: 0.25, stratify: "y", seed: 8)
    #expect(try cells(a.test, "id") == cells(b.test, "id"))
    #expect(try cells(a.test, "id") != cells(c.test, "id"))
    let plain = try df.trainTestSplit(testFraction: 0.25, seed: 7)
    #expect(plain.test.rowCount == 50)
  }

  @Test func splitErrors() throws {
    let df = try numbered(10)
    #expect(throws: FrameError.self) { try df.trainTestSplit(testFraction: 0, seed: 1) }
    #expect(throws: FrameError.self) { try df.trainTestSplit(testFraction: 1, seed: 1) }
    #expect(throws: FrameError.self) { try df.trainTestSplit(testFraction: 0.01, seed: 1) }
    #expect(throws: FrameError.self) { try df.trainTestSplit(testFraction: 0.99, seed: 1) }
    #expect(throws: FrameError.self) { try df.trainTestSplit(testFraction: 0.3, stratify: "nope", seed: 1) }
  }
}

@Suite("Encodings")
struct EncodingTests {
  @Test func oneHotSortedLevelsInPlace() throws {
    let df = try sampleFrame()
    let o = try df.oneHot(["g"])
    #expect(o.columnNames == ["g_a", "g_b", "k", "x", "n", "b"])
    #expect(try cells(o, "g_a") == [.bool(true), .bool(false), .bool(true), .missing, .bool(false), .bool(true)])
    let d = try df.oneHot(["g", "k"], dropFirst: true)
    #expect(d.columnNames == ["g_b", "k_2", "x", "n", "b"])
    let bools = try df.oneHot(["b"])
    #expect(bools.columnNames.suffix(2) == ["b_false", "b_true"])
    #expect(throws: FrameError.self) { try df.oneHot(["x"]) }
    #expect(throws: FrameError.self) { try df.oneHot(["zz"]) }
  }

  @Test func labelEncodingUsesSortOrder() throws {
    let df = try DataFrame(columns: [Column(name: "c", strings: ["Two year", "Month-to-month", nil, "One year"])])
    let e = try df.labelEncoded(["c"])
    #expect(try cells(e, "c") == [.int(2), .int(0), .missing, .int(1)])
    #expect(throws: FrameError.self) { try sampleFrame().labelEncoded(["x"]) }
  }

  @Test func standardizeGivesZScores() throws {
    let df = try sampleFrame()
    let s = try df.standardized(["x"])
    let z = try s.column("x")
    #expect(close(z.mean(), 0, 1e-12))
    #expect(close(z.sd(), 1))
    #expect(z.isMissing(2))
    let constant = try DataFrame(columns: [Column(name: "c", floats: [2, 2, 2])])
    #expect(throws: FrameError.self) { try constant.standardized(["c"]) }
    #expect(throws: FrameError.self) { try df.standardized(["g"]) }
  }
}

@Suite("Joins and concatenation")
struct CombineTests {
  func left() throws -> DataFrame {
    try DataFrame(columns: [
      Column(name: "id", ints: [1, 2, 3, 0], valid: [true, true, true, false]),
      Column(name: "v", strings: ["a", "b", "c", "d"]),
    ])
  }

  func right() throws -> DataFrame {
    try DataFrame(columns: [
      Column(name: "id", floats: [2, 1, 2, nil]),
      Column(name: "v", floats: [20, 10, 21, 99]),
      Column(name: "w", bools: [true, false, true, true]),
    ])
  }

  @Test func innerJoinMatchesAndRepeats() throws {
    let j = try left().joined(right(), on: ["id"], kind: .inner)
    #expect(j.columnNames == ["id", "v", "v_right", "w"])
    #expect(try cells(j, "id") == [.int(1), .int(2), .int(2)])
    #expect(try cells(j, "v") == [.string("a"), .string("b"), .string("b")])
    #expect(try cells(j, "v_right") == [.float(10), .float(20), .float(21)])
  }

  @Test func leftJoinKeepsUnmatchedAndMissingKeysNeverMatch() throws {
    let j = try left().joined(right(), on: ["id"], kind: .left)
    #expect(try cells(j, "v") == ["a", "b", "b", "c", "d"].map { CellValue.string($0) })
    #expect(try cells(j, "v_right") == [.float(10), .float(20), .float(21), .missing, .missing])
    #expect(try cells(j, "w") == [.bool(false), .bool(true), .bool(true), .missing, .missing])
  }

  @Test func multiKeyTextJoin() throws {
    let a = try DataFrame(columns: [
      Column(name: "c", strings: ["x", "x", "y"]), Column(name: "k", ints: [1, 2, 1]),
      Column(name: "p", floats: [1, 2, 3]),
    ])
    let b = try DataFrame(columns: [
      Column(name: "k", ints: [1, 1]), Column(name: "c", strings: ["y", "x"]),
      Column(name: "q", strings: ["Y1", "X1"]),
    ])
    let j = try a.joined(b, on: ["c", "k"], kind: .left)
    #expect(try cells(j, "q") == [.string("X1"), .missing, .string("Y1")])
    #expect(throws: FrameError.self) { try a.joined(b, on: ["p"], kind: .inner) }
    let textVsNumber = try DataFrame(columns: [Column(name: "k", strings: ["1"])])
    #expect(throws: FrameError.self) { try a.joined(textVsNumber, on: ["k"], kind: .inner) }
  }

  @Test func concatRowsMergesLevelsAndTypes() throws {
    let a = try DataFrame(columns: [Column(name: "x", ints: [1, 2]), Column(name: "s", strings: ["p", "q"])])
    let b = try DataFrame(columns: [Column(name: "s", strings: ["r", nil]), Column(name: "x", floats: [2.5, nil])])
    let c = try concatRows([a, b])
    #expect(c.columnNames == ["x", "s"])
    #expect(try cells(c, "x") == [.float(1), .float(2), .float(2.5), .missing])
    #expect(try cells(c, "s") == [.string("p"), .string("q"), .string("r"), .missing])
    let bad = try DataFrame(columns: [Column(name: "x", ints: [1])])
    #expect(throws: FrameError.self) { try concatRows([a, bad]) }
    let textX = try DataFrame(columns: [Column(name: "x", strings: ["1"]), Column(name: "s", strings: ["p"])])
    #expect(throws: FrameError.self) { try concatRows([a, textX]) }
  }
}
