import Lang
import Testing

/// `pivot_longer`, `pivot_wider`, `slice` through the language; ranges `a:b`; the `for` statement.
@Suite("Reshaping, slices, ranges and loops")
struct ReshapeLoopTests {
  func ints(_ v: Value) -> [Int] {
    guard case .list(let xs) = v else { return [] }
    return xs.compactMap { if case .int(let i) = $0 { i } else { nil } }
  }

  @Test func rangesCountUpAndDown() throws {
    #expect(ints(try eval("1:5")) == [1, 2, 3, 4, 5])
    #expect(ints(try eval("3:1")) == [3, 2, 1])
    #expect(ints(try eval("-1:2")) == [-1, 0, 1, 2])  // unary minus binds first, as in R
    #expect(ints(try eval("-(1:3)")) == [-1, -2, -3])
    #expect(ints(try eval("let n = 4\nn:6")) == [4, 5, 6])
    #expect(ints(try eval("let n = 4\nlet r = (n - 1):n\nr")) == [3, 4])
    #expect(errorText("1.5:3")?.contains("whole numbers on both sides") == true)
    #expect(errorText("1:100000000")?.contains("more than 10000000 items") == true)
    #expect(errorText("1:")?.contains("expected the end of the range") == true)
  }

  @Test func sliceByPosition() throws {
    let interp = try interpreterWithFrame()
    let f = try #require(try eval("df |> slice 2:4", in: interp).frame)
    #expect(f["id"]?.string(at: 0) == "b")
    #expect(f.rowCount == 3)
    let dropped = try #require(try eval("df |> slice -(1:4)", in: interp).frame)
    #expect(dropped["id"]?.string(at: 0) == "e")
    #expect(try #require(try eval("df |> slice [6, 1]", in: interp).frame)["id"]?.string(at: 0) == "f")
    #expect(try #require(try eval("df |> slice -1", in: interp).frame).rowCount == 5)
    let perGroup = try #require(try eval("df |> group plan |> slice_head 1 |> ungroup", in: interp).frame)
    #expect((0..<perGroup.rowCount).compactMap { perGroup["id"]?.string(at: $0) } == ["a", "f", "c"])
    let last = try #require(try eval("df |> slice_tail 2", in: interp).frame)
    #expect(last["id"]?.string(at: 1) == "f")
    let err = errorText("df |> slice 1, -2", setup: { $0.define("df", .frame(try sampleFrame())) })
    #expect(err?.contains("not both") == true)
    let bad = errorText("df |> slice \"x\"", setup: { $0.define("df", .frame(try sampleFrame())) })
    #expect(bad?.contains("slice takes row positions") == true)
  }

  @Test func pivotsThroughTheLanguage() throws {
    let interp = try interpreterWithFrame()
    let long = try #require(
      try eval(
        "df |> select id tenure charges |> pivot_longer tenure charges names_to: \"what\"",
        in: interp
      ).frame)
    #expect(long.columnNames == ["id", "what", "value"])
    #expect(long.rowCount == 12)
    let long2 = try #require(
      try eval(
        "df |> select id tenure charges |> pivot_longer cols: [tenure, charges]",
        in: interp
      ).frame)
    #expect(long2.rowCount == 12)
    let wide = try #require(
      try eval(
        """
        df |> pivot_wider names_from: plan, values_from: charges, id_cols: churned, aggregate: mean
        """, in: interp
      ).frame)
    #expect(wide.columnNames == ["churned", "m2m", "year", "two"])
    // churned: m2m charges 20, 35.5, 80.25 → mean 45.25; not churned m2m → missing
    #expect(wide["m2m"]?.double(at: 0) == 45.25)
    #expect(wide["m2m"]?.isMissing(1) == true)
    let dup = errorText(
      "df |> pivot_wider names_from: plan, values_from: charges, id_cols: churned",
      setup: { $0.define("df", .frame(try sampleFrame())) })
    #expect(dup?.contains("aggregate:") == true)
    let typo = errorText(
      "df |> pivot_wider names_from: plam, values_from: charges",
      setup: { $0.define("df", .frame(try sampleFrame())) })
    #expect(typo?.contains("did you mean 'plan'") == true)
  }

  @Test func forLoopsRunTheirBodyPerItem() throws {
    let out = try run(
      """
      for t in [500, 1000] {
        let half = t / 2
        print half
      }
      for i in 1:2 { print i * 10 }
      """)
    #expect(out == ["250", "500", "10", "20"])
    // Nested loops, a function defined inside, and a loop over a column.
    let nested = try run(
      """
      for a in 1:2 {
        fn plus(x) = x + a
        for b in [10, 20] {
          print plus(b)
        }
      }
      """)
    #expect(nested == ["11", "21", "12", "22"])
    let interp = try interpreterWithFrame()
    var printed: [String] = []
    interp.output = { printed.append($0) }
    try interp.run(SourceFile(name: "t.churn", text: "for p in (df |> distinct plan).plan { print p }"))
    #expect(printed == ["m2m", "year", "two"])
  }

  @Test func loopsHaveTheirOwnScope() throws {
    let text = errorText("for t in [1, 2] { let inside = t }\ninside")
    #expect(text?.contains("unknown variable 'inside'") == true)
    #expect(errorText("for t in [1] { print t }\nt")?.contains("unknown variable 't'") == true)
    // The script's variables are visible and unchanged.
    #expect(try run("let k = 5\nfor t in [1] { let k = t }\nprint k") == ["5"])
  }

  @Test func loopErrorsAreLocatedAndNameThePass() throws {
    let text = try #require(errorText("let xs = [1, 2, 3]\nfor x in xs {\n  print x\n  print nope\n}"))
    #expect(text.contains("test.churn:4:9"))
    #expect(text.contains("in pass 1 of 3 of the loop on line 2 (x = 1)"))
    #expect(errorText("for x in 5 { print x }")?.contains("for loops over a list") == true)
    #expect(errorText("for x in [1] print x")?.contains("expected '{'") == true)
    #expect(errorText("for x in [1] {\n  print x\n")?.contains("expected '}'") == true)
    #expect(errorText("for x in [1] { param p = 1 }")?.contains("'param' cannot be inside a loop") == true)
    // A typo in a loop's body is found before anything runs.
    let checked = try #require(errorText("print 1\nfor x in [1] { x |> hed }"))
    #expect(checked.contains("unknown command 'hed'") || checked.contains("unknown function 'hed'"))
  }

  @Test func loopsAreInterruptibleAndNestingIsBounded() throws {
    let deep = String(repeating: "for x in [1] { ", count: 250) + "print x" + String(repeating: " }", count: 250)
    #expect(errorText(deep)?.contains("nested too deeply") == true)
    #expect(Lexer.needsMoreInput("for x in 1:3 {"))
    #expect(!Lexer.needsMoreInput("for x in 1:3 { print x }"))
  }

  @Test func forAndFnComplete() {
    let c = CompletionContext()
    #expect(completionCandidates(for: "fo", cursor: 2, context: c) == ["for"])
    #expect(completionCandidates(for: "f", cursor: 1, context: c).contains("fn"))
  }
}
