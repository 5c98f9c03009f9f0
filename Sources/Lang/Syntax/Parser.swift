/// A recursive-descent parser for the churn language.
///
/// Grammar (informal; see docs/LANGUAGE.md):
///
///     program    := (statement NEWLINE)*
///     statement  := 'let' NAME '=' pipeline | 'param' NAME '=' pipeline | 'fn' NAME lambda | pipeline
///                 | 'for' NAME 'in' or '{' (statement NEWLINE)* '}'
///     lambda     := '(' [NAME (',' NAME)*] ')' '=' pipeline   -- 'fn' lambda is also a primary
///     pipeline   := (verb | formula) ('|>' target)*
///     target     := NAME '(' args ')' | NAME verbargs
///     verb       := NAME verbargs                  -- at the start of a statement or after '|>'
///     verbargs   := (arg | 'on' formula | 'with' option (',' option)*) separated by spaces or ','
///     arg        := NAME ':' formula | NAME '=' formula | formula
///     formula    := or ['~' terms] | '~' terms
///     terms      := term (('+'|'-') term)* ['|' term (('+'|'-') term)*]
///     term       := '.' | factor ((':'|'*') factor)*   -- checked by Frame's FormulaExpression
///     or         := and (('or'|'||') and)*
///     and        := not (('and'|'&&') not)*
///     not        := ('not'|'!') not | compare
///     compare    := sum [('=='|'!='|'<'|'<='|'>'|'>='|'in') sum]
///     sum        := product (('+'|'-') product)*
///     product    := range (('*'|'/'|'%') range)*
///     range      := unary [':' unary]               -- 1:10; a name before ':' at the start of an
///                                                      argument is an option key instead
///     unary      := '-' unary | power
///     power      := postfix ['^' unary]
///     postfix    := primary ('.' NAME | '(' args ')')*  -- a call needs '(' right after the name
///     primary    := NUMBER | STRING | 'true' | 'false' | 'NA' | NAME | '(' pipeline ')'
///                 | '[' items ']' | '{' NAME ':' pipeline, ... '}'
///
/// A name at the start of a statement is read as a verb (command) when the registry knows it, or
/// when another argument follows it on the same line (so an unknown verb gets a did-you-mean
/// error instead of a confusing syntax error).
public struct Parser {
  var tokens: [Token]
  var i = 0
  let isCommand: (String) -> Bool
  /// Current bracket / prefix-operator nesting, bounded by ``maxNesting``.
  var nesting = 0
  /// Deepest allowed nesting of brackets and prefix operators, and height of an expression tree.
  static let maxNesting = 200
  static let maxDepth = 500

  /// How an expression is being read.
  struct Context {
    /// Inside a verb's argument list: `-x` after a space starts a new argument, and the
    /// contextual words `on` and `with` end the argument.
    var verbArgument = false
    /// A verb nested in a list or call argument stops at a comma.
    var stopAtComma = false
  }

  /// Parses a whole source into statements. `isCommand` tells whether a name is a registered command.
  public static func parse(_ source: SourceFile, isCommand: @escaping (String) -> Bool) throws -> Program {
    do {
      var p = Parser(tokens: try Lexer.tokenize(source), isCommand: isCommand)
      return Program(source: source, statements: try p.parseProgram())
    } catch let e as LangError {
      throw e.attaching(source)
    }
  }

  init(tokens: [Token], isCommand: @escaping (String) -> Bool) {
    self.tokens = tokens
    self.isCommand = isCommand
  }

  // MARK: - Token access

  var cur: Token { tokens[min(i, tokens.count - 1)] }
  func peek(_ k: Int = 1) -> Token { tokens[min(i + k, tokens.count - 1)] }
  var prevEnd: Int { i > 0 ? tokens[min(i - 1, tokens.count - 1)].span.end : 0 }

  mutating func advance() -> Token {
    let t = cur
    if i < tokens.count - 1 { i += 1 }
    return t
  }

