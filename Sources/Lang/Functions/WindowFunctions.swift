/// Window functions: one value per row that depends on the other rows — ranks, running totals,
/// lags. After `group` they run within each group (in `mutate` and `filter`); otherwise over the frame.
///
/// Semantics follow dplyr 1.1:
/// - `row_number()` numbers rows 1..n in frame order (or `order_by:` order); `row_number(x)` ranks
///   x with ties broken by row order.
/// - `rank(x)` is dplyr's `min_rank`: tied values share the smallest rank, the next rank skips
///   (1, 2, 2, 4). `dense_rank(x)` does not skip (1, 2, 2, 3). `percent_rank(x)` is
///   (rank − 1) / (m − 1) with m the non-missing count (NA when m = 1). `ntile(x, k)` cuts the
///   row_number ranking into k buckets whose sizes differ by at most one, larger buckets first.
///   In all of them a missing x keeps a missing rank and is not counted.
/// - `cumsum(x)` and `cummean(x)` run in frame (or `order_by:`) order; a missing value makes that
///   row and every later one missing (as base R's `cumsum` and dplyr's `cummean`).
/// - `lag(x, n: 1, default: NA)` / `lead(...)` shift by n rows in frame (or `order_by:`) order; rows
///   shifted in from outside the frame (or group) take `default:`.
///
/// `order_by:` orders ascending with missing values last; ties keep frame order.
enum WindowFunctions {
  static var all: [FunctionSpec] {
    [
      FunctionSpec(
        "row_number(x)", .window,
        "1, 2, 3, … in frame order (or order_by: order); row_number(x) ranks x, ties by row order.",
        args: 0...1, options: ["order_by"]
      ) { args, ctx in
        if let x = args.first { return try ranks(x, ctx) { r, _ in Double(r.first) } }
        let n = try rowCount(ctx)
        let order = try ordering(ctx, count: n)
        var out = [Int](repeating: 0, count: n)
        for (k, row) in order.enumerated() { out[row] = k + 1 }
        return .column(Column(name: "", ints: out))
      },
      FunctionSpec(
        "rank(x)", .window, "Rank of x, ties get the smallest rank (1, 2, 2, 4; dplyr's min_rank).",
        args: 1...1
      ) { args, ctx in try ranks(args[0], ctx) { r, _ in Double(r.min) } },
      FunctionSpec(
        "dense_rank(x)", .window, "Rank of x without gaps after ties (1, 2, 2, 3).",
        args: 1...1
      ) { args, ctx in try ranks(args[0], ctx) { r, _ in Double(r.dense) } },
      FunctionSpec(
        "percent_rank(x)", .window, "(rank - 1) / (non-missing count - 1), from 0 to 1.",
        args: 1...1
      ) { args, ctx in
        try ranks(args[0], ctx, float: true) { r, m in m > 1 ? Double(r.min - 1) / Double(m - 1) : .nan }
      },
      FunctionSpec(
        "ntile(x, k)", .window, "Bucket 1..k of x's ranking, buckets of nearly equal size (dplyr's ntile).",
        args: 2...2
      ) { args, ctx in
        guard case .int(let k) = args[1], k >= 1 else {
          throw ctx.error("k must be a whole number of buckets, at least 1, got \(args[1].brief)", argument: 1)
        }
        return try ranks(args[0], ctx) { r, m in Double(ntile(r.first, count: m, buckets: k)) }
      },
      FunctionSpec(
        "cumsum(x)", .window, "Running sum in frame (or order_by:) order; NA from the first NA on.",
        args: 1...1, options: ["order_by"]
      ) { args, ctx in
        try running(args[0], ctx, mean: false)
      },
      FunctionSpec(
        "cummean(x)", .window, "Running mean in frame (or order_by:) order; NA from the first NA on.",
        args: 1...1, options: ["order_by"]
      ) { args, ctx in
        try running(args[0], ctx, mean: true)
      },
      FunctionSpec(
        "lag(x, n: 1, default: NA)", .window,
        "The value n rows earlier (frame or order_by: order); default: where there is none.",
        args: 1...1, options: ["n", "default", "order_by"]
      ) { args, ctx in try shifted(args[0], ctx, by: -1) },
      FunctionSpec(
        "lead(x, n: 1, default: NA)", .window,
        "The value n rows later (frame or order_by: order); default: where there is none.",
        args: 1...1, options: ["n", "default", "order_by"]
      ) { args, ctx in try shifted(args[0], ctx, by: 1) },
    ]
  }

  // MARK: - Ranks

  /// The ranks of one row: by position among ties (`first`), smallest of its ties (`min`), and without gaps.
  struct RowRank {
    var first: Int
    var min: Int
    var dense: Int
  }

