import DecisionLog

/// Decision-service commands: `read_log` (the service's SQLite decision log as a frame).
///
/// Thin adapter over `Sources/DecisionLog` (a small reader on the system SQLite library; the server packages
/// stay out of the language).
enum ServeCommands {
  static var all: [CommandSpec] { [readLog] }

  static var readLog: CommandSpec {
    CommandSpec(
      name: "read_log", category: "data",
      summary:
        "Read the decision log of `churn serve` (SQLite) as a frame: one row per decision, with inputs, scores and outcomes.",
      help: """
        Columns: time, decision_id, customer_id, policy_version, churn_probability, recommendation, reduction
        (predicted churn reduction of the recommendation, with reduction_lower/upper), net_value (with _lower/
        _upper); then each input field the request carried (numbers as float, booleans as bool, others as text);
        then per intervention effect_<arm> (with _lower/_upper) and net_<arm>; then the latest reported outcome:
        churned (missing when none was reported) and outcome_date. Rows are in log order. The file is opened
        read-only, so a running server can keep writing. Compare predicted with realized effects on the rows
        with outcomes, or check live inputs for drift against the training data. A log kept in PostgreSQL
        (replicas started with --log postgresql://…) is read after copying it to a file:
        `churn-serve export-log --log postgresql://USER@HOST:PORT/DB --to decisions.sqlite`.
        """,
      parameters: [Parameter("path", .string, "the --log file of churn serve")],
      examples: [
        "let log = read_log(\"decisions.sqlite\")", "read_log(\"decisions.sqlite\") |> count_values recommendation",
      ]
    ) { inv, _ in
      let path = try inv.string("path")
      do {
        return .frame(try DecisionLogReader.read(path: path))
      } catch let e as DecisionLogError {
        throw inv.error(e.description, at: "path")
      }
    }
  }
}
