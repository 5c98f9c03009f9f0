import Causal
import Frame
import Render
import Stats

/// Causal-forest commands: `causal_forest` (fit), `effects`, `ate`, `dr_scores`, `blp`, `calibration_test`,
/// `importance`, `tuning`, `rloss`, `rate`, `qini`, `effect_segments`, `effect_profiles`, `save_forest`,
/// `load_forest`.
///
/// Thin adapters over `Sources/Causal/Forest`. A fitted forest keeps its training frame, so the analysis
/// commands need only the forest (`ate cf`, `blp cf covariates: [tenure]`). Effects are
/// E[Y(1) − Y(0) | X] on the outcome: with churn as outcome, a helpful intervention has a NEGATIVE effect.
enum CausalForestCommands {
  static var all: [CommandSpec] {
    [
      causalForest, effects, ate, drScores, blp, calibration, importance, tuningTable, rloss, rate, qini, segments,
      profiles, saveForest, loadForest,
    ]
  }

  static let forestType = ArgType.object("causal_forest")
  static let armOption = Option("arm", .string, "which arm's forest to use (several interventions)")

  // MARK: - fit

  static var causalForest: CommandSpec {
    CommandSpec(
      name: "causal_forest", category: "causal",
      summary: "Fit a causal forest: per-customer treatment effects with confidence intervals (grf).",
      help: """
        `causal_forest churned ~ treated | tenure + MonthlyCharges + Contract on df` grows a generalized random
        forest for the effect τ(x) = E[Y(1) − Y(0) | X = x] (Athey, Tibshirani & Wager 2019), with grf's defaults.
        Orthogonalization: Y.hat and W.hat come from out-of-bag regression forests (or your columns via
        `y_hat:`/`w_hat:`, or `nuisance_learner: gbm` for 5-fold cross-fitted boosting), and the forest is
        grown on the residuals. Honesty: each tree chooses splits on half its sample and estimates its leaves on
        the other half. Intervals come from the bootstrap of little bags (trees grown in pairs on shared
        half-samples) and are pointwise, not simultaneous. A text treatment with several levels fits one forest
        per arm against `baseline:`. Missing covariate values are routed by the trees.
        `local_linear: [tenure, MonthlyCharges]` adds grf's local linear correction: each effect comes from a
        forest-weighted linear fit in those covariates, which removes the bias of averaging over a leaf when the
        effect has a slope (ramps, thresholds); its ridge penalty `ll_lambda` is chosen on the out-of-bag
        R-loss, and the correction is dropped (the fit says so) unless it beats the plain forest by two
        standard errors. It takes at most 12 columns (after one-hot encoding): every leaf of every tree keeps the
        (q² + 3q)/2 sums of its local regression, q = 2 + 2·columns — 377 numbers per leaf at 12 columns, so
        memory grows with the square of the columns (gigabytes for a 2,000-tree forest beyond that), and the
        correction only pays off in a few smooth directions anyway. `tune: all` (or a list such as `tune: [min_node_size, honesty_fraction]`) first
        searches grf's ranges for those settings: 50 small forests of 200 trees are scored on the debiased
        out-of-bag R-loss, the best three and the defaults are regrown with 800 trees, and the defaults are kept
        unless a tuned setting beats them by two standard errors (the report says which; `tuning cf` lists
        every setting tried). Then: `effects`, `ate`, `blp`, `calibration_test`, `importance`, `rate`, `qini`,
        `effect_segments`, `effect_profiles`, `dr_scores`, `rloss` (compare forests); `save_forest` keeps it. Two spellings, one command:
        `causal_forest y ~ w | x on df` and `fit causal_forest y ~ w | x on df` take the same options and give
        the same forest.
        """,
      parameters: [Parameter("formula", .formula, "outcome ~ treatment | covariates"), Parameter.data()],
      options: [
        Option("trees", .int, default: .int(2000), "number of trees"),
        Option("seed", .int, default: .int(42), "seed (each tree derives its own stream)"),
        Option("min_node_size", .int, default: .int(5), "treated and control rows required in each child"),
        Option("sample_fraction", .number, default: .number(0.5), "share of rows per tree (≤ 0.5 with intervals)"),
        Option("mtry", .int, "covariates tried per split (default min(⌈√d + 20⌉, d))"),
        Option("honesty", .bool, default: .bool(true), "honest trees"),
        Option("honesty_fraction", .number, default: .number(0.5), "share of each tree's rows used to split"),
        Option("prune_empty_leaves", .bool, default: .bool(true), "remove splits whose honest leaves are empty"),
        Option("alpha", .number, default: .number(0.05), "minimum child share of the parent's treatment variation"),
        Option("imbalance_penalty", .number, default: .number(0), "penalty against unbalanced splits"),
        Option("ci_group_size", .int, default: .int(2), "trees per little bag (1 = no intervals)"),
        Option("nuisance_trees", .int, "trees of the Y.hat and W.hat forests (default max(50, trees/4))"),
        Option(
          "nuisance_learner", .choice(NuisanceLearners.names),
          "fit Y.hat and W.hat with this learner, cross-fitted, instead of OOB regression forests"),
        Option("nuisance_folds", .int, default: .int(5), "cross-fitting folds of nuisance_learner"),
        Option(
          "local_linear", .columns,
          "covariates of a local linear correction of the effects (grf's linear.correction.variables)"),
        Option(
          "ll_lambda", .number, "ridge penalty of the local linear correction (default: chosen on the OOB R-loss)"),
        Option(
          "tune", .choices(["all"] + CausalForestTunable.allCases.map(\.rawValue)),
          "settings to tune on the debiased out-of-bag R-loss before growing (grf's tune.parameters)"),
        Option("tune_trees", .int, default: .int(200), "trees of each small tuning forest"),
        Option("tune_draws", .int, default: .int(50), "settings drawn by the tuning"),
        Option("y_hat", .column, "column with your own estimate of E[Y | X]"),
        Option("w_hat", .column, "column with your own estimate of E[W | X] (propensity)"),
        Option("baseline", .string, "baseline level of a text treatment (several interventions)"),
        Option("threads", .int, default: .int(2), "worker threads (results do not depend on it)"),
      ],
      examples: [
        "let cf = causal_forest churned ~ treated | tenure + MonthlyCharges + Contract on sim with trees: 2000, seed: 42",
        "let cf = fit causal_forest churned ~ treated | tenure + MonthlyCharges + Contract on sim with trees: 2000",
        "let mcf = fit causal_forest churn ~ arm | tenure + Contract on multi with baseline: \"none\"",
        "let cfl = causal_forest churned ~ treated | tenure + MonthlyCharges + Contract on sim with local_linear: [tenure, MonthlyCharges]",
        "let cft = causal_forest churned ~ treated | tenure + MonthlyCharges + Contract on sim with tune: all, nuisance_learner: gbm",
      ]
    ) { inv, interp in
      try fitForest(inv, interp)
    }
  }

