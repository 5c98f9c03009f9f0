/// Saving and loading fitted causal forests in a compact binary file (trees as flat arrays).
extension CausalForest {
  static let magic = "churn-causal-forest"
  /// 2 added the local linear correction (options and per-leaf moments) after the trees; 3 the parameter
  /// tuning (options and the search's record) after that. 1 and 2 are still read.
  static let formatVersion = 3
  static let oldestFormatVersion = 1

  /// The forest as bytes (see ``save(to:)``).
  public func archived() -> [UInt8] {
    var a = ForestArchiveWriter()
    a.string(CausalForest.magic); a.int(CausalForest.formatVersion)
    let o = options
    a.int(o.trees); a.double(o.sampleFraction); a.int(o.mtry ?? -1); a.int(o.minNodeSize)
    a.int(o.honesty ? 1 : 0); a.double(o.honestyFraction); a.int(o.honestyPruneLeaves ? 1 : 0)
    a.double(o.alpha); a.double(o.imbalancePenalty); a.int(o.ciGroupSize); a.int(o.seed); a.int(o.threads)
    a.int(o.nuisanceTrees ?? -1)
    a.strings(featureNames); a.string(outcomeName); a.string(treatmentName)
    a.doubles(y); a.doubles(w); a.doubles(yHat); a.doubles(wHat); a.doubles(oob.tau); a.doubles(oob.variance)
    a.string(nuisanceMethod); a.strings(warnings)
    a.int(covariates == nil ? 0 : 1)
    if let c = covariates {
      a.strings(c.sources)
      for l in c.levels { a.int(l == nil ? 0 : 1); a.strings(l ?? []) }
    }
    forest.write(to: &a)
    a.strings(o.localLinear); a.double(o.llLambda ?? -1)
    a.int(localLinear == nil ? 0 : 1)
    if let ll = localLinear {
      a.int32s(ll.columns.map { Int32(truncatingIfNeeded: $0) }); a.strings(ll.names); a.doubles(ll.mean); a.doubles(ll.sd)
      a.double(ll.lambda ?? -1); a.double(ll.plainRLoss)
      a.doubles(ll.candidates.map(\.lambda)); a.doubles(ll.candidates.map(\.rLoss)); a.doubles(ll.candidates.map(\.z))
      a.doubles(ll.moments)
    }
    a.strings(o.tune.map(\.rawValue)); a.int(o.tuneTrees); a.int(o.tuneDraws)
    a.string(o.nuisanceLearner ?? ""); a.int(o.nuisanceFolds)
    a.int(tuning == nil ? 0 : 1)
    if let t = tuning {
      a.strings(t.parameters.map(\.rawValue)); a.int(t.trees); a.int(t.tuned ? 1 : 0); a.double(t.z); a.int(t.columnCount)
      for trials in [t.trials, t.finalists] {
        a.int(trials.count)
        for trial in trials { a.doubles(trial.values); a.double(trial.error) }
      }
    }
    return a.bytes
  }

  /// Writes the forest to `path`. Loading it gives bit-for-bit identical predictions.
  public func save(to path: String) throws { try ForestFile.write(archived(), to: path) }

  /// Reads a forest written by ``save(to:)``; throws a clear error for a missing, foreign or corrupt file.
  public static func load(from path: String) throws -> CausalForest {
    try unarchive(try ForestFile.read(path), path: path)
  }

  /// Decodes ``archived()`` bytes.
  public static func unarchive(_ bytes: [UInt8], path: String = "<memory>") throws -> CausalForest {
    var r = ForestArchiveReader(bytes: bytes, path: path)
    let found = try? r.string()
    if found == MultiArmCausalForest.magic {
      throw CausalForestError.invalidInput("'\(path)' holds several causal forests (one per arm); load it as a multi-arm forest")
    }
    guard found == magic else {
      throw CausalForestError.invalidInput("'\(path)' is not a churn causal-forest file")
    }
    let version = try r.int()
    try r.checkVersion(version, reads: formatVersion, oldest: oldestFormatVersion)
    let forest = try read(&r, version: version)
    try r.checkEnd()
    return forest
  }

