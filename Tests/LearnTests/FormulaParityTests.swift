import Foundation
import Frame
import Learn
import Testing

/// Model formulas with interactions, transforms, `poly`, `ns`, `C(…, ref:)` and no intercept against
/// statsmodels 0.15.0 + patsy 1.0.3 on Fixtures/formula_fixture.csv (240 rows). Every reference number
/// below is printed by `python3 Tests/LearnTests/Fixtures/make_formula_fixture.py` (Python 3.11.7), which
/// also writes the fixture and records the exact calls. patsy has no `ns`/`poly`; the script builds them
/// as R's `splines::ns` and `stats::poly` do (numpy QR) and passes the columns to statsmodels; it also
/// checks the spline's column space against patsy's `cr()` on the same knots (fitted values agree to
/// 9.3e-15).
@Suite struct FormulaParityTests {
  func fixture() throws -> DataFrame { try readCSV(path: fixturePath("formula_fixture.csv")) }

  /// Our column name → the statsmodels/patsy name for `tenure * C(Contract) + np.log(charges) + ns1 + ns2 + ns3`.
  static let names: [(String, String)] = [
    ("(Intercept)", "Intercept"), ("tenure", "tenure"),
    ("ContractOne year", "C(Contract)[T.One year]"), ("ContractTwo year", "C(Contract)[T.Two year]"),
    ("log(charges)", "np.log(charges)"),
    ("ns(age, df: 3)1", "ns1"), ("ns(age, df: 3)2", "ns2"), ("ns(age, df: 3)3", "ns3"),
    ("tenure:ContractOne year", "tenure:C(Contract)[T.One year]"),
    ("tenure:ContractTwo year", "tenure:C(Contract)[T.Two year]"),
  ]

  /// `smf.ols('y ~ tenure * C(Contract) + np.log(charges) + ns1 + ns2 + ns3', data=df).fit()`.
  static let olsReference: [String: (Double, Double)] = [
    "Intercept": (3.56687506002, 0.373434823624),
    "C(Contract)[T.One year]": (-0.778521505793, 0.203973787028),
    "C(Contract)[T.Two year]": (-1.66458568009, 0.188854263606),
    "tenure": (-0.030377397805, 0.00317402517672),
    "tenure:C(Contract)[T.One year]": (0.00702782644339, 0.00527060139098),
    "tenure:C(Contract)[T.Two year]": (0.0228460775963, 0.00483435010438),
    "np.log(charges)": (0.436013284947, 0.0782782681349),
    "ns1": (-2.29460585212, 0.175041786381),
    "ns2": (-2.62079343458, 0.355380926677),
    "ns3": (-0.161022171745, 0.155145922376),
  ]

  /// `smf.logit('yb ~ tenure * C(Contract) + np.log(charges) + ns1 + ns2 + ns3', data=df).fit(disp=0, tol=1e-12, maxiter=100)`.
  static let logitReference: [String: (Double, Double)] = [
    "Intercept": (1.99917572243, 1.42115453967),
    "C(Contract)[T.One year]": (-2.27481571487, 0.787169110891),
    "C(Contract)[T.Two year]": (-4.64039922686, 0.820258239015),
    "tenure": (-0.0694186871746, 0.0140169444791),
    "tenure:C(Contract)[T.One year]": (0.05404764145, 0.0197860952862),
    "tenure:C(Contract)[T.Two year]": (0.0933256806679, 0.0196387871581),
    "np.log(charges)": (-0.103770990544, 0.290585378416),
    "ns1": (1.09695042891, 0.627854711863),
    "ns2": (2.58015326655, 1.3943755484),
    "ns3": (-0.927112406951, 0.577273873918),
  ]

  static let rhs = "tenure * Contract + log(charges) + ns(age, df: 3)"

  func check(
    _ names: [String], _ beta: [Double], _ se: [Double], against ref: [String: (Double, Double)],
    map: [(String, String)]
  ) {
    #expect(names.count == ref.count)
    for (ours, theirs) in map {
      guard let j = names.firstIndex(of: ours), let r = ref[theirs] else {
        Issue.record("missing column \(ours) / \(theirs) in \(names)")
        continue
      }
      // References are printed to 12 significant digits; 1e-6 relative is the parity bar.
      #expect(close(beta[j], r.0, rel: 1e-6), "coefficient \(ours): \(beta[j]) vs \(r.0)")
      #expect(close(se[j], r.1, rel: 1e-6), "SE \(ours): \(se[j]) vs \(r.1)")
    }
  }

  @Test func olsWithInteractionTransformAndSplineMatchesStatsmodels() throws {
    let m = try LinearRegression.fit(Formula(parsing: "y ~ " + Self.rhs), on: fixture())
    check(
      m.design.columnNames, m.coefficients, m.table.map(\.standardError), against: Self.olsReference, map: Self.names)
  }

  @Test func logitWithInteractionTransformAndSplineMatchesStatsmodels() throws {
    let m = try LogisticRegression.fit(Formula(parsing: "yb ~ " + Self.rhs), on: fixture())
    check(
      m.design.columnNames, m.coefficients, m.table.map(\.standardError), against: Self.logitReference,
      map: Self.names)
  }

