import Foundation
import Testing

/// docs/openapi.yaml against a running server: routes, response schemas, a seeded random-body fuzz and
/// schemathesis (scripts/serve/api_check.py; Python with pyyaml and jsonschema, schemathesis from PyPI).
@Suite("OpenAPI document and fuzz", .serialized)
struct OpenAPITests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  @Test("every route and schema matches docs/openapi.yaml; 300 random bodies and schemathesis find no 5xx")
  func conformanceAndFuzz() throws {
    let server = try ServerProcess(policy: try ServeFixture.policyPath.get(), log: ServeFixture.path("openapi.sqlite"))
    defer { server.stop() }
    let frame = ServeFixture.customers(n: 8, seed: 31)
    let samples = "[" + (0..<8).map { ServeFixture.requestJSON(frame, row: $0) }.joined(separator: ",") + "]"
    let samplesPath = ServeFixture.path("samples.json")
    try samples.write(toFile: samplesPath, atomically: true, encoding: .utf8)
    // CI installs schemathesis (.ci/run) and must run it; elsewhere it runs when installed.
    let env = ProcessInfo.processInfo.environment
    let mode = env["CI"] != nil || env["CHURN_REQUIRE_SCHEMATHESIS"] != nil ? "require" : "auto"
    let (status, text) = try runProcess(
      "/usr/bin/env",
      [
        "python3", Self.root.appendingPathComponent("scripts/serve/api_check.py").path,
        "--port", String(server.port), "--samples", samplesPath, "--fuzz", "300", "--schemathesis", mode,
      ])
    #expect(status == 0, "\(text)")
    #expect(text.contains(" passed, 0 failed"), "\(text)")
  }
}
