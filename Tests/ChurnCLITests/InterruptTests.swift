import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Ctrl-C: in the shell it stops a long command and returns to the prompt; a script it ends.
@Suite("Ctrl-C", .enabled(if: CLI.available && FileManager.default.fileExists(atPath: "/usr/bin/script")))
struct InterruptTests {
  /// A running child whose stdout and stderr are collected in the background.
  final class Child: @unchecked Sendable {
    let process = Process()
    let input = Pipe(), output = Pipe()
    private let lock = NSLock()
    private var data = Data()

    init(_ executable: String, _ args: [String], environment: [String: String] = [:]) throws {
      process.executableURL = URL(fileURLWithPath: executable)
      process.arguments = args
      process.currentDirectoryURL = CLI.packageRoot
      var env = ProcessInfo.processInfo.environment
      env["NO_COLOR"] = "1"
      for (k, v) in environment { env[k] = v }
      process.environment = env
      process.standardInput = input
      process.standardOutput = output
      process.standardError = output
      output.fileHandleForReading.readabilityHandler = { [weak self] h in
        let d = h.availableData
        guard let self, !d.isEmpty else { return }
        self.lock.lock()
        self.data.append(d)
        self.lock.unlock()
      }
      try process.run()
    }

    var text: String {
      lock.lock()
      defer { lock.unlock() }
      return String(decoding: data, as: UTF8.self)
    }

    func send(_ s: String) { input.fileHandleForWriting.write(Data(s.utf8)) }

    /// Waits until `text` contains `needle` or `seconds` pass; true if it appeared.
    func wait(for needle: String, seconds: Double) -> Bool {
      let end = Date().addingTimeInterval(seconds)
      while Date() < end {
        if text.contains(needle) { return true }
        usleep(50_000)
      }
      return text.contains(needle)
    }

    /// Waits for the process to end (killing it after `seconds`); true if it ended by itself.
    func finish(seconds: Double) -> Bool {
      let end = Date().addingTimeInterval(seconds)
      while process.isRunning && Date() < end { usleep(50_000) }
      if process.isRunning {
        process.terminate()
        process.waitUntilExit()
        return false
      }
      process.waitUntilExit()
      output.fileHandleForReading.readabilityHandler = nil
      return true
    }
  }

  @Test func ctrlCStopsALongCommandAndTheShellGoesOn() throws {
    let bin = try #require(CLI.binary)
    let hist = try CLI.tempDir().appendingPathComponent("history")
    let child = try Child(
      "/usr/bin/script", ["-qc", bin, "/dev/null"],
      environment: ["CHURN_HISTORY": hist.path, "TERM": "xterm"])
    defer { if child.process.isRunning { child.process.terminate() } }
    #expect(child.wait(for: "churn>", seconds: 20))
    child.send("let sim = simulate nie_wager setup: \"A\", n: 3000, seed: 1\n")
    // A causal forest of 100,000 trees (its nuisance forests alone have 25,000): minutes of work.
    child.send("let cf = causal_forest y ~ w | x1 + x2 + x3 on sim with trees: 100000\n")
    sleep(3)
    let start = Date()
    child.send("\u{03}")
    #expect(child.wait(for: "interrupted: causal_forest stopped at Ctrl-C", seconds: 30), "\(child.text)")
    let stopped = Date().timeIntervalSince(start)
    #expect(stopped < 30)
    sleep(1)
    // Boosting rounds check too; then the session carries on, without `cf` or `m`.
    child.send(
      "let m = fit gbm y ~ x1 + x2 + x3 on sim with task: regression, rounds: 1000000, learning_rate: 0.0001\n")
    sleep(3)
    child.send("\u{03}")
    #expect(child.wait(for: "interrupted: fit stopped at Ctrl-C", seconds: 30), "\(child.text)")
    sleep(1)
    child.send("print \"still here\"\nnrow(sim)\ncf\n:quit\n")
    #expect(child.finish(seconds: 30))
    let out = child.text
    #expect(out.contains("still here"))
    #expect(out.contains("3000"))
    #expect(out.contains("unknown variable 'cf'"))
    #expect(!out.contains("unknown variable 'sim'"))
  }

  @Test func ctrlCEndsAScript() throws {
    let bin = try #require(CLI.binary)
    let path = try CLI.script(
      """
      print "started"
      let sim = simulate nie_wager setup: "A", n: 3000, seed: 1
      let cf = causal_forest y ~ w | x1 + x2 + x3 on sim with trees: 100000
      print "not reached"

      """)
    let child = try Child(bin, ["run", path])
    defer { if child.process.isRunning { child.process.terminate() } }
    #expect(child.wait(for: "started", seconds: 20))
    sleep(2)
    kill(child.process.processIdentifier, SIGINT)
    #expect(child.finish(seconds: 20))
    #expect(child.process.terminationReason == .uncaughtSignal)
    #expect(child.process.terminationStatus == SIGINT)
    #expect(!child.text.contains("not reached"))
  }
}
