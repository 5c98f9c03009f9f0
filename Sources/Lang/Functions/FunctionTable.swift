/// What a function sees when called: its name and spans (for errors), and the scope's row count.
public struct FunctionContext {
  /// The function's name (prefixed to error messages).
  public let name: String
  /// The whole call.
  public let span: Span
  /// One span per argument (a piped argument gets the function name's span).
  public let argumentSpans: [Span]
  /// Rows of the frame the expression runs over (`count()`); nil outside a verb.
  public let rowCount: Int?
  /// The running interpreter (for warnings and variables).
  public let interpreter: Interpreter
  /// Named arguments (`digits: 3`, `order_by: tenure`), evaluated, by name; only names the spec declares.
  public var named: [String: Value] = [:]
  /// Where each named argument is written.
  public var namedSpans: [String: Span] = [:]

  /// An error located at the named argument `key` (or the whole call when it was not given).
  public func error(_ message: String, named key: String) -> LangError {
    LangError("\(name): \(message)", at: namedSpans[key] ?? span)
  }

  /// An error located at argument `i` (or the whole call).
  public func error(_ message: String, argument i: Int? = nil) -> LangError {
    let s = i.flatMap { $0 < argumentSpans.count ? argumentSpans[$0] : nil } ?? span
    return LangError("\(name): \(message)", at: s)
  }
}

/// A function usable inside expressions (`mean(x)`, `coalesce(x, 0)`).
public struct FunctionSpec {
  /// How the function treats columns.
  public enum Kind: String, Sendable {
    /// Many values in, one value out (`mean`, `count`); skips missing values.
    case aggregate
    /// One value out per row (`log`, `coalesce`).
    case elementwise
    /// One value out per row that depends on the other rows of the (group's) column: ranks, running
    /// sums, lags (`row_number`, `cumsum`, `lag`).
    case window
  }
  /// The name used in calls.
  public var name: String
  /// Aggregate or element-wise.
  public var kind: Kind
  /// e.g. `quantile(x, q)`.
  public var signature: String
  /// One line for help.
  public var summary: String
  /// Fewest arguments accepted.
  public var minArgs: Int
  /// Most arguments accepted (`Int.max` for any number).
  public var maxArgs: Int
  /// Named arguments the function accepts (`digits`, `order_by`, `default`), in help order.
  public var options: [String] = []
  /// Computes the result from evaluated arguments.
  public var apply: ([Value], FunctionContext) throws -> Value

  /// A function declared by its signature text (`"quantile(x, q)"`; the name is the part before `(`).
  public init(
    _ signature: String, _ kind: Kind, _ summary: String, args: ClosedRange<Int>, options: [String] = [],
    apply: @escaping ([Value], FunctionContext) throws -> Value
  ) {
    self.options = options
    self.signature = signature
    self.name = String(signature.prefix { $0 != "(" })
    self.kind = kind
    self.summary = summary
    self.minArgs = args.lowerBound
    self.maxArgs = args.upperBound
    self.apply = apply
  }
}

/// All functions, by name.
public struct FunctionTable {
  private var byName: [String: FunctionSpec] = [:]
  /// Functions in declaration order.
  public private(set) var all: [FunctionSpec] = []

  /// A table of `specs` (a repeated name keeps the first).
  public init(_ specs: [FunctionSpec]) {
    for s in specs where byName[s.name] == nil {
      byName[s.name] = s
      all.append(s)
    }
  }

  /// The built-in functions.
  public static var standard: FunctionTable {
    FunctionTable(
      AggregateFunctions.all + ElementwiseFunctions.all + ConditionalFunctions.all + TextFunctions.all
        + WindowFunctions.all
        + ListFunctions.all + DateFunctions.all)
  }

  /// The function called `name`.
  public func spec(_ name: String) -> FunctionSpec? { byName[name] }

  /// Function names, sorted.
  public var names: [String] { all.map(\.name).sorted() }
}
