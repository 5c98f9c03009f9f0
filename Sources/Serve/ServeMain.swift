import Logging

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
    if args.first == "export-log" { return await exportLog(Array(args.dropFirst())) }
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
      var engine = try PolicyEngine(path: options.policyPath)
      engine.armThreads = options.armThreads
      try await DecisionServer.run(options: options, engine: engine)
      return 0
    } catch {
      writeError("churn-serve: \(error)")
      return 1
    }
  }

  /// `churn-serve export-log --log postgresql://… --to FILE.sqlite`: 0 after the copy, 1 on a database or file
  /// error, 2 on a usage error.
  static func exportLog(_ args: [String]) async -> Int32 {
    let usage = "usage: churn-serve export-log --log postgresql://USER@HOST:PORT/DB --to FILE.sqlite"
    var url: PostgresURL?
    var to: String?
    var i = 0
    do {
      while i < args.count {
        let flag = args[i]
        guard flag == "--log" || flag == "--to" else {
          if flag == "-h" || flag == "--help" {
            print(usage)
            return 0
          }
          throw UsageError("unknown argument \(flag)")
        }
        guard i + 1 < args.count else { throw UsageError("\(flag) needs a value") }
        let v = args[i + 1]
        if flag == "--to" {
          to = v
        } else {
          guard case .postgres(let u) = try LogTarget.parse(v) else {
            throw UsageError("--log must be a postgresql:// URL here; a SQLite log is read by read_log as it is")
          }
          url = u
        }
        i += 2
      }
      guard let url, let to, !to.isEmpty else { throw UsageError("export-log needs both --log URL and --to FILE") }
      var logger = Logger(label: "churn-serve")
      logger.logLevel = ProcessEnvironment.logLevel ?? .warning
      let s = try await LogExport.run(from: url, to: to, logger: logger)
      print(
        "exported \(s.decisions) decisions and \(s.outcomes) outcomes (and \(s.keys) idempotency keys) from \(url.redacted) to \(to)"
      )
      return 0
    } catch let e as UsageError {
      writeError("churn-serve export-log: \(e.message ?? "")\n\(usage)")
      return 2
    } catch {
      writeError("churn-serve export-log: \(error)")
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
