import Foundation
import Frame
import GRDB
import Policy
import Render
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// The decision service over real HTTP against started `churn-serve` processes serving a real saved policy.
@Suite("Decision service over HTTP", .serialized)
struct ServeHTTPTests {
  func start(_ extra: [String] = [], log: String? = nil) throws -> ServerProcess {
    try ServerProcess(
      policy: try ServeFixture.policyPath.get(), log: log ?? ServeFixture.path("log-\(UUID().uuidString).sqlite"),
      extra: extra)
  }

  func json(_ r: HTTPReply) throws -> JSONValue { try parseJSON(r.body) }

  /// Compares one served decision with row `i` of an in-process recommendation, number for number.
  func expectSame(_ d: JSONValue, _ r: PolicyRecommendations, _ i: Int) {
    #expect(d["customer_id"]?.stringValue == r.ids[i])
    #expect(d["churn_probability"]?.doubleValue == r.churn[i])
    #expect(d["recommended_intervention"]?.stringValue == r.recommendation[i])
    #expect(d["reason"]?.stringValue == r.reason[i].rawValue)
    let alternatives = d["alternatives"]?.arrayValue ?? []
    #expect(alternatives.count == r.arms.count)
    for (k, a) in alternatives.enumerated() where k < r.arms.count {
      #expect(a["intervention"]?.stringValue == r.arms[k])
      #expect(a["effect"]?["estimate"]?.doubleValue == r.effect[k][i])
      #expect(a["effect"]?["ci_lower"]?.doubleValue == r.lo[k][i])
      #expect(a["effect"]?["ci_upper"]?.doubleValue == r.hi[k][i])
      #expect(a["cost"]?.doubleValue == r.costs[k])
      #expect(a["net_value"]?["estimate"]?.doubleValue == r.net[k][i])
      #expect(a["net_value"]?["ci_lower"]?.doubleValue == r.netLo[k][i])
      #expect(a["net_value"]?["ci_upper"]?.doubleValue == r.netHi[k][i])
    }
    if let k = r.choice[i] {
      #expect(d["predicted_churn_reduction"]?["estimate"]?.doubleValue == -r.effect[k][i])
      #expect(d["predicted_churn_reduction"]?["ci_lower"]?.doubleValue == -r.hi[k][i])
      #expect(d["net_value"]?["estimate"]?.doubleValue == r.net[k][i])
    } else {
      #expect(d["predicted_churn_reduction"]?["estimate"]?.doubleValue == 0)
      #expect(d["net_value"]?["estimate"]?.doubleValue == 0)
    }
  }

  @Test("a served recommendation equals the in-process recommend of the loaded policy, single and batch")
  func servedEqualsInProcess() throws {
    let server = try start()
    defer { server.stop() }
    let loaded = try PolicyFile.load(from: try ServeFixture.policyPath.get())
    let frame = ServeFixture.customers(n: 40, seed: 99)
    let r = try loaded.recommend(frame)
    #expect(Set(r.recommendation).count >= 2, "the fixture should give more than one kind of recommendation")
    var ids = Set<String>()
    for i in 0..<frame.rowCount {
      let reply = try http(
        "POST", port: server.port, path: "/v1/recommend", body: ServeFixture.requestJSON(frame, row: i))
      #expect(reply.status == 200, "\(reply.body)")
      let d = try json(reply)
      expectSame(d, r, i)
      #expect(d["policy_version"]?.stringValue?.hasPrefix("crc32-") == true)
      ids.insert(d["decision_id"]?.stringValue ?? "")
    }
    #expect(ids.count == frame.rowCount && !ids.contains(""))
    let body =
      "{\"customers\":[" + (0..<frame.rowCount).map { ServeFixture.requestJSON(frame, row: $0) }.joined(separator: ",")
      + "]}"
    let reply = try http("POST", port: server.port, path: "/v1/recommend/batch", body: body)
    #expect(reply.status == 200, "\(reply.body)")
    let decisions = try json(reply)["decisions"]?.arrayValue ?? []
    #expect(decisions.count == frame.rowCount)
    for (i, d) in decisions.enumerated() { expectSame(d, r, i) }
  }

