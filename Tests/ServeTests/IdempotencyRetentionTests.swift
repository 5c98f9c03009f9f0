import Foundation
import GRDB
import Logging
import PostgresNIO
import Render
import Serve
import Testing

/// Idempotency keys expire (`--idempotency-ttl`): the option's parsing, the stores' expiry semantics on fixed
/// timestamps (SQLite always, PostgreSQL when `CHURN_TEST_POSTGRES_URL` is set, with `export-log` copying the
/// keys), and over HTTP with a one-second retention a retry after expiry is a new decision and the expired key is
/// deleted from the log.
@Suite("Idempotency key retention", .serialized)
struct IdempotencyRetentionTests {
  @Test("--idempotency-ttl parses units and refuses the rest")
  func parsing() throws {
    #expect(IdempotencyRetention.parse("90s")?.ttl == .seconds(90))
    #expect(IdempotencyRetention.parse("90")?.ttl == .seconds(90))
    #expect(IdempotencyRetention.parse("30m")?.ttl == .seconds(1800))
    #expect(IdempotencyRetention.parse("24h") == .standard)
    #expect(IdempotencyRetention.parse("7d")?.ttl == .seconds(7 * 86_400))
    for bad in ["", "h", "0s", "-5m", "1.5h", "10w", "3651d", "99999999999999999999d", "٣h"] {
      #expect(IdempotencyRetention.parse(bad) == nil, "\(bad)")
    }
    #expect(IdempotencyRetention.standard.pruneInterval == .seconds(60))
    #expect(IdempotencyRetention(ttl: .seconds(5)).pruneInterval == .seconds(5))
    let o = try ServeOptions.parse(["--policy", "p.bin", "--idempotency-ttl", "2h"])
    #expect(o.idempotencyRetention.ttl == .seconds(7200))
    #expect(try ServeOptions.parse(["--policy", "p.bin"]).idempotencyRetention == .standard)
    #expect(throws: UsageError.self) { try ServeOptions.parse(["--policy", "p.bin", "--idempotency-ttl", "soon"]) }
  }

  @Test("the cutoff is the current UTC time minus the retention, in the log's timestamp form")
  func cutoff() throws {
    let day = IdempotencyRetention(ttl: .seconds(86_400)).cutoff()
    let now = IdempotencyRetention(ttl: .seconds(1)).cutoff()
    #expect(day.count == 24 && now.count == 24 && day.hasSuffix("Z"), "\(day) \(now)")
    #expect(day < now)
    let f = ISO8601DateFormatter()
    f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    let parsed = try #require(f.date(from: day))
    #expect(abs(Date().timeIntervalSince(parsed) - 86_400) < 5, "\(day)")
  }

  static func decision(_ id: String) -> LogRecord {
    .decision(
      DecisionRecord(
        time: "2026-01-01T00:00:00.000Z", decisionID: id, customerID: "C1", policyVersion: "test",
        inputsJSON: "{}", churnProbability: 0.5, recommendation: "none",
        reduction: IntervalEstimate(estimate: 0, lower: 0, upper: 0),
        netValue: IntervalEstimate(estimate: 0, lower: 0, upper: 0), scoresJSON: "[]"))
  }

  static func key(_ k: String, time: String, response: String) -> IdempotencyRecord {
    IdempotencyRecord(key: k, route: "/v1/recommend", request: "{}", status: 200, response: response, time: time)
  }

  /// The expiry contract every store keeps, on fixed timestamps.
  static func checkExpiry(_ store: any DecisionLogStore) async throws {
    let march = "2026-03-01T00:00:00.000Z"
    let first = try await store.append(
      [
        LogEntry(
          records: [decision("d1")], idempotency: key("k-old", time: "2026-01-01T00:00:00.000Z", response: "r1")),
        LogEntry(
          records: [decision("d2")], idempotency: key("k-live", time: "2026-06-01T00:00:00.000Z", response: "r2")),
      ], keysExpireBefore: march)
    #expect(first.isEmpty)
    // Lookups ignore the expired key, still see the live one.
    #expect(try await store.idempotency("k-old", notBefore: march) == nil)
    #expect(try await store.idempotency("k-live", notBefore: march)?.response == "r2")
    #expect(try await store.idempotency("k-old", notBefore: "")?.response == "r1", "expired but not yet pruned")
    // A new request with the expired key is accepted and replaces it; with the live key it is refused.
    let second = try await store.append(
      [
        LogEntry(
          records: [decision("d3")], idempotency: key("k-old", time: "2026-06-02T00:00:00.000Z", response: "r3")),
        LogEntry(
          records: [decision("d4")], idempotency: key("k-live", time: "2026-06-02T00:00:00.000Z", response: "r4")),
      ], keysExpireBefore: march)
    #expect(second == [1])
    #expect(try await store.idempotency("k-old", notBefore: march)?.response == "r3")
    #expect(try await store.idempotency("k-live", notBefore: march)?.response == "r2")
    #expect(try await store.containsDecision("d3"))
    #expect(try await !store.containsDecision("d4"))
    // Pruning deletes exactly the keys first used before the cutoff.
    #expect(try await store.pruneKeys(before: "2026-06-01T12:00:00.000Z") == 1)
    #expect(try await store.idempotency("k-live", notBefore: "") == nil)
    #expect(try await store.idempotency("k-old", notBefore: "")?.response == "r3")
    #expect(try await store.pruneKeys(before: "2026-06-01T12:00:00.000Z") == 0)
  }

