/// A help topic: `help NAME` prints its body. Bodies are plain text, about 70 columns wide.
public struct HelpTopic: Sendable {
  /// The name `help` looks up.
  public var name: String
  /// The heading printed above the body.
  public var title: String
  /// Other names that find this topic (`help missing` finds "missing values").
  public var aliases: [String]
  /// The text, plain, about 70 columns wide.
  public var body: String

  /// A topic with its name, title, aliases and body.
  public init(_ name: String, title: String, aliases: [String] = [], body: String) {
    self.name = name
    self.title = title
    self.aliases = aliases
    self.body = body
  }
}

/// The topic table. Language topics are here; the causal and experiment topics are filled in by
/// their owners (one entry each in ``causal``), keeping the teaching text next to the code it explains.
public enum HelpTopics {
  /// Every topic, in the order `help` lists them.
  public static var all: [HelpTopic] {
    language + causal + teaching + models + values + functionTopics + experiment + monitoring + policy
      + policyEvaluation + serving + reports + reshapeLoopTopics
  }

  /// Finds a topic by name or alias (case-insensitive; spaces, '-' and '_' are interchangeable).
  public static func find(_ name: String) -> HelpTopic? {
    let key = normalize(name)
    return all.first { normalize($0.name) == key || $0.aliases.contains { normalize($0) == key } }
  }

  static func normalize(_ s: String) -> String {
    String(s.lowercased().map { $0 == "-" || $0 == "_" ? " " : $0 })
  }

  // The causal topics (`causal`) live in CausalTopics.swift, the experiment topics (`experiment`) in
  // ExperimentTopics.swift.

  // MARK: - Language topics

  /// Topics about the language itself.
  public static var language: [HelpTopic] {
    [syntax, pipelines, formulas, missing, expressions, repl]
  }

  static let syntax = HelpTopic(
    "syntax", title: "The churn language in one page", aliases: ["language", "grammar"],
    body: """
      A script is a list of statements, one per line:

        param data = "data/telco.csv"     # an input, overridable: --param data=other.csv
        let df = read_csv(data)           # bind a name
        df |> head 5                      # a bare expression: its value is printed

      Values: numbers (42, 0.3, 1e-4), strings ("text", with \\n \\t \\" escapes),
      true/false, NA (missing), lists [1, 2, 3], records {name: value},
      formulas (y ~ a + b), frames, columns, models and other results.
      Field access: s.train, m.auc, df.tenure (a column).

      Commands are verbs. Three ways to call the same command:
        head df 5                # verb form: arguments separated by spaces or commas
        df |> head 5             # piped: the left side is the command's input
        head(df, 5)              # call form: usable inside any expression
      Options are key: value pairs:  split test: 0.3, seed: 42
      Clauses read well with models:  fit gbm y ~ x on s.train with rounds: 100
        'on X' gives the data; 'with a: 1, b' lists options (a bare name means true).

      Operators: + - * / % ^, == != < <= > >=, and or not (also && || !), x in [..].
      A line continues when it ends in |>, an operator, a comma or an open bracket,
      and when the next line starts with |>. Comments start with #.
      `_` is the last printed value.
      """)

  static let pipelines = HelpTopic(
    "pipelines", title: "Pipelines with |>", aliases: ["pipe", "|>"],
    body: """
      `a |> verb args` runs verb with a as its input. Each step's result feeds the next:

        df |> filter tenure > 12
           |> group Contract
           |> summarize n = count(), churn = mean(churned)

      Inside verbs that take expressions (filter, mutate, summarize, sort, group),
      bare names are columns of the input frame first, then variables:

        let cutoff = 12
        df |> filter tenure > cutoff          # tenure: a column; cutoff: a variable

      The piped value fills the command's data input. When the data is given with
      `on`, the piped value fills the first other argument instead:

        m |> evaluate on s.test               # same as: evaluate m on s.test
      """)

  // `formulas` (help formula) lives in FormulaTopics.swift.

  static let missing = HelpTopic(
    "missing values", title: "Missing values (NA)", aliases: ["missing", "NA", "na"],
    body: """
      NA marks a missing value. Files: empty fields and pandas' spellings (NA,
      N/A, n/a, NaN, nan, null, NULL, None, #N/A, <NA>, ...) are missing;
      read_csv(path, missing: [...]) replaces the list, na: [...] adds to it, and
      read_csv warns when a few stray values (abc, --) turn numbers into text.

        arithmetic and comparison with NA give NA:  NA + 1 is NA, NA > 3 is NA
        and/or use three-valued logic:  false and NA is false, true or NA is true
        filter keeps rows where the condition is true (NA rows are dropped)
        aggregates skip NA:  mean, sum, sd, min, max, median, quantile, share
        count() counts rows; count(x) counts non-missing x; n_missing(x) counts NA
        is_missing(x) tests for NA; coalesce(x, 0) replaces NA with 0
        x == NA is always NA: use is_missing(x)

      describe shows the missing count of every column. Nothing turns NA into 0
      unless you say so with coalesce.
      """)

  static let expressions = HelpTopic(
    "functions", title: "Functions in expressions", aliases: ["expressions", "function"],
    body: """
      Aggregates (skip NA; one value per group inside summarize):
        count() mean(x) sum(x) sd(x) min(x) max(x) median(x) quantile(x, q)
        share(pred) n_missing(x) n_distinct(x)
      Row by row:
        coalesce(x, y, ...) is_missing(x) if_else(cond, a, b)
        log exp sqrt abs floor ceil round(x, digits)
        cut(x, [0, 12, 24, 72]) qcut(x, k)
        as_float as_int as_string lower upper contains starts_with ends_with
        case_when str_len substr str_detect replace trim format  (help strings)
      Window (per group after group): row_number rank dense_rank percent_rank
        ntile cumsum cummean lag lead  (help window functions)
      Your own: fn name(a, b) = ..., fn(x) = ..., map(list, f)  (help fn)
      Example:
        df |> mutate tenure_band = qcut(tenure, 4), log_charges = log(TotalCharges)
      """)

  static let repl = HelpTopic(
    "repl", title: "The interactive shell", aliases: ["shell", "meta"],
    body: """
      Type a statement and press Enter. Tab completes commands, options,
      variables, column names, and file names inside quotes. Up/Down browse the
      history (kept in ~/.churn_history). An input starting with |> continues
      from the last result (_). Ctrl-C abandons the current input; during a long
      command (forests, boosting, cross-validation, cross-fitting) it stops the
      command at its next tree, round or fold and nothing is assigned. Ctrl-D leaves.

      Shell commands (start with ':' or '.'):
        :vars              list variables with their types and shapes
        :timer on|off      print each statement's wall and CPU time
        :mode text|json    print results as tables or as JSON
        :digits N          significant digits of numbers in tables and reports (6)
        :help [name]       same as help
        :quit              leave
      """)
}
