import Foundation
import Lang
import Testing

/// Issue 11 items 4 and 6 end to end: the binary prints typed numbers as typed, and `read_csv` warns on stderr
/// about a numeric column that stray values turned into text (exit status 0, the frame still read).
@Suite("churn command line: values", .enabled(if: CLI.available))
struct TrustValuesCLITests {
  @Test func scalarsPrintAsTyped() throws {
    let r = try CLI.run(["-e", "1834.58"])
    #expect(r.status == 0)
    #expect(r.stdout == "1834.58\n")
  }

  @Test func readCSVWarnsAboutStrayText() throws {
    let dir = try CLI.tempDir()
    var text = "id,charges\n"
    for i in 1...40 { text += "\(i),\(i == 5 ? "abc" : i == 17 ? "--" : "\(i).5")\n" }
    let csv = dir.appendingPathComponent("stray.csv")
    try text.write(to: csv, atomically: true, encoding: .utf8)
    let r = try CLI.run(["-e", "let d = read_csv(\"\(csv.path)\")\nncol(d)"])
    #expect(r.status == 0)
    #expect(r.stdout == "2\n")
    #expect(r.stderr.contains("warning: read_csv: column 'charges' was read as text"))
    #expect(r.stderr.contains("'abc' (line 6), '--' (line 18)"))
    #expect(r.stderr.contains("na: [\"abc\", \"--\"]"))
    // The suggestion, run as written, reads the column as numbers.
    let fixed = try CLI.run(["-e", "let d = read_csv(\"\(csv.path)\", na: [\"abc\", \"--\"])\nmean(d.charges)"])
    #expect(fixed.status == 0)
    #expect(fixed.stderr.isEmpty)
    // numpy: np.mean([i + 0.5 for i in range(1, 41) if i not in (5, 17)]) = 21.5
    #expect(fixed.stdout == "21.5\n")
  }
}
