/// A command call with its arguments bound and checked, handed to ``CommandSpec/run``.
///
/// Values of ordinary parameters and options are already evaluated and type-checked; typed
/// accessors (`frame`, `int`, `columns`, ...) unwrap them and apply declared defaults.
/// Expression arguments are handed over unevaluated (``expressions(_:)``) so the command can
/// evaluate them over the right frame with ``Interpreter/evaluateColumn(_:over:)``.
public struct Invocation {
  /// The command being run.
  public let spec: CommandSpec
  /// The call as written.
  public let node: CommandNode
  var values: [String: Value] = [:]
  var spans: [String: Span] = [:]
  var exprs: [String: [Expr]] = [:]
  /// The expressions written for each argument (whatever its type), for commands that print values by origin.
  var written: [String: [Expr]] = [:]
  /// `name = expr` pairs, in order.
  public internal(set) var assignments: [(name: String, nameSpan: Span, value: Expr)] = []
  /// Options not declared by the command (only when `acceptsExtraOptions`), in order.
  public internal(set) var extraOptions: [(name: String, value: Value, span: Span)] = []

  init(spec: CommandSpec, node: CommandNode) {
    self.spec = spec
    self.node = node
  }

  /// Where the command is written.
  public var span: Span { node.span }

  /// Where the argument for `name` is written (the command's span when it was not given).
  public func span(of name: String) -> Span { spans[name] ?? node.nameSpan }

  /// Whether the argument or option `name` was given explicitly (or by pipe / `on`).
  public func has(_ name: String) -> Bool {
    if let v = values[name] { return !v.isMissing }
    return exprs[name] != nil
  }

  /// The value of `name`, or its declared default, or nil when absent.
  public func value(_ name: String) -> Value? {
    if let v = values[name], !v.isMissing { return v }
    let def =
      spec.parameters.first { $0.name == name }?.defaultValue
      ?? spec.options.first { $0.name == name }?.defaultValue
    if let d = def, d != .missing { return d.value }
    return nil
  }

  /// An error located at the argument `name` (or at the command).
  public func error(_ message: String, at name: String? = nil, notes: [String] = []) -> LangError {
    LangError(message, at: name.map { span(of: $0) } ?? node.span, notes: notes)
  }

  private func required(_ name: String) throws -> Value {
    guard let v = value(name) else { throw error("\(spec.name): missing argument '\(name)'") }
    return v
  }

  // MARK: - Typed accessors

  /// The frame given for `name` (a grouped frame gives its rows).
  public func frame(_ name: String = "data") throws -> DataFrame {
    switch try required(name) {
    case .frame(let f): return f
    case .grouped(let g): return g.frame
    case let v: throw error("\(spec.name): '\(name)' expects a frame, got \(v.typeName)", at: name)
    }
  }

  /// An integer argument (a whole number written as 3.0 is accepted).
  public func int(_ name: String) throws -> Int {
    let v = try required(name)
    if case .int(let i) = v { return i }
    if case .number(let d) = v, let i = Int(exactly: d) { return i }
    throw error("\(spec.name): '\(name)' expects int, got \(v.typeName)", at: name)
  }

  /// An integer argument, or nil when absent without a default.
  public func optionalInt(_ name: String) throws -> Int? { value(name) == nil ? nil : try int(name) }

  /// A numeric argument.
  public func double(_ name: String) throws -> Double {
    let v = try required(name)
    guard let d = v.doubleValue, !(v.isBool) else {
      throw error("\(spec.name): '\(name)' expects number, got \(v.typeName)", at: name)
    }
    return d
  }

  /// A numeric argument, or nil when absent without a default.
  public func optionalDouble(_ name: String) throws -> Double? { value(name) == nil ? nil : try double(name) }

  /// A true/false argument.
  public func bool(_ name: String) throws -> Bool {
    let v = try required(name)
    if case .bool(let b) = v { return b }
    throw error("\(spec.name): '\(name)' expects bool, got \(v.typeName)", at: name)
  }

  /// A text argument (also words and choices).
  public func string(_ name: String) throws -> String {
    let v = try required(name)
    if case .string(let s) = v { return s }
    throw error("\(spec.name): '\(name)' expects string, got \(v.typeName)", at: name)
  }

  /// A text argument, or nil when absent without a default.
  public func optionalString(_ name: String) throws -> String? { value(name) == nil ? nil : try string(name) }

  /// A single column name.
  public func column(_ name: String) throws -> String { try string(name) }

  /// A column name, or nil when absent.
  public func optionalColumn(_ name: String) throws -> String? { try optionalString(name) }

  /// Column names (empty when absent and optional).
  public func columns(_ name: String) throws -> [String] { try strings(name, what: "column names") }

  /// Words of a `.choices` option, or any list of strings (empty when absent and optional).
  public func strings(_ name: String, what: String = "names") throws -> [String] {
    guard let v = value(name) else { return [] }
    switch v {
    case .string(let s): return [s]
    case .list(let l):
      return try l.map {
        guard case .string(let s) = $0 else {
          throw error("\(spec.name): '\(name)' expects \(what), got \($0.typeName)", at: name)
        }
        return s
      }
    default: throw error("\(spec.name): '\(name)' expects \(what), got \(v.typeName)", at: name)
    }
  }

  /// A formula argument.
  public func formula(_ name: String = "formula") throws -> Formula {
    let v = try required(name)
    if case .formula(let f) = v { return f }
    throw error("\(spec.name): '\(name)' expects a formula like y ~ a + b, got \(v.typeName)", at: name)
  }

  /// A library object of a given Swift type.
  public func object<T>(_ name: String, as type: T.Type) throws -> T {
    let v = try required(name)
    if case .object(let o) = v, let t = o as? T { return t }
    let declared = spec.parameters.first { $0.name == name }?.type ?? spec.options.first { $0.name == name }?.type
    let expected = declared.map { "\($0)" } ?? String(describing: T.self)
    throw error("\(spec.name): '\(name)' expects \(expected), got \(v.typeName)", at: name)
  }

  /// The unevaluated expressions given for an `.expression` parameter (several when variadic).
  public func expressions(_ name: String) -> [Expr] { exprs[name] ?? [] }

  /// The expressions written for the argument `name` (empty when it came by pipe or was not given).
  public func writtenExpressions(_ name: String) -> [Expr] { written[name] ?? [] }
}

extension Value {
  var isBool: Bool { if case .bool = self { return true } else { return false } }
}
