import Causal
import Foundation
import Frame
import Policy
import Render

/// Policy evaluation commands: `policy_value`, `compare_policies`, `targeting`, `policy_tree`,
/// `assign_policy` and `drift`. Each parses its arguments, calls the Policy library and wraps the result.
enum PolicyEvaluationCommands {
  static var all: [CommandSpec] { [policyValue, comparePolicies, targeting, policyTree, assignPolicy, drift] }

  // MARK: - Shared options and setup

  static let scoreOptions: [Option] = [
    Option("learner", .string, default: .string("logistic"), CausalCommands.learnerHelp + " (both nuisances)"),
    Option("propensity_learner", .string, "propensity learner (overrides learner)"),
    Option("outcome_learner", .string, "outcome learner (overrides learner)"),
    Option("learner_options", .record, "learner settings, e.g. {trees: 300, rounds: 200}"),
    Option("folds", .int, default: .int(5), "cross-fitting folds of the nuisances"),
    Option("clip", .number, default: .number(0.01), "lower clip of the arm propensities (reported)"),
    Option("seed", .int, default: .int(42), "seed of the folds, learners and the random policy"),
    Option("baseline", .string, "the 'no action' arm (default: none/control/0)"),
    Option("value", .column, "customer value column (money kept when churn is prevented), for net values"),
    Option("costs", .record, "cost per customer of each arm, e.g. {discount_99: 99, support_call: 45}"),
    Option(
      "truth", .bool, default: .bool(true),
      "show the true values when the simulator's true_effect / true_effect_<arm> columns are present"),
  ]

  /// Logged data, DR scores and the frame they came from.
  struct Logged {
    var frame: DataFrame
    var data: MultiArmData
    var scores: PolicyScores
  }

  /// Reads the formula, frame and options and cross-fits the DR scores.
  static func logged(_ inv: Invocation) throws -> Logged {
    let df = try inv.frame()
    let formula = try inv.formula()
    guard formula.treatment != nil else {
      throw inv.error("\(inv.spec.name): write the formula as outcome ~ treatment | covariates", at: "formula")
    }
    let base = try CausalCommands.learnerOption(inv, "learner")
    let pl = inv.has("propensity_learner") ? try CausalCommands.learnerOption(inv, "propensity_learner") : base
    let ol = inv.has("outcome_learner") ? try CausalCommands.learnerOption(inv, "outcome_learner") : base
    return try wrap(inv) {
      let data = try CausalInput.multiArm(
        df, formula: formula, baseline: try inv.optionalString("baseline"),
        design: CausalInput.designOptions(for: [pl, ol], dropMissing: false))
      guard data.n == df.rowCount else {
        throw PolicyEvaluationError.badValues(
          "\(df.rowCount - data.n) rows have missing values; filter them first so every "
            + "customer is evaluated")
      }
      var value: [Double]? = nil
      if let v = try inv.optionalColumn("value") { value = try numbers(df, v, what: "customer value") }
      var costs: [String: Double] = [:]
      if case .record(let rec)? = inv.value("costs") {
        for (k, v) in rec.fields {
          guard let d = v.doubleValue else {
            throw inv.error("costs: '\(k)' must be a number, got \(v.typeName)", at: "costs")
          }
          costs[k] = d
        }
      }
      let truth = try inv.bool("truth") ? trueEffects(df, data) : nil
      let options = AIPWOptions(
        folds: try inv.int("folds"), propensityLearner: pl, outcomeLearner: ol,
        clip: try inv.double("clip"), seed: try inv.int("seed"))
      let s = try PolicyScores.crossFitted(
        data, options: options, customerValue: value, costs: costs, trueEffect: truth)
      return Logged(frame: df, data: data, scores: s)
    }
  }

  /// The logged data and the policy named by the `policy:` column.
  static func loggedWithPolicy(_ inv: Invocation) throws -> (Logged, NamedPolicy) {
    guard let col = try inv.optionalColumn("policy") else {
      throw inv.error("\(inv.spec.name): name the policy column with policy:")
    }
    let l = try logged(inv)
    return (l, try wrap(inv) { NamedPolicy(name: col, arms: try policyColumn(l.frame, col, l.scores)) })
  }

