import Foundation
import Frame

/// A customer-value expression: small arithmetic over numeric columns, parsed and evaluated by the Policy
/// module itself so that a saved policy (and the decision service) needs no interpreter.
///
/// Grammar (usual precedence; `^` binds tighter than unary minus and is right-associative, as in the
/// language: `-2 ^ 2` is −4):
/// ```
/// expr    := term (('+' | '-') term)*
/// term    := unary (('*' | '/') unary)*
/// unary   := '-' unary | power
/// power   := primary ('^' unary)?
/// primary := number | column | '`' column name '`' | function '(' expr (',' expr)* ')' | '(' expr ')'
/// ```
/// Functions: `min(a, b, …)`, `max(a, b, …)`, `abs`, `sqrt`, `log`, `exp`. Column names are identifiers
/// (letters, digits, `_`, `.`) or any text between backquotes. The text is stored in the policy file and
/// parsed again on load.
public struct ValueExpression: Sendable, Equatable, CustomStringConvertible {
  /// The source text, as written.
  public let text: String
  let root: Node

  indirect enum Node: Sendable, Equatable {
    case number(Double)
    case column(String)
    case negate(Node)
    case binary(Character, Node, Node)
    case call(String, [Node])
  }

  static let functions: [String: ClosedRange<Int>] = [
    "min": 2...64, "max": 2...64, "abs": 1...1, "sqrt": 1...1, "log": 1...1, "exp": 1...1,
  ]

  /// Parses `text`; throws ``PolicyError/valueExpression(_:)`` naming the position of a syntax error.
  public init(_ text: String) throws {
    var p = Parser(chars: Array(text))
    let node = try p.expression()
    p.skipSpaces()
    if p.pos < p.chars.count {
      throw p.error("unexpected '\(p.chars[p.pos])'")
    }
    self.text = text
    self.root = node
  }

  public var description: String { text }

  /// The columns the expression reads, sorted, without repeats.
  public var columns: [String] {
    var out: [String] = []
    func walk(_ n: Node) {
      switch n {
      case .number: break
      case .column(let c): out.append(c)
      case .negate(let a): walk(a)
      case .binary(_, let a, let b):
        walk(a)
        walk(b)
      case .call(_, let args): args.forEach(walk)
      }
    }
    walk(root)
    return Array(Set(out)).sorted()
  }

  /// The value of every row of `frame`. Throws for an unknown column (with a did-you-mean), a text
  /// column, and when rows come out missing or infinite (it says how many and the first).
  public func evaluate(_ frame: DataFrame) throws -> [Double] {
    var data: [String: [Double]] = [:]
    for name in columns {
      guard let c = frame[name] else {
        let hint = closestMatch(to: name, among: frame.columnNames).map { " (did you mean '\($0)'?)" } ?? ""
        throw PolicyError.valueExpression("value expression '\(text)': unknown column '\(name)'\(hint)")
      }
      guard let v = c.doubles() else {
        throw PolicyError.valueExpression(
          "value expression '\(text)': column '\(name)' is text; customer value needs numeric columns")
      }
      data[name] = v
    }
    let out = eval(root, data, rows: frame.rowCount)
    let bad = out.indices.filter { !out[$0].isFinite }
    if let first = bad.first {
      throw PolicyError.valueExpression(
        "value expression '\(text)' gives a missing or infinite value in \(bad.count) of \(out.count) rows (first: "
          + "row \(first + 1)); fill the missing inputs (e.g. coalesce) or drop those rows before recommending")
    }
    return out
  }

  func eval(_ n: Node, _ data: [String: [Double]], rows: Int) -> [Double] {
    switch n {
    case .number(let x): return [Double](repeating: x, count: rows)
    case .column(let c): return data[c] ?? [Double](repeating: .nan, count: rows)
    case .negate(let a): return eval(a, data, rows: rows).map { -$0 }
    case .binary(let op, let a, let b):
      let x = eval(a, data, rows: rows), y = eval(b, data, rows: rows)
      switch op {
      case "+": return zip(x, y).map { $0 + $1 }
      case "-": return zip(x, y).map { $0 - $1 }
      case "*": return zip(x, y).map { $0 * $1 }
      case "/": return zip(x, y).map { $0 / $1 }
      default: return zip(x, y).map { Self.power($0, $1) }
      }
    case .call(let f, let args):
      let v = args.map { eval($0, data, rows: rows) }
      return (0..<rows).map { i in Self.apply(f, v.map { $0[i] }) }
    }
  }

  static func power(_ x: Double, _ y: Double) -> Double { y == 2 ? x * x : pow(x, y) }

