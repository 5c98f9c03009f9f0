/// Summary statistics of one column. All of them skip missing values; bools count as 0/1; text
/// columns give nil for numeric statistics.
extension Column {
  /// Calls `body` with each non-missing value as a double (bools are 0/1). Does nothing for text.
  @inline(__always)
  func forEachNumber(_ body: (Double) -> Void) {
    let mask = valid
    switch storage {
    case .float(let v):
      v.withUnsafeBufferPointer { b in
        if let mask { for i in b.indices where mask[i] { body(b[i]) } } else { for x in b { body(x) } }
      }
    case .int(let v):
      v.withUnsafeBufferPointer { b in
        if let mask { for i in b.indices where mask[i] { body(Double(b[i])) } } else { for x in b { body(Double(x)) } }
      }
    case .bool(let v):
      v.withUnsafeBufferPointer { b in
        if let mask { for i in b.indices where mask[i] { body(b[i] ? 1 : 0) } } else { for x in b { body(x ? 1 : 0) } }
      }
    case .string: break
    }
  }

  /// The non-missing values as doubles, in row order (empty for text columns).
  public func nonMissingDoubles() -> [Double] {
    var out: [Double] = []
    out.reserveCapacity(count - missingCount)
    forEachNumber { out.append($0) }
    return out
  }

  /// Number of non-missing values.
  public var nonMissingCount: Int { count - missingCount }

  /// Sum of the non-missing values (0 when there are none; nil for text). Compensated (Neumaier)
  /// summation, so long columns do not lose digits.
  public func sum() -> Double? {
    guard isNumeric else { return nil }
    var s = CompensatedSum()
    forEachNumber { s.add($0) }
    return s.value
  }

  /// Mean of the non-missing values; nil when there are none or the column is text.
  ///
  /// Compensated sum divided by n; when that sum overflows although every value is finite (the mean of
  /// 1e308 and 1.7e308), the values are first divided by the largest magnitude, so the mean is finite
  /// whenever the values are (scaled summation, as in LAPACK's `dnrm2`).
  public func mean() -> Double? {
    guard isNumeric else { return nil }
    var s = CompensatedSum()
    var n = 0
    forEachNumber {
      s.add($0)
      n += 1
    }
    guard n > 0 else { return nil }
    let plain = s.value / Double(n)
    if plain.isFinite { return plain }
    guard let scale = finiteScale() else {
      // Some value is infinite: the plain sum says which (inf, -inf, or NaN for both signs).
      var naive = 0.0
      forEachNumber { naive += $0 }
      return naive / Double(n)
    }
    var scaled = CompensatedSum()
    forEachNumber { scaled.add($0 / scale) }
    return scaled.value / Double(n) * scale
  }

  /// Sample variance (denominator n - 1, two-pass); nil with fewer than two values or for text.
  /// Infinite when the variance exceeds the double range (the SD may still be finite: see ``sd()``).
  public func variance() -> Double? {
    guard let m = mean() else { return nil }
    var s = CompensatedSum()
    var n = 0
    forEachNumber {
      let d = $0 - m
      s.add(d * d)
      n += 1
    }
    return n > 1 ? s.value / Double(n - 1) : nil
  }

  /// Sample standard deviation (denominator n - 1); nil with fewer than two values or for text.
  /// When the variance overflows but the values are finite, the deviations are scaled by the largest
  /// magnitude first, so the SD of 1e308 and 1.7e308 is finite (about 4.95e307).
  public func sd() -> Double? {
    guard let v = variance() else { return nil }
    if v.isFinite { return v.squareRoot() }
    guard let m = mean(), m.isFinite, let scale = finiteScale() else { return v.squareRoot() }
    var s = CompensatedSum()
    var n = 0
    forEachNumber {
      let d = $0 / scale - m / scale
      s.add(d * d)
      n += 1
    }
    return (s.value / Double(n - 1)).squareRoot() * scale
  }

  /// The largest magnitude among the values when all are finite and it is positive; nil otherwise.
  private func finiteScale() -> Double? {
    var largest = 0.0
    var finite = true
    forEachNumber { x in if x.isFinite { largest = Swift.max(largest, abs(x)) } else { finite = false } }
    return finite && largest > 0 ? largest : nil
  }

