import Experiment
import Foundation
import Frame
import Render
import Stats

/// Experiment commands: `prop_test`, `power`, `mde`, `power_curve`, `srm`, `ab_test`, `randomize`.
///
/// Thin adapters over `Sources/Experiment`: read the arguments, call the library, wrap the result with its
/// numbers as fields. Differences are treatment − control (an offer that lowers churn has a negative `diff`).
enum ExperimentCommands {
  static var all: [CommandSpec] {
    [propTest, power, mde, powerCurve, srm, abTest, randomize].map(reportingLibraryErrors)
  }

  /// Wraps a command so that an ``ExperimentError`` becomes an error at the command, prefixed once with its name.
  static func reportingLibraryErrors(_ spec: CommandSpec) -> CommandSpec {
    var s = spec
    let run = spec.run
    s.run = { inv, interp in
      do {
        return try run(inv, interp)
      } catch let e as ExperimentError {
        let m = e.description
        throw inv.error(m.hasPrefix(inv.spec.name + ":") ? m : "\(inv.spec.name): \(m)")
      }
    }
    return s
  }

  static let powerFamilies = PowerFamily.allCases.map(\.rawValue)

  // MARK: - prop_test

  static var propTest: CommandSpec {
    CommandSpec(
      name: "prop_test", category: "experiments",
      summary: "Compare two proportions from typed counts: z, chi2, Fisher, Wald and Newcombe intervals.",
      help: """
        `prop_test successes: [x1, x0], trials: [n1, n0]` compares the first arm (treatment) with the second
        (control): difference p1 − p0 with Wald and Newcombe (Wilson score) intervals, the pooled z test and
        χ² = z², the relative difference p1/p0 − 1 with a delta-method interval on the log-ratio scale, and
        Fisher's exact test. Fisher's p becomes THE p-value (`p_value`) when an expected cell count is under 5,
        or always with `fisher: true` (`fisher: false` keeps the z test). Fields: diff, ci_low, ci_high,
        newcombe_low, newcombe_high, z, chi2, p_value, z_p_value, fisher_p_value, odds_ratio, relative,
        relative_low, relative_high, rate_treatment, rate_control, se. See: help p-value.
        """,
      options: [
        Option("successes", .list, "successes per arm: [treatment, control]"),
        Option("trials", .list, "units per arm: [treatment, control]"),
        Option("arms", .list, default: .strings(["treatment", "control"]), "the two arms' names"),
        Option("level", .number, default: .number(0.95), "confidence level of the intervals"),
        Option("fisher", .bool, "true: always use Fisher's exact p; false: never; absent: when an expected count < 5"),
      ],
      examples: ["prop_test successes: [128, 168], trials: [400, 400]"]
    ) { inv, _ in
      let x = try intPair(inv, "successes"), n = try intPair(inv, "trials")
      let names = try inv.strings("arms", what: "arm names")
      guard names.count == 2 else {
        throw inv.error("prop_test: arms: needs two names, got \(names.count)", at: "arms")
      }
      let fisher: Bool? = inv.has("fisher") ? try inv.bool("fisher") : nil
      let r = try Proportions.compare(
        successes: x[0], trials: n[0], controlSuccesses: x[1], controlTrials: n[1],
        level: try inv.double("level"), fisher: fisher, labels: (names[0], names[1]))
      return .object(proportionObject(r))
    }
  }

  /// The two-proportion result with the issue's field names.
  static func proportionObject(_ r: TwoProportionTest, extra: [(String, Value)] = []) -> ReportObject {
    ReportObject(
      typeName: "prop_test", reportable: r,
      fields: [
        ("diff", .number(r.difference)), ("se", .number(r.se)),
        ("ci_low", .number(r.waldLow)), ("ci_high", .number(r.waldHigh)),
        ("newcombe_low", .number(r.newcombeLow)), ("newcombe_high", .number(r.newcombeHigh)),
        ("z", .number(r.z)), ("chi2", .number(r.chi2)), ("p_value", .number(r.pValue)),
        ("z_p_value", .number(r.zPValue)), ("fisher_p_value", .number(r.fisherPValue)),
        ("test", .string(r.usesFisher ? "fisher" : "z")), ("odds_ratio", .number(r.oddsRatio)),
        ("relative", .number(r.relative)), ("relative_low", .number(r.relativeLow)),
        ("relative_high", .number(r.relativeHigh)),
        ("rate_treatment", .number(r.rateTreatment)), ("rate_control", .number(r.rateControl)),
        ("n_treatment", .int(r.trials.treatment)), ("n_control", .int(r.trials.control)),
      ] + extra)
  }

