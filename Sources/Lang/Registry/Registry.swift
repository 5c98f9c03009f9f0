/// The set of commands the interpreter knows, looked up by name.
///
/// Built from the per-domain lists in `AllCommands.swift`. Names are unique; a duplicate is a
/// programming error and is recorded in ``duplicates`` (the test suite checks it stays empty).
public struct Registry {
  private var byName: [String: Int] = [:]
  /// All commands in declaration order.
  public private(set) var commands: [CommandSpec] = []
  /// Names declared more than once (the later declarations are ignored).
  public private(set) var duplicates: [String] = []

  /// A registry of `specs`.
  public init(_ specs: [CommandSpec]) {
    for s in specs { add(s) }
  }

  /// The standard registry: every command listed in `AllCommands`.
  public static var standard: Registry { Registry(AllCommands.all) }

  /// Adds a command (ignored and recorded in ``duplicates`` if the name is taken).
  public mutating func add(_ spec: CommandSpec) {
    if byName[spec.name] != nil {
      duplicates.append(spec.name)
      return
    }
    byName[spec.name] = commands.count
    commands.append(spec)
  }

  /// The command called `name`.
  public func spec(_ name: String) -> CommandSpec? { byName[name].map { commands[$0] } }

  /// Whether a command called `name` exists.
  public func contains(_ name: String) -> Bool { byName[name] != nil }

  /// All command names, sorted.
  public var names: [String] { commands.map(\.name).sorted() }

  /// Categories in first-declaration order.
  public var categories: [String] {
    var seen = Set<String>()
    var out: [String] = []
    for c in commands where !seen.contains(c.category) {
      seen.insert(c.category)
      out.append(c.category)
    }
    return out
  }
}
