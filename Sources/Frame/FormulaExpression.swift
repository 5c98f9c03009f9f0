/// One term of a model formula as written, parsed from its text: a column, a transform such as
/// `log(tenure + 1)`, a special function (`poly`, `ns`, `C`, `I`), an interaction `a:b` or a crossing
/// `a * b`.
///
/// A ``Formula`` keeps each right-hand-side term as text (so saved models stay plain JSON and formulas
/// written before transforms existed read back unchanged); this type is the parsed form of that text.
/// The grammar, loosest binding first:
///
///     term     := cross
///     cross    := inter ('*' inter)*          -- a * b  =  a + b + a:b
///     inter    := power (':' power)*          -- a:b, the product of the factors' columns
///     power    := atom ['^' NUMBER]            -- x^2 is the transform I(x^2)
///     atom     := NAME | `quoted name` | NUMBER | STRING | NAME '(' args ')' | '(' arith ')'
///     arith    := arithmetic with + - * / ^ and unary minus, inside function arguments and I()
///     args     := arith (',' (arith | NAME ':' arith | NAME '=' arith))*
public indirect enum FormulaExpression: Sendable, Equatable, CustomStringConvertible {
  /// A column name.
  case column(String)
  /// A number literal.
  case number(Double)
  /// A string literal (only as an option value, e.g. `ref: "Two year"`).
  case string(String)
  /// A boolean literal (only as an option value, e.g. `raw: true`).
  case bool(Bool)
  /// Unary minus.
  case negate(FormulaExpression)
  /// A binary operator: `+ - * / ^` (arithmetic) and, at the top level of a term, `:` and `*`.
  case binary(String, FormulaExpression, FormulaExpression)
  /// A function call with positional arguments and `name: value` options.
  case call(String, [FormulaExpression], [FormulaOption])

  /// The expression in canonical text (R's deparse style: spaces around `+ - * /`, none around `^`
  /// and `:`; options written `name: value`). Parsing this text gives the same expression.
  public var description: String { render(parentPrecedence: 0) }

  private var precedence: Int {
    switch self {
    case .binary(let op, _, _):
      switch op {
      case "+", "-": return 1
      case "*", "/": return 2
      case ":": return 3
      default: return 4  // ^
      }
    case .negate: return 3
    default: return 5
    }
  }

  private func render(parentPrecedence: Int) -> String {
    let s: String
    switch self {
    case .column(let name): s = formulaQuotedName(name)
    case .number(let x): s = formulaNumberText(x)
    case .string(let t):
      var q = "\""
      for ch in t {
        if ch == "\"" || ch == "\\" { q.append("\\") }
        q.append(ch)
      }
      s = q + "\""
    case .bool(let b): s = b ? "true" : "false"
    case .negate(let e): s = "-" + e.render(parentPrecedence: 4)
    case .binary(let op, let l, let r):
      let p = precedence
      // Left-associative operators: the right operand needs brackets at equal precedence; `^` is
      // right-associative, so its left operand does.
      let lp = op == "^" ? p + 1 : p
      let rp = op == "^" ? p : p + 1
      let gap = (op == "^" || op == ":") ? "" : " "
      s = l.render(parentPrecedence: lp) + gap + op + gap + r.render(parentPrecedence: rp)
    case .call(let name, let args, let options):
      let parts =
        args.map { $0.render(parentPrecedence: 0) }
        + options.map { "\($0.name): \($0.value.render(parentPrecedence: 0))" }
      s = name + "(" + parts.joined(separator: ", ") + ")"
    }
    return precedence < parentPrecedence ? "(" + s + ")" : s
  }

  /// Every column the expression reads, in order of first appearance.
  public var columns: [String] {
    var out: [String] = []
    func walk(_ e: FormulaExpression) {
      switch e {
      case .column(let n): if !out.contains(n) { out.append(n) }
      case .number, .string, .bool: break
      case .negate(let x): walk(x)
      case .binary(_, let l, let r):
        walk(l)
        walk(r)
      case .call(_, let args, let options):
        args.forEach(walk)
        options.forEach { walk($0.value) }
      }
    }
    walk(self)
    return out
  }

  /// Numeric transforms a term may apply (`log(tenure + 1)`).
  public static let transformNames: [String] = ["log", "log2", "log10", "log1p", "exp", "sqrt", "abs"]
  /// Every function a formula term may call (for messages and Tab completion).
  public static let functionNames: [String] = ["C", "I", "ns", "poly"] + transformNames

  /// Parses the text of one formula term; errors name the term and the problem (including an unknown
  /// function, with the closest known one).
  public init(parsing text: String) throws {
    var p = FormulaExpressionParser(text: text)
    self = try p.parseTerm()
    if let bad = unknownFunction {
      let hint = closestMatch(to: bad, among: FormulaExpression.functionNames).map { " (did you mean '\($0)'?)" } ?? ""
      throw FrameError.invalidArgument(
        "formula term '\(text)': unknown function '\(bad)'\(hint); formulas know "
          + FormulaExpression.functionNames.joined(separator: ", "))
    }
  }

  /// The first called function that formulas do not know, if any.
  private var unknownFunction: String? {
    switch self {
    case .column, .number, .string, .bool: return nil
    case .negate(let x): return x.unknownFunction
    case .binary(_, let l, let r): return l.unknownFunction ?? r.unknownFunction
    case .call(let f, let args, let options):
      if !FormulaExpression.functionNames.contains(f) { return f }
      return (args + options.map(\.value)).lazy.compactMap(\.unknownFunction).first
    }
  }

  /// Parses arithmetic text (the input of a transform, e.g. `tenure + 1`), as stored in a fitted factor.
  public init(parsingArithmetic text: String) throws {
    var p = FormulaExpressionParser(text: text)
    self = try p.parseArithmetic()
  }
}

