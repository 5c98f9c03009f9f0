import Dispatch

// Deterministic parallel helpers: the only place in churn that calls `DispatchQueue.concurrentPerform`.
//
// Work items must write to disjoint memory, and results must not depend on which thread runs which item:
// give each item its own RNG stream (``SeededRNG/derived(_:)``) and combine per-item partial results
// afterwards in item order, so the answer is the same for any thread count.

/// Runs `body(i)` for every `i` in `0..<count`.
///
/// `threads` is an execution option, not a result option: 1 runs the items in order on the calling thread;
/// k > 1 runs them on at most k concurrent workers (worker w takes items w, w + k, …); 0 (the default) lets
/// Dispatch use every core with one work item per index.
public func parallelFor(_ count: Int, threads: Int = 0, _ body: (Int) -> Void) {
  if count <= 0 { return }
  if count == 1 || threads == 1 {
    for i in 0..<count { body(i) }
    return
  }
  withoutActuallyEscaping(body) { b in
    let box = UncheckedSendable(b)
    if threads > 1 && threads < count {
      DispatchQueue.concurrentPerform(iterations: threads) { w in
        var i = w
        while i < count {
          box.value(i)
          i += threads
        }
      }
    } else {
      DispatchQueue.concurrentPerform(iterations: count) { i in box.value(i) }
    }
  }
}

/// Runs `body(0..<count)` in parallel (see ``parallelFor(_:threads:_:)`` for `threads`) and returns the
/// results in index order; rethrows the error of the lowest failing index, so failures are reported
/// deterministically whatever the schedule.
public func parallelMap<T: Sendable>(
  _ count: Int, threads: Int = 0,
  _ body: @Sendable (Int) throws -> T
) throws -> [T] {
  if count <= 0 { return [] }
  let box = ParallelResults<T>(count)
  parallelFor(count, threads: threads) { i in box.set(i, Result { try body(i) }) }
  return try box.values()
}

/// Thrown by ``parallelMap(_:threads:_:)`` if a work item produced no result (an internal error).
public struct ParallelWorkError: Error, CustomStringConvertible {
  /// The index of the work item that did not finish.
  public let item: Int
  public var description: String { "internal: parallel work item \(item) did not finish" }
}

/// Result slots written by disjoint parallel iterations (each index exactly once), through a raw
/// buffer allocated up front so that concurrent writes never touch shared Swift array storage.
private final class ParallelResults<T: Sendable>: @unchecked Sendable {
  private let base: UnsafeMutablePointer<Result<T, any Error>?>
  private let count: Int
  init(_ n: Int) {
    count = n
    base = .allocate(capacity: n)
    base.initialize(repeating: nil, count: n)
  }
  deinit {
    base.deinitialize(count: count)
    base.deallocate()
  }
  func set(_ i: Int, _ r: Result<T, any Error>) { base[i] = r }
  func values() throws -> [T] {
    var out: [T] = []
    out.reserveCapacity(count)
    for i in 0..<count {
      switch base[i] {
      case .success(let v)?: out.append(v)
      case .failure(let e)?: throw e
      case nil: throw ParallelWorkError(item: i)
      }
    }
    return out
  }
}

/// A wrapper that lets a value cross into concurrent work items. The caller guarantees that the
/// wrapped value is only used in a data-race-free way (e.g. disjoint writes through a pointer).
public struct UncheckedSendable<T>: @unchecked Sendable {
  public let value: T
  public init(_ value: T) { self.value = value }
}

/// A mutable pointer that may be shared by concurrent work items writing disjoint ranges.
public struct SharedPointer<T>: @unchecked Sendable {
  public let base: UnsafeMutablePointer<T>
  public init(_ base: UnsafeMutablePointer<T>) { self.base = base }
  @inline(__always) public subscript(i: Int) -> T {
    get { base[i] }
    nonmutating set { base[i] = newValue }
  }
}

/// Runs `foreground` on the calling thread while `background` runs on a thread of its own, and returns
/// both results once both have finished.
///
/// For two independent jobs that each use ``parallelFor(_:threads:_:)`` inside: the background job runs
/// outside any parallel loop, so its inner loops keep all their workers (inside a parallel loop Dispatch
/// would run them serially), and each job's serial stretches (a batch's slowest item, set-up between
/// loops) are filled by the other's work. Neither job may depend on the other or on the schedule; then the
/// results are the same as running them one after the other, which `threads: 1` does (foreground first).
/// If both fail, the foreground's error is thrown, so failures are reported the same way whatever the
/// schedule.
public func concurrently<A, B: Sendable>(
  threads: Int = 0,
  _ foreground: () throws -> A,
  background: @escaping @Sendable () throws -> B
) throws -> (A, B) {
  if threads == 1 {
    let a = try foreground()
    return (a, try background())
  }
  let slot = BackgroundResult<B>()
  let group = DispatchGroup()
  // A serial queue of its own gets a thread of its own (not one of the pool's workers).
  DispatchQueue(label: "churn.concurrently").async(group: group) { slot.value = Result { try background() } }
  let a = Result { try foreground() }
  group.wait()
  let first = try a.get()
  guard let b = slot.value else { throw ParallelWorkError(item: 1) }
  return (first, try b.get())
}

/// The background job's result of ``concurrently(threads:_:background:)``: written once by the
/// background thread, read by the caller only after waiting for it.
private final class BackgroundResult<T>: @unchecked Sendable {
  var value: Result<T, any Error>? = nil
}
