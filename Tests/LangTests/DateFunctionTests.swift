import Foundation
import Lang
import Testing

/// ISO dates: parsing, printing as dates, parts and differences in days. Day numbers checked against
/// Python 3.11: (datetime.date(2024, 5, 1) - datetime.date(1970, 1, 1)).days == 19844,
/// datetime.date(2024, 5, 1).isoweekday() == 3, (date(2024, 3, 1) - date(2023, 3, 1)).days == 366.
@Suite("Date functions")
struct DateFunctionTests {
  @Test func civilDateConversions() {
    #expect(CivilDate.parse("2024-05-01") == 19844)
    #expect(CivilDate.parse("1970-01-01") == 0)
    #expect(CivilDate.parse("1969-12-31") == -1)
    #expect(CivilDate.parse("2024-05-01T13:45:00Z") == 19844)
    #expect(CivilDate.parse("2024-05-01 23:59:59.5+02:00") == 19844)
    #expect(CivilDate.parse("2024-02-30") == nil)
    #expect(CivilDate.parse("2023-02-29") == nil)
    #expect(CivilDate.parse("2024-02-29") != nil)
    #expect(CivilDate.parse("01/05/2024") == nil)
    #expect(CivilDate.parse("2024-05-01Tnoon") == nil)
    #expect(CivilDate.format(19844) == "2024-05-01")
    #expect(CivilDate.weekday(19844) == 3)
    for d in stride(from: -800_000, through: 800_000, by: 997) {
      let (y, m, dd) = CivilDate.civil(d)
      #expect(CivilDate.days(year: y, month: m, day: dd) == d)
    }
  }

  @Test func dateColumnsPrintAsDatesAndSubtractToDays() throws {
    let interp = Interpreter()
    interp.define(
      "c",
      .frame(
        try DataFrame(columns: [
          Column(name: "signup", strings: ["2023-03-01", "2024-01-31", nil]),
          Column(name: "cancel", strings: ["2024-03-01", "2024-02-01T08:00:00", "2024-02-01"]),
        ])))
    var out: [String] = []
    interp.output = { out.append($0) }
    try interp.run(
      SourceFile(
        name: "t",
        text: """
          let d = c |> mutate signup = as_date(signup), cancel = as_date(cancel), days = cancel - signup, y = year(signup), m = month(cancel), wd = weekday(cancel), dd = day(cancel)
          d
          """))
    let table = try #require(out.first)
    #expect(table.contains("2023-03-01") && table.contains("2024-02-01"))
    let f = try #require(interp.value(of: "d")?.frame)
    func cells(_ n: String) -> [CellValue] { (0..<3).map { f[n]!.value(at: $0) } }
    #expect(cells("days") == [.int(366), .int(1), .missing])
    #expect(cells("y") == [.int(2023), .int(2024), .missing])
    #expect(cells("m") == [.int(3), .int(2), .int(2)])
    #expect(cells("dd") == [.int(1), .int(1), .int(1)])
    // 2024-03-01 was a Friday, 2024-02-01 a Thursday.
    #expect(cells("wd") == [.int(5), .int(4), .int(4)])
  }

  @Test func badDatesAreNamed() throws {
    let text = try #require(errorText("as_date(\"01/05/2024\")"))
    #expect(text.contains("\"01/05/2024\" is not an ISO date"))
    #expect(try eval("year(\"2024-05-01\")").number == 2024)
  }
}

@Suite("Dates from CSV")
struct DateCSVTests {
  @Test func readCSVDateTypesAndRoundTrip() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("churn-dates-\(getpid())")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = dir.appendingPathComponent("d.csv").path
    try "id,signup,cancel\n1,2023-03-01,2024-03-01T10:00:00Z\n2,2024-01-31,\n".write(
      toFile: path, atomically: true,
      encoding: .utf8)
    let interp = Interpreter()
    var out: [String] = []
    interp.output = { out.append($0) }
    try interp.run(
      SourceFile(
        name: "t",
        text: """
          let d = read_csv("\(path)", types: {signup: "date", cancel: "date"}) |> mutate days = cancel - signup
          d |> select signup days
          write_csv d "\(path).out.csv"
          """))
    #expect(out.first?.contains("2023-03-01") == true && out.first?.contains("366") == true)
    let written = try String(contentsOfFile: path + ".out.csv", encoding: .utf8)
    #expect(written.contains("2023-03-01,2024-03-01,366"))
    try "id,signup\n1,2023-03-01\n2,31/01/2024\n".write(toFile: path, atomically: true, encoding: .utf8)
    let bad = try #require(errorText("read_csv(\"\(path)\", types: {signup: \"date\"})"))
    #expect(bad.contains("\"31/01/2024\" on line 3, not an ISO date"))
  }
}
