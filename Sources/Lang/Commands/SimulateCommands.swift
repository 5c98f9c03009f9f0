import Causal
import Frame

/// The `simulate` command: synthetic data with a known truth (Telco twin, intervention histories,
/// Nie & Wager setups). A thin adapter over `Sources/Causal/Simulation/`; formulas in
/// docs/SIMULATION.md and data/README.md.
enum SimulateCommands {
  static var all: [CommandSpec] { [simulate] }

  /// Which options each kind of simulation accepts (`seed` goes with all of them).
  static let optionsByKind: [String: [String]] = [
    "telco": ["n", "seed", "truth"],
    "interventions": [
      "seed", "risk", "mode", "scenario", "hidden_confounding", "include_confounder",
      "instrument_strength",
    ],
    "nie_wager": ["n", "seed", "setup", "d", "sigma"],
  ]

  static var simulate: CommandSpec {
    CommandSpec(
      name: "simulate", category: "data",
      summary: "Simulate data with a known truth: the Telco twin, intervention histories, Nie & Wager setups.",
      help: """
        simulate telco — synthetic customers with the 21 columns of the IBM Telco Customer Churn file,
          drawn by a 12-step generative story fitted to the real file (data/README.md has every formula and
          the twin-vs-real statistics). `n: 7043, seed: 42` reproduces data/telco.csv. `truth: true` adds
          churn_probability, the true P(churn) each row was drawn from.

        simulate interventions on CUSTOMERS — a history of retention actions on real or twin customers, with
          each customer's true effect (docs/SIMULATION.md). Effects are on churn: an action that works has a
          NEGATIVE effect. `risk:` names a column of baseline churn risks in [0, 1] (e.g. out-of-fold model
          predictions); without it the twin's churn model is used.
          mode: binary — treatment with probability 0.2 + 0.6 × risk (confounded), effect −risk × a relative
            effect in [0.10, 0.71] depending on contract, tenure and charges. Adds treatment, churn, y0, y1,
            true_effect, true_propensity, risk, offer_weekday.
          mode: multi — arms none, discount_99, discount_199, feature_upsell, support_call with costs and
            their own heterogeneity. Adds arm, churn, true_effect_<arm>, propensity_<arm>, true_propensity,
            cost, initiated_by, offer_weekday, risk.
          scenario: persuadables — the riskiest customers barely respond; loyal two-year customers are hurt.
          hidden_confounding: γ adds an unmeasured confounder U raising both treatment and churn
            (include_confounder: true shows U). offer_weekday moves treatment only: an instrument
            (instrument_strength: 0 switches it off). The input's Churn column is dropped.

        simulate nie_wager — Nie & Wager (2021) setup A, B, C or D: columns x1 … xd, w, y, true_effect,
          true_propensity, baseline, with Y = b(X) + (W − 1/2) τ(X) + σ ε.

        Truth columns (y0, y1, true_effect*, true_propensity, propensity_<arm>, U, cost, baseline,
        churn_probability) are marked: `.` in a formula leaves them out with a note; naming one warns.

        Every simulation is deterministic for its seed.
        """,
      parameters: [
        Parameter("kind", .choice(["telco", "interventions", "nie_wager"]), "what to simulate"),
        Parameter(
          "data", .frame, "the customers (interventions only; piped in or given with `on`)",
          required: false, isData: true),
      ],
      options: [
        Option("n", .int, "rows (telco: 7043, nie_wager: 2000)"),
        Option("seed", .int, default: .int(42), "random seed; equal seeds give identical data"),
        Option("truth", .bool, default: .bool(false), "telco: add the true churn_probability column"),
        Option(
          "risk", .column, "interventions: column of baseline churn risk in [0, 1] (default: the twin's churn model)"),
        Option(
          "mode", .choice(InterventionMode.allCases.map(\.rawValue)), default: .string("binary"),
          "interventions: one binary treatment, or five arms"),
        Option(
          "scenario", .choice(InterventionScenario.allCases.map(\.rawValue)), default: .string("default"),
          "interventions: default, or persuadables (risk and response disagree)"),
        Option(
          "hidden_confounding", .number, default: .number(0),
          "interventions: strength of an unmeasured confounder (0 none, 0.5 moderate, 1 strong)"),
        Option(
          "include_confounder", .bool, default: .bool(false), "interventions: add the hidden confounder as column U"),
        Option(
          "instrument_strength", .number, default: .number(1),
          "interventions: multiplier of the offer-weekday effect on treatment (0 switches it off)"),
        Option(
          "setup", .choice(NieWagerSetup.allCases.map(\.rawValue)), default: .string("A"),
          "nie_wager: setup A, B, C or D"),
        Option("d", .int, default: .int(6), "nie_wager: number of features (at least 5)"),
        Option("sigma", .number, default: .number(1), "nie_wager: noise standard deviation"),
      ],
      examples: [
        "simulate telco n: 7043, seed: 42",
        "let sim = simulate interventions on telco mode: multi, scenario: persuadables, seed: 7",
        "simulate nie_wager setup: \"A\", n: 2000, d: 6, sigma: 1, seed: 1",
      ]
    ) { inv, interp in
      let kind = try inv.string("kind")
      try checkOptions(inv, kind: kind)
      switch kind {
      case "telco": return try simulateTelcoValue(inv)
      case "interventions": return try simulateInterventionsValue(inv, interp: interp)
      default: return try simulateNieWagerValue(inv)
      }
    }
  }

