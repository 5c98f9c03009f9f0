import Frame
import Testing

@Suite("Describe and correlations")
struct DescribeCorrelationTests {
  @Test func describeOneRowPerColumn() throws {
    let d = try sampleFrame().describe()
    #expect(d.rowCount == 5)
    #expect(
      d.columnNames == [
        "column", "type", "count", "missing", "mean", "sd", "min", "p25", "p50", "p75", "max",
        "unique", "top", "top_freq",
      ])
    #expect(try cells(d, "column") == ["g", "k", "x", "n", "b"].map { CellValue.string($0) })
    #expect(try cells(d, "type") == ["string", "int", "float", "int", "bool"].map { CellValue.string($0) })
    #expect(try cells(d, "count") == [5, 6, 5, 5, 5].map { CellValue.int($0) })
    #expect(try cells(d, "missing") == [1, 0, 1, 1, 1].map { CellValue.int($0) })
    let x = d.row(2)
    #expect(x[4] == .float(3.6))  // mean of 1, 2, 4, 5, 6
    #expect(x[6] == .float(1) && x[8] == .float(4) && x[10] == .float(6))
    #expect(x[11] == .missing && x[12] == .missing)
    let g = d.row(0)
    #expect(g[4] == .missing)
    #expect(g[11] == .int(2) && g[12] == .string("a") && g[13] == .int(3))
    let b = d.row(4)
    #expect(b[4] == .float(0.6) && b[12] == .string("true") && b[13] == .int(3))
  }

  @Test(.enabled(if: telcoPath() != nil, "real Telco CSV not found"))
  func describeTheRealTelcoFile() throws {
    let df = try readCSV(path: try #require(telcoPath()))
    let d = df.describe()
    #expect(d.rowCount == 21)
    let names = try cells(d, "column")
    let total = try #require(names.firstIndex(of: .string("TotalCharges")))
    #expect(d.row(total)[1] == .string("float"))
    #expect(d.row(total)[3] == .int(11))
    #expect(d.row(total)[2] == .int(7032))
    let churn = try #require(names.firstIndex(of: .string("Churn")))
    #expect(d.row(churn)[11] == .int(2))
    #expect(d.row(churn)[12] == .string("No"))
    #expect(d.row(churn)[13] == .int(5174))
    let counts = try df.valueCounts("Churn")
    #expect(try cells(counts, "Churn") == [.string("No"), .string("Yes")])
    #expect(try cells(counts, "count") == [.int(5174), .int(1869)])
    // pandas 3.1.1: df["tenure"].describe() -> mean 32.371149, std 24.559481, 25% 9, 50% 29, 75% 55
    let tenure = try #require(names.firstIndex(of: .string("tenure")))
    #expect(close(num(d.row(tenure)[4]), 32.371149, 1e-7))
    #expect(close(num(d.row(tenure)[5]), 24.559481, 1e-7))
    #expect(d.row(tenure)[7] == .float(9) && d.row(tenure)[8] == .float(29) && d.row(tenure)[9] == .float(55))
  }

  @Test func correlationsArePairwiseComplete() throws {
    let df = try sampleFrame()
    let r = try df.correlations(with: "x", ["n", "k"])
    #expect(try cells(r, "column") == [.string("n"), .string("k")])
    #expect(close(num(try cells(r, "r")[0]), 1))
    #expect(try cells(r, "n")[0] == .int(4))
    let m = try df.correlationMatrix(["x", "n"])
    #expect(m.columnNames == ["column", "x", "n"])
    #expect(try cells(m, "x")[0] == .float(1))
    #expect(close(num(try cells(m, "n")[0]), 1))
    #expect(throws: FrameError.self) { try df.correlationMatrix(["g"]) }
    let constant = try DataFrame(columns: [
      Column(name: "a", floats: [1, 1, 1]), Column(name: "b", floats: [1, 2, 3]),
    ])
    #expect(try cells(constant.correlations(with: "b"), "r") == [.missing])
  }

  @Test func correlationAgainstHandValue() throws {
    // x = 1..5, y = [2, 4, 5, 4, 5]: r = 6 / sqrt(10 * 6) = 0.7745966692414834
    let df = try DataFrame(columns: [
      Column(name: "x", ints: [1, 2, 3, 4, 5]), Column(name: "y", floats: [2, 4, 5, 4, 5]),
    ])
    #expect(close(num(try cells(df.correlations(with: "y"), "r")[0]), 0.7745966692414834))
  }
}
