import Experiment
import Frame
import Render

/// Experiment monitoring commands: `sequential` (always-valid confidence sequence), `peeking` (the A/A
/// simulation), `validate_effects` (predicted vs actual effects on an experiment) and `bandit`.
///
/// Thin adapters over `Sources/Experiment` (SequentialTest, PeekingSimulation, EffectValidation, Bandit):
/// read the arm and outcome columns, call the library, wrap the report and its numbers as fields.
enum MonitoringCommands {
  static var all: [CommandSpec] { [sequential, peeking, validateEffects, bandit] }

  /// The `policies:` names of `bandit`, in run order.
  static let policyNames = ["equal", "epsilon", "thompson", "thompson_segment"]

  /// Plot size and output options, as the plot commands have them (the title is fixed here).
  static var plotOptions: [Option] { PlotCommands.sizeOptions.filter { $0.name != "title" } }

  /// Which arm is the control, and which the treatment when the arm column has more than two levels.
  static let armOptions: [Option] = [
    Option("control", .string, "the control arm's level (a 0/1 arm: 0 is control)"),
    Option("treatment", .string, "the treated arm's level when the arm column has more than two"),
  ]

  // MARK: - sequential

  static var sequential: CommandSpec {
    CommandSpec(
      name: "sequential", category: "experiments",
      summary: "Always-valid confidence sequence for the difference between two arms, look by look.",
      help: """
        `sequential churn ~ arm on exp with control: "control", time: day` reads the experiment in order of
        `time` and, after each distinct time value (each look), prints the asymptotic confidence sequence of
        Waudby-Smith et al. (2024) for the treated − control difference in the outcome's mean (a rate for a
        0/1 outcome) beside the fixed-horizon Wald interval. The sequence holds at every look at once, so
        the test may be watched daily and stopped as soon as it excludes 0; the fixed interval is valid only
        at one look planned in advance. `planned_n:` tunes where the sequence is tightest (default: all rows);
        `share:` is the design's probability of treatment (default 0.5). Without `time:` the rows are read in
        order with `looks:` evenly spaced looks. See: help sequential, help peeking.
        """,
      parameters: [Parameter("formula", .formula, "outcome ~ arm"), Parameter.data()],
      options: armOptions + [
        Option("time", .column, "order/time column; a look after each distinct value"),
        Option("looks", .int, default: .int(20), "looks without a time column"),
        Option("alpha", .number, default: .number(0.05), "error rate of the whole sequence"),
        Option("planned_n", .int, "sample size at which the sequence is tightest (default: rows analysed)"),
        Option("share", .number, default: .number(0.5), "the design's probability of treatment"),
      ] + plotOptions,
      examples: ["sequential churn ~ arm on exp with control: \"control\", time: day"]
    ) { inv, interp in
      let df = try inv.frame()
      let formula = try inv.formula()
      var time: [Double]? = nil
      let timeName = try inv.optionalColumn("time")
      if let t = timeName {
        guard let v = try df.column(t).doubles() else {
          throw inv.error("sequential: time column '\(t)' is text; give a numeric day or order column", at: "time")
        }
        time = v
      }
      let arms = try ArmColumns.read(inv, df, formula: formula, extra: time.map { [$0] } ?? [], interp: interp)
      let options = SequentialOptions(
        alpha: try inv.double("alpha"), plannedN: try inv.optionalInt("planned_n"),
        treatedShare: try inv.double("share"))
      let r = try SequentialTest.run(
        outcome: arms.outcome, treated: arms.treated, time: arms.extra.first,
        looks: try inv.int("looks"), options: options, outcomeName: formula.outcome,
        timeName: timeName)
      let x = r.looks.columns[0].doubles() ?? []
      func col(_ n: String) -> [Double] { r.looks[n]?.doubles() ?? [] }
      let spec = XYPlotSpec(
        series: [
          XYSeries(label: "sequence low", x: x, y: col("cs_low")),
          XYSeries(label: "sequence high", x: x, y: col("cs_high")),
          XYSeries(label: "fixed CI low", x: x, y: col("ci_low")),
          XYSeries(label: "fixed CI high", x: x, y: col("ci_high")),
          XYSeries(label: "estimate", x: x, y: col("diff")),
        ], title: "Confidence sequence vs fixed-horizon CI (\(arms.treatedLevel) − \(arms.controlLevel))",
        xLabel: timeName ?? "rows", yLabel: "difference in \(formula.outcome)", hline: 0)
      let plot = try PlotCommands.render(.line(spec), inv: inv, interp: interp, height: 14)
      var rep = r.report
      rep.items.append(.preformatted(plot.text))
      return .object(
        ReportObject(
          typeName: "sequential", reportable: StaticReport(report: rep),
          fields: [
            ("looks", .frame(r.looks)), ("rho2", .number(r.rhoSquared)), ("width_ratio", .number(r.widthRatio)),
            ("first_exclusion", r.firstExclusion.map { .number($0) } ?? .missing),
            ("first_naive_exclusion", r.firstNaiveExclusion.map { .number($0) } ?? .missing),
            ("plot", .object(plot)),
          ]))
    }
  }

