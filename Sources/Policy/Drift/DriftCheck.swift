import Frame

/// The drift of one feature between the reference and new data.
public struct FeatureDrift: Sendable, Equatable {
  /// Feature name.
  public var name: String
  /// Whether the feature is numeric (KS) or categorical (χ²).
  public var isNumeric: Bool
  /// KS D (numeric) or χ² statistic (categorical).
  public var statistic: Double
  /// χ² degrees of freedom (0 for KS).
  public var df: Int
  /// Two-sided p-value of the test.
  public var pValue: Double
  /// Population stability index (missing values form their own bin when present).
  public var psi: Double
  /// Share of missing values in the reference and in the new data.
  public var referenceMissingShare: Double, newMissingShare: Double
  /// Categorical levels of the new data that the reference never saw (sorted).
  public var unseenLevels: [String]
  /// The verdict.
  public var flag: DriftFlag
}

/// The result of a drift check: one row per feature, the thresholds and a retrain verdict.
public struct DriftResult: Sendable {
  /// Per-feature results, in the reference's order.
  public var features: [FeatureDrift]
  /// The thresholds applied.
  public var thresholds: DriftThresholds
  /// The KS method requested.
  public var ksMethod: KSMethod
  /// Rows in the new data.
  public var newRows: Int
  /// Whether any feature drifted.
  public var retrain: Bool { features.contains { $0.flag == .drift } }

  /// Features sorted worst first (by PSI, then by p-value, then by name).
  public var worstFirst: [FeatureDrift] {
    features.sorted { a, b in
      if a.psi != b.psi { return a.psi > b.psi }
      if a.pValue != b.pValue { return a.pValue < b.pValue }
      return a.name < b.name
    }
  }

  /// One line: whether to retrain, and which features drove the verdict.
  public var summary: String {
    let k = features.count
    let drifted = worstFirst.filter { $0.flag == .drift }
    let watched = worstFirst.filter { $0.flag == .watch }
    func list(_ f: [FeatureDrift]) -> String {
      f.prefix(5).map(\.name).joined(separator: ", ") + (f.count > 5 ? ", …" : "")
    }
    if !drifted.isEmpty {
      return "retrain: \(drifted.count) of \(k) features drifted (\(list(drifted)))"
        + (watched.isEmpty ? "" : "; \(watched.count) to watch (\(list(watched)))")
    }
    if !watched.isEmpty {
      return "no retraining needed yet: \(watched.count) of \(k) features to watch (\(list(watched)))"
    }
    return "no retraining needed: no drift in \(k) features"
  }
}

/// Compares new data with reference distributions, feature by feature: KS and PSI for numeric
/// features, χ² and PSI for categorical ones, each flagged against ``DriftThresholds``.
public enum DriftCheck {
  /// Default number of reference-quantile bins for the PSI of numeric features.
  public static let defaultBins = 10

  /// Checks `new` against saved references (for example a saved policy's training distributions).
  /// Every reference feature must be a column of `new` of the same kind. A thinned numeric reference
  /// (see ``FeatureReference/from(_:columns:maxSample:)``) is tested with its stored sample size.
  public static func run(
    new: DataFrame, against references: [FeatureReference], thresholds: DriftThresholds = DriftThresholds(),
    ksMethod: KSMethod = .auto, bins: Int = defaultBins
  ) throws -> DriftResult {
    try thresholds.validate()
    guard bins >= 2, bins <= 1000 else {
      throw DriftError.invalidOption("bins must be between 2 and 1000 (got \(bins))")
    }
    guard !references.isEmpty else { throw DriftError.invalidOption("no features to check: name at least one column") }
    let pCut = thresholds.pCut(features: references.count)
    var rows: [FeatureDrift] = []
    for ref in references {
      guard let col = new[ref.name] else {
        throw DriftError.missingFeature(ref.name, suggestion: new.suggest(ref.name))
      }
      let cur = FeatureReference.from(col, maxSample: Int.max)
      guard cur.isNumeric == ref.isNumeric else {
        throw DriftError.typeMismatch(ref.name, expected: ref.isNumeric ? "numeric" : "text")
      }
      var row = try compare(ref, cur, bins: bins, ksMethod: ksMethod)
      let significant = row.pValue < pCut
      if row.psi >= thresholds.psiDrift || (significant && row.psi >= thresholds.psiWatch) {
        row.flag = .drift
      } else if row.psi >= thresholds.psiWatch || significant {
        row.flag = .watch
      }
      rows.append(row)
    }
    return DriftResult(features: rows, thresholds: thresholds, ksMethod: ksMethod, newRows: new.rowCount)
  }

  /// Checks `new` against the same columns of a reference frame (all values kept, no thinning).
  public static func run(
    new: DataFrame, against reference: DataFrame, columns: [String], thresholds: DriftThresholds = DriftThresholds(),
    ksMethod: KSMethod = .auto, bins: Int = defaultBins
  ) throws -> DriftResult {
    let refs = try FeatureReference.from(reference, columns: columns, maxSample: Int.max)
    return try run(new: new, against: refs, thresholds: thresholds, ksMethod: ksMethod, bins: bins)
  }

