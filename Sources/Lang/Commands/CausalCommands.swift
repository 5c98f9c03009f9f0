import Causal
import Frame
import Learn
import Render
import Stats

/// Causal-inference commands: `propensity`, `overlap`, `trim`, `balance`, `estimate`, `iv`, `evalue`.
///
/// Thin adapters over `Sources/Causal/Estimators` and `Sources/Causal/Diagnostics`: parse the arguments,
/// build the inputs from the frame and formula (`outcome ~ treatment | covariates`), call the library, and
/// wrap the result as a language value. Effects are E[Y(1) − Y(0)] on the outcome: an intervention that
/// lowers churn has a NEGATIVE effect ("churn reduction" = −effect).
enum CausalCommands {
  static var all: [CommandSpec] { [propensity, overlap, trim, balance, estimate, iv, evalue] }

  static let learnerHelp = "nuisance learner: logistic (GLM), forest, gbm, or mean (no adjustment)"

  // MARK: - propensity

  static var propensity: CommandSpec {
    CommandSpec(
      name: "propensity", category: "causal",
      summary: "Fit propensity scores P(treatment | covariates), cross-fitted out of fold.",
      help: """
        `propensity treated ~ x1 + x2 on df` (or the causal formula `churn ~ treated | x1 + x2`) fits the
        probability of treatment from the covariates. With `folds: K ≥ 2` (default 5) each row's score comes
        from a model fitted on the other folds (stratified on treatment, seeded); `folds: 1` fits in-sample.
        The result prints the mean score per arm and the AUC (0.5 = like randomization; near 1 = poor
        overlap); `ps.scores` is the score column, `overlap ps` the overlap report, `trim ps` the trimmed frame.
        A text treatment with more than two arms (and no `treated:`) gives one score per arm, fitted
        one-vs-rest and normalized to sum to 1 (fields `e_<arm>`).
        """,
      parameters: [
        Parameter("formula", .formula, "treatment ~ covariates, or outcome ~ treatment | covariates"),
        Parameter.data(),
      ],
      options: [
        Option("model", .string, default: .string("logistic"), learnerHelp),
        Option("folds", .int, default: .int(5), "cross-fitting folds (1 = in-sample)"),
        Option("seed", .int, default: .int(42), "seed of the folds and the learner"),
        Option("treated", .string, "treated arm of a text treatment"),
        Option("control", .string, "control arm of a text treatment"),
        Option(
          "drop_missing", .bool, default: .bool(false), "drop rows with missing values (counted) instead of failing"),
        Option("learner_options", .record, "learner settings, e.g. {trees: 300}"),
      ],
      examples: [
        "let ps = propensity treatment ~ tenure + MonthlyCharges + Contract on sim with model: \"logistic\", folds: 5"
      ]
    ) { inv, interp in
      let df = try inv.frame()
      let learner = try learnerOption(inv, "model")
      let formula = try inv.formula()
      let tName = formula.treatment ?? formula.outcome
      if let c = df[tName], TreatmentArms.of(c, treatedChosen: inv.has("treated")).isSeveral {
        let dropMissing = try inv.bool("drop_missing")
        let data = try CausalInput.multiArm(
          df, formula: formula,
          design: CausalInput.designOptions(
            for: [learner],
            dropMissing: dropMissing),
          dropMissing: dropMissing, withOutcome: false)
        let ps = try Propensity.fitArms(
          data,
          options: PropensityOptions(
            learner: learner, folds: try inv.int("folds"),
            seed: try inv.int("seed")))
        return .object(
          ReportObject(
            typeName: "propensities", reportable: ps,
            fields: [("arms", .list(ps.arms.map { .string($0) }))]
              + ps.arms.indices.map { a in
                ("e_" + ps.arms[a], .column(Column(name: "e_" + ps.arms[a], floats: ps.scores[a])))
              }))
      }
      let parts = try CausalInput.treatmentOnly(
        df, formula: formula, treated: try inv.optionalString("treated"),
        control: try inv.optionalString("control"),
        design: CausalInput.designOptions(
          for: [learner],
          dropMissing: try inv.bool("drop_missing")),
        dropMissing: try inv.bool("drop_missing"))
      for n in parts.notes { interp.warn("propensity: \(n)", at: inv.span) }
      let data = try TreatmentData(
        y: [Double](repeating: 0, count: parts.t.count), t: parts.t, x: parts.x,
        treatmentName: parts.treatmentName)
      let ps = try Propensity.fit(
        data,
        options: PropensityOptions(
          learner: learner, folds: try inv.int("folds"),
          seed: try inv.int("seed")))
      return .object(PropensityObject(scores: ps, frame: df, rows: parts.sourceRows, design: parts.x))
    }
  }