  mutating func expectPunct(_ s: String, _ what: String) throws -> Token {
    guard cur.isPunct(s) else { throw LangError("expected \(what), found \(cur.display)", at: cur.span) }
    return advance()
  }

  func isTerminator(_ t: Token) -> Bool {
    switch t.kind {
    case .newline, .eof: return true
    case .punct: return ["|>", ")", "]", "}"].contains(t.text)
    default: return false
    }
  }

  // MARK: - Statements

  mutating func parseProgram() throws -> [Statement] {
    var out: [Statement] = []
    while cur.kind == .newline { _ = advance() }
    while cur.kind != .eof {
      let stmt = try parseStatement()
      out.append(stmt)
      guard cur.kind == .newline || cur.kind == .eof else {
        var note = "help: put each statement on its own line"
        if cur.isPunct("="), case .expression(let e) = stmt.kind, let n = e.identifierName {
          note = "help: to bind a name, write 'let \(n) = ...'"
        }
        throw LangError("unexpected \(cur.display) after the end of the statement", at: cur.span, notes: [note])
      }
      while cur.kind == .newline { _ = advance() }
    }
    return out
  }

  mutating func parseStatement() throws -> Statement {
    let start = cur.span.start
    if cur.isKeyword("let") || cur.isKeyword("param") {
      let isParam = cur.text == "param"
      _ = advance()
      guard cur.kind == .identifier else {
        throw LangError("expected a name after '\(isParam ? "param" : "let")', found \(cur.display)", at: cur.span)
      }
      let name = advance()
      guard cur.isPunct("=") else {
        throw LangError(
          "expected '=' after '\(name.text)', found \(cur.display)", at: cur.span,
          notes: ["help: write \(isParam ? "param" : "let") \(name.text) = value"])
      }
      _ = advance()
      let value = try parsePipeline(Context())
      let span = Span(start, prevEnd)
      return Statement(
        kind: isParam
          ? .param(name: name.text, nameSpan: name.span, value: value)
          : .let(name: name.text, nameSpan: name.span, value: value), span: span)
    }
    if cur.isWord("for") && peek().kind == .identifier && peek(2).isKeyword("in") {
      return try parseFor()
    }
    if cur.isWord("fn") && peek().kind == .identifier && peek(2).isPunct("(") {
      _ = advance()
      let name = advance()
      let fn = try parseLambda(name: name.text, start: start, Context())
      return Statement(kind: .let(name: name.text, nameSpan: name.span, value: fn), span: Span(start, prevEnd))
    }
    let e = try parsePipeline(Context())
    return Statement(kind: .expression(e), span: Span(start, prevEnd))
  }

  /// `for name in sequence { statements }`. The lexer keeps the line breaks inside the braces, so the body
  /// is a list of ordinary statements (nested loops included).
  mutating func parseFor() throws -> Statement {
    let start = cur.span.start
    try enter()
    defer { nesting -= 1 }
    _ = advance()
    let name = advance()
    _ = advance()  // in
    guard !cur.isPunct("{") && !isTerminator(cur) else {
      throw LangError(
        "expected what to loop over after 'in', found \(cur.display)", at: cur.span,
        notes: ["help: loops look like for t in [500, 1000] { print t } or for i in 1:5 { ... }"])
    }
    let sequence = try parseOr(Context())
    guard cur.isPunct("{") else {
      throw LangError(
        "expected '{' and the loop's body after 'for \(name.text) in ...', found \(cur.display)",
        at: cur.span,
        notes: [
          "help: loops look like for t in [500, 1000] { print t }; "
            + "put a pipeline in brackets: for x in (df |> columns) { ... }"
        ])
    }
    let open = advance()
    var body: [Statement] = []
    while cur.kind == .newline { _ = advance() }
    while !cur.isPunct("}") {
      if cur.kind == .eof { throw LangError("expected '}' to close the loop's body", at: open.span) }
      let s = try parseStatement()
      if case .param = s.kind { throw LangError("'param' cannot be inside a loop; declare it at the top", at: s.span) }
      body.append(s)
      if cur.kind == .eof { throw LangError("expected '}' to close the loop's body", at: open.span) }
      guard cur.kind == .newline || cur.isPunct("}") else {
        throw LangError(
          "unexpected \(cur.display) after the end of the statement", at: cur.span,
          notes: ["help: put each statement of the loop's body on its own line"])
      }
      while cur.kind == .newline { _ = advance() }
    }
    _ = advance()
    let loop = ForLoop(variable: name.text, variableSpan: name.span, sequence: sequence, body: body)
    return Statement(kind: .forLoop(loop), span: Span(start, prevEnd))
  }