  @Test("every bad-request class answers 4xx JSON naming the offending field; the server stays up")
  func badRequests() throws {
    let server = try start(["--max-batch", "3", "--max-body-bytes", "2048"])
    defer { server.stop() }
    let good = ServeFixture.requestJSON(ServeFixture.customers(n: 1, seed: 1), row: 0)
    func without(_ key: String) -> String {
      guard case .object(let m)? = try? parseJSON(good) else { return good }
      return renderJSON(.object(m.filter { $0.0 != key }), pretty: false)
    }
    func with(_ key: String, _ value: String) -> String {
      String(without(key).dropLast()) + ",\"\(key)\":\(value)}"
    }
    // (name, method, path, body, content type, status, a field the error must name or nil, message part)
    let cases: [(String, String, String, String?, String?, Int, String?, String)] = [
      (
        "malformed JSON", "POST", "/v1/recommend", "{\"customer_id\": \"A\",", "application/json", 400, "$",
        "not valid JSON"
      ),
      ("not an object", "POST", "/v1/recommend", "[1,2]", "application/json", 400, "$", "expected a JSON object"),
      ("missing field", "POST", "/v1/recommend", without("tenure"), "application/json", 400, "tenure", "missing"),
      (
        "missing id", "POST", "/v1/recommend", without("customer_id"), "application/json", 400, "customer_id", "missing"
      ),
      ("unknown field", "POST", "/v1/recommend", with("tenur", "3"), "application/json", 400, "tenur", "unknown field"),
      (
        "wrong type number", "POST", "/v1/recommend", with("tenure", "\"12\""), "application/json", 400, "tenure",
        "expected a number"
      ),
      (
        "wrong type bool", "POST", "/v1/recommend", with("paperless", "1"), "application/json", 400, "paperless",
        "expected true or false"
      ),
      (
        "wrong type category", "POST", "/v1/recommend", with("plan", "7"), "application/json", 400, "plan",
        "expected one of"
      ),
      (
        "out of range (negative, never so in training)", "POST", "/v1/recommend", with("tenure", "-3"),
        "application/json", 400, "tenure", "below the minimum 0"
      ),
      (
        "out of range (not finite)", "POST", "/v1/recommend", with("charges", "1e999"), "application/json", 400,
        "charges", "finite"
      ),
      (
        "unknown level", "POST", "/v1/recommend", with("plan", "\"platinum\""), "application/json", 400, "plan",
        "unknown level \"platinum\""
      ),
      (
        "id too long", "POST", "/v1/recommend", with("customer_id", "\"\(String(repeating: "x", count: 200))\""),
        "application/json", 400, "customer_id", "1 to 128"
      ),
      ("empty body", "POST", "/v1/recommend", "", "application/json", 400, "$", "empty"),
      (
        "oversized body", "POST", "/v1/recommend", "{\"customer_id\":\"" + String(repeating: "a", count: 5000) + "\"}",
        "application/json", 413, nil, "larger than"
      ),
      ("wrong content type", "POST", "/v1/recommend", good, "text/plain", 415, nil, "application/json"),
      ("no content type", "POST", "/v1/recommend", good, nil, 415, nil, "no Content-Type"),
      ("unknown route", "GET", "/v2/nothing", nil, nil, 404, nil, "no route"),
      ("wrong method", "GET", "/v1/recommend", nil, nil, 405, nil, "accepts POST only"),
      ("wrong method on GET route", "DELETE", "/health", nil, nil, 405, nil, "accepts GET only"),
      (
        "batch not a list", "POST", "/v1/recommend/batch", "{\"customers\":3}", "application/json", 400, "customers",
        "expected an array"
      ),
      (
        "batch empty", "POST", "/v1/recommend/batch", "{\"customers\":[]}", "application/json", 400, "customers",
        "empty"
      ),
      (
        "batch over the limit", "POST", "/v1/recommend/batch", "{\"customers\":[\(good),\(good),\(good),\(good)]}",
        "application/json", 413, "customers", "batch limit of 3"
      ),
      (
        "batch member wrong", "POST", "/v1/recommend/batch", "{\"customers\":[\(good),\(with("tenure", "null"))]}",
        "application/json", 400, "customers[1].tenure", "missing"
      ),
      (
        "outcome wrong types", "POST", "/v1/outcomes",
        "{\"decision_id\":5,\"churned\":\"yes\",\"date\":\"2026-02-30\"}", "application/json", 400, "date", "YYYY-MM-DD"
      ),
      ("invalid UTF-8", "POST", "/v1/recommend", nil, "application/json", 400, "$", "UTF-8"),
      // Found by the fuzz: in-schema values the policy cannot score (charges * 12 overflows) are a 422, not a 500.
      (
        "value overflows", "POST", "/v1/recommend", with("charges", "1e308"), "application/json", 422, "charges",
        "infinite"
      ),
      (
        "batch value overflows", "POST", "/v1/recommend/batch", "{\"customers\":[\(good),\(with("charges", "1e308"))]}",
        "application/json", 422, "customers[1].charges", "infinite"
      ),
    ]
    for (name, method, path, body, type, status, field, text) in cases {
      let reply: HTTPReply
      if name == "invalid UTF-8" {
        let head =
          "POST /v1/recommend HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: 4\r\n\r\n"
        reply = try exchange(port: server.port, request: Array(head.utf8) + [0x22, 0xFF, 0xFE, 0x22])
      } else {
        reply = try http(method, port: server.port, path: path, body: body, contentType: type)
      }
      #expect(reply.status == status, "\(name): \(reply.status) \(reply.body)")
      #expect(reply.headers["content-type"] == "application/json", "\(name)")
      let e = try? json(reply)
      #expect(e?["error"]?.stringValue != nil, "\(name): \(reply.body)")
      let mentions =
        (e?["message"]?.stringValue ?? "") + " "
        + (e?["fields"]?.arrayValue ?? []).map { ($0["problem"]?.stringValue ?? "") }.joined(separator: " ")
      #expect(mentions.contains(text), "\(name): \(reply.body)")
      if let field {
        let named = (e?["fields"]?.arrayValue ?? []).compactMap { $0["field"]?.stringValue }
        #expect(named.contains(field), "\(name): \(reply.body)")
      }
    }
    // Several problems at once are all named.
    let many = try json(
      try http(
        "POST", port: server.port, path: "/v1/recommend",
        body: "{\"customer_id\":\"A\",\"tenure\":\"x\",\"plan\":\"gold\",\"extra\":1}"))
    let named = Set((many["fields"]?.arrayValue ?? []).compactMap { $0["field"]?.stringValue })
    #expect(named.isSuperset(of: ["tenure", "plan", "extra", "charges", "paperless"]), "\(named)")
    #expect(try http("GET", port: server.port, path: "/health").status == 200)
    #expect(try http("POST", port: server.port, path: "/v1/recommend", body: good).status == 200)
  }

