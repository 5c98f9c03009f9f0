import Synchronization

/// A cooperative interrupt: the interactive shell's Ctrl-C handler sets a flag, and long loops (trees of
/// a forest, boosting rounds, cross-fitting folds) call ``check()`` between units of work, so the
/// command stops cleanly with ``InterruptedError`` and the shell returns to its prompt.
///
/// Results never depend on it: without a request every check is a relaxed load that passes. Scripts
/// install no handler, so Ctrl-C still ends them.
public enum Interruption {
  private static let flag = Atomic<Bool>(false)

  /// Asks running work to stop (async-signal-safe once ``reset()`` has run).
  public static func request() { flag.store(true, ordering: .relaxed) }

  /// Clears a request (before each new command).
  public static func reset() { flag.store(false, ordering: .relaxed) }

  /// Whether a stop was requested.
  public static var isRequested: Bool { flag.load(ordering: .relaxed) }

  /// Throws ``InterruptedError`` when a stop was requested.
  public static func check() throws {
    if flag.load(ordering: .relaxed) { throw InterruptedError() }
  }
}

/// Thrown by ``Interruption/check()`` when Ctrl-C asked the running command to stop.
public struct InterruptedError: Error, CustomStringConvertible, Sendable {
  public init() {}
  public var description: String { "interrupted" }
}
