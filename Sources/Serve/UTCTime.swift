#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The current UTC time as ISO 8601 with milliseconds: `2026-12-05T03:41:07.123Z`.
///
/// `minus` moves the instant back (e.g. the idempotency retention's cutoff). Timestamps of this fixed form sort
/// as text in time order, which is how the logs compare them.
func utcTimestamp(minus: Duration = .zero) -> String {
  var ts = timespec()
  clock_gettime(CLOCK_REALTIME, &ts)
  let (back, atto) = minus.components
  var ms = Int64(ts.tv_nsec / 1_000_000) - atto / 1_000_000_000_000_000
  var t = time_t(Int64(ts.tv_sec) - back)
  if ms < 0 {
    ms += 1000
    t -= 1
  }
  var parts = tm()
  gmtime_r(&t, &parts)
  func pad(_ n: Int, _ width: Int) -> String {
    let s = String(n)
    return String(repeating: "0", count: max(0, width - s.count)) + s
  }
  return "\(pad(Int(parts.tm_year) + 1900, 4))-\(pad(Int(parts.tm_mon) + 1, 2))-\(pad(Int(parts.tm_mday), 2))T"
    + "\(pad(Int(parts.tm_hour), 2)):\(pad(Int(parts.tm_min), 2)):\(pad(Int(parts.tm_sec), 2)).\(pad(Int(ms), 3))Z"
}