  /// `(a, b) = body` after `fn` (or `fn NAME`): a user-defined function.
  mutating func parseLambda(name: String?, start: Int, _ ctx: Context) throws -> Expr {
    try enter()
    defer { nesting -= 1 }
    _ = try expectPunct("(", "'(' and the parameter names after 'fn'")
    var params: [String] = [], spans: [Span] = []
    while !cur.isPunct(")") {
      guard cur.kind == .identifier else {
        throw LangError(
          "expected a parameter name, found \(cur.display)", at: cur.span,
          notes: ["help: functions look like fn name(a, b) = a + b"])
      }
      let p = advance()
      if params.contains(p.text) { throw LangError("parameter '\(p.text)' appears twice", at: p.span) }
      params.append(p.text)
      spans.append(p.span)
      if cur.isPunct(",") {
        _ = advance()
        continue
      }
      guard cur.isPunct(")") else {
        throw LangError("expected ',' or ')' after the parameter '\(p.text)', found \(cur.display)", at: cur.span)
      }
    }
    _ = advance()
    guard cur.isPunct("=") else {
      throw LangError(
        "expected '=' and the function's body, found \(cur.display)", at: cur.span,
        notes: ["help: functions look like fn name(a, b) = a + b"])
    }
    _ = advance()
    guard !isTerminator(cur) else {
      throw LangError("expected the function's body after '=', found \(cur.display)", at: cur.span)
    }
    let body = try parsePipeline(Context(verbArgument: false, stopAtComma: ctx.stopAtComma))
    let node = LambdaNode(name: name, params: params, paramSpans: spans, body: body)
    return try bounded(Expr(.lambda(node), Span(start, prevEnd)))
  }

  // MARK: - Pipelines and commands

  /// Whether the current name starts a verb-form command.
  func atVerbStart() -> Bool {
    guard cur.kind == .identifier else { return false }
    let next = peek()
    if next.isPunct("(") && !next.spaceBefore { return false }
    switch next.kind {
    case .newline, .eof:
      return false
    case .punct:
      if [
        ".", "=", "|>", ")", "]", "}", ",", "~", "==", "!=", "<", "<=", ">", ">=", "+", "*", "/", "^", "%",
        "&&", "||", ":", "|",
      ].contains(next.text) {
        return false
      }
      return isCommand(cur.text) || next.text == "[" || next.text == "{"
    case .keyword:
      if ["and", "or", "in"].contains(next.text) { return false }
      return true
    default:
      return true
    }
  }

  /// Enters one level of nesting (brackets, prefix operators); throws when too deep.
  mutating func enter() throws {
    nesting += 1
    if nesting > Parser.maxNesting {
      throw LangError("expression nested too deeply (more than \(Parser.maxNesting) levels)", at: cur.span)
    }
  }

  /// Throws when an expression tree is too tall to evaluate safely (e.g. 10,000 `+` in a row).
  func bounded(_ e: Expr) throws -> Expr {
    if e.depth > Parser.maxDepth {
      throw LangError("expression too long or nested too deeply (split it with let)", at: e.span)
    }
    return e
  }

  mutating func parsePipeline(_ ctx: Context) throws -> Expr {
    try enter()
    defer { nesting -= 1 }
    var e: Expr
    if atVerbStart() {
      let cmd = try parseVerb(ctx)
      e = Expr(.command(cmd), cmd.span)
    } else {
      e = try parseFormula(Context(verbArgument: false, stopAtComma: ctx.stopAtComma))
    }
    while cur.isPunct("|>") {
      _ = advance()
      let cmd = try parsePipeTarget(ctx)
      e = try bounded(Expr(.pipe(e, cmd), e.span.merged(cmd.span)))
    }
    return e
  }