  /// Fits from an invocation with a formula, data and the `causal_forest` options (also usable by a
  /// generic `fit causal_forest ...` dispatcher).
  static func fitForest(_ inv: Invocation, _ interp: Interpreter) throws -> Value {
    let df = try inv.frame()
    let formula = try inv.formula()
    guard let treatment = formula.treatment else {
      throw inv.error("causal_forest: write the formula as outcome ~ treatment | covariates", at: "formula")
    }
    let (covariates, truthNotes) = try formula.resolvedTermsWithNotes(in: df)
    if let term = covariates.first(where: { df.index(of: $0) == nil }) {
      throw inv.error(
        "causal_forest: covariates are plain columns, and '\(term)' is a formula term; trees find "
          + "interactions themselves and a monotone transform does not change their splits. To use "
          + "it anyway, build a column first (mutate x1 = …) and name that column", at: "formula")
    }
    for note in truthNotes { interp.warn("causal_forest: \(note)", at: inv.span) }
    var o = CausalForestOptions()
    o.trees = try inv.int("trees")
    o.seed = try inv.int("seed")
    o.minNodeSize = try inv.int("min_node_size")
    o.sampleFraction = try inv.double("sample_fraction")
    o.mtry = try inv.optionalInt("mtry")
    o.honesty = try inv.bool("honesty")
    o.honestyFraction = try inv.double("honesty_fraction")
    o.honestyPruneLeaves = try inv.bool("prune_empty_leaves")
    o.alpha = try inv.double("alpha")
    o.imbalancePenalty = try inv.double("imbalance_penalty")
    o.ciGroupSize = try inv.int("ci_group_size")
    o.nuisanceTrees = try inv.optionalInt("nuisance_trees")
    o.threads = try inv.int("threads")
    o.nuisanceLearner = try inv.optionalString("nuisance_learner")
    o.nuisanceFolds = try inv.int("nuisance_folds")
    o.localLinear = try inv.columns("local_linear")
    o.llLambda = try inv.optionalDouble("ll_lambda")
    let tune = try inv.strings("tune")
    o.tune =
      tune.contains("all")
      ? CausalForestTunable.allCases : CausalForestTunable.allCases.filter { tune.contains($0.rawValue) }
    o.tuneTrees = try inv.int("tune_trees")
    o.tuneDraws = try inv.int("tune_draws")
    let progress = interp.progressCounts("causal forest")
    // Labelled arms (text, or any column with a baseline) make a forest per arm against the baseline.
    let arms = TreatmentArms.of(try df.column(treatment), baselineChosen: inv.has("baseline"))
    do {
      if arms != .binary {
        let m = try MultiArmCausalForest.fit(
          frame: df, outcome: formula.outcome, treatment: treatment,
          covariates: covariates, baseline: try inv.optionalString("baseline"),
          options: o, progress: progress)
        return .object(CausalForestObject(forest: .multiArm(m), frame: df))
      }
      let yHat = try inv.optionalColumn("y_hat").map { try numeric(df, $0, inv) }
      let wHat = try inv.optionalColumn("w_hat").map { try numeric(df, $0, inv) }
      let f = try CausalForest.fit(
        frame: df, outcome: formula.outcome, treatment: treatment, covariates: covariates,
        yHat: yHat, wHat: wHat, options: o, progress: progress)
      for w in f.warnings { interp.warn("causal_forest: \(w)", at: inv.span) }
      return .object(CausalForestObject(forest: .single(f), frame: df))
    } catch let e as CausalForestError {
      throw inv.error("causal_forest: \(e.description)")
    }
  }

