import Lang
import Testing

/// Conditional and text functions, and `+` between text and numbers, on the six-row sample frame
/// (id a..f, tenure 1 5 12 24 36 72, charges 20 35.5 NA 80.25 99 50, plan m2m m2m year m2m year two).
@Suite("Column functions")
struct ColumnFunctionTests {
  /// The cells of column `name` after running `code` on the sample frame (`df`).
  func cells(_ code: String, _ name: String) throws -> [CellValue] {
    let interp = try interpreterWithFrame()
    guard let f = try eval(code, in: interp).frame, let c = f[name] else { throw LangError("no column \(name)") }
    return (0..<c.count).map { c.value(at: $0) }
  }

  @Test func caseWhenTakesTheFirstTrueConditionAndTheDefault() throws {
    let seg = try cells(
      """
      df |> mutate seg = case_when(tenure < 6, "new", charges > 60, "pricey", default: "other")
      """, "seg")
    // a (1) new, b (5) new, c (12, NA charges: condition missing -> next -> default), d 80.25 pricey,
    // e 99 pricey, f 50 other.
    #expect(seg == ["new", "new", "other", "pricey", "pricey", "other"].map { CellValue.string($0) })
    let noDefault = try cells("df |> mutate k = case_when(tenure > 30, 1, tenure > 10, 2)", "k")
    #expect(noDefault == [.missing, .missing, .int(2), .int(2), .int(1), .int(1)])
    #expect(try eval("case_when(1 > 2, \"a\", 2 > 1, \"b\")").string == "b")
    #expect(try eval("case_when(false, 1, default: 9)").number == 9)
  }

  @Test func caseWhenErrorsNameTheProblem() throws {
    let odd = errorText("let df = 1\ncase_when(true, 1, false)")
    #expect(odd?.contains("condition, value pairs") == true)
    let mixed = try #require(
      errorText(
        "df |> mutate k = case_when(tenure > 3, \"x\", default: 0)",
        setup: { $0.define("df", .frame(try sampleFrame())) }))
    #expect(mixed.contains("default: is not text"))
    let opt = try #require(errorText("case_when(true, 1, defualt: 2)"))
    #expect(opt.contains("did you mean 'default'"))
  }

  @Test func ifElsePropagatesMissingAndIsLazyForScalars() throws {
    let v = try cells("df |> mutate k = if_else(charges > 40, \"hi\", \"lo\")", "k")
    #expect(v == [.string("lo"), .string("lo"), .missing, .string("hi"), .string("hi"), .string("hi")])
    // Only the branch taken is evaluated: the other would be an error.
    #expect(try eval("if_else(1 > 0, 5, log(\"x\"))").number == 5)
  }

  @Test func stringFunctions() throws {
    #expect(try cells("df |> mutate k = str_len(plan)", "k") == [3, 3, 4, 3, 4, 3].map { CellValue.int($0) })
    #expect(try eval("substr(\"customer\", 2, 4)").string == "ust")
    #expect(try eval("substr(\"abc\", 2)").string == "bc")
    #expect(try eval("substr(\"abc\", 0, 10)").string == "abc")
    #expect(try eval("substr(\"abc\", 3, 2)").string == "")
    #expect(
      try cells("df |> mutate k = str_detect(plan, \"^m.m$\")", "k")
        == [true, true, false, true, false, false].map { CellValue.bool($0) })
    #expect(
      try eval("replace(\"Bank transfer (automatic)\", \" \\\\(automatic\\\\)\", \"\")").string
        == "Bank transfer")
    #expect(try eval("replace(\"2024-05\", \"(\\\\d+)-(\\\\d+)\", \"$2/$1\")").string == "05/2024")
    #expect(try eval("trim(\"  x y \\n\")").string == "x y")
    #expect(try eval("upper(\"ab\") + lower(\"CD\")").string == "ABcd")
    #expect(try eval("str_len(NA)").isMissing)
  }

  @Test func invalidRegexIsALocatedError() throws {
    let text = try #require(errorText("str_detect(\"abc\", \"a(b\")"))
    #expect(text.contains("invalid regular expression"))
    #expect(text.contains("test.churn:1:19"))
  }

  @Test func formatAndTextPlusNumber() throws {
    #expect(try eval("format(0.84512, digits: 3)").string == "0.845")
    #expect(try eval("format(2, digits: 2)").string == "2.00")
    #expect(try eval("\"AUC: \" + 0.8451").string == "AUC: 0.8451")
    #expect(try eval("\"n = \" + 42").string == "n = 42")
    #expect(try eval("1834.58 + \" USD\"").string == "1834.58 USD")
    #expect(try eval("\"x\" + NA").isMissing)
    let k = try cells("df |> mutate k = \"t\" + tenure", "k")
    #expect(k.first == .string("t1") && k.last == .string("t72"))
    let c = try cells("df |> mutate k = format(charges, digits: 1)", "k")
    #expect(c == [.string("20.0"), .string("35.5"), .missing, .string("80.2"), .string("99.0"), .string("50.0")])
    let bad = try #require(errorText("format(1.5, digits: -1)"))
    #expect(bad.contains("digits: must be a whole number from 0 to 17"))
  }
}
