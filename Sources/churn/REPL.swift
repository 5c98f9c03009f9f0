import CLibEdit
import Lang

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The interactive shell: libedit line editing, persistent history, Tab completion, multi-line
/// input, and Ctrl-C that abandons the current input instead of ending the session. Ctrl-C during a
/// long command (forest or boosting training, cross-fitting) stops it at its next check and returns to
/// the prompt with an "interrupted" error; scripts install no handler, so Ctrl-C ends them.
enum REPL {
  static let prompt = "churn> "
  static let continuation = "  ...> "

  /// Runs until Ctrl-D or `:quit`; returns the exit status (always 0: errors do not end a session).
  static func start(options: CLI.RunOptions = CLI.RunOptions()) -> Int32 {
    let interp = CLI.makeInterpreter(format: options.format, width: options.width, ascii: options.ascii)
    for (name, text) in options.params { interp.setParameter(name, text: text) }
    let session = Session(interpreter: interp, sourceName: "<repl>", errorOutput: Terminal.err)
    let editor = LineEditor(historyPath: historyPath())
    LineEditor.completer = { line, cursor in
      session.completions(for: line, cursor: cursor, listFiles: listFiles)
    }
    Terminal.out("churn \(churnVersion) — type help, or :quit (Ctrl-D) to leave")
    var buffer: [String] = []
    while !session.quitRequested {
      switch editor.readLine(prompt: buffer.isEmpty ? prompt : continuation) {
      case .eof:
        if !buffer.isEmpty {
          buffer = []
          continue
        }
        Terminal.out("")
        return 0
      case .interrupted:
        buffer = []
        Terminal.out("")
        continue
      case .line(let line):
        if buffer.isEmpty && line.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
        buffer.append(line)
        let text = buffer.joined(separator: "\n")
        if Session.needsMoreInput(text) { continue }
        buffer = []
        editor.addHistory(text)
        Interruption.reset()  // a Ctrl-C at the prompt must not stop the next command
        // Follow the terminal when it is resized, unless a width was set (--width, :width N).
        if options.width == nil && !session.widthSet, let w = Terminal.outputWidth {
          interp.tableStyle.maxWidth = w
          interp.plotStyle.width = PlotStyle(columns: w, ascii: false).width
        }
        session.submit(text)
      }
    }
    return 0
  }

  /// `$CHURN_HISTORY`, else `~/.churn_history`.
  static func historyPath() -> String? {
    if let p = getenv("CHURN_HISTORY") { return String(cString: p) }
    if let h = getenv("HOME") { return String(cString: h) + "/.churn_history" }
    return nil
  }

  /// Paths starting with `partial` (directories get a trailing "/"); hidden files only when asked.
  static func listFiles(_ partial: String) -> [String] {
    let slash = partial.lastIndex(of: "/")
    let dirPart = slash.map { String(partial[...$0]) } ?? ""
    let namePart = slash.map { String(partial[partial.index(after: $0)...]) } ?? partial
    var dirPath = dirPart.isEmpty ? "." : dirPart
    if dirPath.hasPrefix("~/"), let h = getenv("HOME") { dirPath = String(cString: h) + dirPath.dropFirst() }
    guard let dir = opendir(dirPath) else { return [] }
    defer { closedir(dir) }
    var out: [String] = []
    while let entry = readdir(dir) {
      let name = withUnsafePointer(to: entry.pointee.d_name) {
        $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
      }
      if name == "." || name == ".." { continue }
      if name.hasPrefix(".") && !namePart.hasPrefix(".") { continue }
      guard name.hasPrefix(namePart) else { continue }
      var st = stat()
      let full = (dirPath.hasSuffix("/") ? dirPath : dirPath + "/") + name
      let isDir = stat(full, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
      out.append(dirPart + name + (isDir ? "/" : ""))
    }
    return out.sorted()
  }
}
