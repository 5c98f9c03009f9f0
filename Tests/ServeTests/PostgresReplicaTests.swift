import DecisionLog
import Foundation
import GRDB
import Logging
import PostgresNIO
import Render
import Serve
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// The PostgreSQL test server's URL (`scripts/test.sh` starts one and sets it; CI always does).
let postgresTestURL = ProcessInfo.processInfo.environment["CHURN_TEST_POSTGRES_URL"]

/// Two `churn-serve` replicas sharing one PostgreSQL decision log under concurrent load.
@Suite(
  "Two replicas on one PostgreSQL log", .serialized,
  .enabled(if: postgresTestURL != nil, "set CHURN_TEST_POSTGRES_URL (scripts/test.sh starts a local PostgreSQL)"))
struct PostgresReplicaTests {
  /// A fresh database on the test server for one test; dropped by `drop`.
  static func createDatabase() async throws -> (admin: PostgresURL, url: String, name: String) {
    let admin = try PostgresURL(parsing: try #require(postgresTestURL))
    let name = "churn_replicas_\(getpid())_\(UInt32.random(in: 0...UInt32.max))"
    _ = try await PostgresLogStore.withConnection(admin, logger: Logger(label: "test")) { c in
      try await c.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"), logger: Logger(label: "test"))
    }
    var url = admin
    url.database = name
    return (admin, "postgresql://\(url.user)@\(url.host):\(url.port)/\(name)", name)
  }

  static func drop(_ admin: PostgresURL, _ name: String) async {
    _ = try? await PostgresLogStore.withConnection(admin, logger: Logger(label: "test")) { c in
      try await c.query(PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(name)"), logger: Logger(label: "test"))
    }
  }

  @Test(
    "two replicas × concurrent clients: every acknowledged decision logged once, outcomes linked across replicas, export reads back"
  )
  func twoReplicasUnderLoad() async throws {
    let (admin, url, name) = try await Self.createDatabase()
    let policy = try ServeFixture.policyPath.get()
    let a = try ServerProcess(policy: policy, log: url)
    let b = try ServerProcess(policy: policy, log: url)
    let ports = [a.port, b.port]
    let frame = ServeFixture.customers(n: 60, seed: 21)
    let bodies = (0..<60).map { ServeFixture.requestJSON(frame, row: $0) }
    // 4 client threads × 40 single requests + 4 × 5 batches of 3, alternating between the replicas.
    let acked = Acked()
    let madeBy = ReplicaOf()
    let failures = Acked()
    DispatchQueue.concurrentPerform(iterations: 4) { w in
      for k in 0..<45 {
        let replica = (w + k) % 2
        let batch = k % 9 == 8
        let body =
          batch
          ? "{\"customers\":[" + (0..<3).map { bodies[(w * 45 + k + $0) % 60] }.joined(separator: ",") + "]}"
          : bodies[(w * 45 + k) % 60]
        guard
          let r = try? http(
            "POST", port: ports[replica], path: batch ? "/v1/recommend/batch" : "/v1/recommend", body: body),
          r.status == 200, let json = try? parseJSON(r.body)
        else {
          failures.add("worker \(w) request \(k)")
          continue
        }
        let ds = batch ? (json["decisions"]?.arrayValue ?? []) : [json]
        for d in ds {
          guard let id = d["decision_id"]?.stringValue else {
            failures.add("no id")
            continue
          }
          acked.add(id)
          madeBy.set(id, replica)
        }
      }
    }
    let ids = acked.all
    #expect(failures.all.isEmpty, "\(failures.all)")
    let expected: Int = 4 * (40 + 5 * 3)
    #expect(ids.count == expected)
    // Outcomes for every third decision, each reported to the replica that did NOT make it.
    let outcomeIDs = ids.sorted().enumerated().filter { $0.offset % 3 == 0 }.map(\.element)
    for (k, id) in outcomeIDs.enumerated() {
      let other = 1 - madeBy.replica(id)
      let r = try http(
        "POST", port: ports[other], path: "/v1/outcomes",
        body: "{\"decision_id\":\"\(id)\",\"churned\":\(k % 2 == 0),\"date\":\"2026-12-0\(1 + k % 9)\"}")
      #expect(r.status == 201, "\(r.body)")
    }
    a.stop()
    b.stop()
    #expect(a.wait() == 0 && b.wait() == 0)

    // Straight from PostgreSQL: each acknowledged id exactly once, nothing else.
    let counted = try await PostgresLogStore.withConnection(
      try PostgresURL(parsing: url), logger: Logger(label: "test")
    ) { c in
      var out: [(String, Int64)] = []
      let rows = try await c.query(
        "SELECT decision_id, count(*) FROM decisions GROUP BY decision_id", logger: Logger(label: "test"))
      for try await (id, n) in rows.decode((String, Int64).self) { out.append((id, n)) }
      return out
    }
    #expect(counted.allSatisfy { $0.1 == 1 }, "duplicated decision ids: \(counted.filter { $0.1 != 1 })")
    let logged = Set(counted.map(\.0))
    let lost = Set(ids).subtracting(logged), unexpected = logged.subtracting(ids)
    #expect(Set(ids).count == ids.count, "the replicas handed out \(ids.count - Set(ids).count) duplicate decision ids")
    #expect(
      lost.isEmpty && unexpected.isEmpty,
      "\(lost.count) acknowledged decisions missing from the log, \(unexpected.count) logged decisions never acknowledged"
    )

    // export-log → SQLite → read_log's reader: outcomes joined to their decisions.
    let file = ServeFixture.path("replicas-export.sqlite")
    let export = try runServe(["export-log", "--log", url, "--to", file])
    #expect(export.status == 0, "\(export.output)")
    #expect(
      export.output.contains("exported \(ids.count) decisions and \(outcomeIDs.count) outcomes"), "\(export.output)")
    let db = try DatabaseQueue(path: file)
    let exported = try await db.read { db in try String.fetchAll(db, sql: "SELECT decision_id FROM decisions") }
    try db.close()
    #expect(
      exported.count == ids.count && Set(exported) == Set(ids),
      "export holds \(exported.count) decisions for \(ids.count) acknowledged")
    let logFrame = try DecisionLogReader.read(path: file)
    #expect(logFrame.rowCount == ids.count)
    let churned = try #require(logFrame["churned"])
    let decisionCol = try #require(logFrame["decision_id"])
    let withOutcome = (0..<logFrame.rowCount).filter { !churned.isMissing($0) }.map { decisionCol.string(at: $0) ?? "" }
    #expect(
      withOutcome.count == outcomeIDs.count && Set(withOutcome) == Set(outcomeIDs),
      "read_log links \(withOutcome.count) outcomes, \(outcomeIDs.count) were reported")
    // A second export onto the same file is refused.
    let again = try runServe(["export-log", "--log", url, "--to", file])
    #expect(again.status == 1 && again.output.contains("already exists"), "\(again.output)")
    await Self.drop(admin, name)
  }

  @Test(
    "SIGKILL of one replica under load: every decision either replica acknowledged is in the shared log; the survivor keeps serving"
  )
  func sigkillOneReplica() async throws {
    let (admin, url, name) = try await Self.createDatabase()
    let policy = try ServeFixture.policyPath.get()
    let victim = try ServerProcess(policy: policy, log: url)
    let survivor = try ServerProcess(policy: policy, log: url)
    let frame = ServeFixture.customers(n: 30, seed: 22)
    let bodies = (0..<30).map { ServeFixture.requestJSON(frame, row: $0) }
    let acked = Acked(), stopFlag = Acked()
    let group = DispatchGroup()
    for w in 0..<6 {
      group.enter()
      DispatchQueue.global().async {
        defer { group.leave() }
        var i = w
        while !stopFlag.isSet {
          let port = i % 2 == 0 ? victim.port : survivor.port
          i += 1
          guard let r = try? http("POST", port: port, path: "/v1/recommend", body: bodies[i % 30], timeout: 5),
            r.status == 200, let id = (try? parseJSON(r.body))?["decision_id"]?.stringValue
          else { continue }
          acked.add(id)
        }
      }
    }
    let deadline = Date().addingTimeInterval(20)
    while acked.count < 120 && Date() < deadline { usleep(20_000) }
    victim.signal(SIGKILL)
    victim.wait()
    let atKill = acked.count
    while acked.count < atKill + 30 && Date() < deadline.addingTimeInterval(10) { usleep(20_000) }
    stopFlag.set()
    group.wait()
    survivor.stop()
    let ids = acked.all
    #expect(atKill >= 120, "load produced only \(atKill) acknowledged decisions before the kill")
    #expect(
      ids.count >= atKill + 30, "the surviving replica acknowledged only \(ids.count - atKill) decisions after the kill"
    )
    let logged = try await PostgresLogStore.withConnection(try PostgresURL(parsing: url), logger: Logger(label: "test"))
    { c in
      var out: [String] = []
      for try await id in try await c.query("SELECT decision_id FROM decisions", logger: Logger(label: "test")).decode(
        String.self)
      { out.append(id) }
      return out
    }
    let lost = Set(ids).subtracting(logged)
    #expect(lost.isEmpty, "\(lost.count) of \(ids.count) acknowledged decisions are missing from the shared log")
    #expect(Set(logged).count == logged.count)
    await Self.drop(admin, name)
  }

  @Test("a missing database is a startup error naming it; the password never appears")
  func missingDatabase() throws {
    let admin = try PostgresURL(parsing: try #require(postgresTestURL))
    let url = "postgresql://\(admin.user):s3cret@\(admin.host):\(admin.port)/churn_no_such_db"
    let r = try runServe(["--policy", try ServeFixture.policyPath.get(), "--port", "0", "--log", url])
    #expect(r.status == 1)
    #expect(r.output.contains("churn_no_such_db") && r.output.contains("does not exist"), "\(r.output)")
    #expect(!r.output.contains("s3cret"))
  }
}

