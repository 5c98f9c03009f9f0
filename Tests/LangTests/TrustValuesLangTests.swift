import Lang
import Testing

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Issue 11 items 2, 3, 4 and 6 through the language: truth columns and `.`, constant outcomes, unseen
/// levels, number printing, `:digits`, `read_csv` warnings and types.
@Suite("Trustworthy values (language)")
struct TrustValuesLangTests {
  /// Runs `code`, returning printed values and warnings.
  func runCapturing(_ code: String) throws -> (out: [String], warnings: [String]) {
    let interp = Interpreter()
    var out: [String] = [], warnings: [String] = []
    interp.output = { out.append($0) }
    interp.diagnosticOutput = { warnings.append($0) }
    try interp.run(SourceFile(name: "test.churn", text: code))
    return (out, warnings)
  }

  // MARK: item 2

  @Test func dotFormulaLeavesOutSimulatorTruth() throws {
    let r = try runCapturing(
      """
      let sim = simulate nie_wager setup: "A", n: 300, seed: 1
      let e = estimate ate y ~ w | . on sim with method: "aipw", folds: 2
      print e.warnings
      """)
    let text = r.out.joined(separator: "\n")
    #expect(text.contains("true_effect, true_propensity, baseline"))
  }

  @Test func namingATruthColumnWarns() throws {
    let r = try runCapturing(
      """
      let sim = simulate nie_wager setup: "A", n: 300, seed: 1
      let e = estimate ate y ~ w | x1 + true_propensity on sim with method: "aipw", folds: 2
      print e.warnings
      """)
    #expect(r.out.joined(separator: "\n").contains("adjusts for the simulator's truth column true_propensity"))
  }

  // MARK: item 3

  @Test func constantOutcomeIsRefused() throws {
    let err = errorText(
      """
      let sim = simulate nie_wager setup: "A", n: 200, seed: 1
      let s2 = sim |> mutate y = 1
      estimate ate y ~ w | x1 + x2 on s2 with method: "ipw"
      """)
    let e = try #require(err)
    #expect(e.contains("outcome 'y' is constant"))
  }

  @Test func everyModelRefusesAnUnseenLevel() throws {
    for kind in ["logit", "gbm", "forest", "tree"] {
      let err = errorText(
        """
        let df = simulate nie_wager setup: "A", n: 300, seed: 1
        let d2 = df |> mutate c = if_else(x1 > 0.66, "hi", if_else(x1 > 0.33, "mid", "lo")), yb = y > 0
        let train = d2 |> filter c != "hi"
        let m = fit \(kind) yb ~ x2 + c on train
        predict m on d2
        """)
      let e = try #require(err, "\(kind) scored an unseen level silently")
      #expect(e.contains("column 'c' has level 'hi'"), "\(kind): \(e)")
    }
  }

  // MARK: item 4

  @Test func scalarsAndAsStringKeepTheirDigits() throws {
    #expect(try run("1834.58") == ["1834.58"])
    #expect(try run("as_string(1834.58)") == ["1834.58"])
    #expect(try run("as_string(0.1 + 0.2)") == ["0.30000000000000004"])
    #expect(try run("0.1 + 0.2") == ["0.3"])
  }

  func numbersFrame() throws -> DataFrame {
    try DataFrame(columns: [
      Column(name: "z", floats: [110.95, 29.85, 1834.58]),
      Column(name: "w", floats: [1.0000011, 1.0000012, 1.0000013]),
      Column(name: "p_value", floats: [0, 1.7e-317, 0.0421]),
    ])
  }

  @Test func framesShowEnoughDigits() throws {
    let interp = Interpreter()
    interp.define("d", .frame(try numbersFrame()))
    var out: [String] = []
    interp.output = { out.append($0) }
    try interp.run(SourceFile(name: "t.churn", text: "d"))
    let t = out.joined(separator: "\n")
    #expect(t.contains("110.95") && t.contains("29.85") && t.contains("1834.58"))
    #expect(t.contains("1.0000011") && t.contains("1.0000012") && t.contains("1.0000013"))
    #expect(t.contains("<1e-300"))
    #expect(!t.contains("1.7e-317"))
  }

  /// A p-value below the double range printed on its own (`e.p_value`, a record field) shows the bound
  /// `<1e-300`, never `0` or a subnormal; its value stays exact (`e.p_value == 0` is still true), JSON keeps
  /// the exact number, and ordinary p-values print as before.
  @Test func tinyPValueFieldsPrintAsABound() throws {
    let (interp, out) = try tinyPValueInterpreter()
    try interp.run(
      SourceFile(
        name: "t.churn",
        text: """
          let e = estimate ate y ~ w on d with method: "naive"
          e.p_value
          e.p_value == 0
          {p_value: 1.7e-317, other: 0}
          let r = {p_value: 0.0421}
          r.p_value
          e.se > 0
          """))
    #expect(out.lines == ["<1e-300", "true", "{p_value: <1e-300, other: 0}", "0.0421", "true"], "\(out.lines)")
  }

