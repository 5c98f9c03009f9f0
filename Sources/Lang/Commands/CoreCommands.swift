import Render

/// Core commands: printing, help and introspection. The pattern to copy for a new domain file.
enum CoreCommands {
  static var all: [CommandSpec] { [print, show, help, vars, type, fields] }

  static var print: CommandSpec {
    CommandSpec(
      name: "print", category: "core",
      summary: "Print values (strings without quotes).",
      help: "Prints each argument on its own line. Useful inside scripts to label output.",
      parameters: [Parameter("values", .any, "the values to print", variadic: true)],
      examples: ["print \"Churn by contract:\"", "df |> nrow |> print"]
    ) { inv, interp in
      let values = inv.value("values").map(listItems) ?? []
      let exprs = inv.writtenExpressions("values")
      for (i, v) in values.enumerated() {
        interp.emit(v, field: exprs.count == values.count ? interp.pValueName(of: exprs[i]) : nil)
      }
      return .nothing
    }
  }

  static var show: CommandSpec {
    CommandSpec(
      name: "show", category: "core",
      summary: "Print a frame with more (or fewer) rows than the default.",
      parameters: [Parameter("value", .any, "a frame or any value", isData: true)],
      options: [
        Option("rows", .int, default: .int(50), "rows to show (head and tail beyond that)"),
        Option("width", .int, "maximum line width in characters"),
        Option("digits", .int, "significant digits of numbers (default: the session's, 6; `:digits N` sets it)"),
      ],
      examples: ["show df rows: 50", "df |> show rows: 5", "show df digits: 10"]
    ) { inv, interp in
      var style = interp.tableStyle
      style.maxRows = max(1, try inv.int("rows"))
      if let w = try inv.optionalInt("width") { style.maxWidth = max(20, w) }
      if let d = try inv.optionalInt("digits") {
        guard (1...17).contains(d) else {
          throw inv.error("show: digits must be between 1 and 17, got \(d)", at: "digits")
        }
        style.digits = d
      }
      let v = inv.value("value") ?? .missing
      if interp.format == .json || interp.collectedResults != nil {
        interp.emit(v)
      } else {
        interp.output(v.rendered(style: style))
      }
      return .nothing
    }
  }

  static var help: CommandSpec {
    CommandSpec(
      name: "help", category: "core",
      summary: "Show help: all commands, one command or function, or a topic.",
      help: "Topics: " + HelpTopics.all.map(\.name).joined(separator: ", ") + ".",
      parameters: [
        Parameter(
          "name", .word, "a command, function or topic (several words for a topic)",
          required: false, variadic: true)
      ],
      examples: ["help", "help filter", "help formulas", "help missing values"]
    ) { inv, interp in
      let words: [String] = {
        switch inv.value("name") {
        case .list(let l)?:
          return l.map { v in
            if case .string(let s) = v { return s }
            // `help pehe`: the word names a user function, which the binder looked up.
            if case .object(let o) = v, let f = o as? UserFunction, let n = f.node.name { return n }
            return v.brief
          }
        case .string(let s)?: return [s]
        default: return []
        }
      }()
      guard !words.isEmpty else {
        interp.emitText(HelpText.overview(interp.registry, interp.functions))
        return .nothing
      }
      let name = words.joined(separator: " ")
      if let f = interp.userFunction(name) {
        interp.emitText(
          f.node.signature + "\n\nA function you defined with fn; call it as "
            + "\(name)(" + f.node.params.joined(separator: ", ") + ").")
        return .nothing
      }
      guard let text = HelpText.lookup(name, interp.registry, interp.functions) else {
        let hint = didYouMean(
          name, among: HelpText.allNames(interp.registry, interp.functions) + interp.userFunctionNames)
        throw inv.error("no help for '\(name)'\(hint)", at: "name", notes: ["type 'help' for the list"])
      }
      interp.emitText(text)
      return .nothing
    }
  }

  static var vars: CommandSpec {
    CommandSpec(
      name: "vars", category: "core",
      summary: "List the variables with their types and shapes.",
      examples: ["vars"]
    ) { _, interp in
      let names = interp.variableOrder.filter { $0 != "_" }
      let types = names.map { interp.value(of: $0)?.typeName }
      let briefs = names.map { name in
        interp.value(of: name).map { interp.holdsPValue(name) ? $0.rendered(asField: "p_value") : $0.brief }
      }
      return .frame(
        try DataFrame(columns: [
          Column(name: "name", strings: names),
          Column(name: "type", strings: types),
          Column(name: "value", strings: briefs),
        ]))
    }
  }

  static var type: CommandSpec {
    CommandSpec(
      name: "type", category: "core",
      summary: "The type of a value, as a string.",
      parameters: [Parameter("value", .any, "any value", isData: true)],
      examples: ["type 3.5", "df |> type"]
    ) { inv, _ in
      .string(inv.value("value")?.typeName ?? "NA")
    }
  }

  static var fields: CommandSpec {
    CommandSpec(
      name: "fields", category: "core",
      summary: "The field names of a record, object or frame (for `x.name` access).",
      parameters: [Parameter("value", .any, "a record, object or frame", isData: true)],
      examples: ["fields s", "fields m"]
    ) { inv, _ in
      switch inv.value("value") ?? .missing {
      case .record(let r): return .list(r.keys.map { .string($0) })
      case .object(let o): return .list(o.availableFields.map { .string($0) })
      case .frame(let f): return .list(f.columnNames.map { .string($0) })
      case .grouped(let g): return .list(g.frame.columnNames.map { .string($0) })
      case let v: throw inv.error("\(v.typeName) has no fields", at: "value")
      }
    }
  }

  /// A variadic argument's values.
  static func listItems(_ v: Value) -> [Value] {
    if case .list(let l) = v { return l }
    return [v]
  }
}