  mutating func parsePipeTarget(_ ctx: Context) throws -> CommandNode {
    guard cur.kind == .identifier else {
      throw LangError("expected a command after '|>', found \(cur.display)", at: cur.span)
    }
    if peek().isPunct("(") && !peek().spaceBefore {
      return try parseCallForm()
    }
    return try parseVerb(ctx)
  }

  /// `name args...` up to the end of the statement, a `|>` or a closing bracket.
  mutating func parseVerb(_ ctx: Context) throws -> CommandNode {
    let name = advance()
    var node = CommandNode(name: name.text, nameSpan: name.span, span: name.span)
    let argCtx = Context(verbArgument: true, stopAtComma: ctx.stopAtComma)
    while true {
      if cur.isPunct(",") {
        if ctx.stopAtComma { break }
        _ = advance()
        continue
      }
      if isTerminator(cur) { break }
      if cur.isWord("on") && !peek().isPunct(":") {
        let on = advance()
        if node.onClause != nil { throw LangError("'on' given twice", at: on.span) }
        guard !isTerminator(cur) else {
          throw LangError("expected the data after 'on', found \(cur.display)", at: cur.span)
        }
        node.onClause = try parseFormula(argCtx)
        continue
      }
      if cur.isWord("with") && !peek().isPunct(":") {
        _ = advance()
        try parseWithClause(into: &node, argCtx)
        continue
      }
      node.args.append(try parseArgument(argCtx))
    }
    node.span = Span(name.span.start, max(name.span.end, prevEnd))
    return node
  }

  /// `with key: value, flag, key2: value2`
  mutating func parseWithClause(into node: inout CommandNode, _ ctx: Context) throws {
    guard cur.kind == .identifier else {
      throw LangError(
        "expected an option name after 'with', found \(cur.display)", at: cur.span,
        notes: ["help: write 'with name: value, other: value'"])
    }
    while cur.kind == .identifier {
      let key = advance()
      if cur.isPunct(":") {
        _ = advance()
        let v = try parseFormula(ctx)
        node.args.append(.option(key: key.text, keySpan: key.span, value: v))
      } else {
        node.args.append(.option(key: key.text, keySpan: key.span, value: nil))
      }
      guard cur.isPunct(","), !ctx.stopAtComma else { break }
      // A comma continues the option list only if another option follows.
      if peek().kind == .identifier && !peek().isWord("on") { _ = advance() } else { break }
    }
  }

  mutating func parseArgument(_ ctx: Context) throws -> ArgumentNode {
    if cur.kind == .identifier && peek().isPunct(":") {
      let key = advance()
      _ = advance()
      return .option(key: key.text, keySpan: key.span, value: try parseFormula(ctx))
    }
    if cur.kind == .identifier && peek().isPunct("=") {
      let name = advance()
      _ = advance()
      return .assignment(name: name.text, nameSpan: name.span, value: try parseFormula(ctx))
    }
    return .positional(try parseFormula(ctx))
  }

  /// `name(args)`.
  mutating func parseCallForm() throws -> CommandNode {
    try enter()
    defer { nesting -= 1 }
    let name = advance()
    _ = advance()  // (
    var node = CommandNode(name: name.text, nameSpan: name.span, callForm: true, span: name.span)
    let ctx = Context(verbArgument: false, stopAtComma: true)
    while !cur.isPunct(")") {
      if cur.kind == .eof { throw LangError("expected ')' to close the call to '\(name.text)'", at: cur.span) }
      if cur.kind == .identifier && peek().isPunct(":") {
        let key = advance()
        _ = advance()
        node.args.append(.option(key: key.text, keySpan: key.span, value: try parsePipeline(ctx)))
      } else if cur.kind == .identifier && peek().isPunct("=") {
        let n = advance()
        _ = advance()
        node.args.append(.assignment(name: n.text, nameSpan: n.span, value: try parsePipeline(ctx)))
      } else {
        node.args.append(.positional(try parsePipeline(ctx)))
      }
      if cur.isPunct(",") {
        _ = advance()
        continue
      }
      if cur.kind == .eof { throw LangError("expected ')' to close the call to '\(name.text)'", at: cur.span) }
      guard cur.isPunct(")") else {
        throw LangError("expected ',' or ')' in the call to '\(name.text)', found \(cur.display)", at: cur.span)
      }
    }
    _ = advance()
    node.span = Span(name.span.start, prevEnd)
    return node
  }