  // MARK: - overlap

  static var overlap: CommandSpec {
    CommandSpec(
      name: "overlap", category: "causal",
      summary: "Overlap report: propensity by arm, extreme scores, common support, histogram.",
      help: """
        Shows per arm the minimum, maximum and mean score and how many rows fall outside [bound, 1 − bound]
        (default 0.05), the common-support range, and the score histograms of the two arms. Extreme scores mean
        some customers were (almost) always or never treated: their inverse weights explode, so prefer target
        "overlap" or "att", or trim them (`trim ps`). Each arm's histogram shows its own share of rows per bin
        (`stat: proportion`, or `density`), so a small treated arm is as readable as a large control arm;
        `stat: count` puts both on one count scale.
        """,
      parameters: [Parameter("scores", .object("propensity"), "propensity scores from `propensity`")],
      options: [
        Option("bound", .number, default: .number(0.05), "extreme-score bound (rows outside [bound, 1 − bound])"),
        Option("bins", .int, default: .int(20), "histogram bins"),
        Option(
          "stat", .choice(HistogramStat.allCases.map(\.rawValue)), default: .string("proportion"),
          "histogram bars: each arm's share of its own rows (proportion, default), density, or count"),
        PlotCommands.widthOption(), PlotCommands.asciiOption,
      ],
      examples: ["overlap ps bound: 0.05"]
    ) { inv, interp in
      let ps = try inv.object("scores", as: PropensityObject.self)
      var r = try Overlap.report(ps.scores, bound: try inv.double("bound"), bins: try inv.int("bins"))
      let stat = HistogramStat(rawValue: try inv.string("stat")) ?? .proportion
      let spec = HistogramSpec(
        series: r.series.map { ValueSeries(label: $0.label, values: $0.values) }, bins: try inv.int("bins"),
        stat: stat, title: "Propensity score by arm (\(stat.rawValue) of each arm)", xLabel: "propensity")
      let plot = PlotObject(
        kind: .histogram(spec), width: try PlotCommands.width(inv, interp), height: 8,
        ascii: try PlotCommands.ascii(inv, interp))
      r.plot = plot.text
      return .object(
        ReportObject(
          typeName: "overlap", reportable: r,
          fields: [
            ("common_support_low", r.commonSupport.map { .number($0.lowerBound) } ?? .missing),
            ("common_support_high", r.commonSupport.map { .number($0.upperBound) } ?? .missing),
            ("outside_support", .int(r.outsideSupport)),
            ("warnings", .list(r.warnings.map { .string($0) })),
            ("plot", .object(plot)),
          ]))
    }
  }

  // MARK: - trim

