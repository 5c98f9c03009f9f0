import Frame
import Testing

/// Issue 11 items 2, 5 and 6 at the Frame level: truth columns and `.`, stable means, special values and
/// stray text in CSV files, fixed column types.
@Suite("Trustworthy values (Frame)")
struct TrustValuesFrameTests {
  // MARK: item 5 — overflow and special values

  @Test func meanAndSDOfHugeValuesAreFinite() throws {
    let c = Column(name: "a", floats: [1e308, 1.7e308])
    let m = try #require(c.mean())
    #expect(m.isFinite)
    #expect(abs(m - 1.35e308) <= 1e-15 * 1.35e308)
    // numpy: np.std([1e308/1e308, 1.7e308/1e308], ddof=1) * 1e308 = 4.949747468305833e+307
    let sd = try #require(c.sd())
    #expect(abs(sd - 4.949747468305833e307) <= 1e-12 * 4.949747468305833e307)
    let d = try DataFrame(columns: [c]).describe()
    let meanCell = try d.column("mean").double(at: 0)
    #expect(meanCell.map { $0.isFinite } ?? false)
  }

  @Test func ordinaryMeansAreUnchanged() {
    let c = Column(name: "a", floats: [0.1, 0.2, 0.3])
    #expect(c.mean() == (0.1 + 0.2 + 0.3) / 3 || abs((c.mean() ?? 0) - 0.2) < 1e-16)
    #expect(Column(name: "b", floats: [1, .infinity]).mean() == .infinity)
  }

  @Test func csvReadsInfinityAndNaNSpellings() throws {
    let f = try readCSV(string: "x\n1.5\nInfinity\n-Infinity\ninf\n-inf\nnan\nNaN\n-nan\nINF\n")
    let c = try f.column("x")
    #expect(c.type == .float)
    #expect(c.double(at: 0) == 1.5)
    #expect(c.double(at: 1) == .infinity && c.double(at: 2) == -.infinity)
    #expect(c.double(at: 3) == .infinity && c.double(at: 4) == -.infinity && c.double(at: 8) == .infinity)
    #expect(c.isMissing(5) && c.isMissing(6) && c.isMissing(7))
    #expect(c.missingCount == 3)
  }

  @Test func lowercaseNanIsMissingEvenWithACustomList() throws {
    var o = CSVOptions()
    o.missingTokens = ["", "?"]
    let f = try readCSV(string: "x\n1\n?\nnan\n2.5\n", options: o)
    let c = try f.column("x")
    #expect(c.type == .float)
    #expect(c.missingCount == 2)
  }

  // MARK: item 6 — stray text, NA spellings, fixed types

  static func strayCSV() -> String {
    var lines = ["id,charges"]
    for i in 1...100 {
      let v: String
      switch i {
      case 7: v = "abc"
      case 30: v = "--"
      case 55: v = "abc"
      default: v = "\(Double(i) + 0.25)"
      }
      lines.append("\(i),\(v)")
    }
    return lines.joined(separator: "\n") + "\n"
  }

  @Test func strayTextIsReportedWithValuesAndLines() throws {
    let r = try readCSVWithWarnings(bytes: Array(Self.strayCSV().utf8))
    #expect(try r.frame.column("charges").type == .string)
    #expect(r.warnings.count == 1)
    let w = try #require(r.warnings.first)
    #expect(w.contains("column 'charges'"))
    #expect(w.contains("'abc' (line 8)"))
    #expect(w.contains("'--' (line 31)"))
    #expect(w.contains("3 of its 100 values"))
    #expect(w.contains("(na: [\"abc\", \"--\"])"))
  }

  @Test func listingTheStraysReadsTheColumnAsNumbers() throws {
    var o = CSVOptions()
    o.missingTokens = CSVOptions.defaultMissingTokens + ["abc", "--"]
    let r = try readCSVWithWarnings(bytes: Array(Self.strayCSV().utf8), options: o)
    let c = try r.frame.column("charges")
    #expect(c.type == .float)
    #expect(c.missingCount == 3)
    #expect(r.warnings.isEmpty)
  }

