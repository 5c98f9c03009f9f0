import Frame
import Stats
import Testing

@testable import Learn

/// Cluster-robust (CR1) standard errors of `ols` and `logit` against statsmodels 0.15.0.
///
/// Data and reference numbers: `python3 scripts/bench/cluster/cluster_reference.py` (numpy default_rng(12),
/// 40 rows in 8 clusters of unequal size, a cluster effect in y), which runs
/// `sm.OLS(y, X).fit(cov_type='cluster', cov_kwds={'groups': g})` and
/// `sm.Logit(yb, X).fit(cov_type='cluster', cov_kwds={'groups': g}, disp=0)` with X = add_constant([x1, x2]).
/// statsmodels uses the small-sample factor G/(G−1)·(N−1)/(N−K) and normal inference (use_t False).
@Suite struct ClusterRobustModelTests {
  static let g: [Int] = [
    0, 0, 0, 1, 1, 2, 2, 2, 2, 3, 3, 4, 4, 4, 5, 5, 5, 5, 5, 6, 6, 7, 7, 7, 0, 1, 2, 3, 4, 5, 6, 7,
    7, 6, 5, 4, 3, 2, 1, 0,
  ]
  static let x1: [Double] = [
    -0.108, 0.999, -0.022, 0.496, -1.911, 0.147, -0.907, 1.775, 0.887, 0.949, -0.058, 0.613,
    0.658, -0.344, -0.497, -0.115, -0.605, -0.594, -0.283, -0.728, 0.766, -1.596, 0.824,
    -0.626, -0.546, -1.351, -0.144, -0.248, 0.191, -0.534, 0.094, 1.82, 0.409, -0.574, 0.953,
    -0.129, 0.594, 0.613, -0.391, -1.93,
  ]
  static let x2: [Double] = [
    0.536, 0.558, 0.906, 0.283, 0.222, 0.947, 0.943, 0.476, 0.801, 0.743, 0.949, 0.082, 0.898,
    0.5, 0.449, 0.687, 0.616, 0.437, 0.291, 0.919, 0.819, 0.102, 0.404, 0.763, 0.879, 0.962,
    0.241, 0.892, 0.695, 0.068, 0.211, 0.189, 0.077, 0.687, 0.31, 0.692, 0.082, 0.871, 0.696,
    0.782,
  ]
  static let y: [Double] = [
    0.464, -1.136, 0.343, 1.289, 0.414, 0.195, 0.152, 0.244, 1.573, 0.79, -0.974, 2.486,
    -1.034, 0.799, -1.171, -2.347, -2.069, -1.524, -0.881, -0.808, -0.907, -1.583, -0.178,
    -0.083, -1.381, -0.041, -0.389, 1.161, 1.984, 0.724, -0.061, -0.832, 0.616, -0.534, -1.217,
    -0.302, 2.306, 0.135, 3.071, -2.15,
  ]
  static let yb: [Int] = [
    1, 1, 0, 1, 0, 1, 1, 1, 0, 1, 1, 1, 1, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 1, 1, 1, 1,
    0, 0, 1, 1, 1, 1, 0, 1,
  ]

  /// The data frame, with the cluster label as text ("c0" … "c7") and as a number (the same groups).
  static func frame() throws -> DataFrame {
    try DataFrame(columns: [
      Column(name: "y", floats: y), Column(name: "yb", ints: yb), Column(name: "x1", floats: x1),
      Column(name: "x2", floats: x2), Column(name: "firm", strings: g.map { "c\($0)" }),
      Column(name: "firm_id", ints: g.map { 100 - 7 * $0 }),
    ])
  }

  static func close(_ a: [Double], _ b: [Double], _ tol: Double = 1e-6) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= tol * max(1, abs($1)) }
  }

  @Test func olsMatchesStatsmodels() throws {
    for column in ["firm", "firm_id"] {
      let m = try LinearRegression.fit(
        Formula(parsing: "y ~ x1 + x2"), on: Self.frame(),
        options: LinearRegressionOptions(cluster: column))
      // ols params [0.23814010832367352, 0.3234514782867502, -0.525551702404425]
      // ols bse    [0.5716284489146615, 0.15526719370850092, 0.6422394545909924]
      // ols pvals  [0.6769713977567741, 0.037233665888432556, 0.41317954476106844] use_t False
      #expect(Self.close(m.coefficients, [0.23814010832367352, 0.3234514782867502, -0.525551702404425]))
      #expect(
        Self.close(m.table.map(\.standardError), [0.5716284489146615, 0.15526719370850092, 0.6422394545909924]),
        "\(column)")
      #expect(Self.close(m.table.map(\.pValue), [0.6769713977567741, 0.037233665888432556, 0.41317954476106844]))
      #expect(m.clusterCount == 8 && m.statisticName == "z")
    }
  }

  @Test func logitMatchesStatsmodels() throws {
    var o = LogisticRegressionOptions()
    o.cluster = "firm"
    let m = try LogisticRegression.fit(Formula(parsing: "yb ~ x1 + x2"), on: Self.frame(), options: o)
    // logit params [0.6293835665750122, 0.6853108965189189, -0.4849230934677789]
    // logit bse    [0.8160477819042722, 0.2660362033474418, 1.1700694555131534]
    // logit pvals  [0.44055388642129556, 0.009994886793936808, 0.678552207498575] use_t False
    #expect(Self.close(m.coefficients, [0.6293835665750122, 0.6853108965189189, -0.4849230934677789]))
    #expect(Self.close(m.table.map(\.standardError), [0.8160477819042722, 0.2660362033474418, 1.1700694555131534]))
    #expect(Self.close(m.table.map(\.pValue), [0.44055388642129556, 0.009994886793936808, 0.678552207498575]))
    #expect(m.clusterCount == 8)
    // Without `cluster` the model-based SEs are unchanged and no cluster count is reported.
    let plain = try LogisticRegression.fit(Formula(parsing: "yb ~ x1 + x2"), on: Self.frame())
    #expect(plain.clusterCount == nil && plain.table.map(\.standardError) != m.table.map(\.standardError))
  }

  @Test func badClusterColumnsAreNamedErrors() throws {
    var df = try Self.frame()
    try df.append(Column(name: "one", ints: [Int](repeating: 1, count: 40)))
    #expect(throws: ModelError.self) {
      try LinearRegression.fit(Formula(parsing: "y ~ x1"), on: df, options: LinearRegressionOptions(cluster: "one"))
    }
    try df.append(Column(name: "holes", floats: (0..<40).map { $0 == 3 ? .nan : Double($0 % 5) }))
    do {
      _ = try LinearRegression.fit(
        Formula(parsing: "y ~ x1"), on: df, options: LinearRegressionOptions(cluster: "holes"))
      Issue.record("expected an error for a missing cluster label")
    } catch let e as ModelError {
      #expect(e.description.contains("row 4"))
    }
  }
}
