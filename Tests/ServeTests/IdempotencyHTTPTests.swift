import Dispatch
import Foundation
import GRDB
import Render
import Testing

/// `Idempotency-Key` on `POST /v1/recommend` and `/v1/outcomes` over real HTTP with the SQLite log: a retry
/// gets the first answer (same decision id) and logs nothing; another body with the key is a 422; the keys
/// survive a restart; concurrent retries agree.
@Suite("Idempotency keys over HTTP", .serialized)
struct IdempotencyHTTPTests {
  static func count(_ log: String, _ sql: String) throws -> Int {
    let db = try DatabaseQueue(path: log)
    defer { try? db.close() }
    return try db.read { db in try Int.fetchOne(db, sql: sql) ?? -1 }
  }

  @Test(
    "a retry with the same key and body replays the first response; a different body is 422; keys survive a restart")
  func retryReplays() throws {
    let log = ServeFixture.path("idempotency.sqlite")
    let policy = try ServeFixture.policyPath.get()
    var server = try ServerProcess(policy: policy, log: log)
    let frame = ServeFixture.customers(n: 2, seed: 31)
    let body = ServeFixture.requestJSON(frame, row: 0)
    let key = ["Idempotency-Key": "order-7f3a-0001"]
    let first = try http("POST", port: server.port, path: "/v1/recommend", body: body, headers: key)
    #expect(first.status == 200, "\(first.body)")
    #expect(first.headers["idempotent-replayed"] == nil)
    let id = try #require(try parseJSON(first.body)["decision_id"]?.stringValue)
    // The same request with its members in another order and spaces is the same request.
    let members = try #require(try parseJSON(body).objectValue)
    let reordered = renderJSON(.object(members.reversed()), pretty: true)
    let retry = try http("POST", port: server.port, path: "/v1/recommend", body: reordered, headers: key)
    #expect(retry.status == 200)
    #expect(retry.body == first.body, "a replay must be the first response byte for byte")
    #expect(retry.headers["idempotent-replayed"] == "true")
    let other = try http(
      "POST", port: server.port, path: "/v1/recommend", body: ServeFixture.requestJSON(frame, row: 1), headers: key)
    #expect(other.status == 422, "\(other.body)")
    #expect(try parseJSON(other.body)["error"]?.stringValue == "idempotency_key_reused")
    #expect(other.body.contains("Idempotency-Key"))
    // Without a key, the same body is a new decision.
    let unkeyed = try http("POST", port: server.port, path: "/v1/recommend", body: body)
    #expect(try parseJSON(unkeyed.body)["decision_id"]?.stringValue != id)

    // Outcomes: recorded once, the retry answers 201 with the same body; the key cannot be reused on another route.
    let outcome = "{\"decision_id\":\"\(id)\",\"churned\":false,\"date\":\"2026-12-03\"}"
    let okey = ["Idempotency-Key": "outcome-\(id)"]
    let o1 = try http("POST", port: server.port, path: "/v1/outcomes", body: outcome, headers: okey)
    let o2 = try http("POST", port: server.port, path: "/v1/outcomes", body: outcome, headers: okey)
    #expect(o1.status == 201 && o2.status == 201, "\(o1.body) \(o2.body)")
    #expect(o2.body == o1.body && o2.headers["idempotent-replayed"] == "true")
    let crossRoute = try http("POST", port: server.port, path: "/v1/outcomes", body: outcome, headers: key)
    #expect(crossRoute.status == 422 && crossRoute.body.contains("/v1/recommend"), "\(crossRoute.body)")

    // Unusable keys are a 400 naming the header.
    for bad in ["", String(repeating: "k", count: 256), "has space"] {
      let r = try http("POST", port: server.port, path: "/v1/recommend", body: body, headers: ["Idempotency-Key": bad])
      #expect(
        r.status == 400 && r.body.contains("invalid_idempotency_key") && r.body.contains("Idempotency-Key"),
        "\(bad): \(r.body)")
    }

    // After a restart on the same log file the retry still replays.
    server.stop()
    #expect(try Self.count(log, "SELECT count(*) FROM decisions WHERE decision_id = '\(id)'") == 1)
    #expect(try Self.count(log, "SELECT count(*) FROM decisions") == 2)
    #expect(try Self.count(log, "SELECT count(*) FROM outcomes") == 1)
    #expect(try Self.count(log, "SELECT count(*) FROM idempotency") == 2)
    server = try ServerProcess(policy: policy, log: log)
    let afterRestart = try http("POST", port: server.port, path: "/v1/recommend", body: body, headers: key)
    #expect(afterRestart.status == 200 && afterRestart.body == first.body)
    server.stop()
    #expect(try Self.count(log, "SELECT count(*) FROM decisions") == 2)
  }

  @Test("concurrent requests with one key: all get the same decision, the log holds it once")
  func concurrentRetries() throws {
    let log = ServeFixture.path("idempotency-concurrent.sqlite")
    let server = try ServerProcess(policy: try ServeFixture.policyPath.get(), log: log)
    defer { server.stop() }
    let body = ServeFixture.requestJSON(ServeFixture.customers(n: 1, seed: 32), row: 0)
    let replies = Replies()
    DispatchQueue.concurrentPerform(iterations: 12) { _ in
      let r = try? http(
        "POST", port: server.port, path: "/v1/recommend", body: body, headers: ["Idempotency-Key": "same-key-for-all"])
      replies.add(r.map { "\($0.status) \($0.body)" } ?? "no reply")
    }
    #expect(replies.all.count == 12)
    #expect(Set(replies.all).count == 1, "\(Set(replies.all))")
    #expect(replies.all.first?.hasPrefix("200 ") == true)
    server.stop()
    #expect(try Self.count(log, "SELECT count(*) FROM decisions") == 1)
  }
}

/// Reply texts collected from several threads.
final class Replies: @unchecked Sendable {
  private let lock = NSLock()
  private var items: [String] = []
  func add(_ s: String) {
    lock.lock()
    items.append(s)
    lock.unlock()
  }
  var all: [String] {
    lock.lock()
    defer { lock.unlock() }
    return items
  }
}
