import Foundation
import Testing

@testable import Lang

/// The monitoring commands through the language: fields, plots, and clear errors for bad input.
@Suite struct MonitoringCommandTests {
  /// 400 customers over 10 days; the treatment lowers churn for customers with a negative prediction.
  func experiment() throws -> Interpreter {
    var arm: [String?] = [], churn: [Int] = [], day: [Int] = [], pred: [Double] = []
    for i in 0..<400 {
      let t = i % 2 == 0
      let helps = i % 4 < 2
      arm.append(t ? "offer" : "control")
      pred.append(helps ? -0.3 : 0)
      churn.append(t && helps ? (i % 10 == 0 ? 1 : 0) : (i % 10 < 4 ? 1 : 0))
      day.append(1 + i / 40)
    }
    arm[7] = nil
    let interp = Interpreter()
    interp.define(
      "exp",
      .frame(
        try DataFrame(columns: [
          Column(name: "arm", strings: arm), Column(name: "churn", ints: churn), Column(name: "day", ints: day),
          Column(name: "pred", floats: pred), Column(name: "p_a", floats: pred.map { 0.5 + $0 }),
          Column(name: "p_b", floats: pred.map { _ in 0.6 }),
        ])))
    return interp
  }

  @Test func sequentialLooksOncePerDayWithFieldsAndPlot() throws {
    let interp = try experiment()
    let v = try eval("sequential churn ~ arm on exp with control: \"control\", time: day", in: interp)
    guard case .object(let o) = v else {
      Issue.record("expected an object")
      return
    }
    guard case .frame(let looks)? = o.field("looks") else {
      Issue.record("no looks")
      return
    }
    #expect(looks.rowCount == 10)
    #expect(o.field("width_ratio")?.doubleValue ?? 0 > 1)
    guard case .object(let plot)? = o.field("plot") else {
      Issue.record("no plot")
      return
    }
    #expect(plot.field("svg")?.string?.hasPrefix("<svg") ?? false)
  }

  @Test func sequentialWritesSVG() throws {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("cs-\(getpid()).svg").path
    defer { try? FileManager.default.removeItem(atPath: path) }
    _ = try eval(
      "sequential churn ~ arm on exp with control: \"control\", looks: 5, svg: \"\(path)\"", in: try experiment())
    #expect(((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").contains("<svg"))
  }

  @Test func validateEffectsFindsTheRealHeterogeneity() throws {
    let interp = try experiment()
    let v = try eval(
      "validate_effects pred ~ arm on exp with outcome: churn, control: \"control\", groups: 2",
      in: interp)
    guard case .object(let o) = v else {
      Issue.record("expected an object")
      return
    }
    // Group 1 (pred −0.3): churn 1/5 treated vs 2/5 control, actual −0.2; group 2 (pred 0): 2/5 vs 2/5
    // (one control row dropped for its missing arm: 40/99), actual ≈ 0 → slope ≈ 0.2/0.3 = 2/3.
    #expect(abs((o.field("slope")?.doubleValue ?? 0) - 2.0 / 3) < 0.03)
    #expect((o.field("qini_area")?.doubleValue ?? 0) > 0)
  }

  @Test func banditAndPeekingReturnTheirNumbers() throws {
    let interp = try experiment()
    let b = try eval("bandit p_a p_b on exp with horizon: 2000, baseline: p_b, seed: 1", in: interp)
    guard case .object(let o) = b, case .frame(let t)? = o.field("table") else {
      Issue.record("no table")
      return
    }
    #expect(t.rowCount == 3)
    let p = try eval("peeking simulations: 200, days: 10, per_day: 40, seed: 1", in: interp)
    guard case .object(let po) = p else {
      Issue.record("no peeking")
      return
    }
    #expect((po.field("peeked_fpr")?.doubleValue ?? 0) > (po.field("final_fpr")?.doubleValue ?? 1))
  }

  @Test func badInputGivesClearErrors() throws {
    func err(_ code: String) throws -> String {
      let interp = try experiment()
      interp.output = { _ in }
      do {
        try interp.run(SourceFile(name: "t.churn", text: code))
        return ""
      } catch let e as LangError { return e.render(color: false) }
    }
    #expect(
      try err("sequential churn ~ arm on exp with control: \"nobody\"").contains(
        "control level 'nobody' does not occur"))
    #expect(try err("sequential churn ~ arm on exp").contains("name the control arm"))
    #expect(try err("sequential arm ~ churn on exp with control: \"0\"").contains("is text"))
    #expect(try err("sequential churn ~ arm on exp with control: \"control\", alpha: 2").contains("alpha"))
    #expect(try err("validate_effects pred ~ arm on exp with control: \"control\"").contains("outcome"))
    #expect(try err("bandit p_a arm on exp").contains("text"))
    #expect(try err("bandit p_a p_b on exp with policies: thompson_segment").contains("by:"))
    #expect(try err("peeking simulations: 0").contains("simulations"))
  }
}
