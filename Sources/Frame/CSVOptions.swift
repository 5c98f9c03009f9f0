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
  public var missingTokens: [String] = CSVOptions.defaultMissingTokens
  /// Fixed types for named columns; a value that cannot be read as that type is an error.
  public var columnTypes: [String: ColumnType] = [:]

  /// The spellings of a missing value read by default: pandas' `read_csv` list (pandas 2.x `na_values`
  /// default), so a file reads the same here as there. `nan` in any case is missing too even when this
  /// list is replaced (a float NaN is a missing value in Frame); `inf`, `Infinity` (any case, signed) are
  /// numbers. Other spellings (`--`, `?`, `missing`) are added with the `missing:` option of `read_csv`.
  public static let defaultMissingTokens = [
    "", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND", "1.#QNAN", "<NA>", "N/A",
    "NA", "NULL", "NaN", "None", "n/a", "nan", "null",
  ]

  /// Default options: comma-separated, header row, the usual missing tokens, inferred types.
  public init() {}

  /// Options with the given settings; omitted ones keep their defaults.
  public init(
    delimiter: UInt8 = UInt8(ascii: ","), hasHeader: Bool = true,
    missingTokens: [String] = CSVOptions.defaultMissingTokens,
    columnTypes: [String: ColumnType] = [:]
  ) {
    self.delimiter = delimiter
    self.hasHeader = hasHeader
    self.missingTokens = missingTokens
    self.columnTypes = columnTypes
  }
}
