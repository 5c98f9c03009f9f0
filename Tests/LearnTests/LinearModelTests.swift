import Frame
import Learn
import Stats
import Testing

/// Parity with statsmodels 0.15.0 / scikit-learn 1.9.1 on Fixtures/regression_fixture.csv (300 rows,
/// generated with numpy default_rng(2024); see the generator call recorded in the fixture's sibling
/// test comments). Design used on the Python side:
/// `X = [const, x1, x2, grp==beta, grp==gamma, flag]` (reference level of grp: alpha).
@Suite struct LinearModelTests {
  func fixture() throws -> DataFrame { try readCSV(path: fixturePath("regression_fixture.csv")) }

  /// `sm.Logit(y, X).fit(disp=0)`: params, bse, llf, llnull, prsquared.
  @Test func logitMatchesStatsmodels() throws {
    let m = try LogisticRegression.fit(Formula(parsing: "y ~ x1 + x2 + grp + flag"), on: fixture())
    let params = [
      -0.7187725934243226, 0.9196383490064348, -0.24500244473568467, 0.12106252378699708,
      -1.0783640889005823, 0.38765681317541917,
    ]
    let bse = [
      0.3563201806578903, 0.17414182613400253, 0.10698680409917612, 0.3388372696216245,
      0.4284850584151105, 0.3088254798387892,
    ]
    #expect(m.design.columnNames.count == 6)
    for j in 0..<6 {
      #expect(close(m.coefficients[j], params[j], rel: 1e-6), "coef \(j)")
      #expect(close(m.table[j].standardError, bse[j], rel: 1e-6), "se \(j)")
    }
    #expect(close(m.logLikelihood, -139.90901749990215, rel: 1e-9))
    #expect(close(m.nullLogLikelihood, -164.16213232425395, rel: 1e-9))
    #expect(close(m.pseudoR2, 0.14773879018851266, rel: 1e-8))
    #expect(m.converged)
  }

  /// `sm.GLM(y, X, family=Binomial(), freq_weights=w).fit(tol=1e-12)`.
  @Test func weightedLogitMatchesGLMFrequencyWeights() throws {
    let m = try LogisticRegression.fit(
      Formula(parsing: "y ~ x1 + x2 + grp + flag"), on: fixture(),
      options: LogisticRegressionOptions(weights: "w"))
    let params = [
      -0.8415519475005218, 0.9436553115301924, -0.2549221777115408, 0.06068340392755875,
      -1.2120802392612386, 0.5549528292769681,
    ]
    let bse = [
      0.3274752233081881, 0.15896513792409672, 0.09780055025284895, 0.31205442093266605,
      0.40769977524545975, 0.28163745122724915,
    ]
    for j in 0..<6 {
      #expect(close(m.coefficients[j], params[j], rel: 1e-6))
      #expect(close(m.table[j].standardError, bse[j], rel: 1e-6))
    }
  }

