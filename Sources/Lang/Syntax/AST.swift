/// An expression node with its source span.
public struct Expr: Sendable {
  /// What the expression is.
  public var kind: ExprKind
  /// Where it is written.
  public var span: Span
  /// Height of the tree below this node (a leaf is 1); the parser bounds it so that evaluation,
  /// checking and printing, which recurse, never exhaust the stack.
  public let depth: Int

  /// A node of `kind` covering `span`.
  public init(_ kind: ExprKind, _ span: Span) {
    self.kind = kind
    self.span = span
    self.depth = 1 + kind.childDepth
  }

  /// The identifier name when this expression is a bare name, else nil.
  public var identifierName: String? {
    if case .identifier(let n) = kind { return n }
    return nil
  }
}

/// The shapes an expression can take.
public indirect enum ExprKind: Sendable {
  case integer(Int)
  case number(Double)
  case string(String)
  case bool(Bool)
  /// `NA`, the missing value.
  case missing
  /// A variable, or (inside a verb over a frame) a column.
  case identifier(String)
  /// `[a, b, c]`
  case list([Expr])
  /// `{name: value, ...}`; keys keep their written order.
  case record([RecordEntry])
  /// `base.name`
  case field(Expr, name: String, nameSpan: Span)
  /// `name(args)`: a function or a command in call form.
  case call(CommandNode)
  /// `-x`, `not x`
  case unary(UnaryOperator, Expr)
  /// `a + b`, `a and b`, `x in [..]`, ...
  case binary(BinaryOperator, Expr, Expr)
  /// `y ~ a + b` or `y ~ t | a + b`
  case formula(FormulaNode)
  /// `input |> command`
  case pipe(Expr, CommandNode)
  /// A command in verb form at the start of a statement: `head df 5`, `fit gbm y ~ x on d`.
  case command(CommandNode)
  /// `fn(a, b) = body`, or the value of `fn name(a, b) = body`: a user-defined function.
  case lambda(LambdaNode)
}

/// A user-defined function as written: `fn pehe(f, truth) = sqrt(mean((f.effect - truth) ^ 2))`.
public struct LambdaNode: Sendable {
  /// The name after `fn` in a definition statement; nil for an anonymous `fn(x) = ...`.
  public var name: String?
  /// Parameter names, in order.
  public var params: [String]
  /// Where each parameter is written.
  public var paramSpans: [Span]
  /// The expression computed on each call.
  public var body: Expr

  /// `fn name(a, b)` as shown by `help` and in messages.
  public var signature: String { "fn \(name ?? "")(" + params.joined(separator: ", ") + ")" }
}

/// One `key: value` entry of a record literal.
public struct RecordEntry: Sendable {
  public var key: String
  public var keySpan: Span
  public var value: Expr
}

/// Prefix operators.
public enum UnaryOperator: String, Sendable {
  case negate = "-"
  case not = "not"
}

/// Infix operators, lowest precedence first in the grammar: `or`, `and`, comparisons and `in`,
/// `+ -`, `* / %`, `:` (ranges, below unary minus as in R), `^`.
public enum BinaryOperator: String, Sendable {
  case or, and
  case eq = "=="
  case ne = "!="
  case lt = "<"
  case le = "<="
  case gt = ">"
  case ge = ">="
  case `in`
  case add = "+"
  case sub = "-"
  case mul = "*"
  case div = "/"
  case mod = "%"
  case pow = "^"
  /// `a:b`, the whole numbers from a to b (R's colon; `5:1` counts down).
  case range = ":"

  /// True for `== != < <= > >=`.
  public var isComparison: Bool {
    switch self {
    case .eq, .ne, .lt, .le, .gt, .ge: return true
    default: return false
    }
  }
}

/// A formula as written: names and their spans, turned into a ``Formula`` value when evaluated.
public struct FormulaNode: Sendable {
  public struct Term: Sendable {
    public var name: String
    public var span: Span
    public var excluded: Bool
  }
  /// The outcome (left of `~`); nil for a one-sided formula `~ a + b`.
  public var outcome: Term?
  /// The treatment (between `~` and `|`).
  public var treatment: Term?
  public var terms: [Term]
}

/// A command invocation: verb form (`head df 5`), piped (`df |> head 5`) or call form (`head(df, 5)`).
public struct CommandNode: Sendable {
  public var name: String
  public var nameSpan: Span
  public var args: [ArgumentNode]
  /// `on EXPR`: the data the command works on.
  public var onClause: Expr?
  /// Written `name(args)`.
  public var callForm: Bool
  /// Covers the name and every argument.
  public var span: Span

  public init(
    name: String, nameSpan: Span, args: [ArgumentNode] = [], onClause: Expr? = nil,
    callForm: Bool = false, span: Span
  ) {
    self.name = name
    self.nameSpan = nameSpan
    self.args = args
    self.onClause = onClause
    self.callForm = callForm
    self.span = span
  }
}

/// One argument of a command or function call.
public enum ArgumentNode: Sendable {
  /// A positional argument.
  case positional(Expr)
  /// `name = expr` (new columns in `mutate`, aggregates in `summarize`).
  case assignment(name: String, nameSpan: Span, value: Expr)
  /// `key: value`; a bare word after `with` is a flag whose value is nil (meaning true).
  case option(key: String, keySpan: Span, value: Expr?)

  /// The span of the whole argument.
  public var span: Span {
    switch self {
    case .positional(let e): return e.span
    case .assignment(_, let s, let v): return s.merged(v.span)
    case .option(_, let s, let v): return v.map { s.merged($0.span) } ?? s
    }
  }
}

/// A statement: one line (or a continued line) of a script.
public struct Statement: Sendable {
  public enum Kind: Sendable {
    /// `let name = expr`
    case `let`(name: String, nameSpan: Span, value: Expr)
    /// `param name = default` (overridable with `--param name=value`)
    case param(name: String, nameSpan: Span, value: Expr)
    /// A bare expression; its value is printed.
    case expression(Expr)
    /// `for name in sequence { statements }`
    case forLoop(ForLoop)
  }
  public var kind: Kind
  public var span: Span
}

/// `for name in sequence { statements }`: the body runs once per item of the sequence (a list, a range
/// such as `1:5`, or a column), in its own scope.
public struct ForLoop: Sendable {
  /// The loop variable.
  public var variable: String
  public var variableSpan: Span
  /// The expression giving the items.
  public var sequence: Expr
  /// The statements of the body, in order.
  public var body: [Statement]
}

/// A parsed script or REPL input.
public struct Program: Sendable {
  public var source: SourceFile
  public var statements: [Statement]
}

extension ExprKind {
  /// The greatest depth among direct children (0 for leaves).
  var childDepth: Int {
    func args(_ c: CommandNode) -> Int {
      var d = c.onClause?.depth ?? 0
      for a in c.args {
        switch a {
        case .positional(let e), .assignment(_, _, let e): d = max(d, e.depth)
        case .option(_, _, let e): d = max(d, e?.depth ?? 0)
        }
      }
      return d
    }
    switch self {
    case .integer, .number, .string, .bool, .missing, .identifier, .formula: return 0
    case .list(let xs): return xs.map(\.depth).max() ?? 0
    case .record(let es): return es.map(\.value.depth).max() ?? 0
    case .field(let b, _, _): return b.depth
    case .call(let c), .command(let c): return args(c)
    case .unary(_, let x): return x.depth
    case .binary(_, let a, let b): return max(a.depth, b.depth)
    case .pipe(let x, let c): return max(x.depth, args(c))
    case .lambda(let l): return l.body.depth
    }
  }
}
