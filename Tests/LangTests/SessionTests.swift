import Lang
import Testing

@Suite("Session")
struct SessionTests {
  func session() -> (Session, Box) {
    let box = Box()
    let interp = Interpreter()
    interp.output = { box.out.append($0) }
    let s = Session(interpreter: interp, errorOutput: { box.err.append($0) })
    return (s, box)
  }

  final class Box {
    var out: [String] = []
    var err: [String] = []
  }

  @Test func errorsDoNotEndTheSession() {
    let (s, box) = session()
    #expect(!s.submit("1 +* 2"))
    #expect(s.submit("1 + 2"))
    #expect(box.out == ["3"])
    #expect(box.err.count == 1)
    #expect(s.errorCount == 1)
  }

  @Test func metaCommands() {
    let (s, box) = session()
    #expect(s.submit(":mode json"))
    #expect(s.submit("{a: 1}"))
    #expect(box.out.last == "{\n  \"a\": 1\n}")
    #expect(s.submit(":mode text"))
    #expect(s.submit("let x = 5"))
    #expect(s.submit(":vars"))
    #expect(box.out.last?.contains("x") ?? false)
    #expect(!s.submit(":tmier on"))
    #expect(box.err.last?.contains("did you mean 'timer'") ?? false)
    #expect(s.submit(".timer on"))
    #expect(s.submit("1"))
    #expect(box.out.last?.hasPrefix("time: ") ?? false)
    // The wall time, then the process's CPU time over the statement (all threads).
    #expect(box.out.last?.contains(" (cpu ") ?? false)
    #expect(box.out.last?.hasSuffix(")") ?? false)
    #expect(s.submit(":quit"))
    #expect(s.quitRequested)
  }

  @Test func chunksFollowTheREPLRules() {
    let text = "let x = 1\n\n[1,\n 2]\nx |>\n  print\n# c\ny\n  |> print\n:vars\n"
    let chunks = Session.chunks(of: text)
    #expect(chunks.map(\.text) == ["let x = 1", "[1,\n 2]", "x |>\n  print", "y\n  |> print", ":vars"])
    #expect(chunks.map(\.firstLine) == [1, 3, 5, 8, 10])
  }

  @Test func runAllContinuesAfterErrorsWithRealLineNumbers() {
    let (s, box) = session()
    let failures = s.runAll("print 1\nprint nope\nprint 3\n")
    #expect(failures == 1)
    #expect(box.out == ["1", "3"])
    #expect(box.err.first?.hasPrefix("<repl>:2:7: error: unknown variable 'nope'") ?? false)
  }

  @Test func leadingPipeContinuesFromTheLastResult() {
    let (s, box) = session()
    #expect(!s.submit("|> print"))  // nothing to continue from yet
    #expect(s.submit("[1, 2, 3]"))
    #expect(s.submit("|> mean"))
    #expect(box.out == ["[1, 2, 3]", "2"])
  }

  @Test func needsMoreInput() {
    #expect(Session.needsMoreInput("df |>"))
    #expect(!Session.needsMoreInput(":vars"))
    #expect(!Session.needsMoreInput("x"))
  }
}