  // MARK: - Expressions

  mutating func parseFormula(_ ctx: Context) throws -> Expr {
    if cur.isPunct("~") {
      let start = cur.span.start
      _ = advance()
      let node = try parseFormulaTerms(outcome: nil, ctx)
      return Expr(.formula(node), Span(start, prevEnd))
    }
    let lhs = try parseOr(ctx)
    guard cur.isPunct("~") else { return lhs }
    let tilde = advance()
    guard let name = lhs.identifierName ?? stringValue(lhs) else {
      throw LangError("the left of '~' must be a single column name", at: lhs.span.merged(tilde.span))
    }
    let outcome = FormulaNode.Term(name: name, span: lhs.span, excluded: false)
    let node = try parseFormulaTerms(outcome: outcome, ctx)
    return Expr(.formula(node), Span(lhs.span.start, prevEnd))
  }

  private func stringValue(_ e: Expr) -> String? {
    if case .string(let s) = e.kind { return s }
    return nil
  }

  mutating func parseFormulaTerms(outcome: FormulaNode.Term?, _ ctx: Context) throws -> FormulaNode {
    var node = FormulaNode(outcome: outcome, treatment: nil, terms: [])
    var excluded = false
    var sawBar = false
    while true {
      let t = cur
      switch t.kind {
      case .identifier, .string, .integer, .number:
        if ctx.verbArgument && (t.isWord("on") || t.isWord("with")) && !node.terms.isEmpty {
          throw LangError("expected a column name after the operator, found '\(t.text)'", at: t.span)
        }
        node.terms.append(try parseFormulaTerm(excluded: excluded))
      case .punct where t.text == ".":
        _ = advance()
        node.terms.append(.init(name: ".", span: t.span, excluded: excluded))
      case .punct where t.text == "(":
        node.terms.append(try parseFormulaTerm(excluded: excluded))
      case .punct where [":", "*", "^"].contains(t.text):
        throw LangError(
          "an interaction needs two terms: '\(t.text)' has nothing on its left", at: t.span,
          notes: ["help: write 'y ~ a * b' (a + b + a:b) or 'y ~ a + a:b'"])
      default:
        throw LangError(
          "expected a column name or '.' in the formula, found \(t.display)", at: t.span,
          notes: [
            "help: formulas look like 'y ~ a + b', 'y ~ .', 'y ~ a * b + log(c + 1)', "
              + "or 'y ~ treatment | a + b'"
          ])
      }
      excluded = false
      if cur.isPunct("+") {
        _ = advance()
        continue
      }
      if cur.isPunct("-") {
        _ = advance()
        excluded = true
        continue
      }
      if cur.isPunct("|") {
        let bar = advance()
        guard !sawBar else {
          throw LangError("a formula has at most one '|' (outcome ~ treatment | covariates)", at: bar.span)
        }
        sawBar = true
        guard node.terms.count == 1, let tr = node.terms.first, !tr.excluded, tr.name != "." else {
          throw LangError(
            "write a single treatment column between '~' and '|'",
            at: (node.terms.first?.span ?? bar.span).merged(bar.span))
        }
        node.treatment = tr
        node.terms = []
        continue
      }
      break
    }
    // `+ 1` (the default) and `- 0` keep the intercept; `- 1` and `+ 0` remove it.
    node.terms.removeAll { ($0.name == "1" && !$0.excluded) || ($0.name == "0" && $0.excluded) }
    if node.terms.allSatisfy({ $0.excluded || $0.name == "0" }) {
      throw LangError(
        "the formula removes terms but adds none; start with '.' or a column",
        at: node.terms.first?.span ?? cur.span)
    }
    return node
  }

