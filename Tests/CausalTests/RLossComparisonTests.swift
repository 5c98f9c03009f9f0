import Causal
import Foundation
import Frame
import Stats
import Testing

/// `rloss`: out-of-bag R-loss of forests on shared residuals, against a constant effect and each other.
@Suite struct RLossComparisonTests {
  typealias Fit = CausalForestFitTests

  static func fit(_ frame: DataFrame, covariates: [String] = Fit.covariates) throws -> CausalForest {
    try CausalForest.fit(
      frame: frame, outcome: "y", treatment: "w", covariates: covariates,
      options: Fit.options(trees: 200))
  }

  /// The numbers by hand from the first forest's Y, Ŷ, W, Ŵ and out-of-bag τ̂.
  @Test func scoresByHandOnTheFirstForestsResiduals() throws {
    let data = Fit.simulate(n: 600, seed: 11).frame
    let cf = try Self.fit(data), blind = try Self.fit(data, covariates: ["x3", "x4"])
    let r = try RLossComparison.run([("cf", cf), ("blind", blind)])
    #expect(r.entries.map(\.name) == ["constant effect", "cf", "blind"])
    let n = cf.rowCount
    let yr = (0..<n).map { cf.y[$0] - cf.yHat[$0] }, wr = (0..<n).map { cf.w[$0] - cf.wHat[$0] }
    let slope = zip(wr, yr).map { $0 * $1 }.reduce(0, +) / wr.map { $0 * $0 }.reduce(0, +)
    func loss(_ tau: (Int) -> Double) -> [Double] { (0..<n).map { pow(yr[$0] - tau($0) * wr[$0], 2) } }
    let lc = loss { _ in slope }, l1 = loss { cf.oob.tau[$0] }, l2 = loss { blind.oob.tau[$0] }
    let mean = { (a: [Double]) in a.reduce(0, +) / Double(a.count) }
    #expect(abs(r.entries[0].rloss - mean(lc)) < 1e-12)
    #expect(abs(r.entries[1].rloss - mean(l1)) < 1e-12)
    #expect(abs(r.entries[2].rloss - mean(l2)) < 1e-12)
    let d = (0..<n).map { l2[$0] - l1[$0] }, md = mean(d)
    let se = (d.map { ($0 - md) * ($0 - md) }.reduce(0, +) / Double(n - 1)).squareRoot() / Double(n).squareRoot()
    #expect(abs(r.entries[2].difference - md) < 1e-12)
    #expect(abs(r.entries[2].standardError - se) < 1e-12)
    #expect(abs(r.entries[2].z + md / se) < 1e-9)
    #expect(r.entries[1].difference == 0 && r.entries[1].z == 0)
    // τ = 1 + 2·x₁ is strong: the forest beats a constant effect, and a forest that cannot see x₁ loses.
    #expect(r.entries[0].z < -RLossComparison.zThreshold, "constant z \(r.entries[0].z)")
    #expect(r.entries[2].z < -RLossComparison.zThreshold, "blind z \(r.entries[2].z)")
    #expect(r.reading.contains("cf beats a constant effect by"), "\(r.reading)")
    #expect(r.reading.contains("blind has a higher R-loss than cf by"), "\(r.reading)")
    #expect(r.frame.rowCount == 3 && r.frame.columnNames == ["model", "rloss", "difference", "se", "z"])
  }

  /// With a constant true effect the forest's differences are noise: it does not beat the constant.
  @Test func constantEffectIsNotBeatenWhenThereIsNoHeterogeneity() throws {
    var data = Fit.simulate(n: 600, seed: 12).frame
    let x1 = try data.column("x1").doubles() ?? [], w = try data.column("w").doubles() ?? []
    let y = try data.column("y").doubles() ?? []
    try data.set(Column(name: "y", floats: (0..<y.count).map { y[$0] - 2 * x1[$0] * w[$0] }))  // τ = 1
    let r = try RLossComparison.run([("flat", try Self.fit(data))])
    #expect(r.entries.count == 2)
    #expect(r.entries[0].z > -RLossComparison.zThreshold, "constant z \(r.entries[0].z)")
    #expect(r.reading.contains("flat does not beat a constant effect by two SE"), "\(r.reading)")
  }

  @Test func refusesForestsOfDifferentData() throws {
    let a = try Self.fit(Fit.simulate(n: 300, seed: 1).frame), b = try Self.fit(Fit.simulate(n: 300, seed: 2).frame)
    let error = #expect(throws: CausalForestError.self) { try RLossComparison.run([("a", a), ("b", b)]) }
    #expect(error.map { "\($0)" }?.contains("b was not fitted on the same rows, outcome and treatment as a") == true)
    #expect(throws: CausalForestError.self) { try RLossComparison.run([]) }
  }
}
