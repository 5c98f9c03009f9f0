import Causal
import Frame
import Testing

/// Column `name` of `df` as doubles (test helper; records an issue if absent).
func doublesOf(_ df: DataFrame, _ name: String) throws -> [Double] {
  try #require(try df.column(name).doubles(), "column \(name) is not numeric")
}

/// Column `name` of `df` as strings.
func stringsOf(_ df: DataFrame, _ name: String) throws -> [String] {
  let c = try df.column(name)
  return (0..<df.rowCount).map { c.string(at: $0) ?? "" }
}

/// Pearson r of two equal-length arrays.
func correlation(_ x: [Double], _ y: [Double]) -> Double {
  let n = Double(x.count), mx = x.reduce(0, +) / n, my = y.reduce(0, +) / n
  var sxy = 0.0, sxx = 0.0, syy = 0.0
  for i in x.indices {
    sxy += (x[i] - mx) * (y[i] - my)
    sxx += (x[i] - mx) * (x[i] - mx)
    syy += (y[i] - my) * (y[i] - my)
  }
  return sxy / (sxx * syy).squareRoot()
}

@Suite("Intervention simulator")
struct SimulationInterventionTests {
  static let customers: DataFrame = (try? simulateTelco(n: 4000, seed: 1)) ?? DataFrame()

  func run(
    _ mode: InterventionMode, _ scenario: InterventionScenario = .standard, gamma: Double = 0,
    includeU: Bool = false, instrument: Double = 1, seed: Int = 42,
    customers: DataFrame = Self.customers
  ) throws -> InterventionSimulation {
    try simulateInterventions(
      customers: customers,
      options: InterventionOptions(
        mode: mode, scenario: scenario, hiddenConfounding: gamma, includeConfounder: includeU,
        instrumentStrength: instrument, seed: seed))
  }

  @Test("binary output: shape, columns, Churn dropped, coherent potential outcomes")
  func binaryShape() throws {
    let s = try run(.binary)
    let f = s.frame
    #expect(f.rowCount == 4000)
    #expect(f.index(of: "Churn") == nil && f.index(of: "U") == nil)
    for name in ["treatment", "churn", "y0", "y1", "true_effect", "true_propensity", "risk", "offer_weekday"] {
      #expect(f.index(of: name) != nil, "\(name)")
    }
    #expect(f.columnCount == 20 + 8)
    let t = try doublesOf(f, "treatment"), y = try doublesOf(f, "churn")
    let y0 = try doublesOf(f, "y0"), y1 = try doublesOf(f, "y1")
    for i in 0..<f.rowCount {
      #expect(y[i] == (t[i] == 1 ? y1[i] : y0[i]))
      #expect(y1[i] <= y0[i], "standard scenario: treatment never causes churn (common random numbers)")
    }
    #expect(s.notes.contains { $0.contains("Churn") })
  }

  @Test("binary truth: ATE = mean(true_effect), relative effect in [0.10, 0.71], confounded propensity")
  func binaryTruth() throws {
    let s = try run(.binary)
    let effect = try doublesOf(s.frame, "true_effect"), risk = try doublesOf(s.frame, "risk")
    let e = try doublesOf(s.frame, "true_propensity"), t = try doublesOf(s.frame, "treatment")
    let ate = effect.reduce(0, +) / Double(effect.count)
    #expect(abs(s.truth[0].ate - ate) < 1e-15)
    #expect(s.truth[0].ate < -0.10 && s.truth[0].ate > -0.20, "ATE \(s.truth[0].ate)")
    for i in effect.indices where risk[i] > 0.01 {
      let rel = -effect[i] / risk[i]
      #expect(rel >= 0.10 - 1e-9 && rel <= 0.71 + 1e-9, "rel \(rel)")
    }
    for i in e.indices {
      #expect(e[i] > 0 && e[i] < 1)
      #expect(abs(e[i] - (0.2 + 0.6 * risk[i])) <= 0.1 + 1e-12)
    }
    // Confounding: the treated are riskier, so the naive difference understates the benefit.
    #expect(correlation(risk, t) > 0.1)
    #expect(s.naiveDifference[0] > s.truth[0].ate + 0.03)
    #expect(TelcoChurnModel.requiredColumns.allSatisfy { Self.customers.index(of: $0) != nil })
  }

