// Help topics on serving a saved policy: the decision service and its log. Shown by `help serve`.

extension HelpTopics {
  /// The decision-service topics.
  public static var serving: [HelpTopic] { [serve, decisionLog] }

  static let serve = HelpTopic(
    "serve", title: "Serving a policy: churn serve", aliases: ["service", "churn serve", "api"],
    body: """
      save pol to "retention.policy" writes a policy file; in a shell,
        churn serve --policy retention.policy --port 8080 --log decisions.sqlite
      starts an HTTP decision service on it (127.0.0.1 only unless --host says otherwise; --token-file F requires
      `Authorization: Bearer TOKEN`). POST /v1/recommend with one customer's fields as JSON answers the churn
      probability, the recommended intervention (or none), the predicted churn reduction with its 95% CI, the net
      value and every alternative — the same numbers `recommend pol on frame` gives for that customer.
      POST /v1/recommend/batch takes {"customers": [...]}; POST /v1/outcomes records what happened later
      ({"decision_id", "churned", "date"}); GET /health, /ready, /metrics (Prometheus). Bad requests get a 400
      naming each offending field. The API is described in docs/openapi.yaml. churn serve runs the churn-serve
      binary beside churn (build it with `swift build -c release --product churn-serve`). Replicas behind a load
      balancer share one log with --log postgresql://USER@HOST:PORT/DB (tables created if absent).
      See also: help decision_log.
      """)

  static let decisionLog = HelpTopic(
    "decision_log", title: "The decision log and read_log", aliases: ["read_log log", "decisions"],
    body: """
      Every recommendation and outcome the service gives is appended to its SQLite log (WAL, synchronous=FULL)
      before the client gets an answer, so an acknowledged decision survives a crash. In churn,
        let log = read_log("decisions.sqlite")
      gives one row per decision: inputs, churn probability, recommendation, predicted reduction and net value,
      each intervention's effect and interval, and the latest outcome (churned, outcome_date; missing until one
      is reported). Compare predicted with realized churn on rows with outcomes, or run drift on the inputs
      against the training data.
      Several replicas can share one log in PostgreSQL (churn serve --log postgresql://USER@HOST:PORT/DB); churn
      itself reads only SQLite, so copy that log first:
        churn-serve export-log --log postgresql://USER@HOST:PORT/DB --to decisions.sqlite
      """)
}