  /// A list option of exactly two whole numbers.
  static func intPair(_ inv: Invocation, _ name: String) throws -> [Int] {
    guard case .list(let items)? = inv.value(name) else {
      throw inv.error("\(inv.spec.name): '\(name)' needs a list of two counts, e.g. \(name): [128, 168]", at: name)
    }
    let ints = items.compactMap { v -> Int? in
      if case .int(let i) = v { return i }
      if case .number(let d) = v { return Int(exactly: d) }
      return nil
    }
    guard ints.count == 2, items.count == 2 else {
      throw inv.error(
        "\(inv.spec.name): '\(name)' needs two whole numbers [treatment, control], got \(Value.list(items).brief)",
        at: name)
    }
    return ints
  }

  // MARK: - power

  static let powerOptions: [Option] = [
    Option("alpha", .number, default: .number(0.05), "two-sided significance level (family-wise with arms > 2)"),
    Option("ratio", .number, default: .number(1), "units in each treatment arm per control unit"),
    Option(
      "arms", .int, default: .int(2), "arms including the control; α is split over arms − 1 comparisons (Bonferroni)"),
  ]

  static var power: CommandSpec {
    CommandSpec(
      name: "power", category: "experiments",
      summary: "Sample size (or power) for two proportions or two means.",
      help: """
        `power proportions p1: 0.42, p2: 0.32` gives the units per arm to detect a change from the control rate
        p1 to p2 with the given power (default 0.8) at two-sided α (0.05): the normal approximation on Cohen's
        h = 2 asin √p1 − 2 asin √p2 (statsmodels NormalIndPower), and the unpooled closed form
        (z_{1−α/2} + z_{power})² (p1 q1 + p2 q2 / ratio) / (p1 − p2)² as `n_unpooled`. `power means difference: 3,
        sd: 10` (or `d: 0.3`) uses the two-sample t test (noncentral t, statsmodels TTestIndPower).
        `ratio:` puts ratio × n units in each treatment arm; `arms: 3` plans one control and two treatments with
        α/2 per comparison (Bonferroni, also safe for Holm). Give `n:` to get the power of that n instead.
        Fields: n_per_arm, n_exact, n_treatment, n_total, n_unpooled, power, effect_size, alpha,
        alpha_per_comparison. See also: help mde, help power_curve (and the power topic below).
        """,
      parameters: [Parameter("test", .choice(powerFamilies), "proportions or means")],
      options: [
        Option("p1", .number, "proportions: control (baseline) rate"),
        Option("p2", .number, "proportions: the rate to detect"),
        Option("difference", .number, "means: the difference to detect (outcome units)"),
        Option("sd", .number, "means: the outcome's standard deviation"),
        Option("d", .number, "means: the standardized effect (difference / sd) instead of difference and sd"),
        Option("power", .number, default: .number(0.8), "target power"),
        Option("n", .number, "units in the control arm: report the power of this n instead"),
      ] + powerOptions,
      examples: [
        "power proportions p1: 0.42, p2: 0.32", "power means difference: 3, sd: 10, ratio: 2",
        "power proportions p1: 0.42, p2: 0.32, n: 200",
      ]
    ) { inv, _ in
      let family = try powerFamily(inv)
      let settings = try powerSettings(inv)
      let target = try inv.double("power")
      var r: PowerResult
      let effect = try effectSize(inv, family)
      if let n = try inv.optionalDouble("n") {
        r = try Power.achieved(family, effectSize: effect.h, n: n, settings: settings)
        r.rates = effect.rates
      } else if let rates = effect.rates {
        r = try Power.proportions(p1: rates.p1, p2: rates.p2, power: target, settings: settings)
      } else if let raw = effect.raw {
        r = try Power.means(difference: raw.difference, sd: raw.sd, power: target, settings: settings)
      } else {
        r = try Power.means(difference: effect.h, sd: 1, power: target, settings: settings)
        r.rawEffect = nil
      }
      return .object(powerObject(r))
    }
  }

