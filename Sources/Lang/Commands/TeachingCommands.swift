import Causal
import Frame
import Stats

/// Teaching commands that only a simulation makes possible: `decompose_naive` (the naive difference split into
/// the effect on the treated and selection bias), `replicate` (a Monte Carlo study of several estimators over
/// redrawn offer histories) and `replicate_forest` (the causal forest's interval coverage over redrawn data).
/// Thin adapters over `Sources/Causal/Teaching`.
enum TeachingCommands {
  static var all: [CommandSpec] { [decomposeNaive, replicate, replicateForest] }

  // MARK: - decompose_naive

  static var decomposeNaive: CommandSpec {
    CommandSpec(
      name: "decompose_naive", category: "causal",
      summary:
        "Split the naive difference into the effect on the treated plus selection bias (needs the untreated outcome y0).",
      help: """
        `decompose_naive churn ~ treatment on sim` uses the untreated potential outcome (`y0:`, default the
        simulator's `y0` column) to split the difference in mean outcome between treated and untreated rows:
        naive = mean(y1 − y0 | treated) + [mean(y0 | treated) − mean(y0 | control)], the effect on the treated
        plus selection bias (how the arms would differ with nobody treated). Real data never shows y0 for treated
        rows, which is why the split needs a simulation; see `help potential_outcomes`.
        """,
      parameters: [Parameter("formula", .formula, "outcome ~ treatment"), Parameter.data()],
      options: [Option("y0", .column, default: .string("y0"), "column of the untreated potential outcome")],
      examples: ["decompose_naive churn ~ treatment on sim"]
    ) { inv, _ in
      let df = try inv.frame()
      let f = try inv.formula()
      let tName = f.treatment ?? (f.terms.count == 1 ? f.terms[0] : nil)
      guard let tName, tName != "." else {
        throw inv.error("decompose_naive: write the formula as outcome ~ treatment", at: "formula")
      }
      let y0Name = try inv.column("y0")
      let y = try PolicyEvaluationCommands.numbers(df, f.outcome, what: "outcome")
      let t = try PolicyEvaluationCommands.numbers(df, tName, what: "treatment")
      let y0 = try PolicyEvaluationCommands.numbers(df, y0Name, what: "untreated outcome")
      let d = try SelectionBiasDecomposition.compute(y: y, t: t, y0: y0, outcomeName: f.outcome, untreatedName: y0Name)
      return .object(
        ReportObject(
          typeName: "selection_bias", reportable: d,
          fields: [
            ("naive", .number(d.naive)), ("effect_on_treated", .number(d.effectOnTreated)),
            ("selection_bias", .number(d.selectionBias)),
            ("y0_treated", .number(d.untreatedMeanTreated)), ("y0_control", .number(d.untreatedMeanControl)),
          ]))
    }
  }

  // MARK: - replicate

  static var replicate: CommandSpec {
    CommandSpec(
      name: "replicate", category: "causal",
      summary:
        "Monte Carlo study: redraw the simulated offer history over seeds; bias, SD, RMSE and coverage per estimator.",
      help: """
        `replicate churn ~ treatment | covariates on scored with risk: risk_oof, replicates: 20` reruns
        `simulate interventions` (mode binary) on the same customers with `replicates` seeds derived from `seed:`,
        runs each estimator of `estimators:` on every draw, and scores it against that draw's true ATE (the mean of
        `true_effect`): mean estimate, bias, SD of the estimates, the mean SE the estimator reports, RMSE and the
        share of intervals that contain the truth. Estimators: naive, ipw (Hájek, logistic propensity), aipw
        (logistic nuisances), aipw_gbm (boosted), aipw_folds1 / aipw_gbm_folds1 (no cross-fitting),
        aipw_wrong_outcome (outcome model ignores the covariates), aipw_wrong_propensity (propensity ignores them),
        aipw_both_wrong. `hidden_confounding:` and `scenario:` pass to the simulator. Replicates run in parallel;
        the result is the same for any number of threads. Fields: `table` (the summary) and `draws` (one row per
        replicate and estimator).
        """,
      parameters: [
        Parameter("formula", .formula, "outcome ~ treatment | covariates (simulated columns)"), Parameter.data(),
      ],
      options: [
        Option("risk", .column, "column of baseline churn risk in [0, 1] (as for simulate interventions)"),
        Option("replicates", .int, default: .int(20), "number of simulated histories (2 to 10000)"),
        Option(
          "estimators", .choices(StudyEstimator.catalogueNames),
          default: .strings(["naive", "ipw", "aipw"]), "which estimators to run"),
        Option(
          "scenario", .choice(InterventionScenario.allCases.map(\.rawValue)), default: .string("default"),
          "simulator scenario"),
        Option("hidden_confounding", .number, default: .number(0), "strength of an unmeasured confounder"),
        Option("seed", .int, default: .int(42), "seed from which every replicate's seed is derived"),
        Option("level", .number, default: .number(0.95), "confidence level"),
      ],
      examples: [
        "replicate churn ~ treatment | tenure + Contract + risk on scored with risk: risk_oof, replicates: 10, "
          + "estimators: [naive, aipw, aipw_wrong_outcome]"
      ]
    ) { inv, interp in
      let customers = try inv.frame()
      let formula = try inv.formula()
      var risk: [Double]? = nil
      if let name = try inv.optionalColumn("risk") {
        risk = try PolicyEvaluationCommands.numbers(customers, name, what: "risk")
      }
      guard let scenario = InterventionScenario(rawValue: try inv.string("scenario")) else {
        throw inv.error("replicate: unknown scenario", at: "scenario")
      }
      let names = try inv.strings("estimators", what: "estimator names")
      guard !names.isEmpty else { throw inv.error("replicate: give at least one estimator", at: "estimators") }
      let estimators = try names.map { try StudyEstimator.named($0) }
      let seed = try inv.int("seed")
      let options = InterventionOptions(
        mode: .binary, scenario: scenario,
        hiddenConfounding: try inv.double("hidden_confounding"), seed: seed)
      let study = try MonteCarloStudy.interventions(
        customers: customers, risk: risk, options: options, formula: formula, estimators: estimators,
        replicates: try inv.int("replicates"), seed: seed, level: try inv.double("level"),
        progress: interp.progressCounts("replicate"))
      return .object(
        ReportObject(
          typeName: "monte_carlo", reportable: study,
          fields: [
            ("table", .frame(study.table)), ("draws", .frame(study.draws)),
            ("replicates", .number(Double(study.replicates))),
          ]))
    }
  }

