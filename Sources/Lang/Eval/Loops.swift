import Stats

/// `for name in sequence { statements }`.
///
/// The body runs once per item, in order, in its own scope: the loop variable and anything the body
/// binds with `let` or `fn` are local to one pass and gone after the loop (the script's variables are
/// visible and are not changed). Bare expressions print as at the top level. Each pass checks for an
/// interrupt; an error names the pass and the item it was on.
extension Interpreter {
  /// Runs a loop statement of `source`.
  func runLoop(_ loop: ForLoop, in source: SourceFile) throws {
    let items: [Value]
    switch try evaluate(loop.sequence) {
    case .list(let xs): items = xs
    case .column(let c): items = (0..<c.count).map { scalar(c, at: $0) }
    case let v:
      throw LangError(
        "for loops over a list, a range (1:5) or a column, got \(describeOperand(v))",
        at: loop.sequence.span, notes: ["help: for t in [500, 1000, 2000] { ... }"])
    }
    let outer = localFrames.last ?? [:]
    loopLevel += 1
    defer { loopLevel -= 1 }
    for (k, item) in items.enumerated() {
      try Interruption.check()
      var frame = outer
      frame[loop.variable] = item
      localFrames.append(frame)
      defer { localFrames.removeLast() }
      for s in loop.body {
        do {
          try execute(s, in: source)
        } catch var e as LangError {
          let line = source.location(of: loop.variableSpan.start).line
          e.notes.append(
            "in pass \(k + 1) of \(items.count) of the loop on line \(line) (\(loop.variable) = \(item.brief))")
          throw e
        }
      }
    }
  }

  /// Binds `name` in the innermost loop pass when a loop body is running, else as a script variable.
  func bind(_ name: String, _ value: Value, from expr: Expr) {
    if loopLevel > 0, !localFrames.isEmpty {
      localFrames[localFrames.count - 1][name] = value
    } else {
      define(name, value, from: expr)
    }
  }
}
