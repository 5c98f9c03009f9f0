import Stats
import Testing

/// Stats' one cluster-robust sandwich and the clustered SE of a mean.
@Suite struct ClusterRobustTests {
  /// Reference: statsmodels 0.15.0, `sm.OLS(y, np.ones(40)).fit(cov_type='cluster', cov_kwds={'groups': g})`
  /// on the data of scripts/bench/cluster/cluster_reference.py: mean −0.0714, SE 0.3216323309974562.
  @Test func clusteredMeanMatchesStatsmodels() throws {
    let y: [Double] = [
      0.464, -1.136, 0.343, 1.289, 0.414, 0.195, 0.152, 0.244, 1.573, 0.79, -0.974, 2.486,
      -1.034, 0.799, -1.171, -2.347, -2.069, -1.524, -0.881, -0.808, -0.907, -1.583, -0.178,
      -0.083, -1.381, -0.041, -0.389, 1.161, 1.984, 0.724, -0.061, -0.832, 0.616, -0.534, -1.217,
      -0.302, 2.306, 0.135, 3.071, -2.15,
    ]
    let g: [Int] = [
      0, 0, 0, 1, 1, 2, 2, 2, 2, 3, 3, 4, 4, 4, 5, 5, 5, 5, 5, 6, 6, 7, 7, 7, 0, 1, 2, 3, 4, 5, 6, 7,
      7, 6, 5, 4, 3, 2, 1, 0,
    ]
    let r = try clusteredMeanStandardError(y, clusters: g)
    #expect(abs(r.se - 0.3216323309974562) < 1e-12)
    #expect(r.groups == 8)
    // Relabelling the groups (any integers, any order) changes nothing.
    let relabelled = try clusteredMeanStandardError(y, clusters: g.map { 1000 - 13 * $0 })
    #expect(abs(relabelled.se - r.se) < 1e-15)
  }

  /// One row per cluster: the clustered SE of a mean is the usual sd/√n (n − 1 in the sd).
  @Test func singletonClustersGiveTheUsualStandardError() throws {
    let x: [Double] = [2, 3.5, -1, 4, 0.25, 7]
    let n = Double(x.count), m = x.reduce(0, +) / n
    let usual = (x.map { ($0 - m) * ($0 - m) }.reduce(0, +) / (n - 1) / n).squareRoot()
    let r = try clusteredMeanStandardError(x, clusters: Array(0..<x.count))
    #expect(abs(r.se - usual) < 1e-14)
  }

  @Test func fewerThanTwoClustersIsAnError() {
    #expect(throws: LinearAlgebraError.self) { try clusteredMeanStandardError([1, 2, 3], clusters: [5, 5, 5]) }
    #expect(throws: LinearAlgebraError.self) {
      try clusterRobustCovariance(bread: Matrix.identity(2), scores: [1, 2, 3], rows: 3, clusters: [0, 1, 2])
    }
  }

  /// The HC types and the cluster covariance share `sandwich`: with one cluster per row and K = 1 the cluster
  /// covariance is HC0 scaled by N/(N − 1) · (N − 1)/(N − K) = N/(N − 1).
  @Test func singletonClustersAreScaledHC0() throws {
    let x: [Double] = [1, 1, 1, 1, 1, 1, 1, 1]
    let y: [Double] = [0.3, 1.2, -0.4, 2.2, 0.9, 1.1, -0.7, 0.5]
    let fit = try weightedLeastSquares(x: x, rows: 8, cols: 1, y: y)
    let hc0 = fit.covariance(.hc0)[0, 0]
    let (cl, groups) = try fit.clusterCovariance(clusters: Array(0..<8))
    #expect(groups == 8)
    #expect(abs(cl[0, 0] - hc0 * 8 / 7) < 1e-15)
  }
}
