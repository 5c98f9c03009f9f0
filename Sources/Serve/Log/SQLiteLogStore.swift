import GRDB

/// The embedded decision log: one SQLite file in WAL mode, written through GRDB.
///
/// Durability: by default `PRAGMA synchronous = FULL`, so every commit fsyncs the write-ahead log before `append`
/// returns; an acknowledged decision survives a killed process and, as far as the disk honours fsync, a power
/// loss. With `sync: .normal` the WAL is fsynced only at checkpoints: a killed process still loses nothing
/// (the commit is in the OS's page cache), a power loss may lose the last commits.
/// The file is owned by one server process at a time (replicas share a PostgreSQL log instead); readers such as
/// the language's `read_log` may open it concurrently.
///
/// Tables (schema version 1, `PRAGMA user_version`):
/// - `decisions(seq, time, decision_id UNIQUE, customer_id, policy_version, inputs, churn_probability,
///   recommendation, reduction, reduction_lower, reduction_upper, net_value, net_value_lower, net_value_upper, scores)`
/// - `outcomes(seq, time, decision_id, churned, outcome_date)`
/// - `idempotency(key PRIMARY KEY, route, request, status, response, time)`: the `Idempotency-Key`s of requests
///   and their first responses (added without changing the schema version: readers of version 1 ignore it),
///   indexed by `time` so that expired keys are found and deleted cheaply (see ``IdempotencyRetention``).
public final class SQLiteLogStore: DecisionLogStore {
  private let pool: DatabasePool

  /// Opens (creating if needed) the log at `path` with the given `synchronous` setting.
  public init(path: String, sync: LogSync = .full) throws {
    var config = Configuration()
    config.busyMode = .timeout(5)
    config.prepareDatabase { db in
      try db.execute(sql: sync == .full ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL")
    }
    pool = try DatabasePool(path: path, configuration: config)
    try pool.write { db in
      let version = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
      guard version <= 1 else { throw LogFormatError(path: path, version: version) }
      try db.execute(
        sql: """
          CREATE TABLE IF NOT EXISTS decisions (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            time TEXT NOT NULL,
            decision_id TEXT NOT NULL UNIQUE,
            customer_id TEXT NOT NULL,
            policy_version TEXT NOT NULL,
            inputs TEXT NOT NULL,
            churn_probability REAL NOT NULL,
            recommendation TEXT NOT NULL,
            reduction REAL NOT NULL, reduction_lower REAL NOT NULL, reduction_upper REAL NOT NULL,
            net_value REAL NOT NULL, net_value_lower REAL NOT NULL, net_value_upper REAL NOT NULL,
            scores TEXT NOT NULL);
          CREATE TABLE IF NOT EXISTS outcomes (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            time TEXT NOT NULL,
            decision_id TEXT NOT NULL,
            churned INTEGER NOT NULL,
            outcome_date TEXT NOT NULL);
          CREATE INDEX IF NOT EXISTS outcomes_decision ON outcomes(decision_id);
          CREATE TABLE IF NOT EXISTS idempotency (
            key TEXT PRIMARY KEY NOT NULL,
            route TEXT NOT NULL,
            request TEXT NOT NULL,
            status INTEGER NOT NULL,
            response TEXT NOT NULL,
            time TEXT NOT NULL);
          CREATE INDEX IF NOT EXISTS idempotency_time ON idempotency(time);
          PRAGMA user_version = 1;
          """)
    }
  }

  /// Appends the entries in one transaction (one fsync); an entry whose key is already in the log (and not
  /// expired) writes nothing: the key row is inserted first — replacing an expired row of the same key — and
  /// the entry's records only if that changed a row.
  public func append(_ entries: [LogEntry], keysExpireBefore cutoff: String) async throws -> Set<Int> {
    try await pool.write { db in
      var refused = Set<Int>()
      for (i, entry) in entries.enumerated() {
        if let k = entry.idempotency {
          try db.cachedStatement(sql: Self.insertKeySQL).execute(arguments: [
            k.key, k.route, k.request, k.status, k.response, k.time, cutoff,
          ])
          guard db.changesCount == 1 else {
            refused.insert(i)
            continue
          }
        }
        for r in entry.records { try Self.insert(r, db) }
      }
      return refused
    }
  }

  /// Inserts a key, or overwrites the row of the same key when that one is expired (its time before the 7th
  /// argument); changes no row when the key is live.
  static let insertKeySQL = """
    INSERT INTO idempotency (key, route, request, status, response, time) VALUES (?,?,?,?,?,?)
    ON CONFLICT(key) DO UPDATE SET route = excluded.route, request = excluded.request, status = excluded.status,
      response = excluded.response, time = excluded.time
    WHERE idempotency.time < ?7
    """

  /// Deletes the keys first used before `cutoff` (one transaction); returns how many.
  public func pruneKeys(before cutoff: String) async throws -> Int {
    try await pool.write { db in
      try db.execute(sql: "DELETE FROM idempotency WHERE time < ?", arguments: [cutoff])
      return db.changesCount
    }
  }

  private static func insert(_ r: LogRecord, _ db: Database) throws {
    switch r {
    case .decision(let d):
      try db.cachedStatement(
        sql: """
          INSERT INTO decisions (time, decision_id, customer_id, policy_version, inputs, churn_probability,
            recommendation, reduction, reduction_lower, reduction_upper, net_value, net_value_lower,
            net_value_upper, scores) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)
          """
      ).execute(arguments: [
        d.time, d.decisionID, d.customerID, d.policyVersion, d.inputsJSON, d.churnProbability,
        d.recommendation, d.reduction.estimate, d.reduction.lower, d.reduction.upper,
        d.netValue.estimate, d.netValue.lower, d.netValue.upper, d.scoresJSON,
      ])
    case .outcome(let o):
      try db.cachedStatement(sql: "INSERT INTO outcomes (time, decision_id, churned, outcome_date) VALUES (?,?,?,?)")
        .execute(arguments: [o.time, o.decisionID, o.churned ? 1 : 0, o.date])
    }
  }

  /// The committed record of an idempotency key first used at or after `cutoff`, if any.
  public func idempotency(_ key: String, notBefore cutoff: String) async throws -> IdempotencyRecord? {
    try await pool.read { db in
      try Row.fetchOne(
        db,
        sql: "SELECT key, route, request, status, response, time FROM idempotency WHERE key = ? AND time >= ?",
        arguments: [key, cutoff]
      ).map { row in
        IdempotencyRecord(key: row[0], route: row[1], request: row[2], status: row[3], response: row[4], time: row[5])
      }
    }
  }

  /// Takes and releases the write lock in an immediate transaction: fails when the file cannot be written
  /// (locked by another process beyond the busy timeout, read-only, gone).
  public func probe() async throws {
    try await pool.writeWithoutTransaction { db in
      try db.execute(sql: "BEGIN IMMEDIATE")
      try db.execute(sql: "ROLLBACK")
    }
  }

  /// Whether a decision with this id was committed.
  public func containsDecision(_ id: String) async throws -> Bool {
    try await pool.read { db in
      try Bool.fetchOne(db, sql: "SELECT EXISTS(SELECT 1 FROM decisions WHERE decision_id = ?)", arguments: [id])
        ?? false
    }
  }
}

/// The log file was written by a newer churn-serve.
public struct LogFormatError: Error, CustomStringConvertible, Sendable {
  /// The file.
  public var path: String
  /// Its schema version.
  public var version: Int
  /// The message.
  public var description: String {
    "decision log \(path) has schema version \(version), newer than this churn-serve understands (1); use a newer churn-serve or another --log file"
  }
}
