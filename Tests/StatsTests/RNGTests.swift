import Testing
@testable import Stats

@Suite struct RNGTests {
  @Test func sameSeedSameStream() {
    var a = SeededRNG(seed: 42), b = SeededRNG(seed: 42)
    for _ in 0..<100 { #expect(a.next() == b.next()) }
  }
  @Test func derivedStreamsDifferAndAreStable() {
    let r = SeededRNG(seed: 7)
    var d1 = r.derived(1), d1b = r.derived(1), d2 = r.derived(2)
    let x = d1.next()
    #expect(x == d1b.next())
    #expect(x != d2.next())
  }
  @Test func uniformMeanAndNormalMoments() {
    var r = SeededRNG(seed: 1)
    let n = 200_000
    var s = 0.0, s2 = 0.0, u = 0.0
    for _ in 0..<n { let z = r.normal(); s += z; s2 += z * z; u += r.uniform() }
    #expect(abs(u / Double(n) - 0.5) < 0.005)
    #expect(abs(s / Double(n)) < 0.01)
    #expect(abs(s2 / Double(n) - 1) < 0.02)
  }
  @Test func intBelowIsInRangeAndCoversAll() {
    var r = SeededRNG(seed: 3)
    var seen = Set<Int>()
    for _ in 0..<1000 { let k = r.int(below: 7); #expect(k >= 0 && k < 7); seen.insert(k) }
    #expect(seen.count == 7)
  }
}