  // MARK: - peeking

  static var peeking: CommandSpec {
    CommandSpec(
      name: "peeking", category: "experiments",
      summary: "Simulate A/A tests read daily: false-positive rate of the peeked z test vs the confidence sequence.",
      help: """
        Runs `simulations` seeded A/A experiments (the same true rate in both arms), each with `per_day`
        customers a day for `days` days, randomized 50/50, and reads each at the end of every day with the
        pooled two-proportion z test and with the asymptotic confidence sequence tuned for the final size.
        Reports how often each declared a difference that does not exist — at any look (peeking), and for
        the z test at the last look only — and the price of always-validity: the sequence's width divided
        by the fixed interval's at the end. Experiment i uses its own derived random stream, so the result
        is the same for any number of threads. See: help peeking.
        """,
      options: [
        Option("simulations", .int, default: .int(2000), "number of simulated A/A tests"),
        Option("days", .int, default: .int(30), "days per test (one look per day)"),
        Option("per_day", .int, default: .int(100), "customers entering per day, both arms together"),
        Option("rate", .number, default: .number(0.3), "true outcome rate in both arms"),
        Option("alpha", .number, default: .number(0.05), "significance level / error rate"),
        Option("seed", .int, default: .int(42), "random seed"),
      ] + plotOptions,
      examples: ["peeking simulations: 2000, days: 30, per_day: 100, rate: 0.3, seed: 42"]
    ) { inv, interp in
      let r = try PeekingSimulation.run(
        PeekingOptions(
          simulations: try inv.int("simulations"), days: try inv.int("days"), perDay: try inv.int("per_day"),
          rate: try inv.double("rate"), alpha: try inv.double("alpha"), seed: try inv.int("seed")))
      let c = r.curve
      let day = c["day"]?.doubles() ?? []
      let spec = XYPlotSpec(
        series: [
          XYSeries(label: "z test, peeked daily", x: day, y: r.peekedByDay),
          XYSeries(label: "confidence sequence", x: day, y: r.sequentialByDay),
        ],
        title: "Share of A/A tests declared significant by day", xLabel: "day",
        yLabel: "false-positive rate", hline: r.options.alpha)
      let plot = try PlotCommands.render(.line(spec), inv: inv, interp: interp, height: 12)
      var rep = r.report
      rep.items.append(.preformatted(plot.text))
      return .object(
        ReportObject(
          typeName: "peeking", reportable: StaticReport(report: rep),
          fields: [
            ("peeked_fpr", .number(r.peekedFPR)), ("final_fpr", .number(r.finalFPR)),
            ("sequential_fpr", .number(r.sequentialFPR)), ("width_ratio", .number(r.widthRatio)),
            ("curve", .frame(c)), ("plot", .object(plot)),
          ]))
    }
  }

  // MARK: - validate_effects

