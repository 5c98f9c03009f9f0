import Frame

/// The average-effect estimators by name: what a `method:` name means, what each needs, and one entry point
/// that runs it, so the language, the policy layer and the decision service choose estimators the same way.
public enum EffectMethod: String, CaseIterable, Sendable {
  /// Difference in means with the Neyman SE (``NaiveDifference``).
  case naive
  /// Horvitz–Thompson inverse-propensity weighting (``IPW``).
  case ipw
  /// Normalized (Hájek) inverse-propensity weighting (``IPW``).
  case hajek
  /// One outcome model with the treatment as a feature (``RegressionAdjustment``).
  case sLearner = "s_learner"
  /// One outcome model per arm (``RegressionAdjustment``).
  case tLearner = "t_learner"
  /// Propensity-score nearest-neighbour matching (``PropensityMatching``).
  case matching
  /// Augmented IPW with cross-fitted nuisances (``AIPW``).
  case aipw

  /// The method names in the order the language lists them.
  public static var names: [String] { allCases.map(\.rawValue) }

  /// Whether the method adjusts for covariates (all but the naive difference), so needs `| covariates`.
  public var usesCovariates: Bool { self != .naive }

  /// Whether the method fits an outcome model besides the propensity (naive and matching do not).
  public var usesOutcomeModel: Bool { self != .naive && self != .matching }

  /// Whether the SE comes from an influence function that can be clustered (AIPW, IPW, Hájek).
  public var supportsClusters: Bool { [.aipw, .ipw, .hajek].contains(self) }

  /// Whether the method estimates every arm of a several-arm treatment against a baseline (only AIPW).
  public var supportsSeveralArms: Bool { self == .aipw }

  /// The targets the method estimates (the naive difference only the ATE).
  public func supports(_ target: EffectTarget) -> Bool { self != .naive || target == .ate }

  /// Settings shared by the methods; each method reads the ones it uses.
  public struct Settings: Sendable {
    /// Estimand.
    public var target: EffectTarget = .ate
    /// Confidence level of the interval.
    public var level: Double = 0.95
    /// Propensity clipping (IPW, Hájek, AIPW).
    public var clip: Double = 0.01
    /// Cross-fitting folds of the propensity (IPW, Hájek) and of the AIPW nuisances.
    public var folds: Int = 5
    /// Seed of fold assignment, bootstraps and matching ties.
    public var seed: Int = 42
    /// Propensity learner.
    public var propensityLearner: any NuisanceLearner = GLMLearner(name: "logistic")
    /// Outcome learner (S/T-learners, AIPW).
    public var outcomeLearner: any NuisanceLearner = GLMLearner(name: "logistic")
    /// Cluster label per row of the data, for methods where ``supportsClusters``.
    public var clusters: [Int]? = nil
    /// Bootstrap replicates of the S/T-learners' SE.
    public var bootstrap: Int = 100
    /// Matching: neighbours, with replacement, caliper.
    public var neighbors: Int = 1
    public var replace: Bool = true
    public var caliper: Double? = nil

    /// Default settings.
    public init() {}
  }

  /// The nuisance learners the method fits, for building a design that suits all of them.
  public func learners(_ settings: Settings) -> [any NuisanceLearner] {
    usesOutcomeModel ? [settings.propensityLearner, settings.outcomeLearner] : [settings.propensityLearner]
  }

  /// Runs the method on two-arm `data`. `progress` reports AIPW's cross-fitting (fits done, fits total).
  public func estimate(
    _ data: TreatmentData, settings s: Settings,
    progress: ((Int, Int) -> Void)? = nil
  ) throws -> EffectEstimate {
    guard supports(s.target) else {
      throw CausalError.invalidInput("the naive difference has no target other than ate")
    }
    if s.clusters != nil && !supportsClusters {
      throw CausalError.invalidInput(
        "cluster: applies to methods aipw, ipw and hajek; method \"\(rawValue)\" has its own SE")
    }
    switch self {
    case .naive:
      return try NaiveDifference.estimate(data, level: s.level)
    case .ipw, .hajek:
      var o = IPWOptions(
        kind: self == .ipw ? .horvitzThompson : .hajek, target: s.target, clip: s.clip, level: s.level,
        propensity: PropensityOptions(learner: s.propensityLearner, folds: s.folds, seed: s.seed))
      o.clusters = s.clusters
      return try IPW.estimate(data, options: o)
    case .sLearner, .tLearner:
      return try RegressionAdjustment.estimate(
        data, strategy: self == .sLearner ? .sLearner : .tLearner,
        options: RegressionAdjustmentOptions(
          learner: s.outcomeLearner, target: s.target, bootstrap: s.bootstrap,
          seed: s.seed, level: s.level))
    case .matching:
      return try PropensityMatching.estimate(
        data,
        options: MatchingOptions(
          target: s.target, neighbors: s.neighbors, replace: s.replace, caliper: s.caliper,
          seed: s.seed, level: s.level,
          propensity: PropensityOptions(
            learner: s.propensityLearner, folds: 1,
            seed: s.seed)))
    case .aipw:
      var o = aipwOptions(s)
      o.clusters = s.clusters
      return try AIPW.estimate(data, options: o, progress: progress)
    }
  }

  /// Runs the method on every arm of several-arm `data` against its baseline (AIPW only).
  public func estimate(_ data: MultiArmData, settings s: Settings) throws -> MultiArmEffects {
    guard supportsSeveralArms else {
      throw CausalError.invalidInput("method \"\(rawValue)\" compares two arms; use aipw for several")
    }
    guard s.clusters == nil else { throw CausalError.invalidInput("cluster: is not supported for several arms") }
    return try MultiArmAIPW.estimate(data, options: aipwOptions(s))
  }

  private func aipwOptions(_ s: Settings) -> AIPWOptions {
    AIPWOptions(
      target: s.target, folds: s.folds, propensityLearner: s.propensityLearner,
      outcomeLearner: s.outcomeLearner, clip: s.clip, seed: s.seed, level: s.level)
  }
}
