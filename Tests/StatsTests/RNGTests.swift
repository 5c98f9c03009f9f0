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
    for _ in 0..<n {
      let z = r.normal()
      s += z
      s2 += z * z
      u += r.uniform()
    }
    #expect(abs(u / Double(n) - 0.5) < 0.005)
    #expect(abs(s / Double(n)) < 0.01)
    #expect(abs(s2 / Double(n) - 1) < 0.02)
  }
  @Test func intBelowIsInRangeAndCoversAll() {
    var r = SeededRNG(seed: 3)
    var seen = Set<Int>()
    for _ in 0..<1000 {
      let k = r.int(below: 7)
      #expect(k >= 0 && k < 7)
      seen.insert(k)
    }
    #expect(seen.count == 7)
  }

  /// Moved from LearnTests with `SeededRNG.poisson` (grf's Poisson candidate count draws from it).
  @Test func poissonDrawsHaveTheRightMeanAndVariance() {
    var rng = SeededRNG(seed: 5)
    let n = 40_000
    // 40 is drawn in pieces (16 + 16 + 8): the sum must still be Poisson(40).
    for mean in [2.5, 6.0, 26.0, 40.0] {
      let draws = (0..<n).map { _ in Double(rng.poisson(mean: mean)) }
      let m = draws.reduce(0, +) / Double(n)
      let v = draws.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(n - 1)
      // Standard error of the mean is √(λ/n); of the variance about λ·√(2/n).
      #expect(abs(m - mean) < 5 * (mean / Double(n)).squareRoot(), "mean \(m) for λ = \(mean)")
      #expect(abs(v - mean) < 6 * mean * (2 / Double(n)).squareRoot(), "variance \(v) for λ = \(mean)")
    }
    let zeros = (0..<n).filter { _ in rng.poisson(mean: 2.5) == 0 }.count
    let p0 = Double(zeros) / Double(n), expected = 0.0820849986  // e^−2.5
    #expect(abs(p0 - expected) < 5 * (expected * (1 - expected) / Double(n)).squareRoot())
    #expect(rng.poisson(mean: 0) == 0)
  }
}