  static func numeric(_ df: DataFrame, _ name: String, _ inv: Invocation) throws -> [Double] {
    guard let v = try df.column(name).doubles() else {
      throw inv.error("\(inv.spec.name): column '\(name)' must be numeric")
    }
    return v
  }

  // MARK: - effects

  static var effects: CommandSpec {
    CommandSpec(
      name: "effects", category: "causal",
      summary: "Per-row effects from a causal forest: adds effect (and se, lo, hi) columns.",
      help: """
        `effects cf` gives the training rows their out-of-bag effects (each row predicted only by trees that did
        not use it); `effects cf on new_df` predicts new rows with every tree — so `effects cf on` the training
        frame itself is in-sample and optimistic; score a forest on its training rows with `effects cf`. With
        `ci: true` (default) it also adds the standard error and a pointwise interval at `level`. For several
        interventions the columns are effect_<arm>, se_<arm>, lo_<arm>, hi_<arm> and best_arm (the arm with the
        lowest effect on churn, or the baseline when none is below zero); `require_ci: true` lets an arm compete
        only when its interval lies below zero, so best_arm says the baseline ("none") where every interval
        straddles zero. When the simulator's true_effect_<arm> columns are present it adds true_best_arm (the
        choice made on the truth) and true_effect_best (the true effect of the arm chosen; 0 for the baseline).
        """,
      parameters: [
        Parameter("forest", forestType, "a fitted causal forest"),
        Parameter(
          "data", .frame, "rows to predict (default: the training rows, out-of-bag)",
          required: false, isData: true),
      ],
      options: [
        Option("ci", .bool, default: .bool(true), "add se, lo, hi columns"),
        Option("level", .number, default: .number(0.95), "interval level"),
        Option(
          "require_ci", .bool, default: .bool(false),
          "several interventions: best_arm only among arms whose interval is below 0 (else the baseline)"),
      ],
      examples: ["effects cf on df with ci: true"]
    ) { inv, _ in
      let cf = try inv.object("forest", as: CausalForestObject.self)
      let level = try inv.double("level")
      let training = inv.value("data") == nil
      let df = training ? try cf.trainingFrame(inv) : try inv.frame()
      do {
        let f: CausalForest
        switch cf.forest {
        case .multiArm(let m):
          return .frame(
            try m.effectTable(
              frame: df, training: training, level: level,
              requireCI: try inv.bool("require_ci")))
        case .single(let one): f = one
        }
        let ci = try inv.bool("ci")
        let p = training ? f.oob : try f.predict(frame: df, withVariance: ci && f.options.intervals)
        var out = df
        try out.set(Column(name: "effect", floats: p.tau))
        if ci {
          let bands = PointwiseIntervals(tau: p.tau, variance: p.variance, level: level)
          try out.set(Column(name: "se", floats: bands.se))
          try out.set(Column(name: "lo", floats: bands.low))
          try out.set(Column(name: "hi", floats: bands.high))
        }
        return .frame(out)
      } catch let e as CausalForestError {
        throw inv.error("effects: \(e.description)")
      }
    }
  }

  // MARK: - average effects and scores

  static var ate: CommandSpec {
    CommandSpec(
      name: "ate", category: "causal",
      summary: "Average effect from a causal forest's doubly robust scores (all, treated, control, overlap).",
      help: """
        `ate cf` averages the forest's doubly robust (AIPW) scores: the ATE with an influence-function SE.
        `target: "treated"` (ATT) and `"control"` (ATC) reweight to those groups; `"overlap"` weights customers by
        e(x)(1 − e(x)), which stays reliable when some propensities are near 0 or 1 (a warning says when).
        """,
      parameters: [Parameter("forest", forestType, "a fitted causal forest")],
      options: [
        Option("target", .string, default: .string("all"), "all, treated, control or overlap (or ate, att, atc)"),
        Option("level", .number, default: .number(0.95), "interval level"), armOption,
      ],
      examples: ["ate cf target: \"overlap\""]
    ) { inv, interp in
      let f = try forest(inv)
      let target = try wrap(inv) { try parseForestTarget(try inv.string("target")) }
      let e = try wrap(inv) {
        try AverageEffect.estimate(try f.effectInputs, target: target, level: try inv.double("level"))
      }
      for w in e.warnings { interp.warn("ate: \(w)", at: inv.span) }
      return .object(e)
    }
  }

