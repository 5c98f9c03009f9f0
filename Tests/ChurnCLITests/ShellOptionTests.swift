import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Command-line options with piped input, parameter types, table width, and Ctrl-C in the RATE
/// bootstrap (issue 11 items 10, 12 and 13).
@Suite("Shell options", .enabled(if: CLI.available))
struct ShellOptionTests {
  @Test func pipedStdinTakesFormatAndParams() throws {
    let r = try CLI.run(["--format", "json", "--param", "n=3"], stdin: "param n = 1\nprint n + 1\n")
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.hasPrefix("["), "\(r.stdout)")
    #expect(r.stdout.contains("\"value\": 4"), "\(r.stdout)")
  }

  @Test func integerParameterRefusesAFractionAtOnce() throws {
    let path = try CLI.script("param seed = 42\nprint \"started\"\nprint seed\n")
    let r = try CLI.run(["run", path, "--param", "seed=1.5"])
    #expect(r.status == 1)
    #expect(r.stderr.contains("'seed' is a whole number"), "\(r.stderr)")
    #expect(!r.stdout.contains("started"), "\(r.stdout)")
    let ok = try CLI.run(["run", path, "--param", "seed=7"])
    #expect(ok.status == 0 && ok.stdout.contains("7"), "\(ok.stderr)")
  }

  @Test func widthOptionComesBeforeOrAfterTheCode() throws {
    let code = "let s = simulate nie_wager setup: \"A\", n: 50, seed: 1\ns |> head 2"
    let narrow = try CLI.run(["--width", "40", "-e", code])
    #expect(narrow.status == 0, "\(narrow.stderr)")
    let wide = try CLI.run(["-e", code, "--width", "200"])
    #expect(wide.status == 0, "\(wide.stderr)")
    // At 40 columns the frame wraps into several column blocks; at 200 it is one block.
    let blocks = { (s: String) in s.split(separator: "\n", omittingEmptySubsequences: false).filter(\.isEmpty).count }
    #expect(blocks(narrow.stdout) > blocks(wide.stdout), "\(narrow.stdout)")
    #expect(narrow.stdout.split(separator: "\n").allSatisfy { $0.count <= 40 }, "\(narrow.stdout)")
    let bad = try CLI.run(["-e", code, "--width", "wide"])
    #expect(bad.status == 1 && bad.stderr.contains("--width must be a whole number"), "\(bad.stderr)")
  }

  @Test(.enabled(if: FileManager.default.fileExists(atPath: "/usr/bin/script")))
  func ctrlCStopsTheRateBootstrap() throws {
    let bin = try #require(CLI.binary)
    let hist = try CLI.tempDir().appendingPathComponent("history")
    let child = try InterruptTests.Child(
      "/usr/bin/script", ["-qc", bin, "/dev/null"],
      environment: ["CHURN_HISTORY": hist.path, "TERM": "xterm"])
    defer { if child.process.isRunning { child.process.terminate() } }
    #expect(child.wait(for: "churn>", seconds: 20))
    child.send("let sim = simulate nie_wager setup: \"A\", n: 20000, seed: 1\n")
    child.send("let cf = causal_forest y ~ w | x1 + x2 + x3 on sim with trees: 50\n")
    child.send("print \"forest ready\"\n")
    #expect(child.wait(for: "forest ready\r\n", seconds: 120), "\(child.text)")
    // 20,000 half-sample draws on 20,000 rows: about 15 s in a release build on an idle machine (3,000 rows
    // finished in under 2 s, before the Ctrl-C). Send it once the progress line shows the bootstrap running.
    child.send("let r = rate cf replicates: 20000\n")
    #expect(child.wait(for: "rate bootstrap", seconds: 60), "\(child.text)")
    let start = Date()
    child.send("\u{03}")
    #expect(child.wait(for: "interrupted: rate stopped at Ctrl-C", seconds: 20), "\(child.text)")
    #expect(Date().timeIntervalSince(start) < 20)
    sleep(1)
    child.send("r\n:quit\n")
    #expect(child.finish(seconds: 20))
    #expect(child.text.contains("unknown variable 'r'"), "\(child.text)")
  }
}
