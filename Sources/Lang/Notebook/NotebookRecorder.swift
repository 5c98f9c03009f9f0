import Foundation
import Frame
import Render
import Stats

/// Records a script run as a notebook document (`churn run FILE --report OUT.html`).
///
/// Installs itself on an interpreter: everything still prints where it printed before (stdout and stderr
/// of a report run are those of a plain run), and each printed value, text, warning and the error that
/// stops the run is also kept, as a structured output of the cell of the statement that produced it.
/// Frames stay frames (tables in the document), plots keep their SVG, reports keep their items.
public final class NotebookRecorder {
  /// The interpreter being recorded.
  public let interpreter: Interpreter
  private var outputs: [NotebookOutput] = []
  private var pendingValue: Value? = nil
  private var inputs: [NotebookInput] = []
  private var cellOutputs: [Int: [NotebookOutput]] = [:]
  private var ranStatements = Set<Int>()
  private var leadingError: String? = nil
  private var failed = false
  private var running: (index: Int, statement: Statement, source: SourceFile)? = nil
  /// Every value printed by the run, with the line and text of the statement that printed it.
  public private(set) var results: [(line: Int, statement: String, value: Value)] = []

  /// Starts recording `interpreter`'s output (its current output closures keep receiving everything).
  public init(interpreter: Interpreter) {
    self.interpreter = interpreter
    let forwardOut = interpreter.output
    let forwardDiagnostics = interpreter.diagnosticOutput
    interpreter.output = { [unowned self] text in
      forwardOut(text)
      self.captureText(text)
    }
    interpreter.diagnosticOutput = { [unowned self] text in
      forwardDiagnostics(text)
      self.outputs.append(.warning(stripANSI(text)))
    }
    interpreter.valueObserver = { [unowned self] value in self.pendingValue = value }
    interpreter.inputObserver = { [unowned self] path, rows in self.recordInput(path, rows: rows) }
  }

  /// Runs `program` statement by statement, keeping each statement's outputs; rethrows the first error
  /// (after recording it, rendered with its caret), so the caller reports it and exits as a plain run does.
  public func run(_ program: Program) throws {
    for (i, statement) in program.statements.enumerated() {
      outputs = []
      ranStatements.insert(i)
      running = (i, statement, program.source)
      defer {
        cellOutputs[i] = outputs
        running = nil
      }
      do {
        try interpreter.execute(statement, in: program.source)
      } catch let e as LangError {
        outputs.append(.error(e.attaching(program.source).render(color: false)))
        failed = true
        throw e
      } catch {
        outputs.append(.error("error: \(error)"))
        failed = true
        throw error
      }
    }
  }

  /// Records an error raised before any statement ran (a parse or check error, a bad `--param`).
  public func recordFailure(_ rendered: String) {
    leadingError = stripANSI(rendered)
    failed = true
  }

