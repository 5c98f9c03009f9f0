import Foundation
import Testing

/// Terminal plots follow the terminal: `--width` and `--ascii`, the terminal's width and locale when
/// standard output is one, and fixed defaults (72 columns, Unicode) when it is piped, whatever the locale.
@Suite("Plots fit the terminal")
struct PlotTerminalTests {
  static let code = "let d = simulate telco n: 300, seed: 1\nd |> bar Contract"

  /// The plot lines of `stdout` (after the `bar` title).
  func plotLines(_ stdout: String) -> [String] {
    let lines = stdout.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n").map(String.init)
    return Array(lines.drop { !$0.hasPrefix("Count of Contract") })
  }

  @Test func widthAndASCIIOptionsDrawNarrowASCIIPlots() throws {
    let r = try CLI.run(["--width", "40", "--ascii", "-e", Self.code])
    #expect(r.status == 0, "\(r.stderr)")
    let lines = plotLines(r.stdout)
    #expect(lines.count == 4, "\(r.stdout)")
    #expect(lines.allSatisfy { $0.count <= 40 && $0.unicodeScalars.allSatisfy { $0.isASCII } }, "\(r.stdout)")
    #expect(lines.contains { $0.contains("#") })
  }

  @Test func pipedOutputKeepsTheDefaultsWhateverTheLocale() throws {
    let c = try CLI.run(["-e", Self.code], environment: ["LANG": "C", "LC_ALL": "C", "COLUMNS": "40"])
    let utf8 = try CLI.run(["-e", Self.code], environment: ["LANG": "en_US.UTF-8", "COLUMNS": "200"])
    #expect(c.status == 0 && utf8.status == 0)
    #expect(c.stdout == utf8.stdout, "piped output does not depend on the locale or COLUMNS")
    #expect(c.stdout.contains("█"))
    // 72 columns: the longest bar line reaches the default width.
    #expect(plotLines(c.stdout).map(\.count).max() ?? 0 > 40)
  }

  /// Through a pseudo-terminal (`script`): no window size there, so COLUMNS gives the width; the C locale
  /// gives ASCII.
  @Test(.enabled(if: FileManager.default.fileExists(atPath: "/usr/bin/script")))
  func aTerminalSetsTheWidthAndTheGlyphs() throws {
    let bin = try #require(CLI.binary)
    let file = try CLI.tempDir().appendingPathComponent("bar.churn")
    try Self.code.write(to: file, atomically: true, encoding: .utf8)
    let r = try CLI.run(
      ["-qec", "\(bin) run \(file.path)", "/dev/null"],
      environment: ["COLUMNS": "44", "LANG": "C", "LC_ALL": "C", "TERM": "xterm"],
      executable: "/usr/bin/script")
    let lines = plotLines(r.stdout)
    #expect(lines.count == 4, "\(r.stdout)")
    #expect(lines.allSatisfy { $0.count <= 44 && $0.unicodeScalars.allSatisfy { $0.isASCII } }, "\(r.stdout)")
  }
}
