import Frame
import Stats

extension LogisticRegression {
  /// Summary in the style of statsmodels' `Logit.summary()`: fit statistics, then the coefficient table.
  public var report: Report {
    var fields: [Report.Field] = [
      .init("outcome", .string(design.outcomeReportLabel(binary: true))),
      .init("observations", .int(observations)),
      .init("df_model", .int(coefficients.count - (design.options.intercept ? 1 : 0))),
      .init("log_likelihood", .float(logLikelihood)),
      .init("ll_null", .float(nullLogLikelihood)),
      .init("pseudo_r2", .float(pseudoR2)),
      .init("iterations", .int(iterations)),
      .init("converged", .bool(converged)),
    ]
    if options.penalty > 0 { fields.append(.init("l2_penalty", .float(options.penalty))) }
    if let g = clusterCount { fields.append(.init("covariance", .string("cluster-robust CR1, \(g) clusters (z)"))) }
    var items: [Report.Item] = [
      .fields(fields),
      .table(
        coefficientFrame(table, statistic: "z"),
        title: clusterCount == nil ? "coefficients (Wald z, 95% CI)" : "coefficients (cluster-robust SE, 95% CI)"),
    ]
    items += warnings.map { .warning($0) }
    return Report(title: "Logistic regression: \(design.formula)", items: items)
  }
}

extension LinearRegression {
  /// Summary in the style of statsmodels' `OLS.summary()`.
  public var report: Report {
    let robust = statisticName == "z"
    let kind = clusterCount.map { "cluster-robust CR1, \($0) clusters" } ?? covarianceType.rawValue
    let seTitle = clusterCount.map { "cluster-robust SE, \($0) clusters" } ?? "\(covarianceType.rawValue) robust SE"
    var items: [Report.Item] = [
      .fields([
        .init("observations", .int(observations)),
        .init("df_residual", .int(dfResidual)),
        .init("r_squared", .float(rSquared)),
        .init("adj_r_squared", .float(adjustedRSquared)),
        .init("residual_se", .float(residualStandardError)),
        .init("covariance", .string(robust ? "\(kind) (z)" : "classical (t)")),
      ]),
      .table(
        coefficientFrame(table, statistic: statisticName),
        title: "coefficients (\(robust ? seTitle : "classical SE"), 95% CI)"),
    ]
    items += warnings.map { .warning($0) }
    return Report(title: "Linear regression: \(design.formula)", items: items)
  }
}
