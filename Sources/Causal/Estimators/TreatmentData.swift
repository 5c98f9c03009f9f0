import Frame

/// Outcome, binary treatment and covariates of one causal analysis, checked once.
///
/// `t[i]` is 1 for treated and 0 for control rows; `x` holds the covariates of the same rows (column-major,
/// see `DesignMatrix`). The initializer rejects what no estimator can use: missing outcomes or treatments,
/// a treatment that is not 0/1, a treatment with a single value, inputs of different lengths.
public struct TreatmentData: Sendable {
  public let y: [Double]
  public let t: [Double]
  public let x: DesignMatrix
  public var outcomeName: String
  public var treatmentName: String
  /// Label of the treated arm (for reports), e.g. "discount_99" or "1".
  public var treatedLabel: String
  /// Label of the control arm, e.g. "none" or "0".
  public var controlLabel: String
  /// Notes about how the rows were obtained (rows dropped for missing values, arms left out).
  public var notes: [String]
  /// For each row, the row of the source frame it came from (0..<n when built from arrays).
  public var sourceRows: [Int]

  /// Validates and stores the data.
  /// - Throws: ``CausalError`` naming the problem (missing values, non-binary or constant treatment, length mismatch).
  public init(
    y: [Double], t: [Double], x: DesignMatrix, outcomeName: String = "y", treatmentName: String = "t",
    treatedLabel: String = "1", controlLabel: String = "0", notes: [String] = []
  ) throws {
    guard y.count == t.count, y.count == x.rowCount else {
      throw CausalError.invalidInput(
        "outcome (\(y.count)), treatment (\(t.count)) and covariates (\(x.rowCount) rows) "
          + "must have the same number of rows")
    }
    try checkOutcome(y, name: outcomeName)
    try checkBinaryTreatment(t, name: treatmentName)
    self.y = y
    self.t = t
    self.x = x
    self.outcomeName = outcomeName
    self.treatmentName = treatmentName
    self.treatedLabel = treatedLabel
    self.controlLabel = controlLabel
    self.notes = notes
    self.sourceRows = Array(0..<y.count)
  }

  /// Number of rows.
  public var n: Int { y.count }
  /// Number of treated rows.
  public var nTreated: Int { t.reduce(0) { $0 + ($1 == 1 ? 1 : 0) } }
  /// Number of control rows.
  public var nControl: Int { n - nTreated }
  /// True when every outcome is 0 or 1 (then outcome models are classifiers).
  public var outcomeIsBinary: Bool { isZeroOne(y) }
}

/// Rejects missing or infinite outcomes.
func checkOutcome(_ y: [Double], name: String) throws {
  let missing = y.reduce(0) { $0 + ($1.isNaN ? 1 : 0) }
  if missing > 0 { throw CausalError.missingValues(column: name, role: "outcome", count: missing) }
  if let i = y.firstIndex(where: { $0.isInfinite }) {
    throw CausalError.invalidInput("outcome '\(name)' is infinite in row \(i + 1); replace infinite values first")
  }
}

/// Rejects an outcome with a single value in the rows kept, as `fit logit` does: every effect on it is zero
/// by construction, and the estimators would print a rounding-noise estimate with a meaningless SE and p-value.
func checkOutcomeVaries(_ y: [Double], name: String) throws {
  guard let first = y.first(where: { !$0.isNaN }) else { return }
  if y.allSatisfy({ $0 == first || $0.isNaN }) {
    throw CausalError.degenerate(
      "outcome '\(name)' is constant (every row kept is \(formatPlain(first))), so every effect on it is zero by "
        + "construction and no standard error or p-value means anything; check the outcome column and the rows kept")
  }
}

/// Rejects missing, non-0/1 or single-valued treatments.
func checkBinaryTreatment(_ t: [Double], name: String) throws {
  let missing = t.reduce(0) { $0 + ($1.isNaN ? 1 : 0) }
  if missing > 0 { throw CausalError.missingValues(column: name, role: "treatment", count: missing) }
  if !isZeroOne(t) {
    let seen = Array(Set(t)).sorted().map { formatPlain($0) }
    throw CausalError.notBinaryTreatment(column: name, seen: seen)
  }
  let treated = t.reduce(0) { $0 + ($1 == 1 ? 1 : 0) }
  if treated == 0 || treated == t.count {
    throw CausalError.constantTreatment(
      "treatment '\(name)' is \(treated == 0 ? 0 : 1) in every row (\(t.count) rows); an effect needs both treated "
        + "and control rows — check the filter or the treatment column")
  }
}

