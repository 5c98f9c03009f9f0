#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif

/// One factor of a formula term (the pieces an interaction `a:b` multiplies), fitted on training rows
/// so that new rows get exactly the same columns: the levels of a categorical factor with its reference
/// first, the recurrence constants of `poly`, the knots of `ns`.
///
/// Saved with the model inside ``DesignTerm/factors`` (plain `Codable`; this is the only place the
/// fitted transform data is serialized).
public struct FittedFactor: Sendable, Codable, Equatable {
  /// What the factor produces.
  public enum Kind: String, Sendable, Codable, Equatable {
    /// One numeric column: a column, or a transform such as `log(tenure + 1)` or `I(x^2)`.
    case numeric
    /// Indicator columns of a text column's levels (`Contract`, `C(Contract, ref: "Two year")`).
    case categorical
    /// `poly(x, degree)`: orthogonal (R's default) or raw powers.
    case poly
    /// `ns(x, df: k)`: R's natural cubic spline basis.
    case spline
  }
  public var kind: Kind
  /// The factor as it appears in column names: its canonical text (`log(tenure + 1)`, `ns(tenure, df: 4)`,
  /// `Contract`, `C(Contract, ref: "Two year")`), as R labels a term by the expression written.
  public var label: String
  /// The numeric input expression (numeric, poly, spline) or the column (categorical), as formula text.
  public var input: String
  /// Categorical: the levels, reference level first.
  public var levels: [String]?
  /// poly: degree, whether raw, and (orthogonal) the recurrence constants.
  public var degree: Int?
  public var raw: Bool?
  public var alpha: [Double]?
  public var norm2: [Double]?
  /// ns: interior and boundary knots.
  public var knots: [Double]?
  public var boundaryKnots: [Double]?

  /// Number of columns the factor gives under full coding (all levels for a categorical factor).
  var width: Int {
    switch kind {
    case .numeric: return 1
    case .categorical: return levels?.count ?? 0
    case .poly: return degree ?? 0
    case .spline: return (knots?.count ?? 0) + 1
    }
  }

  /// The column-name suffixes under `coding`, appended to ``label`` as R does: the level for a categorical
  /// factor (`ContractOne year`), `1…k` for poly and ns (`ns(tenure, df: 4)1`).
  func suffixes(full: Bool) -> [String] {
    switch kind {
    case .numeric: return [""]
    case .categorical:
      let lv = levels ?? []
      return full ? lv : Array(lv.dropFirst())
    case .poly, .spline: return (1...max(1, width)).map(String.init)
    }
  }
}

/// The syntax of one factor, before fitting.
enum FactorSyntax {
  case numeric(FormulaExpression)
  case categorical(column: String, reference: String?)
  case poly(FormulaExpression, degree: Int, raw: Bool)
  case spline(FormulaExpression, df: Int)

  /// Functions allowed in numeric transforms, with what they need of their argument.
  static var transforms: [String] { FormulaExpression.transformNames }
  /// Every function name a formula term may call.
  static var functionNames: [String] { FormulaExpression.functionNames }

  /// Reads a factor expression; `isText` tells whether a column holds text.
  static func classify(_ e: FormulaExpression, term: String, isText: (String) -> Bool) throws -> FactorSyntax {
    func fail(_ why: String) -> DesignError { .invalidTerm("formula term '\(term)': \(why)") }
    switch e {
    case .column(let name):
      return isText(name) ? .categorical(column: name, reference: nil) : .numeric(e)
    case .call(let f, let args, let options):
      func option(_ name: String) -> FormulaExpression? { options.first { $0.name == name }?.value }
      func onlyOptions(_ allowed: [String]) throws {
        if let bad = options.first(where: { !allowed.contains($0.name) }) {
          let known = allowed.isEmpty ? "it takes no options" : "its options are " + allowed.joined(separator: ", ")
          throw fail("\(f)() has no option '\(bad.name)'; \(known)")
        }
      }
      switch f {
      case "C":
        try onlyOptions(["ref"])
        guard args.count == 1, case .column(let c) = args[0] else {
          throw fail("write C(column) or C(column, ref: \"level\") with a text column")
        }
        var ref: String? = nil
        if let r = option("ref") {
          switch r {
          case .string(let s): ref = s
          case .number(let x): ref = formulaNumberText(x)
          default: throw fail("C(…, ref:) takes the reference level as a string, e.g. ref: \"Two year\"")
          }
        }
        return .categorical(column: c, reference: ref)
      case "poly":
        try onlyOptions(["raw", "degree"])
        let degreeArg = args.count > 1 ? args[1] : option("degree")
        guard args.count >= 1, args.count <= 2, let d = degreeArg else {
          throw fail("write poly(x, degree), e.g. poly(tenure, 2)")
        }
        guard case .number(let dx) = d, dx == dx.rounded(), dx >= 1, dx <= 20 else {
          throw fail("poly()'s degree must be a whole number from 1 to 20")
        }
        var raw = false
        if let r = option("raw") {
          guard case .bool(let b) = r else { throw fail("poly(…, raw:) takes true or false") }
          raw = b
        }
        return .poly(args[0], degree: Int(dx), raw: raw)
      case "ns":
        try onlyOptions(["df"])
        let dfArg = args.count > 1 ? args[1] : option("df")
        guard args.count >= 1, args.count <= 2, let d = dfArg else {
          throw fail("write ns(x, df: k) with the number of spline columns, e.g. ns(tenure, df: 4)")
        }
        guard case .number(let dx) = d, dx == dx.rounded(), dx >= 1, dx <= 50 else {
          throw fail("ns()'s df must be a whole number from 1 to 50")
        }
        return .spline(args[0], df: Int(dx))
      case "I":
        try onlyOptions([])
        guard args.count == 1 else { throw fail("I() takes one expression, e.g. I(tenure^2)") }
        return .numeric(e)
      default:
        guard transforms.contains(f) else {
          let hint = closestMatch(to: f, among: functionNames).map { " (did you mean '\($0)'?)" } ?? ""
          throw fail("unknown function '\(f)'\(hint); formulas know " + functionNames.joined(separator: ", "))
        }
        try onlyOptions([])
        guard args.count == 1 else { throw fail("\(f)() takes one argument") }
        return .numeric(e)
      }
    case .number:
      throw fail("a number is not a term; write '- 1' or '+ 0' for no intercept, or I(x * 2) for arithmetic")
    case .string, .bool:
      throw fail("a literal is not a term; name a column")
    case .negate, .binary:
      throw fail("arithmetic in a term goes inside I(), e.g. I(\(e))")
    }
  }
}

