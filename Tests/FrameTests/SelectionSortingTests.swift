import Frame
import Testing

@Suite("Selecting, filtering and sorting")
struct SelectionSortingTests {
  @Test func selectDropRename() throws {
    let df = try sampleFrame()
    #expect(try df.select(["x", "g"]).columnNames == ["x", "g"])
    #expect(try df.drop(["k", "b"]).columnNames == ["g", "x", "n"])
    let r = try df.renamed([(from: "x", to: "value"), (from: "g", to: "group")])
    #expect(r.columnNames == ["group", "k", "value", "n", "b"])
    #expect(csvError { try df.select(["tenur"]) } == "unknown column 'tenur'")
    #expect(csvError { try df.select(["xx"]) } == "unknown column 'xx' (did you mean 'x'?)")
    #expect(csvError { try df.drop(["nope"]) } != nil)
    #expect(csvError { try df.renamed([(from: "x", to: "g")]) } == "duplicate column name 'g'")
    #expect(csvError { try df.select(["x", "x"]) } != nil)
  }

  @Test func filterHeadTailRow() throws {
    let df = try sampleFrame()
    let f = df.filter([true, false, true, false, false, true])
    #expect(f.rowCount == 3)
    #expect(try cells(f, "x") == [.float(1), .missing, .float(6)])
    #expect(df.head(2).rowCount == 2)
    #expect(df.head(100).rowCount == 6)
    #expect(df.head(-1).rowCount == 0)
    #expect(try cells(df.tail(2), "n") == [.int(50), .int(60)])
    #expect(df.row(3) == [.missing, .int(2), .float(4), .int(40), .missing])
    #expect(df.row(99).isEmpty)
    #expect(df.filter([true]).rowCount == 1)
  }

  @Test func sortIsStableWithMissingLast() throws {
    let df = try sampleFrame().addingColumn(name: "row", values: (0..<6).map { Optional($0) })
    let asc = try df.sorted(by: [(name: "x", descending: false)])
    #expect(try cells(asc, "row") == [0, 1, 3, 4, 5, 2].map { CellValue.int($0) })
    let desc = try df.sorted(by: [(name: "x", descending: true)])
    #expect(try cells(desc, "row") == [5, 4, 3, 1, 0, 2].map { CellValue.int($0) })
    let two = try df.sorted(by: [(name: "g", descending: false), (name: "x", descending: true)])
    #expect(try cells(two, "row") == [5, 0, 2, 4, 1, 3].map { CellValue.int($0) })
    let byBool = try df.sorted(by: [(name: "b", descending: false)])
    #expect(try cells(byBool, "row") == [1, 5, 0, 2, 4, 3].map { CellValue.int($0) })
  }

  @Test func distinctKeepsFirstAppearance() throws {
    let df = try sampleFrame()
    let d = try df.distinct(["g", "k"])
    #expect(d.columnNames == ["g", "k"])
    #expect(try cells(d, "g") == [.string("a"), .string("b"), .string("a"), .missing])
    #expect(try cells(d, "k") == [.int(1), .int(1), .int(2), .int(2)])
  }

  @Test func addingColumnAppendsOrReplaces() throws {
    let df = try sampleFrame()
    let added = try df.addingColumn(name: "z", values: [1.0, 2, 3, 4, 5, nil])
    #expect(added.columnNames.last == "z")
    let replaced = try added.addingColumn(name: "x", values: [Int?](repeating: 7, count: 6))
    #expect(replaced.columnNames == added.columnNames)
    #expect(try replaced.column("x").type == .int)
    #expect(throws: FrameError.self) { try df.addingColumn(name: "short", values: [1.0]) }
  }
}
