import Lang
import Testing

@Suite("Evaluator")
struct EvaluatorTests {
  @Test func arithmetic() throws {
    #expect(try eval("1 + 2 * 3").number == 7)
    #expect(try eval("7 / 2").number == 3.5)
    #expect(try eval("7 % 3").number == 1)
    #expect(try eval("-7 % 3").number == 2)
    #expect(try eval("2 ^ 10").number == 1024)
    #expect(try eval("\"a\" + \"b\"").string == "ab")
    if case .int = try eval("2 + 3") {} else { Issue.record("int + int should stay int") }
    if case .number = try eval("2 + 3.0") {} else { Issue.record("int + float is a number") }
  }

  @Test func intOverflowBecomesFloat() throws {
    #expect(try eval("9223372036854775807 + 1").number == 9223372036854775808.0)
    #expect(try eval("5 % 0").isMissing)
  }

  @Test func missingValueLogic() throws {
    #expect(try eval("NA + 1").isMissing)
    #expect(try eval("NA > 3").isMissing)
    #expect(try eval("NA == NA").isMissing)
    if case .bool(false) = try eval("false and NA") {} else { Issue.record("false and NA is false") }
    if case .bool(true) = try eval("true or NA") {} else { Issue.record("true or NA is true") }
    #expect(try eval("true and NA").isMissing)
    #expect(try eval("false or NA").isMissing)
    #expect(try eval("not NA").isMissing)
  }

  @Test func comparisonsAndMembership() throws {
    if case .bool(true) = try eval("\"b\" > \"a\" and 2 <= 2 and 3 != 4") {} else { Issue.record("comparisons") }
    if case .bool(true) = try eval("2 in [1, 2, 3]") {} else { Issue.record("in") }
    if case .bool(false) = try eval("\"x\" in [\"a\"]") {} else { Issue.record("not in") }
  }

  @Test func variablesRecordsLists() throws {
    let v = try eval("let r = {a: 1, b: [2, 3]}\nr.b")
    guard case .list(let l) = v else {
      Issue.record("expected list")
      return
    }
    #expect(l.count == 2)
    #expect(try eval("let x = 2\nlet y = x * 10\ny + 1").number == 21)
  }

  @Test func formulaValues() throws {
    guard case .formula(let f) = try eval("let f = churned ~ t | a + b - c\nf") else {
      Issue.record("expected formula")
      return
    }
    #expect(f.outcome == "churned")
    #expect(f.treatment == "t")
    #expect(f.terms == ["a", "b"])
    #expect(f.excluded == ["c"])
    #expect(try eval("(y ~ a).outcome").string == "y")
  }

  @Test func functionsOnScalarsAndLists() throws {
    #expect(try eval("mean([1, 2, 3, NA])").number == 2)
    #expect(try eval("sum([1, 2, NA])").number == 3)
    #expect(try eval("coalesce(NA, 4)").number == 4)
    #expect(try eval("round(3.14159, 2)").number == 3.14)
    #expect(try eval("if_else(1 > 2, \"a\", \"b\")").string == "b")
    #expect(try eval("sqrt(-1)").isMissing)
    #expect(try eval("upper(\"ab\")").string == "AB")
    #expect(try eval("as_int(\"12\")").number == 12)
    #expect(try eval("quantile([1, 2, 3, 4], 0.5)").number == 2.5)
    #expect(try eval("count([1, NA, 3])").number == 2)
  }

  @Test func pipesIntoFunctions() throws {
    #expect(try eval("[1, 2, 3] |> mean").number == 2)
  }

  @Test func lastValueUnderscore() throws {
    let interp = Interpreter()
    _ = try eval("40 + 2", in: interp)
    #expect(try eval("_ + 1", in: interp).number == 43)
  }

  @Test func params() throws {
    #expect(try run("param n = 3\nn * 2") == ["6"])
    #expect(try run("param n = 3\nn * 2", params: ["n": .int(5)]) == ["10"])
  }

  @Test func printsStringsPlainAndValuesFormatted() throws {
    #expect(try run("print \"hello\"\n0.1 + 0.2\n[1, \"a\", NA]") == ["hello", "0.3", "[1, \"a\", NA]"])
  }

