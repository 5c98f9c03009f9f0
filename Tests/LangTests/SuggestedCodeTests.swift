import Foundation
import Testing

@testable import Lang

/// Every piece of code a message suggests must run as written (issue 11 item 7).
///
/// Convention: a message that suggests code writes it in backticks, as a statement of the language,
/// with `…` standing for the rest of the user's own command (`estimate … method: "hajek"`,
/// `trim ps rule: 0.05`). This test collects every backticked snippet of two or more words from the
/// string literals of the library modules (and from the error and warning lines of Lang), replaces
/// interpolations by a placeholder, and then parses the snippet, checks it against the command
/// registry (command and option names), and binds literal option values and positional words
/// against the option and parameter types (a `.choice` value must be one of its choices). A renamed
/// option, command or choice breaks it.
@Suite("Suggested code in messages")
struct SuggestedCodeTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  struct Snippet: CustomStringConvertible {
    var file: String
    var line: Int
    var code: String
    var description: String { "\(file):\(line): `\(code)`" }
  }

  /// Backticked snippets with a space or a colon, in string literals outside comments and outside
  /// multi-line (help) strings. In Lang only message lines count (its help texts hold examples that
  /// other tests run). Formula.swift and Lexer.swift use backticks as the quoting of names.
  static func snippets() throws -> [Snippet] {
    let modules = ["Stats", "Frame", "Learn", "Causal", "Experiment", "Policy", "Lang"]
    let fm = FileManager.default
    var out: [Snippet] = []
    for m in modules {
      let dir = root.appendingPathComponent("Sources/\(m)")
      guard let walker = fm.enumerator(atPath: dir.path) else { continue }
      let files = walker.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") }.sorted()
      for f in files where !f.hasSuffix("Formula.swift") && !f.hasSuffix("Lexer.swift") {
        let text = try String(contentsOf: dir.appendingPathComponent(f), encoding: .utf8)
        var inBlock = false
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
          if line.components(separatedBy: "\"\"\"").count % 2 == 0 {
            inBlock.toggle()
            continue
          }
          let t = line.trimmingCharacters(in: .whitespaces)
          if inBlock || t.hasPrefix("//") || !line.contains("\"") { continue }
          if m == "Lang" && !(line.contains("error(") || line.contains("LangError(") || line.contains("warn(")) {
            continue
          }
          let parts = line.split(separator: "`", omittingEmptySubsequences: false)
          guard parts.count >= 3 else { continue }
          for k in stride(from: 1, to: parts.count - 1, by: 2) where parts[k].contains(" ") || parts[k].contains(":") {
            out.append(Snippet(file: "Sources/\(m)/\(f)", line: i + 1, code: String(parts[k])))
          }
        }
      }
    }
    return out
  }

  /// The snippet as the user would type it: `\"` unescaped, interpolations replaced by `1`, `…` dropped.
  static func runnable(_ code: String) -> String {
    var out = ""
    var chars = Array(code)[...]
    while let c = chars.first {
      chars = chars.dropFirst()
      if c == "\\", let n = chars.first {
        chars = chars.dropFirst()
        if n == "(" {
          var depth = 1
          while let d = chars.first, depth > 0 {
            chars = chars.dropFirst()
            if d == "(" { depth += 1 } else if d == ")" { depth -= 1 }
          }
          out += "1"
        } else {
          out.append(n)
        }
      } else if c == "…" {
        continue
      } else {
        out.append(c)
      }
    }
    return out
  }

  /// Checks the literal option values and positional words of a command against its spec.
  static func bindLiterals(_ node: CommandNode, _ interp: Interpreter) -> [String] {
    guard let outer = interp.registry.spec(node.name) else { return ["unknown command \(node.name)"] }
    let (n, spec) = interp.resolveSubcommand(node, outer)
    var problems: [String] = []
    func literal(_ e: Expr) -> String? {
      switch e.kind {
      case .string(let s), .identifier(let s): return s
      default: return nil
      }
    }
    var positional = 0
    for a in n.args {
      switch a {
      case .option(let key, _, let value?):
        if let o = spec.options.first(where: { $0.name == key }), case .choice(let cs) = o.type,
          let s = literal(value), !cs.contains(s)
        {
          problems.append("\(spec.name) \(key): \"\(s)\" is not one of \(cs)")
        }
      case .positional(let e):
        if positional < spec.parameters.count, case .choice(let cs) = spec.parameters[positional].type,
          let s = literal(e), !cs.contains(s)
        {
          problems.append("\(spec.name): '\(s)' is not one of \(cs)")
        }
        positional += 1
      default: break
      }
    }
    return problems
  }

  @Test func everySuggestedSnippetParsesAndBinds() throws {
    let all = try SuggestedCodeTests.snippets()
    // The messages named in the issue are among them (so the scan itself is not empty or blind).
    #expect(all.count >= 20, "only \(all.count) snippets found")
    #expect(all.contains { $0.code.hasPrefix("trim ps rule:") })
    for s in all {
      let code = SuggestedCodeTests.runnable(s.code)
      let interp = Interpreter()
      do {
        let program = try interp.parse(SourceFile(name: "snippet", text: code))
        try interp.check(program)
        for st in program.statements {
          var nodes: [CommandNode] = []
          func collect(_ e: Expr) {
            switch e.kind {
            case .command(let c), .call(let c): nodes.append(c)
            case .pipe(let input, let c):
              collect(input)
              nodes.append(c)
            default: break
            }
          }
          switch st.kind {
          case .expression(let e), .let(_, _, let e), .param(_, _, let e): collect(e)
          case .forLoop(let l): collect(l.sequence)
          }
          #expect(!nodes.isEmpty || code.contains("="), "\(s): not a command")
          for node in nodes where interp.registry.contains(node.name) {
            let problems = SuggestedCodeTests.bindLiterals(node, interp)
            #expect(problems.isEmpty, "\(s): \(problems)")
          }
        }
      } catch let e as LangError {
        Issue.record("\(s) does not run as written: \(e.render(color: false))")
      }
    }
  }

  @Test func suggestionsNamedInTheIssueAreRunnable() throws {
    // `cv` names its fold count `k:`; the message must say so.
    let text =
      errorText(
        """
        let d = simulate nie_wager setup: "A", n: 40, seed: 1
        cv gbm y ~ x1 on d with k: 1
        """) ?? ""
    #expect(text.contains("'k'"), "\(text)")
    #expect(!text.contains("'folds'"), "\(text)")
    // A constant outcome is named as such; no recode suggestion that would fail again.
    let constant =
      errorText(
        """
        let d = simulate nie_wager setup: "A", n: 40, seed: 1 |> mutate c = 1
        fit logit c ~ x1 on d
        """) ?? ""
    #expect(constant.contains("constant"), "\(constant)")
    #expect(!constant.contains("mutate"), "\(constant)")
    // A numeric outcome with three values is recoded with a number, and that mutate runs.
    let three =
      errorText(
        """
        let d = simulate nie_wager setup: "A", n: 40, seed: 1 |> mutate k = round(x1 * 2)
        fit logit k ~ x1 on d
        """) ?? ""
    let start = three.firstIndex(of: "`"), end = three.lastIndex(of: "`")
    #expect(start != nil && end != nil && start! < end!, "\(three)")
    if let start, let end, start < end {
      let suggestion = String(three[three.index(after: start)..<end])
      #expect(!suggestion.contains("\""), "\(suggestion)")
      let ok = errorText(
        """
        let d = simulate nie_wager setup: "A", n: 40, seed: 1 |> mutate k = round(x1 * 2)
        let d2 = d |> \(suggestion)
        fit logit y ~ x2 + x3 on d2
        """)
      #expect(ok == nil, "\(ok ?? "")")
    }
  }
}
