import Stats
import Synchronization

/// Tree growers lent to the concurrent work items of one forest fit, so each worker thread reuses one
/// grower (its scratch, accumulators and response buffer) for all the trees it grows instead of
/// allocating and zeroing them once per tree.
///
/// A grower leaves no state between trees that a later tree reads before writing (boosting already
/// reuses one grower for every round), so a tree is the same bit for bit whichever grower grows it.
final class GrowerPool<S: SplitScorer>: Sendable {
  /// Growers not lent at the moment.
  private let idle = Mutex<[UncheckedSendable<TreeGrower<S>>]>([])

  /// An empty pool.
  init() {}

  /// Runs `body` with an idle grower (one made by `make` when none is idle) and takes it back after.
  func withGrower<R>(make: () -> TreeGrower<S>, _ body: (TreeGrower<S>) -> R) -> R {
    let lent = idle.withLock { $0.popLast() }
    let grower = lent?.value ?? make()
    defer { idle.withLock { $0.append(UncheckedSendable(grower)) } }
    return body(grower)
  }
}
