/// Settings of a causal forest; defaults follow grf 2.x `causal_forest`.
public struct CausalForestOptions: Sendable, Equatable, Codable {
  /// Number of trees (grf default 2000). With intervals, a multiple of `ciGroupSize`.
  public var trees: Int = 2000
  /// Fraction of rows each tree draws (without replacement); ≤ 0.5 when intervals are wanted.
  public var sampleFraction: Double = 0.5
  /// Mean number of covariates tried per split: as in grf, each node draws its count
  /// k = max(1, min(Poisson(mtry), d)) and tries k covariates drawn without replacement (also in the
  /// nuisance forests). nil = grf's default min(⌈√d + 20⌉, d).
  public var mtry: Int? = nil
  /// Minimum number of treated and of control rows (relative to the parent's mean treatment) in each
  /// child of a split; a node with this many rows or fewer is not split.
  public var minNodeSize: Int = 5
  /// Honest trees: split on one part of the subsample, estimate leaves on the other.
  public var honesty: Bool = true
  /// Share of each tree's subsample used to choose splits.
  public var honestyFraction: Double = 0.5
  /// Remove splits whose honest leaves are empty.
  public var honestyPruneLeaves: Bool = true
  /// Each child must hold at least `alpha` of the parent's information size Σ(W − W̄)².
  public var alpha: Double = 0.05
  /// Penalty λ·(1/size_left + 1/size_right) against unbalanced splits.
  public var imbalancePenalty: Double = 0
  /// Trees per little bag (2 enables variance estimates; 1 disables them).
  public var ciGroupSize: Int = 2
  /// Seed; every tree draws its own stream from it.
  public var seed: Int = 42
  /// Worker threads (results are identical for any value).
  public var threads: Int = 2
  /// Trees of each nuisance regression forest; nil = max(50, trees / 4).
  public var nuisanceTrees: Int? = nil
  /// A nuisance learner by name (``NuisanceLearners``, e.g. "gbm") to fit Ŷ and Ŵ with `nuisanceFolds`-fold
  /// cross-fitting instead of out-of-bag regression forests; nil = grf's forests.
  public var nuisanceLearner: String? = nil
  /// Folds of the cross-fitted nuisances (with `nuisanceLearner`).
  public var nuisanceFolds: Int = 5
  /// Covariates of the local linear correction (grf's `linear.correction.variables`); empty = the plain
  /// forest. A name selects the covariate column of that name or, for a text column, all its one-hot
  /// columns. See ``LocalLinearCorrection``.
  public var localLinear: [String] = []
  /// Ridge penalty of the local linear correction; nil = chosen on the out-of-bag R-loss.
  public var llLambda: Double? = nil
  /// Parameters to tune before growing (grf's `tune.parameters`); empty = use the values above. See
  /// ``CausalForestTuning``.
  public var tune: [CausalForestTunable] = []
  /// Trees of each small tuning forest (grf's `tune.num.trees`, 200).
  public var tuneTrees: Int = 200
  /// Settings drawn by the tuning (grf's `tune.num.reps`, 50).
  public var tuneDraws: Int = 50

  public init() {}

  /// mtry actually used for `d` covariates.
  public func effectiveMtry(_ d: Int) -> Int {
    if let mtry { return max(1, min(mtry, d)) }
    return min(Int((Double(d).squareRoot() + 20).rounded(.up)), d)
  }

  /// Whether the forest can give variance estimates.
  public var intervals: Bool { ciGroupSize >= 2 }

  /// Checks option ranges; throws with the fix.
  public func validate() throws {
    func bad(_ m: String) -> CausalForestError { .invalidInput(m) }
    guard trees >= 1 else { throw bad("trees must be at least 1 (got \(trees))") }
    guard sampleFraction > 0 && sampleFraction <= 1 else {
      throw bad("sample_fraction must be in (0, 1] (got \(sampleFraction))")
    }
    guard ciGroupSize >= 1 else { throw bad("ci_group_size must be at least 1") }
    if ciGroupSize >= 2 {
      guard sampleFraction <= 0.5 else {
        throw bad(
          "sample_fraction \(sampleFraction) > 0.5 cannot give confidence intervals (each tree draws from a "
            + "half-sample); lower it (`causal_forest … sample_fraction: 0.5`) or turn intervals off (`causal_forest … ci_group_size: 1`)"
        )
      }
      guard trees >= 2 * ciGroupSize else {
        throw bad(
          "\(trees) trees are too few for confidence intervals (need at least \(2 * ciGroupSize), and "
            + "several hundred for stable ones); raise trees (`causal_forest … trees: 2000`) or turn intervals off (`causal_forest … ci_group_size: 1`)"
        )
      }
    }
    guard minNodeSize >= 1 else { throw bad("min_node_size must be at least 1") }
    guard honestyFraction > 0 && honestyFraction < 1 else { throw bad("honesty_fraction must be in (0, 1)") }
    guard alpha >= 0 && alpha < 0.25 else { throw bad("alpha must be in [0, 0.25) (got \(alpha))") }
    guard imbalancePenalty >= 0 else { throw bad("imbalance_penalty must be ≥ 0") }
    if let mtry { guard mtry >= 1 else { throw bad("mtry must be at least 1") } }
    guard threads >= 1 else { throw bad("threads must be at least 1") }
    if let t = nuisanceTrees { guard t >= 1 else { throw bad("nuisance trees must be at least 1") } }
    if nuisanceLearner != nil {
      guard nuisanceFolds >= 2 else {
        throw bad("nuisance_folds must be at least 2 for cross-fitted nuisances (got \(nuisanceFolds))")
      }
    }
    if !tune.isEmpty {
      guard tuneTrees >= 10 else { throw bad("tune_trees must be at least 10 (got \(tuneTrees))") }
      guard tuneDraws >= 1 else { throw bad("tune_draws must be at least 1 (got \(tuneDraws))") }
    }
    if let l = llLambda {
      guard l.isFinite && l >= 0 else { throw bad("ll_lambda must be a number ≥ 0 (got \(l))") }
      guard !localLinear.isEmpty else { throw bad("ll_lambda needs local_linear: [columns] to correct on") }
    }
  }

  /// Trees rounded up to a multiple of the group size.
  public var treeCountRounded: Int {
    ciGroupSize <= 1 ? trees : ((trees + ciGroupSize - 1) / ciGroupSize) * ciGroupSize
  }
}
