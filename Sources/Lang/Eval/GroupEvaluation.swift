/// Evaluation over groups: per-group column expressions (`mutate` / `filter` after `group`) and
/// `summarize`.
extension Interpreter {
  /// Evaluates a column expression over a frame, or group by group over a grouped frame (so
  /// aggregates such as `mean(x)` are per group), giving one value per row or a scalar.
  public func evaluateGroupAware(_ e: Expr, input: Value) throws -> Value {
    guard case .grouped(let g) = input else {
      switch input {
      case .frame(let f): return try evaluateColumn(e, over: f)
      default: return try evaluate(e)
      }
    }
    let gf = try g.frame.grouped(by: g.keys)
    let base = try subframe(g.frame, for: [e])
    var cells = [CellValue](repeating: .missing, count: g.frame.rowCount)
    for idx in gf.groups {
      let v = try evaluateColumn(e, over: base.rows(idx), hintColumns: g.frame.columnNames)
      let col = try columnOf(v, count: idx.count, name: "", span: e.span)
      for (k, row) in idx.enumerated() { cells[row] = col.value(at: k) }
    }
    guard let col = buildColumn(name: "", cells: cells) else {
      throw LangError("the expression gives values of different types in different groups", at: e.span)
    }
    return .column(col)
  }

  /// `summarize` without groups: one row.
  func summarizeFrame(_ f: DataFrame, _ assignments: [(name: String, nameSpan: Span, value: Expr)]) throws -> DataFrame
  {
    var cols: [Column] = []
    for a in assignments {
      let v = try aggregateValue(try evaluateColumn(a.value, over: f), name: a.name, span: a.value.span)
      guard let c = buildColumn(name: a.name, cells: [v]) else { continue }
      cols.append(c)
    }
    return try DataFrame(columns: cols)
  }

  /// `summarize` after `group`: one row per group, keys first.
  func summarizeGroups(_ g: GroupedData, _ assignments: [(name: String, nameSpan: Span, value: Expr)]) throws
    -> DataFrame
  {
    let gf = try g.frame.grouped(by: g.keys)
    if let fast = try fastSummarize(gf, assignments) { return fast }
    let base = try subframe(g.frame, for: assignments.map(\.value))
    let groups = gf.groups
    var cells = [[CellValue]](repeating: [], count: assignments.count)
    for idx in groups {
      let sub = base.rows(idx)
      for (k, a) in assignments.enumerated() {
        cells[k].append(
          try aggregateValue(
            try evaluateColumn(a.value, over: sub, hintColumns: g.frame.columnNames), name: a.name, span: a.value.span))
      }
    }
    var out = gf.keys
    for (k, a) in assignments.enumerated() {
      guard let c = buildColumn(name: a.name, cells: cells[k]) else {
        throw LangError("'\(a.name)' gives values of different types in different groups", at: a.value.span)
      }
      if out.index(of: a.name) != nil {
        throw LangError("'\(a.name)' is already a grouping column; choose another name", at: a.nameSpan)
      }
      try out.set(c)
    }
    return out
  }

  /// A single value from an aggregate expression (a one-row column counts as a value).
  private func aggregateValue(_ v: Value, name: String, span: Span) throws -> CellValue {
    switch v {
    case .missing: return .missing
    case .int(let i): return .int(i)
    case .number(let d): return d.isNaN ? .missing : .float(d)
    case .bool(let b): return .bool(b)
    case .string(let s): return .string(s)
    case .column(let c) where c.count == 1: return c.value(at: 0)
    case .column:
      throw LangError(
        "summarize needs one value for '\(name)', but the expression gives a whole column", at: span,
        notes: ["help: wrap it in an aggregate such as mean(...), sum(...), count() or share(...)"])
    default:
      throw LangError("summarize needs a number, text or bool for '\(name)', got \(v.typeName)", at: span)
    }
  }

  /// The columns of `f` that the expressions mention (so per-group copies stay small).
  func subframe(_ f: DataFrame, for exprs: [Expr]) throws -> DataFrame {
    var names = Set<String>()
    for e in exprs { collectNames(e, into: &names) }
    let cols = f.columns.filter { names.contains($0.name) }
    return DataFrame.unchecked(columns: cols, rowCount: f.rowCount)
  }

  private func collectNames(_ e: Expr, into names: inout Set<String>) {
    switch e.kind {
    case .identifier(let n): names.insert(n)
    case .list(let xs): for x in xs { collectNames(x, into: &names) }
    case .record(let es): for x in es { collectNames(x.value, into: &names) }
    case .field(let b, _, _): collectNames(b, into: &names)
    case .unary(_, let x): collectNames(x, into: &names)
    case .binary(_, let a, let b):
      collectNames(a, into: &names)
      collectNames(b, into: &names)
    case .call(let node), .command(let node):
      for a in node.args {
        switch a {
        case .positional(let x), .assignment(_, _, let x): collectNames(x, into: &names)
        case .option(_, _, let x): if let x { collectNames(x, into: &names) }
        }
      }
      if let on = node.onClause { collectNames(on, into: &names) }
    case .pipe(let x, let node):
      collectNames(x, into: &names)
      collectNames(Expr(.command(node), node.span), into: &names)
    case .formula(let f):
      for t in [f.outcome, f.treatment].compactMap({ $0 }) + f.terms { names.insert(t.name) }
    default: break
    }
  }
}

