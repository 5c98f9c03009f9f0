import Dispatch

/// Runs `body(i)` for every `i` in `0..<count`, on all cores when `count > 1`.
///
/// Work items must write to disjoint memory. Results must not depend on which thread runs which
/// item: give each item its own RNG stream (``SeededRNG/derived(_:)``) and combine per-item partial
/// results afterwards in item order, so the answer is the same for any thread count.
public func parallelFor(_ count: Int, _ body: (Int) -> Void) {
  if count <= 0 { return }
  if count == 1 || ParallelSettings.maxThreads == 1 {
    for i in 0..<count { body(i) }
    return
  }
  withoutActuallyEscaping(body) { b in
    let box = UncheckedSendable(b)
    DispatchQueue.concurrentPerform(iterations: count) { i in box.value(i) }
  }
}

/// Process-wide parallelism knob, used by tests to check that results do not depend on threads.
public enum ParallelSettings {
  /// 1 forces serial execution; any other value lets Dispatch use all cores.
  nonisolated(unsafe) public static var maxThreads: Int = 0
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