  static var drScores: CommandSpec {
    CommandSpec(
      name: "dr_scores", category: "causal",
      summary: "The training frame with the forest's doubly robust scores (dr_score) and nuisances.",
      help: """
        Adds dr_score (the AIPW score Γ, whose mean over any group of rows estimates that group's average effect),
        y_hat, w_hat and the out-of-bag effect to the training rows.
        """,
      parameters: [Parameter("forest", forestType, "a fitted causal forest")],
      options: [armOption],
      examples: ["dr_scores cf"]
    ) { inv, _ in
      let obj = try inv.object("forest", as: CausalForestObject.self)
      let (f, rows) = try obj.pick(inv)
      var df = try obj.trainingFrame(inv).rows(rows)
      let scores = try wrap(inv) { try DoublyRobust.scores(try f.effectInputs) }
      try df.set(Column(name: "dr_score", floats: scores))
      try df.set(Column(name: "y_hat", floats: f.yHat))
      try df.set(Column(name: "w_hat", floats: f.wHat))
      try df.set(Column(name: "effect", floats: f.oob.tau))
      return .frame(df)
    }
  }

  // MARK: - BLP and calibration

  static var blp: CommandSpec {
    CommandSpec(
      name: "blp", category: "causal",
      summary: "Best linear projection of the effect on chosen covariates (doubly robust, HC3).",
      help: """
        `blp cf covariates: [tenure, MonthlyCharges]` regresses the doubly robust scores on the covariates: the
        best linear summary of how the effect changes with them, with heteroskedasticity-robust (HC3) standard
        errors. It is a projection, not a claim that the effect is linear. A one-sided formula takes the
        covariates as model formulas do (`cf |> blp ~ tenure * Contract + ns(MonthlyCharges, df: 3)`, or
        `blp(cf, ~ tenure + C(Contract, ref: "Two year"))`): interactions, transforms, splines and text columns
        as dummies, named as R names them. The projection always has its intercept; rows with a missing
        covariate are left out with a warning.
        """,
      parameters: [
        Parameter("forest", forestType, "a fitted causal forest"),
        Parameter(
          "formula", .formula, "covariates as a one-sided formula, ~ a * b + ns(x, df: 3)",
          required: false),
      ],
      options: [
        Option("covariates", .columns, "numeric columns of the training frame (none = ATE)"),
        Option("hc", .choice(["HC0", "HC1", "HC2", "HC3"]), default: .string("HC3"), "robust covariance type"),
        Option("overlap", .bool, default: .bool(false), "weight rows by e(x)(1 − e(x))"), armOption,
      ],
      examples: ["blp cf covariates: [tenure, MonthlyCharges]", "cf |> blp ~ tenure * Contract"]
    ) { inv, _ in
      let obj = try inv.object("forest", as: CausalForestObject.self)
      let (f, rows) = try obj.pick(inv)
      let names = try inv.columns("covariates")
      var covs: [(name: String, values: [Double])] = []
      if inv.has("formula") {
        guard names.isEmpty else { throw inv.error("blp: give the covariates once, as a formula or as covariates:") }
        let formula = try inv.formula()
        guard formula.outcome.isEmpty, formula.treatment == nil else {
          throw inv.error(
            "blp takes a one-sided formula of covariates, e.g. cf |> blp ~ tenure * Contract", at: "formula",
            notes: ["help: the outcome and treatment are the forest's own"])
        }
        guard formula.hasIntercept else {
          throw inv.error("blp always fits an intercept; remove '- 1' / '+ 0' from the formula", at: "formula")
        }
        let train = try obj.trainingFrame(inv).rows(rows)
        let design = DesignOptions(
          missing: .keep, categorical: .dummies, unseenLevels: .ignore, intercept: false,
          rejectConstant: true)
        let x = try wrap(inv) { try DesignSpec.fit(formula, on: train, outcome: nil, options: design).transform(train) }
        covs = (0..<x.columnCount).map { j in (x.columnNames[j], Array(x.column(j))) }
      } else if !names.isEmpty {
        let df = try obj.trainingFrame(inv)
        for n in names {
          let c = try df.column(n)
          guard let v = c.doubles() else {
            throw inv.error(
              "blp: covariate '\(n)' is text; use a numeric column (e.g. a 0/1 indicator)", at: "covariates")
          }
          covs.append((n, rows.map { v[$0] }))
        }
      }
      let cov = RobustCovariance(rawValue: try inv.string("hc")) ?? .hc3
      let r = try wrap(inv) {
        try BestLinearProjection.fit(
          try f.effectInputs, covariates: covs, covariance: cov,
          overlap: try inv.bool("overlap"))
      }
      return .object(ReportObject(typeName: "blp", reportable: r, fields: [("table", .frame(r.coefficients.frame))]))
    }
  }

