import Foundation
import Lang
import Testing

@Suite("churn command line", .enabled(if: CLI.available))
struct CLITests {
  @Test func version() throws {
    let r = try CLI.run(["--version"])
    #expect(r.status == 0)
    #expect(r.stdout.hasPrefix("churn "))
  }

  @Test func runSucceedsAndPrintsValues() throws {
    let path = try CLI.script("let x = 20\nx * 2 + 2\nprint \"done\"\n")
    let r = try CLI.run(["run", path])
    #expect(r.status == 0)
    #expect(r.stdout == "42\ndone\n")
    #expect(r.stderr.isEmpty)
  }

  @Test func runErrorExitsOneWithLocation() throws {
    let path = try CLI.script("let total = 1\nprint \"before\"\ntotl + 1\nprint \"after\"\n")
    let r = try CLI.run(["run", path])
    #expect(r.status == 1)
    #expect(r.stdout == "before\n")
    #expect(
      r.stderr == """
        \(path):3:1: error: unknown variable 'totl' (did you mean 'total'?)
         3 | totl + 1
           | ^~~~

        """)
  }

  @Test func syntaxErrorStopsBeforeRunningAnything() throws {
    let path = try CLI.script("print \"first\"\nlet = 2\n")
    let r = try CLI.run(["run", path])
    #expect(r.status == 1)
    #expect(r.stdout.isEmpty)
    #expect(r.stderr.contains(":2:5: error: expected a name after 'let'"))
  }

  @Test func missingScriptFile() throws {
    let r = try CLI.run(["run", "/nonexistent/x.churn"])
    #expect(r.status == 1)
    #expect(r.stderr.contains("cannot open '/nonexistent/x.churn'"))
  }

  @Test func params() throws {
    let path = try CLI.script("param n = 2.0\nparam label = \"x\"\nparam flag = false\nprint label\nn * 10\nflag\n")
    let a = try CLI.run(["run", path])
    #expect(a.stdout == "x\n20\nfalse\n")
    let b = try CLI.run(["run", path, "--param", "n=4.5", "--param", "label=some text", "--param", "flag=true"])
    #expect(b.status == 0)
    #expect(b.stdout == "some text\n45\ntrue\n")
    let c = try CLI.run(["run", path, "--param", "nn=3"])
    #expect(c.status == 1)
    #expect(c.stderr.contains("unknown parameter 'nn' (did you mean 'n'?)"))
    let e = try CLI.run(["run", path, "--param", "label=2024", "--param", "n=-1e3"])
    #expect(e.stdout == "2024\n-10000\nfalse\n")  // label stays text: its default is a string
    let f = try CLI.run(["run", path, "--param", "n=many"])
    #expect(f.status == 1)
    #expect(f.stderr.contains("--param n=many: 'n' is a number (its default is 2.0), got 'many'"))
    let d = try CLI.run(["run", path, "--param", "n"])
    #expect(d.status == 1)
    #expect(d.stderr.contains("--param expects NAME=VALUE"))
  }

  @Test func dashE() throws {
    let r = try CLI.run(["-e", "[1, 2, 3] |> mean"])
    #expect(r.status == 0)
    #expect(r.stdout == "2\n")
    let bad = try CLI.run(["-e", "1 +"])
    #expect(bad.status == 1)
    #expect(bad.stderr.hasPrefix("<-e>:1:4: error: expected an expression, found end of input"))
  }

  @Test func jsonFormat() throws {
    let path = try CLI.script("let r = {a: 1, b: [true, NA]}\nr\n\"text\"\n1.5\n")
    let r = try CLI.run(["run", path, "--format", "json"])
    #expect(r.status == 0)
    let json = try parseJSON(r.stdout)
    guard let items = json.arrayValue else {
      Issue.record("expected an array")
      return
    }
    #expect(items.count == 3)
    #expect(items[0]["line"]?.intValue == 2)
    #expect(items[0]["type"]?.stringValue == "record")
    #expect(items[0]["value"]?["a"]?.intValue == 1)
    #expect(items[0]["value"]?["b"]?[1]?.isNull == true)
    #expect(items[1]["value"]?.stringValue == "text")
    #expect(items[2]["value"]?.doubleValue == 1.5)
    let printed = try parseJSON(try CLI.run(["-e", "let x = 1\nprint \"hi\"", "--format", "json"]).stdout)
    #expect(printed[0]?["line"]?.intValue == 2)
    #expect(printed[0]?["value"]?.stringValue == "hi")
  }

  @Test func jsonFormatWithFrame() throws {
    let dir = try CLI.tempDir()
    try "a,b\n1,x\n2,\n".write(to: dir.appendingPathComponent("t.csv"), atomically: true, encoding: .utf8)
    let r = try CLI.run(["-e", "read_csv(\"t.csv\")", "--format", "json"], directory: dir)
    #expect(r.status == 0)
    let json = try parseJSON(r.stdout)
    #expect(json[0]?["type"]?.stringValue == "frame")
  }

  @Test func pipedStdinRunsLikeASessionAndRecovers() throws {
    let input = """
      let x = 1 +
        2
      print nope
      x |>
        print
      [1,
       2] |> mean
      """
    let r = try CLI.run([], stdin: input)
    #expect(r.status == 1)  // one statement failed
    #expect(r.stdout == "3\n1.5\n")
    #expect(r.stderr.hasPrefix("<stdin>:3:7: error: unknown variable 'nope'"))
    #expect(!r.stdout.contains("churn>"))  // no prompts when not a terminal
    #expect(!r.stdout.contains("\u{1B}["))
  }

  @Test func pipedStdinSuccessExitsZero() throws {
    let r = try CLI.run([], stdin: "print 1\n:vars\n")
    #expect(r.status == 0)
    #expect(r.stdout.hasPrefix("1\n"))
  }

  @Test func helpCommands() throws {
    let a = try CLI.run(["help"])
    #expect(a.status == 0)
    #expect(a.stdout.contains("filter"))
    let b = try CLI.run(["help", "filter"])
    #expect(b.stdout.hasPrefix("filter — "))
    let c = try CLI.run(["help", "missing values"])
    #expect(c.stdout.hasPrefix("Missing values"))
    let d = try CLI.run(["help", "fliter"])
    #expect(d.status == 1)
    #expect(d.stderr.contains("did you mean 'filter'"))
    let md = try CLI.run(["help", "--markdown"])
    #expect(md.stdout.hasPrefix("## Command reference"))
    let usage = try CLI.run(["--help"])
    #expect(usage.stdout.hasPrefix("usage: churn"))
    let unknown = try CLI.run(["rn", "x.churn"])
    #expect(unknown.status == 1)
    #expect(unknown.stderr.contains("did you mean 'run'"))
  }
}

