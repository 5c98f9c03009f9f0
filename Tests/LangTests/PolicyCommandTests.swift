import Foundation
import Lang
import Testing

/// The `policy` and `recommend` commands and saving/loading a policy through the language; bad input
/// gives an error at the command and the session goes on.
@Suite("Policy commands", .serialized)
struct PolicyCommandTests {
  static let setup = """
    let telco = simulate telco n: 1500, seed: 3
    let df = telco |> mutate churned = Churn == "Yes", TotalCharges = coalesce(TotalCharges, 0)
    let m = fit logit churned ~ tenure + MonthlyCharges + Contract on df
    let hist = simulate interventions on df mode: multi, seed: 4
    let mcf = causal_forest churn ~ arm | tenure + MonthlyCharges + Contract on hist with baseline: "none", trees: 40, nuisance_trees: 40, seed: 1
    let costs = {discount_99: 99, discount_199: 199, feature_upsell: 30, support_call: 45}
    let pol = policy on hist with churn: m, effects: mcf, costs: costs, value: "MonthlyCharges * 12"
    """

  func session() throws -> Interpreter {
    let interp = Interpreter()
    interp.output = { _ in }
    try interp.run(SourceFile(name: "setup.churn", text: Self.setup))
    return interp
  }

  func failure(_ code: String, in interp: Interpreter) -> String {
    do {
      try interp.run(SourceFile(name: "t.churn", text: code))
      return "no error"
    } catch let e as LangError { return e.render(color: false) } catch { return "\(error)" }
  }

  @Test("recommend prints the summary; save and load give the same recommendations")
  func recommendSaveLoad() throws {
    let interp = try session()
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("lang-policy-\(getpid()).bin").path
    defer { try? FileManager.default.removeItem(atPath: path) }
    let v = try eval(
      """
      let r = recommend pol on hist with share: 0.2
      save pol to "\(path)"
      let back = load "\(path)"
      let r2 = recommend back on hist with share: 0.2
      [r.treated, r2.treated, r.net_value == r2.net_value, r.table |> nrow, r.total_cost == r2.total_cost, pol.version == back.version]
      """, in: interp)
    guard case .list(let items) = v else {
      Issue.record("expected a list, got \(v.typeName)")
      return
    }
    #expect(items.count == 6)
    #expect(items[0].number == items[1].number && (items[0].number ?? 999) <= 300 && (items[0].number ?? 0) > 0)
    #expect(items[2].number == 1 && items[4].number == 1 && items[5].number == 1)
    #expect(items[3].number == 1500)
    let printed = try run(Self.setup + "\nrecommend pol on hist")
    #expect(printed.last?.contains("expected churn prevented") == true)
    #expect(printed.last?.contains("By recommendation") == true)
  }

  @Test("bad input: a message each, and the session goes on")
  func badInput() throws {
    let interp = try session()
    #expect(
      failure(
        "policy on hist with churn: m, effects: mcf, costs: {discount_99: 99}, value: \"MonthlyCharges\"", in: interp
      )
      .contains("no cost for intervention 'discount_199'"))
    #expect(
      failure(
        "policy on hist with churn: m, effects: mcf, costs: {discount_99: -1, discount_199: 1, feature_upsell: 1, support_call: 1}, value: \"MonthlyCharges\"",
        in: interp
      )
      .contains("the cost of 'discount_99' is -1.0; costs must be finite and ≥ 0"))
    #expect(
      failure("policy on hist with churn: m, effects: mcf, costs: costs, value: \"MonthlyCharge * 12\"", in: interp)
        .contains("unknown column 'MonthlyCharge' (did you mean 'MonthlyCharges'?)"))
    #expect(
      failure("policy on hist with churn: m, effects: mcf, costs: costs", in: interp).contains(
        "missing option 'value:'"))
    #expect(
      failure("recommend pol on (hist |> drop Contract)", in: interp).contains("the frame lacks column 'Contract'"))
    #expect(
      failure("recommend pol on (hist |> mutate Contract = if_else(tenure > 70, \"Lifetime\", Contract))", in: interp)
        .contains("column 'Contract' has level 'Lifetime'"))
    #expect(failure("recommend pol on hist with budget: 0", in: interp).contains("budget must be a positive amount"))
    #expect(failure("recommend pol on hist with share: 2", in: interp).contains("share must be in (0, 1]"))
    #expect(
      failure("recommend pol on hist with budget: 10, share: 0.1", in: interp).contains(
        "give budget: or share:, not both"))
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("lang-bad-\(getpid()).bin").path
    defer { try? FileManager.default.removeItem(atPath: path) }
    try Data("CHURNOBJ-not-really".utf8).write(to: URL(fileURLWithPath: path))
    #expect(failure("load \"\(path)\"", in: interp).contains("is truncated"))
    // Still alive: the policy is usable after every error.
    #expect(try eval("(recommend pol on hist).customers", in: interp).number == 1500)
  }

  @Test("effects as a record of single-arm forests; the reference frame defaults to their training frame")
  func recordOfForests() throws {
    let interp = try session()
    let v = try eval(
      """
      let b = hist |> filter arm == "none" or arm == "discount_99" |> mutate t = arm == "discount_99"
      let cf1 = causal_forest churn ~ t | tenure + MonthlyCharges + Contract on b with trees: 40, nuisance_trees: 40, seed: 2
      let p1 = policy churn: m, effects: {discount_99: cf1}, costs: {discount_99: 99}, value: "MonthlyCharges * 12"
      let r = recommend p1 on hist
      [p1.arms, r.customers, r.summary |> nrow]
      """, in: interp)
    guard case .list(let items) = v, items.count == 3, case .list(let arms) = items[0] else {
      Issue.record("unexpected \(v.typeName)")
      return
    }
    #expect(arms.compactMap(\.string) == ["discount_99"])
    #expect(items[1].number == 1500 && items[2].number == 2)
    #expect(
      failure("policy churn: m, effects: cf1, costs: {discount_99: 99}, value: \"MonthlyCharges\"", in: interp)
        .contains("one single-arm forest has no arm name; write effects: {arm_name: cf}"))
    #expect(
      failure(
        "policy churn: m, effects: {discount_99: m}, costs: {discount_99: 99}, value: \"MonthlyCharges\"", in: interp
      )
      .contains("effects: 'discount_99' must be a causal forest, got model"))
  }
}
