/// Saving and loading fitted causal forests in a compact binary file (trees as flat arrays).
extension CausalForest {
  static let magic = "churn-causal-forest"
  static let formatVersion = 1

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
    guard (try? r.string()) == magic else {
      throw CausalForestError.invalidInput("'\(path)' is not a churn causal-forest file")
    }
    let version = try r.int()
    guard version == formatVersion else {
      throw CausalForestError.invalidInput("'\(path)' has format version \(version); this churn reads version \(formatVersion)")
    }
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
    let n = y.count
    guard [w.count, yHat.count, wHat.count, tau.count, v.count].allSatisfy({ $0 == n }),
          forest.feature.allSatisfy({ Int($0) < names.count }), covariates.map({ $0.names == names }) ?? true, forest.groupSize == max(1, o.ciGroupSize)
    else { throw CausalForestError.invalidInput("'\(path)' holds an inconsistent forest; save the forest again") }
    return CausalForest(options: o, featureNames: names, outcomeName: outcome, treatmentName: treatment,
                        forest: forest, y: y, w: w, yHat: yHat, wHat: wHat,
                        oob: CausalPredictions(tau: tau, variance: v), nuisanceMethod: method, warnings: warnings,
                        covariates: covariates)
  }
}
