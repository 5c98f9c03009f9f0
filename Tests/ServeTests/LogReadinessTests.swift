import Serve
import Synchronization
import Testing

/// `/ready`'s view of the decision log, in process, over a store that can be made to fail: unready with the
/// reason while it cannot commit, ready again when it can; a failed group commit counts at once.
@Suite("Decision-log readiness")
struct LogReadinessTests {
  @Test("readiness follows a store that stops and resumes committing; a failed commit is seen without a probe")
  func followsTheStore() async throws {
    let store = SwitchableStore()
    let committer = GroupCommitter(store: store, metrics: nil, health: LogHealth(freshness: .zero))
    let writer = Task { try await committer.run() }
    #expect(await committer.readiness() == nil)
    try await committer.append([])
    store.failing = true
    let reason = await committer.readiness()
    #expect(reason?.contains("disk unplugged") == true, "\(reason ?? "ready")")
    await #expect(throws: LogUnavailableError.self) { try await committer.append([]) }
    store.failing = false
    #expect(await committer.readiness() == nil)
    try await committer.append([])
    #expect(store.commits == 2)

    // With outcomes that stay fresh for a minute, a failed commit makes the log unready without probing.
    let fresh = GroupCommitter(store: store, metrics: nil, health: LogHealth(freshness: .seconds(60)))
    let freshWriter = Task { try await fresh.run() }
    store.failing = true
    await #expect(throws: LogUnavailableError.self) { try await fresh.append([]) }
    let probes = store.probes
    #expect(await fresh.readiness()?.contains("disk unplugged") == true)
    #expect(store.probes == probes)
    store.failing = false
    try await fresh.append([])
    #expect(await fresh.readiness() == nil)
    #expect(store.probes == probes)
    committer.stop()
    fresh.stop()
    try await writer.value
    try await freshWriter.value
  }
}

/// A log store that keeps nothing and fails every call while `failing` is set.
final class SwitchableStore: DecisionLogStore {
  private struct State { var failing = false, commits = 0, probes = 0 }
  private let state = Mutex(State())
  struct Unplugged: Error, CustomStringConvertible { var description: String { "disk unplugged" } }

  var failing: Bool {
    get { state.withLock { $0.failing } }
    set { state.withLock { $0.failing = newValue } }
  }
  var commits: Int { state.withLock { $0.commits } }
  var probes: Int { state.withLock { $0.probes } }

  func append(_ entries: [LogEntry], keysExpireBefore cutoff: String) async throws -> Set<Int> {
    try state.withLock { s in
      if s.failing { throw Unplugged() }
      s.commits += 1
    }
    return []
  }

  func containsDecision(_ id: String) async throws -> Bool { false }
  func idempotency(_ key: String, notBefore cutoff: String) async throws -> IdempotencyRecord? { nil }
  func pruneKeys(before cutoff: String) async throws -> Int { 0 }

  func probe() async throws {
    try state.withLock { s in
      s.probes += 1
      if s.failing { throw Unplugged() }
    }
  }
}