  /// Collected output lines.
  final class Lines { var lines: [String] = [] }

  /// An interpreter with a frame `d` where y = 10·w + tiny noise: the naive difference's z is in the
  /// thousands, so its normal p-value underflows to 0.
  func tinyPValueInterpreter() throws -> (Interpreter, Lines) {
    let n = 2000
    let w = (0..<n).map { Double($0 % 2) }
    let y = (0..<n).map { 10 * w[$0] + 0.01 * sin(Double($0)) }
    let interp = Interpreter()
    interp.define("d", .frame(try DataFrame(columns: [Column(name: "y", floats: y), Column(name: "w", floats: w)])))
    let out = Lines()
    interp.output = { out.lines.append($0) }
    return (interp, out)
  }

  /// Every way of printing that tiny p-value shows the same bound: a variable assigned from it, `print` of
  /// the field or the variable, `_` after it, and `vars`; arithmetic on it (no longer a p-value) and an
  /// ordinary number print as numbers, and the value stays exact.
  @Test func tinyPValuePrintsAsABoundOnEveryPath() throws {
    let (interp, out) = try tinyPValueInterpreter()
    try interp.run(
      SourceFile(
        name: "t.churn",
        text: """
          let e = estimate ate y ~ w on d with method: "naive"
          let p = e.p_value
          p
          print e.p_value
          print p, "label"
          e.p_value
          _
          let q = p
          q
          p == 0
          p * 2
          let p = 1.7e-317
          p
          """))
    #expect(
      out.lines.dropLast() == [
        "<1e-300", "<1e-300", "<1e-300", "label", "<1e-300", "<1e-300", "<1e-300",
        "true", "0",
      ], "\(out.lines)")
    #expect(out.lines.last?.hasSuffix("e-317") ?? false, "a literal is an ordinary number: \(out.lines)")
    out.lines = []
    try interp.run(SourceFile(name: "t.churn", text: "let p = e.p_value\nvars"))
    let listing = out.lines.joined(separator: "\n")
    let pLine = listing.split(separator: "\n").first { $0.hasPrefix("p ") }
    #expect(pLine?.contains("<1e-300") ?? false, "\(listing)")
  }

  @Test func digitsSettingAndShowOption() throws {
    let interp = Interpreter()
    interp.define("d", .frame(try DataFrame(columns: [Column(name: "x", floats: [3.14159265, 2.71828182])])))
    final class Box {
      var out: [String] = []
      var err: [String] = []
    }
    let box = Box()
    interp.output = { box.out.append($0) }
    let s = Session(interpreter: interp, errorOutput: { box.err.append($0) })
    #expect(s.submit("d"))
    #expect((box.out.last?.contains("3.14159") ?? false) && !(box.out.last?.contains("3.141593") ?? true))
    #expect(s.submit(":digits 3"))
    #expect(s.submit(":digits"))
    #expect(box.out.last == "digits is 3")
    #expect(s.submit("d"))
    #expect((box.out.last?.contains("3.14") ?? false) && !(box.out.last?.contains("3.142") ?? true))
    #expect(s.submit("show d digits: 9"))
    #expect(box.out.last?.contains("3.14159265") ?? false)
    #expect(!s.submit(":digits 40"))
    #expect(!s.submit("show d digits: 0"))
  }

  // MARK: item 6

  @Test func readCSVWarnsAboutStrayTextAndTakesTypes() throws {
    let path = "/tmp/churn-trust-\(getpid()).csv"
    var text = "customerID,charges\n"
    for i in 1...50 { text += "000\(i),\(i == 9 ? "abc" : "\(Double(i) + 0.5)")\n" }
    FILE_write(path, text)
    defer { unlink(path) }
    let r = try runCapturing(
      """
      let d = read_csv("\(path)", types: {customerID: "text"})
      print d.customerID
      let e = read_csv("\(path)", na: ["abc"])
      print mean(e.charges)
      """)
    #expect(r.warnings.count == 1)
    #expect(r.warnings.first?.contains("'abc' (line 10)") ?? false)
    #expect(r.out.first?.contains("0001") ?? false)
    #expect(r.out.last == "26.33673469")  // numpy: mean of i + 0.5 for i in 1...50, i != 9 = 26.336734693877553
    let bad = errorText("read_csv(\"\(path)\", types: {customerID: \"datetime\"})")  // "date" is a type since issue 17
    #expect(bad?.contains("must be one of") ?? false)
  }
}

/// Writes `text` to `path` (test helper).
func FILE_write(_ path: String, _ text: String) {
  guard let f = fopen(path, "w") else { return }
  fputs(text, f)
  fclose(f)
}
