import Causal
import Frame
import Testing

@Suite("Nie & Wager setups")
struct SimulationNieWagerTests {
  @Test("outcome model Y = b + (W − 1/2)τ + σε holds, with the right noise", arguments: NieWagerSetup.allCases)
  func outcomeModel(setup: NieWagerSetup) throws {
    let s = try simulateNieWager(setup: setup, n: 20_000, d: 6, sigma: 1, seed: 1)
    #expect(s.n == 20_000 && s.x.count == 6)
    var sum = 0.0, sumSq = 0.0
    for i in 0..<s.n {
      let eps = s.y[i] - s.baseline[i] - (s.w[i] - 0.5) * s.tau[i]
      sum += eps
      sumSq += eps * eps
      #expect(s.w[i] == 0 || s.w[i] == 1)
      #expect(s.propensity[i] > 0 && s.propensity[i] < 1)
      let t = setup.truth(s.x.map { $0[i] })
      #expect(t.baseline == s.baseline[i] && t.propensity == s.propensity[i] && t.effect == s.tau[i])
    }
    let m = sum / Double(s.n), sd = (sumSq / Double(s.n) - m * m).squareRoot()
    #expect(abs(m) < 0.03 && abs(sd - 1) < 0.03, "noise mean \(m), sd \(sd)")
    let treated = s.w.reduce(0, +) / Double(s.n), meanE = s.propensity.reduce(0, +) / Double(s.n)
    #expect(abs(treated - meanE) < 0.015, "treated share \(treated) vs mean e \(meanE)")
  }

  @Test("each setup's formulas at hand-picked points")
  func formulas() {
    let x = [0.5, 0.4, 0.3, 0.2, 0.1, 9.0]
    let a = NieWagerSetup.a.truth(x)
    let s = 0.587_785_252_292_473_1  // sin(π·0.2)
    #expect(abs(a.baseline - (s + 2 * 0.04 + 0.2 + 0.05)) < 1e-12)
    #expect(abs(a.propensity - s) < 1e-12 && abs(a.effect - 0.45) < 1e-12)
    #expect(NieWagerSetup.a.truth([0.01, 0.01, 0, 0, 0]).propensity == 0.1, "A trims e at 0.1")
    let b = NieWagerSetup.b.truth([1, 0, 3, -1, 0.5])
    #expect(abs(b.baseline - 3) < 1e-12 && b.propensity == 0.5)
    #expect(abs(b.effect - (1 + 0.693_147_180_559_945_3)) < 1e-12)
    let c = NieWagerSetup.c.truth([0, 0, 0, 5, 5])
    #expect(abs(c.baseline - 2 * 0.693_147_180_559_945_3) < 1e-12 && abs(c.propensity - 0.5) < 1e-12 && c.effect == 1)
    let d = NieWagerSetup.d.truth([1, 1, 1, 1, -3])
    #expect(abs(d.baseline - 1.5) < 1e-12 && abs(d.effect - 3) < 1e-12)
    #expect(abs(NieWagerSetup.d.truth([0, 0, 0, 0, 0]).propensity - 1.0 / 3) < 1e-12)
  }

  @Test("known population moments: E τ is 0.5 (A), ≈ 0.8061 (B), 1 (C), (√3 − √2)/√(2π) (D)")
  func moments() throws {
    // B: E log(1 + e^Z) for Z ~ N(0, 1), by numerical quadrature (scipy.integrate.quad); D: E max(0, N(0, 3))
    // − E max(0, N(0, 2)) = (√3 − √2)/√(2π).
    let expected: [NieWagerSetup: Double] = [.a: 0.5, .b: 0.806_06, .c: 1, .d: 0.126_80]
    for setup in NieWagerSetup.allCases {
      let s = try simulateNieWager(setup: setup, n: 40_000, d: 5, sigma: 1, seed: 3)
      let m = s.tau.reduce(0, +) / Double(s.n)
      #expect(abs(m - (expected[setup] ?? .nan)) < 0.03, "\(setup.rawValue): mean τ \(m)")
    }
    let a = try simulateNieWager(setup: .a, n: 5000, d: 8, sigma: 0, seed: 4)
    #expect(a.x.allSatisfy { $0.allSatisfy { $0 >= 0 && $0 < 1 } })
  }

  @Test("deterministic, prefix-stable, frame shape")
  func determinism() throws {
    let a = try simulateNieWager(setup: .d, n: 3000, d: 6, sigma: 1, seed: 9)
    let b = try simulateNieWager(setup: .d, n: 3000, d: 6, sigma: 1, seed: 9)
    let c = try simulateNieWager(setup: .d, n: 3000, d: 6, sigma: 1, seed: 10)
    let short = try simulateNieWager(setup: .d, n: 1500, d: 6, sigma: 1, seed: 9)
    #expect(a.y == b.y && a.x == b.x && a.w == b.w)
    #expect(a.y != c.y)
    #expect(Array(a.y.prefix(1500)) == short.y)
    let f = a.frame()
    #expect(
      f.columnNames == ["x1", "x2", "x3", "x4", "x5", "x6", "w", "y", "true_effect", "true_propensity", "baseline"])
    #expect(f.rowCount == 3000 && f["w"]?.type == .int)
  }

  @Test("bad arguments are refused with a message")
  func badInput() {
    #expect(throws: SimulationError.self) { try simulateNieWager(setup: .a, n: 10, d: 4, seed: 1) }
    #expect(throws: SimulationError.self) { try simulateNieWager(setup: .a, n: -1, seed: 1) }
    #expect(throws: SimulationError.self) { try simulateNieWager(setup: .a, n: 10, sigma: -1, seed: 1) }
    #expect(throws: SimulationError.self) { try simulateNieWager(setup: .a, n: 10, sigma: .infinity, seed: 1) }
    #expect(NieWagerSetup(rawValue: "E") == nil)
  }
}
