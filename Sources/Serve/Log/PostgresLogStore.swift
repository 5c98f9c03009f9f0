import Logging
import NIOSSL
import PostgresNIO

/// The shared decision log: tables in one PostgreSQL database, written by any number of `churn-serve` replicas
/// through postgres-nio's connection pool.
///
/// Records are the SQLite log's (`LogRecord`), in tables of the same names and columns:
/// - `decisions(seq BIGSERIAL, time, decision_id UNIQUE, customer_id, policy_version, inputs, churn_probability,
///   recommendation, reduction, reduction_lower, reduction_upper, net_value, net_value_lower, net_value_upper, scores)`
/// - `outcomes(seq BIGSERIAL, time, decision_id, churned BOOLEAN, outcome_date)`
/// - `churn_log_meta(key, value)` holding `schema_version = 1`.
/// - `idempotency(key PRIMARY KEY, route, request, status, response, time)`: requests' `Idempotency-Key`s and
///   their first responses, shared by all replicas (added without changing the schema version), indexed by
///   `time COLLATE "C"` — the byte order in which the fixed-width timestamps sort by time — so that expired keys
///   (``IdempotencyRetention``) are found and deleted cheaply.
///
/// Decision ids are random UUIDs (version 4, 122 random bits) made by each replica, so replicas need no
/// coordination; the `UNIQUE` constraint turns the (astronomically unlikely) collision into a failed commit
/// rather than a duplicate. `seq` orders rows by insertion within the database, across replicas.
///
/// Durability: each group commit is one transaction (`BEGIN`, one multi-row `INSERT … SELECT FROM unnest(…)` per
/// table, `COMMIT`); `append` returns after the server acknowledged the `COMMIT`. With PostgreSQL's defaults
/// (`synchronous_commit = on`, `fsync = on`) the commit's WAL is flushed to disk first, so an acknowledged decision
/// survives a killed replica, a killed database server and a power loss of the database host as far as its disk
/// honours fsync. Settings that relax this (`synchronous_commit = off`, `fsync = off`) are the database
/// operator's; see docs/LIMITATIONS.md.
public final class PostgresLogStore: DecisionLogStore {
  /// The connection pool. It is a `Service`: run it (in the service group, before the committer, so that it
  /// shuts down after the committer's last commit) for `append` and `containsDecision` to proceed.
  public let client: PostgresClient
  private let logger: Logger
  /// The longest one `append` or `containsDecision` may take (the URL's `connect_timeout`): without it a request
  /// would wait for the pool's circuit breaker (about a minute) while the database is unreachable.
  private let timeout: Duration

  private init(client: PostgresClient, logger: Logger, timeout: Duration) {
    self.client = client
    self.logger = logger
    self.timeout = timeout
  }

  /// Connects once to check that the database is reachable and to create the tables if absent (under an advisory
  /// lock, so replicas starting together do not race), then returns a store whose pool still has to be run.
  /// Throws `PostgresLogError` naming the cause when the server is unreachable, refuses the login or holds a
  /// newer schema.
  public static func open(_ url: PostgresURL, logger: Logger, maxConnections: Int = 8) async throws -> PostgresLogStore
  {
    try await withConnection(url, logger: logger) { conn in try await createSchema(conn, url: url, logger: logger) }
    var config = PostgresClient.Configuration(
      host: url.host, port: url.port, username: url.user, password: url.password,
      database: url.database, tls: try clientTLS(url.sslMode))
    config.options.connectTimeout = .seconds(url.connectTimeout)
    config.options.maximumConnections = maxConnections
    return PostgresLogStore(
      client: PostgresClient(configuration: config, backgroundLogger: logger), logger: logger,
      timeout: .seconds(url.connectTimeout))
  }

  /// Opens one connection to `url`, runs `body` and closes the connection; connection failures become
  /// `PostgresLogError`s that name the server and the cause.
  public static func withConnection<T: Sendable>(
    _ url: PostgresURL, logger: Logger,
    _ body: (PostgresConnection) async throws -> T
  ) async throws -> T {
    var config = PostgresConnection.Configuration(
      host: url.host, port: url.port, username: url.user, password: url.password,
      database: url.database, tls: try connectionTLS(url.sslMode))
    config.options.connectTimeout = .seconds(Int64(url.connectTimeout))
    let conn: PostgresConnection
    do { conn = try await PostgresConnection.connect(configuration: config, id: 1, logger: logger) } catch {
      throw PostgresLogError(
        "cannot connect to the decision log database \(url.redacted): \(PostgresLogError.cause(error)); start PostgreSQL there or fix --log (user, password via PGPASSWORD, host, port, database)"
      )
    }
    do {
      let result = try await body(conn)
      try? await conn.close()
      return result
    } catch {
      try? await conn.close()
      throw error
    }
  }

