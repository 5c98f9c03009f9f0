/// A columnar table: named, typed columns of equal length.
///
/// `DataFrame` is a value type; verbs return new frames and never mutate their input. Column
/// names are unique. Row order is meaningful and preserved by every verb that does not say otherwise.
public struct DataFrame: Sendable {
  /// The columns, in order.
  public private(set) var columns: [Column]
  /// Number of rows (every column has this length).
  public private(set) var rowCount: Int

  /// An empty frame (no columns, no rows).
  public init() {
    columns = []
    rowCount = 0
  }

  /// Builds a frame from columns; all must have the same length and distinct names.
  public init(columns: [Column]) throws {
    self.columns = []
    self.rowCount = columns.first?.count ?? 0
    for c in columns { try append(c) }
  }

  /// Number of columns.
  public var columnCount: Int { columns.count }
  /// The column names, in order.
  public var columnNames: [String] { columns.map(\.name) }

  /// Position of the column called `name`, or nil.
  public func index(of name: String) -> Int? { columns.firstIndex { $0.name == name } }

  /// The column called `name`; throws an error with a did-you-mean suggestion if absent.
  public func column(_ name: String) throws -> Column {
    guard let i = index(of: name) else { throw FrameError.unknownColumn(name, suggestion: suggest(name)) }
    return columns[i]
  }

  /// The column called `name`, or nil.
  public subscript(name: String) -> Column? { index(of: name).map { columns[$0] } }

  /// The closest existing column name to `name`, for "did you mean" messages.
  public func suggest(_ name: String) -> String? { closestMatch(to: name, among: columnNames) }

  /// Appends a column; throws on a length mismatch or a duplicate name.
  public mutating func append(_ column: Column) throws {
    if columns.isEmpty && rowCount == 0 { rowCount = column.count }
    guard column.count == rowCount else {
      throw FrameError.lengthMismatch(column: column.name, expected: rowCount, got: column.count)
    }
    guard index(of: column.name) == nil else { throw FrameError.duplicateColumn(column.name) }
    columns.append(column)
  }

  /// Replaces the column of the same name, or appends it if new.
  public mutating func set(_ column: Column) throws {
    if let i = index(of: column.name) {
      guard column.count == rowCount else {
        throw FrameError.lengthMismatch(column: column.name, expected: rowCount, got: column.count)
      }
      columns[i] = column
    } else {
      try append(column)
    }
  }

  /// Removes the column called `name` (no-op when absent).
  public mutating func remove(_ name: String) {
    columns.removeAll { $0.name == name }
    if columns.isEmpty { rowCount = 0 }
  }

  /// The rows at `indices`, in that order.
  public func rows(_ indices: [Int]) -> DataFrame {
    var f = DataFrame()
    f.columns = columns.map { $0.gather(indices) }
    f.rowCount = indices.count
    return f
  }

  /// A frame with the same columns and zero rows when `columns` is empty (keeps schema).
  public static func unchecked(columns: [Column], rowCount: Int) -> DataFrame {
    var f = DataFrame()
    f.columns = columns
    f.rowCount = rowCount
    return f
  }
}

/// Errors raised by frame operations. Each message says what is wrong and, where it can, how to fix it.
public enum FrameError: Error, Equatable, CustomStringConvertible, Sendable {
  case unknownColumn(String, suggestion: String?)
  case duplicateColumn(String)
  case lengthMismatch(column: String, expected: Int, got: Int)
  case typeMismatch(column: String, expected: String, got: ColumnType)
  case invalidArgument(String)
  case csv(String)

  /// The message shown to the user.
  public var description: String {
    switch self {
    case .unknownColumn(let n, let s):
      return "unknown column '\(n)'" + (s.map { " (did you mean '\($0)'?)" } ?? "")
    case .duplicateColumn(let n): return "duplicate column name '\(n)'"
    case .lengthMismatch(let c, let e, let g):
      return "column '\(c)' has \(g) rows but the frame has \(e)"
    case .typeMismatch(let c, let e, let g):
      return "column '\(c)' is \(g.rawValue) but \(e) is needed"
    case .invalidArgument(let m): return m
    case .csv(let m): return m
    }
  }
}
