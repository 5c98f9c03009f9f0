import Frame
import Policy
import Testing

@Suite("Customer value expression")
struct ValueExpressionTests {
  static let frame = DataFrame.unchecked(
    columns: [
      Column(name: "a", floats: [1, 2, 3]), Column(name: "b", floats: [4, 5, 6]),
      Column(name: "odd name", floats: [10, 20, 30]), Column(name: "plan", strings: ["x", "y", "x"]),
      Column(name: "gap", floats: [1, .nan, .nan]), Column(name: "zero", floats: [0, 1, 1]),
    ], rowCount: 3)

  func eval(_ text: String) throws -> [Double] { try ValueExpression(text).evaluate(Self.frame) }

  @Test("precedence, unary minus, right-associative power, functions, backquoted names")
  func arithmetic() throws {
    #expect(try eval("a + b * 2") == [9, 12, 15])
    #expect(try eval("(a + b) * 2") == [10, 14, 18])
    #expect(try eval("-a ^ 2") == [-1, -4, -9])  // ^ binds tighter than unary minus
    #expect(try eval("2 ^ 3 ^ 2") == [512, 512, 512])  // 2^(3^2)
    #expect(try eval("b / a - 1") == [3, 1.5, 1])
    #expect(try eval("max(a, 2) + min(b, 5, 100)") == [6, 7, 8])
    #expect(try eval("`odd name` * 12") == [120, 240, 360])
    #expect(try eval("sqrt(b * b) + abs(-a) + log(exp(1))") == [6, 8, 10])
    #expect(try eval("1.5e1 - a") == [14, 13, 12])
    #expect(try ValueExpression("b * 12 + a").columns == ["a", "b"])
  }

  @Test("unknown column names the closest one")
  func unknownColumn() {
    #expect(throws: PolicyError.valueExpression("value expression 'bb * 12': unknown column 'bb' (did you mean 'b'?)"))
    {
      try eval("bb * 12")
    }
  }

  @Test("text column, missing and infinite results are refused with counts")
  func badValues() {
    #expect(
      throws: PolicyError.valueExpression(
        "value expression 'plan * 2': column 'plan' is text; customer value needs numeric columns")
    ) { try eval("plan * 2") }
    do {
      _ = try eval("a + gap")
      Issue.record("missing values were accepted")
    } catch let e as PolicyError {
      #expect(e.description.contains("in 2 of 3 rows (first: row 2)"))
    } catch { Issue.record("unexpected \(error)") }
    do {
      _ = try eval("a / zero")
      Issue.record("infinite values were accepted")
    } catch let e as PolicyError {
      #expect(e.description.contains("in 1 of 3 rows (first: row 1)"))
    } catch { Issue.record("unexpected \(error)") }
  }

  @Test(
    "syntax errors name the position",
    arguments: [
      ("a +", "the expression ends early at character 4"), ("(a + b", "missing ')' at character 7"),
      ("a $ b", "unexpected '$' at character 3"), ("foo(a)", "unknown function 'foo'"),
      ("min(a)", "min takes at least 2 argument(s), got 1"), ("`a", "missing closing '`'"),
      (String(repeating: "(", count: 100_000) + "a", "nested more than 64 levels deep"),
      (String(repeating: "-", count: 100_000) + "a", "nested more than 64 levels deep"),
      ("a" + String(repeating: " + a", count: 100_000), "more than 1000 operators"),
    ])
  func syntax(text: String, message: String) {
    do {
      _ = try ValueExpression(text)
      Issue.record("'\(text)' parsed")
    } catch let e as PolicyError {
      #expect(e.description.contains(message), "\(e.description)")
    } catch { Issue.record("unexpected \(error)") }
  }
}
