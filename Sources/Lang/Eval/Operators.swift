import Foundation
import Render

/// Operators over scalars and whole columns, with missing-value semantics:
/// arithmetic and comparison with a missing operand give missing; `and`/`or` are three-valued
/// (Kleene: `false and NA` is false, `true or NA` is true); `not NA` is NA.
extension Interpreter {
  func applyUnary(_ op: UnaryOperator, _ v: Value, span: Span) throws -> Value {
    switch op {
    case .negate:
      switch v {
      case .missing: return .missing
      case .int(let i):
        let (r, o) = (0).subtractingReportingOverflow(i)
        return o ? .number(-Double(i)) : .int(r)
      case .number(let d): return .number(-d)
      case .list(let xs) where xs.allSatisfy({ $0.doubleValue != nil && !$0.isBool }):
        return .list(try xs.map { try applyUnary(.negate, $0, span: span) })
      case .column(let c):
        guard let nv = numericVector(v, count: c.count), c.type != .bool else {
          throw LangError("cannot negate a \(describeOperand(v))", at: span)
        }
        return .column(numericColumn(nv.values.map { -$0 }, valid: nv.valid, preferInt: nv.isInt))
      default:
        throw LangError("cannot negate \(describeOperand(v)); '-' needs a number", at: span)
      }
    case .not:
      switch v {
      case .missing: return .missing
      case .bool(let b): return .bool(!b)
      case .column(let c):
        guard let bv = boolVector(v, count: c.count) else {
          throw LangError("'not' needs true/false values, got \(describeOperand(v))", at: span)
        }
        return .column(Column(name: "", storage: .bool(bv.values.map { !$0 }), valid: bv.valid))
      default:
        throw LangError("'not' needs true/false values, got \(describeOperand(v))", at: span)
      }
    }
  }

  func applyBinary(_ op: BinaryOperator, _ le: Expr, _ re: Expr, scope: Scope?, span: Span) throws -> Value {
    let l = try evaluate(le, scope: scope)
    if op == .range { return try range(l, try evaluate(re, scope: scope), spans: (le.span, re.span)) }
    // Scalar short-circuit for and/or.
    if op == .and, case .bool(false) = l { return .bool(false) }
    if op == .or, case .bool(true) = l { return .bool(true) }
    let r = try evaluate(re, scope: scope)
    if let n = try commonLength([l, r], span: span) {
      return try vectorBinary(op, l, r, count: n, spans: (le.span, re.span), span: span)
    }
    return try scalarBinary(op, l, r, spans: (le.span, re.span), span: span)
  }

  // MARK: - Scalars

  func scalarBinary(_ op: BinaryOperator, _ l: Value, _ r: Value, spans: (Span, Span), span: Span) throws -> Value {
    switch op {
    case .and, .or:
      return try kleene(op, l, r, spans: spans)
    case .in:
      if l.isMissing { return .missing }
      let items: [Value]
      switch r {
      case .list(let xs): items = xs
      case .column(let c): items = (0..<c.count).map { scalar(c, at: $0) }
      default:
        throw LangError("'in' needs a list on the right, e.g. x in [1, 2], got \(describeOperand(r))", at: spans.1)
      }
      return .bool(items.contains { scalarEquals(l, $0) == true })
    case .eq, .ne, .lt, .le, .gt, .ge:
      if l.isMissing || r.isMissing { return .missing }
      guard let c = try compareScalars(l, r, spans: spans, span: span) else { return .missing }
      return .bool(compareResult(op, c))
    case .range:
      return try range(l, r, spans: spans)
    case .add, .sub, .mul, .div, .mod, .pow:
      if l.isMissing || r.isMissing { return .missing }
      if op == .add, case .string(let a) = l, case .string(let b) = r { return .string(a + b) }
      if op == .add, isText(l) || isText(r), let a = textOperand(l, count: 1)?[0], let b = textOperand(r, count: 1)?[0]
      {
        return .string(a + b)
      }
      guard let a = l.doubleValue, !l.isBool else { throw arithmeticError(op, l, spans.0) }
      guard let b = r.doubleValue, !r.isBool else { throw arithmeticError(op, r, spans.1) }
      if case .int(let x) = l, case .int(let y) = r, let v = intArithmetic(op, x, y) { return v }
      let res = doubleArithmetic(op, a, b)
      return res.isNaN ? .missing : .number(res)
    }
  }

