/// Aggregate functions: many values in, one out. All skip missing values; an empty input gives NA.
/// They delegate to the Frame library's column statistics (`Column.mean()` and friends).
enum AggregateFunctions {
  static var all: [FunctionSpec] {
    [
      FunctionSpec(
        "count()", .aggregate, "Number of rows (in the current group); count(x) counts non-missing x.",
        args: 0...1
      ) { args, ctx in
        if let x = args.first { return .int(try column(x, ctx).count - column(x, ctx).missingCount) }
        guard let n = ctx.rowCount else {
          throw ctx.error("count() counts the rows of a frame; use it inside summarize or mutate, or use nrow(df)")
        }
        return .int(n)
      },
      stat("mean(x)", "Arithmetic mean.") { $0.mean() },
      FunctionSpec("sum(x)", .aggregate, "Sum (bools count the true values).", args: 1...1) { args, ctx in
        let c = try column(args[0], ctx, numeric: true)
        guard let s = c.sum() else { return .missing }
        if c.type != .float, let i = Int(exactly: s) { return .int(i) }
        return .number(s)
      },
      stat("sd(x)", "Sample standard deviation (n - 1 in the denominator).") { $0.sd() },
      stat("min(x)", "Smallest value.") { $0.min() },
      stat("max(x)", "Largest value.") { $0.max() },
      stat("median(x)", "Median (the 0.5 quantile).") { $0.median() },
      FunctionSpec(
        "quantile(x, q)", .aggregate,
        "The q-quantile, 0 <= q <= 1, linear interpolation (numpy/pandas default).",
        args: 2...2
      ) { args, ctx in
        guard let q = args[1].doubleValue, q >= 0, q <= 1 else {
          throw ctx.error("q must be a number between 0 and 1, got \(args[1].brief)", argument: 1)
        }
        return try column(args[0], ctx, numeric: true).quantile(q).map { .number($0) } ?? .missing
      },
      FunctionSpec(
        "share(pred)", .aggregate, "Fraction of non-missing values that are true.",
        args: 1...1
      ) { args, ctx in
        let c = try column(args[0], ctx)
        guard case .bool(let b) = c.storage else {
          throw ctx.error("expects true/false values, got \(describeOperand(args[0]))", argument: 0)
        }
        var n = 0, t = 0
        for i in b.indices where !c.isMissing(i) {
          n += 1
          if b[i] { t += 1 }
        }
        return n == 0 ? .missing : .number(Double(t) / Double(n))
      },
      FunctionSpec("n_missing(x)", .aggregate, "Number of missing values.", args: 1...1) { args, ctx in
        .int(try column(args[0], ctx).missingCount)
      },
      FunctionSpec("n_distinct(x)", .aggregate, "Number of distinct non-missing values.", args: 1...1) { args, ctx in
        .int(try column(args[0], ctx).nDistinct)
      },
    ]
  }

  /// A numeric statistic computed by the Frame library.
  static func stat(_ sig: String, _ doc: String, _ f: @escaping (Column) -> Double?) -> FunctionSpec {
    FunctionSpec(sig, .aggregate, doc, args: 1...1) { args, ctx in
      try f(column(args[0], ctx, numeric: true)).map { .number($0) } ?? .missing
    }
  }

  /// The argument as a column: columns as they are, lists converted, a scalar as one value.
  static func column(_ v: Value, _ ctx: FunctionContext, numeric: Bool = false) throws -> Column {
    var c: Column?
    switch v {
    case .column(let col): c = col
    case .list(let items): c = items.isEmpty ? Column(name: "", floats: [Double]()) : columnFromList(items)
    case .missing, .int, .number, .bool, .string: c = columnFromList([v])
    default: c = nil
    }
    guard let col = c else { throw ctx.error("expects a column or a list, got \(describeOperand(v))", argument: 0) }
    if numeric && col.type == .string {
      throw ctx.error("needs numbers, got \(describeOperand(v))", argument: 0)
    }
    return col
  }
}