  static var validateEffects: CommandSpec {
    CommandSpec(
      name: "validate_effects", category: "experiments",
      summary: "Predicted vs actual effects by group of predicted effect on a randomized experiment.",
      help: """
        `validate_effects pred ~ arm on exp with outcome: churn, control: "control", groups: 4` sorts the
        experiment's customers by their PREDICTED effect (column `pred`, e.g. from a causal forest fitted on
        observational history), cuts them into `groups` equal-sized groups, and measures each group's ACTUAL
        effect from the randomized arms: difference in outcome means (treated − control) with its unpooled
        SE and normal interval. Then: the calibration slope of actual on predicted (weighted least squares
        over the groups, weights 1/SE², coefficient SEs from (XᵀWX)⁻¹), the R² of group-level predicted vs
        actual (squared correlation), and the Qini curve of the prediction on the experimental rows (scores
        from the arm means and the observed treated share). Effects are on the outcome: for churn a helpful
        offer is negative, and `lower_is_better: true` (default) targets the most negative predictions first.
        """,
      parameters: [Parameter("formula", .formula, "predicted_effect ~ arm"), Parameter.data()],
      options: [
        Option("outcome", .column, "the experiment's outcome column (required)")
      ] + armOptions + [
        Option("groups", .int, default: .int(4), "number of equal-sized groups of predicted effect"),
        Option("alpha", .number, default: .number(0.05), "1 − confidence level of the group intervals"),
        Option("lower_is_better", .bool, default: .bool(true), "benefit = −effect (churn); false: benefit = effect"),
      ] + plotOptions,
      examples: ["validate_effects pred ~ arm on exp with outcome: churn, control: \"control\", groups: 4"]
    ) { inv, interp in
      let df = try inv.frame()
      let formula = try inv.formula()
      guard let outcomeName = try inv.optionalColumn("outcome") else {
        throw inv.error("validate_effects needs the experiment's outcome: add outcome: COLUMN (e.g. outcome: churn)")
      }
      let predName = formula.outcome
      guard let predicted = try df.column(predName).doubles() else {
        throw inv.error("validate_effects: predicted effect '\(predName)' must be numeric", at: "formula")
      }
      let swapped = Formula(outcome: outcomeName, terms: formula.terms)
      let arms = try ArmColumns.read(inv, df, formula: swapped, extra: [predicted], interp: interp)
      let r = try EffectValidation.run(
        predicted: arms.extra[0], outcome: arms.outcome, treated: arms.treated,
        groups: try inv.int("groups"), alpha: try inv.double("alpha"),
        lowerIsBetter: try inv.bool("lower_is_better"), predictedName: predName,
        outcomeName: outcomeName)
      let q = r.qini.curve
      let qx = q["q"]?.doubles() ?? []
      let spec = XYPlotSpec(
        series: [
          XYSeries(label: "gain", x: qx, y: q["gain"]?.doubles() ?? []),
          XYSeries(label: "random", x: qx, y: q["random"]?.doubles() ?? []),
        ],
        title: "Qini curve on the experiment", xLabel: "share treated", yLabel: "gain")
      let plot = try PlotCommands.render(.line(spec), inv: inv, interp: interp, height: 12)
      var rep = r.report
      rep.items.append(.preformatted(plot.text))
      return .object(
        ReportObject(
          typeName: "effect_validation", reportable: StaticReport(report: rep),
          fields: [
            ("groups", .frame(r.groups)), ("slope", .number(r.slope)), ("slope_se", .number(r.slopeSE)),
            ("intercept", .number(r.intercept)), ("intercept_se", .number(r.interceptSE)), ("r2", .number(r.r2)),
            ("qini_area", .number(r.qini.area)), ("qini", .frame(q)), ("plot", .object(plot)),
          ]))
    }
  }

  // MARK: - bandit

