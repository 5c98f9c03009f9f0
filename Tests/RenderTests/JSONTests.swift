import Frame
import Render
import Stats
import Testing

@Suite("JSON")
struct JSONTests {
  @Test func writerCompactAndPretty() {
    let v = JSONValue.object([
      ("a", .int(1)), ("b", .array([.number(0.5), .null, .bool(true)])),
      ("c", .object([])), ("d", .array([.object([("x", .string("y"))])])),
    ])
    #expect(renderJSON(v, pretty: false) == #"{"a":1,"b":[0.5,null,true],"c":{},"d":[{"x":"y"}]}"#)
    #expect(
      renderJSON(v) == """
        {
          "a": 1,
          "b": [0.5, null, true],
          "c": {},
          "d": [
            {
              "x": "y"
            }
          ]
        }
        """)
  }

  @Test func numbers() {
    #expect(renderJSON(.number(0.1)) == "0.1")
    #expect(renderJSON(.number(1e-300)) == "1e-300")
    #expect(renderJSON(.number(-0.0)) == "-0.0")
    #expect(renderJSON(.number(3)) == "3.0")
    #expect(renderJSON(.int(-42)) == "-42")
    #expect(renderJSON(.number(.nan)) == "null")
    #expect(renderJSON(.number(-.infinity)) == "null")
  }

  @Test(
    "doubles round-trip exactly",
    arguments: [
      0.1, 1e-300, -0.0, 0.0, 3.0, 1.0 / 3.0, Double.leastNonzeroMagnitude,
      1.7976931348623157e308, 123456789.125, -2.5e16,
    ])
  func roundTrip(d: Double) throws {
    let back = try parseJSON(renderJSON(.number(d)))
    #expect(back == .number(d))
    #expect(back.doubleValue?.bitPattern == d.bitPattern)
  }

  @Test func integersRoundTrip() throws {
    for i in [0, 1, -1, Int.max, Int.min, 7043] {
      #expect(try parseJSON(renderJSON(.int(i))) == .int(i))
    }
    #expect(try parseJSON("1e2") == .number(100))
    #expect(try parseJSON("99999999999999999999") == .number(1e20))
  }

  @Test func stringEscaping() throws {
    let s = "quote\" back\\ nl\n tab\t bell\u{07} é 日 😀 /"
    let text = renderJSON(.string(s))
    #expect(text == #""quote\" back\\ nl\n tab\t bell\u0007 é 日 😀 /""#)
    #expect(try parseJSON(text) == .string(s))
    #expect(try parseJSON(#""\u00e9\ud83d\ude00\/""#) == .string("é😀/"))
  }

  @Test func parsesNested() throws {
    let v = try parseJSON(#" { "a" : [1, 2.5, {"b": null}], "c": {"d": [true, false, []]}, "e": "x" } "#)
    #expect(v["a"]?[0] == .int(1))
    #expect(v["a"]?[1]?.doubleValue == 2.5)
    #expect(v["a"]?[2]?["b"]?.isNull == true)
    #expect(v["c"]?["d"]?[1]?.boolValue == false)
    #expect(v["e"]?.stringValue == "x")
    #expect(v.objectValue?.map(\.0) == ["a", "c", "e"])
    #expect(try parseJSON(renderJSON(v)) == v)
    #expect(try parseJSON(renderJSON(v, pretty: false)) == v)
  }

  @Test(
    "parse errors",
    arguments: [
      "", "[1,]", "{\"a\" 1}", "[1 2]", "01", "1.", "-", "tru", "\"abc",
      "\"\\x\"", "\"\\ud800\"", "[1] x", "{1: 2}", "\"a\nb\"", "1e", "[", "nul",
    ])
  func parseErrors(text: String) {
    #expect(throws: JSONParseError.self) { try parseJSON(text) }
  }

  @Test func errorPosition() {
    do {
      _ = try parseJSON("{\n  \"a\": [1,\n  ]\n}")
      Issue.record("expected an error")
    } catch let e as JSONParseError {
      #expect(e.line == 3)
      #expect(e.column == 3)
    } catch { Issue.record("wrong error \(error)") }
  }

  @Test func deepNestingIsAnError() {
    let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
    #expect(throws: JSONParseError.self) { try parseJSON(deep) }
  }

  @Test func frameShape() throws {
    let df = try DataFrame(columns: [
      Column(name: "x", floats: [0.5, nil]), Column(name: "n", ints: [1, 2]),
      Column(name: "s", strings: ["a", nil]), Column(name: "b", bools: [true, false]),
    ])
    #expect(
      renderJSON(jsonValue(df), pretty: false)
        == #"{"columns":[{"name":"x","type":"float"},{"name":"n","type":"int"},{"name":"s","type":"string"},{"name":"b","type":"bool"}],"rows":2,"data":{"x":[0.5,null],"n":[1,2],"s":["a",null],"b":[true,false]}}"#
    )
  }

  @Test func reportShape() throws {
    let r = Report(
      title: "T",
      items: [
        .fields([.init("n", .int(3))]), .warning("w"), .text("t"), .preformatted("p"),
        .estimate(Estimate(label: "ATE", value: 0.5, se: 0.1, ciLow: 0.3, ciHigh: 0.7, n: 3)),
      ])
    let v = jsonValue(r)
    #expect(v["title"] == .string("T"))
    let kinds = v["items"]?.arrayValue?.compactMap { $0["kind"]?.stringValue }
    #expect(kinds == ["fields", "warning", "text", "preformatted", "estimate"])
    #expect(v["items"]?[0]?["fields"]?["n"] == .int(3))
    #expect(v["items"]?[4]?["estimate"]?["ci_high"] == .number(0.7))
    #expect(v["items"]?[4]?["estimate"]?["p_value"] == .null)
    #expect(try parseJSON(renderJSON(v)) == v)
  }
}