  /// One formula term: a column, or an expression such as `tenure:Contract`, `tenure * Contract`,
  /// `log(tenure + 1)`, `ns(tenure, df: 4)` or `C(Contract, ref: "Two year")`. The tokens up to the next
  /// top-level `+`, `-`, `|` or the end of the argument are checked by Frame's term parser and stored as
  /// canonical text, so the evaluator, saved models and printing all see one spelling.
  mutating func parseFormulaTerm(excluded: Bool) throws -> FormulaNode.Term {
    let first = cur
    var text = ""
    var depth = 0
    var expectOperand = true
    var previous: Token? = nil
    func append(_ t: Token) {
      let glue = previous.map { $0.kind == .identifier && t.isPunct("(") && !t.spaceBefore } ?? true
      if !text.isEmpty && !glue { text += " " }
      switch t.kind {
      case .identifier: text += FormulaExpression.column(t.text).description
      case .string: text += FormulaExpression.string(t.text).description
      default: text += t.text
      }
      previous = t
    }
    while true {
      let t = cur
      if depth > 0 {
        if t.kind == .eof || t.kind == .newline {
          throw LangError("expected ')' to close '(' in the formula term", at: first.span.merged(t.span))
        }
        if t.isPunct("(") { depth += 1 }
        if t.isPunct(")") { depth -= 1 }
        append(advance())
        if depth == 0 { expectOperand = false }
        continue
      }
      if expectOperand {
        switch t.kind {
        case .identifier, .string, .integer, .number, .keyword:
          append(advance())
          if t.kind == .identifier && cur.isPunct("(") && !cur.spaceBefore {
            append(advance())
            depth = 1
          } else {
            expectOperand = false
          }
        case .punct where t.text == "(":
          append(advance())
          depth = 1
        case .punct where t.text == "-" && text.hasSuffix("^"):
          append(advance())
        default:
          let op = previous?.text ?? ""
          throw LangError(
            "an interaction needs two terms: '\(op)' has nothing on its right, found \(t.display)",
            at: (previous?.span ?? t.span).merged(t.span))
        }
        continue
      }
      guard t.kind == .punct, [":", "*", "^"].contains(t.text) else { break }
      append(advance())
      expectOperand = true
    }
    let span = Span(first.span.start, prevEnd)
    if let p = previous, p.kind == first.kind, p.span == first.span, first.kind == .identifier || first.kind == .string
    {
      return .init(name: first.text, span: span, excluded: excluded)  // a plain column, as before
    }
    do {
      return .init(name: try Formula.canonicalTermText(text), span: span, excluded: excluded)
    } catch let e as FrameError {
      throw LangError(
        e.description, at: span,
        notes: [
          "help: terms look like 'a:b', 'a * b', 'log(x + 1)', 'I(x^2)', 'poly(x, 2)', "
            + "'ns(x, df: 4)', 'C(Contract, ref: \"Two year\")'; see 'help formula'"
        ])
    }
  }

  mutating func parseOr(_ ctx: Context) throws -> Expr {
    var e = try parseAnd(ctx)
    while cur.isKeyword("or") || cur.isPunct("||") {
      _ = advance()
      let r = try parseAnd(ctx)
      e = try bounded(Expr(.binary(.or, e, r), e.span.merged(r.span)))
    }
    return e
  }

  mutating func parseAnd(_ ctx: Context) throws -> Expr {
    var e = try parseNot(ctx)
    while cur.isKeyword("and") || cur.isPunct("&&") {
      _ = advance()
      let r = try parseNot(ctx)
      e = try bounded(Expr(.binary(.and, e, r), e.span.merged(r.span)))
    }
    return e
  }