  static func powerObject(_ r: PowerResult, extra: [(String, Value)] = []) -> ReportObject {
    ReportObject(
      typeName: "power", reportable: r,
      fields: [
        ("n_per_arm", .int(r.nPerArm)), ("n_exact", .number(r.nExact)), ("n_treatment", .int(r.nTreatment)),
        ("n_total", .int(r.nTotal)), ("n_unpooled", r.nUnpooled.map { .int($0) } ?? .missing),
        ("power", .number(r.power)), ("effect_size", .number(r.effectSize)), ("alpha", .number(r.settings.alpha)),
        ("alpha_per_comparison", .number(r.settings.alphaPerComparison)), ("arms", .int(r.settings.arms)),
        ("ratio", .number(r.settings.ratio)), ("solved_for", .string(r.solvedFor)),
      ] + extra)
  }

  static func powerFamily(_ inv: Invocation) throws -> PowerFamily {
    let s = try inv.string("test")
    guard let f = PowerFamily(rawValue: s) else {
      throw inv.error("\(inv.spec.name): unknown test '\(s)'; use proportions or means", at: "test")
    }
    return f
  }

  static func powerSettings(_ inv: Invocation) throws -> PowerSettings {
    PowerSettings(alpha: try inv.double("alpha"), ratio: try inv.double("ratio"), arms: try inv.int("arms"))
  }

  /// The standardized effect from p1/p2 (proportions) or difference/sd or d (means), validated.
  static func effectSize(_ inv: Invocation, _ family: PowerFamily)
    throws -> (h: Double, rates: (p1: Double, p2: Double)?, raw: (difference: Double, sd: Double)?)
  {
    let name = inv.spec.name
    switch family {
    case .proportions:
      guard let p1 = try inv.optionalDouble("p1"), let p2 = try inv.optionalDouble("p2") else {
        throw inv.error("\(name) proportions: give both rates, e.g. p1: 0.42, p2: 0.32")
      }
      try Power.checkRates(p1, p2, context: "\(name) proportions")
      return (Power.cohenH(p1, p2), (p1, p2), nil)
    case .means:
      if let d = try inv.optionalDouble("d") {
        guard d != 0, d.isFinite else { throw Power.zeroEffect("\(name) means") }
        return (d, nil, nil)
      }
      guard let diff = try inv.optionalDouble("difference"), let sd = try inv.optionalDouble("sd") else {
        throw inv.error("\(name) means: give difference: and sd: (or the standardized d:)")
      }
      return (try Power.standardized(difference: diff, sd: sd, context: "\(name) means"), nil, (diff, sd))
    }
  }

  // MARK: - mde

  static var mde: CommandSpec {
    CommandSpec(
      name: "mde", category: "experiments",
      summary: "Minimum detectable effect for a given number of units per arm.",
      help: """
        `mde proportions p1: 0.42, n: 500` is the smallest change from the control rate p1 that n units per arm
        detect with the given power (0.8) at α (0.05): Cohen's h (`mde`) and the rates it means below and
        above p1 (`p2_low`, `p2_high`). `mde means n: 100, sd: 10` gives the standardized d (`mde`) and, with
        sd:, the difference in outcome units (`difference`). Same α, ratio and arms options as `power`.
        """,
      parameters: [Parameter("test", .choice(powerFamilies), "proportions or means")],
      options: [
        Option("n", .number, "units in the control arm"),
        Option("p1", .number, "proportions: control (baseline) rate"),
        Option("sd", .number, "means: outcome standard deviation (to express the effect in outcome units)"),
        Option("power", .number, default: .number(0.8), "target power"),
      ] + powerOptions,
      examples: ["mde proportions p1: 0.42, n: 500", "mde means n: 100, sd: 10"]
    ) { inv, _ in
      let family = try powerFamily(inv)
      guard let n = try inv.optionalDouble("n") else { throw inv.error("mde: give the units per arm, e.g. n: 500") }
      let r = try Power.minimumDetectableEffect(
        family, n: n, power: try inv.double("power"), settings: try powerSettings(inv))
      var extra: [(String, Value)] = [("mde", .number(r.effectSize))]
      switch family {
      case .proportions:
        guard let p1 = try inv.optionalDouble("p1") else {
          throw inv.error("mde proportions: give the control rate, e.g. p1: 0.42")
        }
        try checkRate(inv, p1)
        let low = Power.rate(baseline: p1, h: r.effectSize), high = Power.rate(baseline: p1, h: -r.effectSize)
        extra += [
          ("p2_low", low.map { .number($0) } ?? .missing), ("p2_high", high.map { .number($0) } ?? .missing),
          ("difference_low", low.map { .number($0 - p1) } ?? .missing),
          ("difference_high", high.map { .number($0 - p1) } ?? .missing),
        ]
        var shown = r
        shown.rates = (p1, low ?? .nan)
        shown.notes = [
          "minimum detectable change from p1 = \(formatScalar(p1)): down to \(low.map(formatScalar) ?? "NA"), "
            + "up to \(high.map(formatScalar) ?? "NA")"
        ]
        return .object(powerObject(shown, extra: extra))
      case .means:
        var shown = r
        if let sd = try inv.optionalDouble("sd") {
          guard sd > 0, sd.isFinite else {
            throw inv.error("mde means: sd must be a positive number, got \(formatScalar(sd))", at: "sd")
          }
          extra.append(("difference", .number(r.effectSize * sd)))
          shown.rawEffect = (r.effectSize * sd, sd)
        }
        return .object(powerObject(shown, extra: extra))
      }
    }
  }

