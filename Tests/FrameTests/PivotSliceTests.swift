import Frame
import Testing

/// pivot_longer / pivot_wider against pandas, and slice by position against dplyr's rules.
///
/// Reference numbers: `python3 scripts/bench/lang/pivot_reference.py` (pandas 3.1.1; melt sorted stably by the
/// original row for tidyr's row-by-row order; pivot_table(index="store", columns="month", values="units",
/// aggfunc=..., dropna=False) reindexed to first-appearance order; pivot on drop_duplicates).
@Suite struct PivotSliceTests {
  func wide() throws -> DataFrame {
    try DataFrame(columns: [
      Column(name: "id", ints: [1, 2, 3, 4]),
      Column(name: "region", strings: ["N", "S", "N", "E"]),
      Column(name: "q1", ints: [10, 7, 4, 1]),
      Column(name: "q2", floats: [12.5, nil, 4.25, 2.0]),
      Column(name: "q3", ints: [3, 8, 6, 5]),
    ])
  }

  func sales() throws -> DataFrame {
    try DataFrame(columns: [
      Column(name: "store", strings: ["a", "a", "b", "b", "a", "c", "b"]),
      Column(name: "month", strings: ["jan", "feb", "jan", "mar", "jan", "feb", "jan"]),
      Column(name: "units", floats: [5, 3, 2, nil, 7, 4, 1]),
    ])
  }

  func grid(_ f: DataFrame, _ names: [String]) throws -> [[Double?]] {
    (0..<f.rowCount).map { r in names.map { (try? f.column($0))?.double(at: r) } }
  }

  @Test func pivotLongerMatchesPandasMelt() throws {
    let long = try wide().pivotLonger(["q1", "q2", "q3"], namesTo: "quarter", valuesTo: "amount")
    #expect(long.columnNames == ["id", "region", "quarter", "amount"])
    // pandas: melt quarter / amount / id
    #expect(
      try cells(long, "quarter").map { if case .string(let s) = $0 { s } else { "" } }
        == ["q1", "q2", "q3", "q1", "q2", "q3", "q1", "q2", "q3", "q1", "q2", "q3"])
    let amount: [Double?] = [10.0, 12.5, 3.0, 7.0, nil, 8.0, 4.0, 4.25, 6.0, 1.0, 2.0, 5.0]
    #expect(try cells(long, "amount").map(num) == amount)
    #expect(try cells(long, "id").map(num) == [1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4])
    #expect(try long.column("amount").type == .float)
    let dropped = try wide().pivotLonger(["q1", "q2"], dropMissing: true)
    #expect(dropped.rowCount == 7)
    #expect(dropped.columnNames == ["id", "region", "q3", "name", "value"])
  }

  @Test func pivotLongerKeepsOneTypeAndRejectsMixes() throws {
    let ints = try wide().pivotLonger(["q1", "q3"])
    #expect(try ints.column("value").type == .int)
    #expect(throws: FrameError.self) { try wide().pivotLonger(["q1", "region"]) }
    #expect(throws: FrameError.self) { try wide().pivotLonger(["q1"], namesTo: "id") }
    #expect(throws: FrameError.self) { try wide().pivotLonger(["nope"]) }
    #expect(throws: FrameError.self) { try wide().pivotLonger([]) }
  }

  @Test func pivotWiderRoundTripsLonger() throws {
    let back = try wide().pivotLonger(["q1", "q2", "q3"]).pivotWider(namesFrom: "name", valuesFrom: "value")
    #expect(back.columnNames == ["id", "region", "q1", "q2", "q3"])
    #expect(try grid(back, ["q1", "q2", "q3"]) == grid(wide(), ["q1", "q2", "q3"]))
  }

  @Test func pivotWiderMatchesPandasPivot() throws {
    // pandas: pivot on drop_duplicates(["store", "month"]) → [[5, 3, NA], [2, NA, NA], [NA, 4, NA]]
    let s = try sales().rows([0, 1, 2, 3, 5])
    let w = try s.pivotWider(namesFrom: "month", valuesFrom: "units")
    #expect(w.columnNames == ["store", "jan", "feb", "mar"])
    #expect(try grid(w, ["jan", "feb", "mar"]) == [[5, 3, nil], [2, nil, nil], [nil, 4, nil]])
  }

  @Test func pivotWiderAggregatesMatchPandasPivotTable() throws {
    let expected: [(PivotAggregate, [[Double?]])] = [
      (.mean, [[6, 3, nil], [1.5, nil, nil], [nil, 4, nil]]),
      (.sum, [[12, 3, nil], [3, nil, 0], [nil, 4, nil]]),
      (.count, [[2, 1, nil], [2, nil, 1], [nil, 1, nil]]),  // pandas aggfunc="size" (rows, missing included)
      (.max, [[7, 3, nil], [2, nil, nil], [nil, 4, nil]]),
      (.median, [[6, 3, nil], [1.5, nil, nil], [nil, 4, nil]]),
    ]
    for (agg, want) in expected {
      let w = try sales().pivotWider(namesFrom: "month", valuesFrom: "units", aggregate: agg)
      #expect(try grid(w, ["jan", "feb", "mar"]) == want, "\(agg)")
    }
  }

  @Test func pivotWiderDuplicateCellIsAnErrorNamingIt() throws {
    do {
      _ = try sales().pivotWider(namesFrom: "month", valuesFrom: "units")
      Issue.record("expected an error")
    } catch let e as FrameError {
      #expect(e.description.contains("month = jan for store = a"))
      #expect(e.description.contains("aggregate:"))
    }
  }

  @Test func pivotWiderPrefixAndIdColumns() throws {
    let w = try sales().pivotWider(
      namesFrom: "month", valuesFrom: "units", idColumns: [], aggregate: .sum,
      namesPrefix: "u_")
    #expect(w.columnNames == ["u_jan", "u_feb", "u_mar"])
    #expect(try grid(w, ["u_jan", "u_feb", "u_mar"]) == [[15, 7, 0]])
    #expect(throws: FrameError.self) { try sales().pivotWider(namesFrom: "month", valuesFrom: "month") }
  }

  @Test func slicePositionsFollowDplyr() throws {
    let f = try wide()
    #expect(try cells(f.slice(.positions([2, 3])), "id").map(num) == [2, 3])
    #expect(try cells(f.slice(.positions([4, 1, 9])), "id").map(num) == [4, 1])  // past the end: skipped
    #expect(try cells(f.slice(.positions([-1, -3])), "id").map(num) == [2, 4])
    #expect(try cells(f.slice(.positions([0])), "id").isEmpty)
    #expect(try cells(f.slice(.head(2)), "id").map(num) == [1, 2])
    #expect(try cells(f.slice(.tail(3)), "id").map(num) == [2, 3, 4])
    #expect(try cells(f.slice(.tail(9)), "id").map(num) == [1, 2, 3, 4])
    #expect(throws: FrameError.self) { try f.slice(.positions([1, -2])) }
    #expect(throws: FrameError.self) { try f.slice(.head(-1)) }
    #expect(try cells(f.slice(.positions([-Int.max, Int.min])), "id").count == 4)
  }

  @Test func sliceWithinGroups() throws {
    let g = try wide().grouped(by: ["region"])  // groups E, N, S
    #expect(try cells(g.slice(.head(1)), "id").map(num) == [4, 1, 2])
    #expect(try cells(g.slice(.tail(1)), "id").map(num) == [4, 3, 2])
    #expect(try cells(g.slice(.positions([2])), "id").map(num) == [3])
  }
}
