import Foundation
import Render

/// Text functions: lengths, substrings, regular expressions, trimming and number formatting.
///
/// Each works on a string or a text column, element by element; a missing value gives a missing
/// result. Over a column the work is done once per distinct value (level), not once per row.
/// Regular expressions are ICU's (Foundation's `NSRegularExpression`): `\\d`, `[a-z]+`, `^...$`,
/// groups `( )` and `$1` in replacements; an invalid pattern is an error located at the pattern.
enum TextFunctions {
  static var all: [FunctionSpec] {
    [
      FunctionSpec("str_len(x)", .elementwise, "Number of characters of text (NA stays NA).", args: 1...1) {
        args, ctx in
        try mapText(args[0], ctx, result: .int) { .int($0.count) }
      },
      FunctionSpec(
        "substr(x, start, stop)", .elementwise,
        "Characters start..stop of text, counting from 1, both included (as R's substr); "
          + "substr(id, 1, 4). Without stop, to the end.",
        args: 2...3
      ) { args, ctx in
        let start = try wholeNumber(args[1], ctx, argument: 1)
        let stop = args.count == 3 ? try wholeNumber(args[2], ctx, argument: 2) : Int.max
        return try mapText(args[0], ctx, result: .string) { .string(substring($0, start: start, stop: stop)) }
      },
      FunctionSpec(
        "str_detect(x, pattern)", .elementwise,
        "true where the regular expression matches somewhere in x: str_detect(PaymentMethod, \"^Bank\").",
        args: 2...2
      ) { args, ctx in
        let re = try regex(args[1], ctx, argument: 1)
        return try mapText(args[0], ctx, result: .bool) { s in
          .bool(re.firstMatch(in: s, range: NSRange(s.startIndex..., in: s)) != nil)
        }
      },
      FunctionSpec(
        "replace(x, pattern, replacement)", .elementwise,
        "Replaces every match of a regular expression; $1 in the replacement is the first group: "
          + "replace(PaymentMethod, \" \\\\(automatic\\\\)\", \"\").",
        args: 3...3
      ) { args, ctx in
        let re = try regex(args[1], ctx, argument: 1)
        guard case .string(let template) = args[2] else {
          throw ctx.error("the replacement must be a string, got \(describeOperand(args[2]))", argument: 2)
        }
        return try mapText(args[0], ctx, result: .string) { s in
          .string(re.stringByReplacingMatches(in: s, range: NSRange(s.startIndex..., in: s), withTemplate: template))
        }
      },
      FunctionSpec(
        "trim(x)", .elementwise, "Text without leading and trailing spaces, tabs and line breaks.",
        args: 1...1
      ) { args, ctx in
        try mapText(args[0], ctx, result: .string) { .string($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
      },
      FunctionSpec(
        "format(x, digits: k)", .elementwise,
        "Numbers as text: with digits: k, fixed k decimals (format(0.84512, digits: 3) is \"0.845\"); "
          + "without, as print shows them.",
        args: 1...1, options: ["digits"]
      ) { args, ctx in
        var digits: Int? = nil
        if let d = ctx.named["digits"] {
          guard case .int(let k) = d, k >= 0, k <= 17 else {
            throw ctx.error("digits: must be a whole number from 0 to 17, got \(d.brief)", named: "digits")
          }
          digits = k
        }
        return try formatNumbers(args[0], ctx) { x in digits.map { fixedString(x, decimals: $0) } ?? formatScalar(x) }
      },
    ]
  }

  /// The column type a text function produces.
  enum ResultType { case int, bool, string }

  /// Applies `f` to a string or to each distinct value of a text column (missing stays missing).
  static func mapText(
    _ v: Value, _ ctx: FunctionContext, result: ResultType,
    _ f: (String) throws -> Value
  ) throws -> Value {
    switch v {
    case .missing: return .missing
    case .string(let s): return try f(s)
    case .column(let c):
      guard case .string(let codes, let levels) = c.storage else { break }
      let mapped = try levels.map { try f($0) }
      let rows = codes.indices.map { c.isMissing($0) ? Value.missing : mapped[Int(codes[$0])] }
      switch result {
      case .int:
        let ints = rows.map { if case .int(let i) = $0 { return i } else { return 0 } }
        return .column(Column(name: "", ints: ints, valid: c.valid))
      case .bool:
        let bools = rows.map { if case .bool(let b) = $0 { return b } else { return false } }
        return .column(Column(name: "", bools: bools, valid: c.valid))
      case .string:
        return .column(
          Column(name: "", strings: rows.map { if case .string(let s) = $0 { return s } else { return nil } }))
      }
    default: break
    }
    throw ctx.error("needs text, got \(describeOperand(v))", argument: 0)
  }

  /// Characters `start...stop` (1-based, inclusive, clipped to the text as R's `substr`).
  static func substring(_ s: String, start: Int, stop: Int) -> String {
    let from = max(start, 1)
    guard stop >= from, from <= s.count else { return "" }
    let lo = s.index(s.startIndex, offsetBy: from - 1)
    let hi = stop >= s.count ? s.endIndex : s.index(s.startIndex, offsetBy: stop)
    return String(s[lo..<hi])
  }

  static func wholeNumber(_ v: Value, _ ctx: FunctionContext, argument i: Int) throws -> Int {
    if case .int(let k) = v { return k }
    if case .number(let d) = v, let k = Int(exactly: d) { return k }
    throw ctx.error("expects a whole number, got \(describeOperand(v))", argument: i)
  }

  /// Compiles a pattern argument; an invalid pattern is an error at the pattern, naming the problem.
  static func regex(_ v: Value, _ ctx: FunctionContext, argument i: Int) throws -> NSRegularExpression {
    guard case .string(let pattern) = v else {
      throw ctx.error("the pattern must be a string (a regular expression), got \(describeOperand(v))", argument: i)
    }
    do { return try NSRegularExpression(pattern: pattern) } catch {
      throw ctx.error(
        "invalid regular expression \(quoted(pattern)); check brackets and escape special "
          + "characters with \\\\ (e.g. \"\\\\(\" for a literal parenthesis)", argument: i)
    }
  }

  /// Formats numbers (a scalar or a numeric column) as text; missing stays missing.
  static func formatNumbers(_ v: Value, _ ctx: FunctionContext, _ f: (Double) -> String) throws -> Value {
    switch v {
    case .missing: return .missing
    case .int(let i): return .string(f(Double(i)))
    case .number(let d): return d.isNaN ? .missing : .string(f(d))
    case .column(let c) where c.type == .int || c.type == .float:
      guard let nv = numericVector(v, count: c.count) else { break }
      return .column(Column(name: "", strings: nv.values.indices.map { nv.isValid($0) ? f(nv.values[$0]) : nil }))
    default: break
    }
    throw ctx.error("needs numbers, got \(describeOperand(v))", argument: 0)
  }
}
