import Lang
import Testing

/// Functions written with `fn`, lambdas, `map`, lexical scope, the recursion limit, help and completion.
@Suite("User-defined functions")
struct UserFunctionTests {
  @Test func defineAndCall() throws {
    #expect(try eval("fn sq(x) = x * x\nsq(7)").number == 49)
    #expect(try eval("fn add(a, b) = a + b\nadd(2, 3) * 10").number == 50)
    #expect(try eval("fn twice(f, x) = f(f(x))\ntwice(fn(v) = v + 3, 1)").number == 7)
    #expect(try eval("fn total(xs) = sum(xs)\n[1, 2, 3] |> total").number == 6)
    // The PEHE scoring function of issue 17, over a record standing in for a forest's effects.
    let interp = Interpreter()
    interp.define("fx", .frame(try DataFrame(columns: [Column(name: "effect", floats: [1, 2, 3])])))
    interp.define("truth", .column(Column(name: "truth", floats: [1, 2, 5])))
    let pehe = try eval(
      """
      fn pehe(f, truth) = sqrt(mean((f.effect - truth) ^ 2))
      pehe(fx, truth)
      """, in: interp)
    #expect(pehe.number == (4.0 / 3.0).squareRoot())
  }

  @Test func scopeIsLexical() throws {
    // The body sees its parameters and the script's variables, not the caller's locals.
    #expect(try eval("let k = 10\nfn addk(x) = x + k\naddk(1)").number == 11)
    let leak = errorText("fn inner(x) = x + hidden\nfn outer(hidden) = inner(1)\nouter(5)")
    #expect(leak?.contains("unknown variable 'hidden'") == true)
    // A lambda written inside a function captures that function's parameters.
    #expect(try eval("fn adder(n) = fn(x) = x + n\nlet add5 = adder(5)\nadd5(1)").number == 6)
    // Inside a verb, columns reach the body only as arguments.
    let f = try #require(
      try eval(
        "fn years(m) = m / 12\ndf |> mutate y = years(tenure)",
        in: try interpreterWithFrame()
      ).frame)
    #expect(f["y"]?.double(at: 5) == 6)
  }

  @Test func recursionWorksAndIsLimited() throws {
    #expect(try eval("fn fact(n) = if_else(n <= 1, 1, n * fact(n - 1))\nfact(10)").number == 3_628_800)
    let text = try #require(errorText("fn down(n) = down(n + 1)\ndown(0)"))
    #expect(text.contains("calls nested more than 200 deep"))
    #expect(text.contains("in down called at test.churn:1:14"))
  }

  @Test func mapGivesListsOrFrames() throws {
    guard case .list(let l) = try eval("map([1, 2, 3], fn(t) = t * 10)") else {
      Issue.record("map of numbers is a list")
      return
    }
    #expect(l.compactMap(\.number) == [10, 20, 30])
    let f = try #require(
      try eval(
        """
        fn row(t, i) = {trees: t, position: i, half: t / 2}
        map([500, 1000, 2000], row)
        """
      ).frame)
    #expect(f.columnNames == ["trees", "position", "half"])
    #expect(f.rowCount == 3)
    #expect(f["half"]?.double(at: 2) == 1000)
  }

  @Test func mistakesGetClearErrors() throws {
    #expect(errorText("fn f(a, b) = a\nf(1)")?.contains("f takes 2 arguments, got 1") == true)
    #expect(errorText("fn mean(x) = x")?.contains("'mean' is a built-in function") == true)
    #expect(errorText("fn f(a, a) = a")?.contains("parameter 'a' appears twice") == true)
    #expect(errorText("fn f(a) a")?.contains("expected '='") == true)
    #expect(errorText("map([1], 3)")?.contains("expects a function") == true)
    #expect(errorText("fn f(a) = a\nf(a: 1)")?.contains("takes its arguments by position") == true)
    // Unknown functions are still caught before anything runs.
    #expect(errorText("fn f(a) = a\nprint 1\nff(2)")?.contains("unknown function 'ff'") == true)
  }

  @Test func helpAndCompletionKnowUserFunctions() throws {
    let interp = Interpreter()
    var out: [String] = []
    interp.output = { out.append($0) }
    try interp.run(SourceFile(name: "t", text: "fn pehe(f, truth) = 1\nhelp pehe\npehe"))
    #expect(out.first?.hasPrefix("fn pehe(f, truth)") == true)
    #expect(out.last?.contains("fn pehe(f, truth)") == true)
    #expect(interp.userFunctionNames == ["pehe"])
    let session = Session(interpreter: interp, errorOutput: { _ in })
    #expect(session.completions(for: "let z = peh", cursor: 11).contains("pehe"))
    #expect(session.completions(for: "help peh", cursor: 8).contains("pehe"))
  }

  @Test func sameProgramSameOutput() throws {
    let code = """
      fn score(xs) = format(mean(xs), digits: 3)
      map([[1, 2], [3, 5]], fn(v) = {m: score(v), n: count(v)})
      """
    #expect(try run(code) == run(code))
  }
}