  mutating func parseNot(_ ctx: Context) throws -> Expr {
    if cur.isKeyword("not") || cur.isPunct("!") {
      try enter()
      defer { nesting -= 1 }
      let op = advance()
      let e = try parseNot(ctx)
      return Expr(.unary(.not, e), op.span.merged(e.span))
    }
    return try parseComparison(ctx)
  }

  mutating func parseComparison(_ ctx: Context) throws -> Expr {
    let l = try parseSum(ctx)
    guard let op = comparisonOperator(cur) else { return l }
    _ = advance()
    let r = try parseSum(ctx)
    if comparisonOperator(cur) != nil {
      throw LangError(
        "comparisons cannot be chained", at: cur.span,
        notes: ["help: write 'a < b and b < c'"])
    }
    return Expr(.binary(op, l, r), l.span.merged(r.span))
  }

  func comparisonOperator(_ t: Token) -> BinaryOperator? {
    if t.isKeyword("in") { return .in }
    guard t.kind == .punct else { return nil }
    switch t.text {
    case "==": return .eq
    case "!=": return .ne
    case "<": return .lt
    case "<=": return .le
    case ">": return .gt
    case ">=": return .ge
    default: return nil
    }
  }

  mutating func parseSum(_ ctx: Context) throws -> Expr {
    var e = try parseProduct(ctx)
    while cur.isPunct("+") || cur.isPunct("-") {
      // In a verb's arguments, `a -b` is two arguments (e.g. `sort tenure -charges`).
      if ctx.verbArgument && cur.text == "-" && cur.spaceBefore && !peek().spaceBefore { break }
      let op = advance()
      let r = try parseProduct(ctx)
      e = try bounded(Expr(.binary(op.text == "+" ? .add : .sub, e, r), e.span.merged(r.span)))
    }
    return e
  }

  mutating func parseProduct(_ ctx: Context) throws -> Expr {
    var e = try parseRange(ctx)
    while cur.isPunct("*") || cur.isPunct("/") || cur.isPunct("%") {
      let op = advance()
      let r = try parseRange(ctx)
      let b: BinaryOperator = op.text == "*" ? .mul : (op.text == "/" ? .div : .mod)
      e = try bounded(Expr(.binary(b, e, r), e.span.merged(r.span)))
    }
    return e
  }

  /// `a:b` (R's precedence: below unary minus, so `-1:2` is `(-1):2`; above `*`).
  mutating func parseRange(_ ctx: Context) throws -> Expr {
    let l = try parseUnary(ctx)
    guard cur.isPunct(":") else { return l }
    let colon = advance()
    guard !isTerminator(cur) && !cur.isPunct(",") else {
      throw LangError(
        "expected the end of the range after ':', found \(cur.display)", at: colon.span,
        notes: ["help: ranges look like 1:10"])
    }
    let r = try parseUnary(ctx)
    if cur.isPunct(":") {
      throw LangError("ranges cannot be chained", at: cur.span, notes: ["help: write a:b"])
    }
    return try bounded(Expr(.binary(.range, l, r), l.span.merged(r.span)))
  }

  mutating func parseUnary(_ ctx: Context) throws -> Expr {
    try enter()
    defer { nesting -= 1 }
    if cur.isPunct("-") {
      let op = advance()
      let e = try parseUnary(ctx)
      return Expr(.unary(.negate, e), op.span.merged(e.span))
    }
    if cur.isPunct("+") {
      _ = advance()
      return try parseUnary(ctx)
    }
    return try parsePower(ctx)
  }

  mutating func parsePower(_ ctx: Context) throws -> Expr {
    let base = try parsePostfix(ctx)
    guard cur.isPunct("^") else { return base }
    _ = advance()
    let exp = try parseUnary(ctx)
    return try bounded(Expr(.binary(.pow, base, exp), base.span.merged(exp.span)))
  }

