import Lang
import Testing

@Suite("Registry")
struct RegistryTests {
  @Test func namesAreUniqueAndDocumented() {
    let r = Registry.standard
    #expect(r.duplicates.isEmpty)
    for c in r.commands {
      #expect(!c.summary.isEmpty, "\(c.name) needs a summary")
      #expect(!c.examples.isEmpty, "\(c.name) needs an example")
      let variadics = c.parameters.filter(\.variadic)
      #expect(variadics.count <= 1, "\(c.name): at most one variadic parameter")
      #expect(c.parameters.filter(\.isData).count <= 1, "\(c.name): at most one data parameter")
    }
  }

  @Test func everyExampleParses() throws {
    let interp = Interpreter()
    for c in interp.registry.commands {
      for ex in c.examples {
        do {
          let p = try interp.parse(SourceFile(name: "\(c.name) example", text: ex))
          try interp.check(p)
        } catch let e as LangError {
          Issue.record("example of \(c.name) does not parse: \(e.render(color: false))")
        }
      }
    }
  }

  @Test func helpForEveryCommandAndTheReference() {
    let interp = Interpreter()
    for c in interp.registry.commands {
      let h = HelpText.command(c)
      #expect(h.hasPrefix("\(c.name) — "))
      #expect(h.contains("usage: "))
    }
    let md = HelpText.markdownReference(interp.registry, interp.functions)
    for c in interp.registry.commands { #expect(md.contains("#### `\(c.name)`")) }
  }

  @Test func topicsAreFoundByAlias() {
    #expect(HelpTopics.find("missing")?.name == "missing values")
    #expect(HelpTopics.find("Missing-Values")?.name == "missing values")
    #expect(HelpTopics.find("nope") == nil)
  }

  @Test func customCommandsPlugIn() throws {
    var r = Registry.standard
    r.add(
      CommandSpec(
        name: "double_it", category: "test", summary: "Doubles a number.",
        parameters: [Parameter("x", .number, "the number", isData: true)],
        options: [Option("times", .int, default: .int(2), "factor")],
        examples: ["double_it 3"]
      ) { inv, _ in .number(try inv.double("x") * Double(try inv.int("times"))) })
    let interp = Interpreter(registry: r)
    #expect(try eval("double_it 4", in: interp).number == 8)
    #expect(try eval("4 |> double_it times: 3", in: interp).number == 12)
    #expect(try eval("double_it(5, times: 2)", in: interp).number == 10)
    let err = errorText("double_it 4 tims: 3") { _ in }
    #expect(err?.contains("unknown command 'double_it'") ?? false)  // not in the standard registry
  }
}

@Suite("Help command")
struct HelpCommandTests {
  @Test func topicsWithSpacesAndQuotes() throws {
    let a = try run("help missing values")
    let b = try run("help \"missing values\"")
    #expect(a == b)
    #expect(a.first?.hasPrefix("Missing values (NA)") ?? false)
    #expect(try run("help filter").first?.hasPrefix("filter — ") ?? false)
    #expect(try run("help mean").first?.hasPrefix("mean(x) — ") ?? false)
    #expect(try run("help").first?.contains("frames:") ?? false)
  }
}