  static func checkRate(_ inv: Invocation, _ p: Double) throws {
    guard p > 0, p < 1 else {
      throw inv.error("\(inv.spec.name): p1 must lie strictly between 0 and 1, got \(formatScalar(p))", at: "p1")
    }
  }

  // MARK: - power_curve

  static var powerCurve: CommandSpec {
    CommandSpec(
      name: "power_curve", category: "experiments",
      summary: "Power against the sample size (or against the effect) as a table and a line plot.",
      help: """
        `power_curve proportions p1: 0.42, p2: 0.32` draws power against n per arm, from 2 to `max_n` (default:
        twice the n that reaches 80% power), with a line at the target power. With `n:` instead of p2
        (or d:), it draws power against Cohen's h (or d) from 0 to `max_effect` for that fixed n. Fields:
        table (n_per_arm or cohen_h/cohen_d, power), plot, text, svg; `svg:` writes the plot to a file.
        """,
      parameters: [Parameter("test", .choice(powerFamilies), "proportions or means")],
      options: [
        Option("p1", .number, "proportions: control rate"), Option("p2", .number, "proportions: rate to detect"),
        Option("difference", .number, "means: difference to detect"), Option("sd", .number, "means: outcome SD"),
        Option("d", .number, "means: standardized effect"),
        Option("n", .number, "fixed units per arm: draw power against the effect instead"),
        Option("max_n", .number, "largest n on the x axis"),
        Option("max_effect", .number, default: .number(1), "largest h or d on the x axis (with n:)"),
        Option("points", .int, default: .int(40), "points on the curve"),
        Option("power", .number, default: .number(0.8), "target power (a reference line)"),
      ] + powerOptions + PlotCommands.sizeOptions.filter { $0.name != "title" },
      examples: ["power_curve proportions p1: 0.42, p2: 0.32"]
    ) { inv, interp in
      let family = try powerFamily(inv)
      let settings = try powerSettings(inv)
      let target = try inv.double("power")
      let curve: PowerCurve
      let title: String
      if let n = try inv.optionalDouble("n") {
        curve = try PowerCurve.overEffect(
          family, n: n, range: 0...max(1e-6, try inv.double("max_effect")),
          points: try inv.int("points"), settings: settings)
        title = "Power against the effect, n = \(formatScalar(n)) per arm"
      } else {
        let effect = try effectSize(inv, family)
        let needed = try Power.sampleSize(family, effectSize: effect.h, power: target, settings: settings)
        let hi = try inv.optionalDouble("max_n") ?? max(10, (2 * needed).rounded(.up))
        curve = try PowerCurve.overN(
          family, effectSize: effect.h, range: 2...hi, points: try inv.int("points"),
          settings: settings)
        title = "Power against n per arm (\(family == .proportions ? "h" : "d") = \(formatScalar(effect.h)))"
      }
      let xLabel = curve.along == "n" ? "n per arm" : (family == .proportions ? "Cohen's h" : "Cohen's d")
      let spec = XYPlotSpec(
        series: [XYSeries(label: "power", x: curve.x, y: curve.power)], title: title,
        xLabel: xLabel, yLabel: "power", yRange: 0...1, hline: target)
      guard case .object(let plot) = try PlotCommands.finish(.line(spec), inv: inv, interp: interp, height: 16),
        let p = plot as? PlotObject
      else { throw inv.error("power_curve: could not draw the plot") }
      return .object(
        ReportObject(
          typeName: "power_curve", reportable: StaticReport(report: p.report),
          fields: [
            ("table", .frame(curve.frame)), ("plot", .object(p)), ("text", .string(p.text)), ("svg", .string(p.svg)),
          ]))
    }
  }