  static var trim: CommandSpec {
    CommandSpec(
      name: "trim", category: "causal",
      summary: "Rows of the propensity model's frame whose score passes a trimming rule.",
      help: """
        `trim ps` keeps the rows with scores in [0.05, 0.95]; `rule:` takes another bound (0.1),
        "common_support", or "crump" (Crump et al. 2009, the bound minimizing the ATE variance). Always
        reports how many treated and control rows were dropped: after trimming, estimates describe only the
        customers that remain.
        """,
      parameters: [Parameter("scores", .object("propensity"), "propensity scores from `propensity`")],
      options: [
        Option("rule", .any, default: .number(0.05), "a bound a (keep [a, 1 − a]), \"common_support\" or \"crump\"")
      ],
      examples: ["let kept = trim ps rule: \"crump\""]
    ) { inv, interp in
      let ps = try inv.object("scores", as: PropensityObject.self)
      let rule: TrimRule
      switch inv.value("rule") {
      case .number(let d)?: rule = .bounds(d)
      case .int(let i)?: rule = .bounds(Double(i))
      case .string(let s)?: rule = try TrimRule(parsing: s)
      default: throw inv.error("trim: rule must be a number such as 0.05, \"common_support\" or \"crump\"", at: "rule")
      }
      let r = try Overlap.trim(scores: ps.scores.scores, treatment: ps.scores.treatment, rule: rule)
      interp.warn(
        "trim (\(r.rule)): kept \(r.keep.count - r.droppedTreated - r.droppedControl) of \(r.keep.count) rows; "
          + "dropped \(r.droppedTreated) treated and \(r.droppedControl) control", at: inv.span)
      return .frame(ps.frame.rows(r.keptRows.map { ps.rows[$0] }))
    }
  }

  // MARK: - balance

  static var balance: CommandSpec {
    CommandSpec(
      name: "balance", category: "causal",
      summary: "Covariate balance (standardized mean differences, variance ratios) before and after weighting.",
      help: """
        SMD = (mean treated − mean control) / √((s²treated + s²control)/2) with the unweighted SDs in the
        denominator before and after weighting; |SMD| < 0.1 is the usual mark of balance. `propensity: ps`
        weights by inverse probability weights for `target:` (ate, att, atc, overlap); `weights:` names a
        weight column instead. Draws a love plot of |SMD| before (○) and after (●) weighting (o and * with
        ascii: true), with the 0.1 threshold drawn as ┊.
        """,
      parameters: [
        Parameter("formula", .formula, "treatment ~ covariates, or outcome ~ treatment | covariates"),
        Parameter.data(),
      ],
      options: [
        Option("propensity", .object("propensity"), "propensity scores fitted on the same frame and formula"),
        Option("weights", .column, "a column of weights instead of propensity weights"),
        Option("target", .choice(EffectTarget.allCases.map(\.rawValue)), default: .string("ate"), "which IPW weights"),
        Option("treated", .string, "treated arm of a text treatment"),
        Option("control", .string, "control arm of a text treatment"),
        PlotCommands.widthOption(), PlotCommands.asciiOption,
      ],
      examples: ["balance treatment ~ tenure + MonthlyCharges + Contract on sim with propensity: ps, target: \"ate\""]
    ) { inv, interp in
      let df = try inv.frame()
      let design = DesignOptions(
        missing: .error, categorical: .dummies, unseenLevels: .ignore, intercept: false,
        rejectConstant: false)
      let parts = try CausalInput.treatmentOnly(
        df, formula: try inv.formula(), treated: try inv.optionalString("treated"),
        control: try inv.optionalString("control"), design: design)
      var weights: [Double]? = nil
      var how = "no weights"
      let target = try EffectTarget(parsing: try inv.string("target"))
      if inv.has("propensity") {
        let ps = try inv.object("propensity", as: PropensityObject.self)
        guard ps.rows == parts.sourceRows else {
          throw inv.error(
            "balance: the propensity scores were fitted on other rows (\(ps.rows.count) vs \(parts.sourceRows.count)); "
              + "fit them on the same frame and formula", at: "propensity")
        }
        weights = Balance.weights(propensity: ps.scores.scores, treatment: parts.t, target: target)
        how = "\(target.label) inverse probability weights (\(ps.scores.learner))"
      } else if let name = try inv.optionalColumn("weights") {
        guard let w = try df.column(name).doubles() else {
          throw inv.error("weights: '\(name)' must be numeric", at: "weights")
        }
        weights = parts.sourceRows.map { w[$0] }
        how = "weights '\(name)'"
      }
      var table = try Balance.table(x: parts.x, treatment: parts.t, weights: weights, weighting: how)
      let love = table.lovePlotData
      let spec = LovePlotSpec(
        covariates: love.covariates, before: love.before, after: love.after,
        title: "Covariate balance (|standardized mean difference|)")
      let plot = PlotObject(
        kind: .love(spec), width: try PlotCommands.width(inv, interp), height: 0,
        ascii: try PlotCommands.ascii(inv, interp))
      table.plot = plot.text
      return .object(
        ReportObject(
          typeName: "balance", reportable: table,
          fields: [
            ("table", .frame(table.frame)),
            ("max_smd_before", .number(love.before.max() ?? .nan)),
            ("max_smd_after", .number(love.after.max() ?? .nan)),
            ("warnings", .list(table.warnings.map { .string($0) })),
            ("plot", .object(plot)),
          ]))
    }
  }

