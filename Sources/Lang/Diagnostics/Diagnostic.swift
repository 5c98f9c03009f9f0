/// How serious a diagnostic is.
public enum Severity: String, Sendable {
  case error
  case warning
  case note
}

/// An error or warning tied to a place in the source.
///
/// Every error the language reports — from the lexer, the parser, argument checking or a library
/// call made by a command — is a `LangError`, so it can be printed the same way:
///
///     telco.churn:4:14: error: unknown column 'tenur' (did you mean 'tenure'?)
///         4 | df |> filter tenur > 3
///           |              ^~~~~
///
/// The span is optional: errors that have no source position (a bad CLI flag) print only the message.
public struct LangError: Error, Sendable, CustomStringConvertible {
  /// Error, warning or note.
  public var severity: Severity
  /// What went wrong, in one sentence (with a did-you-mean where one helps).
  public var message: String
  /// Where in the source; nil for errors with no position.
  public var span: Span?
  /// The source the span points into; attached by whoever knows it (the interpreter).
  public var source: SourceFile?
  /// Extra lines printed after the caret (`help: ...`).
  public var notes: [String]

  /// An error (or warning) with a message, an optional span and notes.
  public init(_ message: String, at span: Span? = nil, severity: Severity = .error, notes: [String] = []) {
    self.severity = severity
    self.message = message
    self.span = span
    self.source = nil
    self.notes = notes
  }

  /// The diagnostic text without colours.
  public var description: String { render(color: false) }

  /// Renders `FILE:LINE:COL: error: message`, the source line and a caret line under the span.
  public func render(color: Bool) -> String {
    let sev = severity.rawValue
    let (bold, red, yellow, blue, reset) =
      color ? ("\u{1B}[1m", "\u{1B}[31m", "\u{1B}[33m", "\u{1B}[34m", "\u{1B}[0m") : ("", "", "", "", "")
    let sevColor = severity == .error ? red : (severity == .warning ? yellow : blue)
    guard let source, let span else {
      var s = "\(bold)\(sevColor)\(sev):\(reset)\(bold) \(message)\(reset)"
      for n in notes { s += "\n  \(n)" }
      return s
    }
    let (line, col) = source.location(of: span.start)
    var out = "\(bold)\(source.name):\(line):\(col): \(sevColor)\(sev):\(reset)\(bold) \(message)\(reset)\n"
    let fullText = source.lineText(line)
    let gutter = String(line)
    let pad = String(repeating: " ", count: gutter.count)
    let (endLine, endCol) = source.location(of: span.end)
    var width = endLine == line ? max(1, endCol - col) : max(1, fullText.count - (col - 1))
    // A very long line (a 200,000-character data line) shows only a window around the caret.
    let window = LangError.sourceWindow(fullText, caretColumn: col)
    let text = window.text
    width = min(width, max(1, text.count - (window.caretColumn - 1)))
    out += " \(blue)\(gutter) |\(reset) \(text)\n"
    // Caret: reproduce tabs so the caret lines up, then ^ and ~ to the end of the span on this line.
    var caretPrefix = ""
    for ch in text.prefix(window.caretColumn - 1) { caretPrefix.append(ch == "\t" ? "\t" : " ") }
    let marks = "^" + String(repeating: "~", count: width - 1)
    out += " \(blue)\(pad) |\(reset) \(caretPrefix)\(sevColor)\(marks)\(reset)"
    for n in notes { out += "\n \(pad) = \(n)" }
    return out
  }

  /// Lines longer than this many characters are shown as a window around the caret.
  static let maxShownLine = 120

  /// The part of a source line to print: the whole line when short, else `maxShownLine` characters
  /// around `caretColumn` (1-based) with `…` marking what was cut; also the caret's column in it.
  static func sourceWindow(_ line: String, caretColumn: Int) -> (text: String, caretColumn: Int) {
    let chars = Array(line)
    guard chars.count > maxShownLine else { return (line, caretColumn) }
    let caret = max(0, min(caretColumn - 1, chars.count))
    let start = max(0, min(caret - maxShownLine / 3, chars.count - maxShownLine))
    let end = min(chars.count, start + maxShownLine)
    let head = start > 0 ? "…" : "", tail = end < chars.count ? "…" : ""
    return (head + String(chars[start..<end]) + tail, caret - start + 1 + head.count)
  }

  /// The same error located in `source` (keeps an already attached source).
  public func attaching(_ source: SourceFile) -> LangError {
    var e = self
    if e.source == nil { e.source = source }
    return e
  }
}

/// A did-you-mean suffix: `" (did you mean 'x'?)"`, or "" when there is no close candidate.
///
/// Uses Frame's `closestMatch`, whose edit distance counts one swap of adjacent letters
/// (`maen` -> `mean`) as a single edit.
public func didYouMean(_ name: String, among candidates: [String]) -> String {
  guard let m = closestMatch(to: name, among: candidates) else { return "" }
  return " (did you mean '\(m)'?)"
}
