import Frame

/// A function written in the language: `fn pehe(f, truth) = sqrt(mean((f.effect - truth) ^ 2))`.
///
/// Scope is lexical: the body sees its parameters, the local variables of the function it was
/// written in (captured when the `fn` expression was evaluated), and then the script's variables as
/// they are when the call runs (so a function may call itself, or one defined after it). Inside a
/// verb the body does not see the frame's columns unless they are passed as arguments.
public struct UserFunction: LangObject {
  /// The syntax: name, parameters and body.
  public let node: LambdaNode
  /// Local variables visible where the function was written (empty at the top level).
  public let captured: [String: Value]
  /// The source the function was written in (errors in its body point there).
  public let source: SourceFile?

  public var typeName: String { "function" }
  public var summaryLine: String { node.signature }
  public var fieldNames: [String] { ["name", "params"] }

  public func field(_ name: String) -> Value? {
    switch name {
    case "name": return node.name.map { .string($0) } ?? .missing
    case "params": return .list(node.params.map { .string($0) })
    default: return nil
    }
  }

  public var report: Report {
    let n = node.params.count
    let call = "\(node.name ?? "f")(" + node.params.joined(separator: ", ") + ")"
    return Report(
      title: node.signature,
      items: [
        .text("a function of \(n) parameter\(n == 1 ? "" : "s"); call it as \(call)")
      ])
  }
}