  // MARK: - srm

  static var srm: CommandSpec {
    CommandSpec(
      name: "srm", category: "experiments",
      summary: "Sample-ratio-mismatch check: χ² of observed arm sizes against the planned allocation.",
      help: """
        `srm counts: [5210, 4790]` (or `srm arm on df` to count a column) tests the arm sizes against the planned
        shares (`planned: [1, 1]`, default equal) with Pearson's χ² on k − 1 df. At p < 0.001 it warns loudly:
        the assignment or the data pipeline is broken and effect estimates are not to be trusted. `ab_test` runs
        this check on every analysis. Fields: chi2, df, p_value, mismatch. See: help srm.
        """,
      parameters: [
        Parameter("column", .column, "arm column (with a frame)", required: false),
        Parameter("data", .frame, "the frame", required: false, isData: true),
      ],
      options: [
        Option("counts", .list, "units per arm, instead of a frame"),
        Option("arms", .list, "arm names for counts: (default arm1, arm2, …)"),
        Option("planned", .any, "planned shares: a list in arm order or a record {arm: share}; default equal"),
      ],
      examples: ["srm counts: [5210, 4790]", "srm counts: [2100, 1000], planned: [2, 1]"]
    ) { inv, interp in
      var arms: [String], counts: [Int]
      if inv.has("counts") {
        guard case .list(let items)? = inv.value("counts") else {
          throw inv.error("srm: counts: needs a list of counts", at: "counts")
        }
        counts = try items.map { v in
          if case .int(let i) = v { return i }
          if case .number(let d) = v, let i = Int(exactly: d) { return i }
          throw inv.error("srm: counts must be whole numbers, got \(v.brief)", at: "counts")
        }
        arms = inv.has("arms") ? try inv.strings("arms", what: "arm names") : counts.indices.map { "arm\($0 + 1)" }
      } else {
        guard inv.has("data"), inv.has("column") else {
          throw inv.error("srm: give counts: [n1, n2, …] or an arm column and a frame (srm arm on df)")
        }
        let coding = try ArmCoding(try inv.frame().column(try inv.column("column")))
        arms = coding.labels
        counts = [Int](repeating: 0, count: arms.count)
        for c in coding.codes where c >= 0 { counts[Int(c)] += 1 }
      }
      let check = try SampleRatioCheck.run(arms: arms, observed: counts, planned: try plannedShares(inv, arms: arms))
      if let w = check.warning { interp.warn("srm: " + w, at: inv.span) }
      return .object(
        ReportObject(
          typeName: "srm", reportable: check,
          fields: [
            ("chi2", .number(check.chi2)), ("df", .int(check.df)), ("p_value", .number(check.pValue)),
            ("mismatch", .bool(check.alarming)),
          ]))
    }
  }

  /// The `planned:` option as one share per arm (list in arm order, or a record keyed by arm); nil when absent.
  static func plannedShares(_ inv: Invocation, arms: [String]) throws -> [Double]? {
    guard let pairs = try plannedPairs(inv, arms: arms) else { return nil }
    return try arms.map { a in
      guard let s = pairs.first(where: { $0.arm == a })?.share else {
        throw inv.error("\(inv.spec.name): planned: has no share for the arm '\(a)'", at: "planned")
      }
      return s
    }
  }

  /// The `planned:` option as (arm, share) pairs; a list is read in the order of `arms`.
  static func plannedPairs(_ inv: Invocation, arms: [String]) throws -> [(arm: String, share: Double)]? {
    guard let v = inv.value("planned") else { return nil }
    func number(_ v: Value) throws -> Double {
      guard let d = v.doubleValue, !v.isBool else {
        throw inv.error("\(inv.spec.name): planned shares must be numbers, got \(v.brief)", at: "planned")
      }
      return d
    }
    switch v {
    case .list(let items):
      guard items.count == arms.count else {
        throw inv.error(
          "\(inv.spec.name): planned: has \(items.count) shares for \(arms.count) arms "
            + "(\(arms.joined(separator: ", "))); give one per arm in that order, or a record {arm: share}",
          at: "planned")
      }
      return try zip(arms, items).map { ($0, try number($1)) }
    case .record(let r):
      return try r.fields.map { ($0.name, try number($0.value)) }
    default:
      throw inv.error("\(inv.spec.name): planned: needs a list of shares or a record {arm: share}", at: "planned")
    }
  }

