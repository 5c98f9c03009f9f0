import Frame
import Stats

/// Which story of treatment response to simulate.
public enum InterventionScenario: String, CaseIterable, Sendable {
  /// The riskiest customers also gain the most: effect −risk × a relative reduction from 0.10 to 0.71 that is
  /// itself largest for new, month-to-month, high-bill customers (not proportional to risk).
  case standard = "default"
  /// The riskiest customers barely respond, moderate-risk ones respond most, and some loyal
  /// two-year customers are hurt ("sleeping dogs"): ranking by risk and by effect disagree.
  case persuadables
}

/// One treatment (binary) or five arms (multi-arm).
public enum InterventionMode: String, CaseIterable, Sendable {
  case binary
  case multi
}

/// The retention actions of the multi-arm simulator, with their cost per treated customer (USD).
public enum InterventionArm: String, CaseIterable, Sendable {
  case none
  case discount99 = "discount_99"
  case discount199 = "discount_199"
  case featureUpsell = "feature_upsell"
  case supportCall = "support_call"

  /// Cost of giving this arm to one customer, in USD: a $99 or $199 credit, $30 of free feature
  /// trial, $45 of an agent's time.
  public var cost: Double {
    switch self {
    case .none: return 0
    case .discount99: return 99
    case .discount199: return 199
    case .featureUpsell: return 30
    case .supportCall: return 45
    }
  }
}

/// Settings of ``simulateInterventions(customers:risk:options:)``.
public struct InterventionOptions: Sendable, Equatable {
  public var mode: InterventionMode
  public var scenario: InterventionScenario
  /// Strength γ of the unmeasured confounder U (0 = none; 0.5 moderate; 1 strong); |γ| ≤ 5.
  public var hiddenConfounding: Double
  /// Add U to the output as column `U` (it is hidden from estimators otherwise).
  public var includeConfounder: Bool
  /// Multiplier of the offer-weekday shifts (0 = the weekday does nothing), 0...5.
  public var instrumentStrength: Double
  public var seed: Int

  public init(
    mode: InterventionMode = .binary, scenario: InterventionScenario = .standard,
    hiddenConfounding: Double = 0, includeConfounder: Bool = false,
    instrumentStrength: Double = 1, seed: Int = 42
  ) {
    self.mode = mode
    self.scenario = scenario
    self.hiddenConfounding = hiddenConfounding
    self.includeConfounder = includeConfounder
    self.instrumentStrength = instrumentStrength
    self.seed = seed
  }
}

/// The true average effects of one arm against no intervention.
public struct ArmTruth: Sendable, Equatable {
  public var arm: String
  /// Customers who received the arm.
  public var n: Int
  /// Mean of the true individual effects over everybody (ATE) and over those who received it (ATT).
  public var ate: Double
  public var att: Double
  /// Cost per treated customer (USD).
  public var cost: Double
}

/// A simulated intervention history with its known truth.
public struct InterventionSimulation: Sendable, Reportable {
  /// The customers with the simulated columns appended (see ``simulateInterventions(customers:risk:options:)``).
  public var frame: DataFrame
  public var options: InterventionOptions
  /// True ATE and ATT of each treatment arm against none (binary: one entry, "treatment").
  public var truth: [ArmTruth]
  /// Difference in observed churn, treated (or arm) minus untreated, per entry of `truth`: what a
  /// naive comparison would report.
  public var naiveDifference: [Double]
  /// What the simulator did that a reader should know (replaced columns, dropped outcome).
  public var notes: [String]

  public var report: Report {
    var items: [Report.Item] = [
      .fields([
        Report.Field("mode", .string(options.mode.rawValue)),
        Report.Field("scenario", .string(options.scenario.rawValue)),
        Report.Field("rows", .int(frame.rowCount)),
        Report.Field("hidden confounding", .float(options.hiddenConfounding)),
        Report.Field("seed", .int(options.seed)),
      ])
    ]
    let table = DataFrame.unchecked(
      columns: [
        Column(name: "arm", strings: truth.map(\.arm)),
        Column(name: "n", ints: truth.map(\.n)),
        Column(name: "true_ate", floats: truth.map(\.ate)),
        Column(name: "true_att", floats: truth.map(\.att)),
        Column(name: "naive_difference", floats: naiveDifference),
        Column(name: "cost", floats: truth.map(\.cost)),
      ], rowCount: truth.count)
    items.append(.table(table, title: "truth (effect on churn; negative = fewer leave)"))
    items += notes.map { .text($0) }
    return Report(title: "Simulated interventions", items: items)
  }
}

