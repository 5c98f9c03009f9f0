import Foundation
import Frame
import Lang
import Testing

/// The experiment commands through the interpreter: fields scripts rely on, and one clear error per bad input.
@Suite("Experiment commands")
struct ExperimentCommandTests {
  /// An interpreter with `exp`: 40 units, arms control/offer, a 0/1 outcome with one missing value, revenue,
  /// a pre-period covariate and a single-unit stratum `odd`.
  func experiment() throws -> Interpreter {
    let interp = Interpreter()
    try defineExperiment(interp)
    return interp
  }

  func defineExperiment(_ interp: Interpreter) throws {
    let n = 40
    let ids = Array(0..<n)
    let arm: [String] = ids.map { $0 % 2 == 0 ? "control" : "offer" }
    let churned: [Double?] = ids.map { (i: Int) -> Double? in i == 7 ? nil : (((i * 7) % 5 == 0) ? 1.0 : 0.0) }
    let revenue: [Double] = ids.map { (i: Int) -> Double in Double(20 + (i * 13) % 17) }
    let pre: [Double] = ids.map { (i: Int) -> Double in Double(18 + (i * 13) % 17 + i % 3) }
    let odd: [String] = ids.map { $0 == 0 ? "alone" : "rest" }
    let columns: [Column] = [
      Column(name: "arm", strings: arm), Column(name: "churned", floats: churned),
      Column(name: "revenue", floats: revenue), Column(name: "pre", floats: pre), Column(name: "odd", strings: odd),
    ]
    interp.define("exp", .frame(try DataFrame(columns: columns)))
  }

  @Test func propTestFieldsMatchTheLibrary() throws {
    let r = try eval(
      "let r = prop_test successes: [128, 168], trials: [400, 400]\n[r.diff, r.ci_low, r.newcombe_high, r.z, r.chi2, r.p_value, r.relative_low]"
    )
    guard case .list(let v) = r else {
      Issue.record("expected a list")
      return
    }
    // Issue 13 / statsmodels 0.15.0 (see Tests/ExperimentTests/ProportionsParityTests.swift for the calls).
    let expected = [
      -0.1, -0.166552250302002, -0.033091653801652396, -2.9291651677583115, 8.580008580008577,
      0.0033987376932111428, 0.6341768680284027 - 1,
    ]
    for (a, b) in zip(v.compactMap(\.number), expected) { #expect(abs(a - b) < 1e-9) }
    #expect(v.count == expected.count)
  }

  @Test func powerFields() throws {
    #expect(try eval("(power proportions p1: 0.42, p2: 0.32).n_per_arm").number == 365)
    #expect(try eval("(power proportions p1: 0.42, p2: 0.32).n_unpooled").number == 362)
    let p = try eval("(power proportions p1: 0.42, p2: 0.32, n: 365).power").number ?? 0
    #expect(p > 0.8 && p < 0.802)
    let curve = try eval("(power_curve proportions p1: 0.42, p2: 0.32, points: 10).table")
    #expect(curve.frame?.rowCount == 10)
  }

  @Test func powerCurveWritesAnSVG() throws {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("churn-power-curve-\(getpid()).svg").path
    defer { try? FileManager.default.removeItem(atPath: path) }
    let text = try eval("(power_curve means d: 0.3, svg: \"\(path)\").text").string ?? ""
    #expect(text.contains("power"))
    let svg = try String(contentsOfFile: path, encoding: .utf8)
    #expect(svg.hasPrefix("<svg") || svg.hasPrefix("<?xml"))
  }

  @Test func abTestDropsAndCountsMissingValues() throws {
    let interp = try experiment()
    let r = try eval(
      "let r = ab_test churned ~ arm on exp with control: \"control\"\n[r.dropped, r.n_treatment + r.n_control]",
      in: interp)
    guard case .list(let v) = r else {
      Issue.record("expected a list")
      return
    }
    #expect(v.map(\.number) == [1, 39])
    let cuped = try eval(
      "(ab_test revenue ~ arm on exp with control: \"control\", pre: pre).variance_reduction", in: interp)
    #expect((cuped.number ?? 0) > 0.5)
  }

  @Test func badInputGivesOneClearErrorEach() throws {
    let setup: (Interpreter) throws -> Void = { try defineExperiment($0) }
    let cases: [(String, String)] = [
      ("prop_test successes: [0, 1], trials: [0, 5]", "has 0 trials"),
      ("prop_test successes: [-1, 1], trials: [5, 5]", "cannot be negative"),
      ("prop_test successes: [6, 1], trials: [5, 5]", "successes cannot exceed trials"),
      ("ab_test churned ~ arm on exp with control: \"contrl\"", "did you mean 'control'"),
      ("ab_test revenue ~ arm on exp with control: \"control\", test: \"proportions\"", "needs a 0/1 outcome"),
      ("power proportions p1: 0.42, p2: 0.32, alpha: 1.5", "alpha must lie strictly between 0 and 1"),
      ("power proportions p1: 0.42, p2: 0.32, power: 0", "power must lie strictly between 0 and 1"),
      ("power proportions p1: 0.3, p2: 0.3", "the effect is zero"),
      ("power means difference: 0, sd: 4", "the effect is zero"),
      ("randomize exp arms: [\"a\", \"b\"], strata: odd, name: \"a2\"", "single unit"),
      ("srm counts: [10, -2]", "negative count"),
    ]
    for (code, message) in cases {
      let text = errorText(code, setup: setup)
      #expect(text?.contains(message) == true, "\(code) -> \(text ?? "no error")")
      #expect(text?.contains("error:") == true)
    }
  }
}
