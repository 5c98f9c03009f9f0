import Foundation
import Testing

@testable import Policy

/// Parity with scipy.stats.ks_2samp (scipy 1.17.1). The reference lines below were printed by
/// `python3 scripts/bench/drift/ks_reference.py`, which calls `stats.ks_2samp(a, b, method=...)` on the
/// same integer-arithmetic samples this file rebuilds (`Gen`).
@Suite("Kolmogorov-Smirnov parity")
struct KolmogorovSmirnovTests {
  /// gen(n, mult, mod, power, shift)[i] = (((i * mult) % mod) / mod) ** power + shift.
  struct Gen {
    var n, mult, mod: Int
    var power: Double
    var shift: Double
    init(_ n: Int, _ mult: Int, _ mod: Int, _ power: Double, _ shift: Double) {
      self.n = n
      self.mult = mult
      self.mod = mod
      self.power = power
      self.shift = shift
    }
    var values: [Double] { (0..<n).map { i in pow(Double((i * mult) % mod) / Double(mod), power) + shift } }
  }

  struct Case: Sendable, CustomStringConvertible {
    var a: [Double], b: [Double]
    var method: KSMethod
    var d: Double, p: Double
    var label: String
    init(a: Gen, b: Gen, method: KSMethod, d: Double, p: Double) {
      self.a = a.values
      self.b = b.values
      self.method = method
      self.d = d
      self.p = p
      label = "\(a.n)x\(b.n) \(method.rawValue)"
    }
    var description: String { label }
  }

