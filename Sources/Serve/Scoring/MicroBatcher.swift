import Dispatch
import ServiceLifecycle
import Synchronization

/// Dynamic batching of one-customer scoring: concurrent `POST /v1/recommend` requests are gathered and scored
/// in one `DecisionEngine.decide` call, whose batch path costs a fraction per customer of one call each (the
/// forests walk each tree once for the whole batch while its nodes are in cache).
///
/// **Adaptive, no timer.** `lanes` scoring threads (one per core by default) wait for work. A request that
/// arrives while a lane is idle is scored at once, alone — an idle server adds no waiting; when every lane is
/// idle and nothing is queued, the request scores itself on its own task (one such request at a time), sparing
/// the two thread hand-offs a lane costs. While every lane
/// is busy, arriving requests queue; a lane that finishes takes everything queued (up to `maxBatch`) as its
/// next batch. So batches grow exactly as fast as load does, and the wait a request sees is at most the batch
/// that was running when it arrived (`continuous batching`, as in inference servers).
///
/// **Same answer, isolated failures.** Each customer's scores are computed independently of the other rows of
/// a batch (``PolicyEngine``: every per-row sum runs over the trees in the same order whatever the batch), so a
/// batched answer equals the one-at-a-time answer bit for bit (tested). If a batch call throws — one
/// customer's values cannot be scored — every customer of that batch is scored again alone, so only the
/// offending one gets the error.
///
/// Scoring runs on the batcher's own threads (serial dispatch queues), not on Swift's cooperative pool, so HTTP
/// parsing, JSON and log commits keep running while a batch is scored.
///
/// Runs as a `Service`: list it before the HTTP server, so on graceful shutdown it stops only after the server
/// finished its in-flight requests; the lanes then score what is still queued and end.
public final class MicroBatcher: Service, Sendable {
  /// A queued customer and the request waiting for its answer.
  private struct Job: Sendable {
    let input: CustomerInput
    let done: CheckedContinuation<Result<EngineDecision, any Error>, Never>
  }

  private struct State: Sendable {
    var queue: [Job] = []
    /// Where the queue's unserved part begins (the queue is compacted when it empties).
    var head = 0
    var idleLanes = 0
    var stopping = false
    var runningLanes = 0
    /// A request is scoring itself (the idle fast path).
    var inlineBusy = false
  }

  private let engine: any DecisionEngine
  private let maxBatch: Int
  private let lanes: Int
  private let inlineWhenIdle: Bool
  private let metrics: ServeMetrics?
  private let state = Mutex(State())
  private let wake = DispatchSemaphore(value: 0)
  private let finished = DispatchSemaphore(value: 0)

  /// A batcher over `engine` with `lanes` scoring threads and batches of at most `maxBatch` customers,
  /// reporting batch sizes to `metrics`. With `inlineWhenIdle`, a request arriving at an idle batcher scores
  /// itself. The lanes start at once.
  public init(
    engine: any DecisionEngine, lanes: Int, maxBatch: Int, metrics: ServeMetrics?, inlineWhenIdle: Bool = true
  ) {
    self.engine = engine
    self.lanes = Swift.max(1, lanes)
    self.inlineWhenIdle = inlineWhenIdle
    self.maxBatch = Swift.max(1, maxBatch)
    self.metrics = metrics
    state.withLock { $0.runningLanes = self.lanes }
    for k in 0..<self.lanes {
      DispatchQueue(label: "churn-serve.scoring.\(k)", qos: .userInitiated).async { [self] in lane() }
    }
  }

  /// Scores one customer, batched with whatever else is waiting; the result is the engine's decision or the
  /// error scoring this customer alone raised.
  public func decide(_ input: CustomerInput) async -> Result<EngineDecision, any Error> {
    if inlineWhenIdle && claimIdleFastPath() {
      defer { state.withLock { $0.inlineBusy = false } }
      metrics?.scoringBatch(size: 1)
      return score([input])[0]
    }
    return await withCheckedContinuation { (c: CheckedContinuation<Result<EngineDecision, any Error>, Never>) in
      let wakeOne: Bool? = state.withLock { s in
        guard !s.stopping || s.runningLanes > 0 else { return nil }
        s.queue.append(Job(input: input, done: c))
        guard s.idleLanes > 0 else { return false }
        s.idleLanes -= 1
        return true
      }
      switch wakeOne {
      case nil: c.resume(returning: .failure(LogClosedError()))
      case true?: wake.signal()
      case false?: break
      }
    }
  }

  /// Customers queued and not yet taken by a lane.
  var queuedCount: Int { state.withLock { $0.queue.count - $0.head } }

  /// Lanes waiting for work.
  var idleLaneCount: Int { state.withLock { $0.idleLanes } }

  /// Claims the idle fast path: every lane idle, nothing queued, no other request scoring itself.
  private func claimIdleFastPath() -> Bool {
    state.withLock { s in
      guard !s.stopping, !s.inlineBusy, s.idleLanes == lanes, s.queue.count == s.head else { return false }
      s.inlineBusy = true
      return true
    }
  }

  /// Waits for graceful shutdown, then lets the lanes drain the queue and end.
  public func run() async throws {
    try? await gracefulShutdown()
    stop()
  }

  /// Stops the lanes once the queue is empty (requests arriving later are refused as shutting down).
  public func stop() {
    let sleeping: Int = state.withLock { s in
      guard !s.stopping else { return 0 }
      s.stopping = true
      let n = s.idleLanes
      s.idleLanes = 0
      return n
    }
    for _ in 0..<sleeping { wake.signal() }
  }

  /// Blocks until every lane has ended (after ``stop()``).
  public func waitUntilStopped() {
    for _ in 0..<lanes { finished.wait() }
  }

  /// One scoring thread: take what is queued, score it as one batch, answer; sleep when nothing is queued.
  private func lane() {
    while true {
      let jobs: [Job]? = state.withLock { s in
        let waiting = s.queue.count - s.head
        if waiting == 0 {
          s.queue.removeAll(keepingCapacity: true)
          s.head = 0
          if s.stopping {
            s.runningLanes -= 1
            return nil
          }
          s.idleLanes += 1
          return []
        }
        let n = Swift.min(waiting, maxBatch)
        let taken = Array(s.queue[s.head..<(s.head + n)])
        s.head += n
        return taken
      }
      guard let jobs else { break }
      if jobs.isEmpty {
        wake.wait()
        continue
      }
      metrics?.scoringBatch(size: jobs.count)
      let results = score(jobs.map(\.input))
      for (job, result) in zip(jobs, results) { job.done.resume(returning: result) }
    }
    finished.signal()
  }

  /// Scores a batch; when the batch call fails, each customer alone, so one bad customer fails only itself.
  private func score(_ inputs: [CustomerInput]) -> [Result<EngineDecision, any Error>] {
    if let batch = try? engine.decide(inputs), batch.count == inputs.count {
      return batch.map { .success($0) }
    }
    return inputs.map { input in
      Result {
        let one = try engine.decide([input])
        guard one.count == 1 else { throw EngineContractError(expected: 1, got: one.count) }
        return one[0]
      }
    }
  }
}
