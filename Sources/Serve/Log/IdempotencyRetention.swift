/// How long the log keeps `Idempotency-Key`s (`--idempotency-ttl`, default 24 hours).
///
/// A key older than the retention is forgotten: a lookup ignores it (so a retry after expiry is decided and
/// logged as a new request), a new request with the same key replaces it, and the log writer deletes expired
/// keys in its group-commit path at most once per ``pruneInterval`` (SQLite and PostgreSQL alike). Keys are
/// compared by their first request's UTC time (`IdempotencyRecord.time`, fixed-width ISO 8601, which sorts as
/// text in time order); with several replicas their clocks should agree to well within the retention.
public struct IdempotencyRetention: Sendable, Equatable {
  /// How long a key is kept after its first request.
  public var ttl: Duration

  /// The default retention: 24 hours (clients retry within minutes; a day covers retries after an outage).
  public static let standard = IdempotencyRetention(ttl: .seconds(24 * 3600))

  /// A retention of `ttl` (at least one second).
  public init(ttl: Duration) { self.ttl = max(ttl, .seconds(1)) }

  /// How often the writer deletes expired keys: every minute, or every `ttl` when that is shorter.
  public var pruneInterval: Duration { min(ttl, .seconds(60)) }

  /// The oldest first-request time still retained, now: keys with an earlier `time` are expired.
  public func cutoff() -> String { utcTimestamp(minus: ttl) }

  /// Parses `--idempotency-ttl`: a whole number with a unit, `90s`, `30m`, `24h`, `7d` (a bare number is
  /// seconds); from 1 second to 3,650 days. Returns nil for anything else.
  public static func parse(_ text: String) -> IdempotencyRetention? {
    let units: [Character: Int64] = ["s": 1, "m": 60, "h": 3600, "d": 86_400]
    var digits = Substring(text)
    var unit: Int64 = 1
    if let last = text.last, let u = units[last] {
      unit = u
      digits = text.dropLast()
    }
    guard !digits.isEmpty, digits.allSatisfy(\.isASCII), let n = Int64(digits), n >= 1 else { return nil }
    let (seconds, overflow) = n.multipliedReportingOverflow(by: unit)
    guard !overflow, seconds <= 3650 * 86_400 else { return nil }
    return IdempotencyRetention(ttl: .seconds(seconds))
  }

  /// The retention as the option would be written (`24h`, `90s`).
  public var display: String {
    let s = ttl.components.seconds
    if s % 86_400 == 0 { return "\(s / 86_400)d" }
    if s % 3600 == 0 { return "\(s / 3600)h" }
    if s % 60 == 0 { return "\(s / 60)m" }
    return "\(s)s"
  }
}