  /// `smf.ols("y ~ C(Contract, Treatment('Two year')) + tenure:C(Contract) - 1", data=df).fit()`: no intercept,
  /// so both terms get every level (patsy's and R's rule), the reference level first.
  @Test func noInterceptAndReferenceLevelMatchStatsmodels() throws {
    let m = try LinearRegression.fit(
      Formula(parsing: "y ~ C(Contract, ref: \"Two year\") + tenure:Contract - 1"), on: fixture())
    let ref: [(String, Double, Double)] = [
      ("C(Contract, ref: \"Two year\")Two year", 2.37275837946, 0.198080412988),
      ("C(Contract, ref: \"Two year\")Month-to-month", 4.03414919152, 0.185038166192),
      ("C(Contract, ref: \"Two year\")One year", 3.12543613664, 0.225220035004),
      ("tenure:ContractMonth-to-month", -0.0355991332227, 0.00453482693867),
      ("tenure:ContractOne year", -0.0210284315615, 0.00599989553507),
      ("tenure:ContractTwo year", -0.0050870416341, 0.00520770809219),
    ]
    #expect(m.design.columnNames == ref.map(\.0))
    for (j, r) in ref.enumerated() {
      #expect(close(m.coefficients[j], r.1, rel: 1e-6), "\(r.0)")
      #expect(close(m.table[j].standardError, r.2, rel: 1e-6), "\(r.0) SE")
    }
  }

  /// R's `poly(tenure, 2)` built by QR in numpy; `smf.ols("y ~ p1 + p2")` on those columns.
  @Test func orthogonalPolynomialMatchesRsConstruction() throws {
    let df = try fixture()
    let spec = try DesignSpec.fit(
      Formula(parsing: "y ~ poly(tenure, 2)"), on: df, outcome: .continuous,
      options: .linear)
    let x = try spec.transform(df)
    let rows: [[Double]] = [
      [0.0650965176519641, -0.0011755399863409113], [0.08777164716788775, 0.0520486356208809],
      [-0.08715078052638031, 0.056483567763272756],
    ]
    for i in 0..<3 {
      for j in 0..<2 { #expect(abs(x[i, j + 1] - rows[i][j]) < 1e-12, "poly row \(i) col \(j)") }
    }
    let m = try LinearRegression.fit(Formula(parsing: "y ~ poly(tenure, 2)"), on: df)
    let beta = [2.5345381125, -6.276857969387171, -0.21149290460607362]
    let se = [0.06323254393347835, 0.9795943583707614, 0.9795943583707611]
    for j in 0..<3 {
      #expect(close(m.coefficients[j], beta[j], rel: 1e-9))
      #expect(close(m.table[j].standardError, se[j], rel: 1e-9))
    }
  }

  /// R's `ns(age, df = 3)` built in numpy: knots (type-7 quantiles) and the first basis rows.
  @Test func naturalSplineBasisMatchesRsConstruction() throws {
    let df = try fixture()
    let spec = try DesignSpec.fit(
      Formula(parsing: "y ~ ns(age, df: 3)"), on: df, outcome: .continuous,
      options: .linear)
    #expect(spec.terms[0].factors?[0].knots == [38.7, 57.3])
    let x = try spec.transform(df)
    let rows: [[Double]] = [
      [0.464347307005408, 0.32722892959885136, 0.1546231821579879],
      [-0.007024567238388692, 0.557132413217364, -0.3602880919397865],
      [0.2570221803608575, 0.3504013097227571, 0.38173874470989555],
    ]
    for i in 0..<3 {
      for j in 0..<3 { #expect(abs(x[i, j + 1] - rows[i][j]) < 1e-12, "ns row \(i) col \(j)") }
    }
    // Beyond the boundary knots the basis is linear: equal steps give equal differences.
    var far = DataFrame()
    try far.append(Column(name: "age", floats: [90, 100, 110]))
    let e = try spec.transform(far)
    for j in 1...3 {
      #expect(abs((e[2, j] - e[1, j]) - (e[1, j] - e[0, j])) < 1e-9)
    }
  }

  /// A saved and reloaded model rebuilds the same columns from the stored knots, levels and poly
  /// constants, so it predicts bit for bit, also on rows other than the training rows.
  @Test func savedModelWithTransformsPredictsIdentically() throws {
    let df = try fixture()
    let logit = try LogisticRegression.fit(
      Formula(parsing: "yb ~ tenure * C(Contract, ref: \"Two year\") + log(charges + 1) + ns(age, df: 4) + I(age^2)"),
      on: df)
    let ols = try LinearRegression.fit(
      Formula(parsing: "y ~ poly(tenure, 3) + poly(charges, 2, raw: true) + Contract:age"),
      on: df)
    let fresh = df.rows(Array(stride(from: 1, to: 240, by: 7)))
    for m in [logit, ols] as [any PredictiveModel] {
      let path = FileManager.default.temporaryDirectory.appendingPathComponent("churn-formula-\(getpid()).json").path
      defer { try? FileManager.default.removeItem(atPath: path) }
      try m.save(to: path)
      let back = try ModelFile.load(from: path)
      let a = try m.predict(fresh), b = try back.predict(fresh)
      #expect(a.count == fresh.rowCount)
      #expect(a == b)
      #expect(back.design == m.design)
    }
  }

  /// `log` of a value ≤ 0 is an error naming the term, the column expression and the count of rows.
  @Test func logOfNonPositiveIsAnErrorWithTheCount() throws {
    let df = try fixture()
    let zeros = (try df.column("tenure").doubles() ?? []).filter { $0 <= 0 }.count
    #expect(zeros > 0)
    do {
      _ = try LinearRegression.fit(Formula(parsing: "y ~ log(tenure)"), on: df)
      Issue.record("expected an error")
    } catch let e as DesignError {
      #expect(e.description.contains("\(zeros) rows have tenure ≤ 0"), "\(e)")
      #expect(e.description.contains("log(tenure + 1)"))
    }
  }
}
