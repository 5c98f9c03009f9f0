import Frame
import Stats
import Testing

@testable import Causal

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Propensity matching against a brute-force numpy implementation of Abadie & Imbens (2006)
/// (`ai_matching` in scripts/bench/causal/reference/make_references.py; numpy 2.4.6).
@Suite("Matching")
struct MatchingTests {
  typealias D = CausalReferenceData

  /// `ai_matching(y, t, logit(eLogit), target, M=1, J=2)`: ate −0.1375 (SE 0.16047820789232828),
  /// att −0.125 (0.2861267019754244), atc −0.14583333333333334 (0.14023866685246103).
  @Test(arguments: [
    (EffectTarget.ate, -0.1375, 0.16047820789232828),
    (EffectTarget.att, -0.125, 0.2861267019754244),
    (EffectTarget.atc, -0.14583333333333334, 0.14023866685246103),
  ])
  func oneNeighbourLogitScale(target: EffectTarget, value: Double, se: Double) throws {
    let r = try PropensityMatching.estimate(
      y: D.y, t: D.t, propensity: D.eLogit,
      options: MatchingOptions(target: target, neighbors: 1, varianceNeighbors: 2))
    #expect(close(r.value, value, 1e-12))
    #expect(close(r.se, se, 1e-12))
  }

  /// `ai_matching(y, t, logit(eLogit), "ate", M=3, J=3)`: −0.175, SE 0.08903579440418999.
  @Test func threeNeighbours() throws {
    let r = try PropensityMatching.estimate(
      y: D.y, t: D.t, propensity: D.eLogit,
      options: MatchingOptions(neighbors: 3, varianceNeighbors: 3))
    #expect(close(r.value, -0.175, 1e-12))
    #expect(close(r.se, 0.08903579440418999, 1e-12))
  }

  /// Ties: scores rounded to one decimal, matched on the score scale, M = 2, J = 2, every tie kept:
  /// −0.21517440892440892, SE 0.10256130332236096.
  @Test func tiesAreAllKept() throws {
    let r = try PropensityMatching.estimate(
      y: D.y, t: D.t, propensity: D.eCoarse,
      options: MatchingOptions(neighbors: 2, scale: .score, varianceNeighbors: 2))
    #expect(close(r.value, -0.21517440892440892, 1e-12))
    #expect(close(r.se, 0.10256130332236096, 1e-12))
  }

  /// Without replacement every control is used at most once; a tight caliper drops and reports units.
  @Test func withoutReplacementAndCaliper() throws {
    let r = try PropensityMatching.estimate(
      y: D.y, t: D.t, propensity: D.eLogit,
      options: MatchingOptions(target: .att, replace: false))
    let used = r.details.first { $0.name == "distinct units used as matches" }?.value
    let matched = r.details.first { $0.name == "matched targets" }?.value
    #expect(used == matched)
    let c = try PropensityMatching.estimate(
      y: D.y, t: D.t, propensity: D.eLogit,
      options: MatchingOptions(target: .att, caliper: 0.01))
    let dropped = c.details.first { $0.name == "unmatched (dropped)" }?.value
    #expect(dropped != .int(0))
    #expect(c.warnings.contains { $0.contains("no match within the caliper") })
  }

  @Test func nearestHelperHandlesTiesAndExclusion() {
    let s: [Double] = [0.1, 0.2, 0.2, 0.4, 0.9]
    let sorted = SortedScores(rows: [0, 1, 2, 3, 4], s: s)
    #expect(Set(sorted.nearest(to: 0.2, count: 1, excluding: nil, ties: true)) == [1, 2])
    #expect(sorted.nearest(to: 0.2, count: 1, excluding: 1, ties: true) == [2])
    let dyadic = SortedScores(rows: [0, 1, 2, 3, 4], s: [0.125, 0.25, 0.25, 0.75, 0.875])
    #expect(Set(dyadic.nearest(to: 0.5, count: 1, excluding: nil, ties: true)) == [1, 2, 3])
  }
}
