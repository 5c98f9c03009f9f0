/// Bearer-token checking for `--token-file`: tokens compared in constant time.
public struct BearerAuth: Sendable {
  private let tokens: [[UInt8]]

  /// Accepts any of `tokens` (each non-empty).
  public init(tokens: [String]) {
    self.tokens = tokens.map { Array($0.utf8) }
  }

  /// Tokens from a file: one per line; blank lines and lines starting with `#` are skipped.
  public static func parseTokenFile(_ text: String) -> [String] {
    text.split(whereSeparator: { $0 == "\n" || $0 == "\r" })
      .map { $0.trimmingCharacters(in: " \t") }
      .filter { !$0.isEmpty && !$0.hasPrefix("#") }
  }

  /// Whether an `Authorization` header value carries a valid token. Every configured token is compared over
  /// its full length whatever the outcome, so timing does not reveal how much of a guess matched.
  public func accepts(authorization header: String?) -> Bool {
    guard let header, header.count > 7, header.prefix(7).lowercased() == "bearer " else { return false }
    let given = Array(header.utf8.dropFirst(7))
    var ok: UInt8 = 0
    for t in tokens { ok |= constantTimeEqual(given, t) }
    return ok == 1
  }
}

/// 1 when `a == b`, else 0, in time that depends only on the lengths.
func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> UInt8 {
  var diff: UInt64 = UInt64(a.count ^ b.count)
  let n = max(a.count, b.count)
  for i in 0..<n {
    let x = i < a.count ? a[i] : 0
    let y = i < b.count ? b[i] : 0
    diff |= UInt64(x ^ y)
  }
  return diff == 0 ? 1 : 0
}

extension Substring {
  func trimmingCharacters(in set: String) -> String {
    var s = self
    while let f = s.first, set.contains(f) { s = s.dropFirst() }
    while let l = s.last, set.contains(l) { s = s.dropLast() }
    return String(s)
  }
}
