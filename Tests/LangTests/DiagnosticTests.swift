import Lang
import Testing

/// Error messages are part of the interface: these are golden texts (location, source line,
/// caret under the span, did-you-mean).
@Suite("Diagnostics")
struct DiagnosticTests {
  @Test func unknownColumnInGroupedSummarizeSuggestsFromWholeFrame() throws {
    let text = errorText("df |> group plan |> summarize m = mean(tenur)") { $0.define("df", .frame(try sampleFrame())) }
    #expect(text?.contains("unknown column or variable 'tenur' (did you mean 'tenure'?)") == true)
  }

  @Test func unknownColumnInFilter() throws {
    let text = errorText("let x = 1\ndf |> filter tenur > 3") { $0.define("df", .frame(try sampleFrame())) }
    #expect(
      text == """
        test.churn:2:14: error: unknown column or variable 'tenur' (did you mean 'tenure'?)
         2 | df |> filter tenur > 3
           |              ^~~~~
        """)
  }

  @Test func unknownVariable() {
    #expect(
      errorText("let telco = 1\ntelc + 1") == """
        test.churn:2:1: error: unknown variable 'telc' (did you mean 'telco'?)
         2 | telc + 1
           | ^~~~
        """)
  }

  @Test func unknownCommandIsReportedBeforeRunning() {
    #expect(
      errorText("print 1\nhelpp filter") == """
        test.churn:2:1: error: unknown command 'helpp' (did you mean 'help'?)
         2 | helpp filter
           | ^~~~~
        """)
  }

  @Test func unknownOptionWithSuggestion() {
    #expect(
      errorText("show 3 rowz: 5") == """
        test.churn:1:8: error: unknown option 'rowz' for show (did you mean 'rows'?)
         1 | show 3 rowz: 5
           |        ^~~~
           = options: rows, width, digits
        """)
  }

  @Test func wrongOptionType() {
    #expect(
      errorText("show 3 rows: \"many\"") == """
        test.churn:1:14: error: show: 'rows' expects int, got string "many"
         1 | show 3 rows: "many"
           |              ^~~~~~
        """)
  }

  @Test func typeErrorsInOperators() {
    // `1 + "a"` is text now ("1a": text + number formats the number, issue 17); `-` still needs numbers.
    #expect(
      errorText("1 - \"a\"") == """
        test.churn:1:5: error: '-' needs numbers, got string "a"
         1 | 1 - "a"
           |     ^~~
        """)
  }

  @Test func unknownFunction() {
    #expect(
      errorText("let x = [1]\nmaen(x)") == """
        test.churn:2:1: error: unknown function 'maen' (did you mean 'mean'?)
         2 | maen(x)
           | ^~~~
        """)
  }

  @Test func lexicalErrorPointsAtCharacter() {
    #expect(
      errorText("let x = 3;") == """
        test.churn:1:10: error: unexpected character ';' (statements end at a line break; no ';' is needed)
         1 | let x = 3;
           |          ^
        """)
  }

  @Test func missingFieldListsFields() {
    #expect(
      errorText("let s = {train: 1, test: 2}\ns.tst") == """
        test.churn:2:3: error: record has no field 'tst' (did you mean 'test'?)
         2 | s.tst
           |   ^~~
           = fields: train, test
        """)
  }

  @Test func helpForUnknownTopic() {
    #expect(
      errorText("help formulaz") == """
        test.churn:1:6: error: no help for 'formulaz' (did you mean 'formulas'?)
         1 | help formulaz
           |      ^~~~~~~~
           = type 'help' for the list
        """)
  }

  @Test func colouredOutputOnlyWhenAsked() {
    let e = LangError("boom", at: Span(0, 1)).attaching(SourceFile(name: "f", text: "x"))
    #expect(!e.render(color: false).contains("\u{1B}["))
    #expect(e.render(color: true).contains("\u{1B}[31m"))
  }

  @Test func tabsKeepTheCaretAligned() {
    let e = LangError("here", at: Span(2, 3)).attaching(SourceFile(name: "f", text: "\t\tx"))
    #expect(e.render(color: false).hasSuffix("| \t\t^"))
  }

  @Test func lineOffsetsForChunks() {
    let e = LangError("here", at: Span(0, 1)).attaching(SourceFile(name: "<stdin>", text: "x", firstLine: 12))
    #expect(e.render(color: false).hasPrefix("<stdin>:12:1: error: here\n 12 | x"))
  }
}

