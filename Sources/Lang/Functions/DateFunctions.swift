/// Dates: `as_date` reads ISO dates and timestamps as date columns (days since 1970-01-01 that print as
/// `YYYY-MM-DD`); `year`, `month`, `day`, `weekday` take them apart. The difference of two dates is a
/// whole number of days (`cancel - signup`). See ``CivilDate``.
enum DateFunctions {
  static var all: [FunctionSpec] {
    [
      FunctionSpec(
        "as_date(x)", .elementwise,
        "ISO dates or timestamps (\"2024-05-01\", \"2024-05-01T13:45:00Z\") as a date column; "
          + "text that is not a date is an error naming it. A single date is its day number.",
        args: 1...1
      ) { args, ctx in try dateColumn(args[0], ctx) },
      part("year(d)", "The year of a date: year(signup).") { CivilDate.civil($0).year },
      part("month(d)", "The month of a date, 1 to 12.") { CivilDate.civil($0).month },
      part("day(d)", "The day of the month of a date, 1 to 31.") { CivilDate.civil($0).day },
      part("weekday(d)", "The ISO weekday of a date: 1 = Monday ... 7 = Sunday.") { CivilDate.weekday($0) },
    ]
  }

  /// A date column (or, for one value, its day number) from text dates or day numbers.
  static func dateColumn(_ v: Value, _ ctx: FunctionContext) throws -> Value {
    switch v {
    case .missing: return .missing
    case .int(let d): return .int(d)
    case .string(let s):
      guard let d = CivilDate.parse(s) else { throw notADate(s, ctx) }
      return .int(d)
    case .column(let c):
      if c.type == .int {
        var out = c
        out.isDate = true
        return .column(out)
      }
      guard let (dates, bad) = c.parsedAsDates() else { break }
      if let i = bad { throw notADate(c.string(at: i) ?? "", ctx, row: i) }
      return .column(dates.renamed(""))
    default: break
    }
    throw ctx.error("needs ISO date text (\"2024-05-01\") or a date column, got \(describeOperand(v))", argument: 0)
  }

  static func notADate(_ s: String, _ ctx: FunctionContext, row: Int? = nil) -> LangError {
    let at = row.map { " (row \($0 + 1))" } ?? ""
    return ctx.error(
      "\(quoted(s))\(at) is not an ISO date; write dates as YYYY-MM-DD, e.g. \"2024-05-01\", "
        + "or make such values missing first with if_else(...)", argument: 0)
  }

  /// A whole-number part of each date.
  static func part(_ sig: String, _ doc: String, _ f: @escaping (Int) -> Int) -> FunctionSpec {
    FunctionSpec(sig, .elementwise, doc, args: 1...1) { args, ctx in
      switch try dateColumn(args[0], ctx) {
      case .missing: return .missing
      case .int(let d): return .int(f(d))
      case .column(let c):
        guard case .int(let days) = c.storage else { break }
        return .column(Column(name: "", ints: days.map(f), valid: c.valid))
      default: break
      }
      throw ctx.error("needs dates, got \(describeOperand(args[0]))", argument: 0)
    }
  }
}