  static func createSchema(_ conn: PostgresConnection, url: PostgresURL, logger: Logger) async throws {
    do {
      try await conn.withTransaction(logger: logger) { c in
        // One lock id for "churn decision log schema", so concurrent replicas create the tables one at a time.
        try await c.query("SELECT pg_advisory_xact_lock(7243010151)", logger: logger)
        try await c.query(
          "CREATE TABLE IF NOT EXISTS churn_log_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)", logger: logger)
        try await c.query(
          "INSERT INTO churn_log_meta (key, value) VALUES ('schema_version', '1') ON CONFLICT (key) DO NOTHING",
          logger: logger)
        let rows = try await c.query("SELECT value FROM churn_log_meta WHERE key = 'schema_version'", logger: logger)
        var version = 1
        for try await v in rows.decode(String.self) { version = Int(v) ?? Int.max }
        guard version <= 1 else {
          throw PostgresLogError(
            "the decision log in \(url.redacted) has schema version \(version), newer than this churn-serve understands (1); use a newer churn-serve or another database"
          )
        }
        try await c.query(
          """
          CREATE TABLE IF NOT EXISTS decisions (
            seq BIGSERIAL PRIMARY KEY,
            time TEXT NOT NULL,
            decision_id TEXT NOT NULL UNIQUE,
            customer_id TEXT NOT NULL,
            policy_version TEXT NOT NULL,
            inputs TEXT NOT NULL,
            churn_probability DOUBLE PRECISION NOT NULL,
            recommendation TEXT NOT NULL,
            reduction DOUBLE PRECISION NOT NULL, reduction_lower DOUBLE PRECISION NOT NULL, reduction_upper DOUBLE PRECISION NOT NULL,
            net_value DOUBLE PRECISION NOT NULL, net_value_lower DOUBLE PRECISION NOT NULL, net_value_upper DOUBLE PRECISION NOT NULL,
            scores TEXT NOT NULL)
          """, logger: logger)
        try await c.query(
          """
          CREATE TABLE IF NOT EXISTS outcomes (
            seq BIGSERIAL PRIMARY KEY,
            time TEXT NOT NULL,
            decision_id TEXT NOT NULL,
            churned BOOLEAN NOT NULL,
            outcome_date TEXT NOT NULL)
          """, logger: logger)
        try await c.query("CREATE INDEX IF NOT EXISTS outcomes_decision ON outcomes (decision_id)", logger: logger)
        try await c.query(
          """
          CREATE TABLE IF NOT EXISTS idempotency (
            key TEXT PRIMARY KEY,
            route TEXT NOT NULL,
            request TEXT NOT NULL,
            status BIGINT NOT NULL,
            response TEXT NOT NULL,
            time TEXT NOT NULL)
          """, logger: logger)
        try await c.query(
          "CREATE INDEX IF NOT EXISTS idempotency_time ON idempotency (time COLLATE \"C\")", logger: logger)
      }
    } catch let e as PostgresLogError {
      throw e
    } catch {
      throw PostgresLogError(
        "cannot create the decision log tables in \(url.redacted): \(PostgresLogError.cause(error)); the user needs CREATE rights on the database's public schema"
      )
    }
  }

