import Frame
import Testing

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

@Suite("CSV writer")
struct CSVWriterTests {
  func sample() throws -> DataFrame {
    try DataFrame(columns: [
      Column(name: "id", ints: [1, -2, 3], valid: [true, true, false]),
      Column(name: "x", floats: [0.1, nil, 1e-5]),
      Column(name: "y", floats: [29.0, 1.0 / 3.0, -0.0]),
      Column(name: "ok", bools: [true, false, true], valid: [true, false, true]),
      Column(name: "text", strings: ["a, b", "say \"hi\"", nil]),
      Column(name: "odd", strings: ["NA", "  ", "two\nlines"]),
    ])
  }

  @Test func quotesOnlyWhenNeeded() throws {
    let s = csvString(try sample())
    let lines = s.split(separator: "\n", omittingEmptySubsequences: false)
    #expect(lines[0] == "id,x,y,ok,text,odd")
    #expect(lines[1] == "1,0.1,29.0,true,\"a, b\",\"NA\"")
    #expect(lines[2] == "-2,,0.3333333333333333,,\"say \"\"hi\"\"\",\"  \"")
    #expect(lines[3] == ",1e-05,-0.0,true,,\"two")
  }

  @Test func roundTripIsExact() throws {
    let df = try sample()
    let back = try readCSV(string: csvString(df))
    #expect(back.columnNames == df.columnNames)
    for c in df.columns {
      let b = try back.column(c.name)
      #expect(b.type == c.type, "type of \(c.name)")
      for i in 0..<df.rowCount { #expect(b.value(at: i) == c.value(at: i), "\(c.name)[\(i)]") }
    }
  }

  @Test func roundTripThroughAFile() throws {
    var rng = RandomDoubles(seed: 7)
    let xs = (0..<500).map { _ in rng.next() }
    let df = try DataFrame(columns: [Column(name: "v", floats: xs)])
    let path = temporaryPath("roundtrip.csv")
    defer { unlink(path) }
    try writeCSV(df, path: path)
    let back = try readCSV(path: path)
    #expect(try back.column("v").doubles()! == xs)
  }

  @Test func oneColumnMissingSurvives() throws {
    let df = try DataFrame(columns: [Column(name: "v", floats: [1.5, nil, 2])])
    let text = csvString(df)
    #expect(text == "v\n1.5\n\"\"\n2.0\n")
    let back = try readCSV(string: text)
    #expect(back.rowCount == 3)
    #expect(try back.column("v").missingCount == 1)
  }

  @Test func unwritablePathIsAnError() throws {
    let df = try sample()
    let e = csvError { try writeCSV(df, path: "/nonexistent-dir/x.csv") }
    #expect(e?.hasPrefix("cannot write '/nonexistent-dir/x.csv'") == true)
  }
}

/// Doubles with awkward decimal expansions, for round-trip tests.
struct RandomDoubles {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> Double {
    state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
    let bits = state >> 11
    let scale = [1e-8, 1e-3, 1, 1e3, 1e12][Int(state >> 60) % 5]
    return (Double(bits) * 0x1.0p-53 - 0.5) * scale
  }
}
