import DecisionLog
import Foundation
import Frame
import Lang
import Render
import Testing

/// `read_log`: the service's decision log back as a frame, with inputs, scores and outcomes.
@Suite("read_log", .serialized)
struct ReadLogTests {
  @Test("the log of a real server reads back as a frame matching what the clients were told")
  func roundTrip() throws {
    let log = ServeFixture.path("readlog.sqlite")
    let server = try ServerProcess(policy: try ServeFixture.policyPath.get(), log: log)
    let frame = ServeFixture.customers(n: 5, seed: 21)
    var answers: [JSONValue] = []
    for i in 0..<5 {
      let r = try http("POST", port: server.port, path: "/v1/recommend", body: ServeFixture.requestJSON(frame, row: i))
      answers.append(try parseJSON(r.body))
    }
    let first = answers[0]["decision_id"]?.stringValue ?? ""
    let o = try http(
      "POST", port: server.port, path: "/v1/outcomes",
      body: "{\"decision_id\":\"\(first)\",\"churned\":false,\"date\":\"2026-11-30\"}")
    #expect(o.status == 201)
    let o2 = try http(
      "POST", port: server.port, path: "/v1/outcomes",
      body: "{\"decision_id\":\"\(first)\",\"churned\":true,\"date\":\"2026-12-31\"}")
    #expect(o2.status == 201)
    // Read while the server still runs (WAL: readers do not block the writer).
    let f = try DecisionLogReader.read(path: log)
    server.stop()
    #expect(f.rowCount == 5)
    #expect(
      Array(f.columnNames.prefix(6)) == [
        "time", "decision_id", "customer_id", "policy_version", "churn_probability", "recommendation",
      ])
    for name in [
      "tenure", "charges", "plan", "paperless", "effect_call", "effect_discount_upper", "net_call", "churned",
      "outcome_date",
    ] {
      #expect(f[name] != nil, "no column \(name) in \(f.columnNames)")
    }
    for i in 0..<5 {
      #expect(f["decision_id"]?.string(at: i) == answers[i]["decision_id"]?.stringValue)
      #expect(f["churn_probability"]?.double(at: i) == answers[i]["churn_probability"]?.doubleValue)
      #expect(f["recommendation"]?.string(at: i) == answers[i]["recommended_intervention"]?.stringValue)
      #expect(f["tenure"]?.double(at: i) == frame["tenure"]?.double(at: i))
      #expect(f["plan"]?.string(at: i) == frame["plan"]?.string(at: i))
      #expect(f["paperless"]?.double(at: i) == frame["paperless"]?.double(at: i))
      let call = answers[i]["alternatives"]?[0]
      #expect(f["effect_call"]?.double(at: i) == call?["effect"]?["estimate"]?.doubleValue)
    }
    // The latest outcome wins; decisions without one have it missing.
    #expect(f["churned"]?.double(at: 0) == 1)
    #expect(f["outcome_date"]?.string(at: 0) == "2026-12-31")
    #expect(f["churned"]?.isMissing(1) == true)

    // The language command gives the same frame.
    let interp = Interpreter()
    interp.output = { _ in }
    let source = SourceFile(name: "t.churn", text: "read_log(\"\(log)\") |> count_values recommendation")
    let program = try interp.parse(source)
    try interp.check(program)
    var last: Value = .nothing
    for s in program.statements { if let v = try interp.execute(s, in: source) { last = v } }
    guard case .frame(let counts) = last else {
      Issue.record("read_log did not give a frame: \(last)")
      return
    }
    #expect(counts.rowCount >= 1)
  }

  @Test("a file that is not a decision log, or missing, is refused with a message")
  func refusals() throws {
    let notLog = ServeFixture.path("plain.sqlite")
    try "not a database at all".write(toFile: notLog, atomically: true, encoding: .utf8)
    for (path, text) in [(notLog, "cannot read"), (ServeFixture.path("absent.sqlite"), "cannot open the decision log")]
    {
      do {
        _ = try DecisionLogReader.read(path: path)
        Issue.record("\(path) was accepted")
      } catch let e as DecisionLogError {
        #expect(e.description.contains(text), "\(e.description)")
      }
    }
  }
}
