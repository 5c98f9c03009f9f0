import Lang
import Testing

@Suite("Completion")
struct CompletionTests {
  var context: CompletionContext {
    var c = CompletionContext()
    c.commandOptions = [
      "filter": [], "split": ["test", "stratify", "seed"], "summarize": [], "sort": ["desc"],
      "show": ["rows", "width"], "help": [],
    ]
    c.functions = ["mean", "median", "count"]
    c.topics = ["formulas", "pipelines"]
    c.variables = ["df", "data", "s"]
    c.columns = ["tenure", "TotalCharges", "Churn"]
    c.fields = { $0 == "s" ? ["train", "test"] : [] }
    c.listFiles = { p in ["data/telco.csv", "data/twin.csv", "docs/"].filter { $0.hasPrefix(p) } }
    return c
  }

  func complete(_ line: String) -> [String] {
    completionCandidates(for: line, cursor: line.utf8.count, context: context)
  }

  @Test func formulaFunctionsCompleteRightOfTilde() {
    #expect(complete("fit ols y ~ tenure + po") == ["poly"])
    #expect(complete("fit ols y ~ log(tenure) + n").contains("ns"))
    #expect(complete("df |> filter po") == [])
  }

  @Test func commandsAtStatementStartAndAfterPipe() {
    #expect(complete("fi") == ["filter"])
    #expect(complete("df |> so") == ["sort"])
    #expect(complete("let x = df |> sp") == ["split"])
    #expect(complete("d") == ["data", "df"])
    #expect(complete("le") == ["let"])
  }

  @Test func optionsColumnsAndVariablesAfterAVerb() {
    #expect(complete("df |> split st") == ["stratify:"])
    #expect(complete("df |> split test: 0.3, se") == ["seed:"])
    #expect(complete("df |> filter ten") == ["tenure"])
    #expect(complete("df |> summarize m = me") == ["mean", "median"])
    #expect(complete("df |> filter Tot") == ["TotalCharges"])
  }

  @Test func choiceWords() {
    var c = context
    c.commandOptions["fit"] = ["seed"]
    c.commandChoices["fit"] = ["gbm", "logit", "forest"]
    c.optionChoices["crosstab"] = ["normalize": ["none", "row", "column", "all"]]
    c.commandOptions["crosstab"] = ["normalize"]
    #expect(completionCandidates(for: "fit g", cursor: 5, context: c) == ["gbm"])
    let line = "df |> crosstab a b normalize: r"
    #expect(completionCandidates(for: line, cursor: line.utf8.count, context: c) == ["row"])
  }

  @Test func fields() {
    #expect(complete("s.t") == ["s.test", "s.train"])
    #expect(complete("fit x on s.tr") == ["s.train"])
  }

  @Test func filesInsideQuotes() {
    // '/' ends a completion word, so only the part after it is replaced.
    #expect(complete("read_csv(\"data/t") == ["telco.csv", "twin.csv"])
    #expect(complete("let d = read_csv(\"d") == ["data/telco.csv", "data/twin.csv", "docs/"])
  }

  @Test func helpAndMeta() {
    #expect(complete("help form") == ["formulas"])
    #expect(complete(":ti") == ["timer"])
    #expect(complete(":mode j") == ["json"])
  }

  @Test func cursorInTheMiddle() {
    let line = "df |> filter ten > 3"
    #expect(completionCandidates(for: line, cursor: 16, context: context) == ["tenure"])
  }

  @Test func sessionContextSeesFrameColumns() throws {
    let interp = try interpreterWithFrame()
    let session = Session(interpreter: interp, errorOutput: { _ in })
    #expect(session.completions(for: "df |> filter pl", cursor: 15) == ["plan"])
    #expect(session.completions(for: "df.ch", cursor: 5) == ["df.charges", "df.churned"])
  }

  @Test func subcommandOptions() throws {
    var c = context
    c.commandOptions["fit"] = ["rounds"]
    c.commandOptions["causal_forest"] = ["trees", "min_node_size"]
    c.subcommands["fit"] = ["causal_forest": "causal_forest"]
    let line = "fit causal_forest y ~ w | x on df with min_n"
    #expect(completionCandidates(for: line, cursor: line.utf8.count, context: c) == ["min_node_size:"])
    let gbm = "fit gbm y ~ x on df with ro"
    #expect(completionCandidates(for: gbm, cursor: gbm.utf8.count, context: c) == ["rounds:"])
    // From a real session.
    let session = Session(interpreter: try interpreterWithFrame(), errorOutput: { _ in })
    #expect(
      session.completions(for: "fit causal_forest churned ~ plan | tenure on df with honesty_f", cursor: 62)
        == ["honesty_fraction:"])
    // A several-word option offers its words, also inside a list.
    for line in [
      "causal_forest churned ~ plan | tenure on df with tune: min_n",
      "causal_forest churned ~ plan | tenure on df with tune: [alpha, min_n",
      "causal_forest churned ~ plan | tenure on df with tune: [min_n",
    ] {
      #expect(session.completions(for: line, cursor: line.utf8.count) == ["min_node_size"], "\(line)")
    }
  }
}

/// `help doub<Tab>` completes multi-word topics, word by word (issue 11 item 13).
@Suite("Completion of multi-word help topics")
struct MultiWordTopicCompletionTests {
  func complete(_ line: String) -> [String] {
    let session = Session(interpreter: Interpreter(), errorOutput: { _ in })
    return session.completions(for: line, cursor: line.utf8.count)
  }

  @Test func topicsWithSpacesComplete() {
    #expect(complete("help doub") == ["doubly robust"])
    #expect(complete("help doubly r") == ["robust"])
    #expect(complete(":help causal f") == ["forest"])
    #expect(complete("help missing v") == ["values"])
    #expect(complete("help missing x").isEmpty)
  }
}
