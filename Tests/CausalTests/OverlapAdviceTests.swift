import Testing

@testable import Causal

/// Issue 19: the overlap warning must not recommend the target already in use.
@Suite("Overlap warning advice depends on the target")
struct OverlapAdviceTests {
  /// 20 rows, 4 of them with scores outside [0.05, 0.95].
  static let e: [Double] = [0.02, 0.03, 0.97, 0.98] + [Double](repeating: 0.5, count: 16)
  static let t: [Double] = [0, 1, 0, 1] + (0..<16).map { Double($0 % 2) }

  func overlapWarning(_ target: EffectTarget) throws -> String {
    let c = try checkPropensity(Self.e, t: Self.t, clip: 0.01, target: target)
    return try #require(c.warnings.first { $0.contains("outside [0.05, 0.95]") })
  }

  @Test func ateSuggestsTheOverlapTarget() throws {
    #expect(try overlapWarning(.ate).contains("estimate overlap"))
    #expect(try overlapWarning(.att).contains("estimate overlap"))
  }

  @Test func overlapTargetIsNotSuggestedAgain() throws {
    let w = try overlapWarning(.overlap)
    #expect(!w.contains("estimate overlap"))
    #expect(w.contains("4 rows"))
  }
}
