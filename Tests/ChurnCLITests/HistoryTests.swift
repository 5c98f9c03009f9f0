import Foundation
import Testing

/// Two shells open on the same history file: each appends its own lines, neither erases the
/// other's (issue 11 item 11). The shells run under `script` so that stdin is a terminal.
@Suite("Shell history", .enabled(if: CLI.available && FileManager.default.fileExists(atPath: "/usr/bin/script")))
struct HistoryTests {
  @Test func twoSessionsBothKeepTheirLines() throws {
    let bin = try #require(CLI.binary)
    let home = try CLI.tempDir()
    let env = ["HOME": home.path, "TERM": "xterm"]
    let a = try InterruptTests.Child("/usr/bin/script", ["-qc", bin, "/dev/null"], environment: env)
    defer { if a.process.isRunning { a.process.terminate() } }
    let b = try InterruptTests.Child("/usr/bin/script", ["-qc", bin, "/dev/null"], environment: env)
    defer { if b.process.isRunning { b.process.terminate() } }
    #expect(a.wait(for: "churn>", seconds: 20))
    #expect(b.wait(for: "churn>", seconds: 20))
    a.send("print \"from a 1\"\n")
    #expect(a.wait(for: "from a 1\r\n", seconds: 10))
    b.send("print \"from b 1\"\n")
    #expect(b.wait(for: "from b 1\r\n", seconds: 10))
    a.send("print \"from a 2\"\n")
    #expect(a.wait(for: "from a 2\r\n", seconds: 10))
    b.send(":quit\n")
    #expect(b.finish(seconds: 20))
    a.send(":quit\n")
    #expect(a.finish(seconds: 20))
    let history = try String(contentsOf: home.appendingPathComponent(".churn_history"), encoding: .utf8)
    // libedit stores entries with spaces escaped as \040.
    let lines = history.replacingOccurrences(of: "\\040", with: " ")
    for entry in ["from a 1", "from b 1", "from a 2"] {
      #expect(lines.contains(entry), "history lacks \(entry):\n\(history)")
    }
  }
}
