/// Where `--log` points: an embedded SQLite file (the default) or a shared PostgreSQL database.
public enum LogTarget: Sendable, Equatable {
  /// A SQLite file path, written through `SQLiteLogStore`.
  case sqlite(String)
  /// A PostgreSQL database, written through `PostgresLogStore` (several replicas may share it).
  case postgres(PostgresURL)

  /// Reads a `--log` value: `postgresql://…` or `postgres://…` is a database URL, anything else a file path.
  public static func parse(_ text: String) throws -> LogTarget {
    if PostgresURL.looksLikeURL(text) { return .postgres(try PostgresURL(parsing: text)) }
    guard !text.isEmpty else { throw UsageError("--log needs a file path or a postgresql:// URL, got an empty value") }
    return .sqlite(text)
  }

  /// The target as shown on the ready line and in messages (a URL without its password).
  public var display: String {
    switch self {
    case .sqlite(let path): path
    case .postgres(let url): url.redacted
    }
  }
}
