import Frame
import Testing

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The error message thrown by `body`, or nil if it did not throw.
func csvError(_ body: () throws -> Any) -> String? {
  do {
    _ = try body()
    return nil
  } catch let e as FrameError {
    return e.description
  } catch {
    return "\(error)"
  }
}

/// A fresh temporary file path (the file is not created).
func temporaryPath(_ name: String) -> String {
  let dir = String(cString: getenv("TMPDIR") ?? strdup("/tmp"))
  return "\(dir)/churn-frame-\(getpid())-\(name)"
}

@Suite("CSV reader")
struct CSVReaderTests {
  @Test func infersTypesPerColumn() throws {
    let df = try readCSV(string: "a,b,c,d,e\n1,1.5,true,x,1\n2,2,False,y,2.5\n-3,1e-3,TRUE,z,4\n")
    #expect(df.rowCount == 3)
    #expect(df.columnNames == ["a", "b", "c", "d", "e"])
    #expect(try df.column("a").type == .int)
    #expect(try df.column("b").type == .float)
    #expect(try df.column("c").type == .bool)
    #expect(try df.column("d").type == .string)
    #expect(try df.column("e").type == .float)
    #expect(try df.column("a").value(at: 2) == .int(-3))
    #expect(try df.column("b").value(at: 2) == .float(0.001))
    #expect(try df.column("c").value(at: 1) == .bool(false))
    #expect(try df.column("e").value(at: 0) == .float(1))
  }

  @Test func intColumnWithMissingStaysInt() throws {
    let df = try readCSV(string: "n,x\n1,a\n,b\n3,c\nNA,d\n")
    let n = try df.column("n")
    #expect(n.type == .int)
    #expect(n.missingCount == 2)
    #expect(n.value(at: 1) == .missing)
    #expect(n.value(at: 2) == .int(3))
  }

  @Test func boolNeedsExactSpellings() throws {
    let df = try readCSV(string: "a,b\ntrue,yes\nfalse,no\n")
    #expect(try df.column("a").type == .bool)
    #expect(try df.column("b").type == .string)
    let mixed = try readCSV(string: "a\ntrue\ntRUE\n")
    #expect(try mixed.column("a").type == .string)
  }

  @Test func numericColumnThatTurnsOutTextKeepsExactText() throws {
    let df = try readCSV(string: "zip,v\n01234,1\n98765-1111,2\n1.50,3\n")
    let zip = try df.column("zip")
    #expect(zip.type == .string)
    #expect(zip.string(at: 0) == "01234")
    #expect(zip.string(at: 2) == "1.50")
    #expect(try df.column("v").type == .int)
  }

  @Test func quotedFieldsWithDelimitersQuotesAndNewlines() throws {
    let text = "id,text\n1,\"a, b\"\n2,\"she said \"\"hi\"\"\"\n3,\"line1\nline2\"\n4,plain\n"
    let df = try readCSV(string: text)
    #expect(df.rowCount == 4)
    let t = try df.column("text")
    #expect(t.string(at: 0) == "a, b")
    #expect(t.string(at: 1) == "she said \"hi\"")
    #expect(t.string(at: 2) == "line1\nline2")
    #expect(t.string(at: 3) == "plain")
  }

  @Test func crlfAndLoneCRLineEnds() throws {
    let df = try readCSV(string: "a,b\r\n1,x\r\n2,y\r\n")
    #expect(df.rowCount == 2)
    #expect(try df.column("b").string(at: 1) == "y")
    let cr = try readCSV(string: "a,b\r1,x\r2,y")
    #expect(cr.rowCount == 2)
    #expect(try cr.column("a").value(at: 1) == .int(2))
  }

  @Test func byteOrderMarkIsSkipped() throws {
    let df = try readCSV(bytes: [0xEF, 0xBB, 0xBF] + Array("name,v\nx,1\n".utf8))
    #expect(df.columnNames == ["name", "v"])
  }

  @Test func lastRowWithoutNewlineAndBlankLines() throws {
    let df = try readCSV(string: "a,b\n\n1,2\n\n3,4")
    #expect(df.rowCount == 2)
    #expect(try df.column("b").value(at: 1) == .int(4))
  }

