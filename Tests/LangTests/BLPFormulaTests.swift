import Lang
import Testing

/// `blp` with a one-sided formula: the same numbers as `covariates:` for plain columns, R-style names for
/// interactions, splines and text columns, and a dummy coded by the formula equals a hand-made 0/1 column.
@Suite("blp formulas")
struct BLPFormulaTests {
  static let setup = """
    let nw = simulate nie_wager setup: "A", n: 300, seed: 3 |> mutate grp = if_else(x1 > 0.5, "lo", "hi"), lo = if_else(x1 > 0.5, 1, 0)
    let cf = causal_forest y ~ w | x1 + x2 + x3 on nw with trees: 50, seed: 7
    """

  func table(_ code: String, _ interp: Interpreter) throws -> (terms: [String], est: [Double], se: [Double]) {
    let f = try #require(try eval("(" + code + ").table", in: interp).frame)
    let terms = (0..<f.rowCount).compactMap { f["term"]?.string(at: $0) }
    return (
      terms, (0..<f.rowCount).compactMap { f["estimate"]?.double(at: $0) },
      (0..<f.rowCount).compactMap { f["se"]?.double(at: $0) }
    )
  }

  @Test func formulaMatchesCovariatesAndNamesTermsAsR() throws {
    let interp = Interpreter()
    _ = try eval(Self.setup + "\n1", in: interp)
    let plain = try table("blp cf covariates: [x1, x2]", interp)
    let viaFormula = try table("cf |> blp ~ x1 + x2", interp)
    #expect(plain.terms == viaFormula.terms)
    #expect(plain.est == viaFormula.est)
    #expect(plain.se == viaFormula.se)
    let rich = try table("blp(cf, ~ x1 * x2 + ns(x3, df: 2))", interp)
    #expect(rich.terms == ["(intercept)", "x1", "x2", "ns(x3, df: 2)1", "ns(x3, df: 2)2", "x1:x2"])
    // A text column becomes R's dummy (reference "hi"), the same regression as a hand-made 0/1 column.
    let dummy = try table("cf |> blp ~ grp", interp)
    let byHand = try table("blp cf covariates: [lo]", interp)
    #expect(dummy.terms == ["(intercept)", "grplo"])
    for (a, b) in zip(dummy.est + dummy.se, byHand.est + byHand.se) { #expect(abs(a - b) < 1e-12) }
  }

  @Test func badFormulasAreExplained() throws {
    let setup: (Interpreter) throws -> Void = { interp in _ = try eval(Self.setup + "\n1", in: interp) }
    #expect(errorText("cf |> blp ~ x1 - 1", setup: setup)?.contains("always fits an intercept") == true)
    #expect(errorText("cf |> blp ~ x1 covariates: [x2]", setup: setup)?.contains("once") == true)
    #expect(errorText("cf |> blp ~ x9", setup: setup)?.contains("x9") == true)
  }
}