  // MARK: - estimate

  static let methods = EffectMethod.names

  static var estimate: CommandSpec {
    CommandSpec(
      name: "estimate", category: "causal",
      summary: "Average treatment effect (ate, att, atc, overlap) by naive, IPW, regression, matching or AIPW.",
      help: """
        `estimate ate churn ~ treatment | tenure + Contract on sim with method: "aipw", folds: 5, learner: "gbm"`
        estimates E[Y(1) − Y(0)] (negative = the treatment lowers churn) and prints estimate (SE) [95% CI]
        with the method's settings and warnings.
        methods: naive (difference in means, Neyman SE) · ipw (Horvitz–Thompson) · hajek (normalized IPW) ·
          s_learner / t_learner (regression adjustment, bootstrap SE) · matching (nearest neighbour on the
          logit propensity, Abadie–Imbens SE) · aipw (doubly robust, cross-fitted, influence-function SE).
        targets: ate (everyone), att (the treated), atc (the controls), overlap (weights e(1 − e)).
        Covariates take formula terms (`tenure * Contract + ns(MonthlyCharges, df: 3)`; see `help formula`):
        the nuisance models see the expanded columns.
        A text treatment with more than two arms and no `treated:` gives each arm's AIPW effect against
        `baseline:` (default "none").
        """,
      parameters: [
        Parameter("target", .choice(EffectTarget.allCases.map(\.rawValue) + ["ato"]), "ate, att, atc or overlap"),
        Parameter("formula", .formula, "outcome ~ treatment | covariates"),
        Parameter.data(),
      ],
      options: [
        Option("method", .choice(methods), default: .string("aipw"), "estimator"),
        Option("folds", .int, default: .int(5), "cross-fitting folds for the nuisances (aipw, ipw, hajek)"),
        Option("learner", .string, default: .string("logistic"), learnerHelp + " (both nuisances)"),
        Option("propensity_learner", .string, "propensity learner (overrides learner)"),
        Option("outcome_learner", .string, "outcome learner (overrides learner)"),
        Option("learner_options", .record, "learner settings, e.g. {trees: 300, rounds: 200}"),
        Option("clip", .number, default: .number(0.01), "clip propensities to [clip, 1 − clip] (reported); 0 = off"),
        Option("seed", .int, default: .int(42), "seed of folds, learners, bootstrap"),
        Option("level", .number, default: .number(0.95), "confidence level"),
        Option("treated", .string, "treated arm of a text treatment"),
        Option("control", .string, "control arm of a text treatment"),
        Option("baseline", .string, "baseline arm for several arms"),
        Option("neighbors", .int, default: .int(1), "matching: neighbours per unit"),
        Option("replace", .bool, default: .bool(true), "matching: with replacement"),
        Option("caliper", .number, "matching: caliper in pooled SDs of the logit score (0.2 is usual)"),
        Option("bootstrap", .int, default: .int(100), "s_learner/t_learner: bootstrap resamples for the SE"),
        Option(
          "drop_missing", .bool, default: .bool(false), "drop rows with missing values (counted) instead of failing"),
        Option("cluster", .column, "aipw/ipw/hajek: cluster the influence-function SE by this column's groups (CR1)"),
      ],
      examples: [
        "estimate ate churn ~ treatment | tenure + MonthlyCharges + Contract on sim with method: \"naive\"",
        "let est = estimate ate churn ~ treatment | tenure + MonthlyCharges + Contract on sim with method: \"aipw\", folds: 5",
      ]
    ) { inv, interp in try runEstimate(inv, progress: interp.progressCounts("aipw cross-fitting")) }
  }

