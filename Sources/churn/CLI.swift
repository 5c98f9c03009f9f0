import Lang

/// The `churn` command line: hand-rolled, small, and the same interpreter everywhere.
///
///     churn [--format json] [--param NAME=VALUE]...
///                                    REPL on a terminal; piped stdin runs as input, line by line
///     churn run FILE.churn [--param NAME=VALUE]... [--format text|json] [--report OUT.html|OUT.md] [--values OUT.json]
///     churn -e 'CODE' [--param NAME=VALUE]... [--format text|json]
///     churn help [NAME] | churn help --markdown
///     churn --version | churn --help
enum CLI {
  static let usage = """
    usage: churn [options]                        start the interactive shell (or run piped stdin)
           churn run FILE.churn [options]         run a script
           churn -e 'CODE' [options]              run code given on the command line
           churn help [NAME]                      help on a command, function or topic
           churn help --markdown                  the command reference in Markdown
           churn serve --policy FILE [options]    the decision service (churn serve --help)
           churn --version

    options:
      --param NAME=VALUE   set a script parameter (numbers and true/false are parsed)
      --format text|json   print results as text (default) or as one JSON array
      --width N            table width in columns (default: the terminal's, else 110); plots
                           fit it too (at most 120 columns; a plain run keeps their 72)
      --ascii              draw plots with ASCII characters only (default: only when the
                           terminal's locale is not UTF-8, or TERM is dumb or linux)
      --report OUT.html    also write the run as a notebook report: #' lines as prose, each
                           statement with its output, tables, plots as SVG (OUT.md: Markdown)
      --values OUT.json    also write the script's named values as JSON (run and -e only)

    With stdin not a terminal, churn reads it all and runs it statement by statement
    (errors are reported and the rest still runs; the exit status is 1 if any failed).
    """

  /// Runs the CLI and returns the exit status.
  static func run(_ args: [String]) -> Int32 {
    guard let first = args.first else {
      return Terminal.stdinIsTTY ? REPL.start() : runStdin()
    }
    switch first {
    case "--version", "-V", "version":
      Terminal.out("churn \(churnVersion)")
      return 0
    case "--help", "-h":
      Terminal.out(usage)
      return 0
    case "help":
      return help(Array(args.dropFirst()))
    case "run":
      return runScript(Array(args.dropFirst()))
    case "-e":
      return runCode(Array(args.dropFirst()))
    case "serve":
      return ServeLauncher.exec(Array(args.dropFirst()))
    default:
      if first.hasSuffix(".churn") { return runScript(args) }
      if first.hasPrefix("-") { return runStdinOrShell(args) }
      Terminal.err("error: unknown command '\(first)'\(suggestion(first))\n\n\(usage)")
      return 1
    }
  }

  private static func suggestion(_ s: String) -> String {
    let known = ["run", "help", "serve", "-e", "--version", "--help"]
    let lower = s.lowercased()
    let best = known.min { editDistance(lower, $0) < editDistance(lower, $1) }
    guard let b = best, editDistance(lower, b) <= max(1, s.count / 3) else { return "" }
    return " (did you mean '\(b)'?)"
  }

  // MARK: - Options

  struct RunOptions {
    var positional: [String] = []
    var params: [(name: String, text: String)] = []
    var format: OutputFormat = .text
    var width: Int? = nil
    /// `--ascii`: plots in ASCII characters only.
    var ascii = false
    /// `--report PATH` (may be given more than once, e.g. .html and .md): notebook documents of the run.
    var reports: [String] = []
    /// `--values PATH`: write the named values as JSON.
    var values: String? = nil
  }

