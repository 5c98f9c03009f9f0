import Lang
import Testing

@Suite("Lexer")
struct LexerTests {
  func kinds(_ s: String) throws -> [String] {
    try Lexer.tokenize(SourceFile(name: "t", text: s)).map { t in
      switch t.kind {
      case .newline: return "NL"
      case .eof: return "EOF"
      case .string: return "\"\(t.text)\""
      default: return t.text
      }
    }
  }

  @Test func basicTokens() throws {
    #expect(try kinds("let x = 1.5e3 + y_2") == ["let", "x", "=", "1.5e3", "+", "y_2", "EOF"])
    #expect(
      try kinds("a |> b == c != d <= e >= f && g || !h") == [
        "a", "|>", "b", "==", "c", "!=", "d", "<=", "e", ">=", "f", "&&", "g", "||", "!", "h", "EOF",
      ])
  }

  @Test func stringsAndEscapes() throws {
    let toks = try Lexer.tokenize(SourceFile(name: "t", text: #""a\"b\n\u{e9}" 'single'"#))
    #expect(toks[0].kind == .string && toks[0].text == "a\"b\né")
    #expect(toks[1].text == "single")
  }

  @Test func backtickNames() throws {
    let toks = try Lexer.tokenize(SourceFile(name: "t", text: "`Monthly Charges` + 1"))
    #expect(toks[0].kind == .identifier && toks[0].text == "Monthly Charges")
  }

  @Test func newlinesEndStatementsExceptAfterContinuations() throws {
    #expect(try kinds("a\nb") == ["a", "NL", "b", "EOF"])
    #expect(try kinds("a |>\n b") == ["a", "|>", "b", "EOF"])
    #expect(try kinds("a +\n b") == ["a", "+", "b", "EOF"])
    #expect(try kinds("f(a,\n b)") == ["f", "(", "a", ",", "b", ")", "EOF"])
    #expect(try kinds("[1\n,2]") == ["[", "1", ",", "2", "]", "EOF"])
    #expect(try kinds("a\n  |> b") == ["a", "|>", "b", "EOF"])
    #expect(try kinds("a # comment\n\n\nb") == ["a", "NL", "b", "EOF"])
  }

  @Test func integersAndNumbers() throws {
    let toks = try Lexer.tokenize(SourceFile(name: "t", text: "42 0.5 1_000 99999999999999999999 .25"))
    #expect(toks.map(\.kind) == [.integer, .number, .integer, .number, .number, .eof])
  }

  @Test func spansAreByteOffsets() throws {
    let toks = try Lexer.tokenize(SourceFile(name: "t", text: "ab  cd"))
    #expect(toks[1].span == Span(4, 6))
    #expect(toks[1].spaceBefore)
  }

  @Test func errors() {
    #expect(throws: LangError.self) { try Lexer.tokenize(SourceFile(name: "t", text: "\"open")) }
    #expect(throws: LangError.self) { try Lexer.tokenize(SourceFile(name: "t", text: "a $ b")) }
    #expect(throws: LangError.self) { try Lexer.tokenize(SourceFile(name: "t", text: "\"bad \\q\"")) }
  }

  @Test func unicode() throws {
    #expect(try kinds("café + naïve") == ["café", "+", "naïve", "EOF"])
    #expect(try kinds("\u{FEFF}x") == ["x", "EOF"])  // byte-order mark skipped
    do {
      _ = try Lexer.tokenize(SourceFile(name: "t", text: "tenure – 1"))
      Issue.record("expected an error")
    } catch let e as LangError {
      #expect(e.message == "unexpected character '–' (use -)")
      #expect(e.span == Span(7, 10))
    }
  }

  @Test func needsMoreInput() {
    #expect(Lexer.needsMoreInput("df |>"))
    #expect(Lexer.needsMoreInput("mutate a = 1,"))
    #expect(Lexer.needsMoreInput("f(1, 2"))
    #expect(Lexer.needsMoreInput("x +"))
    #expect(!Lexer.needsMoreInput("print \"abc"))  // strings do not span lines: report now
    #expect(!Lexer.needsMoreInput("df |> head 5"))
    #expect(!Lexer.needsMoreInput("f(1))"))
    #expect(!Lexer.needsMoreInput("x # a comment with |>"))
  }
}