/// PostgreSQL URLs and an unreachable server: no database needed.
@Suite("PostgreSQL log options")
struct PostgresOptionTests {
  @Test("--log postgresql:// URLs parse; bad ones are usage errors naming the fix; the password is never shown")
  func urls() throws {
    let o = try ServeOptions.parse([
      "--policy", "p", "--log", "postgresql://svc:pa%40ss@db.internal:6543/churn?sslmode=require&connect_timeout=3",
    ])
    guard case .postgres(let u) = o.log else {
      Issue.record("not a postgres target: \(o.log)")
      return
    }
    #expect(
      u.user == "svc" && u.password == "pa@ss" && u.host == "db.internal" && u.port == 6543 && u.database == "churn")
    #expect(u.sslMode == .require && u.connectTimeout == 3)
    #expect(o.log.display == "postgresql://svc@db.internal:6543/churn")
    let env = try PostgresURL(parsing: "postgres://svc@h/d", environment: ["PGPASSWORD": "from-env"])
    #expect(env.password == "from-env" && env.port == 5432 && env.sslMode == .disable)
    #expect(try ServeOptions.parse(["--policy", "p", "--log", "x.sqlite"]).log == .sqlite("x.sqlite"))
    for (bad, says) in [
      ("postgresql://h/d", "no user"), ("postgresql://u@h", "no database"),
      ("postgresql://u:pw@h/d?sslmode=maybe", "sslmode"), ("postgresql://u:pw@h/d?x=1", "unknown URL parameter x"),
      ("postgresql://u:pw@h/d?connect_timeout=0", "connect_timeout"),
    ] {
      do {
        _ = try ServeOptions.parse(["--policy", "p", "--log", bad])
        Issue.record("\(bad) was accepted")
      } catch let e as UsageError {
        #expect(e.message?.contains(says) == true, "\(bad): \(e.message ?? "")")
        #expect(e.message?.contains("pw") != true, "password shown: \(e.message ?? "")")
      }
    }
  }

  @Test("an unreachable PostgreSQL is a clear startup error (exit 1), not a crash or a hang")
  func unreachable() throws {
    let started = Date()
    let r = try runServe([
      "--policy", try ServeFixture.policyPath.get(), "--port", "0",
      "--log", "postgresql://churn:topsecret@127.0.0.1:1/churn?connect_timeout=3",
    ])
    #expect(r.status == 1, "\(r.output)")
    #expect(
      r.output.contains("cannot connect to the decision log database postgresql://churn@127.0.0.1:1/churn"),
      "\(r.output)")
    #expect(r.output.lowercased().contains("refused"), "\(r.output)")
    #expect(!r.output.contains("topsecret"))
    #expect(Date().timeIntervalSince(started) < 15)
  }
}

/// Runs churn-serve to completion; returns its exit status and stdout + stderr.
func runServe(_ args: [String]) throws -> (status: Int32, output: String) {
  try runProcess(ServerProcess.binary, args)
}

/// Which replica made each decision (thread-safe).
final class ReplicaOf: @unchecked Sendable {
  private let lock = NSLock()
  private var map: [String: Int] = [:]
  func set(_ id: String, _ r: Int) {
    lock.lock()
    map[id] = r
    lock.unlock()
  }
  func replica(_ id: String) -> Int {
    lock.lock()
    defer { lock.unlock() }
    return map[id] ?? 0
  }
}
