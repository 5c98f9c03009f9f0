/// Helpers that view scalars and columns uniformly for vectorized operators and functions.
///
/// A scalar combined with a column is broadcast to the column's length; two columns must have the
/// same length. Missing values travel in validity masks (`nil` = none missing).

/// A numeric view: values (bools as 0/1) with a validity mask; `isInt` when every source was int.
struct NumericVector {
  var values: [Double]
  var valid: [Bool]?
  var isInt: Bool

  @inline(__always) func isValid(_ i: Int) -> Bool { valid?[i] ?? true }
}

/// A boolean view with a validity mask.
struct BoolVector {
  var values: [Bool]
  var valid: [Bool]?
  @inline(__always) func isValid(_ i: Int) -> Bool { valid?[i] ?? true }
}

/// The length of the columns among `values`, nil when all are scalars; throws on a mismatch.
func commonLength(_ values: [Value], span: Span) throws -> Int? {
  var n: Int? = nil
  for v in values {
    guard case .column(let c) = v else { continue }
    if let m = n, m != c.count {
      throw LangError("columns have different lengths (\(m) and \(c.count))", at: span)
    }
    n = c.count
  }
  return n
}

/// Combines two validity masks (a row is valid when valid in both).
func andMasks(_ a: [Bool]?, _ b: [Bool]?) -> [Bool]? {
  guard let a else { return b }
  guard let b else { return a }
  var out = a
  for i in out.indices { out[i] = a[i] && b[i] }
  return out
}

/// The numeric view of a value broadcast to `n` rows; nil when the value is not numeric.
func numericVector(_ v: Value, count n: Int) -> NumericVector? {
  switch v {
  case .int(let i): return NumericVector(values: .init(repeating: Double(i), count: n), valid: nil, isInt: true)
  case .number(let d):
    return NumericVector(
      values: .init(repeating: d, count: n), valid: d.isNaN ? .init(repeating: false, count: n) : nil,
      isInt: false)
  case .bool(let b): return NumericVector(values: .init(repeating: b ? 1 : 0, count: n), valid: nil, isInt: false)
  case .missing:
    return NumericVector(values: .init(repeating: 0, count: n), valid: .init(repeating: false, count: n), isInt: true)
  case .column(let c):
    guard var values = c.doubles() else { return nil }
    if let valid = c.valid { for i in values.indices where !valid[i] { values[i] = 0 } }
    if case .int = c.storage { return NumericVector(values: values, valid: c.valid, isInt: true) }
    return NumericVector(values: values, valid: c.valid, isInt: false)
  default: return nil
  }
}

/// The boolean view of a value broadcast to `n` rows; nil when the value is not boolean.
func boolVector(_ v: Value, count n: Int) -> BoolVector? {
  switch v {
  case .bool(let b): return BoolVector(values: .init(repeating: b, count: n), valid: nil)
  case .missing: return BoolVector(values: .init(repeating: false, count: n), valid: .init(repeating: false, count: n))
  case .column(let c):
    if case .bool(let b) = c.storage { return BoolVector(values: b, valid: c.valid) }
    return nil
  default: return nil
  }
}

/// The text view of a value broadcast to `n` rows (nil entries are missing); nil when not text.
func stringVector(_ v: Value, count n: Int) -> [String?]? {
  switch v {
  case .string(let s): return .init(repeating: s, count: n)
  case .missing: return .init(repeating: nil, count: n)
  case .column(let c):
    guard case .string(let codes, let levels) = c.storage else { return nil }
    var out = [String?](repeating: nil, count: n)
    for i in 0..<min(n, codes.count) where !c.isMissing(i) { out[i] = levels[Int(codes[i])] }
    return out
  default: return nil
  }
}

/// A float column, turning NaN results into missing values.
func floatColumn(_ values: [Double], valid: [Bool]?) -> Column {
  var mask = valid
  for (i, x) in values.enumerated() where x.isNaN {
    if mask == nil { mask = .init(repeating: true, count: values.count) }
    mask?[i] = false
  }
  var vals = values
  if let mask { for i in vals.indices where !mask[i] { vals[i] = .nan } }
  return Column(name: "", storage: .float(vals), valid: mask)
}

/// An int column when every value is integral and in range, else a float column.
func numericColumn(_ values: [Double], valid: [Bool]?, preferInt: Bool) -> Column {
  if preferInt {
    var ints = [Int](repeating: 0, count: values.count)
    var ok = true
    for (i, x) in values.enumerated() where valid?[i] ?? true {
      guard x.isFinite, abs(x) < 9.007199254740992e15, x == x.rounded() else {
        ok = false
        break
      }
      ints[i] = Int(x)
    }
    if ok { return Column(name: "", storage: .int(ints), valid: valid) }
  }
  return floatColumn(values, valid: valid)
}

/// Converts a list of scalars to a column (so `mean([1, 2, 3])` works like `mean(col)`).
func columnFromList(_ items: [Value]) -> Column? {
  if items.allSatisfy({
    if case .string = $0 { return true }
    return $0.isMissing
  }) && !items.allSatisfy(\.isMissing) {
    return Column(name: "", strings: items.map { if case .string(let s) = $0 { return s } else { return nil } })
  }
  if items.allSatisfy({
    if case .bool = $0 { return true }
    return $0.isMissing
  }) && !items.allSatisfy(\.isMissing) {
    let valid = items.map { !$0.isMissing }
    return Column(
      name: "", storage: .bool(items.map { if case .bool(let b) = $0 { return b } else { return false } }),
      valid: valid)
  }
  var vals: [Double] = []
  var valid: [Bool] = []
  var allInt = true
  for v in items {
    switch v {
    case .int(let i):
      vals.append(Double(i))
      valid.append(true)
    case .number(let d):
      vals.append(d)
      valid.append(!d.isNaN)
      allInt = false
    case .bool(let b):
      vals.append(b ? 1 : 0)
      valid.append(true)
      allInt = false
    case .missing:
      vals.append(0)
      valid.append(false)
    default: return nil
    }
  }
  return numericColumn(vals, valid: valid, preferInt: allInt)
}

/// The scalar at row `i` of a column as a language value.
func scalar(_ c: Column, at i: Int) -> Value {
  switch c.value(at: i) {
  case .missing: return .missing
  case .float(let d): return .number(d)
  case .int(let n): return .int(n)
  case .bool(let b): return .bool(b)
  case .string(let s): return .string(s)
  }
}

/// Turns a cell value into a language value.
func value(of cell: CellValue) -> Value {
  switch cell {
  case .missing: return .missing
  case .float(let d): return .number(d)
  case .int(let n): return .int(n)
  case .bool(let b): return .bool(b)
  case .string(let s): return .string(s)
  }
}

/// Describes a value for "expects number, got ..." messages (naming columns).
func describeOperand(_ v: Value) -> String {
  switch v {
  case .column(let c):
    let n = c.name.isEmpty ? "" : " '\(c.name)'"
    return "\(c.type == .string ? "text" : c.type.rawValue) column\(n)"
  case .string(let s): return "string \(quoted(s))"
  default: return v.typeName
  }
}
