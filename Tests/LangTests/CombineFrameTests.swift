import Lang
import Testing

/// `bind_rows` and the join family with keys of different names and the join report.
@Suite("Combining frames")
struct CombineFrameTests {
  /// l: id 1 2 3 3 NA, v a b c d e;  r: key 2 3 4 4, w 20 30 40 41.
  func interp() throws -> Interpreter {
    let i = Interpreter()
    i.define(
      "l",
      .frame(
        try DataFrame(columns: [
          Column(name: "id", storage: .int([1, 2, 3, 3, 0]), valid: [true, true, true, true, false]),
          Column(name: "v", strings: ["a", "b", "c", "d", "e"]),
        ])))
    i.define(
      "r",
      .frame(
        try DataFrame(columns: [
          Column(name: "key", ints: [2, 3, 4, 4]),
          Column(name: "w", floats: [20, 30, 40, 41]),
        ])))
    return i
  }

  func cells(_ f: DataFrame, _ n: String) -> [CellValue] { (0..<f.rowCount).map { f[n]!.value(at: $0) } }

  @Test func joinKinds() throws {
    let i = try interp()
    func join(_ kind: String) throws -> DataFrame {
      try #require(try eval("l |> join r by: {id: key}, kind: \"\(kind)\"", in: i).frame)
    }
    let inner = try join("inner")
    #expect(cells(inner, "v") == ["b", "c", "d"].map { CellValue.string($0) })
    #expect(cells(inner, "w") == [.float(20), .float(30), .float(30)])
    let left = try join("left")
    #expect(left.rowCount == 5)
    #expect(cells(left, "w") == [.missing, .float(20), .float(30), .float(30), .missing])
    let right = try join("right")
    // Matches in left order (2, 3, 3), then right rows without a match (4, 4) with their keys.
    #expect(cells(right, "id") == [2, 3, 3, 4, 4].map { CellValue.int($0) })
    #expect(cells(right, "v") == [.string("b"), .string("c"), .string("d"), .missing, .missing])
    let outer = try join("outer")
    #expect(outer.rowCount == 7)
    #expect(cells(outer, "id") == [.int(1), .int(2), .int(3), .int(3), .missing, .int(4), .int(4)])
    let semi = try join("semi")
    #expect(semi.columnNames == ["id", "v"])
    #expect(cells(semi, "v") == ["b", "c", "d"].map { CellValue.string($0) })
    let anti = try join("anti")
    #expect(cells(anti, "v") == ["a", "e"].map { CellValue.string($0) })
  }

  @Test func joinReportAndErrors() throws {
    let i = try interp()
    var out: [String] = []
    i.output = { out.append($0) }
    try i.run(SourceFile(name: "t", text: "let j = l |> join r by: {id: key}, kind: \"left\", report: true"))
    let text = try #require(out.first)
    #expect(text.contains("left rows without a match") && text.contains("2 (e.g. id=1, id=NA)"))
    #expect(text.contains("right rows without a match") && text.contains("2 (e.g. id=4, id=4)"))
    #expect(text.contains("keys repeated on the right") && text.contains("1 (e.g. id=4)"))
    let missing = try #require(errorText("l |> join r by: {id: nope}", setup: { try self.copy(into: $0) }))
    #expect(missing.contains("join key 'nope' is not a column of the right-hand frame"))
    let types = try #require(errorText("l |> join r by: {v: key}", setup: { try self.copy(into: $0) }))
    #expect(types.contains("is text on the left but int on the right"))
  }

  @Test func manyToManyWarns() throws {
    let i = try interp()
    var warnings: [String] = []
    i.diagnosticOutput = { warnings.append($0) }
    _ = try eval("l |> join (r |> rename key: id) on: id", in: i)
    #expect(warnings.isEmpty)  // 3 repeats on the left only, 4 on the right only: no key repeats on both
    _ = try eval("l |> join (bind_rows(r, r) |> rename key: id) on: id", in: i)
    #expect(warnings.contains { $0.contains("many-to-many") })
  }

  @Test func bindRowsByName() throws {
    let i = try interp()
    let f = try #require(
      try eval(
        """
        let a = l |> mutate x = 1
        let b = r |> rename key: id |> mutate v = "z"
        bind_rows(a, b, id: "src")
        """, in: i
      ).frame)
    #expect(f.columnNames == ["id", "v", "x", "src", "w"])
    #expect(f.rowCount == 9)
    #expect(cells(f, "x").suffix(4) == [.missing, .missing, .missing, .missing])
    #expect(cells(f, "w").prefix(5) == [.missing, .missing, .missing, .missing, .missing])
    #expect(cells(f, "src") == [1, 1, 1, 1, 1, 2, 2, 2, 2].map { CellValue.int($0) })
    let bad = try #require(errorText("bind_rows(l, (r |> rename key: id, w: v))", setup: { try self.copy(into: $0) }))
    #expect(bad.contains("column 'v' is text in frame 1 but float in frame 2"))
  }

  func copy(into interp: Interpreter) throws {
    let src = try self.interp()
    for n in ["l", "r"] { interp.define(n, src.value(of: n)!) }
  }
}
