import Synchronization

/// Whether the decision log can commit, as `GET /ready` reports it: the outcome of the last commit or probe.
///
/// Under load, commits happen all the time, so `/ready` answers from the last one when it is recent
/// (``freshness``) — a failed group commit makes the replica unready at once, a successful one ready again.
/// When the last outcome is older (an idle replica, or one a load balancer stopped sending traffic to because
/// it was unready), `/ready` probes the store (``DecisionLogStore/probe()``) and records that outcome instead,
/// so a replica whose database came back turns ready without needing a request to succeed first.
public final class LogHealth: Sendable {
  private struct State: Sendable {
    var at: ContinuousClock.Instant?
    /// nil = the last outcome was a success; else the failure's cause.
    var failure: String?
  }

  /// How long one outcome stands for the log's state.
  public let freshness: Duration
  private let state = Mutex(State())

  /// A tracker whose outcomes stand for `freshness` (one second by default).
  public init(freshness: Duration = .seconds(1)) { self.freshness = freshness }

  /// Records a successful commit or probe.
  public func succeeded() { state.withLock { $0 = State(at: .now, failure: nil) } }

  /// Records a failed commit or probe and its cause.
  public func failed(_ cause: String) { state.withLock { $0 = State(at: .now, failure: cause) } }

  /// The state when the last outcome is fresh: `.some(nil)` = can commit, `.some(cause)` = cannot;
  /// nil when it is stale and the store should be probed.
  public func recentState() -> String?? {
    state.withLock { s -> String?? in
      guard let at = s.at, ContinuousClock.now - at < freshness else { return nil }
      return .some(s.failure)
    }
  }
}