  /// `LogisticRegression(C=0.5, tol=1e-12, max_iter=10000)` (lbfgs, intercept unpenalized) = penalty 2.
  @Test func penaltyMatchesSklearnC() throws {
    let m = try LogisticRegression.fit(
      Formula(parsing: "y ~ x1 + x2 + grp + flag"), on: fixture(),
      options: LogisticRegressionOptions(penalty: 2))
    let ref = [
      -0.7580094191186236, 0.8608617579654683, -0.2324047196939159, 0.15223746989454737,
      -0.7982137668046535, 0.3125530979518304,
    ]
    for j in 0..<6 { #expect(close(m.coefficients[j], ref[j], rel: 1e-5), "coef \(j)") }
  }

  /// `sm.OLS(yc, X).fit()` and `.fit(cov_type="HC3")`.
  @Test func olsMatchesStatsmodels() throws {
    let f = try Formula(parsing: "yc ~ x1 + x2 + grp + flag")
    let m = try LinearRegression.fit(f, on: fixture(), options: LinearRegressionOptions(covariance: .hc3))
    let params = [
      0.9516145798452214, 0.4057222072977105, 0.21284061101399895, 1.0863726578072699,
      -0.13782587652463416, -0.024851559938403565,
    ]
    let hc3 = [
      0.16324225826376024, 0.0807493873797833, 0.05788590733776496, 0.189821587747968,
      0.18949272647907178, 0.15450343452834667,
    ]
    let classical = [
      0.18684753716372285, 0.0768128962412265, 0.05282880830262915, 0.1798830247075282,
      0.18634511233273054, 0.16045365112873694,
    ]
    let vc = m.covariance(.classical)
    for j in 0..<6 {
      #expect(close(m.coefficients[j], params[j], rel: 1e-9))
      #expect(close(m.table[j].standardError, hc3[j], rel: 1e-8))
      #expect(close(vc[j, j].squareRoot(), classical[j], rel: 1e-8))
    }
    #expect(close(m.rSquared, 0.23023734555012876, rel: 1e-9))
    #expect(close(m.adjustedRSquared, 0.21714614394383847, rel: 1e-9))
  }

  @Test func singularDesignNamesColumns() throws {
    var df = try fixture()
    try df.append(Column(name: "x1copy", floats: df.column("x1").doubles()!.map { 2 * $0 + 1 }))
    do {
      _ = try LogisticRegression.fit(Formula(parsing: "y ~ x1 + x2 + x1copy"), on: df)
      Issue.record("expected singular design")
    } catch let e as ModelError {
      #expect(e == .singularDesign(columns: ["x1copy"]))
      #expect(e.description.contains("penalty"))
    }
    // A penalty makes the collinear design estimable.
    let penalized = try LogisticRegression.fit(
      Formula(parsing: "y ~ x1 + x2 + x1copy"), on: df,
      options: LogisticRegressionOptions(penalty: 1))
    #expect(penalized.coefficients.count == 4 && penalized.coefficients.allSatisfy { $0.isFinite })
  }

  @Test func separationIsDetected() throws {
    let x: [Double] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
    let perfect = try DataFrame(columns: [
      Column(name: "y", ints: [0, 0, 0, 0, 0, 1, 1, 1, 1, 1]), Column(name: "x", floats: x),
    ])
    do {
      _ = try LogisticRegression.fit(Formula(parsing: "y ~ x"), on: perfect)
      Issue.record("expected separation")
    } catch let e as ModelError {
      #expect(e.description.contains("perfect separation"))
      #expect(e.description.contains("'x'"))
    }
    let quasi = try DataFrame(columns: [
      Column(name: "y", ints: [0, 0, 0, 0, 1, 0, 1, 1, 0, 1, 1, 1]),
      Column(name: "x", floats: [1, 2, 3, 4, 5, 5, 5, 5, 6, 7, 8, 9]),
      Column(name: "z", floats: [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
      Column(name: "g", ints: [0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1]),
    ])
    do {
      _ = try LogisticRegression.fit(Formula(parsing: "y ~ g + z"), on: quasi)
      Issue.record("expected quasi separation")
    } catch let e as ModelError {
      #expect(e.description.contains("separation"))
    }
    let ridge = try LogisticRegression.fit(
      Formula(parsing: "y ~ x"), on: perfect,
      options: LogisticRegressionOptions(penalty: 1))
    #expect(ridge.coefficients.count == 2 && ridge.coefficients.allSatisfy { $0.isFinite })
  }

  @Test func tooFewRowsAndBadOptions() throws {
    let df = try DataFrame(columns: [
      Column(name: "y", ints: [0, 1, 0]), Column(name: "a", floats: [1, 2, 4]),
      Column(name: "b", floats: [3, 1, 2]),
    ])
    #expect(throws: ModelError.self) { try LogisticRegression.fit(Formula(parsing: "y ~ a + b"), on: df) }
    #expect(throws: ModelError.self) {
      try LogisticRegression.fit(Formula(parsing: "y ~ a"), on: df, options: LogisticRegressionOptions(penalty: -1))
    }
  }
}