  @Test func columnExpressionsAreVectorized() throws {
    let interp = try interpreterWithFrame()
    guard case .column(let c) = try eval("df.tenure * 2 + 1", in: interp) else {
      Issue.record("column")
      return
    }
    #expect(c.doubles() == [3, 11, 25, 49, 73, 145])
    guard case .column(let m) = try eval("df.charges > 40", in: interp) else {
      Issue.record("column")
      return
    }
    #expect(m.isMissing(2))
    #expect(m.value(at: 3) == .bool(true))
    #expect(try eval("mean(df.charges)", in: interp).number == (20.0 + 35.5 + 80.25 + 99.0 + 50.0) / 5)
    #expect(try eval("share(df.churned)", in: interp).number == 0.5)
    #expect(try eval("n_missing(df.charges)", in: interp).number == 1)
  }

  @Test func kleeneOverColumns() throws {
    let interp = try interpreterWithFrame()
    guard case .column(let c) = try eval("df.charges > 40 or df.tenure > 10", in: interp) else {
      Issue.record("column")
      return
    }
    // Row 2: charges NA, tenure 12 > 10 -> true.
    #expect(c.value(at: 2) == .bool(true))
    guard case .column(let d) = try eval("df.charges > 40 and df.tenure > 10", in: interp) else {
      Issue.record("column")
      return
    }
    #expect(d.isMissing(2))
    #expect(d.value(at: 0) == .bool(false))
  }
}

@Suite("Objects")
struct ObjectTests {
  @Test func estimateValueFieldsAndPrinting() throws {
    let interp = Interpreter()
    let e = Estimate(label: "ATE", value: 0.05, se: 0.01, ciLow: 0.03, ciHigh: 0.07, pValue: 0.001, n: 100)
    interp.define("est", .object(EstimateValue(e)))
    #expect(try eval("est.se * 2", in: interp).number == 0.02)
    #expect(try eval("est.n", in: interp).number == 100)
    #expect(try eval("type est", in: interp).string == "estimate")
    let v = try eval("est", in: interp)
    var printed: [String] = []
    interp.output = { printed.append($0) }
    interp.emit(v)
    #expect(printed.first?.contains("0.05") ?? false)
    let err = errorText("est.sd") { $0.define("est", .object(EstimateValue(e))) }
    #expect(err?.contains("estimate has no field 'sd' (did you mean 'se'?)") ?? false)
  }
}

@Suite("Printing")
struct PrintingTests {
  @Test func topLevelListsShowEveryItem() throws {
    let out = try run("[1, 2, 3, 4, 5, 6, 7, 8]\n[]\n{a: [1, 2, 3, 4, 5, 6, 7, 8]}")
    #expect(out[0] == "[1, 2, 3, 4, 5, 6, 7, 8]")
    #expect(out[1] == "[]")
    #expect(out[2] == "{a: [1, 2, 3, 4, 5, 6, … (8 items)]}")
  }

  @Test func longListsWrap() throws {
    let interp = Interpreter()
    interp.tableStyle.maxWidth = 20
    let v = try eval("[\"alpha\", \"beta\", \"gamma\", \"delta\"]", in: interp)
    #expect(v.rendered(style: interp.tableStyle) == "[\"alpha\", \"beta\",\n \"gamma\", \"delta\"]")
  }
}

@Suite("Command binding")
struct BindingTests {
  @Test func pipedValueIntoAVariadicParameterIsOneItem() throws {
    #expect(try run("[1, 2] |> print\nprint 1 \"a\"") == ["[1, 2]", "1", "a"])
  }

  @Test func onAndPipeTogether() throws {
    var r = Registry.standard
    r.add(
      CommandSpec(
        name: "score", category: "test", summary: "Returns its inputs.",
        parameters: [Parameter("model", .any, "a model"), Parameter.data(type: .any)],
        examples: ["score m on d"]
      ) { inv, _ in .list([inv.value("model") ?? .missing, inv.value("data") ?? .missing]) })
    let interp = Interpreter(registry: r)
    #expect(try eval("score 1 on 2", in: interp).brief == "[1, 2]")
    #expect(try eval("1 |> score on 2", in: interp).brief == "[1, 2]")
    #expect(try eval("2 |> score 1", in: interp).brief == "[1, 2]")
    #expect(try eval("score 1 2", in: interp).brief == "[1, 2]")
    #expect(try eval("score(1, 2)", in: interp).brief == "[1, 2]")
  }
}
