import ServiceLifecycle
import Synchronization

/// Group commit: request handlers enqueue records and wait; a single writer task takes everything queued,
/// commits it in ONE transaction, then resumes every waiter. A handler therefore acknowledges a decision only
/// after the transaction holding it has committed, while one commit (one fsync) serves many requests — the
/// classic group commit of database logs.
///
/// Runs as a `Service`: on graceful shutdown it stops accepting new records, commits what is queued and returns.
public final class GroupCommitter: Service, Sendable {
  private struct Job: Sendable {
    let records: [LogRecord]
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

  /// A committer writing to `store`, reporting commit latency and size to `metrics`.
  public init(store: any DecisionLogStore, metrics: ServeMetrics?) {
    self.store = store
    self.metrics = metrics
  }

  /// Queues `records` and returns once they are committed (throws if the commit failed or the log is closed).
  public func append(_ records: [LogRecord]) async throws {
    try await withCheckedThrowingContinuation { (c: CheckedContinuation<Void, any Error>) in
      let outcome: (accepted: Bool, wake: CheckedContinuation<Void, Never>?) = state.withLock { s in
        guard !s.stopping else { return (false, nil) }
        s.jobs.append(Job(records: records, done: c))
        let w = s.wake
        s.wake = nil
        return (true, w)
      }
      if outcome.accepted { outcome.wake?.resume() } else { c.resume(throwing: LogClosedError()) }
    }
  }

  /// Whether the decision is in the log (reads committed data).
  public func containsDecision(_ id: String) async throws -> Bool {
    do { return try await store.containsDecision(id) } catch { throw LogUnavailableError(cause: PostgresLogError.cause(error)) }
  }

  /// The writer loop; returns after a graceful shutdown once the queue is drained.
  public func run() async throws {
    await withGracefulShutdownHandler {
      while let jobs = await nextBatch() {
        let records = jobs.flatMap(\.records)
        let start = ContinuousClock.now
        do {
          try await store.append(records)
          metrics?.logCommit(duration: ContinuousClock.now - start, records: records.count)
          for j in jobs { j.done.resume() }
        } catch {
          metrics?.logFailure()
          let failure = LogUnavailableError(cause: PostgresLogError.cause(error))
          for j in jobs { j.done.resume(throwing: failure) }
        }
      }
    } onGracefulShutdown: {
      self.stop()
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
