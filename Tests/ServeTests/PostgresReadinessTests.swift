import Dispatch
import Foundation
import Logging
import PostgresNIO
import Render
import Serve
import Testing

/// `/ready` and idempotency keys with the shared PostgreSQL log: the database refusing connections makes the
/// replica unready (with the reason) and serving again when it accepts them; a key is honoured across replicas.
@Suite(
  "PostgreSQL log: readiness and idempotency", .serialized,
  .enabled(if: postgresTestURL != nil, "set CHURN_TEST_POSTGRES_URL (scripts/test.sh starts a local PostgreSQL)"))
struct PostgresReadinessTests {
  /// Runs one statement as the admin user.
  static func admin(_ url: PostgresURL, _ sql: String) async throws {
    _ = try await PostgresLogStore.withConnection(url, logger: Logger(label: "test")) { c in
      try await c.query(PostgresQuery(unsafeSQL: sql), logger: Logger(label: "test"))
    }
  }

  /// Polls `/ready` until its status is `want` (at most `seconds`); returns the last reply.
  static func waitReady(_ port: Int, _ want: Int, seconds: Double) throws -> HTTPReply {
    let deadline = Date().addingTimeInterval(seconds)
    var last = try http("GET", port: port, path: "/ready")
    while last.status != want && Date() < deadline {
      usleep(200_000)
      last = try http("GET", port: port, path: "/ready")
    }
    return last
  }

  @Test("/ready is 503 with a reason while the database refuses connections, 200 again once it accepts them")
  func readinessFollowsTheDatabase() async throws {
    let (admin, url, name) = try await PostgresReplicaTests.createDatabase()
    let server = try ServerProcess(policy: try ServeFixture.policyPath.get(), log: url + "?connect_timeout=2")
    let body = ServeFixture.requestJSON(ServeFixture.customers(n: 1, seed: 41), row: 0)
    #expect(try http("GET", port: server.port, path: "/ready").status == 200)
    #expect(try http("POST", port: server.port, path: "/v1/recommend", body: body).status == 200)
    // The outage: no new connections to the log's database, and its open ones ended.
    try await Self.admin(admin, "ALTER DATABASE \(name) WITH ALLOW_CONNECTIONS false")
    try await Self.admin(admin, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '\(name)'")
    let down = try Self.waitReady(server.port, 503, seconds: 20)
    #expect(down.status == 503, "\(down.body)")
    let json = try parseJSON(down.body)
    #expect(json["status"]?.stringValue == "log_unavailable")
    #expect(json["reason"]?.stringValue?.contains("decision log cannot commit") == true, "\(down.body)")
    let refused = try http("POST", port: server.port, path: "/v1/recommend", body: body)
    #expect(refused.status == 503 && refused.body.contains("log_unavailable"), "\(refused.body)")
    #expect(try http("GET", port: server.port, path: "/health").status == 200, "liveness does not depend on the log")
    // Back again.
    try await Self.admin(admin, "ALTER DATABASE \(name) WITH ALLOW_CONNECTIONS true")
    let up = try Self.waitReady(server.port, 200, seconds: 60)
    #expect(up.status == 200, "\(up.body)")
    #expect(try http("POST", port: server.port, path: "/v1/recommend", body: body).status == 200)
    server.stop()
    #expect(server.wait() == 0)
    await PostgresReplicaTests.drop(admin, name)
  }

  @Test("one Idempotency-Key sent to two replicas at once: one decision in the shared log, both answer with it")
  func keyAcrossReplicas() async throws {
    let (admin, url, name) = try await PostgresReplicaTests.createDatabase()
    let policy = try ServeFixture.policyPath.get()
    let a = try ServerProcess(policy: policy, log: url)
    let b = try ServerProcess(policy: policy, log: url)
    let ports = [a.port, b.port]
    let frame = ServeFixture.customers(n: 5, seed: 42)
    let replies = Replies()
    // Five keys, each sent by four threads, alternating replicas.
    DispatchQueue.concurrentPerform(iterations: 20) { i in
      let k = i % 5
      let r = try? http(
        "POST", port: ports[i % 2], path: "/v1/recommend", body: ServeFixture.requestJSON(frame, row: k),
        headers: ["Idempotency-Key": "replica-key-\(k)"])
      replies.add("\(k) " + (r.map { "\($0.status) \($0.body)" } ?? "no reply"))
    }
    let byKey = Dictionary(grouping: replies.all, by: { $0.prefix(1) })
    #expect(byKey.count == 5)
    for (k, group) in byKey.sorted(by: { $0.key < $1.key }) {
      #expect(group.count == 4 && Set(group).count == 1, "key \(k): \(Set(group))")
      #expect(group.first?.contains(" 200 ") == true, "key \(k): \(group.first ?? "")")
    }
    a.stop()
    b.stop()
    let counts = try await PostgresLogStore.withConnection(try PostgresURL(parsing: url), logger: Logger(label: "test"))
    { c in
      var out: [Int64] = []
      for sql in ["SELECT count(*) FROM decisions", "SELECT count(*) FROM idempotency"] {
        for try await n in try await c.query(PostgresQuery(unsafeSQL: sql), logger: Logger(label: "test")).decode(
          Int64.self)
        { out.append(n) }
      }
      return out
    }
    #expect(counts == [5, 5], "decisions, keys: \(counts)")
    await PostgresReplicaTests.drop(admin, name)
  }
}
