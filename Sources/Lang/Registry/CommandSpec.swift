// How to add a command
// ====================
//
// 1. Create (or open) `Sources/Lang/Commands/<Domain>Commands.swift` with
//
//        enum ModelCommands {
//          static var all: [CommandSpec] { [fit, evaluate] }
//
//          static var evaluate: CommandSpec {
//            CommandSpec(
//              name: "evaluate", category: "models",
//              summary: "Score a fitted model on a frame (AUC, log loss, accuracy).",
//              parameters: [
//                Parameter("model", .object("model"), "the fitted model"),
//                Parameter.data("the frame to score")                       // filled by `on` or a pipe
//              ],
//              options: [Option("threshold", .number, default: .number(0.5), "class cut-off")],
//              examples: ["evaluate m on s.test"]
//            ) { inv, interp in
//              let model = try inv.object("model", as: FittedModel.self)
//              let df = try inv.frame("data")
//              return .object(try model.evaluate(df, threshold: inv.double("threshold")))
//            }
//          }
//        }
//
// 2. Add one line `ModelCommands.all,` to `Sources/Lang/Commands/AllCommands.swift`.
//
// The declaration is the single source of truth: argument checking (unknown option -> did-you-mean,
// wrong type -> "expects int, got string", missing argument), `help evaluate`, REPL completion of
// options and docs/LANGUAGE.md (`churn help --markdown`) all come from it.
//
// Binding rules, in order: `on X` fills the parameter marked `isData`; a piped value (`a |> cmd`)
// fills the data parameter if `on` did not, else the first unfilled parameter; positional
// arguments then fill the remaining parameters in order (a `variadic` last one takes the rest);
// `key: value` fills options; `name = expr` pairs go to the `.assignments` parameter.
// Library errors thrown from `run` (FrameError, ...) are reported at the command's position
// (or at the argument that names the offending column). Return `.nothing` for commands run
// for their effect, and print through `interp.emit(_:)`; never call `print` directly.

/// A positional parameter of a command.
public struct Parameter: Sendable {
  /// The name used in help, errors and ``Invocation`` accessors.
  public var name: String
  /// How the argument is read and checked.
  public var type: ArgType
  /// One line for help.
  public var doc: String
  /// Used when the argument is omitted; nil with `required == false` means "absent".
  public var defaultValue: DefaultValue?
  /// Whether omitting it is an error.
  public var required: Bool
  /// Takes all remaining positional arguments (must be last).
  public var variadic: Bool
  /// The command's data input: filled by `on X` or by the piped value.
  public var isData: Bool

  /// A parameter. Without a default it is required unless `required: false`.
  public init(
    _ name: String, _ type: ArgType, _ doc: String, default defaultValue: DefaultValue? = nil,
    required: Bool? = nil, variadic: Bool = false, isData: Bool = false
  ) {
    self.name = name
    self.type = type
    self.doc = doc
    self.defaultValue = defaultValue
    self.required = required ?? (defaultValue == nil)
    self.variadic = variadic
    self.isData = isData
  }

  /// The usual data parameter: a frame named `data`, filled by a pipe or `on`.
  public static func data(
    _ doc: String = "the input frame (piped in, or given with `on`)",
    type: ArgType = .frame
  ) -> Parameter {
    Parameter("data", type, doc, isData: true)
  }
}

/// A `key: value` option of a command.
public struct Option: Sendable {
  /// The key written before ':'.
  public var name: String
  /// How the value is read and checked.
  public var type: ArgType
  /// One line for help.
  public var doc: String
  /// Used when the option is not given; nil means absent.
  public var defaultValue: DefaultValue?

  /// An option with its name, type, optional default and help line.
  public init(_ name: String, _ type: ArgType, default defaultValue: DefaultValue? = nil, _ doc: String) {
    self.name = name
    self.type = type
    self.doc = doc
    self.defaultValue = defaultValue
  }
}

/// A default for a parameter or an option, as a plain (Sendable) scalar.
public enum DefaultValue: Sendable, Equatable, CustomStringConvertible {
  case int(Int)
  case number(Double)
  case bool(Bool)
  case string(String)
  case strings([String])
  case missing

  /// The language value for this default.
  public var value: Value {
    switch self {
    case .int(let i): return .int(i)
    case .number(let d): return .number(d)
    case .bool(let b): return .bool(b)
    case .string(let s): return .string(s)
    case .strings(let s): return .list(s.map { .string($0) })
    case .missing: return .missing
    }
  }

  public var description: String {
    switch self {
    case .int(let i): return String(i)
    case .number(let d): return formatScalar(d)
    case .bool(let b): return String(b)
    case .string(let s): return quoted(s)
    case .strings(let s): return "[" + s.map(quoted).joined(separator: ", ") + "]"
    case .missing: return "NA"
    }
  }
}

/// The declaration of one command: everything help, checking, completion and docs need, plus `run`.
public struct CommandSpec {
  /// The verb, e.g. "filter".
  public var name: String
  /// Groups commands in `help` and the reference ("data", "frames", "models", "causal", ...).
  public var category: String
  /// One line, shown in the command list.
  public var summary: String
  /// Longer explanation shown by `help NAME` (may be empty).
  public var help: String
  /// Positional parameters, in order.
  public var parameters: [Parameter]
  /// `key: value` options.
  public var options: [Option]
  /// Accept `key: value` options not declared (e.g. `rename old: new`); they arrive as extra options.
  public var acceptsExtraOptions: Bool
  /// Runnable examples, one statement each (also parsed by the test suite).
  public var examples: [String]
  /// Does the work; see the file header for the binding rules.
  public var run: (Invocation, Interpreter) throws -> Value
  /// Other commands reachable through this one: when the first positional argument is the bare word
  /// (or string) `key`, the statement runs as the command `value` with that word removed, binding and
  /// checking against the other command's declaration (`fit causal_forest y ~ w | x on df` runs
  /// `causal_forest y ~ w | x on df`).
  public var subcommands: [String: String] = [:]

  /// Declares a command; see the file header for an example.
  public init(
    name: String, category: String, summary: String, help: String = "",
    parameters: [Parameter] = [], options: [Option] = [], acceptsExtraOptions: Bool = false,
    examples: [String] = [], run: @escaping (Invocation, Interpreter) throws -> Value
  ) {
    self.name = name
    self.category = category
    self.summary = summary
    self.help = help
    self.parameters = parameters
    self.options = options
    self.acceptsExtraOptions = acceptsExtraOptions
    self.examples = examples
    self.run = run
  }

  /// The data parameter: the one marked `isData`, else none.
  public var dataParameter: Parameter? { parameters.first { $0.isData } }

  /// The parameter taking `name = expr` pairs, if any.
  var assignmentsParameter: Parameter? { parameters.first { $0.type == .assignments } }

  /// A usage line such as `data |> head [n] [from: int]`.
  public var usage: String {
    var parts: [String] = []
    var prefix = ""
    for p in parameters {
      if p.isData {
        prefix = p.name + " |> "
        continue
      }
      var s = p.type == .assignments ? "\(p.name) = expr, ..." : p.name
      if p.variadic && p.type != .assignments { s += "..." }
      parts.append(p.required ? s : "[\(s)]")
    }
    for o in options { parts.append("[\(o.name): \(o.type)]") }
    return prefix + ([name] + parts).joined(separator: " ")
  }
}
