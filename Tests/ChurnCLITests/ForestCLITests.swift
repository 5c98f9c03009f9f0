import Foundation
import Lang
import Testing

/// `fit causal_forest …` as a spelling of `causal_forest …`, and saving/loading forests of several arms.
@Suite("churn causal forests on the command line", .enabled(if: CLI.available))
struct ForestCLITests {
  static let data = """
    let sim = simulate nie_wager setup: "A", n: 400, seed: 1
    let tw = simulate telco n: 700, seed: 2
    let multi = simulate interventions on tw mode: multi, seed: 3

    """

  /// Runs `body` after the data lines, with `VERB` replaced by one spelling of the causal forest fit.
  func run(_ body: String, verb: String, dir: URL? = nil, format: [String] = []) throws -> CLI.Result {
    let text = Self.data + body.replacingOccurrences(of: "VERB", with: verb)
    let d = try dir ?? CLI.tempDir()
    let path = d.appendingPathComponent("t.churn")
    try text.write(to: path, atomically: true, encoding: .utf8)
    return try CLI.run(["run", path.path] + format, directory: d)
  }

  @Test func bothSpellingsGiveIdenticalOutput() throws {
    let body = """
      let cf = VERB y ~ w | x1 + x2 + x3 on sim with trees: 40, seed: 3, min_node_size: 3
      cf
      effects cf |> head 5
      ate cf
      let mcf = VERB churn ~ arm | tenure + MonthlyCharges + Contract on multi with trees: 20, baseline: "none"
      mcf
      effects mcf |> select effect_discount_99 se_support_call best_arm |> head 5

      """
    let a = try run(body, verb: "causal_forest"), b = try run(body, verb: "fit causal_forest")
    #expect(a.status == 0, "\(a.stderr)")
    #expect(a.stdout.contains("Causal forests, one per arm"))
    #expect(a.stdout.contains("effect_discount_99"))
    #expect(b.status == 0, "\(b.stderr)")
    #expect(a.stdout == b.stdout)
    #expect(a.stderr == b.stderr)
    // Bit-identical numbers, not just identical rounding.
    let j1 = try run(body, verb: "causal_forest", format: ["--format", "json"])
    let j2 = try run(body, verb: "fit causal_forest", format: ["--format", "json"])
    #expect(j1.status == 0)
    #expect(
      j1.stdout.replacingOccurrences(of: "fit causal_forest", with: "causal_forest")
        == j2.stdout
        .replacingOccurrences(of: "fit causal_forest", with: "causal_forest"))
  }

  /// `local_linear:` with a given λ reports the columns it corrects on (a text column brings its one-hot
  /// columns), saves and loads with the forest, and an unknown column names the ones to use.
  @Test func localLinearOptionReportsSavesAndExplainsMistakes() throws {
    let dir = try CLI.tempDir()
    let body = """
      let cf = VERB churn ~ treatment | tenure + MonthlyCharges + Contract on (simulate interventions on tw mode: binary, seed: 4) with trees: 40, seed: 3, local_linear: [tenure, Contract], ll_lambda: 0.1
      cf
      save_forest cf "ll.bin"
      let back = load_forest "ll.bin"
      back
      effects back on tw |> select effect se |> head 3
      effects cf on tw |> select effect se |> head 3
      VERB churn ~ arm | tenure + MonthlyCharges on multi with trees: 20, baseline: "none", local_linear: [tenure], ll_lambda: 0.1

      """
    let r = try run(body, verb: "causal_forest", dir: dir)
    #expect(r.status == 0, "\(r.stderr)")
    #expect(
      r.stdout.contains(
        "local linear    : tenure, Contract=Month-to-month, Contract=One year, Contract=Two year; λ 0.1 (given)"),
      "\(r.stdout)")
    #expect(r.stdout.contains("discount_99, local linear: tenure; λ 0.1 (given)"), "\(r.stdout)")
    // The two effect tables (loaded forest, then the fitted one) hold the same numbers.
    let single = r.stdout.components(separatedBy: "Causal forests, one per arm").first ?? ""
    let bodies = single.components(separatedBy: "--------  -------").dropFirst()
      .map { $0.components(separatedBy: "[3 rows").first ?? "" }
    #expect(bodies.count == 2 && bodies.first == bodies.last && bodies.first?.contains("-0.") == true, "\(r.stdout)")
    let bad = try run("VERB y ~ w | x1 + x2 on sim with trees: 20, local_linear: [x3]\n", verb: "causal_forest")
    #expect(bad.status == 1)
    #expect(
      bad.stderr.contains("local_linear: 'x3' is not a covariate of the forest; use some of: x1, x2"), "\(bad.stderr)")
  }

  /// `tune:` takes `all` or a list of setting names, reports what it chose, saves and loads with the
  /// forest, and a misspelt name lists the ones it accepts.
  @Test func tuneOptionReportsSavesAndExplainsMistakes() throws {
    let dir = try CLI.tempDir()
    let body = """
      let cf = VERB y ~ w | x1 + x2 + x3 on sim with trees: 40, seed: 3, tune: [min_node_size, honesty_fraction], tune_draws: 4, tune_trees: 10
      cf
      save_forest cf "tuned.bin"
      let back = load_forest "tuned.bin"
      back
      let all = VERB y ~ w | x1 + x2 on sim with trees: 20, tune: all, tune_draws: 2, tune_trees: 10
      tuning all |> select setting rloss chosen
      VERB churn ~ arm | tenure + MonthlyCharges on multi with trees: 20, baseline: "none", tune: [alpha], tune_draws: 2, tune_trees: 10


      """
    let r = try run(body, verb: "causal_forest", dir: dir)
    #expect(r.status == 0, "\(r.stderr)")
    let lines = r.stdout.split(separator: "\n").filter { $0.contains("tuned ") }
    #expect(lines.count == 2 && lines[0] == lines[1], "\(r.stdout)")
    #expect(lines.first?.contains("(4 draws of 10 trees; debiased OOB R-loss ") == true, "\(r.stdout)")
    #expect(lines.first?.contains("on 40 trees, z ") == true, "\(r.stdout)")
    #expect(r.stdout.contains("[3 rows x 3 columns]") && r.stdout.contains("defaults"), "\(r.stdout)")
    #expect(r.stdout.contains("discount_99, tuned: "), "\(r.stdout)")  // each arm's forest tunes on its own
    let untuned = try run("let cf = VERB y ~ w | x1 + x2 on sim with trees: 20\ntuning cf\n", verb: "causal_forest")
    #expect(untuned.status == 1 && untuned.stderr.contains("this forest was not tuned; fit it with tune: all"))
    let bad = try run("VERB y ~ w | x1 + x2 on sim with trees: 20, tune: [min_node_sise]\n", verb: "causal_forest")
    #expect(bad.status == 1)
    #expect(bad.stderr.contains("'tune' must be one of all, sample_fraction, mtry, min_node_size"), "\(bad.stderr)")
    #expect(bad.stderr.contains("(did you mean 'min_node_size'?)"), "\(bad.stderr)")
  }

  /// `rloss` names the forests as written (the reference may be piped in), reads the comparison in words, and
  /// refuses forests of other data or values that are not forests.
  @Test func rlossComparesForestsByName() throws {
    let body = """
      let cf = VERB y ~ w | x1 + x2 + x3 on sim with trees: 100, seed: 3
      let blind = VERB y ~ w | x4 + x5 on sim with trees: 100, seed: 3
      rloss cf blind
      cf |> rloss blind
      let other = VERB y ~ w | x1 + x2 on (simulate nie_wager setup: "A", n: 400, seed: 2) with trees: 20
      rloss cf other

      """
    let r = try run(body, verb: "causal_forest")
    #expect(r.status == 1)
    #expect(r.stdout.contains("Out-of-bag R-loss (lower is better)"), "\(r.stdout)")
    for name in ["constant effect", "cf ", "blind "] { #expect(r.stdout.contains(name), "\(r.stdout)") }
    #expect(r.stdout.contains("every model on the residuals of cf"), "\(r.stdout)")
    #expect(
      r.stdout.contains("blind has a higher R-loss than cf") || r.stdout.contains("blind and cf are within two SE"),
      "\(r.stdout)")
    // Piped, the reference has no written name.
    #expect(r.stdout.contains("every model on the residuals of forest 1"), "\(r.stdout)")
    #expect(r.stderr.contains("other was not fitted on the same rows, outcome and treatment as cf"), "\(r.stderr)")
    let notForest = try run("let cf = VERB y ~ w | x1 on sim with trees: 20\nrloss cf sim\n", verb: "causal_forest")
    #expect(notForest.status == 1 && notForest.stderr.contains("rloss:"), "\(notForest.stderr)")
  }

  @Test func bothSpellingsGiveTheSameErrors() throws {
    func message(_ r: CLI.Result) -> String {
      r.stderr.split(separator: "\n").first.map { String($0.drop { $0 != " " }) } ?? ""  // drop "file:line:col:"
    }
    for body in [
      "VERB y ~ w on sim", "VERB y ~ w | x1 on sim with tres: 10", "VERB y ~ w | x1 on sim with trees: 3",
      "VERB y ~ w | x1 on sim with sample_fraction: 0.8", "VERB y ~ w | x9 on sim",
      "VERB churn ~ arm | tenure on multi with baseline: \"nothing\"",
    ] {
      let a = try run(body, verb: "causal_forest"), b = try run(body, verb: "fit causal_forest")
      #expect(a.status == 1 && b.status == 1, "\(body)")
      #expect(!message(a).isEmpty)
      // Columns move by the four characters of "fit "; the message is the same.
      let ma = message(a), mb = message(b)
      #expect(ma == mb, "\(body): \(ma) vs \(mb)")
    }
  }

  @Test func misspeltKindGetsADidYouMean() throws {
    let r = try run("fit causal_forrest y ~ w | x1 + x2 on sim with trees: 20", verb: "")
    #expect(r.status == 1)
    #expect(r.stderr.contains("(did you mean 'causal_forest'?)"), "\(r.stderr)")
    #expect(r.stderr.contains("must be one of logit, ols, tree, forest, gbm, causal_forest"))
  }

  @Test func helpShowsBothSpellings() throws {
    let fit = try CLI.run(["help", "fit"]), cf = try CLI.run(["help", "causal_forest"])
    #expect(fit.status == 0 && cf.status == 0)
    #expect(fit.stdout.contains("fit causal_forest outcome ~ treatment | covariates"))
    #expect(fit.stdout.contains("let cf = fit causal_forest churned ~ treated"))
    #expect(cf.stdout.contains("`causal_forest y ~ w | x on df` and `fit causal_forest y ~ w | x on df`"))
    #expect(cf.stdout.contains("let mcf = fit causal_forest churn ~ arm"))
  }

  @Test func multiArmForestSavesAndLoadsToTheSameEffects() throws {
    let dir = try CLI.tempDir()
    let body = """
      let mcf = VERB churn ~ arm | tenure + MonthlyCharges + Contract + InternetService on multi with trees: 60, baseline: "none"
      let fresh = simulate interventions on (simulate telco n: 50, seed: 9) mode: multi, seed: 4
      save mcf to "arms.bin"
      save_forest mcf "arms2.bin"
      let back = load "arms.bin" on multi
      let back2 = load_forest "arms2.bin" on multi
      print "--"
      effects mcf on fresh |> select effect_discount_99 lo_discount_99 hi_feature_upsell best_arm
      effects mcf |> select effect_support_call se_support_call best_arm
      ate mcf arm: "discount_199"
      print "--"
      effects back on fresh |> select effect_discount_99 lo_discount_99 hi_feature_upsell best_arm
      effects back |> select effect_support_call se_support_call best_arm
      ate back arm: "discount_199"
      print "--"
      effects back2 on fresh |> select effect_discount_99 lo_discount_99 hi_feature_upsell best_arm
      effects back2 |> select effect_support_call se_support_call best_arm
      ate back2 arm: "discount_199"

      """
    let r = try run(body, verb: "fit causal_forest", dir: dir, format: ["--format", "json"])
    #expect(r.status == 0, "\(r.stderr)")
    let json = try parseJSON(r.stdout)
    guard let items = json.arrayValue else {
      Issue.record("expected an array")
      return
    }
    let values = items.map { $0["value"].map { renderJSON($0) } ?? "" }
    let parts = values.split(separator: renderJSON(.string("--")), omittingEmptySubsequences: false)
    #expect(parts.count == 4)  // nothing is printed before the first "--"
    #expect(parts.count == 4 && parts[1].count == 3)
    #expect(parts.count == 4 && parts[1] == parts[2] && parts[2] == parts[3])
    // The file is a saved-object container of kind multi_arm_causal_forest; a damaged copy is an error that says so.
    let bytes = try Data(contentsOf: dir.appendingPathComponent("arms.bin"))
    #expect(String(decoding: bytes[0..<8], as: UTF8.self) == "CHURNOBJ")
    #expect(String(decoding: bytes[28..<51], as: UTF8.self) == "multi_arm_causal_forest")
    try bytes.prefix(bytes.count / 2).write(to: dir.appendingPathComponent("half.bin"))
    var newer = bytes
    newer[8] = 2
    try newer.write(to: dir.appendingPathComponent("newer.bin"))
    let bad = try CLI.run(["-e", "load \"half.bin\""], directory: dir)
    #expect(bad.status == 1)
    #expect(bad.stderr.contains("error: load: 'half.bin' is truncated ("), "\(bad.stderr)")
    #expect(bad.stderr.contains("copy or save it again"), "\(bad.stderr)")
    let future = try CLI.run(["-e", "load_forest \"newer.bin\""], directory: dir)
    #expect(future.status == 1)
    #expect(
      future.stderr.contains("'newer.bin' was written by a newer churn (container format version 2"), "\(future.stderr)"
    )
    let rows = try CLI.run(["-e", "load \"arms.bin\" on (simulate telco n: 10)"], directory: dir)
    #expect(rows.stderr.contains("the frame has 10 rows but the forest was trained on 700"), "\(rows.stderr)")
  }
}
