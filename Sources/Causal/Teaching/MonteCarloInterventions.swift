import Frame

extension MonteCarloStudy {
  /// A Monte Carlo study of ``simulateInterventions(customers:risk:options:)``: each replicate redraws the
  /// offer history on the same customers (only `options.seed` changes) and the estimators adjust for the
  /// covariates of `formula` (`outcome ~ treatment | covariates`, e.g. `churn ~ treatment | tenure + risk`).
  /// The truth of a replicate is the mean of its true individual effects (``ArmTruth/ate``).
  ///
  /// - Throws: what ``simulateInterventions(customers:risk:options:)`` and ``CausalInput/binary`` throw (checked
  ///   once on the first seed before any replicate runs), and what ``run(replicates:seed:estimators:level:progress:draw:)``
  ///   throws.
  public static func interventions(
    customers: DataFrame, risk: [Double]?, options: InterventionOptions, formula: Formula,
    estimators: [StudyEstimator], replicates: Int, seed: Int, level: Double = 0.95,
    progress: ((Int, Int) -> Void)? = nil
  ) throws -> MonteCarloStudy {
    guard options.mode == .binary else {
      throw CausalError.invalidInput("a Monte Carlo study needs mode: binary (one treatment against none)")
    }
    let design = CausalInput.designOptions(
      for: estimators.flatMap { [$0.propensityLearner, $0.outcomeLearner] },
      dropMissing: false)
    let draw: @Sendable (Int) throws -> (data: TreatmentData, truth: Double) = { s in
      var o = options
      o.seed = s
      let sim = try simulateInterventions(customers: customers, risk: risk, options: o)
      guard let truth = sim.truth.first?.ate else {
        throw CausalError.invalidInput("the simulation reported no true effect")
      }
      return (try CausalInput.binary(sim.frame, formula: formula, design: design), truth)
    }
    _ = try draw(seed)  // fail fast on a bad formula or customers, before the parallel replicates
    return try run(
      replicates: replicates, seed: seed, estimators: estimators, level: level, progress: progress, draw: draw)
  }
}
