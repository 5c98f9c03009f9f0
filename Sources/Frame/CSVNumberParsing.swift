#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Number and boolean parsing straight from bytes, without creating a `String` per field.
///
/// Integers are parsed by hand with overflow detection. Decimals with at most 19 significant digits
/// and a power of ten within ±22 take Clinger's exact fast path (one correctly rounded multiply or
/// divide of two exactly representable doubles); anything else is handed to `strtod`, which rounds
/// correctly. The syntax is checked by hand first, so `strtod` never sees hex, `nan` or trailing text.
enum ByteParse {
  @inline(__always)
  static func isDigit(_ c: UInt8) -> Bool { c &- 48 < 10 }

  /// An optionally signed decimal integer filling all `n` bytes, or nil (not an integer, or too large).
  @inline(__always)
  static func int(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int? {
    var i = 0
    var negative = false
    if n > 0 && (p[0] == UInt8(ascii: "-") || p[0] == UInt8(ascii: "+")) {
      negative = p[0] == UInt8(ascii: "-")
      i = 1
    }
    let digits = n - i
    if digits <= 0 { return nil }
    var m: UInt64 = 0
    if digits <= 18 {
      while i < n {
        let d = p[i] &- 48
        if d >= 10 { return nil }
        m = m &* 10 &+ UInt64(d)
        i += 1
      }
      return negative ? -Int(m) : Int(m)
    }
    while i < n {
      let d = p[i] &- 48
      if d >= 10 { return nil }
      let (a, o1) = m.multipliedReportingOverflow(by: 10)
      let (b, o2) = a.addingReportingOverflow(UInt64(d))
      if o1 || o2 { return nil }
      m = b
      i += 1
    }
    if negative {
      if m > UInt64(Int.max) + 1 { return nil }
      return m == UInt64(Int.max) + 1 ? Int.min : -Int(m)
    }
    return m > UInt64(Int.max) ? nil : Int(m)
  }

  /// Exact powers of ten 10^0 … 10^22 (all representable in a double).
  @inline(__always)
  static func pow10(_ k: Int) -> Double {
    switch k {
    case 0: return 1
    case 1: return 1e1
    case 2: return 1e2
    case 3: return 1e3
    case 4: return 1e4
    case 5: return 1e5
    case 6: return 1e6
    case 7: return 1e7
    case 8: return 1e8
    case 9: return 1e9
    case 10: return 1e10
    case 11: return 1e11
    case 12: return 1e12
    case 13: return 1e13
    case 14: return 1e14
    case 15: return 1e15
    case 16: return 1e16
    case 17: return 1e17
    case 18: return 1e18
    case 19: return 1e19
    case 20: return 1e20
    case 21: return 1e21
    default: return 1e22
    }
  }

  /// A decimal number (`-12`, `3.5`, `.5`, `1e-5`, `inf`) filling all `n` bytes, or nil.
  @inline(__always)
  static func double(_ p: UnsafePointer<UInt8>, _ n: Int) -> Double? {
    var i = 0
    var negative = false
    if n > 0 && (p[0] == UInt8(ascii: "-") || p[0] == UInt8(ascii: "+")) {
      negative = p[0] == UInt8(ascii: "-")
      i = 1
    }
    if i >= n { return nil }
    var mantissa: UInt64 = 0
    var significant = 0
    var exp10 = 0
    var anyDigit = false
    var exact = true
    while i < n {
      let d = p[i] &- 48
      if d >= 10 { break }
      anyDigit = true
      if mantissa == 0 && d == 0 {
      } else if significant < 19 {
        mantissa = mantissa &* 10 &+ UInt64(d)
        significant += 1
      } else {
        exp10 += 1
        exact = false
      }
      i += 1
    }
    if i < n && p[i] == UInt8(ascii: ".") {
      i += 1
      while i < n {
        let d = p[i] &- 48
        if d >= 10 { break }
        anyDigit = true
        if mantissa == 0 && d == 0 {
          exp10 -= 1
        } else if significant < 19 {
          mantissa = mantissa &* 10 &+ UInt64(d)
          significant += 1
          exp10 -= 1
        } else {
          exact = false
        }
        i += 1
      }
    }
    if !anyDigit { return special(p, n, from: i, negative: negative) }
    if i < n && (p[i] == UInt8(ascii: "e") || p[i] == UInt8(ascii: "E")) {
      i += 1
      var expNegative = false
      if i < n && (p[i] == UInt8(ascii: "-") || p[i] == UInt8(ascii: "+")) {
        expNegative = p[i] == UInt8(ascii: "-")
        i += 1
      }
      if i >= n { return nil }
      var e = 0
      while i < n {
        let d = p[i] &- 48
        if d >= 10 { return nil }
        if e < 100_000 { e = e * 10 + Int(d) }
        i += 1
      }
      exp10 += expNegative ? -e : e
    }
    if i != n { return nil }
    if mantissa == 0 { return negative ? -0.0 : 0.0 }
    if exact && mantissa <= (1 << 53) && exp10 >= -22 && exp10 <= 22 {
      let m = Double(mantissa)
      let v = exp10 < 0 ? m / pow10(-exp10) : m * pow10(exp10)
      return negative ? -v : v
    }
    return viaStrtod(p, n)
  }

  /// `inf`, `infinity` (any case, optionally signed) are ±infinity; `nan` (any case, optionally signed) is
  /// NaN, which the column builders store as a missing value (a float column's NaN is missing everywhere in
  /// Frame). Nothing else without digits is a number.
  static func special(_ p: UnsafePointer<UInt8>, _ n: Int, from i: Int, negative: Bool) -> Double? {
    let rest = n - i
    if rest == 3 && p[i] | 0x20 == UInt8(ascii: "n") && p[i + 1] | 0x20 == UInt8(ascii: "a")
      && p[i + 2] | 0x20 == UInt8(ascii: "n")
    {
      return .nan
    }
    guard rest == 3 || rest == 8 else { return nil }
    let word = "infinity".utf8
    var k = 0
    for w in word.prefix(rest) {
      if p[i + k] | 0x20 != w { return nil }
      k += 1
    }
    return negative ? -Double.infinity : Double.infinity
  }

  /// Correctly rounded conversion by the C library, for long or extreme decimals.
  static func viaStrtod(_ p: UnsafePointer<UInt8>, _ n: Int) -> Double? {
    withUnsafeTemporaryAllocation(of: CChar.self, capacity: n + 1) { buf in
      guard let base = buf.baseAddress else { return nil }
      for k in 0..<n { base[k] = CChar(bitPattern: p[k]) }
      base[n] = 0
      var end: UnsafeMutablePointer<CChar>? = nil
      let v = strtod(base, &end)
      guard let end, end - base == n else { return nil }
      return v
    }
  }

  /// `true`/`True`/`TRUE` or `false`/`False`/`FALSE` (exactly these spellings), or nil.
  @inline(__always)
  static func bool(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool? {
    if n == 4 {
      let c0 = p[0], c1 = p[1], c2 = p[2], c3 = p[3]
      if c0 == 0x74 && c1 == 0x72 && c2 == 0x75 && c3 == 0x65 { return true }  // true
      if c0 == 0x54 && c1 == 0x72 && c2 == 0x75 && c3 == 0x65 { return true }  // True
      if c0 == 0x54 && c1 == 0x52 && c2 == 0x55 && c3 == 0x45 { return true }  // TRUE
      return nil
    }
    if n == 5 {
      let c0 = p[0], c1 = p[1], c2 = p[2], c3 = p[3], c4 = p[4]
      if c0 == 0x66 && c1 == 0x61 && c2 == 0x6C && c3 == 0x73 && c4 == 0x65 { return false }  // false
      if c0 == 0x46 && c1 == 0x61 && c2 == 0x6C && c3 == 0x73 && c4 == 0x65 { return false }  // False
      if c0 == 0x46 && c1 == 0x41 && c2 == 0x4C && c3 == 0x53 && c4 == 0x45 { return false }  // FALSE
    }
    return nil
  }
}