  static var calibration: CommandSpec {
    CommandSpec(
      name: "calibration_test", category: "causal",
      summary: "Calibration test of a causal forest (mean and differential forest prediction, HC3).",
      help: """
        Regresses Y − Y.hat on (W − W.hat)·mean(τ̂) and (W − W.hat)·(τ̂ − mean(τ̂)) using out-of-bag τ̂. A mean
        coefficient near 1 says the average effect is right; a differential coefficient near 1 says the spread of
        effects is right, and a small (one-sided) p-value for it is evidence that effects really differ.
        """,
      parameters: [Parameter("forest", forestType, "a fitted causal forest")],
      options: [armOption],
      examples: ["calibration_test cf"]
    ) { inv, _ in
      let (f, _) = try inv.object("forest", as: CausalForestObject.self).pick(inv)
      let r = try wrap(inv) { try CalibrationTest.run(try f.effectInputs) }
      return .object(
        ReportObject(
          typeName: "calibration", reportable: r,
          fields: [
            ("table", .frame(r.coefficients.frame)), ("mean", .number(r.mean)),
            ("differential", .number(r.differential)),
            ("p_differential", .number(r.coefficients.pValues[1])), ("reading", .string(r.reading)),
          ]))
    }
  }

  // MARK: - importance, RATE, Qini

  static var importance: CommandSpec {
    CommandSpec(
      name: "importance", category: "causal",
      summary: "Variable importance of a causal forest (depth-weighted split frequencies).",
      help:
        "Share of splits on each covariate in the first `max_depth` levels, deeper levels weighted by depth^−decay.",
      parameters: [Parameter("forest", forestType, "a fitted causal forest")],
      options: [
        Option("decay", .number, default: .number(2), "depth decay exponent"),
        Option("max_depth", .int, default: .int(4), "levels counted"), armOption,
      ],
      examples: ["importance cf"]
    ) { inv, _ in
      let (f, _) = try inv.object("forest", as: CausalForestObject.self).pick(inv)
      let depth = try inv.int("max_depth")
      guard depth >= 1 else { throw inv.error("importance: max_depth must be at least 1", at: "max_depth") }
      return .frame(f.importance(decayExponent: try inv.double("decay"), maxDepth: depth))
    }
  }

  static var tuningTable: CommandSpec {
    CommandSpec(
      name: "tuning", category: "causal",
      summary: "The parameter search of a forest fitted with `tune:`: every setting tried and its score.",
      help: """
        One row per setting: the defaults first, then the drawn settings from the best small-forest score
        down. `rloss` is the small forest's debiased out-of-bag R-loss (lower is better), `rloss_regrown` the
        score of the defaults and the three best draws regrown with four times the trees, and `chosen` marks
        the setting the forest was grown with (the defaults unless the best regrown draw beat them by two
        standard errors).
        """,
      parameters: [Parameter("forest", forestType, "a causal forest fitted with tune:")],
      options: [armOption],
      examples: ["tuning cf |> head 5"]
    ) { inv, _ in
      let (f, _) = try inv.object("forest", as: CausalForestObject.self).pick(inv)
      guard let t = f.tuning else {
        throw inv.error("tuning: this forest was not tuned; fit it with tune: all (or tune: [min_node_size, ...])")
      }
      return .frame(t.table())
    }
  }