  private func arithmeticError(_ op: BinaryOperator, _ v: Value, _ span: Span) -> LangError {
    let hint: [String] = v.isBool ? ["help: convert with as_int(x) to count true values"] : []
    return LangError("'\(op.rawValue)' needs numbers, got \(describeOperand(v))", at: span, notes: hint)
  }

  func intArithmetic(_ op: BinaryOperator, _ x: Int, _ y: Int) -> Value? {
    switch op {
    case .add:
      let (r, o) = x.addingReportingOverflow(y)
      return o ? nil : .int(r)
    case .sub:
      let (r, o) = x.subtractingReportingOverflow(y)
      return o ? nil : .int(r)
    case .mul:
      let (r, o) = x.multipliedReportingOverflow(by: y)
      return o ? nil : .int(r)
    case .mod:
      if y == 0 { return .missing }
      let (r, o) = x.remainderReportingOverflow(dividingBy: y)
      if o { return nil }
      return .int(r < 0 ? (y > 0 ? r + y : r) : (y < 0 && r > 0 ? r + y : r))  // sign of divisor, like R/Python
    default: return nil
    }
  }

  @inline(__always) func doubleArithmetic(_ op: BinaryOperator, _ a: Double, _ b: Double) -> Double {
    switch op {
    case .add: return a + b
    case .sub: return a - b
    case .mul: return a * b
    case .div: return a / b
    case .mod:
      if b == 0 { return .nan }
      let r = fmod(a, b)
      return (r != 0 && (r < 0) != (b < 0)) ? r + b : r
    case .pow: return pow(a, b)
    default: return .nan
    }
  }

  func compareResult(_ op: BinaryOperator, _ c: Int) -> Bool {
    switch op {
    case .eq: return c == 0
    case .ne: return c != 0
    case .lt: return c < 0
    case .le: return c <= 0
    case .gt: return c > 0
    case .ge: return c >= 0
    default: return false
    }
  }

  /// -1, 0, 1; nil when incomparable (NaN). Throws for text against a number.
  func compareScalars(_ l: Value, _ r: Value, spans: (Span, Span), span: Span) throws -> Int? {
    if case .string(let a) = l, case .string(let b) = r { return a < b ? -1 : (a == b ? 0 : 1) }
    if case .string = l { throw mixedComparison(l, r, span) }
    if case .string = r { throw mixedComparison(l, r, span) }
    guard let a = l.doubleValue, let b = r.doubleValue else {
      throw LangError("cannot compare \(describeOperand(l)) with \(describeOperand(r))", at: span)
    }
    if a.isNaN || b.isNaN { return nil }
    return a < b ? -1 : (a == b ? 0 : 1)
  }

  private func mixedComparison(_ l: Value, _ r: Value, _ span: Span) -> LangError {
    LangError(
      "cannot compare \(describeOperand(l)) with \(describeOperand(r))", at: span,
      notes: ["help: text compares with text (Churn == \"Yes\"); convert with as_float(x) if it holds numbers"])
  }

  func scalarEquals(_ a: Value, _ b: Value) -> Bool? {
    if a.isMissing || b.isMissing { return nil }
    if case .string(let x) = a { if case .string(let y) = b { return x == y } else { return false } }
    if case .string = b { return false }
    guard let x = a.doubleValue, let y = b.doubleValue else { return false }
    return x == y
  }

  func kleene(_ op: BinaryOperator, _ l: Value, _ r: Value, spans: (Span, Span)) throws -> Value {
    func truth(_ v: Value, _ s: Span) throws -> Bool? {
      switch v {
      case .bool(let b): return b
      case .missing: return nil
      default:
        throw LangError("'\(op.rawValue)' needs true/false values, got \(describeOperand(v))", at: s)
      }
    }
    let a = try truth(l, spans.0), b = try truth(r, spans.1)
    if op == .and {
      if a == false || b == false { return .bool(false) }
      if a == true && b == true { return .bool(true) }
      return .missing
    }
    if a == true || b == true { return .bool(true) }
    if a == false && b == false { return .bool(false) }
    return .missing
  }

  // MARK: - Columns

