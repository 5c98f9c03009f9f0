import Lang
import Testing

/// Window functions over the frame and within groups. Expected values follow dplyr 1.1's documented
/// semantics (min_rank, dense_rank, percent_rank, ntile, cumsum, lag/lead), worked out by hand on
/// these small inputs.
@Suite("Window functions")
struct WindowFunctionTests {
  /// A frame x = 3 1 NA 3 2, g = a b a a b, o = 5 4 3 2 1.
  func cells(_ expr: String) throws -> [CellValue] {
    let interp = Interpreter()
    interp.define(
      "w",
      .frame(
        try DataFrame(columns: [
          Column(name: "x", floats: [3, 1, nil, 3, 2]),
          Column(name: "g", strings: ["a", "b", "a", "a", "b"]),
          Column(name: "o", ints: [5, 4, 3, 2, 1]),
        ])))
    guard let f = try eval("w |> mutate k = \(expr)", in: interp).frame, let c = f["k"] else {
      throw LangError("no result")
    }
    return (0..<c.count).map { c.value(at: $0) }
  }

  func ints(_ xs: [Int?]) -> [CellValue] { xs.map { $0.map { .int($0) } ?? .missing } }
  func floats(_ xs: [Double?]) -> [CellValue] { xs.map { $0.map { .float($0) } ?? .missing } }

  @Test func ranksFollowDplyr() throws {
    // x = 3 1 NA 3 2: min_rank 3 1 NA 3 2; dense 3 1 NA 3 2; row_number(x) 3 1 NA 4 2.
    #expect(try cells("rank(x)") == ints([3, 1, nil, 3, 2]))
    #expect(try cells("dense_rank(x)") == ints([3, 1, nil, 3, 2]))
    #expect(try cells("row_number(x)") == ints([3, 1, nil, 4, 2]))
    #expect(try cells("row_number()") == ints([1, 2, 3, 4, 5]))
    #expect(try cells("row_number(order_by: o)") == ints([5, 4, 3, 2, 1]))
    // percent_rank = (min_rank - 1) / (4 - 1).
    #expect(try cells("percent_rank(x)") == floats([2.0 / 3, 0, nil, 2.0 / 3, 1.0 / 3]))
    // ntile(x, 2) on 4 values: row_number 3 1 . 4 2 -> buckets of 2: 2 1 NA 2 1.
    #expect(try cells("ntile(x, 2)") == ints([2, 1, nil, 2, 1]))
    // ntile(o, 3) on 5 values (5 4 3 2 1): sizes 2, 2, 1 -> ranks 1,2 -> 1; 3,4 -> 2; 5 -> 3.
    #expect(try cells("ntile(o, 3)") == ints([3, 2, 2, 1, 1]))
    #expect(try cells("dense_rank(g)") == ints([1, 2, 1, 1, 2]))
  }

  @Test func runningTotalsStopAtMissing() throws {
    #expect(try cells("cumsum(o)") == ints([5, 9, 12, 14, 15]))
    #expect(try cells("cumsum(x)") == floats([3, 4, nil, nil, nil]))
    #expect(try cells("cummean(o)") == floats([5, 4.5, 4, 3.5, 3]))
    // In order o (rows 5, 4, 3, 2, 1): o's running sum read back in frame order.
    #expect(try cells("cumsum(o, order_by: o)") == ints([15, 10, 6, 3, 1]))
  }

  @Test func lagAndLead() throws {
    #expect(try cells("lag(o)") == ints([nil, 5, 4, 3, 2]))
    #expect(try cells("lead(o, n: 2, default: 0)") == ints([3, 2, 1, 0, 0]))
    #expect(
      try cells("lag(g, default: \"-\")")
        == ["-", "a", "b", "a", "a"].map { CellValue.string($0) })
    #expect(try cells("lag(o, order_by: o)") == ints([4, 3, 2, 1, nil]))
    #expect(try cells("lag(o, n: 0)") == ints([5, 4, 3, 2, 1]))
  }

  @Test func windowsRunWithinGroups() throws {
    // Groups a = rows 1, 3, 4 (o 5, 3, 2); b = rows 2, 5 (o 4, 1).
    #expect(try cells("row_number()").count == 5)
    let interp = Interpreter()
    interp.define(
      "w",
      .frame(
        try DataFrame(columns: [
          Column(name: "g", strings: ["a", "b", "a", "a", "b"]),
          Column(name: "o", ints: [5, 4, 3, 2, 1]),
        ])))
    let f = try #require(
      try eval(
        """
        w |> group g |> mutate n = row_number(), s = cumsum(o), p = lag(o), r = rank(o) |> ungroup
        """, in: interp
      ).frame)
    func col(_ n: String) -> [CellValue] { (0..<5).map { f[n]!.value(at: $0) } }
    #expect(col("n") == ints([1, 1, 2, 3, 2]))
    #expect(col("s") == ints([5, 4, 8, 10, 5]))
    #expect(col("p") == ints([nil, nil, 5, 3, 4]))
    #expect(col("r") == ints([3, 2, 2, 1, 1]))
    let firsts = try #require(try eval("w |> group g |> filter row_number() == 1 |> ungroup", in: interp).frame)
    #expect(firsts.rowCount == 2)
  }

  @Test func windowErrorsAreClear() throws {
    #expect(errorText("row_number()")?.contains("use it inside mutate or filter") == true)
    #expect(errorText("let w = 1\nlag([1, 2], n: -1)")?.contains("n: must be a whole number") == true)
    #expect(errorText("lag([1, 2], default: \"x\")")?.contains("does not match") == true)
    #expect(errorText("ntile([1, 2], 0)")?.contains("at least 1") == true)
  }
}