  static var rloss: CommandSpec {
    CommandSpec(
      name: "rloss", category: "causal",
      summary: "Out-of-bag R-loss of causal forests on the same rows: which one fits the effects better.",
      help: """
        Scores each forest's out-of-bag effects by the R-loss mean((Y − Y.hat) − τ̂(x)(W − W.hat))², every
        forest on the residuals of the first, and compares each with the first row by row (paired SE, z > 0:
        lower loss). A constant effect is scored too: a forest that does not beat it by two SE has found no
        heterogeneity the data can see. Use it to choose covariates (add a risk score?), options or nuisance
        learners without the truth; a difference within two SE is noise. The forests must be fitted on the
        same frame, outcome and treatment.
        """,
      parameters: [
        Parameter("forest", forestType, "the reference forest"),
        Parameter(
          "others", forestType, "forests fitted on the same rows, compared with it", required: false,
          variadic: true),
      ],
      options: [armOption],
      examples: ["rloss cf", "rloss cf cf_risk", "cf |> rloss cf_risk cf_tuned"]
    ) { inv, _ in
      let values = [inv.value("forest") ?? .missing] + CoreCommands.listItems(inv.value("others") ?? .list([]))
      // Names as written: positional arguments that are plain variable names; a piped reference is not written.
      var names: [String?] = []
      for case .positional(let e) in inv.node.args {
        if case .identifier(let name) = e.kind { names.append(name) } else { names.append(nil) }
      }
      if names.count < values.count { names.insert(nil, at: 0) }
      let forests = try values.enumerated().map { k, v -> (name: String, forest: CausalForest) in
        guard case .object(let o) = v, let cf = o as? CausalForestObject else {
          throw inv.error(
            "rloss: argument \(k + 1) is \(v.typeName), not a causal forest", at: k == 0 ? "forest" : "others")
        }
        return ((k < names.count ? names[k] : nil) ?? "forest \(k + 1)", try cf.pick(inv).forest)
      }
      let r = try wrap(inv) { try RLossComparison.run(forests) }
      return .object(
        ReportObject(
          typeName: "rloss", reportable: r,
          fields: [
            ("table", .frame(r.frame)), ("reading", .string(r.reading)),
          ]))
    }
  }

  static var rate: CommandSpec {
    CommandSpec(
      name: "rate", category: "causal",
      summary: "Rank-weighted average treatment effect (AUTOC or QINI) of a priority, with the TOC curve.",
      help: """
        Does treating customers in order of `priority` (highest first) reach larger benefits than treating at
        random? RATE > 0 says yes. With `lower_is_better: true` (default: the outcome is churn) the benefit is
        the churn reduction −effect; set it to false when a higher outcome is better. `priority` is a numeric
        column of the training frame (default: the forest's own out-of-bag benefit, an optimistic check; prefer a
        score built on other data, e.g. a risk model). SEs from a half-sample bootstrap; the TOC curve shows the
        benefit among the top q share minus the average benefit.
        """,
      parameters: [Parameter("forest", forestType, "a fitted causal forest")],
      options: [
        Option("priority", .column, "numeric column: higher = treat first (default: effect)"),
        Option("target", .choice(["AUTOC", "QINI", "autoc", "qini"]), default: .string("AUTOC"), "RATE weighting"),
        Option(
          "replicates", .int, default: .int(200),
          "bootstrap draws (at most \(RankAverageTreatmentEffect.maxReplicates))"),
        Option("seed", .int, default: .int(42), "bootstrap seed"),
        Option("lower_is_better", .bool, default: .bool(true), "benefit = −effect (churn); false: benefit = effect"),
        PlotCommands.widthOption(default: 64), PlotCommands.asciiOption, armOption,
      ],
      examples: ["rate cf priority: risk target: \"AUTOC\""]
    ) { inv, interp in
      let obj = try inv.object("forest", as: CausalForestObject.self)
      let (f, rows) = try obj.pick(inv)
      let (name, priority) = try priorityValues(inv, obj, f, rows)
      let target = try wrap(inv) { try RATETarget.parse(try inv.string("target")) }
      let reps = try inv.int("replicates")
      let r = try wrap(inv) {
        try RankAverageTreatmentEffect.estimate(
          scores: try benefitScores(inv, f), priority: priority,
          priorityName: name, target: target, replicates: reps,
          seed: try inv.int("seed"), progress: interp.progress("rate bootstrap"))
      }
      let q = r.toc["q"]?.doubles() ?? [], est = r.toc["estimate"]?.doubles() ?? []
      let spec = XYPlotSpec(
        series: [XYSeries(label: "TOC", x: q, y: est)], title: "TOC: benefit among top q minus average",
        xLabel: "q (share treated, by priority)", yLabel: "TOC")
      let plot = PlotObject(
        kind: .line(spec), width: try PlotCommands.width(inv, interp, default: 64), height: 12,
        ascii: try PlotCommands.ascii(inv, interp))
      var rep = r.report
      rep.items.append(.preformatted(plot.text))
      return .object(
        ReportObject(
          typeName: "rate", reportable: StaticReport(report: rep),
          fields: [
            ("estimate", .number(r.estimate.value)), ("se", .number(r.estimate.se)), ("toc", .frame(r.toc)),
            ("target", .string(target.rawValue)), ("plot", .object(plot)),
          ]))
    }
  }

