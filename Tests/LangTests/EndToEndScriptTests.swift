import Foundation
import Lang
import Testing

/// Issue 17's end-to-end script (Fixtures/stack_features_forests.churn): stacks two CSVs, builds
/// features with window and string functions, fits a model with an interaction and a spline (terms named
/// as R names them), and compares three causal forests with functions written in the language.
@Suite("End-to-end language script")
struct EndToEndScriptTests {
  static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

  func runScript() throws -> [String] {
    let path = Self.fixtures.appendingPathComponent("stack_features_forests.churn").path
    let text = try String(contentsOfFile: path, encoding: .utf8)
    return try run(text, params: ["dir": .string(Self.fixtures.path)])
  }

  @Test func stacksBuildsFeaturesAndComparesForests() throws {
    let out = try runScript()
    if ProcessInfo.processInfo.environment["CHURN_SHOW_E2E"] != nil { print(out.joined(separator: "\n")) }
    #expect(out.count == 4)
    let features = try #require(out.first)
    // Stacked by name: 8 rows; jan's rows have no TotalCharges.
    #expect(features.contains("[8 rows x 8 columns]"))
    // 0001-A: visit 2 in feb, change 75.5 - 70.5 = 5; 0005-E appears once (visit 1, no change).
    let a2 = try #require(features.split(separator: "\n").first { $0.contains("m2:0001-A") })
    #expect(a2.contains(" 2 ") && a2.contains("5") && a2.contains("MON"))
    let e1 = try #require(features.split(separator: "\n").first { $0.contains("m2:0005-E") })
    #expect(e1.contains(" 1 ") && e1.contains("NA") && e1.contains("new"))
    let b = try #require(features.split(separator: "\n").first { $0.contains("m1:0002-B") })
    #expect(b.contains("true") && b.contains("settled") && b.contains("ONE"))
    // The model with an interaction and a spline, its terms named as R names them (reference band "high").
    let model = out[1]
    for term in ["x1", "bandlow", "bandmid", "ns(x2, df: 3)1", "ns(x2, df: 3)3", "x1:bandlow", "x1:bandmid"] {
      #expect(model.split(separator: "\n").contains { $0.hasPrefix(term + " ") }, "\(term)")
    }
    #expect(!model.contains("bandhigh"))
    // The forest table: one row per leaf size with a PEHE and a coverage.
    let table = out[2]
    #expect(table.contains("min_node_size") && table.contains("pehe") && table.contains("coverage"))
    #expect(table.contains("[3 rows x 3 columns]"))
    #expect(out[3].hasPrefix("best PEHE: "))
    let best = try #require(Double(out[3].dropFirst("best PEHE: ".count)))
    #expect(best > 0 && best < 1)
  }

  @Test func sameScriptSameBytes() throws {
    #expect(try runScript() == runScript())
  }
}