  /// Smallest non-missing value; nil when there are none or the column is text.
  public func min() -> Double? {
    var best: Double? = nil
    forEachNumber { x in
      if let b = best, b <= x { return }
      best = x
    }
    return best
  }

  /// Largest non-missing value; nil when there are none or the column is text.
  public func max() -> Double? {
    var best: Double? = nil
    forEachNumber { x in
      if let b = best, b >= x { return }
      best = x
    }
    return best
  }

  /// Median of the non-missing values (the 0.5 quantile).
  public func median() -> Double? { quantile(0.5) }

  /// The `q` quantile (0 ≤ q ≤ 1) by linear interpolation between order statistics — numpy's and
  /// pandas' default (`h = (n - 1) q`). Nil when there are no values, q is outside [0, 1], or the
  /// column is text.
  public func quantile(_ q: Double) -> Double? { quantiles([q])[0] }

  /// Several quantiles with one sort (see ``quantile(_:)``).
  public func quantiles(_ qs: [Double]) -> [Double?] {
    let sorted = nonMissingDoubles().sorted()
    return qs.map { sortedQuantile(sorted, $0) }
  }

  /// Number of distinct non-missing values (levels that no row uses are not counted).
  public var nDistinct: Int {
    switch storage {
    case .string(let codes, let levels):
      var seen = [Bool](repeating: false, count: levels.count)
      var n = 0
      for i in codes.indices where !isMissing(i) {
        let c = Int(codes[i])
        if !seen[c] {
          seen[c] = true
          n += 1
        }
      }
      return n
    case .bool(let v):
      var t = false, f = false
      for i in v.indices where !isMissing(i) { if v[i] { t = true } else { f = true } }
      return (t ? 1 : 0) + (f ? 1 : 0)
    case .int(let v):
      var set = Set<Int>()
      for i in v.indices where !isMissing(i) { set.insert(v[i]) }
      return set.count
    case .float(let v):
      var set = Set<UInt64>()
      for i in v.indices where !isMissing(i) { set.insert((v[i] + 0.0).bitPattern) }
      return set.count
    }
  }
}

/// The `q` quantile of ascending `sorted` values by linear interpolation (numpy default), or nil.
func sortedQuantile(_ sorted: [Double], _ q: Double) -> Double? {
  guard !sorted.isEmpty, q >= 0, q <= 1 else { return nil }
  return sorted.withUnsafeBufferPointer { sortedQuantile($0, q) }
}

/// The `q` quantile of an ascending buffer (non-empty, 0 ≤ q ≤ 1) by linear interpolation.
@inline(__always)
func sortedQuantile(_ sorted: UnsafeBufferPointer<Double>, _ q: Double) -> Double {
  let h = Double(sorted.count - 1) * q
  let lo = Int(h.rounded(.down))
  let hi = Swift.min(lo + 1, sorted.count - 1)
  let frac = h - Double(lo)
  let a = sorted[lo], b = sorted[hi]
  return frac == 0 ? a : a + frac * (b - a)
}

/// Neumaier's compensated summation: the running error of each addition is carried separately.
struct CompensatedSum {
  private var sum = 0.0
  private var compensation = 0.0

  @inline(__always)
  mutating func add(_ x: Double) {
    let t = sum + x
    if Swift.abs(sum) >= Swift.abs(x) {
      compensation += (sum - t) + x
    } else {
      compensation += (x - t) + sum
    }
    sum = t
  }

  var value: Double { sum + compensation }
}

/// Compact, readable text for a number in labels and generated names: integers without ".0",
/// other values with the fewest decimals (up to 12) that stay within 1e-9 (relative) of the value,
/// so 35.650000000000006 prints as "35.65".
public func compactNumber(_ x: Double) -> String {
  guard x.isFinite else { return x.isNaN ? "NA" : (x > 0 ? "inf" : "-inf") }
  if x == x.rounded(), Swift.abs(x) < 1e15 { return String(Int(x)) }
  var scale = 1.0
  for _ in 0...12 {
    let r = (x * scale).rounded() / scale
    if Swift.abs(r - x) <= 1e-9 * Swift.max(1, Swift.abs(x)) {
      return r == r.rounded() && Swift.abs(r) < 1e15 ? String(Int(r)) : r.description
    }
    scale *= 10
  }
  return x.description
}