  static var qini: CommandSpec {
    CommandSpec(
      name: "qini", category: "causal",
      summary: "Qini (cumulative uplift) curve of a priority, from doubly robust scores, with its area.",
      help: """
        Gain at q = average benefit per customer of the whole base when the top q share (by `priority`) is treated;
        the random line is q × average benefit; the area between them summarises targeting. The benefit is the
        churn reduction −effect (`lower_is_better: true`, default) or the effect itself. Default priority: the
        forest's out-of-bag benefit.
        """,
      parameters: [Parameter("forest", forestType, "a fitted causal forest")],
      options: [
        Option("priority", .column, "numeric column: higher = treat first (default: −effect)"),
        Option("points", .int, default: .int(20), "points on the curve"),
        Option("lower_is_better", .bool, default: .bool(true), "benefit = −effect (churn); false: benefit = effect"),
        PlotCommands.widthOption(default: 64), PlotCommands.asciiOption, armOption,
      ],
      examples: ["qini cf"]
    ) { inv, interp in
      let obj = try inv.object("forest", as: CausalForestObject.self)
      let (f, rows) = try obj.pick(inv)
      let (name, priority) = try priorityValues(inv, obj, f, rows)
      let r = try wrap(inv) {
        try QiniCurve.compute(
          scores: try benefitScores(inv, f), priority: priority, priorityName: name,
          points: try inv.int("points"),
          averageLabel: try inv.bool("lower_is_better") ? "average benefit (−ATE)" : "average benefit (ATE)")
      }
      let q = r.curve["q"]?.doubles() ?? []
      let spec = XYPlotSpec(
        series: [
          XYSeries(label: "gain", x: q, y: r.curve["gain"]?.doubles() ?? []),
          XYSeries(label: "random", x: q, y: r.curve["random"]?.doubles() ?? []),
        ],
        title: "Qini curve", xLabel: "share treated", yLabel: "gain")
      let plot = PlotObject(
        kind: .line(spec), width: try PlotCommands.width(inv, interp, default: 64), height: 12,
        ascii: try PlotCommands.ascii(inv, interp))
      var rep = r.report
      rep.items.append(.preformatted(plot.text))
      return .object(
        ReportObject(
          typeName: "qini", reportable: StaticReport(report: rep),
          fields: [
            ("area", .number(r.area)), ("curve", .frame(r.curve)), ("ate", .number(r.ate)), ("plot", .object(plot)),
          ]))
    }
  }

  // MARK: - segments

  static var segments: CommandSpec {
    CommandSpec(
      name: "effect_segments", category: "causal",
      summary: "Effects by segment of a column (terciles of a number, levels of a text column).",
      help: """
        For each segment: rows, mean out-of-bag effect, and the doubly robust (AIPW) segment effect with SE and
        interval — the honest estimate of that segment's average effect.
        """,
      parameters: [Parameter("forest", forestType, "a fitted causal forest")],
      options: [
        Option("by", .column, "column of the training frame to segment by"),
        Option("bins", .int, default: .int(3), "quantile bins for a numeric column"),
        Option("breaks", .list, "explicit cut points for a numeric column"), armOption,
      ],
      examples: ["effect_segments cf by: tenure bins: 3"]
    ) { inv, _ in
      let obj = try inv.object("forest", as: CausalForestObject.self)
      let (f, rows) = try obj.pick(inv)
      guard let by = try inv.optionalColumn("by") else { throw inv.error("effect_segments: name a column with by:") }
      let col = try obj.trainingFrame(inv).column(by).gather(rows)
      var breaks: [Double]? = nil
      if case .list(let l)? = inv.value("breaks") {
        breaks = try l.map {
          switch $0 {
          case .number(let d): return d
          case .int(let i): return Double(i)
          default: throw inv.error("effect_segments: breaks must be numbers", at: "breaks")
          }
        }
      }
      let t = try wrap(inv) {
        try EffectSegments.byColumn(
          col, tau: f.oob.tau, scores: try DoublyRobust.scores(try f.effectInputs),
          bins: try inv.int("bins"), breaks: breaks)
      }
      return .frame(t)
    }
  }

  static var profiles: CommandSpec {
    CommandSpec(
      name: "effect_profiles", category: "causal",
      summary:
        "Profiles of the most and least helped customers (mean effect, then feature means per group; effects on churn, negative = helped).",
      parameters: [Parameter("forest", forestType, "a fitted causal forest")],
      options: [
        Option("columns", .columns, "columns to profile (default: the forest's covariates)"),
        Option("fraction", .number, default: .number(0.25), "share in each group (0.25 = quartiles)"), armOption,
      ],
      examples: ["effect_profiles cf columns: [tenure, MonthlyCharges]"]
    ) { inv, _ in
      let obj = try inv.object("forest", as: CausalForestObject.self)
      let (f, rows) = try obj.pick(inv)
      var cols = try inv.columns("columns")
      if cols.isEmpty { cols = f.covariates?.sources ?? f.featureNames }
      let df = try obj.trainingFrame(inv).rows(rows)
      return .frame(
        try wrap(inv) {
          try EffectSegments.profiles(
            df, tau: f.oob.tau, columns: cols,
            fraction: try inv.double("fraction"))
        })
    }
  }

  // MARK: - persistence