/// The REPL through a pseudo-terminal (`script -qc`), as a person would use it.
@Suite(
  "churn REPL in a terminal", .enabled(if: CLI.available && FileManager.default.fileExists(atPath: "/usr/bin/script")))
struct REPLTerminalTests {
  func session(_ keys: String, history: URL) throws -> CLI.Result {
    guard let bin = CLI.binary else { throw CancellationError() }
    return try CLI.run(
      ["-qc", bin, "/dev/null"], stdin: keys,
      environment: ["CHURN_HISTORY": history.path, "TERM": "xterm"],
      executable: "/usr/bin/script")
  }

  @Test func historyIsWrittenTrimmedWithoutRepeats() throws {
    let hist = try CLI.tempDir().appendingPathComponent("history")
    let r = try session("let x = 41\n   x + 1   \nx + 1\n:quit\n", history: hist)
    #expect(r.stdout.contains("42"))
    let saved = try String(contentsOf: hist, encoding: .utf8)
    #expect(saved.contains("let\\040x\\040=\\04041"))
    #expect(saved.components(separatedBy: "x\\040+\\0401\n").count == 2)  // trimmed, and not repeated
  }

  @Test func errorsDoNotEndTheSessionAndMultiLineWorks() throws {
    let hist = try CLI.tempDir().appendingPathComponent("history")
    let r = try session("1 +* 2\n[1,\n2] |> mean\n:quit\n", history: hist)
    #expect(r.stdout.contains("error: expected an expression"))
    #expect(r.stdout.contains("...> "))
    #expect(r.stdout.contains("1.5"))
  }

  @Test func tabListsCompletionCandidates() throws {
    let hist = try CLI.tempDir().appendingPathComponent("history")
    let r = try session("3 |> sh\t\t\n:mode js\t\n{a: 1}\n:quit\n", history: hist)
    #expect(r.stdout.contains("show"))
    #expect(r.stdout.contains("\"a\": 1"))  // ':mode js<Tab>' completed to json
  }
}

@Suite("experiment commands on the command line", .enabled(if: CLI.available))
struct ExperimentCLITests {
  @Test func badExperimentInputExitsOneWithAMessage() throws {
    let path = try CLI.script("print \"before\"\nprop_test successes: [6, 1], trials: [5, 5]\nprint \"after\"\n")
    let r = try CLI.run(["run", path])
    #expect(r.status == 1)
    #expect(r.stdout == "before\n")
    #expect(r.stderr.contains(":2:1: error: prop_test: two proportions: arm 'treatment' has 6 successes in 5 trials"))
  }

  @Test func replStaysAliveAfterABadPowerCall() throws {
    let r = try CLI.run(
      [], stdin: "power proportions p1: 0.3, p2: 0.3\n(power proportions p1: 0.42, p2: 0.32).n_per_arm\n")
    #expect(r.status == 1)  // one statement failed
    #expect(r.stdout == "365\n")
    #expect(r.stderr.contains("the effect is zero"))
  }
}