/// Simulates a history of retention interventions on real or twin customers, with known truth.
///
/// Hybrid design: the customers' features are kept; who was treated, and churn under every
/// treatment, are simulated from documented formulas (``InterventionModel``; docs/SIMULATION.md).
/// Per customer: p0 = baseline churn (from `risk` and the hidden confounder), the potential churn
/// probabilities under each arm, and ONE uniform u shared by all arms (common random numbers), so
/// Y(a) = [u < p_a] are coherent: a customer who would stay untreated also stays under any arm that
/// lowers churn.
///
/// **Binary mode** appends: `treatment` (0/1), `churn` (observed, 0/1), `y0`, `y1` (potential
/// outcomes), `true_effect` (= p1 − p0, the CATE), `true_propensity`, `risk` (the r used),
/// `offer_weekday` (Mon…Fri, the instrument).
/// **Multi-arm mode** appends: `arm` (none / discount_99 / discount_199 / feature_upsell /
/// support_call), `churn`, `true_effect_<arm>` for the four actions (vs none),
/// `propensity_<arm>` for all five arms, `true_propensity` (of the received arm), `cost` (of the
/// received arm), `initiated_by` (customer_service / sales / support), `offer_weekday`, `risk`.
/// Either mode adds `U` when `includeConfounder` is set. An input column `Churn` (the observed
/// outcome of the source data) is dropped, as are input columns with the output names.
/// Truth columns (``Column/isTruth``, left out of `.` in formulas): `y0`, `y1`, `true_effect`,
/// `true_propensity`, `true_effect_<arm>`, `propensity_<arm>`, `U`, and `cost` (set by the received arm, so
/// post-treatment). `risk`, `offer_weekday` and `initiated_by` are pre-treatment and stay ordinary columns.
///
/// - Parameters:
///   - customers: a frame with the Telco columns (``InterventionCovariates/requiredColumns``, and the
///     ``TelcoChurnModel`` columns when `risk` is nil), no missing values in them.
///   - risk: baseline churn risk per customer in [0, 1] (e.g. out-of-fold model predictions); nil
///     uses ``TelcoChurnModel/probabilities(_:)``.
///   - options: mode, scenario, hidden confounding, instrument strength, seed.
/// - Throws: ``SimulationError`` for a missing or mistyped column, a risk of the wrong length or
///   outside [0, 1], or options out of range.
public func simulateInterventions(
  customers: DataFrame, risk: [Double]? = nil, options: InterventionOptions = InterventionOptions()
) throws -> InterventionSimulation {
  try validateInterventionOptions(options)
  let xs = try InterventionCovariates.covariates(of: customers)
  let r = try risk ?? TelcoChurnModel.probabilities(customers)
  try validateRisk(r, rows: customers.rowCount)
  let draws = drawInterventionUniforms(n: customers.rowCount, seed: options.seed)
  var base = customers
  var notes: [String] = []
  switch options.mode {
  case .binary:
    let out = simulateBinary(xs, risk: r, draws: draws, options: options)
    notes += dropOutputColumns(&base, names: out.columns.map(\.name) + ["Churn"])
    for c in out.columns { try base.append(c) }
    return InterventionSimulation(
      frame: base, options: options, truth: out.truth,
      naiveDifference: out.naive, notes: notes)
  case .multi:
    let out = simulateMultiArm(xs, risk: r, draws: draws, options: options)
    notes += dropOutputColumns(&base, names: out.columns.map(\.name) + ["Churn"])
    for c in out.columns { try base.append(c) }
    return InterventionSimulation(
      frame: base, options: options, truth: out.truth,
      naiveDifference: out.naive, notes: notes)
  }
}

/// The random inputs of one customer; drawn in the same order whatever the options, so changing
/// γ, the scenario or the instrument strength keeps every draw (common random numbers).
struct InterventionDraws: Sendable {
  var outcome = 0.0
  var treatment = 0.0
  var team = 0.0
  var weekday = 0
  var confounder = 0.0
}

