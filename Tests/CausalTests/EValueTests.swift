import Stats
import Testing

@testable import Causal

@Suite("E-value")
struct EValueTests {
  /// VanderWeele & Ding (2017), worked example: RR 3.9 (95% CI 1.8–8.7) gives E-values 7.26 and 3.0.
  @Test func paperExample() throws {
    let r = try EValue.forRiskRatio(3.9, low: 1.8, high: 8.7)
    #expect(abs(r.eValue - (3.9 + (3.9 * 2.9).squareRoot())) < 1e-12)
    #expect(abs(r.eValue - 7.26) < 0.005)
    #expect(abs(r.eValueCI - 3.0) < 0.005)
  }

  /// A protective effect uses 1/RR and the upper bound; an interval containing 1 gives 1.
  @Test func protectiveAndNull() throws {
    let r = try EValue.forRiskRatio(0.5, low: 0.3, high: 0.8)
    #expect(abs(r.eValue - (2 + (2.0 * 1).squareRoot())) < 1e-12)
    let inv = 1 / 0.8
    #expect(abs(r.eValueCI - (inv + (inv * (inv - 1)).squareRoot())) < 1e-12)
    let null = try EValue.forRiskRatio(0.9, low: 0.7, high: 1.1)
    #expect(null.eValueCI == 1)
  }

  /// Risk difference on churn with control risk 0.3: ATE −0.1 → RR 2/3.
  @Test func riskDifferenceConversion() throws {
    let est = Estimate(label: "ATE", value: -0.1, se: 0.02, ciLow: -0.14, ciHigh: -0.06)
    let r = try EValue.forRiskDifference(est, controlRisk: 0.3)
    #expect(abs(r.riskRatio - 2.0 / 3.0) < 1e-12)
    #expect(abs(r.riskRatioHigh - 0.8) < 1e-12)
    #expect(abs(r.eValue - EValue.of(riskRatio: 1.5)) < 1e-12)
    #expect(throws: CausalError.self) { try EValue.forRiskDifference(est, controlRisk: 0.05) }
  }
}
