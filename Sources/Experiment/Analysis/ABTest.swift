import Frame
import Stats

/// Analysis of a randomized experiment stored as a frame: one row per unit, an arm column and an outcome.
///
/// Every treatment arm is compared with the control — two proportions for a 0/1 outcome (``Proportions``),
/// Welch's test (CUPED-adjusted with a pre-period covariate) for a numeric one (``Means``) — the p-values of
/// several comparisons are Holm-adjusted (``Holm``), the allocation is checked for a sample ratio mismatch
/// (``SampleRatioCheck``), and optional segments repeat the comparisons per level of a column. Rows with a
/// missing arm, outcome or covariate are dropped and counted.
public enum ABTest {
  /// Runs the analysis. `outcome` and `arm` name columns of `frame`.
  public static func run(_ frame: DataFrame, outcome: String, arm: String, options: ABTestOptions) throws
    -> ABTestResult
  {
    try checkOpenUnit(options.level, "level", context: "ab_test")
    let yCol = try frame.column(outcome), aCol = try frame.column(arm)
    let xCol = try options.pre.map { try frame.column($0) }
    let coding = try ArmCoding(aCol)
    guard let y = yCol.doubles() else {
      throw ExperimentError.invalidInput(
        "ab_test: outcome '\(outcome)' is text; use a 0/1 (or true/false) outcome for "
          + "proportions or a numeric one for means (e.g. mutate churned = Churn == \"Yes\")")
    }
    var x: [Double]? = nil
    if let xCol {
      guard let xs = xCol.doubles() else {
        throw ExperimentError.invalidInput("ab_test: pre-period covariate '\(xCol.name)' must be numeric")
      }
      x = xs
    }
    // Drop rows with a missing arm, outcome or covariate (code −1 from here on).
    var codes = coding.codes
    var droppedArm = 0, droppedOutcome = 0, droppedPre = 0
    for i in codes.indices {
      if codes[i] < 0 {
        droppedArm += 1
        continue
      }
      if !y[i].isFinite {
        codes[i] = -1
        droppedOutcome += 1
        continue
      }
      if let x, !x[i].isFinite {
        codes[i] = -1
        droppedPre += 1
      }
    }
    let labels = coding.labels
    guard let c = labels.firstIndex(of: options.control) else {
      let hint = closestMatch(to: options.control, among: labels).map { " (did you mean '\($0)'?)" } ?? ""
      throw ExperimentError.invalidInput(
        "ab_test: control '\(options.control)' is not an arm of '\(arm)'\(hint); "
          + "arms: \(labels.map { "'\($0)'" }.joined(separator: ", "))")
    }
    var counts = [Int](repeating: 0, count: labels.count)
    for code in codes where code >= 0 { counts[Int(code)] += 1 }
    // Arms in report order: control first, then the others sorted.
    let order = [c] + labels.indices.filter { $0 != c }
    for a in order where counts[a] == 0 {
      throw ExperimentError.invalidInput(
        "ab_test: arm '\(labels[a])' has no units with a non-missing \(outcome)"
          + (options.pre.map { " and \($0)" } ?? "") + "; every arm needs data")
    }
    guard order.count >= 2 else {
      throw ExperimentError.invalidInput(
        "ab_test: '\(arm)' has only the arm '\(labels[c])'; an experiment needs a control and at least one treatment arm"
      )
    }
    let kind = try outcomeKind(y, codes: codes, options: options, outcome: outcome)
    if kind == .proportions, options.pre != nil {
      throw ExperimentError.invalidInput(
        "ab_test: pre: (CUPED) applies to numeric outcomes; '\(outcome)' is 0/1 — drop pre: or use test: \"means\"")
    }
    // Sample ratio mismatch on the analysed units.
    let planned = try plannedShares(options.planned, labels: order.map { labels[$0] })
    let srm = try SampleRatioCheck.run(
      arms: order.map { labels[$0] }, observed: order.map { counts[$0] }, planned: planned)
    var notes: [String] = []
    let dropped = droppedArm + droppedOutcome + droppedPre
    if dropped > 0 {
      var parts: [String] = []
      if droppedArm > 0 { parts.append("\(droppedArm) with a missing \(arm)") }
      if droppedOutcome > 0 { parts.append("\(droppedOutcome) with a missing \(outcome)") }
      if droppedPre > 0, let p = options.pre { parts.append("\(droppedPre) with a missing \(p)") }
      notes.append("dropped \(dropped) of \(y.count) rows: " + parts.joined(separator: ", "))
    }
    let comparisons = try compare(
      kind: kind, y: y, x: x, codes: codes, rows: 0..<y.count, order: order,
      labels: labels, outcome: outcome, options: options)
    let adjusted = Holm.adjust(comparisons.map(\.pValue))
    var segments: DataFrame? = nil
    if let by = options.by {
      segments = try segmentTable(
        frame: frame, by: by, kind: kind, y: y, x: x, codes: codes, order: order,
        labels: labels, outcome: outcome, options: options, notes: &notes)
    }
    return ABTestResult(
      outcome: outcome, arm: arm, kind: kind, control: labels[c],
      comparisons: zip(comparisons, adjusted).map {
        var r = $0
        r.holmPValue = $1
        return r
      },
      srm: srm, segments: segments, segmentColumn: options.by, rows: y.count, dropped: dropped,
      notes: notes)
  }

