import Lang
import Testing

/// Thousands of random and mutated inputs: each must give a value or a `LangError`, never a crash.
@Suite("Parser and evaluator fuzzing")
struct FuzzTests {
  static let seeds = [
    "let x = 1 + 2 * 3",
    "df |> filter tenure > 12 and plan == \"m2m\"",
    "df |> group plan |> summarize n = count(), rate = mean(churned)",
    "df |> mutate c2 = coalesce(charges, 0), t = tenure / 12",
    "df |> sort plan -tenure |> head 3",
    "let s = df |> split test: 0.3, seed: 42\ns.train |> nrow",
    "{a: [1, 2, NA], b: \"x\\n\"}.a",
    "y ~ t | a + b - c",
    "df |> select id tenure |> tail 2",
    "mean(df.charges) + sd([1, 2, 3]) ^ 2",
    "if_else(df.tenure > 10, \"long\", \"short\")",
    "df |> count_values plan normalize: true",
    "help filter",
    "[1, 2, 3] |> mean",
    "not (true or NA) && !false",
    "fn f(a, b) = a + b * 2\nf(1, x)",
    "fn fact(n) = if_else(n <= 1, 1, n * fact(n - 1))\nfact(5)",
    "map([1, 2, 3], fn(t) = {t: t, sq: t ^ 2})",
    "df |> group plan |> mutate r = rank(tenure), l = lag(plan, n: 1, default: \"-\"), c = cumsum(tenure)",
    "df |> mutate s = case_when(tenure > 12, \"long\", charges > 50, \"pricey\", default: \"other\")",
    "substr(\"abc\", 1, 2) + str_len(\"x\") + format(2.5, digits: 1)",
    "df |> filter str_detect(plan, \"^m.m$\") |> mutate k = replace(id, \"[a-c]\", \"z\")",
    "fit ols tenure ~ charges * plan + log(charges + 1) + ns(charges, df: 2) on df with missing: \"drop_rows\"",
    "let f = y ~ C(plan, ref: \"m2m\") + poly(tenure, 2, raw: true) - 1",
    "fit logit churned ~ tenure:plan + I(tenure^2) + sqrt(tenure) + 0 on df",
    "for t in 1:3 { print t * 2 }",
    "for p in [\"a\", \"b\"] {\n  let q = p + \"!\"\n  for k in -(1:2) { print q + k }\n}",
    "df |> slice -(1:2) |> pivot_longer tenure charges names_to: \"k\"",
    "df |> pivot_wider names_from: plan, values_from: charges, id_cols: churned, aggregate: mean",
  ]

  static let vocabulary = [
    "df", "x", "s", "let", "param", "=", "==", "|>", "(", ")", "[", "]", "{", "}", ",", ":", ".", "+", "-", "*",
    "/", "^", "%", "~", "|", "and", "or", "not", "in", "NA", "true", "false", "1", "0", "-3", "2.5", "1e308",
    "\"m2m\"", "\"\"", "tenure", "plan", "charges", "churned", "filter", "mutate", "group", "summarize", "sort",
    "head", "tail", "select", "drop", "mean", "count", "coalesce", "qcut", "cut", "on", "with", "seed", "\n", " ",
    "#", "`a b`", "help", "print", "split", "test", "nrow", "describe", "distinct", "sample", "n",
    "fn", "f", "map", "lag", "rank", "row_number", "case_when", "default", "order_by", "str_detect", "\"(\"",
    "log(", "ns(", "poly(", "C(", "I(", "df:", "ref:", "raw:", "fit", "ols", "logit", "exp(",
    "for", "slice", "pivot_longer", "pivot_wider", "1:3",
  ]

  /// A tiny deterministic generator (SplitMix64) so failures reproduce.
  struct Gen {
    var state: UInt64
    mutating func next() -> UInt64 {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(1, n))) }
  }

  func randomInput(_ g: inout Gen) -> String {
    if g.below(2) == 0 {
      let n = 1 + g.below(14)
      return (0..<n).map { _ in Self.vocabulary[g.below(Self.vocabulary.count)] }.joined(separator: " ")
    }
    var chars = Array(Self.seeds[g.below(Self.seeds.count)])
    for _ in 0..<(1 + g.below(4)) {
      let op = g.below(3)
      if op == 0, !chars.isEmpty {
        chars.remove(at: g.below(chars.count))
      } else if op == 1 {
        let pool = Array("()[]{},:.=|>~+-*\"'`#\n aA1_\\")
        chars.insert(pool[g.below(pool.count)], at: g.below(chars.count + 1))
      } else if chars.count > 1 {
        chars.swapAt(g.below(chars.count), g.below(chars.count))
      }
    }
    return String(chars)
  }

  @Test func randomAndMutatedInputsNeverCrash() throws {
    var g = Gen(state: 20_240_601)
    let frame = try sampleFrame()
    var values = 0, errors = 0
    for _ in 0..<2000 {
      let interp = Interpreter()
      interp.output = { _ in }
      interp.define("df", .frame(frame))
      interp.define("x", .int(3))
      let code = randomInput(&g)
      do {
        try interp.run(SourceFile(name: "fuzz", text: code))
        values += 1
      } catch let e as LangError {
        errors += 1
        #expect(e.render(color: false).contains("error"), "a rendered error says it is one")
      }
    }
    #expect(values + errors == 2000)
    #expect(values > 50)  // the generator also produces valid programs
  }
}

@Suite("Deep input")
struct DeepInputTests {
  /// Builds each deep input inside the test (huge strings as test arguments slow the runner down).
  static func deepInput(_ k: Int) -> String {
    switch k {
    case 0: return String(repeating: "(", count: 20_000) + "1"
    case 1: return String(repeating: "[", count: 20_000)
    case 2: return String(repeating: "-", count: 20_000) + "1"
    case 3: return String(repeating: "not ", count: 10_000) + "true"
    case 4: return "1" + String(repeating: " + 1", count: 10_000)
    case 5: return "2" + String(repeating: " ^ 2", count: 10_000)
    case 6: return "x" + String(repeating: ".a", count: 10_000)
    case 7: return String(repeating: "for x in [1] { ", count: 5_000)
    default: return String(repeating: "f(", count: 10_000)
    }
  }

  @Test(arguments: 0..<9)
  func deepInputIsAnErrorNotACrash(_ k: Int) {
    let interp = Interpreter()
    interp.output = { _ in }
    #expect(throws: LangError.self) { try interp.run(SourceFile(name: "deep", text: Self.deepInput(k))) }
  }

  @Test func moderatelyDeepInputStillWorks() throws {
    let code =
      String(repeating: "(", count: 90) + "1" + String(repeating: ")", count: 90)
      + String(repeating: " + 1", count: 400)
    #expect(try eval(code).number == 401)
  }
}