  /// The simulator's true effects per arm: `true_effect` for two arms, `true_effect_<arm>` for several.
  static func trueEffects(_ df: DataFrame, _ data: MultiArmData) throws -> [[Double]]? {
    let n = data.n
    var out = [[Double]](repeating: [Double](repeating: 0, count: n), count: data.arms.count)
    for a in data.arms.indices where a != data.baseline {
      let name = data.arms.count == 2 && df["true_effect"] != nil ? "true_effect" : "true_effect_\(data.arms[a])"
      guard let col = df[name], col.isNumeric, col.missingCount == 0, let v = col.doubles() else { return nil }
      out[a] = v
    }
    return out
  }

  /// A numeric column without missing values.
  static func numbers(_ df: DataFrame, _ name: String, what: String) throws -> [Double] {
    let col = try df.column(name)
    guard let v = col.doubles() else {
      throw PolicyEvaluationError.badValues("\(what) column '\(name)' is text; it must be numeric")
    }
    if col.missingCount > 0 {
      throw PolicyEvaluationError.badValues(
        "\(what) column '\(name)' has \(col.missingCount) missing values; fill them first")
    }
    return v
  }

  /// The arm index per row from a column of arm names (numbers are matched as written, e.g. 0 / 1).
  static func policyColumn(_ df: DataFrame, _ name: String, _ s: PolicyScores) throws -> [Int] {
    let col = try df.column(name)
    return try (0..<df.rowCount).map { i in
      var label: String
      if let t = col.string(at: i) {
        label = t
      } else if let d = col.double(at: i) {
        label = d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) : String(d)
      } else {
        throw PolicyEvaluationError.badValues(
          "policy column '\(name)' is missing at row \(i + 1); every customer needs an arm")
      }
      if label == "true" { label = "1" } else if label == "false" { label = "0" }
      return try s.armIndex(label)
    }
  }

  /// Predicted churn reduction per arm from effect columns: `effect` (two arms) or `effect_<arm>`.
  static func predictedBenefit(_ df: DataFrame, prefix: String, _ s: PolicyScores) throws -> [[Double]]? {
    var out = [[Double]](repeating: [Double](repeating: 0, count: s.n), count: s.arms.count)
    for a in s.arms.indices where a != s.baseline {
      let name = s.arms.count == 2 && df[prefix] != nil ? prefix : "\(prefix)_\(s.arms[a])"
      guard df[name] != nil else { return nil }
      out[a] = try numbers(df, name, what: "effect").map { -$0 }
    }
    return out
  }

  /// Maps library errors to errors at the command.
  static func wrap<T>(_ inv: Invocation, _ body: () throws -> T) throws -> T {
    do { return try body() } catch let e as PolicyEvaluationError {
      throw inv.error("\(inv.spec.name): \(e.description)")
    } catch let e as DriftError {
      throw inv.error("\(inv.spec.name): \(e.description)")
    } catch let e as FeatureReferenceError {
      throw inv.error("\(inv.spec.name): \(e.description)")
    } catch let e as CausalError {
      throw inv.error("\(inv.spec.name): \(e.description)")
    } catch let e as FrameError {
      throw inv.error("\(inv.spec.name): \(e.description)")
    } catch let e as DesignError {
      throw inv.error("\(inv.spec.name): \(e.description)")
    }
  }

  static func estimateFields(_ prefix: String, _ e: Estimate) -> [(String, Value)] {
    [
      (prefix, .number(e.value)), ("\(prefix)_se", .number(e.se)), ("\(prefix)_ci_low", .number(e.ciLow)),
      ("\(prefix)_ci_high", .number(e.ciHigh)),
    ]
  }

  // MARK: - policy_value

  static var policyValue: CommandSpec {
    CommandSpec(
      name: "policy_value", category: "policy",
      summary: "Doubly robust value of a policy (an arm per customer) on logged data, with SE and CI.",
      help: """
        Cross-fits the nuisances of `outcome ~ treatment | covariates` (propensity of each arm, outcome model per
        arm), forms each customer's AIPW score Γᵢ(a) for every arm, and averages Γᵢ(π(i)) for the policy given by
        the `policy:` column (arm names, or 0/1 for a binary treatment). Prints the churn rate under the policy,
        the churn prevented against treating nobody, and — with `value:` and `costs:` — the net money per
        customer, each with SE = sd/√n and a 95% interval. On simulated data the true prevented churn is shown
        beside the estimate. The policy must not have been learned on these same rows (or the value is optimistic).
        """,
      parameters: [Parameter("formula", .formula, "outcome ~ treatment | covariates"), Parameter.data()],
      options: [Option("policy", .column, "column with the arm each customer would get")] + scoreOptions,
      examples: [
        "let logged = sim |> mutate target = risk > 0.5\npolicy_value churn ~ treatment | tenure + Contract on logged with policy: target"
      ]
    ) { inv, _ in
      let (l, p) = try loggedWithPolicy(inv)
      return try wrap(inv) {
        let v = try PolicyEvaluator.evaluate(p, on: l.scores)
        var fields = estimateFields("churn", v.churn) + estimateFields("prevented", v.prevented)
        fields.append(("treated", .number(v.treatedShare)))
        if let t = v.truePrevented { fields.append(("true_prevented", .number(t))) }
        if let nv = v.netValue { fields += estimateFields("net_value", nv) }
        if let t = v.trueNetValue { fields.append(("true_net_value", .number(t))) }
        return .object(
          ReportObject(typeName: "policy_value", reportable: StaticReport(report: report(v, l.scores)), fields: fields))
      }
    }
  }

  static func report(_ v: PolicyValue, _ s: PolicyScores) -> Report {
    var items: [Report.Item] = [
      .fields([
        Report.Field("rows", .int(s.n)),
        Report.Field("treated share", .float(v.treatedShare)),
        Report.Field("arms given", .string(zip(s.arms, v.armCounts).map { "\($0) \($1)" }.joined(separator: ", "))),
        Report.Field("cost per customer", .float(v.costPerCustomer)),
      ]),
      .estimate(v.churn), .estimate(v.prevented),
    ]
    if let t = v.truePrevented { items.append(.fields([Report.Field("true churn prevented", .float(t))])) }
    if let nv = v.netValue { items.append(.estimate(nv)) }
    if let t = v.trueNetValue { items.append(.fields([Report.Field("true net value", .float(t))])) }
    for w in s.warnings { items.append(.warning(w)) }
    return Report(title: "Policy value (doubly robust): \(v.name)", items: items)
  }

  // MARK: - compare_policies

  static var comparePolicies: CommandSpec {
    CommandSpec(
      name: "compare_policies", category: "policy",
      summary: "A policy against treat-none, treat-all, random, risk- and effect-ranked targeting at the same share.",
      help: """
        Evaluates the `policy:` column and the usual alternatives by their doubly robust value on the logged data:
        treat none, treat all (each arm), random targeting (seeded), risk-ranked targeting (`risk:` column, highest
        first) and effect-ranked targeting (predicted effect columns `effect` or `effect_<arm>`, the output of
        `effects`; most negative effect first), the last three treating the same share as the policy. Random and
        risk-ranked targeting give `arm:` (default: the arm with the lowest DR churn). Differences to the policy are
        paired (same customers): the noise of customers treated alike cancels, so their SEs are tighter than the
        values' when the rules mostly agree (not when they pick different customers). True values appear on
        simulated data, and `oracle: true` adds the oracle rule there: the same share ranked by the TRUE benefit, the
        best any score could do. To compare rankings fairly, build the policy and effect columns from a model fitted
        on OTHER rows (`split`, `causal_forest` on the train part, `effects cf on test`) and run this on the held-out
        rows; the DR scores are cross-fitted within the rows given (`folds:`).
        """,
      parameters: [Parameter("formula", .formula, "outcome ~ treatment | covariates"), Parameter.data()],
      options: [
        Option("policy", .column, "column with the arm each customer would get"),
        Option("risk", .column, "churn risk column for risk-ranked targeting"),
        Option("effect", .string, default: .string("effect"), "predicted effect column (or prefix of effect_<arm>)"),
        Option("arm", .string, "the arm random and risk-ranked targeting give"),
        Option(
          "oracle", .bool, default: .bool(false),
          "add the rule ranked by the true effect (simulated data: true_effect / true_effect_<arm> columns)"),
      ] + scoreOptions,
      examples: [
        "let fx = effects pcf |> mutate target = effect < -0.05\ncompare_policies churn ~ treatment | tenure + Contract on fx with policy: target, risk: risk_oof",
        "let parts = sim |> split test: 0.5, seed: 42\nlet cf = causal_forest churn ~ treatment | tenure + Contract on parts.train with trees: 500\nlet fx = effects cf on parts.test |> mutate target = effect <= quantile(effect, 0.2)\ncompare_policies churn ~ treatment | tenure + Contract on fx with policy: target, risk: risk, oracle: true",
      ]
    ) { inv, _ in
      let (l, learned) = try loggedWithPolicy(inv)
      return try wrap(inv) {
        let s = l.scores
        let risk = try inv.optionalColumn("risk").map { try numbers(l.frame, $0, what: "risk") }
        let benefit = try predictedBenefit(l.frame, prefix: try inv.string("effect"), s)
        let arm = try inv.optionalString("arm").map { try s.armIndex($0) }
        let c = try PolicyComparison.run(
          learned: learned, scores: s, risk: risk, predictedBenefit: benefit, arm: arm,
          seed: try inv.int("seed"), oracle: try inv.bool("oracle"))
        let table = c.report.items.compactMap { item -> DataFrame? in
          if case .table(let t, _) = item { return t } else { return nil }
        }
        return .object(
          ReportObject(
            typeName: "policy_comparison", reportable: StaticReport(report: c.report),
            fields: [("table", .frame(table.first ?? DataFrame())), ("share", .number(c.share))]))
      }
    }
  }

  // MARK: - targeting

  static var targeting: CommandSpec {
    CommandSpec(
      name: "targeting", category: "policy",
      summary: "Targeting curve: churn prevented against share treated, effect-ranked vs risk-ranked (DR and true).",
      help: """
        Ranks customers by predicted benefit (the `effect` / `effect_<arm>` columns from `effects`, best arm per
        customer) and by `risk:` (highest first, given `arm:`), and for each share treated prints the doubly robust
        churn prevented per customer (with SE) — and on simulated data the true prevented churn, the oracle's (ranking
        by the true benefit) and their ratio `share_of_oracle`. With `value:` and `costs:` the net value too. Draws the
        curves; `svg:` writes them as an SVG file.
        """,
      parameters: [Parameter("formula", .formula, "outcome ~ treatment | covariates"), Parameter.data()],
      options: [
        Option("risk", .column, "churn risk column for risk-ranked targeting"),
        Option("effect", .string, default: .string("effect"), "predicted effect column (or prefix of effect_<arm>)"),
        Option("arm", .string, "the arm risk-ranked targeting gives (default: lowest DR churn)"),
        Option("points", .int, default: .int(20), "shares 0, 1/points, …, 1 (1 to 1000)"),
        Option("svg", .string, "also write the curves as an SVG file at this path"),
        PlotCommands.widthOption(), PlotCommands.asciiOption,
      ] + scoreOptions,
      examples: ["let fx = effects pcf\ntargeting churn ~ treatment | tenure + Contract on fx with risk: risk_oof"]
    ) { inv, interp in
      let points = try inv.int("points")
      guard (1...1000).contains(points) else {
        throw inv.error("targeting: points must be between 1 and 1000", at: "points")
      }
      let l = try logged(inv)
      return try wrap(inv) {
        let s = l.scores
        var rules: [TargetingRule] = []
        if let b = try predictedBenefit(l.frame, prefix: try inv.string("effect"), s) {
          let best = try ComparisonPolicies.bestArm(s, predictedBenefit: b)
          rules.append(TargetingRule(name: "effect-ranked", score: best.benefit, arm: best.arm))
        }
        if let r = try inv.optionalColumn("risk") {
          let nonBase = s.arms.indices.filter { $0 != s.baseline }
          let fallback = nonBase.min { s.gamma[$0].reduce(0, +) < s.gamma[$1].reduce(0, +) } ?? s.baseline
          let arm = try inv.optionalString("arm").map { try s.armIndex($0) } ?? fallback
          rules.append(
            TargetingRule(
              name: "risk-ranked", score: try numbers(l.frame, r, what: "risk"),
              arm: [Int](repeating: arm, count: s.n)))
        }
        guard !rules.isEmpty else {
          throw PolicyEvaluationError.invalidOption(
            "give effect columns (from `effects`) and/or risk: to rank customers")
        }
        let curve = try TargetingCurve.compute(
          s, rules: rules, shares: (0...points).map { Double($0) / Double(points) })
        var series: [(label: String, x: [Double], y: [Double])] = []
        for r in curve.rules {
          let p = curve.points(of: r)
          series.append(("\(r) (DR)", p.map(\.share), p.map(\.prevented)))
          if p.first?.truePrevented != nil {
            series.append(("\(r) (true)", p.map(\.share), p.map { $0.truePrevented ?? .nan }))
          }
        }
        if let first = curve.rules.first, curve.points.first?.oraclePrevented != nil {
          let p = curve.points(of: first)
          series.append(("oracle (true)", p.map(\.share), p.map { $0.oraclePrevented ?? .nan }))
        }
        let title = "Churn prevented per customer vs share treated"
        let spec = XYPlotSpec(
          series: series.map { XYSeries(label: $0.0, x: $0.1, y: $0.2) }, title: title,
          xLabel: "share treated", yLabel: "churn prevented")
        let plot = PlotObject(
          kind: .line(spec), width: try PlotCommands.width(inv, interp), height: 16,
          ascii: try PlotCommands.ascii(inv, interp))
        try PlotCommands.writeSVG(plot.svg, inv)
        var rep = curve.report
        rep.items.append(.preformatted(plot.text))
        for w in s.warnings { rep.items.append(.warning(w)) }
        return .object(
          ReportObject(
            typeName: "targeting", reportable: StaticReport(report: rep),
            fields: [("curve", .frame(curve.table)), ("text", .string(plot.text)), ("plot", .object(plot))]))
      }
    }
  }

  // MARK: - policy_tree

  static var policyTree: CommandSpec {
    CommandSpec(
      name: "policy_tree", category: "policy",
      summary: "Exact depth-2 policy tree over chosen covariates maximizing the doubly robust value (policytree).",
      help: """
        Cross-fits the AIPW scores of every arm and searches all trees of depth `depth` (1 or 2) over `covariates:`
        (numbers split at observed values, text columns through one indicator per level) for the one whose leaves'
        arms maximize the summed rewards — churn prevented (`objective: churn`) or net money (`objective: net`, needs
        `value:` and `costs:`). Exact by default (Athey & Wager 2021); `thresholds: q` restricts splits to q quantiles
        per covariate for speed. Prints the rule and its doubly robust value on the same rows (in-sample, so
        optimistic: evaluate it on other data with `assign_policy` and `policy_value`).
        """,
      parameters: [Parameter("formula", .formula, "outcome ~ treatment | covariates"), Parameter.data()],
      options: [
        Option("covariates", .columns, "the columns the tree may split on (keep it to a few)"),
        Option("depth", .int, default: .int(2), "tree depth: 1 or 2"),
        Option(
          "objective", .choice(["churn", "net"]), default: .string("churn"), "reward: churn prevented or net money"),
        Option("thresholds", .int, "split only at this many quantiles per covariate (default: every value)"),
        Option("min_node_size", .int, default: .int(1), "smallest leaf"),
      ] + scoreOptions,
      examples: [
        "policy_tree churn ~ arm | tenure + Contract + MonthlyCharges on multi with covariates: [tenure, Contract], costs: {discount_99: 99}"
      ]
    ) { inv, _ in
      guard inv.has("covariates") else { throw inv.error("policy_tree: name the split covariates with covariates:") }
      let cols = try inv.columns("covariates")
      let l = try logged(inv)
      return try wrap(inv) {
        let s = l.scores
        let net = try inv.string("objective") == "net"
        if net && s.customerValue == nil {
          throw PolicyEvaluationError.invalidOption("objective: net needs value: (customer value column) and costs:")
        }
        let rewards = s.arms.indices.map { a in (0..<s.n).map { i in net ? (s.net(a, i) ?? 0) : s.benefit(a, i) } }
        let feats = try PolicyTreeFeatures.features(of: l.frame, columns: cols)
        let x = try PolicyTreeFeatures.matrix(l.frame, features: feats)
        let tree = try PolicyTreeSearch.fit(
          x: x, rewards: rewards, features: feats, arms: s.arms, depth: try inv.int("depth"),
          candidateThresholds: try inv.optionalInt("thresholds"),
          minNodeSize: try inv.int("min_node_size"))
        let v = try PolicyEvaluator.evaluate(NamedPolicy(name: "policy tree", arms: tree.assign(matrix: x)), on: s)
        return .object(PolicyTreeObject(tree: tree, value: v, scores: s))
      }
    }
  }

  static var assignPolicy: CommandSpec {
    CommandSpec(
      name: "assign_policy", category: "policy",
      summary: "Add the arm a policy tree gives each row as a column.",
      help:
        "Adds a text column (default `policy`) with the tree's arm for every row; the frame needs the tree's covariates.",
      parameters: [Parameter("tree", .object("policy_tree"), "a fitted policy tree"), Parameter.data()],
      options: [Option("name", .string, default: .string("policy"), "name of the new column")],
      examples: [
        "let pt = policy_tree churn ~ arm | tenure on multi with covariates: [tenure]\nassign_policy pt on multi"
      ]
    ) { inv, _ in
      let obj = try inv.object("tree", as: PolicyTreeObject.self)
      var df = try inv.frame()
      return try wrap(inv) {
        try df.set(Column(name: try inv.string("name"), strings: try obj.tree.assignNames(df)))
        return .frame(df)
      }
    }
  }

  // MARK: - drift

  static var drift: CommandSpec {
    CommandSpec(
      name: "drift", category: "policy",
      summary: "Has the data drifted? KS / χ² tests and PSI per feature against a reference, with a retrain verdict.",
      help: """
        `drift NEW against REFERENCE` compares each feature of the new frame with the reference (a frame, or a saved
        policy's training distributions): numeric features by the two-sample Kolmogorov–Smirnov test (scipy's
        ks_2samp, exact up to 10,000 rows per side, asymptotic beyond; `ks_method:`), text features by Pearson's χ²
        over the levels seen in either (new levels count), and every feature by the population stability index over
        10 quantile bins of the reference (empty bins floored at 0.01%). A feature drifts when PSI ≥ 0.25, or when its
        test is significant at α/k (Bonferroni over k features) and PSI ≥ 0.1; it is to watch when PSI ≥ 0.1 or the
        test alone is significant. The last line says whether to retrain. Plots the PSI of the worst features.
        """,
      parameters: [
        Parameter.data("the new frame"),
        Parameter("against", .word, "the word `against`"),
        Parameter("reference", .any, "the reference: a frame, or a saved policy"),
      ],
      options: [
        Option("columns", .columns, "features to check (default: the reference's columns that the new frame has)"),
        Option("psi_watch", .number, default: .number(0.1), "PSI at which a feature is worth watching"),
        Option("psi_drift", .number, default: .number(0.25), "PSI at which a feature has drifted"),
        Option("alpha", .number, default: .number(0.01), "family-wise level of the tests (Bonferroni over features)"),
        Option("bins", .int, default: .int(10), "reference-quantile bins of the PSI"),
        Option(
          "ks_method", .choice(KSMethod.allCases.map(\.rawValue)), default: .string("auto"),
          "KS p-value: auto, exact or asymp"),
        Option("top", .int, default: .int(10), "features in the plot"),
        Option("svg", .string, "also write the plot as an SVG file at this path"),
        PlotCommands.widthOption(), PlotCommands.asciiOption,
      ],
      examples: [
        "let old = simulate telco n: 3000, seed: 1\nlet new = simulate telco n: 3000, seed: 2\ndrift new against old"
      ]
    ) { inv, interp in
      guard try inv.string("against") == "against" else {
        throw inv.error("drift: write 'drift NEW against REFERENCE'", at: "against")
      }
      let new = try inv.frame()
      let thresholds = DriftThresholds(
        psiWatch: try inv.double("psi_watch"), psiDrift: try inv.double("psi_drift"),
        alpha: try inv.double("alpha"))
      guard let method = KSMethod(rawValue: try inv.string("ks_method")) else {
        throw inv.error("drift: unknown ks_method", at: "ks_method")
      }
      let top = try inv.int("top")
      guard top >= 1 else { throw inv.error("drift: top must be at least 1", at: "top") }
      let chosen = inv.has("columns") ? try inv.columns("columns") : nil
      return try wrap(inv) {
        let result: DriftResult
        switch inv.value("reference") {
        case .frame(let ref)?:
          let cols = chosen ?? ref.columnNames.filter { new[$0] != nil }
          result = try DriftCheck.run(
            new: new, against: ref, columns: cols, thresholds: thresholds, ksMethod: method,
            bins: try inv.int("bins"))
        case .object(let o)? where o is FeatureReferenceSource:
          var refs = (o as? FeatureReferenceSource)?.featureReferences ?? []
          if let chosen {
            for c in chosen where !refs.contains(where: { $0.name == c }) {
              throw DriftError.invalidOption("the reference has no feature '\(c)'")
            }
            refs = refs.filter { chosen.contains($0.name) }
          }
          result = try DriftCheck.run(
            new: new, against: refs, thresholds: thresholds, ksMethod: method, bins: try inv.int("bins"))
        default:
          throw inv.error(
            "drift: the reference must be a frame or a saved policy, got \(inv.value("reference")?.typeName ?? "nothing")",
            at: "reference")
        }
        let worst = Array(result.worstFirst.prefix(top))
        let spec = BarPlotSpec(
          labels: worst.map { "\($0.name) (\($0.flag.rawValue))" }, values: worst.map(\.psi),
          title: "Population stability index, worst features", valueLabel: "PSI",
          guides: [
            PlotGuide(thresholds.psiWatch, label: "watch: PSI"),
            PlotGuide(thresholds.psiDrift, label: "drift: PSI"),
          ])
        let plot = PlotObject(
          kind: .bar(spec), width: try PlotCommands.width(inv, interp), height: 0,
          ascii: try PlotCommands.ascii(inv, interp))
        try PlotCommands.writeSVG(plot.svg, inv)
        var rep = result.report
        rep.items.insert(.preformatted(plot.text), at: rep.items.count - 1)
        let table = rep.items.compactMap { item -> DataFrame? in
          if case .table(let t, _) = item { return t } else { return nil }
        }
        return .object(
          ReportObject(
            typeName: "drift", reportable: StaticReport(report: rep),
            fields: [
              ("table", .frame(table.first ?? DataFrame())), ("retrain", .bool(result.retrain)),
              ("summary", .string(result.summary)),
              ("drifted", .list(result.worstFirst.filter { $0.flag == .drift }.map { .string($0.name) })),
              ("plot", .object(plot)),
            ]))
      }
    }
  }
}
