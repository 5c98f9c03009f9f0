import Stats
import Testing

@testable import Experiment

/// Bandit policies on a known problem: Thompson sampling finds the best arm, beats the equal split on
/// regret, runs deterministically, and the per-segment version wins when segments prefer different arms.
@Suite struct BanditTests {
  /// 1,000 customers, 3 arms with success rates 0.60, 0.65, 0.70 for everyone.
  static func flat() throws -> BanditProblem {
    var p: [Double] = []
    for _ in 0..<1000 { p += [0.60, 0.65, 0.70] }
    return try BanditProblem(arms: ["a", "b", "c"], probability: p, baseline: 0)
  }

  @Test func thompsonFindsTheBestArm() throws {
    let r = try Bandit.compare(
      try Self.flat(), policies: [.equalSplit, .epsilonGreedy(0.1), .thompson],
      horizon: 20_000, seed: 1)
    let (equal, eps, ts) = (r.runs[0], r.runs[1], r.runs[2])
    // Equal split by rotation: 20,000 = 3 × 6,666 + 2 decisions, so arms a and b get 6,667 each and the
    // regret is exactly 6,667 × 0.10 + 6,667 × 0.05.
    #expect(abs(equal.regret - (6667 * 0.10 + 6667 * 0.05)) < 1e-6)
    #expect(abs(equal.bestShare - 1.0 / 3) < 1e-3)
    #expect(ts.regret < equal.regret / 5)
    #expect(ts.bestShare > 0.8)
    #expect(eps.regret < equal.regret)
    // Churn prevented vs arm a: 0.05 or 0.10 per decision not on a.
    #expect(ts.prevented > 0.08 * 20_000)
    for run in r.runs { #expect(abs(run.armShares.reduce(0, +) - 1) < 1e-12) }
    #expect(r.curve.rowCount == 50)
  }

  @Test func runsAreReproducible() throws {
    let a = try Bandit.compare(try Self.flat(), policies: [.thompson, .epsilonGreedy(0.2)], horizon: 5000, seed: 9)
    let b = try Bandit.compare(try Self.flat(), policies: [.thompson, .epsilonGreedy(0.2)], horizon: 5000, seed: 9)
    #expect(a.runs.map(\.regret) == b.runs.map(\.regret))
    #expect(a.runs.map(\.curve) == b.runs.map(\.curve))
  }

  @Test func segmentsThatDisagreeNeedThompsonBySegment() throws {
    // Segment 0 prefers arm 0, segment 1 arm 1.
    var p: [Double] = [], seg: [Int] = []
    for i in 0..<1000 {
      if i % 2 == 0 {
        p += [0.8, 0.5]
        seg.append(0)
      } else {
        p += [0.5, 0.8]
        seg.append(1)
      }
    }
    let problem = try BanditProblem(arms: ["x", "y"], probability: p, segment: seg, segmentNames: ["s0", "s1"])
    let r = try Bandit.compare(problem, policies: [.thompson, .thompsonBySegment], horizon: 20_000, seed: 2)
    #expect(r.runs[1].regret < r.runs[0].regret / 5)
    #expect(r.runs[1].bestShare > 0.9)
  }

  @Test func badInputIsATypedError() {
    #expect(throws: ExperimentError.self) { try BanditProblem(arms: ["a"], probability: [0.5]) }
    #expect(throws: ExperimentError.self) { try BanditProblem(arms: ["a", "b"], probability: [0.5, 1.5]) }
    #expect(throws: ExperimentError.self) { try BanditProblem(arms: ["a", "b"], probability: [0.5, .nan]) }
    #expect(throws: ExperimentError.self) {
      try Bandit.compare(try Self.flat(), policies: [.thompson], horizon: 0, seed: 1)
    }
    #expect(throws: ExperimentError.self) {
      try Bandit.compare(try Self.flat(), policies: [.epsilonGreedy(2)], horizon: 10, seed: 1)
    }
  }
}
