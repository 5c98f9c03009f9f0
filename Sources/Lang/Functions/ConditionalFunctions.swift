/// `case_when`: the first true condition picks the value, row by row.
///
/// Written as condition, value pairs with an optional `default:`:
///
///     case_when(tenure < 12, "new", tenure < 48, "settled", default: "loyal")
///
/// Pairs keep the grammar as it is (`~` already means a formula, so dplyr's `cond ~ value` would make
/// `tenure < 12 ~ "new"` a formula whose left side is not a column), and read like SQL's
/// `CASE WHEN cond THEN value ... ELSE default END`. As in dplyr, a missing condition counts as not
/// true (the next pair is tried); rows no condition picks get `default:` or NA.
enum ConditionalFunctions {
  static var all: [FunctionSpec] {
    [
      FunctionSpec(
        "case_when(cond1, value1, cond2, value2, ..., default: v)", .elementwise,
        "The value of the first true condition, row by row; default: where none is true (else NA). "
          + "case_when(tenure < 12, \"new\", tenure < 48, \"settled\", default: \"loyal\").",
        args: 2...Int.max, options: ["default"], apply: caseWhen)
    ]
  }

  static func caseWhen(_ args: [Value], _ ctx: FunctionContext) throws -> Value {
    guard args.count % 2 == 0 else {
      throw ctx.error(
        "expects condition, value pairs; the last condition has no value "
          + "(write the fallback as default: value)", argument: args.count - 1)
    }
    let fallback = ctx.named["default"] ?? .missing
    let conditions = stride(from: 0, to: args.count, by: 2).map { args[$0] }
    let values = stride(from: 1, to: args.count, by: 2).map { args[$0] } + [fallback]
    guard let n = try commonLength(args + [fallback], span: ctx.span) else {
      for (k, c) in conditions.enumerated() {
        switch c {
        case .bool(true): return values[k]
        case .bool(false), .missing: continue
        default: throw ctx.error("conditions must be true/false, got \(describeOperand(c))", argument: 2 * k)
        }
      }
      return fallback
    }
    var conds: [BoolVector] = []
    for (k, c) in conditions.enumerated() {
      guard let b = boolVector(c, count: n) else {
        throw ctx.error("conditions must be true/false, got \(describeOperand(c))", argument: 2 * k)
      }
      conds.append(b)
    }
    // Which value each row takes: the index of the first true condition, or the default.
    let pick = (0..<n).map { i in conds.firstIndex { $0.isValid(i) && $0.values[i] } ?? values.count - 1 }
    let isText = values.contains {
      if case .string = $0 { return true }
      if case .column(let c) = $0 { return c.type == .string }
      return false
    }
    if isText {
      let texts = try values.enumerated().map { k, v -> [String?] in
        guard let s = stringVector(v, count: n) else {
          throw valueTypeError(ctx, k, values.count, "text")
        }
        return s
      }
      return .column(Column(name: "", strings: (0..<n).map { texts[pick[$0]][$0] }))
    }
    let nums = try values.enumerated().map { k, v -> NumericVector in
      guard let x = numericVector(v, count: n) else { throw valueTypeError(ctx, k, values.count, "numbers or bools") }
      return x
    }
    let out = (0..<n).map { nums[pick[$0]].values[$0] }
    let valid = (0..<n).map { nums[pick[$0]].isValid($0) }
    let allBool = values.allSatisfy {
      if case .column(let c) = $0 { return c.type == .bool }
      return $0.isBool || $0.isMissing
    }
    if allBool { return .column(Column(name: "", bools: out.map { $0 != 0 }, valid: valid)) }
    return .column(numericColumn(out, valid: valid, preferInt: nums.allSatisfy(\.isInt)))
  }

  private static func valueTypeError(_ ctx: FunctionContext, _ k: Int, _ count: Int, _ kind: String) -> LangError {
    let isDefault = k == count - 1
    let msg = "all values must be of one kind; \(isDefault ? "default:" : "value \(k + 1)") is not \(kind)"
    return isDefault ? ctx.error(msg, named: "default") : ctx.error(msg, argument: 2 * k + 1)
  }
}