  @Test func defaultMissingSpellingsIncludePandasList() throws {
    let f = try readCSV(string: "x\n1\nn/a\nNone\nNULL\n#N/A\n<NA>\n2\n")
    let c = try f.column("x")
    #expect(c.type == .int)
    #expect(c.missingCount == 5)
  }

  @Test func aTextColumnGetsNoWarning() throws {
    let r = try readCSVWithWarnings(bytes: Array("name\n1\nann\nbob\ncid\n".utf8))
    #expect(try r.frame.column("name").type == .string)
    #expect(r.warnings.isEmpty)
  }

  @Test func fixedTextTypeKeepsLeadingZeros() throws {
    var o = CSVOptions()
    o.columnTypes = ["customerID": .string]
    let f = try readCSV(string: "customerID,x\n0000123,1\n0000456,2\n", options: o)
    let c = try f.column("customerID")
    #expect(c.type == .string)
    #expect(c.string(at: 0) == "0000123")
    #expect(try readCSV(string: "customerID,x\n0000123,1\n").column("customerID").type == .int)
  }

  @Test func typeSpellings() {
    #expect(ColumnType(spelling: "text") == .string)
    #expect(ColumnType(spelling: "Float") == .float)
    #expect(ColumnType(spelling: "integer") == .int)
    #expect(ColumnType(spelling: "bool") == .bool)
    #expect(ColumnType(spelling: "date") == nil)
  }

  // MARK: item 2 — truth columns and `.`

  func simulatedFrame() throws -> DataFrame {
    try DataFrame(columns: [
      Column(name: "y", floats: [1, 2, 3, 4]), Column(name: "t", ints: [0, 1, 0, 1]),
      Column(name: "x", floats: [0.5, 0.1, 0.9, 0.3]),
      Column(name: "y0", floats: [1, 1, 3, 3]).markedAsTruth(),
      Column(name: "true_effect", floats: [0, 1, 0, 1]).markedAsTruth(),
    ])
  }

  @Test func dotLeavesOutTruthColumnsWithANote() throws {
    let f = try Formula(parsing: "y ~ t | .")
    let r = try f.resolvedTermsWithNotes(in: try simulatedFrame())
    #expect(r.terms == ["x"])
    #expect(r.notes.count == 1)
    #expect(r.notes[0].contains("y0, true_effect"))
    #expect(try f.resolvedTerms(in: try simulatedFrame()) == ["x"])
  }

  @Test func namingATruthColumnWorksButWarns() throws {
    let f = try Formula(parsing: "y ~ t | x + true_effect")
    let r = try f.resolvedTermsWithNotes(in: try simulatedFrame())
    #expect(r.terms == ["x", "true_effect"])
    #expect(r.notes.count == 1)
    #expect(r.notes[0].contains("adjusts for the simulator's truth column true_effect"))
  }

  @Test func removingTruthColumnsExplicitlyNeedsNoNote() throws {
    let f = try Formula(parsing: "y ~ t | . - y0 - true_effect")
    let r = try f.resolvedTermsWithNotes(in: try simulatedFrame())
    #expect(r.terms == ["x"])
    #expect(r.notes.isEmpty)
  }

  @Test func truthFlagSurvivesRowOperations() throws {
    let f = try simulatedFrame()
    #expect(try f.filter([true, false, true, true]).column("y0").isTruth)
    #expect(try f.rows([3, 0]).column("true_effect").isTruth)
    #expect(try !f.rows([3, 0]).column("x").isTruth)
  }

  @Test func designSpecCarriesTheNote() throws {
    let spec = try DesignSpec.fit(
      try Formula(parsing: "y ~ ."), on: try simulatedFrame(), outcome: .continuous,
      options: .linear)
    #expect(spec.terms.map(\.name) == ["t", "x"])
    #expect(spec.warnings.contains { $0.contains("y0, true_effect") })
  }
}
