/// The type of a command parameter or option; it decides how the argument is read and checked.
///
/// Most types take an ordinary evaluated value. Three take the argument *as written*:
/// - ``column`` / ``columns``: bare names (`select tenure Contract`) or strings, checked against
///   the command's input frame with a did-you-mean on a typo;
/// - ``expression``: a column expression (`filter tenure > 12`), evaluated by the command over
///   its input frame, where bare names are columns first, then variables;
/// - ``assignments``: `name = expression` pairs (`mutate`, `summarize`).
public indirect enum ArgType: Sendable, Equatable, CustomStringConvertible {
  /// Any value.
  case any
  case frame
  /// A frame or a grouped frame.
  case frameOrGrouped
  case number
  case int
  case bool
  case string
  case list
  case record
  case formula
  /// A column name of the input frame.
  case column
  /// One or more column names: several bare names, or a list.
  case columns
  /// A column expression evaluated over the input frame.
  case expression
  /// `name = expression` pairs.
  case assignments
  /// One word from a fixed set; a bare word or a string (`kind: left`, `normalize: "row"`).
  case choice([String])
  /// One or more words from a fixed set: a bare word, a string, or a list of those (`tune: all`,
  /// `tune: [min_node_size, alpha]`); bound as a list of strings.
  case choices([String])
  /// Any bare word or string, unchecked (`help fit`).
  case word
  /// A library object whose ``LangObject/typeName`` is this name (e.g. "model").
  case object(String)
  /// Either of several types (tried in order).
  case oneOf([ArgType])

  public var description: String {
    switch self {
    case .any: return "value"
    case .frame: return "frame"
    case .frameOrGrouped: return "frame"
    case .number: return "number"
    case .int: return "int"
    case .bool: return "bool"
    case .string: return "string"
    case .list: return "list"
    case .record: return "record"
    case .formula: return "formula"
    case .column: return "column"
    case .columns: return "columns"
    case .expression: return "expression"
    case .assignments: return "name = expression"
    case .choice(let c): return c.map { "\"\($0)\"" }.joined(separator: "|")
    case .choices(let c): return "[" + c.joined(separator: ", ") + "]"
    case .word: return "name"
    case .object(let n): return n
    case .oneOf(let ts): return ts.map(\.description).joined(separator: " or ")
    }
  }

  /// Types whose arguments are not evaluated before binding.
  var isSyntactic: Bool {
    switch self {
    case .column, .columns, .expression, .assignments, .choice, .choices, .word: return true
    default: return false
    }
  }
}
