#if canImport(Glibc)
import Glibc
#endif

/// The `churn-serve` program: parse options, load the policy, serve until SIGTERM/SIGINT.
public enum ServeMain {
  /// Runs the program and returns its exit status (0 after a graceful shutdown, 1 on a startup error,
  /// 2 on a usage error).
  public static func run(_ args: [String]) async -> Int32 {
    // SIGTERM and SIGINT must reach graceful shutdown even when a launcher (Foundation's Process, some
    // supervisors) started this process with them blocked.
    var shutdownSignals = sigset_t()
    sigemptyset(&shutdownSignals)
    sigaddset(&shutdownSignals, SIGTERM)
    sigaddset(&shutdownSignals, SIGINT)
    sigprocmask(SIG_UNBLOCK, &shutdownSignals, nil)
    let options: ServeOptions
    do {
      options = try ServeOptions.parse(args)
    } catch let e as UsageError {
      if let m = e.message {
        writeError("churn-serve: \(m)\n\(ServeOptions.usage)")
        return 2
      }
      print(ServeOptions.usage)
      return 0
    } catch {
      writeError("churn-serve: \(error)")
      return 2
    }
    do {
      let engine = try PolicyEngine(path: options.policyPath)
      try await DecisionServer.run(options: options, engine: engine)
      return 0
    } catch {
      writeError("churn-serve: \(error)")
      return 1
    }
  }

  /// Writes a line to standard error.
  static func writeError(_ s: String) { writeLine(s, to: STDERR_FILENO) }

  /// Writes a line to a file descriptor, unbuffered (the ready line must reach a pipe at once).
  static func writeLine(_ s: String, to fd: Int32) {
    let bytes = Array((s + "\n").utf8)
    var off = 0
    while off < bytes.count {
      let n = bytes[off...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
      if n <= 0 { return }
      off += n
    }
  }
}