  /// Appends the entries in one transaction; returns after the `COMMIT` was acknowledged. Throws (and so
  /// acknowledges nothing) when that takes longer than the timeout; a `COMMIT` already sent may still land, which
  /// leaves a logged but unacknowledged decision — never the reverse.
  ///
  /// Keys first: one `INSERT … ON CONFLICT (key) DO UPDATE … WHERE` the old key is expired `RETURNING key` (a
  /// key another replica is inserting at the same moment waits for that transaction, then counts as taken unless
  /// expired); entries whose key was neither inserted nor renewed write none of their records.
  public func append(_ entries: [LogEntry], keysExpireBefore cutoff: String) async throws -> Set<Int> {
    let repeated = LogEntry.repeatedKeys(entries)
    let keyed = entries.indices.compactMap { i in repeated.contains(i) ? nil : entries[i].idempotency }
    let logger = self.logger
    let client = self.client
    return try await Self.within(timeout) {
      try await client.withTransaction(logger: logger) { c in
        var inserted = Set<String>()
        if let kq = Self.insertKeys(keyed, expireBefore: cutoff) {
          for try await k in try await c.query(kq, logger: logger).decode(String.self) { inserted.insert(k) }
        }
        var refused = repeated
        var decisions: [DecisionRecord] = []
        var outcomes: [OutcomeRecord] = []
        for (i, e) in entries.enumerated() {
          if let k = e.idempotency?.key, repeated.contains(i) || !inserted.contains(k) {
            refused.insert(i)
            continue
          }
          for r in e.records {
            switch r {
            case .decision(let d): decisions.append(d)
            case .outcome(let o): outcomes.append(o)
            }
          }
        }
        if let dq = Self.insertDecisions(decisions) { try await c.query(dq, logger: logger) }
        if let oq = Self.insertOutcomes(outcomes) { try await c.query(oq, logger: logger) }
        return refused
      }
    }
  }

  /// One `INSERT` of idempotency keys (distinct), returning the keys actually inserted or renewed (an existing
  /// key is overwritten only when first used before `cutoff`).
  static func insertKeys(_ ks: [IdempotencyRecord], expireBefore cutoff: String) -> PostgresQuery? {
    guard !ks.isEmpty else { return nil }
    var b = PostgresBindings(capacity: 7)
    b.append(ks.map(\.key))
    b.append(ks.map(\.route))
    b.append(ks.map(\.request))
    b.append(ks.map(\.status))
    b.append(ks.map(\.response))
    b.append(ks.map(\.time))
    b.append(cutoff)
    return PostgresQuery(
      unsafeSQL: """
        INSERT INTO idempotency AS old (key, route, request, status, response, time)
        SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int8[], $5::text[], $6::text[])
        ON CONFLICT (key) DO UPDATE SET route = EXCLUDED.route, request = EXCLUDED.request, status = EXCLUDED.status,
          response = EXCLUDED.response, time = EXCLUDED.time
        WHERE old.time COLLATE "C" < $7::text COLLATE "C"
        RETURNING key
        """, binds: b)
  }

  /// Deletes the keys first used before `cutoff` (by any replica); returns how many.
  public func pruneKeys(before cutoff: String) async throws -> Int {
    let (client, logger) = (self.client, self.logger)
    return try await Self.within(timeout) {
      let rows = try await client.query(
        "WITH gone AS (DELETE FROM idempotency WHERE time COLLATE \"C\" < \(cutoff) COLLATE \"C\" RETURNING 1) SELECT count(*) FROM gone",
        logger: logger)
      for try await n in rows.decode(Int.self) { return n }
      return 0
    }
  }

  /// The committed record of an idempotency key (from any replica) first used at or after `cutoff`, if any.
  public func idempotency(_ key: String, notBefore cutoff: String) async throws -> IdempotencyRecord? {
    let (client, logger) = (self.client, self.logger)
    return try await Self.within(timeout) {
      let rows = try await client.query(
        "SELECT key, route, request, status, response, time FROM idempotency WHERE key = \(key) AND time COLLATE \"C\" >= \(cutoff) COLLATE \"C\"",
        logger: logger)
      for try await (k, route, request, status, response, time) in rows.decode(
        (String, String, String, Int, String, String).self)
      {
        return IdempotencyRecord(key: k, route: route, request: request, status: status, response: response, time: time)
      }
      return nil
    }
  }

  /// Runs an empty transaction (`BEGIN`, `SELECT 1`, `COMMIT`) within two seconds (or the shorter
  /// `connect_timeout`), so a load balancer's readiness check gets its answer in time: fails while the database
  /// is unreachable or refuses connections.
  public func probe() async throws {
    let (client, logger) = (self.client, self.logger)
    try await Self.within(Swift.min(timeout, .seconds(2))) {
      try await client.withTransaction(logger: logger) { c in _ = try await c.query("SELECT 1", logger: logger) }
    }
  }

