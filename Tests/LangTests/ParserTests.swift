import Lang
import Testing

@Suite("Parser")
struct ParserTests {
  let commands: Set<String> = [
    "head", "filter", "mutate", "group", "summarize", "split", "fit", "evaluate",
    "sort", "select", "read_csv", "effects", "crosstab", "write_csv", "help", "join",
  ]

  func parse(_ s: String) throws -> [String] {
    try Parser.parse(SourceFile(name: "t", text: s)) { commands.contains($0) }.statements.map(\.dump)
  }

  func one(_ s: String) throws -> String { try parse(s).first ?? "" }

  @Test func precedence() throws {
    #expect(try one("1 + 2 * 3 ^ 2") == "(+ 1 (* 2 (^ 3 2)))")
    #expect(try one("-2 ^ 2") == "(- (^ 2 2))")
    #expect(try one("a or b and not c == d") == "(or a (and b (not (== c d))))")
    #expect(try one("x in [1, 2] && y") == "(and (in x [1 2]) y)")
    #expect(try one("(1 + 2) * 3") == "(* (+ 1 2) 3)")
    #expect(try one("2 ^ 3 ^ 2") == "(^ 2 (^ 3 2))")
  }

  @Test func literalsAndAccess() throws {
    #expect(try one("{a: 1, \"b c\": [true, NA]}") == "{a: 1 b c: [true NA]}")
    #expect(try one("s.train.tenure") == "(. (. s train) tenure)")
    #expect(try one("mean(x)") == "(call (mean x))")
  }

  @Test func statements() throws {
    #expect(try parse("let x = 1\nparam data = \"f.csv\"\nx") == ["(let x 1)", "(param data \"f.csv\")", "x"])
  }

  @Test func verbFormsAndPipes() throws {
    #expect(try one("df |> head 5") == "(pipe df (head 5))")
    #expect(try one("head df 5") == "(head df 5)")
    #expect(try one("head(df, 5)") == "(call (head df 5))")
    #expect(try one("df |> head(5)") == "(pipe df (head 5))")
    #expect(
      try one("df |> group Contract |> summarize n = count(), rate = mean(churned)")
        == "(pipe (pipe df (group Contract)) (summarize n=(call (count)) rate=(call (mean churned))))")
    #expect(
      try one("df |> mutate churned = Churn == \"Yes\", TotalCharges = coalesce(TotalCharges, 0)")
        == "(pipe df (mutate churned=(== Churn \"Yes\") TotalCharges=(call (coalesce TotalCharges 0))))")
    #expect(
      try one("let s = df |> split test: 0.3, stratify: churned, seed: 42")
        == "(let s (pipe df (split test:0.3 stratify:churned seed:42)))")
  }

  @Test func clausesOnAndWith() throws {
    #expect(
      try one("fit gbm churned ~ tenure + MonthlyCharges + Contract on s.train with leaves: 31, rounds: 100, seed: 42")
        == "(fit gbm (~ churned +tenure +MonthlyCharges +Contract) leaves:31 rounds:100 seed:42 on:(. s train))")
    #expect(try one("evaluate m on s.test") == "(evaluate m on:(. s test))")
    #expect(
      try one("cf |> effects on s.test with ci |> group qcut(tenure, 3)")
        == "(pipe (pipe cf (effects ci:true on:(. s test))) (group (call (qcut tenure 3))))")
    #expect(try one("df |> join other on: id, kind: \"left\"") == "(pipe df (join other on:id kind:\"left\"))")
  }

  @Test func formulas() throws {
    #expect(try one("y ~ .") == "(~ y +.)")
    #expect(try one("y ~ . - id - `Total Charges`") == "(~ y +. -id -Total Charges)")
    #expect(try one("y ~ t | a + b") == "(~ y | t +a +b)")
    #expect(try one("~ a + b") == "(~ _ +a +b)")
  }

  @Test func minusStartsANewArgumentInVerbs() throws {
    #expect(try one("df |> sort tenure -charges") == "(pipe df (sort tenure (- charges)))")
    #expect(try one("df |> sort tenure - charges") == "(pipe df (sort (- tenure charges)))")
    #expect(try one("x -1") == "(- x 1)")
  }

  @Test func continuationLines() throws {
    #expect(try parse("df |>\n  head 5\nx") == ["(pipe df (head 5))", "x"])
    #expect(try parse("df\n  |> head 5") == ["(pipe df (head 5))"])
    #expect(try parse("df |> mutate a = 1,\n  b = 2") == ["(pipe df (mutate a=1 b=2))"])
  }

  @Test func unknownVerbIsStillAVerb() throws {
    #expect(try one("sumarize n = count()") == "(sumarize n=(call (count)))")
    #expect(try one("foo bar") == "(foo bar)")
  }

  @Test func nestedVerbsStopAtCommasInLists() throws {
    #expect(try one("[df |> head 5, 2]") == "[(pipe df (head 5)) 2]")
    #expect(try one("(df |> select a, b)") == "(pipe df (select a b))")
  }

  @Test func positions() throws {
    let src = SourceFile(name: "t", text: "let x = 1\ndf |> filter tenur > 3")
    let p = try Parser.parse(src) { commands.contains($0) }
    guard case .expression(let e) = p.statements[1].kind, case .pipe(_, let cmd) = e.kind,
      case .positional(let arg) = cmd.args[0], case .binary(_, let l, _) = arg.kind
    else {
      Issue.record("unexpected shape")
      return
    }
    #expect(src.text(of: l.span) == "tenur")
    #expect(src.location(of: l.span.start) == (2, 14))
    #expect(src.text(of: cmd.nameSpan) == "filter")
    #expect(src.text(of: e.span) == "df |> filter tenur > 3")
  }

  @Test(arguments: [
    ("let = 3", "expected a name after 'let', found '='"),
    ("let x 3", "expected '=' after 'x', found '3'"),
    ("1 +", "expected an expression, found end of input"),
    ("f(1, 2", "expected ')' to close the call to 'f'"),
    ("[1, 2", "expected ']' to close the list"),
    ("a < b < c", "comparisons cannot be chained"),
    ("y ~ a +", "expected a column name or '.' in the formula, found end of input"),
    ("y ~ a + b | c", "write a single treatment column between '~' and '|'"),
    ("df |> 3", "expected a command after '|>', found '3'"),
    ("{a: 1, a: 2}", "field 'a' appears twice in the record"),
    ("x = 3", "unexpected '=' after the end of the statement"),
  ])
  func syntaxErrors(_ code: String, _ message: String) {
    do {
      _ = try parse(code)
      Issue.record("expected an error for \(code)")
    } catch let e as LangError {
      #expect(e.message == message)
      #expect(e.span != nil)
    } catch {
      Issue.record("unexpected error \(error)")
    }
  }
}
