import Foundation
import Frame

/// Path of a file in Tests/LearnTests/Fixtures.
func fixturePath(_ name: String) -> String {
  URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)").path
}

/// The real IBM Telco file, if present: `$CHURN_TELCO_CSV` or `../shared/data/telco/…` from the package root.
func telcoPath() -> String? {
  if let p = ProcessInfo.processInfo.environment["CHURN_TELCO_CSV"], FileManager.default.fileExists(atPath: p) {
    return p
  }
  let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
  let p = root.appendingPathComponent("../shared/data/telco/WA_Fn-UseC_-Telco-Customer-Churn.csv").standardized.path
  return FileManager.default.fileExists(atPath: p) ? p : nil
}

/// Relative closeness check.
func close(_ a: Double, _ b: Double, rel: Double) -> Bool {
  abs(a - b) <= rel * max(abs(b), 1e-12)
}