  mutating func parsePostfix(_ ctx: Context) throws -> Expr {
    var e = try parsePrimary(ctx)
    while cur.isPunct(".") {
      _ = advance()
      guard cur.kind == .identifier || cur.kind == .keyword else {
        throw LangError("expected a field name after '.', found \(cur.display)", at: cur.span)
      }
      let n = advance()
      e = try bounded(Expr(.field(e, name: n.text, nameSpan: n.span), e.span.merged(n.span)))
    }
    return e
  }

  mutating func parsePrimary(_ ctx: Context) throws -> Expr {
    let t = cur
    switch t.kind {
    case .integer:
      _ = advance()
      return Expr(.integer(Int(t.text) ?? 0), t.span)
    case .number:
      _ = advance()
      return Expr(.number(Double(t.text) ?? .nan), t.span)
    case .string:
      _ = advance()
      return Expr(.string(t.text), t.span)
    case .keyword:
      switch t.text {
      case "true", "false":
        _ = advance()
        return Expr(.bool(t.text == "true"), t.span)
      case "NA":
        _ = advance()
        return Expr(.missing, t.span)
      default:
        throw LangError("expected an expression, found keyword '\(t.text)'", at: t.span)
      }
    case .identifier:
      if t.isWord("fn") && peek().isPunct("(") {
        _ = advance()
        return try parseLambda(name: nil, start: t.span.start, ctx)
      }
      if peek().isPunct("(") && !peek().spaceBefore {
        let node = try parseCallForm()
        return Expr(.call(node), node.span)
      }
      _ = advance()
      return Expr(.identifier(t.text), t.span)
    case .punct:
      switch t.text {
      case "(":
        _ = advance()
        let e = try parsePipeline(Context())
        _ = try expectPunct(")", "')' to close '('")
        return Expr(e.kind, Span(t.span.start, prevEnd))
      case "[":
        return try parseList()
      case "{":
        return try parseRecord()
      default:
        break
      }
    default:
      break
    }
    throw LangError("expected an expression, found \(t.display)", at: t.span)
  }

  mutating func parseList() throws -> Expr {
    try enter()
    defer { nesting -= 1 }
    let open = advance()
    var items: [Expr] = []
    let ctx = Context(verbArgument: false, stopAtComma: true)
    while !cur.isPunct("]") {
      if cur.kind == .eof { throw LangError("expected ']' to close the list", at: open.span) }
      items.append(try parsePipeline(ctx))
      if cur.isPunct(",") {
        _ = advance()
        continue
      }
      if cur.kind == .eof { throw LangError("expected ']' to close the list", at: open.span) }
      guard cur.isPunct("]") else {
        throw LangError("expected ',' or ']' in the list, found \(cur.display)", at: cur.span)
      }
    }
    _ = advance()
    return Expr(.list(items), Span(open.span.start, prevEnd))
  }

  mutating func parseRecord() throws -> Expr {
    try enter()
    defer { nesting -= 1 }
    let open = advance()
    var entries: [RecordEntry] = []
    let ctx = Context(verbArgument: false, stopAtComma: true)
    while !cur.isPunct("}") {
      if cur.kind == .eof { throw LangError("expected '}' to close the record", at: open.span) }
      guard cur.kind == .identifier || cur.kind == .string || cur.kind == .keyword else {
        throw LangError(
          "expected a field name in the record, found \(cur.display)", at: cur.span,
          notes: ["help: records look like {name: value, other: value}"])
      }
      let key = advance()
      if entries.contains(where: { $0.key == key.text }) {
        throw LangError("field '\(key.text)' appears twice in the record", at: key.span)
      }
      _ = try expectPunct(":", "':' after the field name '\(key.text)'")
      entries.append(RecordEntry(key: key.text, keySpan: key.span, value: try parsePipeline(ctx)))
      if cur.isPunct(",") {
        _ = advance()
        continue
      }
      if cur.kind == .eof { throw LangError("expected '}' to close the record", at: open.span) }
      guard cur.isPunct("}") else {
        throw LangError("expected ',' or '}' in the record, found \(cur.display)", at: cur.span)
      }
    }
    _ = advance()
    return Expr(.record(entries), Span(open.span.start, prevEnd))
  }
}
