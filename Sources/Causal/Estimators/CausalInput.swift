import Frame

/// Builds estimator inputs from a data frame and a causal formula `outcome ~ treatment | covariates`.
///
/// The treatment is encoded by ``binaryTreatment(_:treated:control:)`` (or as arms for several); the
/// covariates become a design matrix through Frame's `DesignSpec`, with the encoding the nuisance learners
/// want (``designOptions(for:dropMissing:)``). Rows of arms not compared are left out and counted in `notes`.
public enum CausalInput {
  /// Outcome, 0/1 treatment and covariates for a binary comparison.
  ///
  /// - Parameters:
  ///   - treated, control: arm names for a text treatment (needed when it has more than two levels).
  ///   - dropMissing: drop rows with a missing outcome, treatment or covariate (counted in `notes`) instead of
  ///     throwing.
  /// - Throws: unknown columns (with did-you-mean), a formula without a treatment, missing values (unless
  ///   dropped), a treatment that is not binary, a constant outcome.
  public static func binary(
    _ frame: DataFrame, formula: Formula, treated: String? = nil, control: String? = nil,
    design: DesignOptions, dropMissing: Bool = false
  ) throws -> TreatmentData {
    let b = try binaryParts(
      frame, formula: formula, treated: treated, control: control, design: design,
      dropMissing: dropMissing, withOutcome: true)
    try checkOutcomeVaries(b.y, name: formula.outcome)
    var data = try TreatmentData(
      y: b.y, t: b.t, x: b.x, outcomeName: formula.outcome, treatmentName: b.treatmentName,
      treatedLabel: b.treatedLabel, controlLabel: b.controlLabel, notes: b.notes)
    data.sourceRows = b.rows
    return data
  }

  /// Treatment and covariates only (for propensity models and balance): `treatment ~ covariates`, or the
  /// treatment and covariates of `outcome ~ treatment | covariates` (the outcome is not read).
  public static func treatmentOnly(
    _ frame: DataFrame, formula: Formula, treated: String? = nil, control: String? = nil,
    design: DesignOptions, dropMissing: Bool = false
  )
    throws -> (t: [Double], x: DesignMatrix, sourceRows: [Int], treatmentName: String, notes: [String])
  {
    let f =
      formula.treatment == nil
      ? Formula(outcome: formula.outcome, treatment: formula.outcome, terms: formula.terms, excluded: formula.excluded)
      : formula
    let b = try binaryParts(
      frame, formula: f, treated: treated, control: control, design: design,
      dropMissing: dropMissing, withOutcome: false)
    try checkBinaryTreatment(b.t, name: b.treatmentName)
    return (b.t, b.x, b.rows, b.treatmentName, b.notes)
  }

  private struct BinaryParts {
    var y: [Double], t: [Double], x: DesignMatrix, rows: [Int]
    var treatmentName: String, treatedLabel: String, controlLabel: String, notes: [String]
  }

  private static func binaryParts(
    _ frame: DataFrame, formula: Formula, treated: String?, control: String?,
    design: DesignOptions, dropMissing: Bool, withOutcome: Bool
  ) throws -> BinaryParts {
    guard let tName = formula.treatment else {
      throw CausalError.invalidInput("formula '\(formula)' has no treatment; write 'outcome ~ treatment | covariates'")
    }
    let tCol = try frame.column(tName)
    let coded = try binaryTreatment(tCol, treated: treated, control: control)
    var keep: [Int] = []
    var otherArms = 0, missingT = 0
    for i in 0..<frame.rowCount {
      if coded.values[i] != nil { keep.append(i) } else if tCol.isMissing(i) { missingT += 1 } else { otherArms += 1 }
    }
    if missingT > 0 && !dropMissing {
      throw CausalError.missingValues(column: tName, role: "treatment", count: missingT)
    }
    var notes: [String] = []
    if otherArms > 0 {
      notes.append(
        "\(otherArms) rows of other arms of '\(tName)' were left out (comparing \(coded.treatedLabel) "
          + "with \(coded.controlLabel))")
    }
    let sub = frame.rows(keep)
    let (x, y, rows, dropped, truthNotes) = try covariatesAndOutcome(
      sub, formula: formula, design: design, dropMissing: dropMissing, withOutcome: withOutcome)
    let t = rows.map { coded.values[keep[$0]] ?? .nan }
    notes += truthNotes
    if missingT + dropped > 0 {
      notes.append("\(missingT + dropped) rows with missing values were dropped")
    }
    return BinaryParts(
      y: y, t: t, x: x, rows: rows.map { keep[$0] }, treatmentName: tName,
      treatedLabel: coded.treatedLabel, controlLabel: coded.controlLabel, notes: notes)
  }

