import Foundation
import Lang
import Testing

/// Every frame verb through the language, on the six-row sample frame
/// (id a..f, tenure 1 5 12 24 36 72, charges 20 35.5 NA 80.25 99 50, plan m2m m2m year m2m year two,
/// churned T T F T F F).
@Suite("Frame verbs through the language")
struct FrameVerbTests {
  func frame(_ code: String) throws -> DataFrame {
    let interp = try interpreterWithFrame()
    guard let f = try eval(code, in: interp).frame else { throw LangError("not a frame: \(code)") }
    return f
  }

  func column(_ f: DataFrame, _ name: String) -> [CellValue] {
    guard let c = f[name] else { return [] }
    return (0..<c.count).map { c.value(at: $0) }
  }

  @Test func selectDropRename() throws {
    #expect(try frame("df |> select tenure id").columnNames == ["tenure", "id"])
    #expect(try frame("df |> select [\"plan\", \"id\"]").columnNames == ["plan", "id"])
    #expect(try frame("let cols = [\"id\"]\ndf |> select cols").columnNames == ["id"])
    #expect(try frame("df |> drop charges, plan").columnNames == ["id", "tenure", "churned"])
    #expect(
      try frame("df |> rename tenure: months, plan: contract").columnNames == [
        "id", "months", "charges", "contract", "churned",
      ])
  }

  @Test func filterDropsMissingAndCombinesConditions() throws {
    let f = try frame("df |> filter charges > 30")
    #expect(column(f, "id") == [.string("b"), .string("d"), .string("e"), .string("f")])
    #expect(try frame("df |> filter plan == \"m2m\", tenure > 1").rowCount == 2)
    #expect(try frame("df |> filter is_missing(charges)").rowCount == 1)
    #expect(try frame("df |> filter plan in [\"year\", \"two\"]").rowCount == 3)
    let cutoff = try frame("let cutoff = 20\ndf |> filter tenure > cutoff")
    #expect(cutoff.rowCount == 3)
  }

  @Test func mutateAddsReplacesAndBroadcasts() throws {
    let f = try frame("df |> mutate c0 = coalesce(charges, 0), one = 1, yearly = tenure / 12, tenure = tenure * 2")
    #expect(column(f, "c0")[2] == .float(0))
    #expect(column(f, "one") == Array(repeating: .int(1), count: 6))
    #expect(column(f, "tenure").first == .int(2))
    #expect(f.columnNames.last == "yearly")
    let g = try frame("df |> mutate a = tenure + 1, b = a * 2")  // later columns see earlier ones
    #expect(column(g, "b").first == .int(4))
  }

  @Test func sortHeadTail() throws {
    #expect(column(try frame("df |> sort charges"), "id") == ["a", "b", "f", "d", "e", "c"].map { .string($0) })
    #expect(column(try frame("df |> sort -charges |> head 2"), "id") == [.string("e"), .string("d")])
    #expect(column(try frame("df |> sort plan -tenure"), "id") == ["d", "b", "a", "f", "e", "c"].map { .string($0) })
    #expect(column(try frame("df |> sort tenure desc: true |> tail 1"), "id") == [.string("a")])
    #expect(column(try frame("df |> sort tenure % 5"), "id").first == .string("b"))
    #expect(try frame("df |> head").rowCount == 6)
  }

  @Test func sampleAndDistinct() throws {
    let a = try frame("df |> sample n: 3, seed: 7")
    let b = try frame("df |> sample n: 3, seed: 7")
    #expect(a.rowCount == 3)
    #expect(column(a, "id") == column(b, "id"))
    #expect(try frame("df |> distinct plan").rowCount == 3)
    #expect(try frame("df |> distinct").rowCount == 6)
  }

  @Test func groupSummarizeFastAndSlowPathsAgree() throws {
    let fast = try frame("df |> group plan |> summarize n = count(), m = mean(tenure)")
    let slow = try frame("df |> group plan |> summarize n = count() + 0, m = mean(tenure) * 1")
    #expect(fast.columnNames == ["plan", "n", "m"])
    #expect(column(fast, "plan") == [.string("m2m"), .string("two"), .string("year")])
    #expect(column(fast, "n") == [.int(3), .int(1), .int(2)])
    #expect(column(slow, "n") == column(fast, "n"))
    for (x, y) in zip(column(fast, "m"), column(slow, "m")) { #expect(x.double == y.double) }
    let rate = try frame("df |> group plan |> summarize rate = mean(churned), q = quantile(tenure, 0.5)")
    #expect(column(rate, "rate").first?.double == 1)
  }

  @Test func summarizeWithoutGroupsAndByExpression() throws {
    let one = try frame("df |> summarize n = count(), missing = n_missing(charges), share = share(churned)")
    #expect(one.rowCount == 1)
    #expect(column(one, "missing") == [.int(1)])
    let byExpr = try frame("df |> group tenure > 10 |> summarize n = count()")
    #expect(byExpr.columnNames == ["tenure > 10", "n"])
    #expect(column(byExpr, "n") == [.int(2), .int(4)])
    let q = try frame("df |> group qcut(tenure, 2) |> summarize n = count()")
    #expect(q.rowCount == 2)
  }

  @Test func groupedMutateIsPerGroup() throws {
    let f = try frame("df |> group plan |> mutate share = tenure / sum(tenure) |> ungroup")
    // m2m tenures 1, 5, 24 (sum 30); "a" has 1/30.
    #expect(column(f, "share").first?.double == 1.0 / 30.0)
  }

  @Test func groupedFilterUsesPerGroupAggregates() throws {
    let f = try frame("df |> group plan |> filter tenure == max(tenure) |> ungroup |> sort plan")
    #expect(column(f, "id") == [.string("d"), .string("f"), .string("e")])
  }

  @Test func countsAndCrosstabs() throws {
    let vc = try frame("df |> count_values plan")
    #expect(column(vc, "plan").first == .string("m2m"))
    #expect(column(vc, "count").first == .int(3))
    let ct = try frame("df |> crosstab plan churned normalize: \"row\"")
    #expect(ct.rowCount == 3)
    #expect(throws: LangError.self) { try frame("df |> crosstab plan churned normalize: \"rows\"") }
  }

  @Test func describeCorrEncodings() throws {
    #expect(try frame("df |> describe").rowCount == 5)
    #expect(try frame("df |> corr tenure charges").rowCount == 2)
    #expect(try frame("df |> corr target: tenure").rowCount >= 1)
    let oh = try frame("df |> one_hot plan")
    #expect(oh.columnNames.contains { $0.hasPrefix("plan") && $0 != "plan" })
    #expect(try frame("df |> label_encode plan")["plan"]?.type == .int)
    let st = try frame("df |> standardize tenure")
    #expect(abs((st["tenure"]?.mean() ?? 1)) < 1e-12)
  }

  @Test func splitGivesARecord() throws {
    let interp = try interpreterWithFrame()
    let v = try eval("let s = df |> split test: 0.5, seed: 1\n[nrow(s.train), nrow(s.test)]", in: interp)
    guard case .list(let l) = v else {
      Issue.record("list")
      return
    }
    #expect(l.compactMap(\.number).reduce(0, +) == 6)
    #expect(throws: LangError.self) { try eval("df |> split test: 1.5", in: interp) }
  }

  @Test func join() throws {
    let interp = try interpreterWithFrame()
    interp.define(
      "plans",
      .frame(
        try DataFrame(columns: [
          Column(name: "plan", strings: ["m2m", "year"]), Column(name: "price", floats: [10.0, 100.0]),
        ])))
    let inner = try eval("df |> join plans on: plan", in: interp).frame
    #expect(inner?.rowCount == 5)
    let left = try eval("df |> join plans on: plan, kind: left", in: interp).frame
    #expect(left?.rowCount == 6)
  }

  @Test func shapeCommands() throws {
    let interp = try interpreterWithFrame()
    #expect(try eval("df |> nrow", in: interp).number == 6)
    #expect(try eval("ncol(df)", in: interp).number == 5)
    guard case .list(let names) = try eval("df |> columns", in: interp) else {
      Issue.record("list")
      return
    }
    #expect(names.count == 5)
  }

  @Test func csvRoundTrip() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("churn-lang-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let path = dir.appendingPathComponent("out.csv").path
    let interp = try interpreterWithFrame()
    _ = try eval("df |> write_csv \"\(path)\"", in: interp)
    let back = try eval("read_csv(\"\(path)\")", in: interp).frame
    #expect(back?.rowCount == 6)
    #expect(back?["charges"]?.missingCount == 1)
    let semi = dir.appendingPathComponent("semi.csv").path
    try "a;b\n1;?\n2;x\n".write(toFile: semi, atomically: true, encoding: .utf8)
    let s = try eval("read_csv(\"\(semi)\", delimiter: \";\", missing: [\"?\"])", in: interp).frame
    #expect(s?["b"]?.missingCount == 1)
  }

  @Test func errorsPointAtTheArgument() throws {
    let t = errorText("df |> select id tenur") { $0.define("df", .frame(try sampleFrame())) }
    #expect(
      t == """
        test.churn:1:17: error: unknown column 'tenur' (did you mean 'tenure'?)
         1 | df |> select id tenur
           |                 ^~~~~
        """)
    let s = errorText("df |> summarize m = tenure") { $0.define("df", .frame(try sampleFrame())) }
    #expect(s?.contains("summarize needs one value for 'm'") ?? false)
    let f = errorText("df |> filter tenure = 3") { $0.define("df", .frame(try sampleFrame())) }
    #expect(f?.contains("help: to compare, write 'tenure == ...'") ?? false)
    let h = errorText("head 5") { _ in }
    #expect(h?.contains("head: 'data' expects frame, got int") ?? false)
    let n = errorText("df |> filter tenure") { $0.define("df", .frame(try sampleFrame())) }
    #expect(n?.contains("filter needs a true/false condition, got int column 'tenure'") ?? false)
    let missing = errorText("describe") { _ in }
    #expect(missing?.contains("describe needs a frame: pipe it in") ?? false)
  }

  @Test func designDocExampleRunsOnTheBundledData() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
    let data = root.appendingPathComponent("data/telco.csv").path
    try #require(FileManager.default.fileExists(atPath: data), "the bundled data/telco.csv is part of the repository")
    let out = try run(
      """
      param data = "data/telco.csv"
      let telco = read_csv(data)
      let df = telco |> mutate churned = Churn == "Yes", TotalCharges = coalesce(TotalCharges, 0)
      df |> group Contract |> summarize n = count(), rate = mean(churned)
      let s = df |> split test: 0.3, stratify: churned, seed: 42
      nrow(s.train) + nrow(s.test) == nrow(df)
      """, params: ["data": .string(data)])
    #expect(out.count == 2)
    #expect(out[0].contains("Month-to-month"))
    #expect(out[1] == "true")
  }
}
