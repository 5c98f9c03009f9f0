/// How terminal plots are drawn when a command is not given `width:` or `ascii:`.
///
/// A plain run (output piped or redirected, the tests, the golden files) keeps each command's fixed
/// default width and Unicode glyphs, so its output is the same bytes everywhere. The CLI sets
/// ``width`` from the terminal (ioctl, else `COLUMNS`) or `--width`, and ``ascii`` when the locale or
/// terminal cannot show Unicode (or `--ascii`).
public struct PlotStyle: Sendable, Equatable {
  /// Widest plot drawn to fit a terminal: wider plots gain no legibility.
  public static let maxTerminalWidth = 120

  /// The width plots fit, in columns; nil keeps each command's default (72 for most plots).
  public var width: Int? = nil
  /// Draw plots with ASCII characters only.
  public var ascii: Bool = false

  /// The default style: each command's width, Unicode glyphs.
  public init() {}

  /// A style fitting a terminal `columns` wide (capped at ``maxTerminalWidth``; nil keeps the defaults).
  public init(columns: Int?, ascii: Bool) {
    width = columns.map { max(20, min($0, Self.maxTerminalWidth)) }
    self.ascii = ascii
  }

  /// Whether a locale environment (`LC_ALL`, else `LC_CTYPE`, else `LANG`, as POSIX reads them) and a
  /// `TERM` value can show Unicode: a UTF-8 locale and a terminal other than `dumb` or the Linux console.
  public static func canShowUnicode(environment env: [String: String]) -> Bool {
    if let term = env["TERM"], term == "dumb" || term == "linux" { return false }
    let locale = [env["LC_ALL"], env["LC_CTYPE"], env["LANG"]].compactMap { $0 }.first { !$0.isEmpty } ?? ""
    let l = locale.lowercased()
    return l.contains("utf-8") || l.contains("utf8")
  }
}

extension PlotCommands {
  /// The plot width: the command's `width:` when given (checked to lie in 20...500), else the session's
  /// terminal width, else `fallback`.
  static func width(_ inv: Invocation, _ interp: Interpreter, default fallback: Int = 72) throws -> Int {
    if inv.has("width") { return try intInRange(inv, "width", 20...500) }
    return interp.plotStyle.width ?? fallback
  }

  /// Whether to draw in ASCII: the command's `ascii:` when given, else the session's setting.
  static func ascii(_ inv: Invocation, _ interp: Interpreter) throws -> Bool {
    inv.has("ascii") ? try inv.bool("ascii") : interp.plotStyle.ascii
  }

  /// The `ascii:` option of every command that draws.
  static let asciiOption = Option(
    "ascii", .bool, "draw with ASCII characters only (default: only when the terminal cannot show Unicode)")

  /// The `width:` option of a command whose plot is `fallback` columns wide by default.
  static func widthOption(default fallback: Int = 72) -> Option {
    Option(
      "width", .int,
      "width in characters (20 to 500; default: the terminal's, at most \(PlotStyle.maxTerminalWidth), else \(fallback))"
    )
  }
}
