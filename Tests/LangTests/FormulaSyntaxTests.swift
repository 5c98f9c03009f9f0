import Frame
import Lang
import Testing

/// Formula terms in the language: what the parser stores, the errors it reports (located, with the
/// fix), and models fitted through the commands.
@Suite struct FormulaSyntaxTests {
  func formula(_ code: String) throws -> Formula {
    guard case .formula(let f) = try eval(code) else { throw LangError("not a formula") }
    return f
  }

  @Test func termsAreStoredInCanonicalText() throws {
    let f = try formula("y ~ tenure*plan + log(charges+1) + ns(tenure, df:3) + C(plan, ref: \"two\") - 1")
    #expect(f.terms == ["tenure * plan", "log(charges + 1)", "ns(tenure, df: 3)", "C(plan, ref: \"two\")"])
    #expect(f.excluded == ["1"])
    #expect(!f.hasIntercept)
    #expect(f.description == "y ~ tenure * plan + log(charges + 1) + ns(tenure, df: 3) + C(plan, ref: \"two\") - 1")
    // Plain formulas are unchanged.
    let plain = try formula("churned ~ . - id")
    #expect(plain.terms == ["."] && plain.excluded == ["id"] && plain.hasIntercept)
    #expect(try formula("y ~ a:b + x^2 + 0").terms == ["a:b", "I(x^2)", "0"])
  }

  @Test func interactionWithoutASecondTermIsALocatedError() {
    let right = errorText("let f = y ~ tenure *\n")
    #expect(
      right?.hasPrefix("test.churn:1:20: error: an interaction needs two terms: '*' has nothing on its right") == true,
      "\(right ?? "")")
    let left = errorText("let f = y ~ * tenure")
    #expect(
      left?.contains("error: an interaction needs two terms: '*' has nothing on its left") == true, "\(left ?? "")")
  }

  @Test func unknownFunctionSuggestsTheClosest() {
    let text = errorText("let f = y ~ lgo(tenure)")
    #expect(text?.contains("unknown function 'lgo' (did you mean 'log'?)") == true, "\(text ?? "")")
    #expect(text?.contains("^~~~~~~~~~~") == true, "\(text ?? "")")
  }

  @Test func unknownColumnInsideATransformSuggestsAndPointsAtTheTerm() throws {
    let text = errorText("fit ols charges ~ log(tenur + 1) on df with missing: \"drop_rows\"") {
      $0.define("df", .frame(try sampleFrame()))
    }
    #expect(text?.contains("unknown column 'tenur' (did you mean 'tenure'?)") == true, "\(text ?? "")")
    #expect(text?.contains("^~~~~~~~~~~~~~") == true, "\(text ?? "")")
  }

  @Test func unknownReferenceLevelNamesTheLevels() throws {
    let text = errorText("fit ols tenure ~ C(plan, ref: \"to\") on df") { $0.define("df", .frame(try sampleFrame())) }
    #expect(text?.contains("'to' is not a level of plan (did you mean \"two\"?)") == true, "\(text ?? "")")
  }

  @Test func interactionModelFitsThroughTheCommand() throws {
    let interp = try interpreterWithFrame()
    let v = try eval("fit ols tenure ~ log(charges):churned + churned on df with missing: \"drop_rows\"", in: interp)
    guard case .object(let o) = v else {
      Issue.record("not a model")
      return
    }
    #expect(o.summaryLine.contains("ols: tenure ~ log(charges):churned + churned"), "\(o.summaryLine)")
    let coefs = try eval(
      "(fit ols tenure ~ log(charges):churned + churned on df with missing: \"drop_rows\").coefficients", in: interp)
    #expect("\(coefs)".contains("log(charges):churned"), "\(coefs)")
  }

  @Test func causalForestRejectsExpressionCovariatesWithAHint() throws {
    let text = errorText("causal_forest charges ~ churned | log(tenure) on df") {
      $0.define("df", .frame(try sampleFrame()))
    }
    #expect(
      text?.contains("covariates are plain columns, and 'log(tenure)' is a formula term") == true, "\(text ?? "")")
  }
}
