/// Edit distance between two strings, compared by Unicode scalars: insertions, deletions,
/// substitutions and transpositions of two adjacent characters each cost 1 (the optimal string
/// alignment distance), so the common typo `gmb` for `gbm` is one edit away.
public func editDistance(_ a: String, _ b: String) -> Int {
  let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
  if a.isEmpty { return b.count }
  if b.isEmpty { return a.count }
  var before = [Int](repeating: 0, count: b.count + 1)
  var prev = Array(0...b.count), cur = [Int](repeating: 0, count: b.count + 1)
  for i in 1...a.count {
    cur[0] = i
    for j in 1...b.count {
      let cost = a[i - 1] == b[j - 1] ? 0 : 1
      cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
      if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] { cur[j] = min(cur[j], before[j - 2] + 1) }
    }
    (before, prev, cur) = (prev, cur, before)
  }
  return prev[b.count]
}

/// The candidate closest to `name` for a "did you mean" hint, or nil if none is close enough.
///
/// A case-insensitive exact match wins; otherwise the smallest edit distance, accepted when it is
/// at most max(1, len/3). Ties go to the earlier candidate, so the answer is deterministic.
public func closestMatch(to name: String, among candidates: [String]) -> String? {
  let lower = name.lowercased()
  if let exact = candidates.first(where: { $0.lowercased() == lower }) { return exact }
  var best: (String, Int)? = nil
  for c in candidates {
    let d = editDistance(lower, c.lowercased())
    if best == nil || d < best!.1 { best = (c, d) }
  }
  guard let (c, d) = best, d <= max(1, name.count / 3) else { return nil }
  return c
}