  // MARK: - ab_test

  static var abTest: CommandSpec {
    CommandSpec(
      name: "ab_test", category: "experiments",
      summary: "Analyse a randomized experiment: each arm against the control, with SRM check and Holm.",
      help: """
        `ab_test churned ~ arm on exp with control: "control"` compares every arm with the control. A 0/1
        (or true/false) outcome gives two proportions (as prop_test: z, χ², Wald and Newcombe intervals,
        relative difference, Fisher when counts are small); a numeric outcome gives Welch's t test, and
        `pre: column` adds CUPED with that pre-period covariate (reporting the variance reduction). Several
        treatment arms get Holm-adjusted p-values (p_holm). `by: column` adds a segment table — exploratory:
        unadjusted, confirm before acting. A sample-ratio-mismatch check runs on every analysis (`planned:`
        shares, default equal); rows with a missing arm, outcome or covariate are dropped and counted.
        Fields with two arms: those of prop_test (diff, ci_low, ci_high, newcombe_low, newcombe_high, z,
        chi2, p_value, relative, relative_low, relative_high, …) or of the Welch test (diff, se, ci_low,
        ci_high, t, df, p_value, variance_reduction, theta); always: table, srm_chi2, srm_p_value,
        srm_mismatch, segments, dropped, kind. See: help p-value, help srm.
        """,
      parameters: [Parameter("formula", .formula, "outcome ~ arm"), Parameter.data()],
      options: [
        Option("control", .string, default: .string("control"), "the control arm's label"),
        Option(
          "test", .choice(ABTestOptions.Test.allCases.map(\.rawValue)), default: .string("auto"),
          "auto (0/1 → proportions, else means), proportions or means"),
        Option("pre", .column, "pre-period covariate for CUPED (numeric outcomes)"),
        Option("by", .column, "segment column: the comparison per level (exploratory)"),
        Option(
          "planned", .any,
          "planned allocation: a list of shares (control first, then the other arms in sorted order) or a record {arm: share}"
        ),
        Option("level", .number, default: .number(0.95), "confidence level"),
        Option(
          "fisher", .bool,
          "proportions: true = always Fisher's exact p, false = never; absent = when an expected count < 5"),
      ],
      examples: [
        "ab_test churned ~ arm on exp with control: \"control\"",
        "ab_test revenue ~ arm on exp with control: \"control\", pre: revenue_pre",
      ]
    ) { inv, interp in
      let df = try inv.frame()
      let f = try inv.formula()
      guard f.treatment == nil, f.terms.count == 1, let arm = f.terms.first else {
        throw inv.error("ab_test: the formula is outcome ~ arm (one arm column), e.g. churned ~ arm", at: "formula")
      }
      let fisher: Bool? = inv.has("fisher") ? try inv.bool("fisher") : nil
      guard let test = ABTestOptions.Test(rawValue: try inv.string("test")) else {
        throw inv.error("ab_test: unknown test", at: "test")
      }
      var planned: [(arm: String, share: Double)]? = nil
      if inv.has("planned") {
        let labels = try ArmCoding(try df.column(arm)).labels
        let control = try inv.string("control")
        planned = try plannedPairs(
          inv, arms: labels.contains(control) ? [control] + labels.filter { $0 != control } : labels)
      }
      let options = ABTestOptions(
        control: try inv.string("control"), test: test, pre: try inv.optionalColumn("pre"),
        by: try inv.optionalColumn("by"), planned: planned, level: try inv.double("level"),
        fisher: fisher)
      let r = try ABTest.run(df, outcome: f.outcome, arm: arm, options: options)
      if let w = r.srm.warning { interp.warn("ab_test: " + w, at: inv.span) }
      var fields: [(String, Value)] = [
        ("kind", .string(r.kind.rawValue)), ("table", .frame(r.table)), ("control", .string(r.control)),
        ("srm_chi2", .number(r.srm.chi2)), ("srm_p_value", .number(r.srm.pValue)),
        ("srm_mismatch", .bool(r.srm.alarming)),
        ("segments", r.segments.map { .frame($0) } ?? .missing), ("dropped", .int(r.dropped)),
        ("p_holm", .list(r.comparisons.map { .number($0.holmPValue) })),
      ]
      if r.comparisons.count == 1, let only = r.comparisons.first {
        if let p = only.proportions {
          return .object(proportionObject(p, extra: fields).withReport(r, typeName: "ab_test"))
        }
        if let m = only.means {
          fields += meanFields(m)
        }
      }
      return .object(ReportObject(typeName: "ab_test", reportable: r, fields: fields))
    }
  }