/// Evaluates numeric formula expressions over frame rows, with missing values as NaN and a clear error
/// for values where a transform is undefined.
struct TermEvaluator {
  let frame: DataFrame
  let rows: [Int]
  /// The whole term, for messages.
  let term: String

  private func fail(_ why: String) -> DesignError { .invalidTerm("formula term '\(term)': \(why)") }

  /// The expression's value on every row (NaN where an input is missing).
  func evaluate(_ e: FormulaExpression) throws -> [Double] {
    switch e {
    case .column(let name):
      let c = try frame.column(name)
      guard let v = c.doubles() else {
        throw fail("column '\(name)' is text; arithmetic and transforms need a numeric column")
      }
      return rows.map { v[$0] }
    case .number(let x):
      return [Double](repeating: x, count: rows.count)
    case .string, .bool:
      throw fail("a literal cannot be computed with; name a column")
    case .negate(let x):
      return try evaluate(x).map { -$0 }
    case .binary(let op, let l, let r):
      let a = try evaluate(l), b = try evaluate(r)
      var out = [Double](repeating: 0, count: rows.count)
      switch op {
      case "+": for i in out.indices { out[i] = a[i] + b[i] }
      case "-": for i in out.indices { out[i] = a[i] - b[i] }
      case "*": for i in out.indices { out[i] = a[i] * b[i] }
      case "/":
        let zero = b.indices.filter { b[$0] == 0 && !a[$0].isNaN }.count
        if zero > 0 {
          throw fail(
            "'\(r)' is 0 in \(zero) row\(zero == 1 ? "" : "s"), so '\(e)' is undefined there; filter those rows or add a constant"
          )
        }
        for i in out.indices { out[i] = a[i] / b[i] }
      case "^":
        for i in out.indices { out[i] = pow(a[i], b[i]) }
        let bad = out.indices.filter { !a[$0].isNaN && !b[$0].isNaN && !out[$0].isFinite }.count
        if bad > 0 {
          throw fail(
            "'\(e)' is undefined or infinite in \(bad) row\(bad == 1 ? "" : "s") (a negative base with a fractional power?)"
          )
        }
      default:
        throw fail("'\(op)' is an interaction operator; inside I() or a function use arithmetic (+ - * / ^)")
      }
      return out
    case .call(let f, let args, _):
      guard args.count == 1 else { throw fail("\(f)() takes one argument") }
      let x = try evaluate(args[0])
      if f == "I" { return x }
      func domain(_ bad: (Double) -> Bool, _ what: String, _ fix: String) throws {
        let n = x.filter { !$0.isNaN && bad($0) }.count
        if n > 0 {
          throw fail("\(n) row\(n == 1 ? " has" : "s have") \(args[0]) \(what), where \(f) is undefined; \(fix)")
        }
      }
      switch f {
      case "log", "log2", "log10":
        try domain({ $0 <= 0 }, "≤ 0", "use \(f)(\(args[0]) + 1) or filter those rows")
        return x.map { f == "log" ? log($0) : (f == "log2" ? log($0) / log(2) : log10($0)) }
      case "log1p":
        try domain({ $0 <= -1 }, "≤ -1", "filter those rows")
        return x.map { log($0 + 1) }
      case "sqrt":
        try domain({ $0 < 0 }, "< 0", "filter those rows or use abs()")
        return x.map { $0.squareRoot() }
      case "exp":
        let out = x.map { exp($0) }
        let inf = out.filter { $0.isInfinite }.count
        if inf > 0 { throw fail("exp() overflows in \(inf) row\(inf == 1 ? "" : "s"); rescale \(args[0]) first") }
        return out
      case "abs": return x.map { abs($0) }
      default: throw fail("unknown function '\(f)'")
      }
    }
  }
}
