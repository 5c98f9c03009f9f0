import Foundation
import Testing

@testable import Lang

/// Messages that send people the right way, and small analysis gaps (issue 11 items 8, 9, 12, 14).
@Suite("Honest messages")
struct HonestMessageTests {
  static let sim = "let sim = simulate nie_wager setup: \"A\", n: 400, seed: 1\n"

  // MARK: - Item 8

  @Test func fieldsListExactlyTheFieldsThatResolve() throws {
    let interp = Interpreter()
    for (name, code) in [
      ("g", "fit gbm y ~ x1 + x2 on sim with task: regression, rounds: 5"),
      ("o", "fit ols y ~ x1 + x2 on sim"),
      ("f", "fit forest y ~ x1 + x2 on sim with task: regression, trees: 5"),
      ("e", "estimate ate y ~ w | x1 on sim with method: \"naive\""),
    ] {
      _ = try eval(HonestMessageTests.sim + "let \(name) = \(code)\n\(name)", in: interp)
      guard case .list(let names) = try eval("fields \(name)", in: interp) else {
        Issue.record("fields \(name) is not a list")
        continue
      }
      #expect(!names.isEmpty)
      for case .string(let field) in names {
        #expect(throws: Never.self, "\(name).\(field) is listed but does not resolve") {
          _ = try eval("\(name).\(field)", in: interp)
        }
      }
    }
    // A boosted model has no coefficients: neither listed nor suggested as its own correction.
    guard case .list(let list) = try eval("fields g", in: interp) else {
      Issue.record("fields g is not a list")
      return
    }
    let g = list.compactMap { v -> String? in if case .string(let s) = v { return s } else { return nil } }
    #expect(!g.contains("coefficients"))
    #expect(!g.contains("oob_score"))
    let err =
      errorText(
        HonestMessageTests.sim + "let g = fit gbm y ~ x1 on sim with task: regression, rounds: 5\ng.coefficients") ?? ""
    #expect(err.contains("no field 'coefficients'"), "\(err)")
    #expect(!err.contains("did you mean 'coefficients'"), "\(err)")
  }

  @Test func misspeltLearnerOptionIsAnError() {
    let err =
      errorText(
        HonestMessageTests.sim
          + "estimate ate y ~ w | x1 on sim with method: \"aipw\", learner: \"forest\", learner_options: {tress: 5}")
      ?? ""
    #expect(err.contains("'tress'"), "\(err)")
    #expect(err.contains("did you mean 'trees'"), "\(err)")
    let gbm =
      errorText(
        HonestMessageTests.sim
          + "estimate ate y ~ w | x1 on sim with method: \"aipw\", learner: \"gbm\", learner_options: {tress: 5}") ?? ""
    #expect(gbm.contains("rounds"), "the accepted settings are listed: \(gbm)")
  }

  @Test func aipwNamesTheLinearOutcomeModelForAContinuousOutcome() throws {
    let out = try run(HonestMessageTests.sim + "estimate ate y ~ w | x1 + x2 on sim with method: \"aipw\"").joined()
    #expect(out.contains("outcome: linear"), "\(out)")
    #expect(out.contains("propensity: logistic"), "\(out)")
  }

  @Test func aWarningPrintsOnceWhenTheResultIsPrinted() throws {
    let interp = Interpreter()
    var text: [String] = []
    interp.output = { text.append($0) }
    interp.diagnosticOutput = { text.append($0) }
    try interp.run(
      SourceFile(
        name: "t.churn",
        text: """
          let sim = simulate nie_wager setup: "A", n: 300, seed: 1 |> mutate x9 = if_else(x1 > 0.9, NA, x2)
          causal_forest y ~ w | x9 + x3 on sim with trees: 20
          """))
    let all = text.joined(separator: "\n")
    #expect(all.components(separatedBy: "missing covariate values are routed").count - 1 == 1, "\(all)")
  }

  @Test func unknownLearnerGetsDidYouMean() {
    let err = errorText(HonestMessageTests.sim + "estimate ate y ~ w | x1 on sim with learner: \"gmb\"") ?? ""
    #expect(err.contains("did you mean 'gbm'"), "\(err)")
  }

  // MARK: - Item 9

  @Test func writeErrorsSayWhatIsWrongInPlainWords() {
    let missingDir = FileManager.default.temporaryDirectory.appendingPathComponent("no-such-dir-\(UUID().uuidString)")
    let path = missingDir.appendingPathComponent("m.json").path
    let err =
      errorText(
        HonestMessageTests.sim
          + "let m = fit ols y ~ x1 on sim\nsave m to \"\(path)\"") ?? ""
    #expect(err.contains("directory '\(missingDir.path)' does not exist"), "\(err)")
    #expect(!err.contains("NSCocoaErrorDomain"), "\(err)")
    let csv = errorText(HonestMessageTests.sim + "write_csv sim \"\(path)\"") ?? ""
    #expect(csv.contains("does not exist"), "\(csv)")
  }

  /// A damaged JSON model file of an earlier churn (the legacy fixture, written by main at 91e100e) names the
  /// damaged field as a readable path.
  @Test func damagedModelFileNamesAReadablePath() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("churn-model-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let path = dir.appendingPathComponent("g.json").path
    let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("../LearnTests/Fixtures/legacy/model_gbm.json").standardized.path
    var text = try String(contentsOfFile: fixture, encoding: .utf8)
    // Corrupt one number inside the first tree's value array.
    guard let r = text.range(of: "\"values\"") else {
      Issue.record("no values array in \(fixture)")
      return
    }
    let open = try #require(text[r.upperBound...].firstIndex(of: "["), "no [ after values in \(fixture)")
    let after = text.index(after: open)
    let end = text[after...].firstIndex { $0 == "," || $0 == "]" } ?? after
    text.replaceSubrange(after..<end, with: "\"oops\"")
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    let err = errorText("let g = load \"\(path)\"") ?? ""
    #expect(err.contains("damaged"), "\(err)")
    #expect(err.contains("[0]"), "\(err)")
    #expect(!err.contains("Index "), "\(err)")
  }

  @Test func aLongLineShowsAWindowAroundTheCaret() {
    let long = "let x = [" + Array(repeating: "1", count: 40_000).joined(separator: ", ") + ", nope]"
    let err = errorText(long) ?? ""
    #expect(err.contains("unknown variable 'nope'"), "\(err.prefix(300))")
    #expect(err.count < 600, "the whole line was printed (\(err.count) characters)")
    let lines = err.split(separator: "\n")
    // The caret sits under `nope` in the shown window.
    if lines.count >= 3, let caret = lines[2].firstIndex(of: "^") {
      let offset = lines[2].distance(from: lines[2].startIndex, to: caret)
      let shown = Array(lines[1])
      #expect(offset + 4 <= shown.count && String(shown[offset..<(offset + 4)]) == "nope", "\(err)")
    } else {
      Issue.record("no caret line: \(err)")
    }
  }

  // MARK: - Item 12

  @Test func rateReplicatesAreBounded() {
    let err =
      errorText(
        HonestMessageTests.sim
          + "let cf = causal_forest y ~ w | x1 + x2 on sim with trees: 20\nrate cf replicates: 200000") ?? ""
    #expect(err.contains("replicates must be between 0 and 20000"), "\(err)")
  }

  // MARK: - Item 14

  @Test func naiveTakesAFormulaWithoutCovariates() throws {
    let plain = try eval(HonestMessageTests.sim + "estimate ate y ~ w on sim with method: \"naive\"")
    let dummy = try eval(HonestMessageTests.sim + "estimate ate y ~ w | x1 on sim with method: \"naive\"")
    guard case .object(let a) = plain, case .object(let b) = dummy else {
      Issue.record("not estimates")
      return
    }
    #expect(a.field("estimate")?.doubleValue != nil)
    #expect(a.field("estimate")?.doubleValue == b.field("estimate")?.doubleValue)
    #expect(a.field("se")?.doubleValue == b.field("se")?.doubleValue)
    // Methods that adjust still need covariates, and say which method does not.
    let err = errorText(HonestMessageTests.sim + "estimate ate y ~ w on sim with method: \"aipw\"") ?? ""
    #expect(err.contains("naive"), "\(err)")
  }
}