/// One ``InterventionDraws`` per customer, from block streams of `SeededRNG(seed).derived(-2)`
/// (a stream family of its own, so the draws never repeat those that generated a twin with the same seed).
func drawInterventionUniforms(n: Int, seed: Int) -> [InterventionDraws] {
  var out = [InterventionDraws](repeating: InterventionDraws(), count: n)
  let root = SeededRNG(seed: seed).derived(-2)
  let blocks = (n + telcoTwinBlockSize - 1) / telcoTwinBlockSize
  out.withUnsafeMutableBufferPointer { buf in
    guard let base = buf.baseAddress else { return }
    nonisolated(unsafe) let ptr = base
    parallelFor(blocks) { b in
      var rng = root.derived(b)
      for i in (b * telcoTwinBlockSize)..<min((b + 1) * telcoTwinBlockSize, n) {
        var d = InterventionDraws()
        d.outcome = rng.uniform()
        d.treatment = rng.uniform()
        d.team = rng.uniform()
        d.weekday = rng.int(below: 5)
        d.confounder = rng.normal()
        ptr[i] = d
      }
    }
  }
  return out
}

/// The simulated columns and truth of one mode.
struct InterventionColumns {
  var columns: [Column]
  var truth: [ArmTruth]
  var naive: [Double]
}

/// Binary mode (see ``simulateInterventions(customers:risk:options:)``).
func simulateBinary(
  _ xs: [InterventionCovariates], risk r: [Double], draws: [InterventionDraws],
  options o: InterventionOptions
) -> InterventionColumns {
  let n = xs.count, g = o.hiddenConfounding
  var t = [Int](repeating: 0, count: n), y = t, y0 = t, y1 = t
  var effect = [Double](repeating: 0, count: n), e = effect
  for i in 0..<n {
    let d = draws[i]
    let p0 = InterventionModel.baselineProbability(risk: r[i], u: d.confounder, gamma: g)
    let p1 = InterventionModel.binaryTreatedProbability(xs[i], baseline: p0, risk: r[i], scenario: o.scenario)
    e[i] = InterventionModel.binaryPropensity(
      risk: r[i], weekday: d.weekday, u: d.confounder, gamma: g,
      instrumentStrength: o.instrumentStrength)
    t[i] = d.treatment < e[i] ? 1 : 0
    y0[i] = d.outcome < p0 ? 1 : 0
    y1[i] = d.outcome < p1 ? 1 : 0
    y[i] = t[i] == 1 ? y1[i] : y0[i]
    effect[i] = p1 - p0
  }
  var columns = [
    Column(name: "treatment", ints: t), Column(name: "churn", ints: y),
    Column(name: "y0", ints: y0).markedAsTruth(), Column(name: "y1", ints: y1).markedAsTruth(),
    Column(name: "true_effect", floats: effect).markedAsTruth(),
    Column(name: "true_propensity", floats: e).markedAsTruth(),
    Column(name: "risk", floats: r),
    categoricalColumn("offer_weekday", codes: draws.map(\.weekday), levels: InterventionModel.weekdays),
  ]
  if o.includeConfounder { columns.append(Column(name: "U", floats: draws.map(\.confounder)).markedAsTruth()) }
  let treated = t.map { $0 == 1 }
  let truth = ArmTruth(
    arm: "treatment", n: treated.filter { $0 }.count, ate: SimulationMath.mean(effect),
    att: SimulationMath.mean(effect, where: treated), cost: 0)
  let yd = y.map(Double.init)
  let naive = SimulationMath.mean(yd, where: treated) - SimulationMath.mean(yd, where: treated.map { !$0 })
  return InterventionColumns(columns: columns, truth: [truth], naive: [naive])
}