/// A `name: value` option of a call in a formula term (`ns(x, df: 4)`).
public struct FormulaOption: Sendable, Equatable {
  public var name: String
  public var value: FormulaExpression
  public init(name: String, value: FormulaExpression) {
    self.name = name
    self.value = value
  }
}

/// A name as written in formula text: plain when it is made of name characters, else in backticks.
func formulaQuotedName(_ s: String) -> String {
  let plain =
    !s.isEmpty && s.unicodeScalars.allSatisfy { formulaNameScalar($0) }
    && !(s.unicodeScalars.first.map { $0 >= "0" && $0 <= "9" } ?? false)
  return plain || s == "." ? s : "`\(s)`"
}

/// A number as formula text: integers without a decimal point.
func formulaNumberText(_ x: Double) -> String {
  if x.isFinite && x == x.rounded() && abs(x) < 1e15 { return String(Int(x)) }
  return String(x)
}

/// Characters allowed in an unquoted column name inside a formula.
@inline(__always)
func formulaNameScalar(_ c: Unicode.Scalar) -> Bool {
  (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || (c >= "0" && c <= "9") || c == "_" || c == "."
    || c.value > 127
}

/// Recursive-descent parser of one formula term's text.
struct FormulaExpressionParser {
  private let text: String
  private let u: [Unicode.Scalar]
  private var i = 0
  private var depth = 0

  init(text: String) {
    self.text = text
    self.u = Array(text.unicodeScalars)
  }

  private func fail(_ why: String) -> FrameError {
    .invalidArgument("formula term '\(text)': \(why)")
  }

  private mutating func skipSpace() {
    while i < u.count && (u[i] == " " || u[i] == "\t" || u[i] == "\n") { i += 1 }
  }

  private mutating func peek() -> Unicode.Scalar? {
    skipSpace()
    return i < u.count ? u[i] : nil
  }

  private mutating func eat(_ c: Unicode.Scalar) -> Bool {
    if peek() == c {
      i += 1
      return true
    }
    return false
  }

  mutating func parseTerm() throws -> FormulaExpression {
    let e = try parseCross()
    if let c = peek() {
      throw fail(
        c == "+" || c == "-"
          ? "'\(c)' joins terms at the top level of a formula, not inside one term"
          : "unexpected '\(c)'; quote unusual column names in backticks")
    }
    return e
  }

  mutating func parseArithmetic() throws -> FormulaExpression {
    let e = try parseSum()
    if let c = peek() { throw fail("unexpected '\(c)'") }
    return e
  }

  private mutating func parseCross() throws -> FormulaExpression {
    var e = try parseInteraction()
    while eat("*") {
      guard peek() != nil else { throw fail("an interaction needs two terms: '*' has nothing on its right") }
      e = .binary("*", e, try parseInteraction())
    }
    return e
  }

  private mutating func parseInteraction() throws -> FormulaExpression {
    var e = try parseFactor()
    while eat(":") {
      guard peek() != nil else { throw fail("an interaction needs two terms: ':' has nothing on its right") }
      e = .binary(":", e, try parseFactor())
    }
    return e
  }

  private mutating func parseFactor() throws -> FormulaExpression {
    guard let c = peek() else { throw fail("expected a column name or a function such as log(x)") }
    if c == "*" || c == ":" {
      throw fail("an interaction needs two terms: '\(c)' has nothing on its left")
    }
    let base = try parseAtom(arithmetic: false)
    if eat("^") {
      let exponent = try parseUnary()
      return .call("I", [.binary("^", base, exponent)], [])
    }
    return base
  }

  // MARK: arithmetic (inside calls and brackets)

  private mutating func parseSum() throws -> FormulaExpression {
    try parseLeftAssociative(["+", "-"]) { try $0.parseProduct() }
  }

  private mutating func parseProduct() throws -> FormulaExpression {
    try parseLeftAssociative(["*", "/"]) { try $0.parseUnary() }
  }

  /// `operand (op operand)*` for left-associative operators `ops`.
  private mutating func parseLeftAssociative(
    _ ops: [Unicode.Scalar], _ operand: (inout FormulaExpressionParser) throws -> FormulaExpression
  ) throws -> FormulaExpression {
    var e = try operand(&self)
    while let c = peek(), ops.contains(c) {
      i += 1
      e = .binary(String(c), e, try operand(&self))
    }
    return e
  }

  private mutating func parseUnary() throws -> FormulaExpression {
    if eat("-") {
      try enter()
      defer { depth -= 1 }
      let e = try parseUnary()
      if case .number(let x) = e { return .number(-x) }
      return .negate(e)
    }
    let base = try parseAtom(arithmetic: true)
    if eat("^") { return .binary("^", base, try parseUnary()) }
    return base
  }

  private mutating func enter() throws {
    depth += 1
    if depth > 100 { throw fail("nested too deeply") }
  }

  private mutating func parseAtom(arithmetic: Bool) throws -> FormulaExpression {
    guard let c = peek() else { throw fail("expected a value, found the end of the term") }
    if c == "(" {
      i += 1
      try enter()
      defer { depth -= 1 }
      let e = try parseSum()
      guard eat(")") else { throw fail("expected ')'") }
      if !arithmetic, case .binary = e {
        throw fail("brackets at the top level of a term hold arithmetic; write I(\(e)) for a computed column")
      }
      return e
    }
    if c == "`" {
      i += 1
      var name = String.UnicodeScalarView()
      while i < u.count && u[i] != "`" {
        name.append(u[i])
        i += 1
      }
      guard i < u.count else { throw fail("unclosed backtick") }
      i += 1
      return .column(String(name))
    }
    if c == "\"" || c == "'" {
      i += 1
      var s = String.UnicodeScalarView()
      while i < u.count && u[i] != c {
        if u[i] == "\\" && i + 1 < u.count { i += 1 }
        s.append(u[i])
        i += 1
      }
      guard i < u.count else { throw fail("unclosed string") }
      i += 1
      return .string(String(s))
    }
    if (c >= "0" && c <= "9") || (c == "." && i + 1 < u.count && u[i + 1] >= "0" && u[i + 1] <= "9") {
      var s = ""
      while i < u.count,
        (u[i] >= "0" && u[i] <= "9") || u[i] == "." || u[i] == "e" || u[i] == "E"
          || ((u[i] == "-" || u[i] == "+") && i > 0 && (u[i - 1] == "e" || u[i - 1] == "E"))
      {
        s.unicodeScalars.append(u[i])
        i += 1
      }
      guard let x = Double(s), x.isFinite else { throw fail("'\(s)' is not a number") }
      return .number(x)
    }
    guard formulaNameScalar(c) else {
      throw fail("unexpected '\(c)'; quote unusual column names in backticks")
    }
    var name = String.UnicodeScalarView()
    while i < u.count && formulaNameScalar(u[i]) {
      name.append(u[i])
      i += 1
    }
    let word = String(name)
    if word == "true" || word == "false" { return .bool(word == "true") }
    // A call needs '(' right after the name.
    if i < u.count && u[i] == "(" {
      i += 1
      try enter()
      defer { depth -= 1 }
      var args: [FormulaExpression] = []
      var options: [FormulaOption] = []
      if !eat(")") {
        while true {
          let save = i
          if let key = optionKey() {
            if options.contains(where: { $0.name == key }) { throw fail("option '\(key)' given twice in \(word)()") }
            options.append(FormulaOption(name: key, value: try parseSum()))
          } else {
            i = save
            guard options.isEmpty else { throw fail("in \(word)(), positional arguments come before options") }
            args.append(try parseSum())
          }
          if eat(",") { continue }
          guard eat(")") else { throw fail("expected ',' or ')' in \(word)(…)") }
          break
        }
      }
      return .call(word, args, options)
    }
    return .column(word)
  }

  /// `name:` or `name =` at the current position (an option key); consumes it when found.
  private mutating func optionKey() -> String? {
    skipSpace()
    var j = i
    var name = String.UnicodeScalarView()
    while j < u.count && formulaNameScalar(u[j]) {
      name.append(u[j])
      j += 1
    }
    guard !name.isEmpty else { return nil }
    while j < u.count && u[j] == " " { j += 1 }
    guard j < u.count, u[j] == ":" || (u[j] == "=" && !(j + 1 < u.count && u[j + 1] == "=")) else { return nil }
    i = j + 1
    return String(name)
  }
}