  /// Ranks the non-missing values of `x` and maps each row's ranks (and the non-missing count) to a
  /// number; missing rows stay missing. Int results unless `float`.
  static func ranks(
    _ x: Value, _ ctx: FunctionContext, float: Bool = false,
    _ f: (RowRank, Int) -> Double
  ) throws -> Value {
    let c = try AggregateFunctions.column(x, ctx)
    let order = sortedRows(c)
    var out = [Double](repeating: 0, count: c.count)
    var valid = [Bool](repeating: false, count: c.count)
    var minRank = 0, dense = 0
    for (k, row) in order.enumerated() {
      if k == 0 || compare(c, order[k - 1], row) != 0 {
        minRank = k + 1
        dense += 1
      }
      out[row] = f(RowRank(first: k + 1, min: minRank, dense: dense), order.count)
      valid[row] = !out[row].isNaN
    }
    return .column(numericColumn(out, valid: valid, preferInt: !float))
  }

  /// dplyr's `ntile`: bucket of the `rank`-th of `m` values among `k` buckets, larger buckets first.
  static func ntile(_ rank: Int, count m: Int, buckets k: Int) -> Int {
    let larger = m % k
    let smallSize = m / k, largeSize = smallSize + (larger > 0 ? 1 : 0)
    let threshold = largeSize * larger
    if rank <= threshold { return (rank + largeSize - 1) / largeSize }
    return (rank - threshold + smallSize - 1) / smallSize + larger
  }

  /// Rows of `c` with a value, sorted ascending by value; ties keep row order.
  static func sortedRows(_ c: Column) -> [Int] {
    (0..<c.count).filter { !c.isMissing($0) }.sorted { a, b in
      let o = compare(c, a, b)
      return o != 0 ? o < 0 : a < b
    }
  }

  /// -1, 0 or 1 comparing rows `a` and `b` of `c` (text by text, numbers by value).
  static func compare(_ c: Column, _ a: Int, _ b: Int) -> Int {
    if case .string(let codes, let levels) = c.storage {
      let x = levels[Int(codes[a])], y = levels[Int(codes[b])]
      return x < y ? -1 : (x == y ? 0 : 1)
    }
    let x = c.double(at: a) ?? 0, y = c.double(at: b) ?? 0
    return x < y ? -1 : (x == y ? 0 : 1)
  }

  // MARK: - Order

  static func rowCount(_ ctx: FunctionContext) throws -> Int {
    guard let n = ctx.rowCount else {
      throw ctx.error("numbers the rows of a frame; use it inside mutate or filter (after group for per-group numbers)")
    }
    return n
  }

  /// Row indices in the order the window runs: frame order, or sorted by `order_by:` (missing last).
  static func ordering(_ ctx: FunctionContext, count n: Int) throws -> [Int] {
    guard let by = ctx.named["order_by"] else { return Array(0..<n) }
    let c = try AggregateFunctions.column(by, ctx)
    guard c.count == n else {
      throw ctx.error(
        "order_by: has \(c.count) values but there are \(n) rows; give a column of the frame",
        named: "order_by")
    }
    return sortedRows(c) + (0..<n).filter { c.isMissing($0) }
  }

  // MARK: - Running totals and shifts

  static func running(_ x: Value, _ ctx: FunctionContext, mean: Bool) throws -> Value {
    let c = try AggregateFunctions.column(x, ctx, numeric: true)
    guard let nv = numericVector(.column(c), count: c.count) else {
      throw ctx.error("needs numbers, got \(describeOperand(x))", argument: 0)
    }
    var out = [Double](repeating: 0, count: c.count)
    var valid = [Bool](repeating: false, count: c.count)
    var sum = 0.0, seen = 0, broken = false
    for row in try ordering(ctx, count: c.count) {
      if !nv.isValid(row) { broken = true }
      if broken { continue }
      sum += nv.values[row]
      seen += 1
      out[row] = mean ? sum / Double(seen) : sum
      valid[row] = true
    }
    return .column(numericColumn(out, valid: valid, preferInt: !mean && nv.isInt && c.type != .bool))
  }

  static func shifted(_ x: Value, _ ctx: FunctionContext, by direction: Int) throws -> Value {
    let c = try AggregateFunctions.column(x, ctx)
    var n = 1
    if let v = ctx.named["n"] {
      guard case .int(let k) = v, k >= 0 else {
        throw ctx.error("n: must be a whole number of rows, 0 or more, got \(v.brief)", named: "n")
      }
      n = k
    }
    let fill: CellValue
    switch ctx.named["default"] ?? .missing {
    case .missing: fill = .missing
    case .int(let i): fill = .int(i)
    case .number(let d): fill = d.isNaN ? .missing : .float(d)
    case .bool(let b): fill = .bool(b)
    case .string(let s): fill = .string(s)
    case let v: throw ctx.error("default: must be a single value, got \(describeOperand(v))", named: "default")
    }
    let order = try ordering(ctx, count: c.count)
    var cells = [CellValue](repeating: fill, count: c.count)
    for (k, row) in order.enumerated() {
      let (from, overflow) = k.addingReportingOverflow(direction * n)
      if !overflow, from >= 0, from < order.count { cells[row] = c.value(at: order[from]) }
    }
    guard let out = buildColumn(name: "", cells: cells) else {
      throw ctx.error(
        "default: \(ctx.named["default"]?.brief ?? "NA") does not match the column's "
          + "\(c.type.rawValue) values", named: "default")
    }
    return .column(out)
  }
}