/// Multi-arm mode (see ``simulateInterventions(customers:risk:options:)``).
func simulateMultiArm(
  _ xs: [InterventionCovariates], risk r: [Double], draws: [InterventionDraws],
  options o: InterventionOptions
) -> InterventionColumns {
  let n = xs.count, g = o.hiddenConfounding, arms = InterventionArm.allCases, k = arms.count
  var arm = [Int](repeating: 0, count: n), team = arm, y = arm
  var effects = [[Double]](repeating: [Double](repeating: 0, count: n), count: k)
  var props = effects
  var received = [Double](repeating: 0, count: n), cost = received
  for i in 0..<n {
    let d = draws[i]
    let p0 = InterventionModel.baselineProbability(risk: r[i], u: d.confounder, gamma: g)
    let pa = InterventionModel.armOutcomeProbabilities(xs[i], baseline: p0, risk: r[i], scenario: o.scenario)
    team[i] = SimulationMath.drawCategory(probabilities: InterventionModel.teamProbabilities(xs[i]), u: d.team)
    let e = InterventionModel.armPropensities(
      xs[i], risk: r[i], team: team[i], weekday: d.weekday,
      u: d.confounder, gamma: g, instrumentStrength: o.instrumentStrength)
    arm[i] = SimulationMath.drawCategory(probabilities: e, u: d.treatment)
    for a in 0..<k {
      effects[a][i] = pa[a] - p0
      props[a][i] = e[a]
    }
    received[i] = e[arm[i]]
    cost[i] = arms[arm[i]].cost
    y[i] = d.outcome < pa[arm[i]] ? 1 : 0
  }
  var columns = [
    categoricalColumn("arm", codes: arm, levels: arms.map(\.rawValue)),
    Column(name: "churn", ints: y),
  ]
  for a in 1..<k { columns.append(Column(name: "true_effect_\(arms[a].rawValue)", floats: effects[a]).markedAsTruth()) }
  for a in 0..<k { columns.append(Column(name: "propensity_\(arms[a].rawValue)", floats: props[a]).markedAsTruth()) }
  columns += [
    Column(name: "true_propensity", floats: received).markedAsTruth(),
    Column(name: "cost", floats: cost).markedAsTruth(),
    categoricalColumn("initiated_by", codes: team, levels: InterventionModel.teams),
    categoricalColumn("offer_weekday", codes: draws.map(\.weekday), levels: InterventionModel.weekdays),
    Column(name: "risk", floats: r),
  ]
  if o.includeConfounder { columns.append(Column(name: "U", floats: draws.map(\.confounder)).markedAsTruth()) }
  let yd = y.map(Double.init), untreated = arm.map { $0 == 0 }
  var truth: [ArmTruth] = [], naive: [Double] = []
  for a in 1..<k {
    let got = arm.map { $0 == a }
    truth.append(
      ArmTruth(
        arm: arms[a].rawValue, n: got.filter { $0 }.count,
        ate: SimulationMath.mean(effects[a]), att: SimulationMath.mean(effects[a], where: got), cost: arms[a].cost))
    naive.append(SimulationMath.mean(yd, where: got) - SimulationMath.mean(yd, where: untreated))
  }
  return InterventionColumns(columns: columns, truth: truth, naive: naive)
}

/// Removes input columns that the simulator is about to write (and the source outcome `Churn`),
/// returning a note for each.
func dropOutputColumns(_ df: inout DataFrame, names: [String]) -> [String] {
  var notes: [String] = []
  for name in names where df.index(of: name) != nil {
    df.remove(name)
    notes.append(
      name == "Churn"
        ? "dropped the input's 'Churn' column: the simulated 'churn' replaces it"
        : "replaced the input's '\(name)' column with the simulated one")
  }
  return notes
}

func validateInterventionOptions(_ o: InterventionOptions) throws {
  guard o.hiddenConfounding.isFinite, abs(o.hiddenConfounding) <= 5 else {
    throw SimulationError.invalidArgument(
      "hidden_confounding must be a number between -5 and 5 (got \(o.hiddenConfounding)); 0.5 is moderate, 1 strong")
  }
  guard o.instrumentStrength.isFinite, o.instrumentStrength >= 0, o.instrumentStrength <= 5 else {
    throw SimulationError.invalidArgument(
      "instrument strength must be between 0 and 5 (got \(o.instrumentStrength)); 1 is the default")
  }
}

func validateRisk(_ r: [Double], rows: Int) throws {
  guard r.count == rows else {
    throw SimulationError.badInput("risk has \(r.count) values but the customer frame has \(rows) rows")
  }
  if let i = r.firstIndex(where: { !($0 >= 0 && $0 <= 1) }) {
    let what = r[i].isNaN ? "missing" : "\(r[i])"
    throw SimulationError.badInput(
      "risk must be a probability in [0, 1] for every customer; row \(i + 1) is \(what)")
  }
}
