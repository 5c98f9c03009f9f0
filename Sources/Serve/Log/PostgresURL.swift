import FoundationEssentials

/// A PostgreSQL connection URL as libpq writes it: `postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?PARAMS]`.
///
/// Parameters understood: `sslmode=disable|prefer|require` (default `disable`; `prefer`/`require` use TLS with
/// the system's trust roots) and `connect_timeout=SECONDS` (default 10). The password may instead come from the
/// `PGPASSWORD` environment variable, which keeps it out of the process list.
public struct PostgresURL: Sendable, Equatable {
  /// TLS use, as libpq's `sslmode`.
  public enum SSLMode: String, Sendable, Equatable {
    /// Plain TCP.
    case disable
    /// TLS when the server offers it.
    case prefer
    /// TLS or no connection.
    case require
  }

  /// The user to log in as.
  public var user: String
  /// The password (from the URL or `PGPASSWORD`), if any.
  public var password: String?
  /// The server's host name or address.
  public var host: String
  /// The server's port.
  public var port: Int
  /// The database.
  public var database: String
  /// TLS use.
  public var sslMode: SSLMode
  /// Seconds to wait for a connection.
  public var connectTimeout: Int

  /// Whether `text` is meant as a database URL rather than a file path.
  public static func looksLikeURL(_ text: String) -> Bool {
    text.hasPrefix("postgresql://") || text.hasPrefix("postgres://")
  }

  /// Parses a URL; `environment` supplies `PGPASSWORD` when the URL has no password.
  public init(parsing text: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
    let form = "postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE"
    guard let c = URLComponents(string: text), c.scheme == "postgresql" || c.scheme == "postgres" else {
      throw UsageError("--log \(Self.redact(text)) is not a valid URL; write \(form)")
    }
    guard let user = c.user, !user.isEmpty else {
      throw UsageError("--log \(Self.redact(text)) names no user; write \(form)")
    }
    guard let host = c.host, !host.isEmpty else {
      throw UsageError("--log \(Self.redact(text)) names no host; write \(form)")
    }
    let database = String(c.path.drop(while: { $0 == "/" }))
    guard !database.isEmpty, !database.contains("/") else {
      throw UsageError("--log \(Self.redact(text)) names no database (or more than one path part); write \(form)")
    }
    self.user = user
    self.password = c.password ?? environment["PGPASSWORD"]
    self.host = host
    self.port = c.port ?? 5432
    guard (1...65535).contains(port) else { throw UsageError("--log: port \(port) is out of range 1–65535") }
    self.database = database
    sslMode = .disable
    connectTimeout = 10
    for item in (c.queryItems ?? []).sorted(by: { $0.name < $1.name }) {
      switch item.name {
      case "sslmode":
        guard let m = item.value.flatMap(SSLMode.init(rawValue:)) else {
          throw UsageError("--log: sslmode must be disable, prefer or require, got \(item.value ?? "nothing")")
        }
        sslMode = m
      case "connect_timeout":
        guard let s = item.value.flatMap({ Int($0) }), (1...600).contains(s) else {
          throw UsageError("--log: connect_timeout must be whole seconds from 1 to 600, got \(item.value ?? "nothing")")
        }
        connectTimeout = s
      default:
        throw UsageError("--log: unknown URL parameter \(item.name) (understood: sslmode, connect_timeout)")
      }
    }
  }

  /// The URL without its password, for messages and the ready line.
  public var redacted: String { "postgresql://\(user)@\(host):\(port)/\(database)" }

  /// `text` with anything between `://user:` and `@` replaced by `***`.
  static func redact(_ text: String) -> String {
    guard let scheme = text.range(of: "://"), let at = text[scheme.upperBound...].firstIndex(of: "@") else {
      return text
    }
    let userInfo = text[scheme.upperBound..<at]
    guard let colon = userInfo.firstIndex(of: ":") else { return text }
    return String(text[..<colon]) + ":***" + String(text[at...])
  }
}