/// Tables follow the width setting; results hide no column (issue 11 item 10); every model kind and
/// estimation method has help (item 8).
@Suite("Table width and help coverage")
struct TableWidthTests {
  static let setup = """
    let sim = simulate nie_wager setup: "A", n: 300, seed: 1
    let ps = propensity w ~ x1 + x2 + x3 + x4 + x5 on sim
    """

  func output(_ code: String, width: Int) throws -> String {
    let interp = Interpreter()
    var out: [String] = []
    interp.output = { out.append($0) }
    interp.tableStyle.maxWidth = width
    try interp.run(SourceFile(name: "t.churn", text: TableWidthTests.setup + "\n" + code))
    return out.joined(separator: "\n")
  }

  @Test(arguments: [80, 160]) func balanceShowsBothSMDColumns(width: Int) throws {
    let text = try output("balance w ~ x1 + x2 + x3 + x4 + x5 on sim with propensity: ps", width: width)
    #expect(text.contains("smd before"), "\(text)")
    #expect(text.contains("smd after"), "\(text)")
    // Table lines fit (prose warnings and the plot's axis are not tables).
    for line in text.split(separator: "\n") where !line.contains("─") && !line.hasPrefix("warning") {
      #expect(displayWidth(String(line)) <= width, "wider than \(width): \(line)")
    }
  }