  /// The document of the run so far: `source`'s prose and cells with their outputs and the header facts.
  /// Pass the parsed `program` when parsing succeeded (nil shows the whole script as one cell).
  public func document(source: SourceFile, program: Program?) -> NotebookDocument {
    var statementLines: [ClosedRange<Int>] = []
    if let program {
      statementLines = program.statements.map { s in
        let a = source.location(of: s.span.start).line - source.lineOffset
        let b = source.location(of: max(s.span.start, s.span.end - 1)).line - source.lineOffset
        return a...max(a, b)
      }
    }
    let layout = ScriptLayout(text: source.text, statementLines: statementLines)
    var blocks: [NotebookBlock] = []
    if let leadingError {
      blocks.append(.cell(NotebookCell(source: "", firstLine: 1, outputs: [.error(leadingError)])))
    }
    // The first line of the cell whose statement failed; comment-only cells after it did not run either.
    var failLine = Int.max
    if failed, let last = ranStatements.max() {
      for case .cell(_, let line, let statements) in layout.blocks where statements.contains(last) { failLine = line }
    }
    for block in layout.blocks {
      switch block {
      case .prose(let md): blocks.append(.prose(md))
      case .cell(let text, let line, let statements):
        let outs = statements.flatMap { cellOutputs[$0] ?? [] }
        let ran =
          program != nil && leadingError == nil
          && (statements.isEmpty ? line < failLine : statements.contains { ranStatements.contains($0) })
        blocks.append(.cell(NotebookCell(source: text, firstLine: line, outputs: outs, ran: ran)))
      }
    }
    // A title taken from the first prose heading is not repeated as that block's first line.
    let title = notebookTitle(source)
    if let i = blocks.firstIndex(where: { if case .prose = $0 { return true } else { return false } }),
      case .prose(let md) = blocks[i], let first = md.split(separator: "\n", omittingEmptySubsequences: false).first,
      first.hasPrefix("#"), first.drop(while: { $0 == "#" }).trimmingCharacters(in: .whitespaces) == title
    {
      let rest = md.split(separator: "\n", omittingEmptySubsequences: false).dropFirst().joined(separator: "\n")
      if rest.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
        blocks.remove(at: i)
      } else {
        blocks[i] = .prose(rest)
      }
    }
    let parameters = interpreter.parameterNames.map { name in (name, interpreter.value(of: name)?.brief ?? "NA") }
    return NotebookDocument(
      title: title, sourceName: source.name, version: "churn \(churnVersion)",
      parameters: parameters, seeds: scriptSeeds(source).map(describeSeed), inputs: inputs, blocks: blocks,
      failed: failed)
  }

  /// A seed expression with its value when it is a variable (`seed = 42`), else as written.
  private func describeSeed(_ text: String) -> String {
    guard text.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }), text.first?.isLetter ?? false,
      let v = interpreter.value(of: text)
    else { return text }
    return text + " = " + v.brief
  }

  // MARK: - Capture

  private func captureText(_ text: String) {
    guard let value = pendingValue else {
      outputs.append(.text(text))
      return
    }
    pendingValue = nil
    outputs += notebookOutputs(for: value, text: text)
    if let r = running {
      results.append((r.source.location(of: r.statement.span.start).line, r.source.text(of: r.statement.span), value))
    }
  }

  /// The outputs that show `value` (printed in the terminal as `text`).
  func notebookOutputs(for value: Value, text: String) -> [NotebookOutput] {
    switch value {
    case .frame(let df): return [.table(df, note: nil)]
    case .grouped(let g):
      return [.table(g.frame, note: text.split(separator: "\n").first.map(String.init))]
    case .object(let o):
      if let p = o as? PlotObject { return [.plot(svg: p.svg, text: p.text)] }
      let report = interpreter.displayReport(of: o)
      guard let carrier = o as? PlotCarrying else { return [.report(report)] }
      return splitReport(report, plots: carrier.carriedPlots)
    default:
      return [.text(text)]
    }
  }

  /// The report with each terminal plot that has an SVG twin replaced by that SVG (the report is cut
  /// around it, so the order of its items is kept).
  private func splitReport(_ report: Report, plots: [PlotObject]) -> [NotebookOutput] {
    var outs: [NotebookOutput] = []
    var part = Report(title: report.title)
    for item in report.items {
      if case .preformatted(let p) = item, let plot = plots.first(where: { $0.text == p }) {
        if !part.title.isEmpty || !part.items.isEmpty { outs.append(.report(part)) }
        outs.append(.plot(svg: plot.svg, text: plot.text))
        part = Report(title: "")
      } else {
        part.items.append(item)
      }
    }
    if !part.title.isEmpty || !part.items.isEmpty { outs.append(.report(part)) }
    return outs
  }

  private func recordInput(_ path: String, rows: Int) {
    let bytes = FileManager.default.contents(atPath: path).map { [UInt8]($0) }
    let hash = bytes.map { SHA256.hex($0) } ?? "unreadable"
    let entry = NotebookInput(path: path, rows: rows, sha256: hash)
    if !inputs.contains(entry) { inputs.append(entry) }
  }
}

/// A value whose report shows terminal plots that also exist as plot values, so documents can show
/// them as SVG (e.g. a power curve's report).
protocol PlotCarrying {
  /// The plots drawn in the report, in order.
  var carriedPlots: [PlotObject] { get }
}

/// The document title: the first prose heading, else the script's first line when it is a plain comment,
/// else the file name.
func notebookTitle(_ source: SourceFile) -> String {
  let lines = source.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
  let prose = lines.compactMap(proseText).joined(separator: "\n")
  if let h = markdownHeadings(prose).first, !h.text.isEmpty { return h.text }
  if let first = lines.first, first.hasPrefix("#"), !first.hasPrefix("#'") {
    let t = first.drop { $0 == "#" || $0 == " " }.trimmingCharacters(in: .whitespaces)
    if !t.isEmpty { return t }
  }
  return source.name.split(separator: "/").last.map(String.init) ?? source.name
}

/// The expressions written after `seed:` in the script's code (comments and strings excluded), first
/// appearances in order: `42`, `seed`, `seed + 1`.
func scriptSeeds(_ source: SourceFile) -> [String] {
  guard let tokens = try? Lexer.tokenize(source) else { return [] }
  var seeds: [String] = []
  var i = 0
  while i + 2 < tokens.count {
    defer { i += 1 }
    guard tokens[i].isWord("seed"), tokens[i + 1].isPunct(":") else { continue }
    // The option's value runs to the next `,` or line end at bracket depth 0.
    var j = i + 2, depth = 0, last = i + 2
    while j < tokens.count {
      let t = tokens[j]
      if t.kind == .newline || t.kind == .eof { break }
      if t.kind == .punct {
        if ["(", "[", "{"].contains(t.text) { depth += 1 }
        if [")", "]", "}"].contains(t.text) {
          if depth == 0 { break }
          depth -= 1
        }
        if t.text == "," && depth == 0 { break }
      }
      last = j
      j += 1
    }
    let text = source.text(from: tokens[i + 2].span.start, to: tokens[last].span.end)
    if !text.isEmpty && !seeds.contains(text) { seeds.append(text) }
  }
  return seeds
}