  func vectorBinary(
    _ op: BinaryOperator, _ l: Value, _ r: Value, count n: Int, spans: (Span, Span),
    span: Span
  ) throws -> Value {
    switch op {
    case .and, .or:
      guard let a = boolVector(l, count: n) else {
        throw LangError("'\(op.rawValue)' needs true/false values, got \(describeOperand(l))", at: spans.0)
      }
      guard let b = boolVector(r, count: n) else {
        throw LangError("'\(op.rawValue)' needs true/false values, got \(describeOperand(r))", at: spans.1)
      }
      var out = [Bool](repeating: false, count: n)
      var valid = [Bool](repeating: true, count: n)
      let isAnd = op == .and
      for i in 0..<n {
        let x: Bool? = a.isValid(i) ? a.values[i] : nil
        let y: Bool? = b.isValid(i) ? b.values[i] : nil
        if isAnd {
          if x == false || y == false {
            out[i] = false
          } else if x == true && y == true {
            out[i] = true
          } else {
            valid[i] = false
          }
        } else {
          if x == true || y == true {
            out[i] = true
          } else if x == false && y == false {
            out[i] = false
          } else {
            valid[i] = false
          }
        }
      }
      return .column(Column(name: "", storage: .bool(out), valid: valid))
    case .in:
      return try vectorIn(l, r, count: n, spans: spans)
    case .range:
      return try range(l, r, spans: spans)
    case .eq, .ne, .lt, .le, .gt, .ge:
      return try vectorCompare(op, l, r, count: n, spans: spans, span: span)
    case .add, .sub, .mul, .div, .mod, .pow:
      if op == .add, isText(l) || isText(r), let a = textOperand(l, count: n), let b = textOperand(r, count: n) {
        let joined: [String?] = (0..<n).map { i in
          guard let x = a[i], let y = b[i] else { return nil }
          return x + y
        }
        return .column(Column(name: "", strings: joined))
      }
      guard let a = numericVector(l, count: n), !isBoolColumn(l) else { throw arithmeticError(op, l, spans.0) }
      guard let b = numericVector(r, count: n), !isBoolColumn(r) else { throw arithmeticError(op, r, spans.1) }
      var out = [Double](repeating: 0, count: n)
      a.values.withUnsafeBufferPointer { pa in
        b.values.withUnsafeBufferPointer { pb in
          out.withUnsafeMutableBufferPointer { po in
            for i in 0..<n { po[i] = doubleArithmetic(op, pa[i], pb[i]) }
          }
        }
      }
      let valid = andMasks(a.valid, b.valid)
      let intResult = a.isInt && b.isInt && (op == .add || op == .sub || op == .mul || op == .mod)
      return .column(numericColumn(out, valid: valid, preferInt: intResult))
    }
  }

  private func isBoolColumn(_ v: Value) -> Bool {
    if case .column(let c) = v, c.type == .bool { return true }
    return v.isBool
  }

  func vectorCompare(
    _ op: BinaryOperator, _ l: Value, _ r: Value, count n: Int, spans: (Span, Span),
    span: Span
  ) throws -> Value {
    let lText = isText(l), rText = isText(r)
    if lText || rText {
      guard (lText || l.isMissing) && (rText || r.isMissing) else { throw mixedComparison(l, r, span) }
      // Fast path: text column against one string compares each level once.
      if case .column(let c) = l, case .string(let s) = r, case .string(let codes, let levels) = c.storage {
        return .column(levelCompare(op, codes: codes, levels: levels, valid: c.valid, with: s, flipped: false))
      }
      if case .column(let c) = r, case .string(let s) = l, case .string(let codes, let levels) = c.storage {
        return .column(levelCompare(op, codes: codes, levels: levels, valid: c.valid, with: s, flipped: true))
      }
      let a = stringVector(l, count: n) ?? [], b = stringVector(r, count: n) ?? []
      var out = [Bool](repeating: false, count: n)
      var valid = [Bool](repeating: true, count: n)
      for i in 0..<n {
        guard let x = a[i], let y = b[i] else {
          valid[i] = false
          continue
        }
        out[i] = compareResult(op, x < y ? -1 : (x == y ? 0 : 1))
      }
      return .column(Column(name: "", storage: .bool(out), valid: valid))
    }
    guard let a = numericVector(l, count: n) else {
      throw LangError("cannot compare \(describeOperand(l)) with \(describeOperand(r))", at: spans.0)
    }
    guard let b = numericVector(r, count: n) else {
      throw LangError("cannot compare \(describeOperand(l)) with \(describeOperand(r))", at: spans.1)
    }
    var out = [Bool](repeating: false, count: n)
    for i in 0..<n {
      let x = a.values[i], y = b.values[i]
      out[i] = compareResult(op, x < y ? -1 : (x == y ? 0 : 1))
    }
    return .column(Column(name: "", storage: .bool(out), valid: andMasks(a.valid, b.valid)))
  }

