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
  static var all: [CommandSpec] { [propTest, power, mde, powerCurve] }

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
      guard names.count == 2 else { throw inv.error("prop_test: arms: needs two names, got \(names.count)", at: "arms") }
      let fisher: Bool? = inv.has("fisher") ? try inv.bool("fisher") : nil
      let r = try Proportions.compare(successes: x[0], trials: n[0], controlSuccesses: x[1], controlTrials: n[1],
                                      level: try inv.double("level"), fisher: fisher, labels: (names[0], names[1]))
      return .object(proportionObject(r))
    }
  }

  /// The two-proportion result with the issue's field names.
  static func proportionObject(_ r: TwoProportionTest, extra: [(String, Value)] = []) -> ReportObject {
    ReportObject(typeName: "prop_test", reportable: r, fields: [
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
      throw inv.error("\(inv.spec.name): '\(name)' needs two whole numbers [treatment, control], got \(Value.list(items).brief)", at: name)
    }
    return ints
  }

  // MARK: - power

  static let powerOptions: [Option] = [
    Option("alpha", .number, default: .number(0.05), "two-sided significance level (family-wise with arms > 2)"),
    Option("ratio", .number, default: .number(1), "units in each treatment arm per control unit"),
    Option("arms", .int, default: .int(2), "arms including the control; α is split over arms − 1 comparisons (Bonferroni)"),
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
        alpha_per_comparison. See: help power, mde, power_curve.
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
      examples: ["power proportions p1: 0.42, p2: 0.32", "power means difference: 3, sd: 10, ratio: 2",
                 "power proportions p1: 0.42, p2: 0.32, n: 200"]
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
    ReportObject(typeName: "power", reportable: r, fields: [
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
    throws -> (h: Double, rates: (p1: Double, p2: Double)?, raw: (difference: Double, sd: Double)?) {
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
      let r = try Power.minimumDetectableEffect(family, n: n, power: try inv.double("power"), settings: try powerSettings(inv))
      var extra: [(String, Value)] = [("mde", .number(r.effectSize))]
      switch family {
      case .proportions:
        guard let p1 = try inv.optionalDouble("p1") else { throw inv.error("mde proportions: give the control rate, e.g. p1: 0.42") }
        try checkRate(inv, p1)
        let low = Power.rate(baseline: p1, h: r.effectSize), high = Power.rate(baseline: p1, h: -r.effectSize)
        extra += [("p2_low", low.map { .number($0) } ?? .missing), ("p2_high", high.map { .number($0) } ?? .missing),
                  ("difference_low", low.map { .number($0 - p1) } ?? .missing),
                  ("difference_high", high.map { .number($0 - p1) } ?? .missing)]
        var shown = r
        shown.rates = (p1, low ?? .nan)
        shown.notes = ["minimum detectable change from p1 = \(formatScalar(p1)): down to \(low.map(formatScalar) ?? "NA"), "
                       + "up to \(high.map(formatScalar) ?? "NA")"]
        return .object(powerObject(shown, extra: extra))
      case .means:
        var shown = r
        if let sd = try inv.optionalDouble("sd") {
          guard sd > 0, sd.isFinite else { throw inv.error("mde means: sd must be a positive number, got \(formatScalar(sd))", at: "sd") }
          extra.append(("difference", .number(r.effectSize * sd)))
          shown.rawEffect = (r.effectSize * sd, sd)
        }
        return .object(powerObject(shown, extra: extra))
      }
    }
  }

  static func checkRate(_ inv: Invocation, _ p: Double) throws {
    guard p > 0, p < 1 else { throw inv.error("\(inv.spec.name): p1 must lie strictly between 0 and 1, got \(formatScalar(p))", at: "p1") }
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
        curve = try PowerCurve.overEffect(family, n: n, range: 0...max(1e-6, try inv.double("max_effect")),
                                          points: try inv.int("points"), settings: settings)
        title = "Power against the effect, n = \(formatScalar(n)) per arm"
      } else {
        let effect = try effectSize(inv, family)
        let needed = try Power.sampleSize(family, effectSize: effect.h, power: target, settings: settings)
        let hi = try inv.optionalDouble("max_n") ?? max(10, (2 * needed).rounded(.up))
        curve = try PowerCurve.overN(family, effectSize: effect.h, range: 2...hi, points: try inv.int("points"),
                                     settings: settings)
        title = "Power against n per arm (\(family == .proportions ? "h" : "d") = \(formatScalar(effect.h)))"
      }
      let xLabel = curve.along == "n" ? "n per arm" : (family == .proportions ? "Cohen's h" : "Cohen's d")
      let spec = XYPlotSpec(series: [XYSeries(label: "power", x: curve.x, y: curve.power)], title: title,
                            xLabel: xLabel, yLabel: "power", yRange: 0...1, hline: target)
      guard case .object(let plot) = try PlotCommands.finish(.line(spec), inv: inv, interp: interp, height: 16),
            let p = plot as? PlotObject else { throw inv.error("power_curve: could not draw the plot") }
      return .object(ReportObject(typeName: "power_curve", reportable: PlotReport(report: p.report), fields: [
        ("table", .frame(curve.frame)), ("plot", .object(p)), ("text", .string(p.text)), ("svg", .string(p.svg)),
      ]))
    }
  }
}

/// A fixed report (used to show a plot as the printed form of a result with fields).
struct PlotReport: Reportable, Sendable {
  let report: Report
}
