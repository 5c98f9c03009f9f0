import Foundation
import Testing

/// Finds and runs the built `churn` executable.
///
/// Looked up in order: `$CHURN_BIN`; next to the test bundle (SwiftPM puts executables and test
/// bundles in the same build directory); `.build/debug/churn` under the package root. Tests that
/// need it are skipped (with a message) when none exists.
enum CLI {
  static let packageRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  static let binary: String? = {
    let fm = FileManager.default
    var candidates: [String] = []
    if let env = ProcessInfo.processInfo.environment["CHURN_BIN"] { candidates.append(env) }
    if let arg0 = CommandLine.arguments.first {
      var dir = URL(fileURLWithPath: arg0).deletingLastPathComponent()
      // On macOS the bundle is a directory: .../debug/churnPackageTests.xctest/Contents/MacOS/...
      for _ in 0..<4 {
        candidates.append(dir.appendingPathComponent("churn").path)
        dir = dir.deletingLastPathComponent()
      }
    }
    candidates.append(packageRoot.appendingPathComponent(".build/debug/churn").path)
    return candidates.first { path in
      var isDir: ObjCBool = false
      return fm.fileExists(atPath: path, isDirectory: &isDir) && !isDir.boolValue && fm.isExecutableFile(atPath: path)
    }
  }()

  static var available: Bool {
    if binary == nil {
      print("ChurnCLITests: skipped — no churn binary (build it, or set CHURN_BIN)")
    }
    return binary != nil
  }

  struct Result {
    var status: Int32
    var stdout: String
    var stderr: String
  }

  /// Runs churn with arguments and optional stdin, in `directory` (default: the package root).
  static func run(
    _ args: [String], stdin: String? = nil, environment: [String: String] = [:],
    directory: URL? = nil, executable: String? = nil
  ) throws -> Result {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: executable ?? binary ?? "/nonexistent")
    p.arguments = args
    p.currentDirectoryURL = directory ?? packageRoot
    var env = ProcessInfo.processInfo.environment
    env["NO_COLOR"] = "1"
    for (k, v) in environment { env[k] = v }
    p.environment = env
    let outPipe = Pipe(), errPipe = Pipe(), inPipe = Pipe()
    p.standardOutput = outPipe
    p.standardError = errPipe
    p.standardInput = inPipe
    try p.run()
    // Read both pipes concurrently so a full pipe never blocks the child.
    nonisolated(unsafe) var errData = Data()
    let group = DispatchGroup()
    group.enter()
    DispatchQueue.global().async {
      errData = errPipe.fileHandleForReading.readDataToEndOfFile()
      group.leave()
    }
    if let stdin { inPipe.fileHandleForWriting.write(Data(stdin.utf8)) }
    try? inPipe.fileHandleForWriting.close()
    let outData = outPipe.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    p.waitUntilExit()
    return Result(
      status: p.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
      stderr: String(decoding: errData, as: UTF8.self))
  }

  /// A fresh temporary directory.
  static func tempDir() throws -> URL {
    let u = FileManager.default.temporaryDirectory.appendingPathComponent("churn-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: u, withIntermediateDirectories: true)
    return u
  }

  /// Writes a script into a temporary directory and returns its path.
  static func script(_ text: String, name: String = "test.churn") throws -> String {
    let url = try tempDir().appendingPathComponent(name)
    try text.write(to: url, atomically: true, encoding: .utf8)
    return url.path
  }
}