/// True when every value is exactly 0 or 1.
func isZeroOne(_ v: [Double]) -> Bool { v.allSatisfy { $0 == 0 || $0 == 1 } }

/// A number as short plain text for messages (integers without a decimal point).
func formatPlain(_ x: Double) -> String {
  if x.isFinite && x == x.rounded() && abs(x) < 1e15 { return String(Int(x)) }
  return String(x)
}

/// Turns a treatment column into 0/1 values.
///
/// Numeric and bool columns must hold 0/1 (false/true). Text columns with two levels use as control the
/// level named by `control`, else a level called "none", "control", "no", "false" or "0" (case-insensitive),
/// else the first level in sorted order. With more than two levels both `treated` and `control` must be
/// named; rows of the other arms become nil (the caller drops and reports them).
///
/// - Returns: per-row 0/1 (nil = missing or another arm), and the treated and control labels.
public func binaryTreatment(_ column: Column, treated: String? = nil, control: String? = nil) throws
  -> (values: [Double?], treatedLabel: String, controlLabel: String)
{
  let n = column.count
  if column.type != .string {
    if treated != nil || control != nil {
      throw CausalError.invalidInput(
        "treatment '\(column.name)' is numeric; treated:/control: name arms of a text column")
    }
    var out = [Double?](repeating: nil, count: n)
    var bad = Set<Double>()
    for i in 0..<n {
      guard let v = column.double(at: i) else { continue }
      if v != 0 && v != 1 { bad.insert(v) }
      out[i] = v
    }
    if !bad.isEmpty {
      var seen = Set<Double>()
      for v in out { if let v { seen.insert(v) } }
      throw CausalError.notBinaryTreatment(column: column.name, seen: seen.sorted().map { formatPlain($0) })
    }
    return (out, column.type == .bool ? "true" : "1", column.type == .bool ? "false" : "0")
  }
  var present = Set<String>()
  for i in 0..<n { if let s = column.string(at: i) { present.insert(s) } }
  let levels = present.sorted()
  func check(_ a: String) throws {
    if !present.contains(a) {
      throw CausalError.unknownArm(a, arms: levels, suggestion: closestMatch(to: a, among: levels))
    }
  }
  if let treated { try check(treated) }
  if let control { try check(control) }
  var c: String, tr: String
  if levels.count > 2 {
    guard let treated, let control else {
      throw CausalError.notBinaryTreatment(column: column.name, seen: levels)
    }
    (tr, c) = (treated, control)
  } else if levels.count == 2 {
    let conventional = ["none", "control", "no", "false", "0"]
    if let control {
      c = control
    } else if let treated {
      c = levels.first { $0 != treated } ?? levels[0]
    } else {
      c = levels.first { conventional.contains($0.lowercased()) } ?? levels[0]
    }
    tr = treated ?? (levels.first { $0 != c } ?? levels[1])
  } else {
    throw CausalError.constantTreatment(
      "treatment '\(column.name)' has \(levels.count) level\(levels.count == 1 ? "" : "s") "
        + "(\(levels.joined(separator: ", "))); an effect needs a treated and a control arm")
  }
  if tr == c { throw CausalError.invalidInput("treated and control are both '\(tr)'; name two different arms") }
  var out = [Double?](repeating: nil, count: n)
  for i in 0..<n {
    guard let s = column.string(at: i) else { continue }
    if s == tr { out[i] = 1 } else if s == c { out[i] = 0 }
  }
  return (out, tr, c)
}

extension TreatmentData {
  /// The first fields of every estimator's report: the outcome, and the treatment with its two arms.
  var reportHeader: [Report.Field] {
    [
      Report.Field("outcome", .string(outcomeName)),
      Report.Field("treatment", .string("\(treatmentName) (\(treatedLabel) vs \(controlLabel))")),
    ]
  }
}