  /// 0/1 outcomes are proportions unless forced to means; anything else must be means.
  static func outcomeKind(_ y: [Double], codes: [Int32], options: ABTestOptions, outcome: String) throws
    -> ABTestResult.Kind
  {
    var binary = true
    var firstBad: Double? = nil
    for i in y.indices where codes[i] >= 0 && y[i] != 0 && y[i] != 1 {
      binary = false
      firstBad = y[i]
      break
    }
    switch options.test {
    case .means: return .means
    case .proportions:
      guard binary else {
        throw ExperimentError.invalidInput(
          "ab_test: test \"proportions\" needs a 0/1 outcome, but '\(outcome)' has the value "
            + "\(firstBad.map { String($0) } ?? "?"); use test: \"means\" or recode it (mutate y = \(outcome) > 0)")
      }
      return .proportions
    case .auto: return binary ? .proportions : .means
    }
  }

  static func plannedShares(_ planned: [(arm: String, share: Double)]?, labels: [String]) throws -> [Double]? {
    guard let planned else { return nil }
    for p in planned where !labels.contains(p.arm) {
      throw ExperimentError.invalidInput(
        "ab_test: planned allocation names the arm '\(p.arm)', which has no units; "
          + "arms: \(labels.joined(separator: ", "))")
    }
    return try labels.map { l in
      guard let s = planned.first(where: { $0.arm == l })?.share else {
        throw ExperimentError.invalidInput(
          "ab_test: planned allocation has no share for the arm '\(l)'; give one share per arm")
      }
      return s
    }
  }

  /// Each non-control arm in `order` against the control `order[0]`, over `rows` (codes −1 skipped).
  static func compare(
    kind: ABTestResult.Kind, y: [Double], x: [Double]?, codes: [Int32], rows: Range<Int>,
    order: [Int], labels: [String], outcome: String,
    options: ABTestOptions
  ) throws -> [ABTestResult.Comparison] {
    let c = order[0]
    switch kind {
    case .proportions:
      var successes = [Int](repeating: 0, count: labels.count), n = successes
      for i in rows where codes[i] >= 0 {
        let a = Int(codes[i])
        n[a] += 1
        if y[i] == 1 { successes[a] += 1 }
      }
      return try order.dropFirst().map { a in
        let r = try Proportions.compare(
          successes: successes[a], trials: n[a], controlSuccesses: successes[c],
          controlTrials: n[c], level: options.level, fisher: options.fisher,
          labels: (labels[a], labels[c]))
        return ABTestResult.Comparison(arm: labels[a], proportions: r, means: nil, holmPValue: .nan)
      }
    case .means:
      var moments = [ArmMoments](repeating: .empty, count: labels.count)
      ArmMoments.accumulate(into: &moments, codes: codes, y: y, x: x, rows: rows)
      let pooled = order.map { moments[$0] }.reduce(ArmMoments.empty, +)
      return try order.dropFirst().map { a in
        let r =
          x == nil
          ? try Means.welch(
            moments[a], moments[c], level: options.level, outcome: outcome, labels: (labels[a], labels[c]))
          : try Means.cuped(
            moments[a], moments[c], pooled: pooled, level: options.level, outcome: outcome,
            covariate: options.pre ?? "pre", labels: (labels[a], labels[c]))
        return ABTestResult.Comparison(arm: labels[a], proportions: nil, means: r, holmPValue: .nan)
      }
    }
  }

