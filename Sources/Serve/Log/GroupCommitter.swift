import ServiceLifecycle
import Synchronization

/// Group commit: request handlers enqueue records and wait; a single writer task takes everything queued,
/// commits it in ONE transaction, then resumes every waiter. A handler therefore acknowledges a decision only
/// after the transaction holding it has committed, while one commit (one fsync) serves many requests — the
/// classic group commit of database logs.
///
/// Idempotency keys older than the ``retention`` are invisible to lookups and replaced by a new request with the
/// same key; the writer deletes them before a commit at most once per `retention.pruneInterval`.
///
/// Runs as a `Service`: on graceful shutdown it stops accepting new records, commits what is queued and returns.
public final class GroupCommitter: Service, Sendable {
  private struct Job: Sendable {
    let entry: LogEntry
    let done: CheckedContinuation<Void, any Error>
  }

  private struct State: Sendable {
    var jobs: [Job] = []
    var wake: CheckedContinuation<Void, Never>?
    var stopping = false
  }

  private let state = Mutex(State())
  private let store: any DecisionLogStore
  private let metrics: ServeMetrics?
  /// The log's health as `/ready` reports it.
  public let health: LogHealth
  /// How long idempotency keys are kept.
  public let retention: IdempotencyRetention

  /// A committer writing to `store`, reporting commit latency and size to `metrics` and commit outcomes to
  /// `health`, keeping idempotency keys for `retention`.
  public init(
    store: any DecisionLogStore, metrics: ServeMetrics?, health: LogHealth = LogHealth(),
    retention: IdempotencyRetention = .standard
  ) {
    self.store = store
    self.metrics = metrics
    self.health = health
    self.retention = retention
  }

  /// Queues `records` and returns once they are committed (throws if the commit failed or the log is closed).
  public func append(_ records: [LogRecord]) async throws {
    try await append(LogEntry(records: records))
  }

  /// Queues an entry and returns once it is committed. Throws ``IdempotencyConflictError`` (and writes nothing)
  /// when its idempotency key is already in the log, `LogUnavailableError` when the commit failed and
  /// `LogClosedError` when the log is closed.
  public func append(_ entry: LogEntry) async throws {
    try await withCheckedThrowingContinuation { (c: CheckedContinuation<Void, any Error>) in
      let outcome: (accepted: Bool, wake: CheckedContinuation<Void, Never>?) = state.withLock { s in
        guard !s.stopping else { return (false, nil) }
        s.jobs.append(Job(entry: entry, done: c))
        let w = s.wake
        s.wake = nil
        return (true, w)
      }
      if outcome.accepted { outcome.wake?.resume() } else { c.resume(throwing: LogClosedError()) }
    }
  }

  /// Whether the decision is in the log (reads committed data).
  public func containsDecision(_ id: String) async throws -> Bool {
    do { return try await store.containsDecision(id) } catch {
      throw LogUnavailableError(cause: PostgresLogError.cause(error))
    }
  }

  /// The committed record of an idempotency key, if any and not expired.
  public func idempotency(_ key: String) async throws -> IdempotencyRecord? {
    do { return try await store.idempotency(key, notBefore: retention.cutoff()) } catch {
      throw LogUnavailableError(cause: PostgresLogError.cause(error))
    }
  }

  /// Whether the log can commit now: recent commits answer at once, otherwise the store is probed
  /// (see ``LogHealth``). Returns nil when it can, else the reason.
  public func readiness() async -> String? {
    if let known = health.recentState() { return known }
    do {
      try await store.probe()
      health.succeeded()
      return nil
    } catch {
      let cause = PostgresLogError.cause(error)
      health.failed(cause)
      return cause
    }
  }

  /// The writer loop; returns after a graceful shutdown once the queue is drained.
  public func run() async throws {
    await withGracefulShutdownHandler {
      var lastPrune: ContinuousClock.Instant?
      while let jobs = await nextBatch() {
        let start = ContinuousClock.now
        if lastPrune.map({ start - $0 >= retention.pruneInterval }) ?? true {
          lastPrune = start
          await pruneExpiredKeys()
        }
        do {
          let refused = try await store.append(jobs.map(\.entry), keysExpireBefore: retention.cutoff())
          health.succeeded()
          let written = jobs.indices.reduce(0) { $0 + (refused.contains($1) ? 0 : jobs[$1].entry.records.count) }
          metrics?.logCommit(duration: ContinuousClock.now - start, records: written)
          for (i, j) in jobs.enumerated() {
            if refused.contains(i) { j.done.resume(throwing: IdempotencyConflictError()) } else { j.done.resume() }
          }
        } catch {
          metrics?.logFailure()
          let failure = LogUnavailableError(cause: PostgresLogError.cause(error))
          health.failed(failure.cause)
          for j in jobs { j.done.resume(throwing: failure) }
        }
      }
    } onGracefulShutdown: {
      self.stop()
    }
  }

  /// Deletes expired idempotency keys. A failure is counted (`churn_log_commit_failures_total`) and left to the
  /// next interval: expired keys are ignored by lookups anyway, so pruning only bounds the table's size.
  private func pruneExpiredKeys() async {
    do {
      let n = try await store.pruneKeys(before: retention.cutoff())
      metrics?.keysPruned(n)
    } catch {
      metrics?.logFailure()
    }
  }

  /// Stops accepting records; the writer drains the queue and ends.
  public func stop() {
    let w: CheckedContinuation<Void, Never>? = state.withLock { s in
      s.stopping = true
      let w = s.wake
      s.wake = nil
      return w
    }
    w?.resume()
  }

  /// Everything queued, waiting when nothing is; nil once stopping with an empty queue.
  private func nextBatch() async -> [Job]? {
    while true {
      let taken: [Job]? = state.withLock { s in
        if !s.jobs.isEmpty {
          let j = s.jobs
          s.jobs = []
          return j
        }
        return s.stopping ? [] : nil
      }
      if let taken { return taken.isEmpty ? nil : taken }
      await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
        let resumeNow: Bool = state.withLock { s in
          if !s.jobs.isEmpty || s.stopping { return true }
          s.wake = c
          return false
        }
        if resumeNow { c.resume() }
      }
    }
  }
}

/// The entry's idempotency key was already in the log (committed by an earlier request, possibly on another
/// replica, or by an earlier entry of the same group): nothing of the entry was written.
public struct IdempotencyConflictError: Error, Sendable {}

/// The log no longer accepts records (the server is shutting down).
public struct LogClosedError: Error, Sendable {}

/// The log could not be written or read (database unreachable, disk full, …): a failed group commit acknowledged
/// none of its records, so the requests waiting on it answer 503 and the client may retry (on another replica).
public struct LogUnavailableError: Error, CustomStringConvertible, Sendable {
  /// The store's reason (no query text, no customer data).
  public var cause: String
  /// The message.
  public var description: String { "decision log unavailable: \(cause)" }
}