  /// The Welch / CUPED comparison's numbers as fields.
  static func meanFields(_ m: MeanComparison) -> [(String, Value)] {
    [
      ("diff", .number(m.difference)), ("se", .number(m.se)), ("ci_low", .number(m.ciLow)),
      ("ci_high", .number(m.ciHigh)),
      ("t", .number(m.t)), ("df", .number(m.df)), ("p_value", .number(m.pValue)), ("relative", .number(m.relative)),
      ("mean_treatment", .number(m.mean.treatment)), ("mean_control", .number(m.mean.control)),
      ("n_treatment", .int(m.n.treatment)), ("n_control", .int(m.n.control)),
      ("variance_reduction", m.cuped.map { .number($0.varianceReduction) } ?? .missing),
      ("theta", m.cuped.map { .number($0.theta) } ?? .missing),
      ("unadjusted_diff", m.cuped.map { .number($0.unadjusted.difference) } ?? .missing),
      ("unadjusted_se", m.cuped.map { .number($0.unadjusted.se) } ?? .missing),
    ]
  }

  // MARK: - randomize

  static var randomize: CommandSpec {
    CommandSpec(
      name: "randomize", category: "experiments",
      summary: "Assign a frame's rows to arms (simple or complete, stratified), seeded; balance table.",
      help: """
        `randomize customers arms: ["control", "offer"], ratio: [1, 1], strata: Contract, seed: 42` adds an
        `arm` column (name: to rename it). Complete randomization (default) fixes the arm sizes by the ratio
        within every stratum and shuffles the labels, so each stratum is split as planned; `method: "simple"`
        flips an independent (weighted) coin per unit. Reproducible from the seed. Prints the arm sizes and a
        balance table (standardized mean differences of every covariate against the first arm; `covariates:`
        to choose them). Randomization balances every covariate — measured or not — in expectation, which is
        why an experiment needs no adjustment for confounding. Fields: frame, balance, counts, max_smd.
        """,
      parameters: [Parameter.data()],
      options: [
        Option("arms", .list, default: .strings(["control", "treatment"]), "arm names; the first is the control"),
        Option("ratio", .list, "allocation weights, one per arm (default equal)"),
        Option("strata", .columns, "columns to stratify (block) on"),
        Option("seed", .int, default: .int(42), "random seed"),
        Option(
          "method", .choice(RandomizationMethod.allCases.map(\.rawValue)), default: .string("complete"),
          "complete (exact sizes per stratum) or simple (a coin per unit)"),
        Option("name", .string, default: .string("arm"), "name of the new arm column"),
        Option("covariates", .columns, "covariates of the balance table (default: all but identifiers and strata)"),
      ],
      examples: [
        "let r = randomize customers arms: [\"control\", \"offer\"], ratio: [1, 1], strata: Contract, seed: 42"
      ]
    ) { inv, _ in
      let df = try inv.frame()
      var ratio: [Double]? = nil
      if case .list(let items)? = inv.value("ratio") {
        ratio = try items.map { v in
          guard let d = v.doubleValue, !v.isBool else {
            throw inv.error("randomize: ratio must be numbers, got \(v.brief)", at: "ratio")
          }
          return d
        }
      }
      guard let method = RandomizationMethod(rawValue: try inv.string("method")) else {
        throw inv.error("randomize: unknown method", at: "method")
      }
      let options = RandomizationOptions(
        arms: try inv.strings("arms", what: "arm names"), ratio: ratio,
        strata: try inv.columns("strata"), seed: try inv.int("seed"), method: method,
        column: try inv.string("name"),
        covariates: inv.has("covariates") ? try inv.columns("covariates") : nil)
      let r = try Randomization.assign(df, options: options)
      return .object(
        ReportObject(
          typeName: "randomization", reportable: r,
          fields: [
            ("frame", .frame(r.frame)), ("balance", .frame(r.balance)), ("counts", .list(r.counts.map { .int($0) })),
            ("max_smd", .number(r.maxAbsSMD)), ("strata", .int(r.strataCount)),
          ]))
    }
  }
}