  /// Text for `+` with text on the other side: strings as they are, numbers and bools formatted as
  /// `print` shows them (`"AUC: " + m.auc`); nil for other values.
  private func textOperand(_ v: Value, count n: Int) -> [String?]? {
    if let s = stringVector(v, count: n) { return s }
    switch v {
    case .int, .number, .bool: return .init(repeating: v.brief, count: n)
    case .column(let c) where c.type != .string:
      return (0..<n).map { i -> String? in
        switch c.value(at: i) {
        case .missing: return nil
        case .float(let d): return formatScalar(d)
        case let cell: return formatCell(cell)
        }
      }
    default: return nil
    }
  }

  private func isText(_ v: Value) -> Bool {
    switch v {
    case .string: return true
    case .column(let c): return c.type == .string
    default: return false
    }
  }

  private func levelCompare(
    _ op: BinaryOperator, codes: [Int32], levels: [String], valid: [Bool]?,
    with s: String, flipped: Bool
  ) -> Column {
    let perLevel = levels.map { lv -> Bool in
      let c = lv < s ? -1 : (lv == s ? 0 : 1)
      return compareResult(op, flipped ? -c : c)
    }
    let out = codes.map { perLevel[Int($0)] }
    return Column(name: "", storage: .bool(out), valid: valid)
  }

  func vectorIn(_ l: Value, _ r: Value, count n: Int, spans: (Span, Span)) throws -> Value {
    guard case .list(let items) = r else {
      throw LangError(
        "'in' needs a list on the right, e.g. x in [\"a\", \"b\"], got \(describeOperand(r))",
        at: spans.1)
    }
    if let strs = stringVector(l, count: n), isText(l) {
      let set = Set(items.compactMap { if case .string(let s) = $0 { return s } else { return nil } })
      var out = [Bool](repeating: false, count: n)
      var valid = [Bool](repeating: true, count: n)
      for i in 0..<n { if let s = strs[i] { out[i] = set.contains(s) } else { valid[i] = false } }
      return .column(Column(name: "", storage: .bool(out), valid: valid))
    }
    guard let a = numericVector(l, count: n) else {
      throw LangError("'in' cannot test \(describeOperand(l))", at: spans.0)
    }
    let set = Set(items.compactMap { $0.doubleValue })
    var out = [Bool](repeating: false, count: n)
    for i in 0..<n { out[i] = set.contains(a.values[i]) }
    return .column(Column(name: "", storage: .bool(out), valid: a.valid))
  }

  /// Most items a range may hold (`1:10000000`); a longer one is almost surely a typo and would fill memory.
  static let maxRangeCount = 10_000_000

  /// `a:b`: the whole numbers from `a` to `b`, counting down when `b < a` (R's `:` on whole numbers).
  func range(_ l: Value, _ r: Value, spans: (Span, Span)) throws -> Value {
    func whole(_ v: Value, _ span: Span) throws -> Int {
      switch v {
      case .int(let i): return i
      case .number(let d) where d == d.rounded() && abs(d) < 1e15: return Int(d)
      default:
        throw LangError(
          "a range needs whole numbers on both sides of ':', got \(describeOperand(v))", at: span,
          notes: ["help: ranges look like 1:10 or 5:1"])
      }
    }
    let a = try whole(l, spans.0), b = try whole(r, spans.1)
    let (diff, overflow) = b.subtractingReportingOverflow(a)
    guard !overflow, diff.magnitude < UInt(Interpreter.maxRangeCount) else {
      throw LangError(
        "the range \(a):\(b) has more than \(Interpreter.maxRangeCount) items", at: spans.0.merged(spans.1),
        notes: ["help: check the bounds; ranges are for row positions and loops"])
    }
    return .list(a <= b ? (a...b).map { .int($0) } : (b...a).reversed().map { .int($0) })
  }
}