  static var bandit: CommandSpec {
    CommandSpec(
      name: "bandit", category: "experiments",
      summary: "Thompson sampling vs equal split and epsilon-greedy against known success probabilities.",
      help: """
        `bandit p_none p_offer p_call on customers with horizon: 100000, by: Contract, baseline: p_none` treats
        each column as one arm's TRUE success probability per customer (e.g. 1 − churn probability under that
        action, from the simulator). Customers arrive at random (with replacement); each policy picks an arm,
        the arm succeeds with that customer's probability. Policies: a fixed equal split, epsilon-greedy
        (`epsilon:`), Thompson sampling with Beta(1 + successes, 1 + failures) posteriors, and with `by:` also
        Thompson sampling per segment. All share the same arrivals and outcome draws. Regret = expected
        successes lost against always playing the best arm of the customer's segment (the best single arm
        without `by:`); prevented = expected extra successes against `baseline:`. See: help bandits.
        """,
      parameters: [
        Parameter.data(), Parameter("arms", .columns, "one column of success probabilities per arm", variadic: true),
      ],
      options: [
        Option("horizon", .int, default: .int(100_000), "number of decisions"),
        Option("by", .column, "segment column: regret against each segment's best arm, and Thompson per segment"),
        Option("baseline", .column, "the arm that does nothing, for churn prevented"),
        Option("epsilon", .number, default: .number(0.1), "exploration rate of epsilon-greedy"),
        Option("seed", .int, default: .int(42), "random seed (same arrivals and draws for every policy)"),
        Option("points", .int, default: .int(50), "points on the regret curve"),
        Option("policies", .choices(policyNames), "which policies to run (default: all; thompson_segment needs by:)"),
      ] + plotOptions,
      examples: ["bandit retain_none retain_offer on customers with horizon: 50000, baseline: retain_none, seed: 42"]
    ) { inv, interp in
      let df = try inv.frame()
      let names = try inv.columns("arms")
      guard names.count >= 2 else { throw inv.error("bandit needs at least two arm columns", at: "arms") }
      let k = names.count
      let columns = try names.map { n -> [Double] in
        guard let v = try df.column(n).doubles() else {
          throw inv.error("bandit: arm column '\(n)' is text; give success probabilities in [0, 1]", at: "arms")
        }
        return v
      }
      var prob = [Double](repeating: 0, count: df.rowCount * k)
      for i in 0..<df.rowCount { for a in 0..<k { prob[i * k + a] = columns[a][i] } }
      var segment: [Int]? = nil
      var segmentNames = ["all"]
      if let by = try inv.optionalColumn("by") {
        let c = try df.column(by)
        let labels = (0..<df.rowCount).map { i -> String in
          let v = c.value(at: i)
          return v.isMissing ? "NA" : formatCell(v)
        }
        segmentNames = Array(Set(labels)).sorted()
        guard segmentNames.count <= 1000 else {
          throw inv.error(
            "bandit: '\(by)' has \(segmentNames.count) levels; segment by a column with at most 1000", at: "by")
        }
        let index = Dictionary(uniqueKeysWithValues: segmentNames.enumerated().map { ($1, $0) })
        segment = labels.map { index[$0] ?? 0 }
      }
      var baseline: Int? = nil
      if let b = try inv.optionalColumn("baseline") {
        guard let j = names.firstIndex(of: b) else {
          throw inv.error(
            "bandit: baseline '\(b)' is not one of the arms (\(names.joined(separator: ", ")))", at: "baseline")
        }
        baseline = j
      }
      let problem = try BanditProblem(
        arms: names, probability: prob, segment: segment, segmentNames: segmentNames,
        baseline: baseline)
      let eps = try inv.double("epsilon")
      let all: [BanditPolicy] =
        [.equalSplit, .epsilonGreedy(eps), .thompson] + (segment != nil ? [.thompsonBySegment] : [])
      var policies = all
      if inv.has("policies") {
        let chosen = try inv.strings("policies", what: "policy names")
        if chosen.contains("thompson_segment") && segment == nil {
          throw inv.error("bandit: thompson_segment needs segments: add by: COLUMN", at: "policies")
        }
        policies = zip(policyNames, [.equalSplit, .epsilonGreedy(eps), .thompson, .thompsonBySegment])
          .filter { chosen.contains($0.0) }.map(\.1)
      }
      let r = try Bandit.compare(
        problem, policies: policies, horizon: try inv.int("horizon"), seed: try inv.int("seed"),
        points: try inv.int("points"))
      let t = r.checkpoints.map(Double.init)
      let spec = XYPlotSpec(
        series: r.runs.map { XYSeries(label: $0.policy.name, x: t, y: $0.curve) },
        title: "Cumulative regret", xLabel: "decisions", yLabel: "regret")
      let plot = try PlotCommands.render(.line(spec), inv: inv, interp: interp, height: 12)
      var rep = r.report
      rep.items.append(.preformatted(plot.text))
      return .object(
        ReportObject(
          typeName: "bandit", reportable: StaticReport(report: rep),
          fields: [
            ("table", .frame(r.table)), ("curve", .frame(r.curve)), ("plot", .object(plot)),
          ]))
    }
  }
}

