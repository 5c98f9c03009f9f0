/// Calendar dates as whole days since 1970-01-01 (proleptic Gregorian, no time zone), the storage of a
/// date column (``Column/isDate``). The conversions are Howard Hinnant's `days_from_civil` /
/// `civil_from_days` algorithms (exact for every year of the Int range used here).
public enum CivilDate {
  /// Days since 1970-01-01 of year-month-day; nil for an impossible date (2024-02-30).
  public static func days(year y: Int, month m: Int, day d: Int) -> Int? {
    guard (1...12).contains(m), d >= 1, d <= daysIn(month: m, year: y), abs(y) < 1_000_000 else { return nil }
    let yy = m <= 2 ? y - 1 : y
    let era = (yy >= 0 ? yy : yy - 399) / 400
    let yoe = yy - era * 400
    let mp = (m + 9) % 12
    let doy = (153 * mp + 2) / 5 + d - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146_097 + doe - 719_468
  }

  /// Year, month (1–12) and day (1–31) of a day number.
  public static func civil(_ days: Int) -> (year: Int, month: Int, day: Int) {
    let z = days + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
  }

  /// ISO weekday: 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday).
  public static func weekday(_ days: Int) -> Int {
    let r = (days + 3) % 7
    return (r < 0 ? r + 7 : r) + 1
  }

  static func daysIn(month m: Int, year y: Int) -> Int {
    switch m {
    case 2: return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }

  /// Parses an ISO 8601 date `YYYY-MM-DD`, or a timestamp `YYYY-MM-DDTHH:MM[:SS[.fff]][Z|±HH:MM]` (also with
  /// a space for the `T`), keeping the calendar date as written; nil for anything else.
  public static func parse<S: StringProtocol>(_ text: S) -> Int? {
    let u = Array(text.utf8)
    guard u.count >= 10, u[4] == UInt8(ascii: "-"), u[7] == UInt8(ascii: "-") else { return nil }
    func number(_ r: Range<Int>) -> Int? {
      var v = 0
      for i in r {
        guard u[i] >= 48 && u[i] <= 57 else { return nil }
        v = v * 10 + Int(u[i] - 48)
      }
      return v
    }
    guard let y = number(0..<4), let m = number(5..<7), let d = number(8..<10) else { return nil }
    if u.count > 10 {
      // A time part: T or space, then HH:MM; the rest (seconds, fraction, zone) is only checked for digits
      // and the usual separators.
      guard u[10] == UInt8(ascii: "T") || u[10] == UInt8(ascii: " "), u.count >= 16,
        let h = number(11..<13), let mi = number(14..<16), u[13] == UInt8(ascii: ":"), h < 24, mi < 60
      else { return nil }
      let allowed = Set("0123456789:.+-Z".utf8)
      guard u[16...].allSatisfy({ allowed.contains($0) }) else { return nil }
    }
    return days(year: y, month: m, day: d)
  }

  /// `YYYY-MM-DD` for a day number.
  public static func format(_ days: Int) -> String {
    let (y, m, d) = civil(days)
    func pad(_ v: Int, _ w: Int) -> String {
      let s = String(abs(v))
      return (v < 0 ? "-" : "") + String(repeating: "0", count: max(0, w - s.count)) + s
    }
    return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))"
  }
}

extension Column {
  /// A text column read as ISO dates (``CivilDate/parse(_:)``): the date column (missing stays missing),
  /// or this column with the first row (0-based) whose text is not a date. Nil for a column that is not text.
  public func parsedAsDates() -> (dates: Column, badRow: Int?)? {
    guard case .string(let codes, let levels) = storage else { return nil }
    let perLevel = levels.map { CivilDate.parse($0) }
    var days = [Int](repeating: 0, count: count)
    for i in 0..<count where !isMissing(i) {
      guard let d = perLevel[Int(codes[i])] else { return (self, i) }
      days[i] = d
    }
    var out = Column(name: name, ints: days, valid: valid)
    out.isDate = true
    return (out, nil)
  }
}

extension DataFrame {
  /// The frame with the text columns `names` read as ISO dates (``Column/isDate``). Throws naming the
  /// first value that is not a date and its line (`firstLine` is the file line of row 0).
  public func parsingDates(_ names: [String], firstLine: Int = 2) throws -> DataFrame {
    var f = self
    for n in names {
      let c = try column(n)
      guard let (dates, bad) = c.parsedAsDates() else {
        throw FrameError.invalidArgument("column '\(n)' is \(c.type.rawValue), not text, so it cannot be read as dates")
      }
      if let i = bad {
        throw FrameError.invalidArgument(
          "column '\(n)' has \"\(c.string(at: i) ?? "")\" on line \(i + firstLine), "
            + "not an ISO date (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS); add it to na: to read it as missing")
      }
      try f.set(dates)
    }
    return f
  }
}
