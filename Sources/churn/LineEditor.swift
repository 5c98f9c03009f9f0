@preconcurrency import CLibEdit
import Lang

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Set by the SIGINT handler; read by the line editor after `readline` returns.
nonisolated(unsafe) private var sigintReceived: sig_atomic_t = 0
/// Candidates of the completion in progress (handed to libedit one by one).
nonisolated(unsafe) private var pendingCandidates: [String] = []

private func handleSigint(_ sig: Int32) {
  sigintReceived = 1
  Interruption.request()  // a running command stops at its next check (between trees, rounds, folds)
}

/// libedit's completion entry point: computes candidates for the whole line, then lets
/// `rl_completion_matches` hand them out.
private func attemptCompletion(_ text: UnsafePointer<CChar>?, _ start: Int32, _ end: Int32)
  -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
{
  churn_rl_completion_over()
  let line = rl_line_buffer.map { String(cString: $0) } ?? ""
  pendingCandidates = LineEditor.completer?(line, Int(end)) ?? []
  // After a directory or an option name ("seed:"), keep typing right away; otherwise add a space.
  let single = pendingCandidates.count == 1 ? pendingCandidates[0] : nil
  let glued = single.map { $0.hasSuffix("/") || $0.hasSuffix(":") || $0.hasSuffix(".") } ?? false
  rl_completion_append_character = glued ? 0 : (LineEditor.insideString(line, Int(end)) ? 34 : 32)
  guard !pendingCandidates.isEmpty, let text else { return nil }
  return rl_completion_matches(text, completionGenerator)
}

private func completionGenerator(_ text: UnsafePointer<CChar>?, _ state: Int32) -> UnsafeMutablePointer<CChar>? {
  let i = Int(state)
  guard i < pendingCandidates.count else { return nil }
  return strdup(pendingCandidates[i])
}

/// A thin wrapper over libedit's readline emulation.
final class LineEditor {
  enum Input {
    case line(String)
    case eof
    case interrupted
  }

  /// Whether the cursor (a byte offset) is inside a string literal, so a file name completion
  /// should be followed by the closing quote.
  static func insideString(_ line: String, _ cursor: Int) -> Bool {
    var quote: UInt8? = nil
    var escaped = false
    for b in line.utf8.prefix(cursor) {
      if let q = quote {
        if escaped { escaped = false } else if b == 92 { escaped = true } else if b == q { quote = nil }
      } else if b == 34 || b == 39 {
        quote = b
      } else if b == 35 {
        return false
      }
    }
    return quote != nil
  }

  /// Computes completion candidates for (line, cursor byte offset).
  nonisolated(unsafe) static var completer: ((String, Int) -> [String])? = nil

  let historyPath: String?
  private var lastEntry: String? = nil

  init(historyPath: String?) {
    self.historyPath = historyPath
    churn_rl_set_name("churn")
    churn_rl_set_completer(attemptCompletion)
    churn_rl_set_word_breaks(completionWordBreaks)
    using_history()
    stifle_history(2000)
    if let p = historyPath, read_history(p) == 0, history_length > 0,
      let last = history_get(history_base + history_length - 1), let line = last.pointee.line
    {
      lastEntry = String(cString: line)
    }
    Interruption.reset()  // initializes the flag before the handler may touch it
    installSigint()
  }

  private func installSigint() {
    var action = sigaction()
    #if canImport(Glibc)
      action.__sigaction_handler.sa_handler = handleSigint
    #else
      action.__sigaction_u.__sa_handler = handleSigint
    #endif
    sigemptyset(&action.sa_mask)
    action.sa_flags = 0  // no SA_RESTART: let a blocked read return so the prompt can start over
    sigaction(SIGINT, &action, nil)
  }

  /// Reads one line; `.interrupted` after Ctrl-C, `.eof` after Ctrl-D.
  func readLine(prompt: String) -> Input {
    sigintReceived = 0
    guard let raw = readline(prompt) else {
      if sigintReceived != 0 { return .interrupted }
      return .eof
    }
    defer { free(raw) }
    if sigintReceived != 0 { return .interrupted }
    return .line(String(cString: raw))
  }

  /// Adds a (trimmed) entry unless it repeats the previous one, and appends it to the history file
  /// at once.
  ///
  /// Several shells may be open on the same file, so the file is never rewritten from this
  /// session's memory alone: under an exclusive lock on the file, the history is re-read (picking
  /// up what other sessions appended since), the entry added, and the result written back. Each
  /// session thus only ever adds its own new lines, and Up also reaches the other sessions' lines.
  func addHistory(_ entry: String) {
    let t = entry.trimmingWhitespace()
    guard !t.isEmpty, t != lastEntry else { return }
    lastEntry = t
    guard let p = historyPath else {
      add_history(t)
      return
    }
    let fd = open(p, O_RDWR | O_CREAT, 0o600)
    if fd >= 0 { _ = flock(fd, LOCK_EX) }
    defer {
      if fd >= 0 {
        _ = flock(fd, LOCK_UN)
        close(fd)
      }
    }
    clear_history()
    _ = read_history(p)
    add_history(t)
    _ = write_history(p)
  }
}

extension String {
  func trimmingWhitespace() -> String {
    var s = Substring(self)
    while let f = s.first, f == " " || f == "\t" || f == "\n" || f == "\r" { s = s.dropFirst() }
    while let l = s.last, l == " " || l == "\t" || l == "\n" || l == "\r" { s = s.dropLast() }
    return String(s)
  }
}
