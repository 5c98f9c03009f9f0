import Foundation
import Frame

/// What the completer knows: commands and their options, functions, topics, variables and
/// columns in scope, fields of a variable, and a file lister for paths inside quotes.
public struct CompletionContext {
  /// Command name -> its option names.
  public var commandOptions: [String: [String]] = [:]
  /// Command name -> words its positional parameters accept (`fit` -> gbm, logit, ...).
  public var commandChoices: [String: [String]] = [:]
  /// Command name -> option name -> words the option accepts (`crosstab` -> normalize -> row, ...).
  public var optionChoices: [String: [String: [String]]] = [:]
  /// Command name -> first word -> the command it runs (`fit` -> causal_forest -> causal_forest).
  public var subcommands: [String: [String: String]] = [:]
  /// Function names.
  public var functions: [String] = []
  /// Help topic names; several words for some (`doubly robust`).
  public var topics: [String] = []
  /// Variable names.
  public var variables: [String] = []
  /// Column names of the frames held in variables.
  public var columns: [String] = []
  /// Field names of the variable called `name` (`s.` -> train, test).
  public var fields: (String) -> [String] = { _ in [] }
  /// Paths starting with the given partial path (directories end in "/").
  public var listFiles: (String) -> [String] = { _ in [] }

  /// An empty context (nothing to complete).
  public init() {}
}

/// Characters that end a completion word (also given to libedit so both agree).
public let completionWordBreaks = " \t\n\"'`@$><=;|&{}()[],+-*/^%~!:#"

/// Completion candidates for the word that ends at `cursor` (a UTF-8 byte offset into `line`).
///
/// Each candidate replaces that word entirely. Context decides what is offered: file names inside a
/// string, shell commands after ':', fields after `name.`, commands at the start of a statement or
/// after `|>`, the verb's options (`seed:`), columns and variables in its arguments, and command,
/// function and topic names after `help`.
public func completionCandidates(for line: String, cursor: Int, context ctx: CompletionContext) -> [String] {
  let bytes = Array(line.utf8)
  let end = max(0, min(cursor, bytes.count))
  let breaks = Set(completionWordBreaks.utf8)
  var start = end
  while start > 0 && !breaks.contains(bytes[start - 1]) { start -= 1 }
  let before = String(decoding: bytes[0..<start], as: UTF8.self)
  let word = String(decoding: bytes[start..<end], as: UTF8.self)

  func finish(_ cands: [String]) -> [String] {
    var seen = Set<String>()
    return cands.filter { $0.hasPrefix(word) && !$0.isEmpty && seen.insert($0).inserted }.sorted()
  }

  // Inside a string: complete a file path (the word may include the text after the quote).
  if insideString(before) {
    let quoteStart = lastQuoteStart(bytes, upTo: end)
    let partial = String(decoding: bytes[quoteStart..<end], as: UTF8.self)
    let offset = partial.count - word.count
    return ctx.listFiles(partial).map { String($0.dropFirst(max(0, offset))) }
      .filter { $0.hasPrefix(word) }.sorted()
  }

  let trimmedBefore = before.drop { $0 == " " || $0 == "\t" }
  // Shell commands: `:vars`, `:mode json`.
  if let f = trimmedBefore.first, f == ":" || (f == "." && trimmedBefore.count == 1) {
    let rest = trimmedBefore.dropFirst().split(separator: " ")
    if rest.isEmpty { return finish(Session.metaCommands) }
    switch rest[0] {
    case "mode": return finish(["text", "json"])
    case "timer": return finish(["on", "off"])
    case "help":
      if rest.count > 1 { return finish(nextTopicWords(after: rest.dropFirst().map(String.init), ctx.topics)) }
      return finish(Array(ctx.commandOptions.keys) + ctx.functions + ctx.topics)
    default: return []
    }
  }

  // Fields: `s.tr` -> s.train.
  if let dot = word.lastIndex(of: ".") {
    let base = String(word[..<dot])
    guard !base.isEmpty, !base.contains(".") else { return [] }
    return finish(ctx.fields(base).map { base + "." + $0 })
  }

  // The current statement segment: after the last `|>` (or `=` of a let).
  let segment = currentSegment(before)
  let words = segment.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
  let keywords = ["true", "false", "NA", "and", "or", "not", "in"]
  if words.isEmpty {
    var c = Array(ctx.commandOptions.keys) + ctx.variables + ctx.functions
    if !before.contains("|>") && !before.contains("=") { c += ["let", "param", "fn", "for"] }
    return finish(c)
  }
  var verb = words[0]
  // `fit causal_forest ... <Tab>` completes the options of `causal_forest`.
  if words.count >= 2, let sub = ctx.subcommands[verb]?[words[1]] {
    verb = sub
  }
  if verb == "help" && words.count == 1 {
    return finish(Array(ctx.commandOptions.keys) + ctx.functions + ctx.topics)
  }
  if verb == "help" { return finish(nextTopicWords(after: Array(words.dropFirst()), ctx.topics)) }
  if words.last == "on" {
    return finish(ctx.variables)
  }
  if let last = words.last, last.hasSuffix(":"), let choices = ctx.optionChoices[verb]?[String(last.dropLast())] {
    return finish(choices)
  }
  // Inside an open list after an option with word choices: `tune: [alpha, min_n`.
  if let k = words.lastIndex(where: { $0.hasSuffix(":") }), k + 1 < words.count,
    let choices = ctx.optionChoices[verb]?[String(words[k].dropLast())]
  {
    let after = words[(k + 1)...].joined(separator: " ")
    if after.hasPrefix("["), !after.contains("]") { return finish(choices) }
  }
  var c = ctx.columns + ctx.variables + ctx.functions + keywords
  // Right of `~`: the formula functions (ns, poly, C, I, log …).
  if segment.contains("~") { c += FormulaExpression.functionNames }
  if let opts = ctx.commandOptions[verb] {
    c = opts.map { $0 + ":" } + (ctx.commandChoices[verb] ?? []) + c
    c += ["on", "with"]
  }
  return finish(c)
}