  /// Reads the body that follows the magic and version.
  static func read(_ r: inout ForestArchiveReader, version: Int) throws -> CausalForest {
    let path = r.path
    var o = CausalForestOptions()
    o.trees = try r.int(); o.sampleFraction = try r.double()
    let mtry = try r.int(); o.mtry = mtry < 0 ? nil : mtry
    o.minNodeSize = try r.int(); o.honesty = try r.int() != 0; o.honestyFraction = try r.double()
    o.honestyPruneLeaves = try r.int() != 0; o.alpha = try r.double(); o.imbalancePenalty = try r.double()
    o.ciGroupSize = try r.int(); o.seed = try r.int(); o.threads = max(1, try r.int())
    let nt = try r.int(); o.nuisanceTrees = nt < 0 ? nil : nt
    let names = try r.strings(), outcome = try r.string(), treatment = try r.string()
    let y = try r.doubles(), w = try r.doubles(), yHat = try r.doubles(), wHat = try r.doubles()
    let tau = try r.doubles(), v = try r.doubles()
    let method = try r.string(), warnings = try r.strings()
    var covariates: ForestCovariates? = nil
    if try r.int() != 0 {
      let sources = try r.strings()
      var levels: [[String]?] = []
      for _ in sources { let has = try r.int() != 0; let l = try r.strings(); levels.append(has ? l : nil) }
      covariates = ForestCovariates(sources: sources, levels: levels)
    }
    let forest = try CompactForest.read(from: &r)
    var ll: LocalLinearCorrection? = nil
    if version >= 2 {
      o.localLinear = try r.strings()
      let lambda = try r.double(); o.llLambda = lambda < 0 ? nil : lambda
      if try r.int() != 0 {
        let columns = try r.int32s().map(Int.init), llNames = try r.strings(), mean = try r.doubles(), sd = try r.doubles()
        let chosen = try r.double(), plain = try r.double()
        let lambdas = try r.doubles(), losses = try r.doubles(), zs = try r.doubles()
        let moments = try r.doubles()
        let p = columns.count
        let leaves = forest.leafValues.count / CausalLeafSummary.width
        guard llNames.count == p, mean.count == p, sd.count == p, columns.allSatisfy({ $0 >= 0 && $0 < names.count }),
              losses.count == lambdas.count, zs.count == lambdas.count,
              moments.isEmpty || moments.count == leaves * LocalLinearMoments.width(p: p), chosen < 0 || !moments.isEmpty
        else { throw CausalForestError.invalidInput("'\(path)' holds an inconsistent forest; save the forest again") }
        ll = LocalLinearCorrection(columns: columns, names: llNames, mean: mean, sd: sd, lambda: chosen < 0 ? nil : chosen,
                                   candidates: lambdas.indices.map { .init(lambda: lambdas[$0], rLoss: losses[$0], z: zs[$0]) },
                                   plainRLoss: plain, moments: moments)
      }
    }
    var tuning: CausalForestTuning? = nil
    if version >= 3 {
      func tunables(_ names: [String]) throws -> [CausalForestTunable] {
        try names.map {
          guard let t = CausalForestTunable(rawValue: $0) else {
            throw CausalForestError.invalidInput("'\(path)' names an unknown tuning parameter '\($0)'; save the forest again")
          }
          return t
        }
      }
      o.tune = try tunables(try r.strings()); o.tuneTrees = try r.int(); o.tuneDraws = try r.int()
      let learner = try r.string()
      o.nuisanceLearner = learner.isEmpty ? nil : learner
      o.nuisanceFolds = try r.int()
      if try r.int() != 0 {
        let parameters = try tunables(try r.strings())
        let trees = try r.int(), tuned = try r.int() != 0, z = try r.double(), columns = try r.int()
        var lists: [[CausalForestTuning.Trial]] = []
        for _ in 0..<2 {
          let count = try r.int()
          guard count >= 0 && count <= 1_000_000 else {
            throw CausalForestError.invalidInput("'\(path)' holds an inconsistent forest; save the forest again")
          }
          var trials: [CausalForestTuning.Trial] = []
          for _ in 0..<count {
            let values = try r.doubles(), error = try r.double()
            guard values.count == parameters.count else {
              throw CausalForestError.invalidInput("'\(path)' holds an inconsistent forest; save the forest again")
            }
            trials.append(.init(values: values, error: error))
          }
          lists.append(trials)
        }
        tuning = CausalForestTuning(parameters: parameters, trees: trees, trials: lists[0], finalists: lists[1],
                                    z: z, tuned: tuned, chosen: o, columnCount: columns)
      }
    }
    let n = y.count
    guard [w.count, yHat.count, wHat.count, tau.count, v.count].allSatisfy({ $0 == n }),
          forest.trees.nodes.allSatisfy({ $0.isLeaf || $0.feature < names.count }), covariates.map({ $0.names == names }) ?? true, forest.groupSize == max(1, o.ciGroupSize)
    else { throw CausalForestError.invalidInput("'\(path)' holds an inconsistent forest; save the forest again") }
    return CausalForest(options: o, featureNames: names, outcomeName: outcome, treatmentName: treatment,
                        forest: forest, y: y, w: w, yHat: yHat, wHat: wHat,
                        oob: CausalPredictions(tau: tau, variance: v), nuisanceMethod: method, warnings: warnings,
                        covariates: covariates, localLinear: ll, tuning: tuning)
  }
}