  static func runEstimate(_ inv: Invocation, progress: ((Int, Int) -> Void)? = nil) throws -> Value {
    let df = try inv.frame()
    let methodName = try inv.string("method")
    guard let method = EffectMethod(rawValue: methodName) else {
      throw inv.error("estimate: unknown method '\(methodName)'", at: "method")
    }
    var formula = try inv.formula()
    // A method that adjusts for nothing takes `outcome ~ treatment` as it is (no dummy covariate).
    if formula.treatment == nil, !method.usesCovariates, formula.terms.count == 1,
      formula.excluded.isEmpty, formula.terms[0] != "."
    {
      formula = Formula(outcome: formula.outcome, treatment: formula.terms[0], terms: [])
    }
    var settings = EffectMethod.Settings()
    settings.target = try EffectTarget(parsing: try inv.string("target"))
    let base = try learnerOption(inv, "learner")
    settings.propensityLearner = inv.has("propensity_learner") ? try learnerOption(inv, "propensity_learner") : base
    settings.outcomeLearner = inv.has("outcome_learner") ? try learnerOption(inv, "outcome_learner") : base
    let dropMissing = try inv.bool("drop_missing")
    settings.seed = try inv.int("seed")
    settings.folds = try inv.int("folds")
    settings.level = try inv.double("level")
    settings.clip = try inv.double("clip")
    settings.bootstrap = try inv.int("bootstrap")
    settings.neighbors = try inv.int("neighbors")
    settings.replace = try inv.bool("replace")
    settings.caliper = try inv.optionalDouble("caliper")
    guard let tName = formula.treatment else {
      throw inv.error(
        "estimate: write the formula as outcome ~ treatment | covariates (method \"\(methodName)\" "
          + "adjusts for covariates; only `estimate … method: \"naive\"` takes outcome ~ treatment)",
        at: "formula")
    }
    // Several arms: per-arm AIPW effects against a baseline.
    let arms = TreatmentArms.of(
      try df.column(tName), treatedChosen: inv.has("treated"),
      baselineChosen: inv.has("baseline"))
    if case .several(let levels) = arms {
      if inv.has("cluster") {
        throw inv.error(
          "estimate: cluster: is not supported for several arms yet; pick two with treated: and control:",
          at: "cluster")
      }
      guard method.supportsSeveralArms else {
        throw inv.error(
          "estimate: '\(tName)' has \(levels.count) arms; method \"\(methodName)\" compares two — pick "
            + "them with treated: and control:, or use method: \"aipw\" for every arm against the baseline",
          at: "method")
      }
      let data = try CausalInput.multiArm(
        df, formula: formula, baseline: try inv.optionalString("baseline"),
        design: CausalInput.designOptions(
          for: method.learners(settings),
          dropMissing: dropMissing),
        dropMissing: dropMissing)
      return .object(MultiArmObject(effects: try method.estimate(data, settings: settings)))
    }
    let data = try CausalInput.binary(
      df, formula: formula, treated: try inv.optionalString("treated"),
      control: try inv.optionalString("control"),
      design: CausalInput.designOptions(
        for: method.learners(settings),
        dropMissing: dropMissing),
      dropMissing: dropMissing)
    if let name = try inv.optionalColumn("cluster") {
      guard method.supportsClusters else {
        throw inv.error(
          "estimate: cluster: applies to methods aipw, ipw and hajek (their SE comes from an influence "
            + "function); method \"\(methodName)\" has its own SE", at: "cluster")
      }
      do { settings.clusters = try clusterLabels(name, frame: df, rows: data.sourceRows) } catch let e as ModelError {
        throw inv.error("estimate: \(e.description)", at: "cluster")
      }
    }
    guard method.supports(settings.target) else {
      throw inv.error("estimate: the naive difference has no target other than ate", at: "target")
    }
    return .object(try method.estimate(data, settings: settings, progress: progress))
  }