/// The rest of each multi-word topic that starts with the words already typed after `help`:
/// after `help doubly`, the topic `doubly robust` offers `robust`.
private func nextTopicWords(after typed: [String], _ topics: [String]) -> [String] {
  let prefix = typed.joined(separator: " ").lowercased() + " "
  return topics.compactMap { t in
    t.lowercased().hasPrefix(prefix) ? String(t.dropFirst(prefix.count)) : nil
  }
}

/// Whether `text` ends inside an open string literal.
private func insideString(_ text: String) -> Bool {
  var inString: Character? = nil
  var escaped = false
  for ch in text {
    if let q = inString {
      if escaped { escaped = false } else if ch == "\\" { escaped = true } else if ch == q { inString = nil }
    } else if ch == "\"" || ch == "'" {
      inString = ch
    } else if ch == "#" {
      return false
    }
  }
  return inString != nil
}

private func lastQuoteStart(_ bytes: [UInt8], upTo end: Int) -> Int {
  var i = end
  while i > 0 {
    if bytes[i - 1] == UInt8(ascii: "\"") || bytes[i - 1] == UInt8(ascii: "'") { return i }
    i -= 1
  }
  return 0
}

/// The text after the last `|>`, or after `let name =`, or the whole text.
private func currentSegment(_ text: String) -> Substring {
  var s = Substring(text)
  if let r = s.range(of: "|>", options: .backwards) { s = s[r.upperBound...] }
  let t = s.drop { $0 == " " || $0 == "\t" }
  if t.hasPrefix("let ") || t.hasPrefix("param ") {
    if let eq = t.firstIndex(of: "=") { return t[t.index(after: eq)...].drop { $0 == " " } }
    return ""
  }
  return t
}
