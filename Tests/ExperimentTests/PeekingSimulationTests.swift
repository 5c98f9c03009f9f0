import Stats
import Testing

@testable import Experiment

/// A smaller seeded version of the peeking demonstration (the full-size run is in
/// scripts/bench/experiment/README.md): the peeked z test's false-positive rate is far above alpha,
/// the single planned look and the confidence sequence stay near or below it.
@Suite(.serialized) struct PeekingSimulationTests {
  @Test func peekingInflatesTheFalsePositiveRateAndTheSequenceDoesNot() throws {
    let r = try PeekingSimulation.run(PeekingOptions(simulations: 1000, days: 30, perDay: 100, rate: 0.3, seed: 7))
    // The classic result: ~30 looks push the z test's rate to roughly 20-30%.
    #expect(r.peekedFPR > 0.15)
    // One planned look: 0.05 ± binomial noise (SE ≈ 0.007 at 1000 tests).
    #expect(abs(r.finalFPR - 0.05) < 0.025)
    // The sequence, read 30 times, stays at or below alpha (allowing two binomial SEs).
    #expect(r.sequentialFPR <= 0.05 + 2 * r.standardError(0.05))
    #expect(r.widthRatio > 1 && r.widthRatio < 3)
    // Cumulative curves never decrease and end at the reported rates.
    #expect(zip(r.peekedByDay, r.peekedByDay.dropFirst()).allSatisfy { $0 <= $1 })
    #expect(r.peekedByDay.last == r.peekedFPR && r.sequentialByDay.last == r.sequentialFPR)
  }

  @Test func resultDoesNotDependOnThreads() throws {
    let parallel = try PeekingSimulation.run(PeekingOptions(simulations: 200, days: 10, perDay: 50, seed: 3))
    let serial = try PeekingSimulation.run(PeekingOptions(simulations: 200, days: 10, perDay: 50, seed: 3, threads: 1))
    #expect(parallel.peekedByDay == serial.peekedByDay)
    #expect(parallel.sequentialByDay == serial.sequentialByDay)
    #expect(parallel.widthRatio == serial.widthRatio)
  }

  @Test func badOptionsAreTypedErrors() {
    #expect(throws: ExperimentError.self) { try PeekingSimulation.run(PeekingOptions(simulations: 0)) }
    #expect(throws: ExperimentError.self) { try PeekingSimulation.run(PeekingOptions(rate: 1)) }
    #expect(throws: ExperimentError.self) { try PeekingSimulation.run(PeekingOptions(alpha: 0)) }
    #expect(throws: ExperimentError.self) { try PeekingSimulation.run(PeekingOptions(perDay: 1)) }
  }
}
