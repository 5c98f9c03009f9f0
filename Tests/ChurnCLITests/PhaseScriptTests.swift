import Foundation
import Testing

/// Golden-output tests of the phase scripts, and the figures phase 01 must print on the real IBM file.
///
/// A golden file is the exact stdout of `churn run scripts/NN_*.churn` on the bundled data. When a
/// change to the output is intended, regenerate them with
/// `CHURN_UPDATE_GOLDEN=1 swift test --filter PhaseScriptTests` and review the diff like code.
@Suite(
  "Phase scripts", .serialized,
  .enabled(if: CLI.available, "no churn binary: build it (scripts/test.sh does) or set CHURN_BIN"))
struct PhaseScriptTests {
  static let goldenDir = CLI.packageRoot.appendingPathComponent("Tests/ChurnCLITests/Golden")

  /// Path of the real IBM Telco file, if present (`CHURN_TELCO_CSV` or ../shared/data/telco/).
  static var realTelco: String? {
    let env = ProcessInfo.processInfo.environment["CHURN_TELCO_CSV"]
    let rel = CLI.packageRoot.appendingPathComponent("../shared/data/telco/WA_Fn-UseC_-Telco-Customer-Churn.csv").path
    return [env, rel].compactMap { $0 }.first { FileManager.default.fileExists(atPath: $0) }
  }

  func checkGolden(_ script: String, _ extra: [String] = [], directory: URL? = nil) throws {
    let r = try CLI.run(
      ["run", CLI.packageRoot.appendingPathComponent("scripts/\(script).churn").path] + extra,
      directory: directory)
    #expect(r.status == 0, "stderr: \(r.stderr)")
    let golden = Self.goldenDir.appendingPathComponent("\(script).txt")
    if ProcessInfo.processInfo.environment["CHURN_UPDATE_GOLDEN"] == "1" {
      try r.stdout.write(to: golden, atomically: true, encoding: .utf8)
      return
    }
    let expected = try String(contentsOf: golden, encoding: .utf8)
    if r.stdout != expected {
      let a = r.stdout.split(separator: "\n", omittingEmptySubsequences: false)
      let b = expected.split(separator: "\n", omittingEmptySubsequences: false)
      let i = zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, b.count)
      Issue.record(
        """
        \(script): output differs from golden at line \(i + 1)
          got:      \(i < a.count ? String(a[i]) : "<end>")
          expected: \(i < b.count ? String(b[i]) : "<end>")
        """)
    }
  }

  @Test func eda01MatchesGolden() throws { try checkGolden("01_eda") }
  @Test func prediction02MatchesGolden() throws { try checkGolden("02_churn_prediction") }
  @Test func causal03MatchesGolden() throws { try checkGolden("03_causal_inference") }
  @Test func heterogeneous04MatchesGolden() throws { try checkGolden("04_heterogeneous_effects") }
  @Test func abTesting05MatchesGolden() throws { try checkGolden("05_ab_testing") }

  /// Phase 05 on the real IBM file: runs cleanly and prints the same bytes twice (its simulations are seeded).
  @Test(.enabled(if: PhaseScriptTests.realTelco != nil, "real Telco file not found; set CHURN_TELCO_CSV"))
  func abTesting05OnRealTelcoIsDeterministic() throws {
    let real = try #require(Self.realTelco)
    let a = try CLI.run(["run", "scripts/05_ab_testing.churn", "--param", "data=\(real)"])
    let b = try CLI.run(["run", "scripts/05_ab_testing.churn", "--param", "data=\(real)"])
    #expect(a.status == 0, "stderr: \(a.stderr)")
    #expect(a.stdout == b.stdout)
    #expect(a.stdout.contains("Validation of predicted effects on the experiment"))
  }

  /// Phase 06 saves its policy to `churn_policy.bin` in the working directory: run it in a fresh temporary
  /// folder (with the bundled data by absolute path) so the package root stays clean.
  @Test func production06MatchesGolden() throws {
    let dir = try Self.scratchDirectory("phase06")
    defer { try? FileManager.default.removeItem(at: dir) }
    try checkGolden("06_production", ["--param", "data=\(Self.bundledData)"], directory: dir)
    #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("churn_policy.bin").path))
  }

  /// Phase 06 twice gives the same bytes.
  @Test func production06IsByteIdenticalAcrossRuns() throws {
    let dir = try Self.scratchDirectory("phase06-twice")
    defer { try? FileManager.default.removeItem(at: dir) }
    let script = CLI.packageRoot.appendingPathComponent("scripts/06_production.churn").path
    let a = try CLI.run(["run", script, "--param", "data=\(Self.bundledData)"], directory: dir)
    let b = try CLI.run(["run", script, "--param", "data=\(Self.bundledData)"], directory: dir)
    #expect(a.status == 0 && a.stdout == b.stdout)
  }

  /// Phase 06 runs on the real IBM file and ends with the command that serves its policy.
  @Test(.enabled(if: PhaseScriptTests.realTelco != nil, "real Telco file not found; set CHURN_TELCO_CSV"))
  func production06RunsOnRealTelco() throws {
    let real = try #require(Self.realTelco)
    let dir = try Self.scratchDirectory("phase06-real")
    defer { try? FileManager.default.removeItem(at: dir) }
    let script = CLI.packageRoot.appendingPathComponent("scripts/06_production.churn").path
    let r = try CLI.run(["run", script, "--param", "data=\(real)"], directory: dir)
    #expect(r.status == 0, "stderr: \(r.stderr)")
    #expect(r.stdout.contains("churn serve --policy churn_policy.bin"))
  }

  static var bundledData: String { CLI.packageRoot.appendingPathComponent("data/telco.csv").path }

  static func scratchDirectory(_ name: String) throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("churn-\(name)-\(getpid())")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
  }

  @Test func eda01IsByteIdenticalAcrossRuns() throws {
    let a = try CLI.run(["run", "scripts/01_eda.churn"])
    let b = try CLI.run(["run", "scripts/01_eda.churn"])
    #expect(a.status == 0)
    #expect(a.stdout == b.stdout)
  }

  /// The figures issue 2 requires on the real file: 7,043 rows, 1,869 churners (26.54%), 11 missing
  /// TotalCharges, 54.27% / 42.71% / 41.89% for tenure < 6 / month-to-month / fiber, r = -0.352 for tenure.
  @Test(.enabled(if: PhaseScriptTests.realTelco != nil, "real Telco file not found; set CHURN_TELCO_CSV"))
  func eda01OnRealTelcoFile() throws {
    let real = try #require(Self.realTelco)
    let r = try CLI.run(["run", "scripts/01_eda.churn", "--param", "data=\(real)"])
    #expect(r.status == 0, "stderr: \(r.stderr)")
    let lines = r.stdout.split(separator: "\n").map { $0.split(separator: " ").joined(separator: " ") }
    func has(_ s: String) -> Bool { lines.contains(s) }
    #expect(has("[7043, 21]"))
    #expect(has("7043 1869 26.54"))  // customers, churners, churn %
    #expect(has("TotalCharges float 7032 11"))  // 11 missing TotalCharges
    #expect(has("true 1371 54.27"))  // tenure < 6
    #expect(has("Month-to-month 3875 42.71"))
    #expect(has("Fiber optic 3096 41.89"))
    #expect(lines.contains { $0.hasPrefix("tenure -0.352") })
  }
}
