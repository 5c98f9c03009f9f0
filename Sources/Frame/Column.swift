/// The element type of a column.
public enum ColumnType: String, Sendable, Codable {
  /// 64-bit floating point.
  case float
  /// 64-bit signed integer.
  case int
  /// Boolean.
  case bool
  /// Text, stored as dictionary codes into a list of levels (a categorical column).
  case string
}

extension ColumnType {
  /// A type from how people write it: `text`/`string`/`str`, `int`/`integer`, `float`/`number`/`double`,
  /// `bool`/`boolean` (any case); nil for anything else.
  public init?(spelling: String) {
    switch spelling.lowercased() {
    case "text", "string", "str": self = .string
    case "int", "integer": self = .int
    case "float", "number", "double": self = .float
    case "bool", "boolean": self = .bool
    default: return nil
    }
  }
}

/// One typed column with first-class missing values.
///
/// Values live in a contiguous typed array; missingness lives in a separate validity mask
/// (`valid == nil` means no value is missing). The value stored at a missing position is
/// unspecified (0, false, NaN or code 0) and must never be read as data.
///
/// Text columns are categorical: `codes[i]` indexes `levels`. Levels keep first-appearance order
/// from the file unless a verb sorts them explicitly; printing and encodings that need a stable
/// order sort levels themselves.
public struct Column: Sendable {
  /// Typed storage of a column's values.
  public enum Storage: Sendable {
    case float([Double])
    case int([Int])
    case bool([Bool])
    case string(codes: [Int32], levels: [String])
  }

  /// The column name (unique within a frame).
  public var name: String
  /// The typed values.
  public var storage: Storage
  /// Validity mask: `valid[i] == false` means row `i` is missing. `nil` means nothing is missing.
  public var valid: [Bool]?
  /// For text columns: whether the order of `levels` is meaningful (bins from `cut`/`qcut`, or an
  /// explicit ordering). Sorting and grouping then follow level order instead of alphabetical order.
  public var levelsOrdered: Bool = false
  /// Whether the column holds a simulator's truth: potential outcomes, true effects, true propensities,
  /// hidden confounders, or values set after treatment. Such columns are known only in a simulation, so a
  /// model that adjusts for them answers a question no real analysis can ask (and looks falsely precise).
  /// Formulas leave them out of `.` with a note, and warn when one is named explicitly.
  ///
  /// A flag rather than a naming rule: the simulators keep their documented column names (`y0`,
  /// `true_effect`, …), a user's own column that happens to be called `cost` or `baseline` is never
  /// excluded, and the flag travels with the column through every row operation (filter, sort, sample,
  /// join, select, rename). It is not written to CSV: a simulated frame read back from a file is plain data.
  public var isTruth: Bool = false
  /// Whether an int column holds calendar dates as days since 1970-01-01 (``CivilDate``): tables and CSV
  /// files show them as `YYYY-MM-DD`; arithmetic gives plain numbers (the difference of two dates is days).
  public var isDate: Bool = false

  /// A column from storage and an optional validity mask (an all-true mask is dropped).
  public init(name: String, storage: Storage, valid: [Bool]? = nil) {
    self.name = name
    self.storage = storage
    self.valid = (valid?.contains(false) ?? false) ? valid : nil
  }

  /// A float column; NaN entries become missing values.
  public init(name: String, floats: [Double]) {
    var mask: [Bool]? = nil
    if floats.contains(where: { $0.isNaN }) { mask = floats.map { !$0.isNaN } }
    self.init(name: name, storage: .float(floats), valid: mask)
  }

  /// A float column from optionals (nil = missing).
  public init(name: String, floats: [Double?]) {
    self.init(name: name, storage: .float(floats.map { $0 ?? .nan }), valid: floats.map { $0 != nil })
  }

  /// An int column; `valid[i] == false` marks row i missing.
  public init(name: String, ints: [Int], valid: [Bool]? = nil) {
    self.init(name: name, storage: .int(ints), valid: valid)
  }

  /// A bool column; `valid[i] == false` marks row i missing.
  public init(name: String, bools: [Bool], valid: [Bool]? = nil) {
    self.init(name: name, storage: .bool(bools), valid: valid)
  }

  /// A text column from optionals (nil = missing); levels in first-appearance order.
  public init(name: String, strings: [String?]) {
    var levelIndex: [String: Int32] = [:]
    var levels: [String] = []
    var codes = [Int32](repeating: 0, count: strings.count)
    var mask = [Bool](repeating: true, count: strings.count)
    for (i, s) in strings.enumerated() {
      guard let s else {
        mask[i] = false
        continue
      }
      if let c = levelIndex[s] {
        codes[i] = c
      } else {
        let c = Int32(levels.count)
        levelIndex[s] = c
        levels.append(s)
        codes[i] = c
      }
    }
    self.init(name: name, storage: .string(codes: codes, levels: levels), valid: mask)
  }

  /// A text column without missing values; levels in first-appearance order.
  public init(name: String, strings: [String]) {
    self.init(name: name, strings: strings.map { Optional($0) })
  }

  /// A text column from dictionary codes into `levels` (codes at missing rows are ignored).
  /// `ordered` marks the level order as meaningful (see ``levelsOrdered``).
  public init(name: String, codes: [Int32], levels: [String], valid: [Bool]? = nil, ordered: Bool = false) {
    self.init(name: name, storage: .string(codes: codes, levels: levels), valid: valid)
    self.levelsOrdered = ordered
  }