  // MARK: - iv

  static var iv: CommandSpec {
    CommandSpec(
      name: "iv", category: "causal",
      summary: "Instrumental-variable effect (Wald / 2SLS) with the first-stage F and a weak-instrument warning.",
      help: """
        `iv churn ~ treatment | tenure + Contract on sim with instrument: offer_weekday` runs two-stage least
        squares: the instrument must move the treatment (relevance, checked by the first-stage F; F < 10 is
        weak) and reach the outcome only through it (exclusion, not testable). The estimate is the effect for
        compliers. Without covariates (`iv churn ~ treatment`) and a 0/1 instrument it is the Wald ratio.
        """,
      parameters: [
        Parameter("formula", .formula, "outcome ~ treatment | covariates (or outcome ~ treatment)"),
        Parameter.data(),
      ],
      options: [
        Option("instrument", .columns, "instrument column(s); text columns become dummies"),
        Option(
          "se", .choice(IVStandardError.allCases.map(\.rawValue)), default: .string("robust"),
          "robust (HC1) or classical standard errors"),
        Option("treated", .string, "treated arm of a text treatment"),
        Option("control", .string, "control arm of a text treatment"),
        Option("level", .number, default: .number(0.95), "confidence level"),
      ],
      examples: ["iv churn ~ treatment | tenure + Contract on sim with instrument: offer_weekday"]
    ) { inv, _ in
      let df = try inv.frame()
      var formula = try inv.formula()
      if formula.treatment == nil {
        guard formula.terms.count == 1, formula.terms[0] != "." else {
          throw inv.error("iv: write outcome ~ treatment | covariates (or outcome ~ treatment)", at: "formula")
        }
        formula = Formula(outcome: formula.outcome, treatment: formula.terms[0], terms: [], excluded: [])
      }
      let instruments = try inv.columns("instrument")
      guard !instruments.isEmpty else {
        throw inv.error("iv: name the instrument with instrument: column", at: "instrument")
      }
      guard let tName = formula.treatment else { throw inv.error("iv: the formula needs a treatment", at: "formula") }
      let opts = DesignOptions(
        missing: .error, categorical: .dummies, unseenLevels: .ignore, intercept: false,
        rejectConstant: false)
      let yCol = try df.column(formula.outcome)
      guard
        let y = try DesignSpec.fit(
          Formula(outcome: formula.outcome, terms: [tName]), on: df,
          outcome: yCol.type == .float || yCol.type == .int ? .continuous : .binary,
          options: opts
        ).data(df).y
      else {
        throw inv.error("iv: could not encode the outcome '\(formula.outcome)'", at: "formula")
      }
      let tCol = try df.column(tName)
      let coded = try binaryTreatmentOrNumber(
        tCol, treated: try inv.optionalString("treated"),
        control: try inv.optionalString("control"))
      if let i = coded.firstIndex(where: { $0 == nil }) {
        throw inv.error(
          "iv: treatment '\(tName)' is missing (or another arm) in row \(i + 1); filter those rows first",
          at: "formula")
      }
      let zFormula = Formula(outcome: formula.outcome, terms: instruments)
      let z = try DesignSpec.fit(zFormula, on: df, outcome: nil, options: opts).transform(df)
      var x: DesignMatrix? = nil
      if !formula.terms.isEmpty {
        let xf = Formula(
          outcome: formula.outcome, terms: formula.terms, excluded: formula.excluded + [tName] + instruments)
        x = try DesignSpec.fit(xf, on: df, outcome: nil, options: opts).transform(df)
      }
      guard let se = IVStandardError(rawValue: try inv.string("se")) else {
        throw inv.error("iv: unknown se", at: "se")
      }
      var r = try InstrumentalVariables.twoStageLeastSquares(
        y: y, t: coded.map { $0 ?? .nan }, instruments: z, covariates: x,
        se: se, level: try inv.double("level"))
      r.details =
        [Report.Field("outcome", .string(formula.outcome)), Report.Field("treatment", .string(tName))] + r.details
      return .object(
        ReportObject(
          typeName: "iv", reportable: r,
          fields: estimateFields(r.estimate) + [
            ("first_stage_f", .number(r.firstStageF)), ("partial_r2", .number(r.partialR2)),
            ("warnings", .list(r.warnings.map { .string($0) })),
          ]))
    }
  }