  @Test func describeShowsItsStatisticsAt160() throws {
    let text = try output("describe sim", width: 160)
    let header = text.split(separator: "\n").first { $0.contains("mean") } ?? ""
    for name in ["sd", "min", "p25", "p50"] { #expect(header.contains(name), "\(name) hidden:\n\(text)") }
  }

  /// At 80 columns `describe` wraps into column blocks (each repeating `column`): every statistic is
  /// shown, no line is wider than the screen, nothing is listed as "not shown"; filtering its rows keeps that.
  @Test(arguments: ["describe sim", "describe sim |> filter missing == 0"])
  func describeWrapsItsStatisticsAt80(code: String) throws {
    let text = try output(code, width: 80)
    #expect(!text.contains("not shown") && !text.contains("…"), "\(text)")
    let headers = text.split(separator: "\n").filter { $0.hasPrefix("column ") }
    #expect(headers.count >= 2, "one block only:\n\(text)")
    let names = Set(headers.flatMap { $0.split(separator: " ").map(String.init) })
    for name in [
      "type", "count", "missing", "mean", "sd", "min", "p25", "p50", "p75", "max", "unique", "top", "top_freq",
    ] {
      #expect(names.contains(name), "\(name) hidden:\n\(text)")
    }
    for line in text.split(separator: "\n") {
      #expect(displayWidth(String(line)) <= 80, "wider than 80: \(line)")
    }
  }

  /// A plain wide frame wraps into column blocks at 80 columns too: every column is shown, no line is wider
  /// than the screen, and each block repeats the first column (issue 11 item 10).
  @Test func plainWideFrameWrapsAt80() throws {
    let interp = Interpreter()
    var out: [String] = []
    interp.output = { out.append($0) }
    interp.tableStyle.maxWidth = 80
    try interp.run(SourceFile(name: "t.churn", text: TableWidthTests.setup + "\nsim"))
    let text = out.joined(separator: "\n")
    guard case .frame(let sim)? = interp.value(of: "sim") else {
      Issue.record("no frame")
      return
    }
    #expect(!text.contains("not shown"), "\(text)")
    let lines = text.split(separator: "\n").map(String.init)
    for line in lines { #expect(displayWidth(line) <= 80, "too wide: \(line)") }
    let first = sim.columnNames[0]
    let headers = lines.filter { $0.drop { $0 == " " }.hasPrefix(first + " ") }  // a numeric header is right-aligned
    #expect(headers.count >= 2, "one block only:\n\(text)")
    let shown = Set(headers.flatMap { $0.split(separator: " ").map(String.init) })
    for name in sim.columnNames { #expect(shown.contains(name), "\(name) hidden:\n\(text)") }
  }

  @Test func everyModelKindAndMethodHasHelp() throws {
    for name in [
      "logit", "ols", "tree", "forest", "gbm", "causal_forest",
      "naive", "ipw", "hajek", "s_learner", "t_learner", "matching", "aipw",
    ] {
      let text = try run("help \(name)").joined()
      #expect(!text.isEmpty, "help \(name)")
    }
    #expect(try run("help forest").joined().contains("Random forest"))
  }

  @Test func widthMetaCommandSetsTheTableWidth() {
    let interp = Interpreter()
    var errors: [String] = []
    let session = Session(interpreter: interp, errorOutput: { errors.append($0) })
    #expect(session.submit(":width 90"))
    #expect(interp.tableStyle.maxWidth == 90)
    #expect(!session.submit(":width 5"))
    #expect(errors.last?.contains("20 to 1000") ?? false)
  }
}