/// Saving and loading several-arm forests: format "churn-multi-arm-causal-forest", version 1.
///
/// Layout (little-endian; `int` is 8 bytes, `string` an int length and UTF-8 bytes, arrays an int count
/// then the elements): magic string, version int, baseline string, arms (string array), training row
/// count int, then per arm, in `arms` order, its training rows (int32 array, ascending) and its forest
/// as a byte array holding a complete single-forest archive (``CausalForest/archived()``, with its own
/// magic and version). Nothing may follow the last arm.
extension MultiArmCausalForest {
  static let magic = "churn-multi-arm-causal-forest"
  static let formatVersion = 1

  /// The forests as bytes (see ``save(to:)``).
  public func archived() -> [UInt8] {
    var a = ForestArchiveWriter()
    a.string(MultiArmCausalForest.magic); a.int(MultiArmCausalForest.formatVersion)
    a.string(baseline); a.strings(arms); a.int(trainingRowCount)
    for (k, f) in forests.enumerated() {
      a.int32s(rows[k].map { Int32(truncatingIfNeeded: $0) })
      a.uint8s(f.archived())
    }
    return a.bytes
  }

  /// Writes the forests to `path`. Loading them gives bit-for-bit identical effects and intervals for
  /// every arm, out-of-bag ones included.
  public func save(to path: String) throws { try ForestFile.write(archived(), to: path) }

  /// Reads forests written by ``save(to:)``; throws a clear error for a missing, foreign, corrupt or
  /// newer-version file.
  public static func load(from path: String) throws -> MultiArmCausalForest {
    try unarchive(try ForestFile.read(path), path: path)
  }

  /// Decodes ``archived()`` bytes.
  public static func unarchive(_ bytes: [UInt8], path: String = "<memory>") throws -> MultiArmCausalForest {
    var r = ForestArchiveReader(bytes: bytes, path: path)
    let found = try? r.string()
    if found == CausalForest.magic {
      throw CausalForestError.invalidInput("'\(path)' holds a single causal forest, not one per arm")
    }
    guard found == magic else {
      throw CausalForestError.invalidInput("'\(path)' is not a churn multi-arm causal-forest file")
    }
    try r.checkVersion(try r.int(), reads: formatVersion)
    let baseline = try r.string(), arms = try r.strings(), n = try r.int()
    let bad = CausalForestError.invalidInput("'\(path)' holds inconsistent forests; save the forests again")
    guard n >= 0, !arms.isEmpty, !arms.contains(baseline), Set(arms).count == arms.count else { throw bad }
    var forests: [CausalForest] = [], rowSets: [[Int]] = []
    for _ in arms {
      let rows = try r.int32s().map(Int.init)
      var inner = ForestArchiveReader(bytes: try r.uint8s(), path: path)
      guard (try? inner.string()) == CausalForest.magic else { throw bad }
      let version = try inner.int()
      try inner.checkVersion(version, reads: CausalForest.formatVersion, oldest: CausalForest.oldestFormatVersion)
      let f = try CausalForest.read(&inner, version: version)
      try inner.checkEnd()
      guard rows.count == f.rowCount, zip(rows, rows.dropFirst()).allSatisfy({ $0 < $1 }),
            rows.allSatisfy({ $0 >= 0 && $0 < n })
      else { throw bad }
      forests.append(f); rowSets.append(rows)
    }
    try r.checkEnd()
    return MultiArmCausalForest(baseline: baseline, arms: arms, forests: forests, rows: rowSets, trainingRowCount: n)
  }
}

/// A causal-forest file of either kind, told apart by its magic string.
public enum SavedCausalForest: Sendable {
  case single(CausalForest)
  case multiArm(MultiArmCausalForest)

  /// Reads a file written by ``CausalForest/save(to:)`` or ``MultiArmCausalForest/save(to:)``.
  public static func load(from path: String) throws -> SavedCausalForest {
    try unarchive(try ForestFile.read(path), path: path)
  }

  /// Whether `path` starts like a causal-forest file of either kind (it may still be damaged further on).
  public static func isForestFile(_ path: String) -> Bool {
    var r = ForestArchiveReader(bytes: ForestFile.prefix(path, 64), path: path)
    let found = try? r.string()
    return found == CausalForest.magic || found == MultiArmCausalForest.magic
  }

  /// Decodes the bytes of either kind of file.
  public static func unarchive(_ bytes: [UInt8], path: String = "<memory>") throws -> SavedCausalForest {
    var r = ForestArchiveReader(bytes: bytes, path: path)
    if (try? r.string()) == MultiArmCausalForest.magic {
      return .multiArm(try MultiArmCausalForest.unarchive(bytes, path: path))
    }
    return .single(try CausalForest.unarchive(bytes, path: path))
  }
}
