import FoundationEssentials
import Hummingbird
import Logging
import ServiceLifecycle

#if canImport(Glibc)
  import Glibc
#endif

/// Starts the decision service and runs it until SIGTERM/SIGINT.
public enum DecisionServer {
  /// Opens the log, binds, prints the ready line, serves; returns after a graceful shutdown.
  ///
  /// Shutdown order (swift-service-lifecycle stops services in reverse order of the list): `/ready` turns 503,
  /// the HTTP server stops accepting and finishes in-flight requests (each of which waits for its log commit),
  /// then the scoring batcher's lanes end, then the log writer commits anything still queued and stops, and last a PostgreSQL log's connection pool
  /// closes.
  public static func run(options: ServeOptions, engine: any DecisionEngine) async throws {
    var logger = Logger(label: "churn-serve")
    logger.logLevel = ProcessEnvironment.logLevel ?? .info
    let tokens: BearerAuth?
    if let file = options.tokenFile {
      let text: String
      do { text = try String(contentsOfFile: file, encoding: .utf8) } catch {
        throw StartupError("cannot read the token file \(file): \(error)")
      }
      let list = BearerAuth.parseTokenFile(text)
      guard !list.isEmpty else {
        throw StartupError("the token file \(file) has no tokens (one per line; # starts a comment)")
      }
      tokens = BearerAuth(tokens: list)
    } else {
      tokens = nil
    }
    let metrics = ServeMetrics()
    let (store, storeService) = try await openLog(options, logger: logger)
    let committer = GroupCommitter(store: store, metrics: metrics, retention: options.idempotencyRetention)
    let scorer =
      options.scoringThreads == 0
      ? nil
      : MicroBatcher(engine: engine, lanes: options.scoringThreads, maxBatch: options.scoringBatch, metrics: metrics)
    let service = DecisionService(
      engine: engine, maxBatch: options.maxBatch, log: committer, metrics: metrics, scorer: scorer)
    let flag = ShutdownFlag()
    let responder = ServeResponder(
      service: service, auth: tokens, maxBodyBytes: options.maxBodyBytes, logger: logger, shuttingDown: flag)
    let host = options.host
    let version = engine.policyVersion
    let app = Application(
      responder: responder,
      configuration: ApplicationConfiguration(address: .hostname(host, port: options.port), serverName: "churn-serve"),
      onServerRunning: { channel in
        let port = channel.localAddress?.port ?? options.port
        ServeMain.writeLine(
          "churn-serve ready on http://\(host):\(port) policy \(version) log \(options.log.display)", to: STDOUT_FILENO)
      },
      logger: logger)
    let group = ServiceGroup(
      configuration: ServiceGroupConfiguration(
        services: (storeService.map { [ServiceGroupConfiguration.ServiceConfiguration(service: $0)] } ?? []) + [
          .init(service: committer)
        ] + (scorer.map { [ServiceGroupConfiguration.ServiceConfiguration(service: $0)] } ?? []) + [
          .init(service: app),
          .init(service: ReadinessService(flag: flag), successTerminationBehavior: .ignore),
        ],
        gracefulShutdownSignals: [.sigterm, .sigint],
        logger: logger))
    try await group.run()
  }
}

extension DecisionServer {
  /// Opens the store `--log` names; a PostgreSQL store also returns its connection pool, a service to run
  /// before (and stop after) the committer.
  static func openLog(_ options: ServeOptions, logger: Logger) async throws -> (any DecisionLogStore, (any Service)?) {
    switch options.log {
    case .sqlite(let path):
      do { return (try SQLiteLogStore(path: path, sync: options.sync), nil) } catch {
        throw StartupError("cannot open the decision log \(path): \(error)")
      }
    case .postgres(let url):
      do {
        let store = try await PostgresLogStore.open(url, logger: logger)
        return (store, store.client)
      } catch let e as PostgresLogError {
        throw StartupError(e.description)
      } catch {
        throw StartupError("cannot open the decision log \(url.redacted): \(PostgresLogError.cause(error))")
      }
    }
  }
}

/// Flips the readiness flag as soon as graceful shutdown begins (listed last, so it is told first).
struct ReadinessService: Service {
  let flag: ShutdownFlag
  func run() async throws {
    try? await gracefulShutdown()
    flag.set()
  }
}

/// The server could not start; the message names the cause and the fix.
public struct StartupError: Error, CustomStringConvertible, Sendable {
  /// The message.
  public var description: String
  /// An error with a message.
  public init(_ message: String) { description = message }
}

enum ProcessEnvironment {
  /// `LOG_LEVEL` (trace, debug, info, notice, warning, error, critical), if set.
  static var logLevel: Logger.Level? {
    guard let p = getenv("LOG_LEVEL") else { return nil }
    return Logger.Level(rawValue: String(cString: p))
  }
}
