/// Functions over lists: `map` applies a function (written with `fn`) to each item.
enum ListFunctions {
  static var all: [FunctionSpec] {
    [
      FunctionSpec(
        "map(list, f)", .elementwise,
        "f applied to each item, in order: map([500, 1000], fn(t) = t * 2). Records with the same "
          + "fields become a frame: map([1, 2], fn(k) = {k: k, sq: k ^ 2}).",
        args: 2...2
      ) { args, ctx in
        let items: [Value]
        switch args[0] {
        case .list(let xs): items = xs
        case .column(let c): items = (0..<c.count).map { scalar(c, at: $0) }
        default: throw ctx.error("expects a list to map over, got \(describeOperand(args[0]))", argument: 0)
        }
        guard case .object(let o) = args[1], let f = o as? UserFunction else {
          throw ctx.error(
            "expects a function, e.g. fn(x) = x * 2 or the name of one made with fn, got "
              + describeOperand(args[1]), argument: 1)
        }
        return try ctx.interpreter.mapList(items, f, callSpan: ctx.span)
      }
    ]
  }
}
