import Frame
import Testing

/// Formula terms in Frame: parsing, expansion, patsy's contrast rule, missing values in transforms.
@Suite struct FormulaTermTests {
  func frame() throws -> DataFrame {
    try DataFrame(columns: [
      Column(name: "y", floats: [1, 2, 3, 4, 5, 6, 7, 8]),
      Column(name: "x", floats: [0.5, 1, 2, nil, 3, 4, 5, 6]),
      Column(name: "a", strings: ["p", "q", "r", "p", "q", "r", "p", "q"]),
      Column(name: "b", strings: ["u", "v", "u", "v", "u", "v", "v", "u"]),
    ])
  }

  @Test func expressionTextRoundTrips() throws {
    for text in [
      "log(tenure + 1)", "I(x^2)", "a:b", "a * b:c", "ns(x, df: 4)", "C(a, ref: \"Two year\")",
      "poly(x, 2, raw: true)", "I((x - 1) / 2)", "`monthly charges`:a",
    ] {
      let e = try FormulaExpression(parsing: text)
      #expect(e.description == text)
      #expect(try FormulaExpression(parsing: e.description) == e)
    }
    #expect(try FormulaExpression(parsing: "x^2").description == "I(x^2)")
    #expect(try FormulaExpression(parsing: "log( x+1 )").columns == ["x"])
  }

  @Test func malformedTermsSayWhatIsWrong() {
    func message(_ t: String) -> String {
      do {
        _ = try Formula(parsing: "y ~ " + t)
        return ""
      } catch { return "\(error)" }
    }
    #expect(message("a *").contains("ends with an operator") || message("a *").contains("interaction needs two terms"))
    #expect(message("a:").contains("interaction needs two terms"))
    #expect(message("log(x").contains("unbalanced '('"))
    #expect(message("(a + b):c").contains("brackets at the top level of a term hold arithmetic"))
  }

  /// patsy 1.0.3 `dmatrix(..., df).design_info.column_names` for the same formulas on a 3-level `a` and a
  /// 2-level `b` (run in Python): `a:b` → ['Intercept', 'b[T.v]', 'a[T.q]:b[u]', 'a[T.r]:b[u]', 'a[T.q]:b[v]',
  /// 'a[T.r]:b[v]']; `x + x:a:b` → ['Intercept', 'x', 'x:b[T.v]', 'x:a[T.q]:b[u]', 'x:a[T.r]:b[u]',
  /// 'x:a[T.q]:b[v]', 'x:a[T.r]:b[v]'].
  @Test func contrastsFollowPatsy() throws {
    let df = try frame()
    var o = DesignOptions.linear
    o.missing = .dropRows
    let ab = try DesignSpec.fit(Formula(parsing: "y ~ a:b"), on: df, outcome: .continuous, options: o)
    #expect(ab.columnNames == ["(Intercept)", "bv", "aq:bu", "ar:bu", "aq:bv", "ar:bv"])
    let xab = try DesignSpec.fit(Formula(parsing: "y ~ x + x:a:b"), on: df, outcome: .continuous, options: o)
    #expect(xab.columnNames == ["(Intercept)", "x", "x:bv", "x:aq:bu", "x:ar:bu", "x:aq:bv", "x:ar:bv"])
    let star = try DesignSpec.fit(Formula(parsing: "y ~ x * a"), on: df, outcome: .continuous, options: o)
    #expect(star.columnNames == ["(Intercept)", "x", "aq", "ar", "x:aq", "x:ar"])
    let minus = try DesignSpec.fit(Formula(parsing: "y ~ x * a - a:x"), on: df, outcome: .continuous, options: o)
    #expect(minus.columnNames == ["(Intercept)", "x", "aq", "ar"])
    let none = try DesignSpec.fit(Formula(parsing: "y ~ a + b - 1"), on: df, outcome: .continuous, options: o)
    #expect(none.columnNames == ["ap", "aq", "ar", "bv"])
  }

  /// A missing input makes the transformed value missing (and the row is dropped under drop_rows, or
  /// NaN under keep); it is never filled.
  @Test func missingInputsStayMissing() throws {
    let df = try frame()
    var o = DesignOptions.tree
    o.categorical = .dummies
    let spec = try DesignSpec.fit(Formula(parsing: "y ~ log(x) + x:a"), on: df, outcome: .continuous, options: o)
    let m = try spec.transform(df)
    #expect(m.rowCount == 8)
    #expect(m[3, 0].isNaN && m[3, 1].isNaN && m[3, 2].isNaN)
    #expect(abs(m[0, 0] - (-0.6931471805599453)) < 1e-15)
    var strict = DesignOptions.linear
    strict.missing = .error
    #expect(throws: DesignError.self) {
      _ = try DesignSpec.fit(Formula(parsing: "y ~ log(x)"), on: df, outcome: .continuous, options: strict)
    }
  }

  @Test func predictionRowsOutsideTheDomainAreErrorsWithTheCount() throws {
    let df = try frame()
    var o = DesignOptions.linear
    o.missing = .dropRows
    let spec = try DesignSpec.fit(Formula(parsing: "y ~ sqrt(x)"), on: df, outcome: .continuous, options: o)
    let bad = try DataFrame(columns: [Column(name: "y", floats: [1, 2, 3]), Column(name: "x", floats: [-1, 4, -2])])
    do {
      _ = try spec.transform(bad)
      Issue.record("expected an error")
    } catch let e as DesignError {
      #expect(e.description.contains("2 rows have x < 0, where sqrt is undefined"), "\(e)")
    }
  }
}