  @Test("SQLite log: expired keys are ignored, replaced by a new request and pruned")
  func sqliteExpiry() async throws {
    let path = ServeFixture.path("retention-store.sqlite")
    try await Self.checkExpiry(try SQLiteLogStore(path: path))
  }

  @Test(
    "PostgreSQL log: expired keys are ignored, replaced and pruned; export-log copies the keys",
    .enabled(if: postgresTestURL != nil, "set CHURN_TEST_POSTGRES_URL (scripts/test.sh starts a local PostgreSQL)"))
  func postgresExpiry() async throws {
    let (admin, url, name) = try await PostgresReplicaTests.createDatabase()
    let store = try await PostgresLogStore.open(try PostgresURL(parsing: url), logger: Logger(label: "test"))
    try await withThrowingTaskGroup(of: Void.self) { group in
      group.addTask { await store.client.run() }
      try await Self.checkExpiry(store)
      group.cancelAll()
    }
    let file = ServeFixture.path("retention-export.sqlite")
    let export = try runServe(["export-log", "--log", url, "--to", file])
    #expect(export.status == 0 && export.output.contains("(and 1 idempotency keys)"), "\(export.output)")
    let copy = try SQLiteLogStore(path: file)
    let kept = try await copy.idempotency("k-old", notBefore: "")
    #expect(kept == Self.key("k-old", time: "2026-06-02T00:00:00.000Z", response: "r3"))
    await PostgresReplicaTests.drop(admin, name)
  }

  @Test("over HTTP with --idempotency-ttl 1s: a retry after expiry is a new decision; expired keys leave the log")
  func httpExpiry() throws {
    let log = ServeFixture.path("retention-http.sqlite")
    let server = try ServerProcess(
      policy: try ServeFixture.policyPath.get(), log: log, extra: ["--idempotency-ttl", "1s"])
    defer { server.stop() }
    let frame = ServeFixture.customers(n: 2, seed: 51)
    let body = ServeFixture.requestJSON(frame, row: 0)
    let first = try http(
      "POST", port: server.port, path: "/v1/recommend", body: body, headers: ["Idempotency-Key": "a"])
    let replay = try http(
      "POST", port: server.port, path: "/v1/recommend", body: body, headers: ["Idempotency-Key": "a"])
    #expect(first.status == 200 && replay.body == first.body && replay.headers["idempotent-replayed"] == "true")
    usleep(1_300_000)
    // Another key's commit comes after the prune interval (1 s): the writer deletes key a first.
    let other = try http(
      "POST", port: server.port, path: "/v1/recommend", body: ServeFixture.requestJSON(frame, row: 1),
      headers: ["Idempotency-Key": "b"])
    #expect(other.status == 200)
    #expect(try IdempotencyHTTPTests.count(log, "SELECT count(*) FROM idempotency WHERE key = 'a'") == 0)
    #expect(try IdempotencyHTTPTests.count(log, "SELECT count(*) FROM idempotency WHERE key = 'b'") == 1)
    let metrics = try http("GET", port: server.port, path: "/metrics").body
    #expect(metrics.contains("churn_idempotency_keys_pruned_total 1"), "\(metrics)")
    // The retry after expiry is decided and logged again.
    let late = try http("POST", port: server.port, path: "/v1/recommend", body: body, headers: ["Idempotency-Key": "a"])
    #expect(late.status == 200 && late.headers["idempotent-replayed"] == nil)
    let id1 = try parseJSON(first.body)["decision_id"]?.stringValue
    let id2 = try parseJSON(late.body)["decision_id"]?.stringValue
    #expect(id1 != nil && id2 != nil && id1 != id2)
    server.stop()
    #expect(try IdempotencyHTTPTests.count(log, "SELECT count(*) FROM decisions") == 3)
  }
}
