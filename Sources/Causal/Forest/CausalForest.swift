import Frame
import Stats

/// A fitted causal forest (Athey, Tibshirani & Wager 2019; Wager & Athey 2018): heterogeneous treatment
/// effects τ(x) = E[Y(1) − Y(0) | X = x] with pointwise confidence intervals.
///
/// Fit with ``fit(x:y:w:yHat:wHat:options:)`` or ``fit(frame:outcome:treatment:covariates:options:)``.
/// Training keeps what the post-estimation tools need: the outcome, treatment, nuisance estimates and
/// out-of-bag effects of every training row (``effectInputs``).
public struct CausalForest: Sendable {
  /// Settings used.
  public var options: CausalForestOptions
  /// Covariate names, in matrix column order.
  public var featureNames: [String]
  /// Outcome and treatment names, for reports.
  public var outcomeName: String
  public var treatmentName: String
  /// The trees.
  public var forest: CompactForest
  /// Training data as seen by the forest.
  public var y: [Double]
  public var w: [Double]
  public var yHat: [Double]
  public var wHat: [Double]
  /// Out-of-bag τ̂ and variance for the training rows.
  public var oob: CausalPredictions
  /// How Y.hat and W.hat were obtained (e.g. "OOB regression forests, 500 trees").
  public var nuisanceMethod: String
  /// Warnings raised while fitting (missing covariates routed, extreme propensities …).
  public var warnings: [String]
  /// How frame columns were encoded (nil when fit from a matrix).
  public var covariates: ForestCovariates?
  /// The local linear correction (nil = plain forest; see ``LocalLinearCorrection``).
  public var localLinear: LocalLinearCorrection? = nil
  /// The parameter search that chose the options (nil = not tuned; see ``CausalForestTuning``).
  public var tuning: CausalForestTuning? = nil

  /// Number of training rows.
  public var rowCount: Int { y.count }

  /// Inputs of the analysis tools (scores, ATE, BLP, calibration, RATE) from the training rows.
  public var effectInputs: ForestEffectInputs {
    get throws {
      if let i = oob.tau.firstIndex(where: { !$0.isFinite }) {
        throw CausalForestError.invalidInput(
          "row \(i + 1) has no out-of-bag estimate (every tree used it); grow more trees")
      }
      return try ForestEffectInputs(y: y, w: w, yHat: yHat, wHat: wHat, tau: oob.tau)
    }
  }

  /// Effects for new rows given as a column-major matrix with the training covariates (NaN = missing).
  public func predict(x: [Double], rows: Int, withVariance: Bool = true) throws -> CausalPredictions {
    let d = featureNames.count
    guard x.count == rows * d else {
      throw CausalForestError.invalidInput("expected \(rows) × \(d) covariate values, got \(x.count)")
    }
    if withVariance && !options.intervals {
      throw CausalForestError.invalidInput(
        "this forest was grown with ci_group_size 1 and cannot give intervals; refit with `causal_forest … ci_group_size: 2`"
      )
    }
    if let ll = localLinear, let lambda = ll.lambda {
      let r = forest.predictLocalLinear(
        x: x, rows: rows, ll: ll, moments: ll.moments, lambdas: [lambda],
        withVariance: withVariance, inBag: nil, threads: options.threads)
      return CausalPredictions(tau: r.tau[0], variance: r.variance)
    }
    return forest.predict(x: x, rows: rows, columns: d, withVariance: withVariance, threads: options.threads)
  }

  /// Effects for the rows of a frame holding the covariate columns (by name; extra columns are ignored).
  public func predict(frame: DataFrame, withVariance: Bool = true) throws -> CausalPredictions {
    try predict(x: covariateValues(frame), rows: frame.rowCount, withVariance: withVariance)
  }

  /// The forest's covariates of every row of `frame`, column-major in training column order (text
  /// columns encoded as at training; NaN = missing): the `x` that ``predict(x:rows:withVariance:)`` takes.
  public func covariateValues(_ frame: DataFrame) throws -> [Double] {
    if let covariates { return try covariates.matrix(frame).values }
    return try CausalForest.covariateMatrix(frame, columns: featureNames)
  }

  /// Variable importance (depth-weighted split frequencies, decay exponent 2, depth 4) as a table.
  public func importance(decayExponent: Double = 2, maxDepth: Int = 4) -> DataFrame {
    let f = forest.splitFrequencies(featureCount: featureNames.count, maxDepth: maxDepth)
    let imp = VariableImportance.compute(frequencies: f, featureCount: featureNames.count, decayExponent: decayExponent)
    return VariableImportance.table(names: featureNames, importance: imp)
  }

  /// Column-major covariate values of `columns` from a frame (numeric/bool columns; NaN for missing).
  /// Text columns are rejected with a message (encode them first, e.g. `one_hot`).
  public static func covariateMatrix(_ frame: DataFrame, columns: [String]) throws -> [Double] {
    var out: [Double] = []
    out.reserveCapacity(frame.rowCount * columns.count)
    for name in columns {
      let c = try frame.column(name)
      guard let v = c.doubles() else {
        throw CausalForestError.invalidInput(
          "covariate '\(name)' is text; encode it as numbers first (e.g. one-hot dummies) before the causal forest")
      }
      out += v
    }
    return out
  }
}

extension CausalForest: Reportable {
  public var report: Report {
    let intervals = options.intervals ? "yes (little bags of \(options.ciGroupSize))" : "no"
    let tau = oob.tau.filter { $0.isFinite }
    var items: [Report.Item] = [
      .fields(
        [
          .init("outcome", .string(outcomeName)), .init("treatment", .string(treatmentName)),
          .init("rows", .int(rowCount)), .init("covariates", .int(featureNames.count)),
          .init("trees", .int(forest.treeCount)), .init("nuisances", .string(nuisanceMethod)),
          .init("intervals", .string(intervals)),
          .init("mean OOB effect", .float(ForestMath.mean(tau))),
          .init("sd OOB effect", .float(ForestMath.sd(tau))),
          .init("min node size", .int(options.minNodeSize)), .init("sample fraction", .float(options.sampleFraction)),
          .init("mtry", .int(options.effectiveMtry(featureNames.count))), .init("seed", .int(options.seed)),
        ] + (tuning.map { [.init("tuned", .string($0.summary))] } ?? [])
          + (localLinear.map { [.init("local linear", .string($0.summary))] } ?? []))
    ]
    items += warnings.map { .warning($0) }
    return Report(title: "Causal forest", items: items)
  }
}