/// A column from a value: a column of the right length, or a scalar repeated `count` times.
func columnOf(_ v: Value, count: Int, name: String, span: Span) throws -> Column {
  switch v {
  case .column(let c):
    guard c.count == count else {
      throw LangError("'\(name)' has \(c.count) values but the frame has \(count) rows", at: span)
    }
    return c.renamed(name)
  case .int(let i): return Column(name: name, ints: .init(repeating: i, count: count))
  case .number(let d): return Column(name: name, floats: [Double](repeating: d, count: count))
  case .bool(let b): return Column(name: name, bools: .init(repeating: b, count: count))
  case .string(let s): return Column(name: name, strings: [String](repeating: s, count: count))
  case .missing:
    return Column(
      name: name, storage: .float(.init(repeating: .nan, count: count)),
      valid: .init(repeating: false, count: count))
  case .list(let items) where items.count == count:
    guard let c = columnFromList(items) else {
      throw LangError("'\(name)': a list used as a column must hold numbers, text or bools", at: span)
    }
    return c.renamed(name)
  default:
    throw LangError("'\(name)' must be a column or a single value, got \(v.typeName)", at: span)
  }
}

/// Builds a typed column from cells: all int -> int; ints and floats -> float; bools; text.
/// Returns nil when the cells mix text with numbers or bools. All-missing gives a float column.
func buildColumn(name: String, cells: [CellValue]) -> Column? {
  var sawInt = false, sawFloat = false, sawBool = false, sawString = false
  for c in cells {
    switch c {
    case .int: sawInt = true
    case .float: sawFloat = true
    case .bool: sawBool = true
    case .string: sawString = true
    case .missing: break
    }
  }
  let valid = cells.map { !$0.isMissing }
  if sawString {
    guard !sawInt && !sawFloat && !sawBool else { return nil }
    return Column(name: name, strings: cells.map { if case .string(let s) = $0 { return s } else { return nil } })
  }
  if sawBool && !sawInt && !sawFloat {
    return Column(
      name: name, storage: .bool(cells.map { if case .bool(let b) = $0 { return b } else { return false } }),
      valid: valid)
  }
  if sawInt && !sawFloat && !sawBool {
    return Column(
      name: name, storage: .int(cells.map { if case .int(let i) = $0 { return i } else { return 0 } }),
      valid: valid)
  }
  return Column(name: name, storage: .float(cells.map { $0.double ?? .nan }), valid: valid)
}

extension Interpreter {
  /// The Frame library's one-pass grouped aggregation, used when every aggregate is a plain
  /// `fn(column)` it supports; nil otherwise (the caller evaluates group by group).
  func fastSummarize(_ gf: GroupedFrame, _ assignments: [(name: String, nameSpan: Span, value: Expr)]) throws
    -> DataFrame?
  {
    var aggs: [Aggregation] = []
    for a in assignments {
      guard case .call(let node) = a.value.kind, functions.spec(node.name) != nil else { return nil }
      var cols: [String] = []
      var numbers: [Double] = []
      for arg in node.args {
        guard case .positional(let e) = arg else { return nil }
        if let n = e.identifierName, gf.source.index(of: n) != nil, cols.isEmpty && numbers.isEmpty {
          cols.append(n)
        } else if case .number(let d) = e.kind, cols.count == 1 {
          numbers.append(d)
        } else if case .integer(let i) = e.kind, cols.count == 1 {
          numbers.append(Double(i))
        } else {
          return nil
        }
      }
      let fn: Aggregation.Function
      switch (node.name, cols.first, numbers.count) {
      case ("count", nil, 0): fn = .count
      case ("sum", let c?, 0): fn = .sum(c)
      case ("mean", let c?, 0): fn = .mean(c)
      case ("sd", let c?, 0): fn = .sd(c)
      case ("min", let c?, 0): fn = .min(c)
      case ("max", let c?, 0): fn = .max(c)
      case ("median", let c?, 0): fn = .median(c)
      case ("quantile", let c?, 1): fn = .quantile(c, numbers[0])
      case ("share", let c?, 0): fn = .share(c)
      case ("n_missing", let c?, 0): fn = .nMissing(c)
      case ("n_distinct", let c?, 0): fn = .nDistinct(c)
      default: return nil
      }
      aggs.append(Aggregation(name: a.name, function: fn))
    }
    do {
      return try gf.summarize(aggs)
    } catch let e as FrameError {
      // Point at the aggregate that failed when the message names its column.
      let culprit = assignments.first { a in
        if case .call(let n) = a.value.kind,
          n.args.contains(where: {
            if case .positional(let x) = $0, let id = x.identifierName { return e.description.contains("'\(id)'") }
            return false
          })
        {
          return true
        }
        return false
      }
      throw LangError(e.description, at: culprit?.value.span)
    }
  }
}
