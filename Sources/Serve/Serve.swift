// Module Serve: the decision service. An HTTP API (Hummingbird 2) over a saved policy, a durable decision
// log (SQLite through GRDB, group-committed), Prometheus metrics (swift-metrics + swift-prometheus), bearer-token
// auth and graceful shutdown (swift-service-lifecycle). The `churn-serve` executable is a thin main over
// `ServeCommandLine` and `DecisionServer`. The server talks to the policy only through `DecisionEngine`, so the
// HTTP, validation and logging layers know nothing of forests or models. See docs/ARCHITECTURE.md ("Serve").
