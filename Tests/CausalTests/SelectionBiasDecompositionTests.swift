import Frame
import Testing

@testable import Causal

@Suite("Naive difference = effect on the treated + selection bias")
struct SelectionBiasDecompositionTests {
  /// Worked by hand: treated y = 1, 0, 1 (mean 2/3) with y0 = 1, 1, 0 (mean 2/3); control y = y0 = 0, 0, 1
  /// (mean 1/3). Naive = 1/3, effect on the treated = 2/3 − 2/3 = 0, selection bias = 2/3 − 1/3 = 1/3.
  @Test func handWorkedExample() throws {
    let d = try SelectionBiasDecomposition.compute(
      y: [1, 0, 1, 0, 0, 1], t: [1, 1, 1, 0, 0, 0], y0: [1, 1, 0, 0, 0, 1])
    #expect(abs(d.naive - 1.0 / 3) < 1e-12)
    #expect(abs(d.effectOnTreated) < 1e-12)
    #expect(abs(d.selectionBias - 1.0 / 3) < 1e-12)
    #expect(d.treated == 3 && d.control == 3)
  }

  /// On the intervention simulator the split adds up exactly and the selection bias is positive: the offer went
  /// to customers who would have churned more without it.
  @Test func simulatorSplitAddsUp() throws {
    let customers = try simulateTelco(n: 3000, seed: 3)
    let sim = try simulateInterventions(customers: customers, options: InterventionOptions(mode: .binary, seed: 5))
    let y = try doublesOf(sim.frame, "churn"), t = try doublesOf(sim.frame, "treatment"),
      y0 = try doublesOf(sim.frame, "y0")
    let d = try SelectionBiasDecomposition.compute(y: y, t: t, y0: y0, outcomeName: "churn")
    #expect(abs(d.naive - (d.effectOnTreated + d.selectionBias)) < 1e-12)
    #expect(d.selectionBias > 0.02)
    #expect(d.effectOnTreated < 0)
    let naive = try NaiveDifference.estimate(y: y, t: t)
    #expect(abs(naive.value - d.naive) < 1e-12)
  }

  @Test func controlRowsMustShowTheirUntreatedOutcome() {
    #expect(throws: CausalError.self) {
      _ = try SelectionBiasDecomposition.compute(y: [1, 0], t: [1, 0], y0: [1, 1])
    }
    #expect(throws: CausalError.self) {
      _ = try SelectionBiasDecomposition.compute(y: [1, 0], t: [1, 1], y0: [1, 0])
    }
    #expect(throws: CausalError.self) {
      _ = try SelectionBiasDecomposition.compute(y: [1, 0], t: [1, 2], y0: [1, 0])
    }
  }
}
