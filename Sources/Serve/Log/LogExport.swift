import FoundationEssentials
import Logging
import PostgresNIO

/// `churn-serve export-log`: copies a PostgreSQL decision log into a new SQLite log file, which the language's
/// `read_log` reads (the `churn` REPL stays free of database client packages).
///
/// Rows are copied in `seq` order, a page at a time (memory stays bounded by the page), decisions first, then
/// outcomes, then the idempotency keys still stored (by key); the copy is a snapshot of what was committed when
/// each page was read. The SQLite file gets the same schema the service writes (`SQLiteLogStore`), so `read_log`
/// sees no difference.
///
/// Keys are copied so that the file is a complete log: a `churn-serve --log FILE.sqlite` started on it (e.g.
/// moving a single replica off PostgreSQL) still answers retries with their first response. Expired keys the
/// replicas have not pruned yet are copied too; the server that opens the file ignores and deletes them under
/// its own `--idempotency-ttl`. `read_log` does not read them.
public enum LogExport {
  /// Rows read per round trip.
  static let pageSize = 5000

  /// Counts of what was copied.
  public struct Summary: Sendable, Equatable {
    /// Decisions copied.
    public var decisions: Int
    /// Outcomes copied.
    public var outcomes: Int
    /// Idempotency keys copied.
    public var keys: Int
  }

  /// Copies the log at `url` into a new SQLite file at `path` (refuses an existing file).
  public static func run(from url: PostgresURL, to path: String, logger: Logger) async throws -> Summary {
    guard !FileManager.default.fileExists(atPath: path) else {
      throw PostgresLogError(
        "\(path) already exists; export-log writes a new file — remove it or choose another --to path")
    }
    return try await PostgresLogStore.withConnection(url, logger: logger) { conn in
      let target: SQLiteLogStore
      do { target = try SQLiteLogStore(path: path, sync: .normal) } catch {
        throw PostgresLogError("cannot create \(path): \(error)")
      }
      var summary = Summary(decisions: 0, outcomes: 0, keys: 0)
      do {
        var after: Int64 = 0
        while true {
          let page = try await decisions(conn, after: after, logger: logger)
          guard let last = page.last?.seq else { break }
          try await target.append(page.map { .decision($0.record) })
          summary.decisions += page.count
          after = last
        }
        after = 0
        while true {
          let page = try await outcomes(conn, after: after, logger: logger)
          guard let last = page.last?.seq else { break }
          try await target.append(page.map { .outcome($0.record) })
          summary.outcomes += page.count
          after = last
        }
        var afterKey = ""
        while true {
          let page = try await keys(conn, after: afterKey, logger: logger)
          guard let last = page.last?.key else { break }
          _ = try await target.append(page.map { LogEntry(records: [], idempotency: $0) }, keysExpireBefore: "")
          summary.keys += page.count
          afterKey = last
        }
      } catch let e as PostgresLogError {
        throw e
      } catch {
        throw PostgresLogError(
          "cannot read the decision log in \(url.redacted): \(PostgresLogError.cause(error)); is it a churn-serve log (tables decisions, outcomes, idempotency)?"
        )
      }
      return summary
    }
  }

  static func decisions(_ conn: PostgresConnection, after: Int64, logger: Logger) async throws -> [(
    seq: Int64, record: DecisionRecord
  )] {
    let rows = try await conn.query(
      """
      SELECT seq, time, decision_id, customer_id, policy_version, inputs, churn_probability, recommendation,
             reduction, reduction_lower, reduction_upper, net_value, net_value_lower, net_value_upper, scores
      FROM decisions WHERE seq > \(after) ORDER BY seq LIMIT \(pageSize)
      """, logger: logger)
    var out: [(seq: Int64, record: DecisionRecord)] = []
    for try await row in rows {
      let r = row.makeRandomAccess()
      func text(_ i: Int) throws -> String { try r[i].decode(String.self) }
      func number(_ i: Int) throws -> Double { try r[i].decode(Double.self) }
      out.append(
        (
          try r[0].decode(Int64.self),
          DecisionRecord(
            time: try text(1), decisionID: try text(2), customerID: try text(3), policyVersion: try text(4),
            inputsJSON: try text(5), churnProbability: try number(6), recommendation: try text(7),
            reduction: IntervalEstimate(estimate: try number(8), lower: try number(9), upper: try number(10)),
            netValue: IntervalEstimate(estimate: try number(11), lower: try number(12), upper: try number(13)),
            scoresJSON: try text(14))
        ))
    }
    return out
  }

  static func outcomes(_ conn: PostgresConnection, after: Int64, logger: Logger) async throws -> [(
    seq: Int64, record: OutcomeRecord
  )] {
    let rows = try await conn.query(
      """
      SELECT seq, time, decision_id, churned, outcome_date FROM outcomes WHERE seq > \(after) ORDER BY seq LIMIT \(pageSize)
      """, logger: logger)
    var out: [(seq: Int64, record: OutcomeRecord)] = []
    for try await (seq, time, id, churned, date) in rows.decode((Int64, String, String, Bool, String).self) {
      out.append((seq, OutcomeRecord(time: time, decisionID: id, churned: churned, date: date)))
    }
    return out
  }

  static func keys(_ conn: PostgresConnection, after: String, logger: Logger) async throws -> [IdempotencyRecord] {
    let rows = try await conn.query(
      """
      SELECT key, route, request, status, response, time FROM idempotency
      WHERE key COLLATE "C" > \(after) COLLATE "C" ORDER BY key COLLATE "C" LIMIT \(pageSize)
      """, logger: logger)
    var out: [IdempotencyRecord] = []
    for try await (key, route, request, status, response, time) in rows.decode(
      (String, String, String, Int, String, String).self)
    {
      out.append(
        IdempotencyRecord(key: key, route: route, request: request, status: status, response: response, time: time))
    }
    return out
  }
}