  /// Rejects options that belong to another kind of simulation, naming the kind they belong to.
  static func checkOptions(_ inv: Invocation, kind: String) throws {
    let allowed = optionsByKind[kind] ?? []
    for o in inv.spec.options where inv.has(o.name) && !allowed.contains(o.name) {
      let owners = ["telco", "interventions", "nie_wager"].filter { optionsByKind[$0]?.contains(o.name) ?? false }
      throw inv.error(
        "simulate \(kind) does not take '\(o.name)' (it belongs to simulate \(owners.joined(separator: ", ")))",
        at: o.name, notes: ["options of simulate \(kind): " + allowed.joined(separator: ", ")])
    }
    if kind != "interventions" && inv.has("data") {
      throw inv.error(
        "simulate \(kind) makes its own rows and takes no input frame; remove the pipe or 'on'", at: "data")
    }
  }

  static func simulateTelcoValue(_ inv: Invocation) throws -> Value {
    let n = try inv.optionalInt("n") ?? 7043
    return .frame(try simulateTelco(n: n, seed: try inv.int("seed"), includeTruth: try inv.bool("truth")))
  }

  static func simulateInterventionsValue(_ inv: Invocation, interp: Interpreter) throws -> Value {
    guard inv.has("data") else {
      throw inv.error(
        "simulate interventions needs customers: pipe a frame in (telco |> simulate interventions) "
          + "or add 'on telco'")
    }
    let customers = try inv.frame()
    var risk: [Double]? = nil
    if let name = try inv.optionalColumn("risk") {
      guard let values = try customers.column(name).doubles() else {
        throw inv.error("risk: column '\(name)' must be numeric (probabilities in [0, 1])", at: "risk")
      }
      risk = values
    }
    guard let mode = InterventionMode(rawValue: try inv.string("mode")),
      let scenario = InterventionScenario(rawValue: try inv.string("scenario"))
    else {
      throw inv.error("simulate interventions: unknown mode or scenario")
    }
    let options = InterventionOptions(
      mode: mode, scenario: scenario, hiddenConfounding: try inv.double("hidden_confounding"),
      includeConfounder: try inv.bool("include_confounder"),
      instrumentStrength: try inv.double("instrument_strength"), seed: try inv.int("seed"))
    let result = try simulateInterventions(customers: customers, risk: risk, options: options)
    for note in result.notes where !note.contains("'Churn'") { interp.warn("simulate: \(note)", at: inv.span) }
    return .frame(result.frame)
  }

  static func simulateNieWagerValue(_ inv: Invocation) throws -> Value {
    guard let setup = NieWagerSetup(rawValue: try inv.string("setup")) else {
      throw inv.error("simulate nie_wager: setup must be A, B, C or D", at: "setup")
    }
    let data = try simulateNieWager(
      setup: setup, n: try inv.optionalInt("n") ?? 2000, d: try inv.int("d"),
      sigma: try inv.double("sigma"), seed: try inv.int("seed"))
    return .frame(data.frame())
  }
}