  // MARK: - replicate_forest

  static var replicateForest: CommandSpec {
    CommandSpec(
      name: "replicate_forest", category: "causal",
      summary:
        "Causal forest interval coverage over repeated simulated draws, overall and by fifth of the true effect.",
      help: """
        `replicate_forest setup: "A", n: 500, trees: 200, replicates: 20` draws `replicates` fresh data sets of
        Nie & Wager setup `setup` (as `simulate nie_wager`, each with its own seed derived from `seed:`), fits a
        causal forest of `trees` trees on each, and scores the forest's out-of-bag 95% intervals against every
        row's true effect. One draw shows one coverage; the table shows what the intervals do over repetitions:
        coverage per draw averaged over draws, with its Monte Carlo SE and the lowest and highest draw, for all
        rows and for each fifth of the TRUE effect (rows ranked within each draw), beside the mean true effect,
        the mean estimate, the mean SE and the PEHE. The forest shrinks extreme effects towards the middle, so
        intervals tend to miss most in an outer fifth. Replicates run in parallel; the result is the same for any
        number of threads. Fields: `table`, `draws` (one row per draw and group). See `help confidence_intervals`.
        """,
      options: [
        Option(
          "setup", .choice(NieWagerSetup.allCases.map(\.rawValue)), default: .string("A"),
          "Nie & Wager setup A, B, C or D"),
        Option("n", .int, default: .int(500), "rows per draw (at least 10)"),
        Option("d", .int, default: .int(6), "number of features (at least 5)"),
        Option("sigma", .number, default: .number(1), "noise standard deviation"),
        Option("trees", .int, default: .int(200), "trees per forest"),
        Option("min_node_size", .int, default: .int(5), "smallest leaf of the forest"),
        Option("replicates", .int, default: .int(20), "number of draws (2 to 10000)"),
        Option("seed", .int, default: .int(42), "seed from which every draw's seed is derived"),
        Option("level", .number, default: .number(0.95), "confidence level of the intervals"),
      ],
      examples: ["replicate_forest setup: \"A\", n: 500, trees: 200, replicates: 10, seed: 1"]
    ) { inv, interp in
      guard let setup = NieWagerSetup(rawValue: try inv.string("setup")) else {
        throw inv.error("replicate_forest: setup must be A, B, C or D", at: "setup")
      }
      var forest = CausalForestOptions()
      forest.trees = try inv.int("trees")
      forest.minNodeSize = try inv.int("min_node_size")
      let study = try ForestCoverageStudy.nieWager(
        setup: setup, n: try inv.int("n"), d: try inv.int("d"), sigma: try inv.double("sigma"), forest: forest,
        replicates: try inv.int("replicates"), seed: try inv.int("seed"), level: try inv.double("level"),
        progress: interp.progressCounts("replicate_forest"))
      return .object(
        ReportObject(
          typeName: "forest_coverage", reportable: study,
          fields: [
            ("table", .frame(study.table)), ("draws", .frame(study.draws)),
            ("coverage", .number(study.groups.first?.coverage ?? .nan)),
            ("replicates", .number(Double(study.replicates))),
          ]))
    }
  }
}
