import CLibEdit
import Lang

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Small helpers for the process's standard streams.
enum Terminal {
  /// Whether standard input is a terminal.
  static var stdinIsTTY: Bool { isatty(STDIN_FILENO) == 1 }
  /// Whether standard error is a terminal.
  static var stderrIsTTY: Bool { isatty(STDERR_FILENO) == 1 }

  /// The terminal's width in columns when standard output is a terminal (ioctl TIOCGWINSZ); nil
  /// otherwise, so piped and redirected output keeps the fixed default width.
  static var outputWidth: Int? {
    guard isatty(STDOUT_FILENO) == 1 else { return nil }
    let columns = Int(churn_terminal_columns())  // ioctl is variadic, so a C shim calls it
    if columns >= 20 { return columns }
    // No window size from the terminal (some emulators, serial lines): the shell's COLUMNS.
    if let c = getenv("COLUMNS"), let n = Int(String(cString: c)), n >= 20 { return min(n, 1000) }
    return nil
  }

  /// Whether plots on standard output must be drawn in ASCII: it is a terminal whose locale is not
  /// UTF-8, or whose TERM is dumb or the Linux console. Piped output keeps the Unicode glyphs, so
  /// results written to files are the same bytes whatever the locale.
  static var plotsNeedASCII: Bool {
    guard isatty(STDOUT_FILENO) == 1 else { return false }
    var env: [String: String] = [:]
    for name in ["LC_ALL", "LC_CTYPE", "LANG", "TERM"] {
      if let v = getenv(name) { env[name] = String(cString: v) }
    }
    return !PlotStyle.canShowUnicode(environment: env)
  }

  /// Whether diagnostics on stderr should be coloured (a terminal, and NO_COLOR / TERM=dumb not set).
  static var colorErrors: Bool {
    guard stderrIsTTY, getenv("NO_COLOR") == nil else { return false }
    if let t = getenv("TERM"), String(cString: t) == "dumb" { return false }
    return true
  }

  /// Whether a progress line is drawn on stderr (cleared before other output).
  nonisolated(unsafe) static var progressShown = false

  /// Writes a line to standard output.
  static func out(_ s: String) {
    clearProgress()
    writeAll(STDOUT_FILENO, s + "\n")
  }

  /// Writes a line to standard error.
  static func err(_ s: String) {
    clearProgress()
    writeAll(STDERR_FILENO, s + "\n")
  }

  /// Erases an unfinished progress line (work that failed or was interrupted leaves one behind).
  static func clearProgress() {
    if progressShown {
      progressShown = false
      writeAll(STDERR_FILENO, "\r\u{1B}[2K")
    }
  }

  /// Writes all bytes of `s` to a file descriptor (retrying short writes and interruptions).
  static func writeAll(_ fd: Int32, _ s: String) {
    let bytes = Array(s.utf8)
    var off = 0
    while off < bytes.count {
      let n = bytes[off...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
      if n < 0 {
        if errno == EINTR { continue }
        return
      }
      off += n
    }
  }

  /// Reads all of standard input as text.
  static func readAllStdin() -> String {
    var bytes: [UInt8] = []
    var buf = [UInt8](repeating: 0, count: 65536)
    while true {
      let n = read(STDIN_FILENO, &buf, buf.count)
      if n <= 0 { break }
      bytes.append(contentsOf: buf[0..<n])
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// Reads a file as text; nil with a reason on failure.
  static func readFile(_ path: String) -> Result<String, FileError> {
    guard let f = fopen(path, "rb") else {
      return .failure(FileError(message: "cannot open '\(path)': \(String(cString: strerror(errno)))"))
    }
    defer { fclose(f) }
    var bytes: [UInt8] = []
    var buf = [UInt8](repeating: 0, count: 65536)
    while true {
      let n = fread(&buf, 1, buf.count, f)
      if n <= 0 { break }
      bytes.append(contentsOf: buf[0..<n])
    }
    if ferror(f) != 0 { return .failure(FileError(message: "cannot read '\(path)'")) }
    return .success(String(decoding: bytes, as: UTF8.self))
  }

  struct FileError: Error { var message: String }

  /// A progress line on stderr, redrawn in place; only used when stderr is a terminal.
  static func progress(_ label: String, _ fraction: Double) {
    let pct = Int((max(0, min(1, fraction)) * 100).rounded())
    progressShown = fraction < 1
    writeAll(STDERR_FILENO, fraction >= 1 ? "\r\u{1B}[2K" : "\r\u{1B}[2K\(label) \(pct)%")
  }
}