  static func compare(_ ref: FeatureReference, _ cur: FeatureReference, bins: Int, ksMethod: KSMethod) throws
    -> FeatureDrift
  {
    let refTotal = Double(ref.observedCount + ref.missingCount), curTotal = Double(cur.observedCount + cur.missingCount)
    guard refTotal > 0 else { throw DriftError.emptySample("the reference of '\(ref.name)'") }
    guard curTotal > 0 else { throw DriftError.emptySample("the new data's '\(ref.name)'") }
    let anyMissing = ref.missingCount > 0 || cur.missingCount > 0
    var row = FeatureDrift(
      name: ref.name, isNumeric: ref.isNumeric, statistic: 0, df: 0, pValue: 1, psi: 0,
      referenceMissingShare: Double(ref.missingCount) / refTotal,
      newMissingShare: Double(cur.missingCount) / curTotal, unseenLevels: [], flag: .ok)
    switch (ref.kind, cur.kind) {
    case (.numeric(let a), .numeric(let b)):
      guard !a.isEmpty else { throw DriftError.emptySample("the reference of '\(ref.name)'") }
      guard !b.isEmpty else { throw DriftError.emptySample("the new data's '\(ref.name)'") }
      let ks = try KolmogorovSmirnov.twoSample(sorted: a, b, method: ksMethod)
      row.statistic = ks.statistic
      row.pValue = ks.pValue
      let edges = PopulationStability.quantileEdges(sorted: a, bins: bins)
      // A thinned reference sample stands for `observedCount` values: scale its bin counts.
      let scale = Double(ref.observedCount) / Double(a.count)
      var rc = PopulationStability.counts(sorted: a, edges: edges).map { $0 * scale }
      var nc = PopulationStability.counts(sorted: b, edges: edges)
      if anyMissing {
        rc.append(Double(ref.missingCount))
        nc.append(Double(cur.missingCount))
      }
      row.psi = PopulationStability.index(reference: rc, new: nc)
    case (.categorical(let rl, let rcount), .categorical(let nl, let ncount)):
      let levels = Array(Set(rl).union(nl)).sorted()
      var rmap: [String: Int] = [:], nmap: [String: Int] = [:]
      for (l, c) in zip(rl, rcount) { rmap[l] = c }
      for (l, c) in zip(nl, ncount) { nmap[l] = c }
      var rc = levels.map { Double(rmap[$0] ?? 0) }
      var nc = levels.map { Double(nmap[$0] ?? 0) }
      if anyMissing {
        rc.append(Double(ref.missingCount))
        nc.append(Double(cur.missingCount))
      }
      let chi = ChiSquareHomogeneity.test(reference: rc, new: nc)
      row.statistic = chi.statistic
      row.df = chi.df
      row.pValue = chi.pValue
      row.psi = PopulationStability.index(reference: rc, new: nc)
      row.unseenLevels = levels.filter { rmap[$0] == nil }
    default:
      throw DriftError.typeMismatch(ref.name, expected: ref.isNumeric ? "numeric" : "text")
    }
    return row
  }
}

extension DriftResult: Reportable {
  /// The drift table (worst first) with the thresholds and the retrain line.
  public var report: Report {
    let w = worstFirst
    let table = DataFrame.unchecked(
      columns: [
        Column(name: "feature", strings: w.map(\.name)),
        Column(name: "type", strings: w.map { $0.isNumeric ? "numeric" : "categorical" }),
        Column(name: "test", strings: w.map { $0.isNumeric ? "KS" : "chi2(\($0.df))" }),
        Column(name: "statistic", floats: w.map(\.statistic)),
        Column(name: "p_value", floats: w.map(\.pValue)),
        Column(name: "psi", floats: w.map(\.psi)),
        Column(name: "missing_ref", floats: w.map(\.referenceMissingShare)),
        Column(name: "missing_new", floats: w.map(\.newMissingShare)),
        Column(name: "flag", strings: w.map(\.flag.rawValue)),
      ], rowCount: w.count)
    var items: [Report.Item] = [
      .fields([
        Report.Field("features", .int(features.count)),
        Report.Field("new rows", .int(newRows)),
        Report.Field("PSI watch / drift", .string("\(thresholds.psiWatch) / \(thresholds.psiDrift)")),
        Report.Field("test p cut", .float(thresholds.pCut(features: features.count))),
        Report.Field("KS method", .string(ksMethod.rawValue)),
      ]),
      .table(table, title: nil),
    ]
    for f in w where !f.unseenLevels.isEmpty {
      items.append(
        .warning("'\(f.name)' has levels the reference never saw: \(f.unseenLevels.joined(separator: ", "))"))
    }
    items.append(.text(summary))
    return Report(title: "Drift check", items: items)
  }
}