  @Test func missingTokensAndWhitespace() throws {
    let df = try readCSV(string: "a,b,c\n1, ,x\nNA,2,  \n N/A ,null,NaN\n4,\"NA\",\"\"\n")
    let a = try df.column("a"), b = try df.column("b"), c = try df.column("c")
    #expect(a.type == .int)
    #expect(a.missingCount == 2)
    #expect(b.type == .string)  // the quoted "NA" is text, so b is text
    #expect(b.missingCount == 2)
    #expect(b.string(at: 3) == "NA")
    #expect(c.missingCount == 3)
    #expect(c.string(at: 0) == "x")
    let custom = try readCSV(string: "a\n1\n-999\n", options: CSVOptions(missingTokens: ["-999"]))
    #expect(try custom.column("a").missingCount == 1)
  }

  @Test func numbersWithSurroundingSpacesParse() throws {
    let df = try readCSV(string: "a,b\n 1 , 2.5\n\t3\t,4 \n")
    #expect(try df.column("a").value(at: 0) == .int(1))
    #expect(try df.column("a").value(at: 1) == .int(3))
    #expect(try df.column("b").value(at: 0) == .float(2.5))
  }

  @Test func allMissingColumnIsFloat() throws {
    let df = try readCSV(string: "a,b\n1,\n2,\n")
    #expect(try df.column("b").type == .float)
    #expect(try df.column("b").missingCount == 2)
  }

  @Test func headerOnlyGivesEmptyTextColumns() throws {
    let df = try readCSV(string: "a,b,c\n")
    #expect(df.rowCount == 0)
    #expect(df.columnNames == ["a", "b", "c"])
    #expect(df.columns.allSatisfy { $0.type == .string })
  }

  @Test func noHeaderOption() throws {
    let df = try readCSV(string: "1,x\n2,y\n", options: CSVOptions(hasHeader: false))
    #expect(df.columnNames == ["column_1", "column_2"])
    #expect(df.rowCount == 2)
  }

  @Test func otherDelimiter() throws {
    let df = try readCSV(string: "a;b\n1,5;x\n", options: CSVOptions(delimiter: UInt8(ascii: ";")))
    #expect(try df.column("a").string(at: 0) == "1,5")
  }

  @Test func forcedColumnTypes() throws {
    let df = try readCSV(
      string: "id,flag\n007,1\n042,0\n",
      options: CSVOptions(columnTypes: ["id": .string, "flag": .bool]))
    #expect(try df.column("id").string(at: 0) == "007")
    #expect(try df.column("flag").value(at: 0) == .bool(true))
    let bad = csvError { try readCSV(string: "a\n1\nx\n", options: CSVOptions(columnTypes: ["a": .int])) }
    #expect(bad == "line 3: column 'a': cannot read 'x' as int")
    let unknown = csvError { try readCSV(string: "tenure\n1\n", options: CSVOptions(columnTypes: ["tenur": .int])) }
    #expect(unknown == "unknown column 'tenur' (did you mean 'tenure'?)")
  }

  @Test func largeAndExtremeNumbers() throws {
    let df = try readCSV(
      string: "a,b,c\n9223372036854775807,0.1234567890123456789,1e300\n-9223372036854775808,-0.5,inf\n")
    #expect(try df.column("a").value(at: 0) == .int(Int.max))
    #expect(try df.column("a").value(at: 1) == .int(Int.min))
    #expect(try df.column("b").value(at: 0) == .float(0.1234567890123456789))
    #expect(try df.column("c").value(at: 0) == .float(1e300))
    #expect(try df.column("c").value(at: 1) == .float(.infinity))
    let overflow = try readCSV(string: "a\n1\n99999999999999999999\n")
    #expect(try overflow.column("a").type == .float)
  }

