/// Settings for reading a CSV file.
///
/// Defaults follow RFC 4180 with a header row. A field is missing when it is empty, whitespace-only
/// or (after trimming spaces) equal to one of `missingTokens`. A quoted field is literal text: it is
/// never compared with the missing tokens, so `"NA"` in quotes reads as the text NA; only the quoted
/// empty field `""` is missing. Column types are inferred per column (int, then float, then bool,
/// then text) unless `columnTypes` fixes them.
public struct CSVOptions: Sendable {
  /// The field separator byte (`,` by default; use `UInt8(ascii: ";")` or `9` for tab).
  public var delimiter: UInt8 = UInt8(ascii: ",")
  /// Whether the first row holds column names. Without a header, columns are named `column_1` ….
  public var hasHeader: Bool = true
  /// Field values (compared after trimming spaces and tabs) that mean "missing".
  public var missingTokens: [String] = ["", "NA", "N/A", "NaN", "null"]
  /// Fixed types for named columns; a value that cannot be read as that type is an error.
  public var columnTypes: [String: ColumnType] = [:]

  /// Default options: comma-separated, header row, the usual missing tokens, inferred types.
  public init() {}

  /// Options with the given settings; omitted ones keep their defaults.
  public init(delimiter: UInt8 = UInt8(ascii: ","), hasHeader: Bool = true,
              missingTokens: [String] = ["", "NA", "N/A", "NaN", "null"],
              columnTypes: [String: ColumnType] = [:]) {
    self.delimiter = delimiter
    self.hasHeader = hasHeader
    self.missingTokens = missingTokens
    self.columnTypes = columnTypes
  }
}