  static var saveForest: CommandSpec {
    CommandSpec(
      name: "save_forest", category: "causal",
      summary: "Save a causal forest (one, or one per arm) to a file (compact binary; loads to identical predictions).",
      help: """
        Writes a churn saved-object file (a versioned, CRC-32-checksummed binary container) of kind
        "causal_forest", or "multi_arm_causal_forest" for several interventions (one embedded forest per arm).
        The trees, the nuisances, the out-of-bag effects, the covariate encoding, a local linear correction and
        the record of a parameter tuning are stored (numbers as raw IEEE bits), so the loaded forest gives bit
        for bit the same effects and intervals and the same report. Forest files of earlier churns (the
        "churn-causal-forest" archive, versions 1–3, and "churn-multi-arm-causal-forest" version 1) still load.
        `save cf to "file"` does the same.
        """,
      parameters: [
        Parameter("forest", forestType, "a fitted causal forest"), Parameter("path", .string, "file to write"),
      ],
      examples: ["save_forest cf \"cf.bin\""]
    ) { inv, _ in
      let obj = try inv.object("forest", as: CausalForestObject.self)
      try saveObject(obj, to: try inv.string("path"), inv)
      return .nothing
    }
  }

  static var loadForest: CommandSpec {
    CommandSpec(
      name: "load_forest", category: "causal",
      summary: "Load a causal forest (one, or one per arm) saved with save_forest or save.",
      help: "The loaded forest predicts new rows (`effects cf on df`) and keeps its training scores (`ate`, `blp`, …); "
        + "commands that read training columns (rate priority, segments, out-of-bag effects of several arms) need "
        + "`on` the original frame. Reads the saved-object files `save_forest` writes and the forest archives of earlier "
        + "churns. Truncated, corrupted, newer-version and other-kind files are errors. `load \"file\"` does the same.",
      parameters: [
        Parameter("path", .string, "file to read"),
        Parameter("data", .frame, "the training frame (optional)", required: false, isData: true),
      ],
      examples: ["let cf = load_forest \"cf.bin\"", "let mcf = load_forest \"arms.bin\" on multi"]
    ) { inv, _ in
      try loadObject(path: try inv.string("path"), inv)
    }
  }

  /// Saves a forest object of either kind (used by `save_forest` and `save`).
  static func saveObject(_ obj: CausalForestObject, to path: String, _ inv: Invocation) throws {
    try wrap(inv) {
      switch obj.forest {
      case .single(let f): try f.save(to: path)
      case .multiArm(let m): try m.save(to: path)
      }
    }
  }

  /// Loads a forest file of either kind, with the invocation's optional `data` as training frame.
  static func loadObject(path: String, _ inv: Invocation) throws -> Value {
    let saved = try wrap(inv) { try SavedCausalForest.load(from: path) }
    let df = inv.value("data") == nil ? nil : try inv.frame()
    let rows: Int
    switch saved {
    case .single(let f): rows = f.rowCount
    case .multiArm(let m): rows = m.trainingRowCount
    }
    if let df, df.rowCount != rows {
      throw inv.error("\(inv.spec.name): the frame has \(df.rowCount) rows but the forest was trained on \(rows)")
    }
    return .object(CausalForestObject(forest: saved, frame: df))
  }

  // MARK: - helpers

  static func forest(_ inv: Invocation) throws -> CausalForest {
    try inv.object("forest", as: CausalForestObject.self).pick(inv).forest
  }

  /// Runs library code, turning its errors into errors at the command.
  @discardableResult
  static func wrap<T>(_ inv: Invocation, _ body: () throws -> T) throws -> T {
    do { return try body() } catch let e as CausalForestError {
      throw inv.error("\(inv.spec.name): \(e.description)")
    } catch let e as FrameError {
      throw inv.error("\(inv.spec.name): \(e.description)")
    }
  }

  /// Doubly robust scores of the benefit: −Γ when a lower outcome is better (churn), else Γ.
  static func benefitScores(_ inv: Invocation, _ f: CausalForest) throws -> [Double] {
    let g = try DoublyRobust.scores(try f.effectInputs)
    return try inv.bool("lower_is_better") ? g.map { -$0 } : g
  }

  static func priorityValues(_ inv: Invocation, _ obj: CausalForestObject, _ f: CausalForest, _ rows: [Int]) throws
    -> (String, [Double])
  {
    guard let name = try inv.optionalColumn("priority") else {
      let lower = try inv.bool("lower_is_better")
      return (lower ? "-effect" : "effect", lower ? f.oob.tau.map { -$0 } : f.oob.tau)
    }
    let c = try obj.trainingFrame(inv).column(name)
    guard let v = c.doubles() else {
      throw inv.error("\(inv.spec.name): priority '\(name)' must be numeric", at: "priority")
    }
    return (name, rows.map { v[$0] })
  }
}