  static func parseOptions(_ args: [String]) -> Result<RunOptions, CLIError> {
    var o = RunOptions()
    var i = 0
    while i < args.count {
      let a = args[i]
      func next() -> String? { i + 1 < args.count ? args[i + 1] : nil }
      /// The value of `--flag VALUE` or `--flag=VALUE`; nil when it is missing.
      func value(_ flag: String) -> String? {
        if a.hasPrefix(flag + "=") { return String(a.dropFirst(flag.count + 1)) }
        guard let n = next() else { return nil }
        i += 1
        return n
      }
      if a == "--param" || a == "-p" || a.hasPrefix("--param=") {
        guard let spec = value("--param") else {
          return .failure(CLIError("--param needs NAME=VALUE"))
        }
        guard let eq = spec.firstIndex(of: "="), eq != spec.startIndex else {
          return .failure(CLIError("--param expects NAME=VALUE, got '\(spec)'"))
        }
        o.params.append((String(spec[..<eq]), String(spec[spec.index(after: eq)...])))
      } else if a == "--format" || a.hasPrefix("--format=") {
        guard let v = value("--format") else {
          return .failure(CLIError("--format needs text or json"))
        }
        guard let f = OutputFormat(rawValue: v) else {
          return .failure(CLIError("--format must be text or json, got '\(v)'"))
        }
        o.format = f
      } else if a == "--width" || a.hasPrefix("--width=") {
        guard let v = value("--width") else {
          return .failure(CLIError("--width needs a number of columns, e.g. --width 100"))
        }
        guard let w = Int(v), (20...1000).contains(w) else {
          return .failure(CLIError("--width must be a whole number of columns from 20 to 1000, got '\(v)'"))
        }
        o.width = w
      } else if a == "--ascii" {
        o.ascii = true
      } else if a == "--report" || a.hasPrefix("--report=") {
        guard let v = value("--report") else {
          return .failure(CLIError("--report needs a file name ending in .html or .md, e.g. --report phase01.html"))
        }
        guard NotebookFormat(path: v) != nil else {
          return .failure(
            CLIError("--report writes HTML or Markdown: the file name must end in .html or .md, got '\(v)'"))
        }
        o.reports.append(v)
      } else if a == "--values" || a.hasPrefix("--values=") {
        guard let v = value("--values") else {
          return .failure(CLIError("--values needs a file name, e.g. --values values.json"))
        }
        o.values = v
      } else if a.hasPrefix("-") && a.count > 1 && !o.positional.isEmpty || a.hasPrefix("--") {
        return .failure(CLIError("unknown option '\(a)'"))
      } else {
        o.positional.append(a)
      }
      i += 1
    }
    return .success(o)
  }

  struct CLIError: Error {
    var message: String
    init(_ m: String) { message = m }
  }

  // MARK: - Running

  static func makeInterpreter(format: OutputFormat, width: Int? = nil, ascii: Bool = false) -> Interpreter {
    let interp = Interpreter()
    interp.format = format
    let columns = width ?? Terminal.outputWidth
    if let w = columns { interp.tableStyle.maxWidth = w }
    interp.plotStyle = PlotStyle(columns: columns, ascii: ascii || Terminal.plotsNeedASCII)
    interp.output = Terminal.out
    interp.colorDiagnostics = Terminal.colorErrors
    interp.diagnosticOutput = Terminal.err
    if Terminal.stderrIsTTY { interp.progressSink = Terminal.progress }
    return interp
  }

  static func runScript(_ args: [String]) -> Int32 {
    switch parseOptions(args) {
    case .failure(let e):
      Terminal.err("error: \(e.message)\n\n\(usage)")
      return 1
    case .success(let o):
      guard o.positional.count == 1, let path = o.positional.first else {
        Terminal.err("error: churn run needs exactly one script file\n\n\(usage)")
        return 1
      }
      switch Terminal.readFile(path) {
      case .failure(let e):
        Terminal.err("error: \(e.message)")
        return 1
      case .success(let text):
        return execute(SourceFile(name: path, text: text), o)
      }
    }
  }

  static func runCode(_ args: [String]) -> Int32 {
    guard let code = args.first else {
      Terminal.err("error: -e needs code, e.g. churn -e 'print 1 + 2'")
      return 1
    }
    switch parseOptions(Array(args.dropFirst())) {
    case .failure(let e):
      Terminal.err("error: \(e.message)")
      return 1
    case .success(let o):
      guard o.positional.isEmpty else {
        Terminal.err("error: unexpected argument '\(o.positional[0])' (quote the code as one argument)")
        return 1
      }
      return execute(SourceFile(name: "<-e>", text: code), o)
    }
  }