  /// One row per (segment level, treatment arm); segments where a test is impossible get NA and a note.
  static func segmentTable(
    frame: DataFrame, by: String, kind: ABTestResult.Kind, y: [Double], x: [Double]?,
    codes: [Int32], order: [Int], labels: [String], outcome: String, options: ABTestOptions,
    notes: inout [String]
  ) throws -> DataFrame {
    let seg = try ArmCoding(try frame.column(by), role: "segment")
    var segLabels: [String] = [], armCol: [String] = [], sizes: [Int] = []
    var value: [Double?] = [], diff: [Double?] = [], lo: [Double?] = [], hi: [Double?] = [], p: [Double?] = []
    var skipped: [String] = []
    let levels = seg.labels.indices.map { Int32($0) } + (seg.codes.contains(-1) ? [-1] : [])
    for level in levels {
      let name = level < 0 ? "NA" : seg.labels[Int(level)]
      var segCodes = codes
      for i in segCodes.indices where seg.codes[i] != level { segCodes[i] = -1 }
      var counts = [Int](repeating: 0, count: labels.count)
      for code in segCodes where code >= 0 { counts[Int(code)] += 1 }
      var controlValue: Double? = nil
      var rows: [(arm: String, n: Int, value: Double?, r: ABTestResult.Comparison?)] = []
      for a in order.dropFirst() {
        let r = try? compare(
          kind: kind, y: y, x: x, codes: segCodes, rows: 0..<y.count, order: [order[0], a],
          labels: labels, outcome: outcome, options: options
        ).first
        if r == nil { skipped.append("\(name)/\(labels[a])") }
        controlValue = controlValue ?? r?.controlValue
        rows.append((labels[a], counts[a], r?.treatmentValue, r))
      }
      segLabels.append(name)
      armCol.append(labels[order[0]])
      sizes.append(counts[order[0]])
      value.append(controlValue)
      diff.append(nil)
      lo.append(nil)
      hi.append(nil)
      p.append(nil)
      for row in rows {
        segLabels.append(name)
        armCol.append(row.arm)
        sizes.append(row.n)
        value.append(row.value)
        diff.append(row.r?.difference)
        lo.append(row.r?.ciLow)
        hi.append(row.r?.ciHigh)
        p.append(row.r?.pValue)
      }
    }
    if !skipped.isEmpty {
      notes.append(
        "segments without a test (an arm too small or without variation): " + skipped.joined(separator: ", "))
    }
    notes.append(
      "segment findings are exploratory: with \(seg.labels.count) segments some differences look significant by "
        + "chance (p-values are not adjusted); confirm a segment effect in a new experiment before acting on it")
    return DataFrame.unchecked(
      columns: [
        Column(name: by, strings: segLabels), Column(name: "arm", strings: armCol), Column(name: "n", ints: sizes),
        Column(name: kind == .proportions ? "rate" : "mean", floats: value), Column(name: "diff", floats: diff),
        Column(name: "ci_low", floats: lo), Column(name: "ci_high", floats: hi), Column(name: "p_value", floats: p),
      ], rowCount: segLabels.count)
  }
}