  @Test("outcomes: recorded for a logged decision, 404 for an unknown one; both tables in the log")
  func outcomes() throws {
    let log = ServeFixture.path("outcomes.sqlite")
    let server = try start(log: log)
    let good = ServeFixture.requestJSON(ServeFixture.customers(n: 1, seed: 2), row: 0)
    let id =
      try json(try http("POST", port: server.port, path: "/v1/recommend", body: good))["decision_id"]?.stringValue ?? ""
    let ok = try http(
      "POST", port: server.port, path: "/v1/outcomes",
      body: "{\"decision_id\":\"\(id)\",\"churned\":true,\"date\":\"2026-12-01\"}")
    #expect(ok.status == 201, "\(ok.body)")
    #expect(try json(ok)["status"]?.stringValue == "recorded")
    let unknown = try http(
      "POST", port: server.port, path: "/v1/outcomes",
      body: "{\"decision_id\":\"nope\",\"churned\":false,\"date\":\"2026-12-01\"}")
    #expect(unknown.status == 404)
    #expect(unknown.body.contains("decision_id"))
    server.stop()
    let db = try DatabaseQueue(path: log)
    let rows = try db.read { db in try Row.fetchAll(db, sql: "SELECT decision_id, churned, outcome_date FROM outcomes")
    }
    #expect(rows.count == 1)
    #expect(rows.first?["decision_id"] == id)
    #expect(rows.first?["churned"] == 1)
    let inputs = try db.read { db in
      try String.fetchOne(db, sql: "SELECT inputs FROM decisions WHERE decision_id = ?", arguments: [id])
    }
    #expect(inputs?.contains("\"plan\"") == true)
  }