  /// Parses, checks, validates `--param` names, then runs; exit status 0 or 1. With `--report` the run is
  /// also recorded as a notebook document (written even when a statement fails), with `--values` its
  /// named values are written as JSON; stdout and stderr stay those of a plain run.
  static func execute(_ source: SourceFile, _ o: RunOptions) -> Int32 {
    let interp = makeInterpreter(format: o.format, width: o.width, ascii: o.ascii)
    if o.format == .json { interp.collectedResults = [] }
    let recorder = !o.reports.isEmpty || o.values != nil ? NotebookRecorder(interpreter: interp) : nil
    var program: Program? = nil
    var status: Int32 = 0
    var running = false
    do {
      let parsed = try interp.parse(source)
      program = parsed
      try interp.check(parsed)
      let declared = parsed.statements.compactMap { s -> String? in
        if case .param(let n, _, _) = s.kind { return n }
        return nil
      }
      for (name, text) in o.params {
        guard declared.contains(name) else {
          let hint = closestMatch(to: name, among: declared).map { " (did you mean '\($0)'?)" } ?? ""
          let list =
            declared.isEmpty
            ? "the script declares no parameters"
            : "parameters: " + declared.joined(separator: ", ")
          let message = "error: unknown parameter '\(name)'\(hint); \(list)"
          Terminal.err(message)
          recorder?.recordFailure(message)
          return finishRun(source, program: program, recorder: recorder, interp: interp, o, status: 1)
        }
        interp.setParameter(name, text: text)
      }
      running = true
      if let recorder { try recorder.run(parsed) } else { try interp.run(parsed) }
    } catch let e as LangError {
      Terminal.err(e.attaching(source).render(color: interp.colorDiagnostics))
      if !running { recorder?.recordFailure(e.attaching(source).render(color: false)) }
      status = 1
    } catch {
      Terminal.err("error: \(error)")
      if !running { recorder?.recordFailure("error: \(error)") }
      status = 1
    }
    if let results = interp.collectedResults {
      Terminal.out(renderJSON(.array(results)))
    }
    return finishRun(source, program: program, recorder: recorder, interp: interp, o, status: status)
  }

  /// Writes the `--report` document and the `--values` file when asked; returns the exit status (1 when
  /// the run failed or a file could not be written).
  static func finishRun(
    _ source: SourceFile, program: Program?, recorder: NotebookRecorder?, interp: Interpreter,
    _ o: RunOptions, status: Int32
  ) -> Int32 {
    var status = status
    if let recorder, !o.reports.isEmpty {
      let doc = recorder.document(source: source, program: program)
      for path in o.reports {
        guard let format = NotebookFormat(path: path) else { continue }
        if let problem = writeTextFile(format.render(doc), to: path) {
          Terminal.err("error: --report: \(problem)")
          status = 1
        }
      }
    }
    if let path = o.values,
      let problem = writeTextFile(runValuesJSON(interp, results: recorder?.results ?? []) + "\n", to: path)
    {
      Terminal.err("error: --values: \(problem)")
      status = 1
    }
    return status
  }

  /// `churn --format json` / `churn --param n=3` without a script: the options apply to piped stdin
  /// (or to the shell on a terminal).
  static func runStdinOrShell(_ args: [String]) -> Int32 {
    switch parseOptions(args) {
    case .failure(let e):
      Terminal.err("error: \(e.message)\n\n\(usage)")
      return 1
    case .success(let o):
      // `churn --width 80 -e CODE` / `churn --format json run x.churn`: options may come first.
      if let k = args.firstIndex(where: { $0 == "-e" || $0 == "run" || $0.hasSuffix(".churn") }),
        o.positional.first == args[k]
      {
        return run(Array(args[k...]) + Array(args[..<k]))
      }
      if let p = o.positional.first {
        Terminal.err("error: unexpected argument '\(p)' (options go after `run FILE.churn` or `-e CODE`)\n\n\(usage)")
        return 1
      }
      if !o.reports.isEmpty || o.values != nil {
        Terminal.err("error: --report and --values work with a script: churn run FILE.churn --report OUT.html")
        return 1
      }
      return Terminal.stdinIsTTY ? REPL.start(options: o) : runStdin(o)
    }
  }

  /// Piped stdin: run input by input, keep going after errors. With `--format json` the results are
  /// printed at the end as one JSON array, as `churn run` does.
  static func runStdin(_ o: RunOptions = RunOptions()) -> Int32 {
    let interp = makeInterpreter(format: o.format, width: o.width, ascii: o.ascii)
    if o.format == .json { interp.collectedResults = [] }
    for (name, text) in o.params { interp.setParameter(name, text: text) }
    let session = Session(interpreter: interp, sourceName: "<stdin>", errorOutput: Terminal.err)
    let failures = session.runAll(Terminal.readAllStdin())
    if let results = interp.collectedResults { Terminal.out(renderJSON(.array(results))) }
    return failures > 0 ? 1 : 0
  }

  static func help(_ args: [String]) -> Int32 {
    let interp = makeInterpreter(format: .text)
    if args == ["--markdown"] {
      Terminal.out(HelpText.markdownReference(interp.registry, interp.functions))
      return 0
    }
    let code = args.isEmpty ? "help" : "help \(quotedName(args.joined(separator: " ")))"
    let session = Session(interpreter: interp, sourceName: "<help>", errorOutput: Terminal.err)
    return session.submit(code) ? 0 : 1
  }

  private static func quotedName(_ s: String) -> String {
    var q = "\""
    for ch in s { q += ch == "\"" ? "\\\"" : (ch == "\\" ? "\\\\" : String(ch)) }
    return q + "\""
  }
}