  static let cases: [Case] = [
    Case(
      a: Gen(40, 7919, 1009, 1, 0.0), b: Gen(40, 104729, 1013, 1, 0.15), method: .exact, d: 0.175, p: 0.5786001416508443
    ),
    Case(
      a: Gen(40, 7919, 1009, 1, 0.0), b: Gen(40, 104729, 1013, 1, 0.15), method: .asymptotic, d: 0.175,
      p: 0.5167595027519287),
    Case(
      a: Gen(40, 7919, 1009, 1, 0.0), b: Gen(40, 104729, 1013, 1, 0.15), method: .auto, d: 0.175, p: 0.5786001416508443),
    Case(
      a: Gen(37, 7919, 1009, 2, 0.0), b: Gen(53, 104729, 1013, 1, 0.0), method: .exact, d: 0.21978582355940846,
      p: 0.2045402277318919),
    Case(
      a: Gen(37, 7919, 1009, 2, 0.0), b: Gen(53, 104729, 1013, 1, 0.0), method: .asymptotic, d: 0.2197858235594085,
      p: 0.20546746540665184),
    Case(
      a: Gen(37, 7919, 1009, 2, 0.0), b: Gen(53, 104729, 1013, 1, 0.0), method: .auto, d: 0.21978582355940846,
      p: 0.2045402277318919),
    Case(a: Gen(300, 7919, 50, 1, 0.0), b: Gen(450, 31, 50, 1, 0.02), method: .exact, d: 0.04, p: 0.9279191979528814),
    Case(
      a: Gen(300, 7919, 50, 1, 0.0), b: Gen(450, 31, 50, 1, 0.02), method: .asymptotic, d: 0.04000000000000001,
      p: 0.924385262709174),
    Case(a: Gen(300, 7919, 50, 1, 0.0), b: Gen(450, 31, 50, 1, 0.02), method: .auto, d: 0.04, p: 0.9279191979528814),
    Case(
      a: Gen(3000, 7919, 100003, 2, 0.0), b: Gen(4043, 104729, 99991, 2, 0.01), method: .exact, d: 0.1,
      p: 1.914489089564872e-15),
    Case(
      a: Gen(3000, 7919, 100003, 2, 0.0), b: Gen(4043, 104729, 99991, 2, 0.01), method: .asymptotic, d: 0.1,
      p: 1.9204792513745737e-15),
    Case(
      a: Gen(3000, 7919, 100003, 2, 0.0), b: Gen(4043, 104729, 99991, 2, 0.01), method: .auto, d: 0.1,
      p: 1.914489089564872e-15),
    Case(
      a: Gen(12000, 7919, 100003, 1, 0.0), b: Gen(9000, 104729, 99991, 1, 0.01), method: .exact,
      d: 0.010416666666666666, p: 0.6287852416304263),
    Case(
      a: Gen(12000, 7919, 100003, 1, 0.0), b: Gen(9000, 104729, 99991, 1, 0.01), method: .asymptotic,
      d: 0.010416666666666668, p: 0.6282814780424637),
    Case(
      a: Gen(12000, 7919, 100003, 1, 0.0), b: Gen(9000, 104729, 99991, 1, 0.01), method: .auto, d: 0.010416666666666668,
      p: 0.6282814780424637),
    Case(
      a: Gen(150, 7919, 1009, 1, 0.0), b: Gen(160, 104729, 1013, 1, 0.3), method: .exact, d: 0.30291666666666667,
      p: 8.699845329617039e-07),
    Case(
      a: Gen(150, 7919, 1009, 1, 0.0), b: Gen(160, 104729, 1013, 1, 0.3), method: .asymptotic, d: 0.3029166666666666,
      p: 9.140964430306379e-07),
    Case(
      a: Gen(150, 7919, 1009, 1, 0.0), b: Gen(160, 104729, 1013, 1, 0.3), method: .auto, d: 0.30291666666666667,
      p: 8.699845329617039e-07),
    Case(
      a: Gen(120, 7919, 1009, 1, 0.0), b: Gen(130, 104729, 1013, 1, 0.25), method: .exact, d: 0.2608974358974359,
      p: 0.0003081717338169611),
    Case(
      a: Gen(120, 7919, 1009, 1, 0.0), b: Gen(130, 104729, 1013, 1, 0.25), method: .asymptotic, d: 0.26089743589743586,
      p: 0.00032697365716208125),
    Case(
      a: Gen(120, 7919, 1009, 1, 0.0), b: Gen(130, 104729, 1013, 1, 0.25), method: .auto, d: 0.2608974358974359,
      p: 0.0003081717338169611),
    Case(
      a: Gen(300000, 7919, 1_000_003, 1, 0.0), b: Gen(300000, 104729, 999983, 1, 0.001), method: .exact, d: 0.00112,
      p: 0.9917908875034397),
    Case(
      a: Gen(300000, 7919, 1_000_003, 1, 0.0), b: Gen(300000, 104729, 999983, 1, 0.001), method: .asymptotic,
      d: 0.0011200000000000099, p: 0.9916918421530322),
    Case(
      a: Gen(300000, 7919, 1_000_003, 1, 0.0), b: Gen(300000, 104729, 999983, 1, 0.001), method: .auto,
      d: 0.0011200000000000099, p: 0.9916918421530322),
    Case(a: Gen(2000, 7919, 100003, 1, 0.0), b: Gen(2500, 104729, 99991, 1, 0.0), method: .exact, d: 0.002, p: 1.0),
    Case(
      a: Gen(2000, 7919, 100003, 1, 0.0), b: Gen(2500, 104729, 99991, 1, 0.0), method: .asymptotic,
      d: 0.0020000000000000018, p: 1.0),
    Case(a: Gen(2000, 7919, 100003, 1, 0.0), b: Gen(2500, 104729, 99991, 1, 0.0), method: .auto, d: 0.002, p: 1.0),
  ]

  @Test(arguments: cases) func matchesScipy(_ c: Case) throws {
    let r = try KolmogorovSmirnov.twoSample(c.a, c.b, method: c.method)
    #expect(abs(r.statistic - c.d) < 1e-12, "D \(r.statistic) vs scipy \(c.d)")
    #expect(abs(r.pValue - c.p) < 1e-6, "p \(r.pValue) vs scipy \(c.p)")
    // Tighter than the brief's 1e-6: relative agreement for p-values well above underflow.
    #expect(abs(r.pValue - c.p) <= 1e-9 * max(c.p, 1e-300) || abs(r.pValue - c.p) < 1e-15)
  }

  @Test func autoSwitchesAtTenThousand() throws {
    let small = try KolmogorovSmirnov.twoSample([1, 2, 3], [2, 3, 4])
    #expect(small.method == .exact)
    let a = (0..<10_001).map(Double.init)
    #expect(try KolmogorovSmirnov.twoSample(a, [1, 2], method: .auto).method == .asymptotic)
  }

  @Test func emptyAndNaN() throws {
    #expect(throws: DriftError.self) { try KolmogorovSmirnov.twoSample([], [1]) }
    #expect(throws: DriftError.self) { try KolmogorovSmirnov.twoSample([.nan], [1]) }
    let r = try KolmogorovSmirnov.twoSample([1, .nan, 2], [1, 2])
    #expect(r.statistic == 0 && r.pValue == 1)
  }
}
