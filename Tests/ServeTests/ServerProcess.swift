import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A `churn-serve` process started for a test on port 0; the bound port is read from its ready line.
final class ServerProcess: @unchecked Sendable {
  let process = Process()
  let port: Int
  let logPath: String
  private let stdout = Pipe()
  private let stderr = Pipe()

  /// The churn-serve binary: `CHURN_SERVE_BIN`, else beside `CHURN_BIN`, else this package's debug build.
  static var binary: String {
    let env = ProcessInfo.processInfo.environment
    if let b = env["CHURN_SERVE_BIN"] { return b }
    if let c = env["CHURN_BIN"] {
      let beside = URL(fileURLWithPath: c).deletingLastPathComponent().appendingPathComponent("churn-serve").path
      if FileManager.default.isExecutableFile(atPath: beside) { return beside }
    }
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
    return root.appendingPathComponent(".build/debug/churn-serve").path
  }

  /// Starts `executable` (default: churn-serve) with `prefix` before the service options (e.g. `churn serve`).
  init(
    policy: String, log: String, extra: [String] = [], executable: String? = nil, prefix: [String] = [],
    readyTimeout: Double = 60
  ) throws {
    logPath = log
    process.executableURL = URL(fileURLWithPath: executable ?? Self.binary)
    process.arguments = prefix + ["--policy", policy, "--port", "0", "--log", log] + extra
    process.standardOutput = stdout
    process.standardError = stderr
    try process.run()
    let handle = stdout.fileHandleForReading
    var text = ""
    let deadline = Date().addingTimeInterval(readyTimeout)
    while Date() < deadline {
      let chunk = handle.availableData
      if chunk.isEmpty { break }  // EOF: the process ended
      text += String(decoding: chunk, as: UTF8.self)
      if let line = text.split(separator: "\n").first(where: { $0.hasPrefix("churn-serve ready on http://") }),
        let portText = line.split(separator: " ")[3].split(separator: ":").last, let p = Int(portText)
      {
        port = p
        return
      }
    }
    process.terminate()
    process.waitUntilExit()
    let err = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    throw ServerStartError(output: text + err)
  }

  /// Sends a signal.
  func signal(_ sig: Int32) { kill(process.processIdentifier, sig) }

  /// Waits for exit and returns the exit status; kills the process after `timeout` seconds.
  @discardableResult
  func wait(timeout: Double = 20) -> Int32 {
    let deadline = Date().addingTimeInterval(timeout)
    while process.isRunning && Date() < deadline { usleep(10_000) }
    if process.isRunning {
      kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
    }
    process.waitUntilExit()
    return process.terminationStatus
  }

  /// Everything the server wrote to stderr (call after it exited).
  func errorOutput() -> String { String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self) }

  /// Stops the server (SIGTERM, then SIGKILL after the timeout).
  func stop() {
    if process.isRunning { signal(SIGTERM) }
    wait()
  }

  deinit { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
}

struct ServerStartError: Error, CustomStringConvertible {
  let output: String
  var description: String { "churn-serve did not become ready:\n\(output)" }
}

/// Runs `executable` with `args` to completion; returns its exit status and stdout + stderr together.
func runProcess(_ executable: String, _ args: [String]) throws -> (status: Int32, output: String) {
  let p = Process()
  p.executableURL = URL(fileURLWithPath: executable)
  p.arguments = args
  let out = Pipe()
  p.standardOutput = out
  p.standardError = out
  try p.run()
  let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
  p.waitUntilExit()
  return (p.terminationStatus, text)
}