  /// A float column from optionals (nil = missing), without treating NaN specially.
  public init(name: String, floatValues: [Double], valid: [Bool]?) {
    self.init(name: name, storage: .float(floatValues), valid: valid)
  }

  /// The element type.
  public var type: ColumnType {
    switch storage {
    case .float: return .float
    case .int: return .int
    case .bool: return .bool
    case .string: return .string
    }
  }

  /// Number of rows.
  public var count: Int {
    switch storage {
    case .float(let v): return v.count
    case .int(let v): return v.count
    case .bool(let v): return v.count
    case .string(let c, _): return c.count
    }
  }

  /// True when the column is numeric (float, int or bool) and can be used as a number.
  public var isNumeric: Bool { type != .string }

  /// Whether row `i` is missing.
  @inline(__always)
  public func isMissing(_ i: Int) -> Bool { valid.map { !$0[i] } ?? false }

  /// Number of missing values.
  public var missingCount: Int { valid.map { $0.reduce(0) { $0 + ($1 ? 0 : 1) } } ?? 0 }

  /// The value at row `i` as a number (bools are 0/1), or nil if missing or text.
  public func double(at i: Int) -> Double? {
    if isMissing(i) { return nil }
    switch storage {
    case .float(let v): return v[i]
    case .int(let v): return Double(v[i])
    case .bool(let v): return v[i] ? 1 : 0
    case .string: return nil
    }
  }

  /// The text at row `i` for a text column, or nil if missing or not text.
  public func string(at i: Int) -> String? {
    if isMissing(i) { return nil }
    if case .string(let codes, let levels) = storage { return levels[Int(codes[i])] }
    return nil
  }

  /// The whole column as doubles with NaN for missing values. Text columns give nil.
  public func doubles() -> [Double]? {
    var out: [Double]
    switch storage {
    case .float(let v): out = v
    case .int(let v): out = v.map(Double.init)
    case .bool(let v): out = v.map { $0 ? 1 : 0 }
    case .string: return nil
    }
    if let valid { for i in out.indices where !valid[i] { out[i] = .nan } }
    return out
  }

  /// A scalar cell value, for generic code (printing, row access, JSON).
  public func value(at i: Int) -> CellValue {
    if isMissing(i) { return .missing }
    switch storage {
    case .float(let v): return .float(v[i])
    case .int(let v): return .int(v[i])
    case .bool(let v): return .bool(v[i])
    case .string(let c, let l): return .string(l[Int(c[i])])
    }
  }

  /// The rows at `indices`, in that order (indices must be in range).
  public func gather(_ indices: [Int]) -> Column {
    let mask = valid.map { v in indices.map { v[$0] } }
    var out: Column
    switch storage {
    case .float(let v): out = Column(name: name, storage: .float(indices.map { v[$0] }), valid: mask)
    case .int(let v): out = Column(name: name, storage: .int(indices.map { v[$0] }), valid: mask)
    case .bool(let v): out = Column(name: name, storage: .bool(indices.map { v[$0] }), valid: mask)
    case .string(let c, let l):
      out = Column(name: name, storage: .string(codes: indices.map { c[$0] }, levels: l), valid: mask)
    }
    out.levelsOrdered = levelsOrdered
    out.isTruth = isTruth
    out.isDate = isDate
    return out
  }

  /// The rows at `indices` where `-1` means "no row" (a missing value), as used by left joins.
  public func gather(optional indices: [Int]) -> Column {
    let base = valid
    let mask = indices.map { $0 >= 0 && (base?[$0] ?? true) }
    var out: Column
    switch storage {
    case .float(let v): out = Column(name: name, storage: .float(indices.map { $0 >= 0 ? v[$0] : .nan }), valid: mask)
    case .int(let v): out = Column(name: name, storage: .int(indices.map { $0 >= 0 ? v[$0] : 0 }), valid: mask)
    case .bool(let v): out = Column(name: name, storage: .bool(indices.map { $0 >= 0 ? v[$0] : false }), valid: mask)
    case .string(let c, let l):
      out = Column(name: name, storage: .string(codes: indices.map { $0 >= 0 ? c[$0] : 0 }, levels: l), valid: mask)
    }
    out.levelsOrdered = levelsOrdered
    out.isTruth = isTruth
    out.isDate = isDate
    return out
  }

  /// A copy marked as simulator truth (see ``isTruth``).
  public func markedAsTruth() -> Column {
    var c = self
    c.isTruth = true
    return c
  }

  /// A copy with a different name.
  public func renamed(_ newName: String) -> Column {
    var c = self
    c.name = newName
    return c
  }
}

/// A single cell, used where code handles values of any column type.
public enum CellValue: Sendable, Equatable {
  case missing
  case float(Double)
  case int(Int)
  case bool(Bool)
  case string(String)

  /// Whether the cell is missing.
  public var isMissing: Bool { if case .missing = self { return true } else { return false } }

  /// Numeric view (bools are 0/1); nil for text or missing.
  public var double: Double? {
    switch self {
    case .float(let d): return d
    case .int(let i): return Double(i)
    case .bool(let b): return b ? 1 : 0
    default: return nil
    }
  }
}