  /// Runs `body`, cancelling it (a pending connection lease ends at once) and throwing a `PostgresLogError`
  /// after `limit`.
  static func within<T: Sendable>(_ limit: Duration, _ body: @escaping @Sendable () async throws -> T) async throws -> T
  {
    try await withThrowingTaskGroup(of: T.self) { group in
      group.addTask { try await body() }
      group.addTask {
        try await Task.sleep(for: limit)
        throw PostgresLogError("no answer from the database within \(limit) (is it down or overloaded?)")
      }
      defer { group.cancelAll() }
      guard let first = try await group.next() else { throw CancellationError() }
      return first
    }
  }

  /// One `INSERT` of all decisions, each column bound as one array (any batch size fits in 14 parameters).
  static func insertDecisions(_ ds: [DecisionRecord]) -> PostgresQuery? {
    guard !ds.isEmpty else { return nil }
    var b = PostgresBindings(capacity: 14)
    b.append(ds.map(\.time))
    b.append(ds.map(\.decisionID))
    b.append(ds.map(\.customerID))
    b.append(ds.map(\.policyVersion))
    b.append(ds.map(\.inputsJSON))
    b.append(ds.map(\.churnProbability))
    b.append(ds.map(\.recommendation))
    b.append(ds.map(\.reduction.estimate))
    b.append(ds.map(\.reduction.lower))
    b.append(ds.map(\.reduction.upper))
    b.append(ds.map(\.netValue.estimate))
    b.append(ds.map(\.netValue.lower))
    b.append(ds.map(\.netValue.upper))
    b.append(ds.map(\.scoresJSON))
    return PostgresQuery(
      unsafeSQL: """
        INSERT INTO decisions (time, decision_id, customer_id, policy_version, inputs, churn_probability,
          recommendation, reduction, reduction_lower, reduction_upper, net_value, net_value_lower, net_value_upper, scores)
        SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::float8[], $7::text[],
          $8::float8[], $9::float8[], $10::float8[], $11::float8[], $12::float8[], $13::float8[], $14::text[])
        """, binds: b)
  }

  /// One `INSERT` of all outcomes.
  static func insertOutcomes(_ os: [OutcomeRecord]) -> PostgresQuery? {
    guard !os.isEmpty else { return nil }
    var b = PostgresBindings(capacity: 4)
    b.append(os.map(\.time))
    b.append(os.map(\.decisionID))
    b.append(os.map(\.churned))
    b.append(os.map(\.date))
    return PostgresQuery(
      unsafeSQL: """
        INSERT INTO outcomes (time, decision_id, churned, outcome_date)
        SELECT * FROM unnest($1::text[], $2::text[], $3::bool[], $4::text[])
        """, binds: b)
  }

  /// Whether a decision with this id was committed (by any replica).
  public func containsDecision(_ id: String) async throws -> Bool {
    let (client, logger) = (self.client, self.logger)
    return try await Self.within(timeout) {
      let rows = try await client.query(
        "SELECT EXISTS (SELECT 1 FROM decisions WHERE decision_id = \(id))", logger: logger)
      for try await found in rows.decode(Bool.self) { return found }
      return false
    }
  }

  static func clientTLS(_ mode: PostgresURL.SSLMode) throws -> PostgresClient.Configuration.TLS {
    switch mode {
    case .disable: .disable
    case .prefer: .prefer(.makeClientConfiguration())
    case .require: .require(.makeClientConfiguration())
    }
  }

  static func connectionTLS(_ mode: PostgresURL.SSLMode) throws -> PostgresConnection.Configuration.TLS {
    switch mode {
    case .disable: return .disable
    case .prefer: return .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
    case .require: return .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
    }
  }
}

/// The PostgreSQL decision log cannot be used; the message names the database (without password), the cause
/// and the fix.
public struct PostgresLogError: Error, CustomStringConvertible, Sendable {
  /// The message.
  public var description: String
  /// An error with a message.
  public init(_ message: String) { description = message }

  /// A readable cause: the server's own message (with its SQLSTATE), else the network error, else the client's
  /// error code. postgres-nio's `description` is deliberately generic, so this digs out the parts that are safe
  /// to show (no query text, no binds).
  static func cause(_ error: any Error) -> String {
    guard let e = error as? PSQLError else { return String(describing: error) }
    if let info = e.serverInfo, let message = info[.message] {
      return message + (info[.sqlState].map { " (SQLSTATE \($0))" } ?? "")
    }
    if let u = e.underlying { return String(describing: u) }
    return "\(e.code)"
  }
}