  @Test("deterministic for a seed; another seed differs; explicit default risk = nil risk")
  func determinism() throws {
    for mode in InterventionMode.allCases {
      let a = csvString(try run(mode).frame), b = csvString(try run(mode).frame)
      let c = csvString(try run(mode, seed: 43).frame)
      #expect(a == b)
      #expect(a != c)
      let risk = try TelcoChurnModel.probabilities(Self.customers)
      let d = try simulateInterventions(
        customers: Self.customers, risk: risk,
        options: InterventionOptions(mode: mode, seed: 42))
      #expect(csvString(d.frame) == a)
    }
  }

  @Test("multi-arm: shape, propensities a distribution, truth = column means, costs")
  func multiArm() throws {
    let s = try run(.multi)
    let f = s.frame
    let arms = InterventionArm.allCases.map(\.rawValue)
    #expect(try Set(stringsOf(f, "arm")) == Set(arms))
    #expect(try Set(stringsOf(f, "initiated_by")) == ["customer_service", "sales", "support"])
    #expect(try Set(stringsOf(f, "offer_weekday")) == ["Mon", "Tue", "Wed", "Thu", "Fri"])
    let props = try arms.map { try doublesOf(f, "propensity_\($0)") }
    let received = try doublesOf(f, "true_propensity"), cost = try doublesOf(f, "cost")
    let arm = try stringsOf(f, "arm")
    for i in 0..<f.rowCount {
      let total = props.reduce(0) { $0 + $1[i] }
      #expect(abs(total - 1) < 1e-12)
      #expect(props.allSatisfy { $0[i] > 0 && $0[i] < 1 })
      let k = try #require(arms.firstIndex(of: arm[i]))
      #expect(received[i] == props[k][i])
      #expect(cost[i] == InterventionArm.allCases[k].cost)
    }
    #expect(s.truth.map(\.arm) == Array(arms.dropFirst()))
    for t in s.truth {
      let e = try doublesOf(f, "true_effect_\(t.arm)")
      #expect(abs(t.ate - e.reduce(0, +) / Double(e.count)) < 1e-15)
      #expect(t.n > 200, "\(t.arm) received by \(t.n)")
    }
    // Heterogeneity: some customers are hurt by an upsell or a support call, discounts never hurt.
    #expect(try doublesOf(f, "true_effect_feature_upsell").contains { $0 > 0 })
    #expect(try doublesOf(f, "true_effect_support_call").contains { $0 > 0 })
    #expect(try doublesOf(f, "true_effect_discount_99").allSatisfy { $0 <= 0 })
  }

  @Test("multi-arm heterogeneity follows the documented story")
  func multiArmStory() throws {
    let x = InterventionCovariates(
      tenure: 3, monthlyCharges: 95, contract: 0, hasInternet: true,
      techSupport: false, addOns: 1, electronicCheck: true)
    let loyal = InterventionCovariates(
      tenure: 60, monthlyCharges: 25, contract: 2, hasInternet: false,
      techSupport: false, addOns: 0, electronicCheck: false)
    let engaged = InterventionCovariates(
      tenure: 30, monthlyCharges: 80, contract: 1, hasInternet: true,
      techSupport: true, addOns: 4, electronicCheck: false)
    let rel = { (a: InterventionArm, c: InterventionCovariates) in InterventionModel.armRelativeEffect(a, c) }
    #expect(rel(.discount199, x) > rel(.discount99, x) && rel(.discount99, x) > rel(.discount99, loyal))
    #expect(rel(.supportCall, x) > 0.5 && rel(.supportCall, loyal) < 0)
    #expect(rel(.featureUpsell, engaged) > 0.3 && rel(.featureUpsell, x) < 0 && rel(.featureUpsell, loyal) == 0)
  }