  /// Outcome, arm index and covariates for a comparison of several arms against a baseline.
  ///
  /// Arms are the treatment's distinct values in sorted order; the baseline is `baseline`, else an arm called
  /// "none", "control", "no", "false" or "0", else the first.
  /// With `withOutcome: false` the outcome is not read (its values are 0), for propensity models; the formula
  /// may then be `treatment ~ covariates`.
  public static func multiArm(
    _ frame: DataFrame, formula: Formula, baseline: String? = nil, design: DesignOptions,
    dropMissing: Bool = false, withOutcome: Bool = true
  ) throws -> MultiArmData {
    let formula =
      !withOutcome && formula.treatment == nil
      ? Formula(outcome: formula.outcome, treatment: formula.outcome, terms: formula.terms, excluded: formula.excluded)
      : formula
    guard let tName = formula.treatment else {
      throw CausalError.invalidInput("formula '\(formula)' has no treatment; write 'outcome ~ treatment | covariates'")
    }
    let tCol = try frame.column(tName)
    var labels = [String?](repeating: nil, count: frame.rowCount)
    for i in 0..<frame.rowCount {
      if let s = tCol.string(at: i) { labels[i] = s } else if let d = tCol.double(at: i) { labels[i] = formatPlain(d) }
    }
    let missingT = labels.reduce(0) { $0 + ($1 == nil ? 1 : 0) }
    if missingT > 0 && !dropMissing {
      throw CausalError.missingValues(column: tName, role: "treatment", count: missingT)
    }
    let keep = labels.indices.filter { labels[$0] != nil }
    let sub = frame.rows(keep)
    let (x, y, rows, dropped, truthNotes) = try covariatesAndOutcome(
      sub, formula: formula, design: design, dropMissing: dropMissing, withOutcome: withOutcome)
    let armOfRow = rows.map { labels[keep[$0]] ?? "" }
    if withOutcome { try checkOutcomeVaries(y, name: formula.outcome) }
    var notes = truthNotes
    if missingT + dropped > 0 { notes.append("\(missingT + dropped) rows with missing values were dropped") }
    return try MultiArmData(
      y: y, armLabels: armOfRow, x: x, baseline: baseline, outcomeName: formula.outcome,
      treatmentName: tName, notes: notes)
  }

  /// Design options that suit every learner given: missing values an error if any learner cannot take them
  /// (or rows dropped with `dropMissing`), dummies when every learner is linear, whole categorical codes
  /// otherwise (GLM learners expand codes into dummies themselves); never an intercept (learners add their own).
  public static func designOptions(for learners: [any NuisanceLearner], dropMissing: Bool) -> DesignOptions {
    let allDummies = learners.allSatisfy { $0.designOptions.categorical == .dummies }
    let missing: MissingPolicy =
      dropMissing
      ? .dropRows
      : (learners.contains { $0.designOptions.missing == .error } ? .error : .keep)
    return DesignOptions(
      missing: missing, categorical: allDummies ? .dummies : .codes, unseenLevels: .ignore,
      intercept: false, rejectConstant: false)
  }

  /// Design matrix, encoded outcome, the frame rows they come from, and how many rows were dropped.
  static func covariatesAndOutcome(
    _ frame: DataFrame, formula: Formula, design: DesignOptions, dropMissing: Bool,
    withOutcome: Bool = true
  ) throws -> (DesignMatrix, [Double], [Int], Int, [String]) {
    guard let tName = formula.treatment else { throw CausalError.invalidInput("formula has no treatment") }
    var kind: OutcomeKind? = nil
    if withOutcome {
      let oCol = try frame.column(formula.outcome)
      if !dropMissing && oCol.missingCount > 0 {
        throw CausalError.missingValues(column: formula.outcome, role: "outcome", count: oCol.missingCount)
      }
      kind = oCol.type == .float || oCol.type == .int ? .continuous : .binary
    }
    if formula.terms.contains(tName) {
      throw CausalError.invalidInput("formula '\(formula)': the treatment '\(tName)' cannot also be a covariate")
    }
    // `outcome ~ treatment` (no covariates, for the naive difference): the outcome is encoded beside the
    // treatment column, which is then dropped, so the design has rows but no columns.
    let noCovariates = formula.terms.isEmpty
    let excluded = formula.excluded + (noCovariates ? [] : [tName]) + (withOutcome ? [] : [formula.outcome])
    let f = Formula(
      outcome: formula.outcome, treatment: nil, terms: noCovariates ? [tName] : formula.terms,
      excluded: excluded)
    let spec = try DesignSpec.fit(f, on: frame, outcome: kind, options: design)
    let d = try spec.data(frame, withOutcome: withOutcome)
    let y = d.y ?? [Double](repeating: 0, count: d.x.rowCount)
    if withOutcome && d.y == nil {
      throw CausalError.invalidInput("the outcome '\(formula.outcome)' could not be encoded")
    }
    let x = noCovariates ? DesignMatrix(rowCount: d.x.rowCount, columnNames: [], values: [], rows: d.x.rows) : d.x
    let truthNotes = try f.resolvedTermsWithNotes(in: frame).notes
    return (x, y, d.x.rows, frame.rowCount - d.x.rowCount, truthNotes)
  }
}
