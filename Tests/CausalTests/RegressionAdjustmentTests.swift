import Frame
import Stats
import Testing

@testable import Causal

@Suite("Regression adjustment, naive, multi-arm")
struct RegressionAdjustmentTests {
  /// Neyman difference in means by hand: treated [1, 0, 1] (mean 2/3, var 1/3), control [0, 0, 1, 0]
  /// (mean 1/4, var 1/4): SE = √(1/9 + 1/16).
  @Test func naiveByHand() throws {
    let r = try NaiveDifference.estimate(y: [1, 0, 1, 0, 0, 1, 0], t: [1, 1, 1, 0, 0, 0, 0])
    #expect(abs(r.value - (2.0 / 3 - 0.25)) < 1e-12)
    #expect(abs(r.se - (1.0 / 9 + 1.0 / 16).squareRoot()) < 1e-12)
  }

  @Test func sAndTLearnersNearTruth() throws {
    let (data, tau) = try confoundedSample(n: 2000, seed: 21)
    let truth = tau.reduce(0, +) / Double(tau.count)
    for s in MetaLearner.allCases {
      let r = try RegressionAdjustment.estimate(data, strategy: s, options: RegressionAdjustmentOptions(bootstrap: 20))
      #expect(abs(r.value - truth) < 4 * r.se, "\(s): \(r.value) vs \(truth)")
      #expect(r.se > 0.005 && r.se < 0.1)
    }
  }

  @Test func multiArmRecoversArmEffects() throws {
    var rng = SeededRNG(seed: 4)
    let n = 3000
    var a = [Double](), labels = [String](), y = [Double]()
    let names = ["none", "call", "discount"]
    for _ in 0..<n {
      let x = rng.normal()
      let p = [1.0, 1 + 0.5 * x, 1 - 0.5 * x].map { max($0, 0.2) }
      let s = p.reduce(0, +)
      let u = rng.uniform() * s
      let arm = u < p[0] ? 0 : (u < p[0] + p[1] ? 1 : 2)
      let base = logistic(-0.5 + x)
      let eff = [0.0, -0.05, -0.15][arm]
      y.append(rng.bernoulli(base + eff) ? 1 : 0)
      a.append(x)
      labels.append(names[arm])
    }
    let data = try MultiArmData(y: y, armLabels: labels, x: DesignMatrix(columns: [a], names: ["x"]))
    #expect(data.arms[data.baseline] == "none")
    let r = try MultiArmAIPW.estimate(data, options: AIPWOptions(folds: 3))
    #expect(r.effects.count == 2)
    let call = try #require(r.effects.first { $0.estimate.label == "call" })
    let disc = try #require(r.effects.first { $0.estimate.label == "discount" })
    #expect(abs(disc.value + 0.15) < 4 * disc.se)
    #expect(abs(call.value + 0.05) < 4 * call.se)
    #expect(r.table.rowCount == 2)
    // One-vs-rest normalized propensities: each row's scores sum to one; the arm rarely given to low-x
    // customers ("call") gets higher scores among those who received it.
    let ps = try Propensity.fitArms(data, options: PropensityOptions(folds: 3))
    for i in stride(from: 0, to: n, by: 97) {
      #expect(abs(ps.scores.reduce(0) { $0 + $1[i] } - 1) < 1e-12)
    }
    let callArm = data.arms.firstIndex(of: "call") ?? 0
    var inCall = 0.0, outCall = 0.0, nIn = 0.0
    for i in 0..<n {
      if data.arm[i] == callArm {
        inCall += ps.scores[callArm][i]
        nIn += 1
      } else {
        outCall += ps.scores[callArm][i]
      }
    }
    #expect(inCall / nIn > outCall / (Double(n) - nIn))
  }
}