  static func apply(_ f: String, _ a: [Double]) -> Double {
    switch f {
    case "min": return a.contains { $0.isNaN } ? .nan : a.min() ?? .nan
    case "max": return a.contains { $0.isNaN } ? .nan : a.max() ?? .nan
    case "abs": return Swift.abs(a[0])
    case "sqrt": return a[0].squareRoot()
    case "log": return log(a[0])
    default: return exp(a[0])
    }
  }

  /// Recursive-descent parser over characters.
  struct Parser {
    let chars: [Character]
    var pos = 0
    /// Nesting depth of parentheses, calls and unary signs; bounded so hostile input cannot exhaust the stack.
    var depth = 0
    static let maxDepth = 64
    /// Binary operators so far; bounded because evaluation recurses along a chain like a + b + c + ….
    var operators = 0
    static let maxOperators = 1000

    mutating func countOperator() throws {
      operators += 1
      guard operators <= Self.maxOperators else {
        throw error("more than \(Self.maxOperators) operators; split the value into fewer terms")
      }
    }

    func error(_ what: String) -> PolicyError {
      .valueExpression("value expression '\(String(chars))': \(what) at character \(pos + 1)")
    }

    mutating func skipSpaces() { while pos < chars.count, chars[pos].isWhitespace { pos += 1 } }

    mutating func peek() -> Character? {
      skipSpaces()
      return pos < chars.count ? chars[pos] : nil
    }

    mutating func expression() throws -> Node {
      var left = try term()
      while let c = peek(), c == "+" || c == "-" {
        pos += 1
        try countOperator()
        left = .binary(c, left, try term())
      }
      return left
    }

    mutating func term() throws -> Node {
      var left = try unary()
      while let c = peek(), c == "*" || c == "/" {
        pos += 1
        try countOperator()
        left = .binary(c, left, try unary())
      }
      return left
    }

    mutating func unary() throws -> Node {
      depth += 1
      defer { depth -= 1 }
      guard depth <= Self.maxDepth else { throw error("nested more than \(Self.maxDepth) levels deep") }
      if peek() == "-" {
        pos += 1
        return .negate(try unary())
      }
      if peek() == "+" {
        pos += 1
        return try unary()
      }
      return try power()
    }

    mutating func power() throws -> Node {
      let base = try primary()
      if peek() == "^" {
        pos += 1
        try countOperator()
        return .binary("^", base, try unary())
      }
      return base
    }

    mutating func primary() throws -> Node {
      guard let c = peek() else { throw error("the expression ends early") }
      if c == "(" {
        pos += 1
        let e = try expression()
        guard peek() == ")" else { throw error("missing ')'") }
        pos += 1
        return e
      }
      if c == "`" {
        pos += 1
        let start = pos
        while pos < chars.count, chars[pos] != "`" { pos += 1 }
        guard pos < chars.count else { throw error("missing closing '`'") }
        let name = String(chars[start..<pos])
        pos += 1
        guard !name.isEmpty else { throw error("empty column name") }
        return .column(name)
      }
      if c.isNumber || c == "." { return try number() }
      if c.isLetter || c == "_" {
        let start = pos
        while pos < chars.count, chars[pos].isLetter || chars[pos].isNumber || chars[pos] == "_" || chars[pos] == "." {
          pos += 1
        }
        let name = String(chars[start..<pos])
        guard peek() == "(" else { return .column(name) }
        guard let arity = ValueExpression.functions[name] else {
          let known = ValueExpression.functions.keys.sorted().joined(separator: ", ")
          throw error("unknown function '\(name)' (known: \(known))")
        }
        pos += 1
        var args: [Node] = []
        if peek() != ")" {
          args.append(try expression())
          while peek() == "," {
            pos += 1
            args.append(try expression())
          }
        }
        guard peek() == ")" else { throw error("missing ')' after the arguments of \(name)") }
        pos += 1
        guard arity.contains(args.count) else {
          throw error(
            "\(name) takes \(arity.lowerBound == arity.upperBound ? "\(arity.lowerBound)" : "at least \(arity.lowerBound)") argument(s), got \(args.count)"
          )
        }
        return .call(name, args)
      }
      throw error("unexpected '\(c)'")
    }

    mutating func number() throws -> Node {
      let start = pos
      while pos < chars.count, chars[pos].isNumber || chars[pos] == "." { pos += 1 }
      if pos < chars.count, chars[pos] == "e" || chars[pos] == "E" {
        pos += 1
        if pos < chars.count, chars[pos] == "+" || chars[pos] == "-" { pos += 1 }
        while pos < chars.count, chars[pos].isNumber { pos += 1 }
      }
      let s = String(chars[start..<pos])
      guard let v = Double(s), v.isFinite else { throw error("bad number '\(s)'") }
      return .number(v)
    }
  }
}
