import FoundationEssentials

/// `churn-serve` command-line options.
public struct ServeOptions: Sendable, Equatable {
  /// The saved policy file (`save pol to "file"` in the language).
  public var policyPath: String
  /// The address to bind (loopback by default; `0.0.0.0` exposes the service).
  public var host = "127.0.0.1"
  /// The port (0 = any free port; the bound port is printed on the ready line).
  public var port = 8080
  /// The decision log: a SQLite file (default `decisions.sqlite`) or a PostgreSQL database shared by replicas.
  public var log = LogTarget.sqlite("decisions.sqlite")
  /// A file of bearer tokens (one per line); nil = no auth.
  public var tokenFile: String?
  /// The most customers one batch request may carry.
  public var maxBatch = 1000
  /// The largest request body in bytes.
  public var maxBodyBytes = 4 << 20
  /// SQLite's `synchronous` setting for the log: `full` (default: fsync at every commit, durable on power loss
  /// as far as the disk honours fsync) or `normal` (WAL fsynced only at checkpoints: durable across a killed
  /// process, not across power loss).
  public var sync = LogSync.full
  /// Threads scoring batched `/v1/recommend` requests (``MicroBatcher``); 0 = no batching, each request scores
  /// itself. Default: one per core.
  public var scoringThreads = ProcessInfo.processInfo.activeProcessorCount
  /// The most customers one scoring batch takes.
  public var scoringBatch = 256
  /// Threads one scoring call spreads a few customers' arms over (``PolicyEngine/armThreads``): 1 (default) =
  /// in turn on the scoring lane, which already has a core of its own; 0 = every core (Dispatch's worker
  /// threads, which Swift's cooperative pool shares on Linux, so under load the handlers and the log writer
  /// wait behind it).
  public var armThreads = 1
  /// How long `Idempotency-Key`s are remembered (default 24 hours); a retry after that is a new request.
  public var idempotencyRetention = IdempotencyRetention.standard

  /// Options with defaults for `policyPath`.
  public init(policyPath: String) { self.policyPath = policyPath }

  /// The usage text.
  public static let usage = """
    usage: churn-serve --policy FILE [--host 127.0.0.1] [--port 8080] [--log decisions.sqlite | --log postgresql://…]
                       [--token-file FILE] [--max-batch 1000] [--max-body-bytes 4194304] [--sync full|normal]
                       [--scoring-threads N] [--scoring-batch 256] [--idempotency-ttl 24h]
                       [--arm-threads 1]
           churn-serve export-log --log postgresql://USER@HOST:PORT/DB --to FILE.sqlite
      --policy FILE        a policy saved by `save POLICY to "FILE"` in churn
      --host ADDR          address to bind (default 127.0.0.1, loopback only)
      --port N             port (default 8080; 0 = any free port, printed on the ready line)
      --log FILE           SQLite decision log (default decisions.sqlite; created if missing)
      --log postgresql://USER[:PASSWORD]@HOST[:PORT]/DB[?sslmode=disable|prefer|require&connect_timeout=S]
                           a PostgreSQL decision log that several replicas share (tables created if absent;
                           the password may come from PGPASSWORD instead of the URL)
      --token-file FILE    require `Authorization: Bearer TOKEN` with a token from FILE (one per line)
                           on every route but /health and /ready
      --max-batch N        most customers per /v1/recommend/batch request (default 1000)
      --max-body-bytes N   largest request body (default 4194304)
      --sync full|normal   SQLite log durability: full (default) fsyncs every group commit; normal survives a
                           killed process but may lose the last commits on power loss (PostgreSQL: the
                           server's synchronous_commit setting decides)
      --scoring-threads N  threads that score /v1/recommend requests in batches: requests arriving while
                           every thread is busy are scored together (default: one per core; 0 = no batching)
      --scoring-batch N    most customers one scoring batch takes (default 256)
      --idempotency-ttl T  how long an Idempotency-Key is remembered: 90s, 30m, 24h (default), 7d; a retry
                           after that is decided and logged as a new request, and expired keys are deleted
                           from the log (before a group commit, at most once a minute or once per T if shorter)
      --arm-threads N      threads one scoring call of a few customers spreads the policy's arms over
                           (default 1 = in turn on the scoring thread; 0 = every core)
    export-log copies a PostgreSQL decision log (decisions, outcomes and the idempotency keys still stored) into
    a new SQLite file that `read_log` in churn reads.
    On start it prints one line `churn-serve ready on http://HOST:PORT ...` to stdout; SIGTERM or SIGINT
    stops it gracefully (in-flight requests finish, queued log writes commit).
    """

  /// Parses arguments (without the program name).
  public static func parse(_ args: [String]) throws -> ServeOptions {
    var policy: String?
    var o = ServeOptions(policyPath: "")
    var i = 0
    func value(_ flag: String) throws -> String {
      guard i + 1 < args.count else { throw UsageError("\(flag) needs a value") }
      i += 1
      return args[i]
    }
    func number(_ flag: String, _ range: ClosedRange<Int>) throws -> Int {
      let v = try value(flag)
      guard let n = Int(v), range.contains(n) else {
        throw UsageError("\(flag) must be a whole number from \(range.lowerBound) to \(range.upperBound), got \(v)")
      }
      return n
    }
    while i < args.count {
      let a = args[i]
      switch a {
      case "--policy": policy = try value(a)
      case "--host": o.host = try value(a)
      case "--port": o.port = try number(a, 0...65535)
      case "--log": o.log = try LogTarget.parse(try value(a))
      case "--token-file": o.tokenFile = try value(a)
      case "--max-batch": o.maxBatch = try number(a, 1...1_000_000)
      case "--max-body-bytes": o.maxBodyBytes = try number(a, 1024...(1 << 30))
      case "--scoring-threads": o.scoringThreads = try number(a, 0...256)
      case "--scoring-batch": o.scoringBatch = try number(a, 1...100_000)
      case "--idempotency-ttl":
        let v = try value(a)
        guard let r = IdempotencyRetention.parse(v) else {
          throw UsageError(
            "--idempotency-ttl must be a whole number with a unit s, m, h or d (e.g. 24h), from 1s to 3650d, got \(v)")
        }
        o.idempotencyRetention = r
      case "--arm-threads": o.armThreads = try number(a, 0...256)
      case "--sync":
        let v = try value(a)
        guard let mode = LogSync(rawValue: v) else { throw UsageError("--sync must be full or normal, got \(v)") }
        o.sync = mode
      case "-h", "--help": throw UsageError(nil)
      default: throw UsageError("unknown argument \(a)")
      }
      i += 1
    }
    guard let policy, !policy.isEmpty else { throw UsageError("--policy FILE is required") }
    o.policyPath = policy
    return o
  }
}

/// SQLite's `synchronous` setting for the decision log.
public enum LogSync: String, Sendable, Equatable {
  /// fsync at every commit.
  case full
  /// fsync at checkpoints only (WAL mode).
  case normal
}

/// A command-line mistake (nil message = help was asked for).
public struct UsageError: Error, Sendable {
  /// What was wrong, or nil for `--help`.
  public var message: String?
  /// An error with a message.
  public init(_ message: String?) { self.message = message }
}
