/// Options for rendering a data frame as aligned text.
public struct TableStyle: Sendable {
  /// Longest frame shown in full; longer frames show the first `(maxRows + 1) / 2` and last
  /// `maxRows / 2` rows around a `…` row.
  public var maxRows: Int = 20
  /// Widest line in columns; wider frames keep their first and last columns and hide the middle.
  public var maxWidth: Int = 110
  /// Longest cell in columns; longer text is cut and ends in `…`.
  public var maxCellWidth: Int = 40
  /// Print a row of column types (`<float>`, `<int>`, `<bool>`, `<str>`) under the header.
  public var showTypes: Bool = false
  /// Print the `[rows x columns]` shape line under the table.
  public var showShape: Bool = true
  /// Use only ASCII (`...` instead of `…`).
  public var ascii: Bool = false
  /// Significant digits of numbers (at least; a float column shows more when that is what it takes to tell
  /// its shown values apart). Set with `:digits N` in the REPL or `show … digits: N`.
  public var digits: Int = DisplayPrecision.defaultDigits

  /// The default style: 20 rows, 110 columns, no type row, shape line, Unicode ellipsis.
  public init() {}

  /// A style with the given settings.
  public init(
    maxRows: Int = 20, maxWidth: Int = 110, maxCellWidth: Int = 40, showTypes: Bool = false,
    showShape: Bool = true, ascii: Bool = false
  ) {
    self.maxRows = maxRows
    self.maxWidth = maxWidth
    self.maxCellWidth = maxCellWidth
    self.showTypes = showTypes
    self.showShape = showShape
    self.ascii = ascii
  }

  /// The ellipsis glyph used for elided rows, columns and cut cells.
  var ellipsis: String { ascii ? "..." : "…" }
}
