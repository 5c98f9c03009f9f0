import Learn

/// The parts a saved causal forest is made of, each written and read the same way in the container
/// format (one section per part, ``CausalForestFile``) and in the older single archive (the parts one
/// after the other, ``LegacyForestArchive``): options, training data, trees, local linear correction,
/// tuning. Every number is written as its raw IEEE bits.
extension CausalForest {
  /// The training rows as the forest saw them, with names and encodings.
  struct TrainingPart {
    var names: [String], outcome: String, treatment: String
    var y: [Double], w: [Double], yHat: [Double], wHat: [Double], oob: CausalPredictions
    var method: String, warnings: [String], covariates: ForestCovariates?
  }

  /// Growth options (trees … nuisance trees).
  static func writeCoreOptions(_ o: CausalForestOptions, to a: inout ByteWriter) {
    a.int(o.trees)
    a.double(o.sampleFraction)
    a.int(o.mtry ?? -1)
    a.int(o.minNodeSize)
    a.bool(o.honesty)
    a.double(o.honestyFraction)
    a.bool(o.honestyPruneLeaves)
    a.double(o.alpha)
    a.double(o.imbalancePenalty)
    a.int(o.ciGroupSize)
    a.int(o.seed)
    a.int(o.threads)
    a.int(o.nuisanceTrees ?? -1)
  }

  static func readCoreOptions(_ r: inout ByteReader) throws -> CausalForestOptions {
    var o = CausalForestOptions()
    o.trees = try r.int()
    o.sampleFraction = try r.double()
    let mtry = try r.int()
    o.mtry = mtry < 0 ? nil : mtry
    o.minNodeSize = try r.int()
    o.honesty = try r.bool()
    o.honestyFraction = try r.double()
    o.honestyPruneLeaves = try r.bool()
    o.alpha = try r.double()
    o.imbalancePenalty = try r.double()
    o.ciGroupSize = try r.int()
    o.seed = try r.int()
    o.threads = max(1, try r.int())
    let nt = try r.int()
    o.nuisanceTrees = nt < 0 ? nil : nt
    return o
  }

  func writeTraining(to a: inout ByteWriter) {
    a.strings(featureNames)
    a.string(outcomeName)
    a.string(treatmentName)
    a.doubles(y)
    a.doubles(w)
    a.doubles(yHat)
    a.doubles(wHat)
    a.doubles(oob.tau)
    a.doubles(oob.variance)
    a.string(nuisanceMethod)
    a.strings(warnings)
    a.bool(covariates != nil)
    if let c = covariates {
      a.strings(c.sources)
      for l in c.levels {
        a.bool(l != nil)
        a.strings(l ?? [])
      }
    }
  }

  static func readTraining(_ r: inout ByteReader) throws -> TrainingPart {
    let names = try r.strings(), outcome = try r.string(), treatment = try r.string()
    let y = try r.doubles(), w = try r.doubles(), yHat = try r.doubles(), wHat = try r.doubles()
    let tau = try r.doubles(), v = try r.doubles()
    let method = try r.string(), warnings = try r.strings()
    var covariates: ForestCovariates? = nil
    if try r.bool() {
      let sources = try r.strings()
      var levels: [[String]?] = []
      for _ in sources {
        let has = try r.bool()
        let l = try r.strings()
        levels.append(has ? l : nil)
      }
      covariates = ForestCovariates(sources: sources, levels: levels)
    }
    return TrainingPart(
      names: names, outcome: outcome, treatment: treatment, y: y, w: w, yHat: yHat, wHat: wHat,
      oob: CausalPredictions(tau: tau, variance: v), method: method, warnings: warnings,
      covariates: covariates)
  }

  /// The local linear options and, when fitted, the correction (columns, scaling, λ search, moments).
  func writeLocalLinear(to a: inout ByteWriter) {
    a.strings(options.localLinear)
    a.double(options.llLambda ?? -1)
    a.bool(localLinear != nil)
    if let ll = localLinear {
      a.int32s(ll.columns.map { Int32(truncatingIfNeeded: $0) })
      a.strings(ll.names)
      a.doubles(ll.mean)
      a.doubles(ll.sd)
      a.double(ll.lambda ?? -1)
      a.double(ll.plainRLoss)
      a.doubles(ll.candidates.map(\.lambda))
      a.doubles(ll.candidates.map(\.rLoss))
      a.doubles(ll.candidates.map(\.z))
      a.doubles(ll.moments)
    }
  }