  @Test("auth: bearer tokens required except on health and ready; 401 says nothing more; off by default")
  func auth() throws {
    let tokens = ServeFixture.path("tokens.txt")
    try "# service tokens\nalpha-token-1\n\n  beta-token-2  \n".write(toFile: tokens, atomically: true, encoding: .utf8)
    let server = try start(["--token-file", tokens])
    defer { server.stop() }
    let good = ServeFixture.requestJSON(ServeFixture.customers(n: 1, seed: 3), row: 0)
    for header in [
      nil, "Bearer wrong", "Bearer alpha-token-", "Bearer alpha-token-12", "Basic alpha-token-1", "bearer",
    ] {
      let r = try http(
        "POST", port: server.port, path: "/v1/recommend", body: good,
        headers: header.map { ["Authorization": $0] } ?? [:])
      #expect(r.status == 401, "\(header ?? "none")")
      #expect(r.body == "{\"error\":\"unauthorized\",\"message\":\"a valid bearer token is required\"}")
      #expect(r.headers["www-authenticate"] == "Bearer")
    }
    #expect(try http("GET", port: server.port, path: "/metrics").status == 401)
    for token in ["alpha-token-1", "beta-token-2"] {
      #expect(
        try http(
          "POST", port: server.port, path: "/v1/recommend", body: good, headers: ["Authorization": "Bearer \(token)"]
        ).status == 200)
    }
    #expect(try http("GET", port: server.port, path: "/health").status == 200)
    #expect(try http("GET", port: server.port, path: "/ready").status == 200)
    let open = try start()
    defer { open.stop() }
    #expect(try http("POST", port: open.port, path: "/v1/recommend", body: good).status == 200)
    #expect(try http("GET", port: open.port, path: "/metrics").status == 200)
  }

  @Test("metrics: requests by route and status, latency histogram, decisions by intervention, log commits")
  func metrics() throws {
    let server = try start()
    defer { server.stop() }
    let frame = ServeFixture.customers(n: 6, seed: 4)
    for i in 0..<6 {
      _ = try http("POST", port: server.port, path: "/v1/recommend", body: ServeFixture.requestJSON(frame, row: i))
    }
    _ = try http("POST", port: server.port, path: "/v1/recommend", body: "{")
    _ = try http("GET", port: server.port, path: "/nowhere")
    let m = try http("GET", port: server.port, path: "/metrics")
    #expect(m.status == 200)
    #expect(m.headers["content-type"]?.hasPrefix("text/plain") == true)
    let text = m.body
    #expect(text.contains("churn_http_requests_total{route=\"/v1/recommend\",status=\"200\"} 6"), "\(text)")
    #expect(text.contains("churn_http_requests_total{route=\"/v1/recommend\",status=\"400\"} 1"))
    #expect(text.contains("churn_http_requests_total{route=\"unmatched\",status=\"404\"} 1"))
    #expect(text.contains("churn_http_request_duration_seconds_bucket{route=\"/v1/recommend\""))
    #expect(text.contains("churn_http_request_duration_seconds_count{route=\"/v1/recommend\"} 7"))
    let decided = text.split(separator: "\n").filter { $0.hasPrefix("churn_decisions_total{") }
      .compactMap { Int($0.split(separator: " ").last ?? "") }.reduce(0, +)
    #expect(decided == 6, "\(text)")
    #expect(text.contains("churn_log_commit_duration_seconds_count"))
    #expect(text.contains("churn_log_commit_records_sum 6"))
    // Each of the six decisions recorded its scoring and log waits once.
    #expect(text.contains("churn_recommend_stage_seconds_count{stage=\"scoring\"} 6"), "\(text)")
    #expect(text.contains("churn_recommend_stage_seconds_count{stage=\"log\"} 6"), "\(text)")
  }

  @Test(
    "SIGKILL under load: every acknowledged decision is in the log, which passes integrity_check; restart serves",
    arguments: ["full", "normal"])
  func sigkillDurability(sync: String) throws {
    let log = ServeFixture.path("kill-\(sync).sqlite")
    let server = try start(["--sync", sync], log: log)
    let frame = ServeFixture.customers(n: 50, seed: 5)
    let bodies = (0..<50).map { ServeFixture.requestJSON(frame, row: $0) }
    let acked = Acked()
    let stopFlag = Acked()
    let group = DispatchGroup()
    for w in 0..<8 {
      group.enter()
      DispatchQueue.global().async {
        defer { group.leave() }
        var i = w
        while !stopFlag.isSet {
          guard let r = try? http("POST", port: server.port, path: "/v1/recommend", body: bodies[i % 50], timeout: 5),
            r.status == 200, let id = (try? parseJSON(r.body))?["decision_id"]?.stringValue
          else { continue }
          acked.add(id)
          i += 8
        }
      }
    }
    let deadline = Date().addingTimeInterval(20)
    while acked.count < 150 && Date() < deadline { usleep(20_000) }
    server.signal(SIGKILL)
    server.wait()
    stopFlag.set()
    group.wait()
    let ids = acked.all
    #expect(ids.count >= 150, "load produced only \(ids.count) acknowledged decisions")
    let db = try DatabaseQueue(path: log)
    let check = try db.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
    #expect(check == ["ok"])
    let logged = Set(try db.read { db in try String.fetchAll(db, sql: "SELECT decision_id FROM decisions") })
    let lost = ids.filter { !logged.contains($0) }
    #expect(lost.isEmpty, "\(lost.count) of \(ids.count) acknowledged decisions are missing from the log")
    try db.close()
    let again = try start(log: log)
    defer { again.stop() }
    #expect(try http("POST", port: again.port, path: "/v1/recommend", body: bodies[0]).status == 200)
  }

  @Test("SIGTERM: an in-flight request finishes, its decisions are logged, the process exits 0")
  func sigtermFinishesInFlight() throws {
    let log = ServeFixture.path("term.sqlite")
    let server = try start(log: log)
    let frame = ServeFixture.customers(n: 20, seed: 6)
    let body = Array(
      ("{\"customers\":[" + (0..<20).map { ServeFixture.requestJSON(frame, row: $0) }.joined(separator: ",") + "]}")
        .utf8)
    let head = Array(
      "POST /v1/recommend/batch HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: \(body.count)\r\n\r\n"
        .utf8)
    // Headers and half the body, then SIGTERM, then the rest: the request is in flight when the signal lands,
    // whatever the build's speed. Meanwhile /ready must report the shutdown (or the listener is already closed).
    var readyDuringShutdown: Int? = nil
    let reply = try exchange(
      port: server.port, parts: [head + body[..<(body.count / 2)], Array(body[(body.count / 2)...])],
      between: {
        usleep(200_000)
        server.signal(SIGTERM)
        usleep(300_000)
        readyDuringShutdown = (try? http("GET", port: server.port, path: "/ready", timeout: 2))?.status
      })
    let status = server.wait()
    #expect(reply.status == 200, "\(reply.body)")
    let ids = (try json(reply)["decisions"]?.arrayValue ?? []).compactMap { $0["decision_id"]?.stringValue }
    #expect(ids.count == 20)
    #expect(
      readyDuringShutdown == nil || readyDuringShutdown == 503,
      "ready answered \(readyDuringShutdown ?? 0) during shutdown")
    #expect(status == 0, "\(server.errorOutput())")
    let db = try DatabaseQueue(path: log)
    let logged = Set(try db.read { db in try String.fetchAll(db, sql: "SELECT decision_id FROM decisions") })
    #expect(Set(ids).isSubset(of: logged))
  }

  @Test("churn serve execs churn-serve beside churn; without it, says which command builds it")
  func launcher() throws {
    // CHURN_BIN (scripts/test.sh sets it), else the debug build `swift test` made; churn-serve sits beside each.
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
    let churn =
      ProcessInfo.processInfo.environment["CHURN_BIN"] ?? root.appendingPathComponent(".build/debug/churn").path
    let server = try ServerProcess(
      policy: try ServeFixture.policyPath.get(), log: ServeFixture.path("launcher.sqlite"),
      executable: churn, prefix: ["serve"])
    #expect(try http("GET", port: server.port, path: "/health").status == 200)
    server.stop()
    #expect(server.process.terminationStatus == 0)
    let alone = ServeFixture.path("alone")
    try FileManager.default.createDirectory(atPath: alone, withIntermediateDirectories: true)
    try FileManager.default.copyItem(atPath: churn, toPath: alone + "/churn")
    let p = Process()
    p.executableURL = URL(fileURLWithPath: alone + "/churn")
    p.arguments = ["serve", "--policy", "x"]
    let err = Pipe()
    p.standardError = err
    try p.run()
    let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    p.waitUntilExit()
    #expect(p.terminationStatus == 1)
    #expect(text.contains("swift build -c release --product churn-serve"), "\(text)")
  }

  @Test("startup refuses a missing, corrupted or truncated policy file with a message")
  func startupErrors() throws {
    let good = try ServeFixture.policyPath.get()
    let bytes = try Data(contentsOf: URL(fileURLWithPath: good))
    let truncated = ServeFixture.path("truncated.policy")
    try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: truncated))
    var flipped = bytes
    flipped[bytes.count - 10] ^= 0xFF
    let corrupted = ServeFixture.path("corrupted.policy")
    try flipped.write(to: URL(fileURLWithPath: corrupted))
    for path in [ServeFixture.path("absent.policy"), truncated, corrupted] {
      #expect(throws: ServerStartError.self) { try ServerProcess(policy: path, log: ServeFixture.path("x.sqlite")) }
    }
  }
}

/// A thread-safe list of acknowledged ids (and a stop flag).
final class Acked: @unchecked Sendable {
  private let lock = NSLock()
  private var ids: [String] = []
  private var flag = false
  func add(_ id: String) {
    lock.lock()
    ids.append(id)
    lock.unlock()
  }
  var count: Int {
    lock.lock()
    defer { lock.unlock() }
    return ids.count
  }
  var all: [String] {
    lock.lock()
    defer { lock.unlock() }
    return ids
  }
  func set() {
    lock.lock()
    flag = true
    lock.unlock()
  }
  var isSet: Bool {
    lock.lock()
    defer { lock.unlock() }
    return flag
  }
}