  @Test("the offer weekday moves treatment, never churn")
  func weekdayIsAnInstrument() throws {
    let x = InterventionCovariates(
      tenure: 10, monthlyCharges: 70, contract: 0, hasInternet: true,
      techSupport: false, addOns: 2, electronicCheck: false)
    let mon = InterventionModel.armPropensities(x, risk: 0.4, team: 0, weekday: 0, u: 0, gamma: 0)
    let fri = InterventionModel.armPropensities(x, risk: 0.4, team: 0, weekday: 4, u: 0, gamma: 0)
    #expect(mon[0] < fri[0], "Monday offers are more frequent")
    #expect(
      InterventionModel.binaryPropensity(risk: 0.4, weekday: 0, u: 0, gamma: 0)
        > InterventionModel.binaryPropensity(risk: 0.4, weekday: 4, u: 0, gamma: 0))
    // Structural: switching the instrument off changes assignments but no potential outcome.
    for mode in InterventionMode.allCases {
      let on = try run(mode).frame, off = try run(mode, instrument: 0).frame
      let truthColumns =
        mode == .binary
        ? ["y0", "y1", "true_effect"]
        : InterventionArm.allCases.dropFirst().map { "true_effect_\($0.rawValue)" }
      for name in truthColumns { #expect(try doublesOf(on, name) == doublesOf(off, name), "\(name)") }
      #expect(try doublesOf(on, "true_propensity") != doublesOf(off, "true_propensity"))
    }
    // In expectation: untreated churn Y(0) is the same on every weekday; treatment is not.
    let big = try simulateTelco(n: 20_000, seed: 2)
    let f = try run(.binary, customers: big).frame
    let day = try stringsOf(f, "offer_weekday"), y0 = try doublesOf(f, "y0"), t = try doublesOf(f, "treatment")
    func rate(_ v: [Double], _ d: String) -> Double {
      let idx = day.indices.filter { day[$0] == d }
      return idx.reduce(0) { $0 + v[$1] } / Double(idx.count)
    }
    let y0Rates = InterventionModel.weekdays.map { rate(y0, $0) }
    #expect((y0Rates.max() ?? 1) - (y0Rates.min() ?? 0) < 0.03, "Y(0) by weekday \(y0Rates)")
    #expect(rate(t, "Mon") - rate(t, "Fri") > 0.15)
  }

  @Test("hidden confounding: U raises both treatment and churn, stays hidden unless asked")
  func hiddenConfounding() throws {
    let s = try run(.binary, gamma: 1, includeU: true)
    let u = try doublesOf(s.frame, "U"), t = try doublesOf(s.frame, "treatment")
    let y0 = try doublesOf(s.frame, "y0")
    #expect(correlation(u, t) > 0.1 && correlation(u, y0) > 0.1)
    #expect(try run(.binary, gamma: 1).frame.index(of: "U") == nil)
    // Same draws at every γ (common random numbers): at γ = 0 U is present but inert.
    let s0 = try run(.binary, gamma: 0, includeU: true)
    #expect(try doublesOf(s0.frame, "U") == u)
    let naiveBias0 = s0.naiveDifference[0] - s0.truth[0].ate, naiveBias1 = s.naiveDifference[0] - s.truth[0].ate
    #expect(naiveBias1 > naiveBias0, "more hidden confounding, more bias")
  }

  @Test("persuadables: ranking by risk misses the responders")
  func persuadables() throws {
    let s = try run(.binary, .persuadables)
    let gain = try doublesOf(s.frame, "true_effect").map { -$0 }, risk = try doublesOf(s.frame, "risk")
    let k = gain.count / 10
    let byRisk = risk.indices.sorted { risk[$0] > risk[$1] }.prefix(k)
    let byGain = gain.indices.sorted { gain[$0] > gain[$1] }.prefix(k)
    let topRisk = byRisk.reduce(0) { $0 + gain[$1] } / Double(k)
    let topGain = byGain.reduce(0) { $0 + gain[$1] } / Double(k)
    #expect(topGain > 2 * topRisk, "top decile by gain \(topGain) vs by risk \(topRisk)")
    #expect(gain.contains { $0 < 0 }, "sleeping dogs are hurt")
  }

  @Test("bad input is refused with a message")
  func badInput() throws {
    let c = Self.customers
    #expect(throws: SimulationError.self) { try simulateInterventions(customers: c, risk: [0.5]) }
    var bad = [Double](repeating: 0.3, count: c.rowCount)
    bad[7] = 1.5
    #expect(throws: SimulationError.self) { try simulateInterventions(customers: c, risk: bad) }
    bad[7] = .nan
    #expect(throws: SimulationError.self) { try simulateInterventions(customers: c, risk: bad) }
    #expect(throws: SimulationError.self) {
      try simulateInterventions(customers: c, options: InterventionOptions(hiddenConfounding: .nan))
    }
    var noContract = c
    noContract.remove("Contract")
    #expect(throws: SimulationError.self) { try simulateInterventions(customers: noContract) }
  }
}