  /// Reads the local linear part into `o`; `features` and `leaves` bound its indices and moment count.
  static func readLocalLinear(
    _ r: inout ByteReader, into o: inout CausalForestOptions, features: Int, leaves: Int,
    bad: CausalForestError
  ) throws -> LocalLinearCorrection? {
    o.localLinear = try r.strings()
    let lambda = try r.double()
    o.llLambda = lambda < 0 ? nil : lambda
    guard try r.bool() else { return nil }
    let columns = try r.int32s().map(Int.init), llNames = try r.strings(), mean = try r.doubles(), sd = try r.doubles()
    let chosen = try r.double(), plain = try r.double()
    let lambdas = try r.doubles(), losses = try r.doubles(), zs = try r.doubles()
    let moments = try r.doubles()
    let p = columns.count
    guard llNames.count == p, mean.count == p, sd.count == p, columns.allSatisfy({ $0 >= 0 && $0 < features }),
      losses.count == lambdas.count, zs.count == lambdas.count,
      moments.isEmpty || moments.count == leaves * LocalLinearMoments.width(p: p), chosen < 0 || !moments.isEmpty
    else { throw bad }
    return LocalLinearCorrection(
      columns: columns, names: llNames, mean: mean, sd: sd, lambda: chosen < 0 ? nil : chosen,
      candidates: lambdas.indices.map { .init(lambda: lambdas[$0], rLoss: losses[$0], z: zs[$0]) },
      plainRLoss: plain, moments: moments)
  }

  /// The tuning options and, when the options were tuned, the search's record.
  func writeTuning(to a: inout ByteWriter) {
    let o = options
    a.strings(o.tune.map(\.rawValue))
    a.int(o.tuneTrees)
    a.int(o.tuneDraws)
    a.string(o.nuisanceLearner ?? "")
    a.int(o.nuisanceFolds)
    a.bool(tuning != nil)
    if let t = tuning {
      a.strings(t.parameters.map(\.rawValue))
      a.int(t.trees)
      a.bool(t.tuned)
      a.double(t.z)
      a.int(t.columnCount)
      for trials in [t.trials, t.finalists] {
        a.int(trials.count)
        for trial in trials {
          a.doubles(trial.values)
          a.double(trial.error)
        }
      }
    }
  }

  /// Reads the tuning part into `o` (which must hold every other option: the record keeps the choice).
  static func readTuning(
    _ r: inout ByteReader, into o: inout CausalForestOptions, path: String,
    bad: CausalForestError
  ) throws -> CausalForestTuning? {
    func tunables(_ names: [String]) throws -> [CausalForestTunable] {
      try names.map {
        guard let t = CausalForestTunable(rawValue: $0) else {
          throw CausalForestError.invalidInput(
            "'\(path)' names an unknown tuning parameter '\($0)'; save the forest again")
        }
        return t
      }
    }
    o.tune = try tunables(try r.strings())
    o.tuneTrees = try r.int()
    o.tuneDraws = try r.int()
    let learner = try r.string()
    o.nuisanceLearner = learner.isEmpty ? nil : learner
    o.nuisanceFolds = try r.int()
    guard try r.bool() else { return nil }
    let parameters = try tunables(try r.strings())
    let trees = try r.int(), tuned = try r.bool(), z = try r.double(), columns = try r.int()
    var lists: [[CausalForestTuning.Trial]] = []
    for _ in 0..<2 {
      let count = try r.int()
      guard count >= 0 && count <= r.remaining / 16 else { throw bad }
      var trials: [CausalForestTuning.Trial] = []
      for _ in 0..<count {
        let values = try r.doubles(), error = try r.double()
        guard values.count == parameters.count else { throw bad }
        trials.append(.init(values: values, error: error))
      }
      lists.append(trials)
    }
    return CausalForestTuning(
      parameters: parameters, trees: trees, trials: lists[0], finalists: lists[1],
      z: z, tuned: tuned, chosen: o, columnCount: columns)
  }

  /// The forest from its parts, after checking that they fit together.
  static func assemble(
    _ o: CausalForestOptions, _ d: TrainingPart, _ forest: CompactForest,
    _ ll: LocalLinearCorrection?, _ tuning: CausalForestTuning?, bad: CausalForestError
  ) throws
    -> CausalForest
  {
    let n = d.y.count
    guard [d.w.count, d.yHat.count, d.wHat.count, d.oob.tau.count, d.oob.variance.count].allSatisfy({ $0 == n }),
      forest.trees.nodes.allSatisfy({ $0.isLeaf || $0.feature < d.names.count }),
      d.covariates.map({ $0.names == d.names }) ?? true, forest.groupSize == max(1, o.ciGroupSize)
    else { throw bad }
    return CausalForest(
      options: o, featureNames: d.names, outcomeName: d.outcome, treatmentName: d.treatment,
      forest: forest, y: d.y, w: d.w, yHat: d.yHat, wHat: d.wHat, oob: d.oob,
      nuisanceMethod: d.method, warnings: d.warnings, covariates: d.covariates, localLinear: ll,
      tuning: tuning)
  }
}