/// The outcome and arm of a two-arm experiment read from a frame (`outcome ~ arm`), rows with a missing
/// outcome, arm or extra column dropped (with a warning that counts them).
struct ArmColumns {
  var outcome: [Double]
  var treated: [Bool]
  /// The extra columns, restricted to the kept rows.
  var extra: [[Double]]
  var controlLevel: String
  var treatedLevel: String

  static func read(
    _ inv: Invocation, _ df: DataFrame, formula: Formula, extra: [[Double]],
    interp: Interpreter
  ) throws -> ArmColumns {
    let armName = formula.treatment ?? formula.terms.first
    guard let armName, formula.terms.count + (formula.treatment == nil ? 0 : 1) == 1 else {
      throw inv.error("\(inv.spec.name): write the formula as outcome ~ arm (one arm column)", at: "formula")
    }
    guard let y = try df.column(formula.outcome).doubles() else {
      throw inv.error(
        "\(inv.spec.name): outcome '\(formula.outcome)' is text; use a 0/1 or numeric column "
          + "(e.g. mutate churned = Churn == \"Yes\")", at: "formula")
    }
    let arm = try df.column(armName)
    let n = df.rowCount
    var labels = [String?](repeating: nil, count: n)
    for i in 0..<n where !arm.isMissing(i) { labels[i] = formatCell(arm.value(at: i)) }
    let levels = Array(Set(labels.compactMap { $0 })).sorted()
    let control: String
    if let c = try inv.optionalString("control") {
      guard levels.contains(c) else {
        throw inv.error(
          "\(inv.spec.name): control level '\(c)' does not occur in '\(armName)' (levels: "
            + levels.prefix(10).joined(separator: ", ") + ")", at: "control")
      }
      control = c
    } else if levels == ["0", "1"] || levels == ["false", "true"] {
      control = levels[0]
    } else {
      throw inv.error(
        "\(inv.spec.name): name the control arm, e.g. control: \"\(levels.first ?? "control")\"", at: "control")
    }
    let others = levels.filter { $0 != control }
    let treatedLevel: String
    if let t = try inv.optionalString("treatment") {
      guard others.contains(t) else {
        throw inv.error("\(inv.spec.name): treatment level '\(t)' does not occur in '\(armName)'", at: "treatment")
      }
      treatedLevel = t
    } else {
      guard others.count == 1 else {
        throw inv.error(
          "\(inv.spec.name): '\(armName)' has \(others.count) non-control levels "
            + "(\(others.prefix(10).joined(separator: ", "))); pick one with treatment: \"LEVEL\"",
          at: others.isEmpty ? "control" : "formula")
      }
      treatedLevel = others[0]
    }
    var out = ArmColumns(
      outcome: [], treated: [], extra: extra.map { _ in [] }, controlLevel: control,
      treatedLevel: treatedLevel)
    var dropped = 0
    for i in 0..<n {
      guard let l = labels[i], l == control || l == treatedLevel else {
        if labels[i] == nil { dropped += 1 }
        continue
      }
      guard y[i].isFinite, extra.allSatisfy({ $0[i].isFinite }) else {
        dropped += 1
        continue
      }
      out.outcome.append(y[i])
      out.treated.append(l == treatedLevel)
      for e in extra.indices { out.extra[e].append(extra[e][i]) }
    }
    if dropped > 0 {
      interp.warn(
        "\(inv.spec.name): dropped \(dropped) of \(n) rows with a missing arm, outcome or other column", at: inv.span)
    }
    return out
  }
}