@Suite("Warnings")
struct WarningTests {
  func warnings(_ code: String) throws -> [String] {
    let interp = try interpreterWithFrame()
    var out: [String] = []
    interp.output = { _ in }
    interp.diagnosticOutput = { out.append($0) }
    try interp.run(SourceFile(name: "w.churn", text: code))
    return out
  }

  @Test func filterReportsRowsDroppedForNA() throws {
    #expect(
      try warnings("df |> filter charges > 30") == [
        """
        w.churn:1:14: warning: filter dropped 1 row where the condition is NA (decide explicitly with coalesce(...) or is_missing(...))
         1 | df |> filter charges > 30
           |              ^~~~~~~~~~~~
        """
      ])
    #expect(try warnings("df |> filter coalesce(charges, 0) > 30").isEmpty)
  }

  @Test func comparingWithNA() throws {
    let w = try warnings("df |> filter charges == NA")
    #expect(w.first?.contains("warning: comparing with NA always gives NA") ?? false)
  }

  @Test func progressIsThrottledAndOffByDefault() {
    let interp = Interpreter()
    #expect(interp.progress("x") == nil)
    var calls = 0
    interp.progressSink = { _, _ in calls += 1 }
    // Nothing during the first second (issue 11 item 12: progress after ~1 s) ...
    let quick = interp.progress("trees")
    for i in 0...1000 { quick?(Double(i) / 1000) }
    #expect(calls == 0)
    // ... then whole-percent steps.
    interp.progressDelay = .zero
    let p = interp.progress("trees")
    for i in 0...1000 { p?(Double(i) / 1000) }
    #expect(calls == 101)
  }

  @Test func fitCausalForestIsCheckedAsTheCausalForestCommand() throws {
    // Options are checked against causal_forest's declaration before anything runs.
    #expect(
      errorText("print 1\nfit causal_forest churned ~ plan | tenure on df with tres: 10")
        == """
        test.churn:2:54: error: unknown option 'tres' for causal_forest (did you mean 'trees'?)
         2 | fit causal_forest churned ~ plan | tenure on df with tres: 10
           |                                                      ^~~~
           = options: \(Registry.standard.spec("causal_forest")?.options.map(\.name).joined(separator: ", ") ?? "")
        """)
    // The same library error through either spelling.
    let setup: (Interpreter) throws -> Void = { $0.define("df", .frame(try sampleFrame())) }
    let a = errorText("causal_forest churned ~ tenure on df", setup: setup)
    let b = errorText("fit causal_forest churned ~ tenure on df", setup: setup)
    #expect(a?.contains("error: causal_forest: write the formula as outcome ~ treatment | covariates") == true)
    #expect(b?.contains("error: causal_forest: write the formula as outcome ~ treatment | covariates") == true)
    // gbm options do not apply to causal forests.
    #expect(
      errorText("fit causal_forest churned ~ plan | tenure on df with rounds: 10", setup: setup)?
        .contains("unknown option 'rounds' for causal_forest") == true)
  }

  @Test func misspeltFitKindSuggestsTheRightOne() throws {
    let setup: (Interpreter) throws -> Void = { $0.define("df", .frame(try sampleFrame())) }
    let t = errorText("fit causal_forrest churned ~ plan | tenure on df", setup: setup)
    #expect(
      t?.contains(
        "fit: 'kind' must be one of logit, ols, tree, forest, gbm, causal_forest, got \"causal_forrest\" "
          + "(did you mean 'causal_forest'?)") == true, "\(t ?? "no error")")
    #expect(errorText("fit gmb churned ~ tenure on df", setup: setup)?.contains("(did you mean 'gbm'?)") == true)
    // A hyphen reads as a minus sign; the word is still recognised.
    #expect(
      errorText("fit causal-forest churned ~ plan | tenure on df", setup: setup)?
        .contains("got \"causal-forest\" (did you mean 'causal_forest'?)") == true)
    // Only fit has the causal_forest spelling; cv keeps its own kinds.
    #expect(
      errorText("cv causal_forest churned ~ tenure on df", setup: setup)?.contains(
        "must be one of logit, ols, tree, forest, gbm,") == true)
  }
}
