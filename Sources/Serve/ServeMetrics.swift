import CoreMetrics
import Prometheus

/// The service's metrics, recorded through swift-metrics into a swift-prometheus registry and exposed at
/// `GET /metrics` in the Prometheus text format:
/// - `churn_http_requests_total{route, status}` — requests by route (a fixed set; other paths are `unmatched`)
///   and status code;
/// - `churn_http_request_duration_seconds{route}` — latency histogram;
/// - `churn_decisions_total{intervention}` — recommendations by intervention (including `none`);
/// - `churn_log_commit_duration_seconds` — decision-log commit latency histogram (one group commit each);
/// - `churn_log_commit_records` — records per group commit (histogram);
/// - `churn_log_commit_failures_total` — failed commits;
/// - `churn_scoring_batch_size` — customers per scoring batch of `/v1/recommend` (histogram; see ``MicroBatcher``);
/// - `churn_recommend_stage_seconds{stage}` — where a `/v1/recommend` request's time goes (histograms):
///   `scoring` from the validated request to its decision (queueing for a scoring lane included), `log` from
///   handing its row to the group commit to the commit that holds it (waiting for the commit before included);
/// - `churn_idempotent_replays_total{route}` — retried requests answered from the log by their `Idempotency-Key`;
/// - `churn_idempotency_keys_pruned_total` — expired idempotency keys deleted from the log.
public final class ServeMetrics: Sendable {
  /// The registry `/metrics` renders.
  public let registry: PrometheusCollectorRegistry
  private let factory: PrometheusMetricsFactory
  // Metrics without per-call labels, made once (not looked up in the registry at every update).
  private let scoringStage: CoreMetrics.Timer
  private let logStage: CoreMetrics.Timer
  private let commitDuration: CoreMetrics.Timer
  private let commitRecords: CoreMetrics.Recorder
  private let commitFailures: CoreMetrics.Counter
  private let batchSize: CoreMetrics.Recorder

  /// Fresh metrics with their own registry (nothing global is bootstrapped).
  public init() {
    registry = PrometheusCollectorRegistry()
    var f = PrometheusMetricsFactory(registry: registry)
    let fine: [Duration] = [
      .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2),
      .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
      .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(5),
    ]
    f.defaultDurationHistogramBuckets = fine
    f.defaultValueHistogramBuckets = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 5000]
    factory = f
    scoringStage = Timer(label: "churn_recommend_stage_seconds", dimensions: [("stage", "scoring")], factory: f)
    logStage = Timer(label: "churn_recommend_stage_seconds", dimensions: [("stage", "log")], factory: f)
    commitDuration = Timer(label: "churn_log_commit_duration_seconds", factory: f)
    commitRecords = Recorder(label: "churn_log_commit_records", factory: f)
    commitFailures = Counter(label: "churn_log_commit_failures_total", factory: f)
    batchSize = Recorder(label: "churn_scoring_batch_size", factory: f)
  }

  /// Counts one answered request and records its latency.
  public func request(route: String, status: Int, duration: Duration) {
    Counter(
      label: "churn_http_requests_total", dimensions: [("route", route), ("status", String(status))], factory: factory
    ).increment()
    Timer(label: "churn_http_request_duration_seconds", dimensions: [("route", route)], factory: factory)
      .recordNanoseconds(duration.nanoseconds)
  }

  /// Counts one recommendation of `intervention`.
  public func decision(_ intervention: String) {
    Counter(label: "churn_decisions_total", dimensions: [("intervention", intervention)], factory: factory).increment()
  }

  /// Records one group commit.
  public func logCommit(duration: Duration, records: Int) {
    commitDuration.recordNanoseconds(duration.nanoseconds)
    commitRecords.record(records)
  }

  /// Counts a failed commit.
  public func logFailure() {
    commitFailures.increment()
  }

  /// Records the size of one scoring batch.
  public func scoringBatch(size: Int) {
    batchSize.record(size)
  }

  /// Records one `/v1/recommend` request's scoring wait and log wait.
  public func recommendStages(scoring: Duration, log: Duration) {
    scoringStage.recordNanoseconds(scoring.nanoseconds)
    logStage.recordNanoseconds(log.nanoseconds)
  }

  /// Counts one request answered from the log by its idempotency key.
  public func idempotentReplay(route: String) {
    Counter(label: "churn_idempotent_replays_total", dimensions: [("route", route)], factory: factory).increment()
  }

  /// Counts expired idempotency keys deleted from the log.
  public func keysPruned(_ n: Int) {
    Counter(label: "churn_idempotency_keys_pruned_total", factory: factory).increment(by: Int64(n))
  }

  /// The Prometheus text exposition.
  public func exposition() -> [UInt8] { registry.emitToBuffer() }
}

extension Duration {
  /// The duration in whole nanoseconds (saturating).
  var nanoseconds: Int64 {
    let (s, atto) = components
    let (ns, overflow) = s.multipliedReportingOverflow(by: 1_000_000_000)
    return overflow ? .max : ns.addingReportingOverflow(atto / 1_000_000_000).partialValue
  }
}