  @Test func decimalParsingMatchesSwift() throws {
    let values = [
      "0.1", "29.85", "1889.5", "123456.789", "3.141592653589793", "2.2250738585072014e-308",
      "1.7976931348623157e308", "0.000001", "12345678901234567890.5", "4.9e-324", "-0.0",
    ]
    let text = "x\n" + values.joined(separator: "\n") + "\n"
    let col = try readCSV(string: text).column("x")
    for (i, v) in values.enumerated() { #expect(col.value(at: i) == .float(Double(v)!), "value \(v)") }
  }

  @Test func fieldsOfEveryLengthAndDelimiter() throws {
    // Exercises the eight-bytes-at-a-time field scan: field ends at every offset within a word.
    for delimiter in [UInt8(ascii: ","), UInt8(ascii: ";"), 9] {
      let d = String(UnicodeScalar(delimiter))
      var expected: [[String]] = []
      var text = "a\(d)b\(d)c\n"
      for r in 0..<40 {
        let row = (0..<3).map { k in
          String(repeating: "xyz"[("xyz".index("xyz".startIndex, offsetBy: k))], count: (r * 7 + k * 5) % 23 + 1)
        }
        expected.append(row)
        text += row.joined(separator: d) + (r % 2 == 0 ? "\n" : "\r\n")
      }
      let df = try readCSV(string: text, options: CSVOptions(delimiter: delimiter))
      #expect(df.rowCount == 40)
      for (r, row) in expected.enumerated() {
        #expect(df.row(r) == row.map { CellValue.string($0) }, "row \(r) delimiter \(delimiter)")
      }
    }
  }

  @Test func manyRowsAcrossBlocks() throws {
    // More than one 512 KB block, with quoted newlines straddling block ends.
    var text = "id,name,value,note\n"
    for i in 0..<40_000 {
      text += "\(i),name\(i % 17),\(Double(i) * 0.25),\"multi\nline \(i % 3)\"\n"
    }
    let df = try readCSV(string: text)
    #expect(df.rowCount == 40_000)
    #expect(try df.column("id").value(at: 39_999) == .int(39_999))
    #expect(try df.column("value").value(at: 3) == .float(0.75))
    #expect(try df.column("note").string(at: 20_001) == "multi\nline 0")
    #expect(try df.column("name").string(at: 18) == "name1")
    if case .string(_, let levels) = try df.column("name").storage { #expect(levels.count == 17) }
    let bad = csvError { try readCSV(string: text + "1,2,3\n") }
    #expect(bad == "line 80002: expected 4 fields, found 3")
  }
}

@Suite("CSV reader on files")
struct CSVFileTests {
  /// A multi-block CSV with quoted newlines, a missing value now and then, and one huge field.
  func bigText(hugeField: Int) -> String {
    var text = "id,name,value,note\n"
    for i in 0..<30_000 {
      let value = i % 101 == 0 ? "" : "\(Double(i) * 0.5)"
      text += "\(i),n\(i % 13),\(value),\"a\nb \(i % 7)\"\n"
      if i == 12_345 { text += "-1,huge,0,\"" + String(repeating: "x", count: hugeField) + "\"\n" }
    }
    return text
  }

  @Test func fileAndMemoryReadsAgree() throws {
    let text = bigText(hugeField: 1_300_000)  // longer than two read blocks: the window must grow
    let path = temporaryPath("big.csv")
    defer { unlink(path) }
    try writeText(text, to: path)
    let fromFile = try readCSV(path: path)
    let fromMemory = try readCSV(string: text)
    #expect(fromFile.rowCount == 30_001)
    #expect(fromMemory.rowCount == 30_001)
    for name in fromFile.columnNames {
      let a = try fromFile.column(name), b = try fromMemory.column(name)
      #expect(a.type == b.type)
      #expect((0..<a.count).allSatisfy { a.value(at: $0) == b.value(at: $0) }, "column \(name)")
    }
    #expect(try fromFile.column("note").string(at: 12_346)?.count == 1_300_000)
    #expect(try fromFile.column("value").missingCount == 298)
  }

  @Test func errorsAfterManyBlocksNameTheRightLine() throws {
    let text = bigText(hugeField: 10) + "1,2\n"
    let path = temporaryPath("bad-tail.csv")
    defer { unlink(path) }
    try writeText(text, to: path)
    // Header, 30,000 rows of two physical lines each and the one-line huge row: the short row is line 60003.
    #expect(csvError { try readCSV(path: path) } == "\(path): line 60003: expected 4 fields, found 2")
  }
}

@Suite("CSV reader errors")
struct CSVReaderErrorTests {
  @Test func raggedRowNamesTheLine() {
    let e = csvError { try readCSV(string: "a,b,c\n1,2,3\n4,5\n") }
    #expect(e == "line 3: expected 3 fields, found 2")
    let e2 = csvError { try readCSV(string: "a,b\n1,\"x\ny\"\n1,2,3\n") }
    #expect(e2 == "line 4: expected 2 fields, found 3")
  }

  @Test func unterminatedQuoteNamesWhereItOpened() {
    let e = csvError { try readCSV(string: "a,b\n1,2\n3,\"open\n4,5\n6,7\n") }
    #expect(e == "line 3: unterminated quoted field (a quote opened here is never closed)")
  }

  @Test func junkAfterClosingQuote() {
    let e = csvError { try readCSV(string: "a,b\n1,\"x\"y\n") }
    #expect(e?.hasPrefix("line 2: unexpected character after a closing quote") == true)
  }

  @Test func nonUTF8BytesNameTheLine() {
    var bytes = Array("a,b\n1,ok\n2,".utf8)
    bytes += [0xFF, 0xFE, 0x41]
    bytes += Array("\n".utf8)
    let e = csvError { try readCSV(bytes: bytes) }
    #expect(e == "line 3: column 'b' holds bytes that are not valid UTF-8 (save the file as UTF-8)")
    // Also when the bad bytes sit in a column that looked numeric so far.
    let e2 = csvError { try readCSV(bytes: Array("a\n1\n".utf8) + [0xC3, 0x28] + [10]) }
    #expect(e2 == "line 3: column 'a' holds bytes that are not valid UTF-8 (save the file as UTF-8)")
  }

  @Test func emptyInputs() {
    #expect(csvError { try readCSV(bytes: []) } == "file is empty")
    #expect(csvError { try readCSV(string: "\n\n") } == "file is empty")
    #expect(csvError { try readCSV(bytes: [0xEF, 0xBB, 0xBF]) } == "file is empty")
  }

  @Test func duplicateHeaderNames() {
    let e = csvError { try readCSV(string: "a,b,a,c,b\n1,2,3,4,5\n") }
    #expect(
      e == "line 1: duplicate column names in the header: 'a', 'b' (rename them so each column has a unique name)")
  }

  @Test func missingFileNamesThePath() {
    let path = temporaryPath("does-not-exist.csv")
    let e = csvError { try readCSV(path: path) }
    #expect(e == "cannot open '\(path)': No such file or directory")
  }

  @Test func fileErrorsArePrefixedWithThePath() throws {
    let path = temporaryPath("ragged.csv")
    defer { unlink(path) }
    try writeText("a,b\n1,2\n3\n", to: path)
    #expect(csvError { try readCSV(path: path) } == "\(path): line 3: expected 2 fields, found 1")
  }
}

/// Writes `text` to `path` (test helper).
func writeText(_ text: String, to path: String) throws {
  guard let f = fopen(path, "wb") else { throw FrameError.csv("cannot write \(path)") }
  let bytes = Array(text.utf8)
  _ = bytes.withUnsafeBufferPointer { fwrite($0.baseAddress, 1, $0.count, f) }
  fclose(f)
}

/// Path of the real IBM Telco file, or nil when it is absent (tests using it then skip).
/// Looks at `CHURN_TELCO_CSV`, then `../shared/data/telco/…` from the working directory and from
/// the package root (found from this source file's path).
func telcoPath() -> String? {
  let relative = "../shared/data/telco/WA_Fn-UseC_-Telco-Customer-Churn.csv"
  var candidates: [String] = []
  if let env = getenv("CHURN_TELCO_CSV") { candidates.append(String(cString: env)) }
  candidates.append(relative)
  let parts = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
  if parts.count > 3 {
    candidates.append(parts.dropLast(3).joined(separator: "/") + "/" + relative)
  }
  return candidates.first { access($0, R_OK) == 0 }
}

@Suite("Telco file")
struct TelcoFileTests {
  @Test(.enabled(if: telcoPath() != nil, "real Telco CSV not found"))
  func readsTheRealFile() throws {
    let df = try readCSV(path: try #require(telcoPath()))
    #expect(df.rowCount == 7043)
    #expect(df.columnCount == 21)
    let total = try df.column("TotalCharges")
    #expect(total.type == .float)
    #expect(total.missingCount == 11)
    #expect(try df.column("tenure").type == .int)
    #expect(try df.column("SeniorCitizen").type == .int)
    #expect(try df.column("MonthlyCharges").type == .float)
    let churn = try df.column("Churn")
    let yes = (0..<df.rowCount).filter { churn.string(at: $0) == "Yes" }.count
    #expect(yes == 1869)
  }
}