  // MARK: - evalue

  static var evalue: CommandSpec {
    CommandSpec(
      name: "evalue", category: "causal",
      summary: "E-value: how strong an unmeasured confounder would have to be to explain an effect away.",
      help: """
        `evalue est` converts an effect on churn to a risk ratio with the control risk p₀ (the estimator's
        E[Y(0)], or `control_risk:`), RR = (p₀ + effect)/p₀, and reports the E-values of the estimate and of the
        interval bound nearer 1 (VanderWeele & Ding 2017). `evalue rr: 0.6, low: 0.5, high: 0.75` works on a
        risk ratio directly.
        """,
      parameters: [Parameter("estimate", .object("estimate"), "an effect from `estimate`", required: false)],
      options: [
        Option("control_risk", .number, "outcome rate without treatment (default: the estimator's E[Y(0)])"),
        Option("rr", .number, "a risk ratio instead of an estimate"),
        Option("low", .number, "lower confidence bound of rr"),
        Option("high", .number, "upper confidence bound of rr"),
      ],
      examples: ["evalue est"]
    ) { inv, _ in
      let r: EValueResult
      if inv.has("estimate") {
        let e = try inv.object("estimate", as: EffectEstimate.self)
        r = try EValue.forEffect(e, controlRisk: try inv.optionalDouble("control_risk"))
      } else if let rr = try inv.optionalDouble("rr") {
        r = try EValue.forRiskRatio(
          rr, low: try inv.optionalDouble("low") ?? rr, high: try inv.optionalDouble("high") ?? rr)
      } else {
        throw inv.error("evalue: give an estimate (evalue est) or a risk ratio (evalue rr: 0.6, low: 0.5, high: 0.75)")
      }
      return .object(
        ReportObject(
          typeName: "evalue", reportable: r,
          fields: [
            ("evalue", .number(r.eValue)), ("evalue_ci", .number(r.eValueCI)), ("risk_ratio", .number(r.riskRatio)),
            ("rr_low", .number(r.riskRatioLow)), ("rr_high", .number(r.riskRatioHigh)),
          ]))
    }
  }

  // MARK: - Helpers

  /// The learner named by option `name`, built with `learner_options`.
  static func learnerOption(_ inv: Invocation, _ name: String) throws -> any NuisanceLearner {
    let learnerName = try inv.string(name)
    var params: [String: Double] = [:]
    if case .record(let rec)? = inv.value("learner_options") {
      for (k, v) in rec.fields {
        guard let d = v.doubleValue else {
          throw inv.error("learner_options: '\(k)' must be a number, got \(v.typeName)", at: "learner_options")
        }
        params[k] = d
      }
    }
    do {
      return try NuisanceLearners.named(learnerName, parameters: params)
    } catch let e as CausalError {
      throw inv.error(e.description, at: name)
    }
  }

  /// A treatment as numbers: numeric columns as they are, text/bool as 0/1 via `binaryTreatment`.
  static func binaryTreatmentOrNumber(_ c: Column, treated: String?, control: String?) throws -> [Double?] {
    if c.type == .float || c.type == .int { return (0..<c.count).map { c.double(at: $0) } }
    return try binaryTreatment(c, treated: treated, control: control).values
  }

  /// The fields every estimate exposes: estimate, se, ci_low, ci_high, p_value, n, level.
  static func estimateFields(_ e: Estimate) -> [(String, Value)] {
    [
      ("estimate", .number(e.value)), ("se", .number(e.se)), ("ci_low", .number(e.ciLow)),
      ("ci_high", .number(e.ciHigh)),
      ("p_value", e.pValue.map { .number($0) } ?? .missing), ("n", e.n.map { .int($0) } ?? .missing),
      ("level", .number(e.level)),
    ]
  }
}

// MARK: - Language values
