import Stats

/// The two labels of a binary variable: which source value is encoded 0 and which 1.
///
/// For text outcomes the levels are sorted and the second is positive (as scikit-learn's
/// `LabelEncoder` does), except that a level spelled like a "yes" (`Yes`, `true`, `1`, `churned`,
/// `churn`, `positive`, case-insensitive) is always positive. Bools: `true` is 1. Numbers: must be 0/1.
public struct BinaryLevels: Sendable, Codable, Equatable {
  public var negative: String
  public var positive: String
  public init(negative: String, positive: String) {
    self.negative = negative
    self.positive = positive
  }
}

/// How the outcome or treatment column of a design is encoded.
public struct DesignVariable: Sendable, Codable, Equatable {
  public var name: String
  public var kind: OutcomeKind
  /// The labels of 0 and 1 for a binary variable.
  public var levels: BinaryLevels?
  /// The column type seen when fitting.
  public var sourceType: ColumnType
}

/// One predictor of a design and how it becomes design columns.
public struct DesignTerm: Sendable, Codable, Equatable {
  /// The source column's role.
  public enum Kind: String, Sendable, Codable, Equatable { case numeric, bool, categorical }
  public var name: String
  public var kind: Kind
  /// Sorted levels seen when fitting (categorical terms only); dummies use `levels[1...]`, the first
  /// level is the reference.
  public var levels: [String]
  /// Names of the design columns this term produces.
  public var columns: [String]
  /// For a term written as an expression (an interaction, a transform, `poly`, `ns`, `C()`): its fitted
  /// factors, in the order written; nil for a plain column (encoded by ``kind`` and ``levels``).
  public var factors: [FittedFactor]? = nil
  /// For an expression term: its blocks of columns, each saying how every factor is coded (patsy's
  /// "subterms"; see ``DesignSpec/contrastCodings(_:categorical:intercept:)``).
  public var codings: [[FactorCoding]]? = nil
}

/// A fitted recipe that turns frames into design matrices, identically for training and new data.
///
/// Fit it once on training data with ``fit(_:on:outcome:options:)``: that resolves the formula's
/// columns, records each text column's sorted levels, chooses the outcome encoding and checks for
/// problems (all-missing, constant or infinite columns; missing values under the `error` policy; a
/// non-binary outcome for a classifier). Then ``transform(_:)`` and ``data(_:withOutcome:)`` apply the
/// same recipe to any frame with the same columns. The spec is `Codable` and is saved with a model, so a
/// loaded model preprocesses exactly as the fitted one did.
///
/// Encodings: numbers as they are, bools as 0/1, text either as dummies (one 0/1 column per level after
/// the sorted-first reference level, named `column[level]`) or as level codes kept whole for trees.
/// A text level not seen at fit time is an error or, with ``UnseenLevelPolicy/ignore``, all-zero dummies
/// (the reference level's encoding) or a missing code, with a warning in ``DesignMatrix/warnings``.
public struct DesignSpec: Sendable, Codable, Equatable {
  public var formula: Formula
  public var options: DesignOptions
  public var outcome: DesignVariable?
  public var treatment: DesignVariable?
  public var terms: [DesignTerm]
  /// Names of the design columns, in order (the intercept first when present).
  public var columnNames: [String]
  public var featureKinds: [FeatureKind]
  /// Problems tolerated while fitting (e.g. constant columns kept for a tree model).
  public var warnings: [String]

  /// Name of the intercept column.
  public static let interceptName = "(Intercept)"

  /// Fits the recipe on `frame`. Pass `outcome: nil` to ignore the formula's outcome (e.g. for unsupervised use).
  public static func fit(
    _ formula: Formula, on frame: DataFrame, outcome: OutcomeKind?,
    options: DesignOptions
  ) throws -> DesignSpec {
    guard frame.rowCount > 0 else { throw DesignError.empty("the frame has no rows; a model needs data") }
    let (termNames, formulaNotes) = try formula.resolvedTermsWithNotes(in: frame)
    if !formula.isPlain(in: frame) {
      return try fitExpanded(
        formula, termTexts: termNames, notes: formulaNotes, on: frame, outcome: outcome,
        options: options)
    }
    let termColumns = try termNames.map { try frame.column($0) }
    let rows = try fittingRows(formula, sources: termColumns, on: frame, outcome: outcome, options: options)
    var warnings = formulaNotes
    var terms: [DesignTerm] = []
    for (c, mask) in zip(termColumns, rows.masks) {
      terms.append(try fitTerm(c, mask: mask, rows: rows.keep, options: options, warnings: &warnings))
    }
    return try assemble(formula, options: options, terms: terms, warnings: warnings, outcome: outcome, rows: rows)
  }

  /// The rows a fit uses: the source columns' missing masks and the rows the missing-value policy keeps
  /// (outcome and treatment included), with the outcome and treatment columns.
  static func fittingRows(
    _ formula: Formula, sources: [Column], on frame: DataFrame, outcome: OutcomeKind?,
    options: DesignOptions
  ) throws
    -> (keep: [Int], masks: [[Bool]?], outcome: Column?, treatment: Column?)
  {
    let outcomeColumn = try outcome.map { _ in try frame.column(formula.outcome) }
    let treatmentColumn = try formula.treatment.map { try frame.column($0) }
    let masks = missingMasks(sources)
    let keep = try keptRows(
      terms: sources, extra: [outcomeColumn, treatmentColumn].compactMap { $0 },
      policy: options.missing, rowCount: frame.rowCount, fitting: true, termMasks: masks)
    guard !keep.isEmpty else {
      throw DesignError.empty("no rows are left after dropping rows with missing values")
    }
    return (keep, masks, outcomeColumn, treatmentColumn)
  }

  /// A spec from its fitted terms: encodes the outcome and treatment on the kept rows and names the columns.
  static func assemble(
    _ formula: Formula, options: DesignOptions, terms: [DesignTerm], warnings: [String],
    outcome: OutcomeKind?,
    rows: (keep: [Int], masks: [[Bool]?], outcome: Column?, treatment: Column?)
  ) throws -> DesignSpec {
    var spec = DesignSpec(
      formula: formula, options: options, outcome: nil, treatment: nil, terms: terms,
      columnNames: [], featureKinds: [], warnings: warnings)
    if let kind = outcome, let oc = rows.outcome {
      spec.outcome = try fitVariable(oc, kind: kind, rows: rows.keep, role: "outcome")
    }
    if let tc = rows.treatment {
      let kind: OutcomeKind = tc.type == .string || tc.type == .bool ? .binary : .continuous
      spec.treatment = try fitVariable(tc, kind: kind, rows: rows.keep, role: "treatment")
    }
    spec.buildColumns()
    return spec
  }

  /// The design matrix of `frame`'s predictors (outcome not needed).
  public func transform(_ frame: DataFrame) throws -> DesignMatrix {
    try data(frame, withOutcome: false).x
  }

  /// The design matrix of `frame` with the encoded outcome (when `withOutcome` and the spec has one)
  /// and treatment (when the formula has one).
  /// Plain terms are read from their column; expression terms (``DesignTerm/factors``) from the columns
  /// inside them, rebuilt with the fitted levels, knots and polynomial constants.
  public func data(_ frame: DataFrame, withOutcome: Bool = true) throws -> DesignData {
    var whole: DesignMatrix? = nil
    var d = try data(frame, withOutcome: withOutcome, blockColumns: .max) { _, block in whole = block }
    if let whole {
      d.x.values = whole.values
      d.x.columnCount = whole.columnCount
      d.x.columnNames = whole.columnNames
      d.x.featureKinds = whole.featureKinds
    }
    return d
  }

  /// ``data(_:withOutcome:)`` handed out in blocks of whole terms, so that a caller which consumes the design
  /// column by column (binning for tree models) never holds all of it: `body(first, block)` receives the
  /// design columns `first..<first + block.columnCount` of the kept rows (the intercept, when present, in the
  /// first block), in order; a block has at most `blockColumns` columns unless one term alone has more. The
  /// returned data's `x` has the rows, row indices and warnings of the design but no columns. The values
  /// are the ones ``data(_:withOutcome:)`` computes.
  public func data(
    _ frame: DataFrame, withOutcome: Bool = true, blockColumns: Int,
    _ body: (_ firstColumn: Int, _ block: DesignMatrix) throws -> Void
  ) throws -> DesignData {
    var sourceNames: [String] = []
    for t in terms {
      let cols: [String]
      if let fs = t.factors {
        cols = try fs.flatMap { f in
          f.kind == .categorical ? [f.input] : try FormulaExpression(parsingArithmetic: f.input).columns
        }
      } else {
        cols = [t.name]
      }
      for c in cols where !sourceNames.contains(c) { sourceNames.append(c) }
    }
    let sourceColumns = try sourceNames.map { try frame.column($0) }
    for t in terms where t.factors == nil { _ = try checkedColumn(frame, t) }
    for t in terms {
      for f in t.factors ?? [] where f.kind == .categorical && frame[f.input]?.type != .string {
        throw DesignError.schemaMismatch("column '\(f.input)' was text when the model was fitted but is numeric here")
      }
    }
    let masks = DesignSpec.missingMasks(sourceColumns)
    let oc = try (withOutcome ? outcome : nil).map { try checkedVariableColumn(frame, $0) }
    let tc = try (withOutcome ? treatment : nil).map { try checkedVariableColumn(frame, $0) }
    let keep = try DesignSpec.keptRows(
      terms: sourceColumns, extra: [oc, tc].compactMap { $0 },
      policy: options.missing, rowCount: frame.rowCount, termMasks: masks)
    var warnings: [String] = []
    let n = keep.count
    let lead = options.intercept ? 1 : 0
    // Blocks of whole terms: [start, end) into `terms`, and the first design column of each.
    var groups: [(start: Int, end: Int, column: Int)] = []
    var col = 0
    for (k, t) in terms.enumerated() {
      let width = t.columns.count + (k == 0 ? lead : 0)
      if let g = groups.last, col - g.column + width <= blockColumns {
        groups[groups.count - 1].end = k + 1
      } else {
        groups.append((k, k + 1, col))
      }
      col += width
    }
    if groups.isEmpty && lead > 0 { groups.append((0, 0, 0)) }
    for g in groups {
      let width = (g.start..<g.end).reduce(g.start == 0 ? lead : 0) { $0 + terms[$1].columns.count }
      var values = [Double](repeating: 0, count: n * width)
      var col = 0
      if g.start == 0 && lead > 0 {
        for i in 0..<n { values[i] = 1 }
        col = 1
      }
      for t in terms[g.start..<g.end] {
        if let fs = t.factors, let coding = t.codings {
          let blocks = try fs.map {
            try factorColumns($0, term: t.name, frame: frame, rows: keep, warnings: &warnings)
          }
          for (j, column) in expandedProducts(blocks, coding).enumerated() {
            values.replaceSubrange(((col + j) * n)..<((col + j + 1) * n), with: column)
          }
        } else {
          let c = try frame.column(t.name)
          let k = sourceNames.firstIndex(of: t.name) ?? 0
          try encode(term: t, column: c, mask: masks[k], rows: keep, into: &values, at: col, warnings: &warnings)
        }
        col += t.columns.count
      }
      let names = Array(columnNames[g.column..<(g.column + width)])
      let kinds = Array(featureKinds[g.column..<(g.column + width)])
      try body(g.column, DesignMatrix(rowCount: n, columnNames: names, values: values, featureKinds: kinds, rows: keep))
    }
    let x = DesignMatrix(rowCount: n, columnNames: [], values: [], featureKinds: [], rows: keep, warnings: warnings)
    var y: [Double]? = nil
    var w: [Double]? = nil
    if let o = outcome, let oc { y = try encodeVariable(o, oc, rows: keep) }
    if let t = treatment, let tc { w = try encodeVariable(t, tc, rows: keep) }
    return DesignData(x: x, y: y, treatment: w)
  }

  /// Encodes a column as this spec's outcome (0/1 for a binary outcome), for all rows; missing -> NaN.
  public func encodeOutcome(_ column: Column) throws -> [Double] {
    guard let outcome else { throw DesignError.schemaMismatch("this design has no outcome") }
    return try encodeVariable(outcome, column, rows: Array(0..<column.count), allowMissing: true)
  }

  // MARK: - Fitting helpers

  mutating func buildColumns() {
    var names: [String] = options.intercept ? [DesignSpec.interceptName] : []
    var kinds: [FeatureKind] = options.intercept ? [.numeric] : []
    for t in terms {
      names += t.columns
      if t.kind == .categorical && options.categorical == .codes {
        kinds.append(.categorical(levels: t.levels.count))
      } else {
        kinds += Array(repeating: .numeric, count: t.columns.count)
      }
    }
    columnNames = names
    featureKinds = kinds
  }

  /// Rows to keep under `policy`; throws for missing values the policy does not allow.
  static func keptRows(
    terms: [Column], extra: [Column], policy: MissingPolicy, rowCount: Int,
    fitting: Bool = false, termMasks: [[Bool]?]? = nil
  ) throws -> [Int] {
    var problems: [DesignError.MissingCount] = []
    var drop = [Bool](repeating: false, count: rowCount)
    func scan(_ c: Column, strict: Bool, mask: [Bool]?? = nil) throws {
      let m = mask ?? missingMask(c)
      guard let m else { return }
      let k = m.reduce(0) { $0 + ($1 ? 1 : 0) }
      if k == 0 { return }
      if fitting && k == rowCount { throw DesignError.allMissing(column: c.name) }
      if policy == .dropRows {
        for i in 0..<rowCount where m[i] { drop[i] = true }
      } else if policy == .error || strict {
        problems.append(.init(column: c.name, count: k))
      }
    }
    for c in extra { try scan(c, strict: true) }
    for (k, c) in terms.enumerated() { try scan(c, strict: false, mask: termMasks.map { $0[k] }) }
    if !problems.isEmpty { throw DesignError.missingValues(problems) }
    return (0..<rowCount).filter { !drop[$0] }
  }

  /// ``missingMask(_:)`` of each column, computed on all cores (each column is one work item).
  static func missingMasks(_ columns: [Column]) -> [[Bool]?] {
    guard !columns.isEmpty else { return [] }
    var masks = [[Bool]?](repeating: nil, count: columns.count)
    masks.withUnsafeMutableBufferPointer { mp in
      let out = SharedPointer(mp.baseAddress!)
      parallelFor(columns.count) { k in out[k] = missingMask(columns[k]) }
    }
    return masks
  }

  /// Missing positions of a column, counting NaN stored in a float column as missing; nil when none.
  static func missingMask(_ c: Column) -> [Bool]? {
    var m = c.valid.map { $0.map { !$0 } }
    if case .float(let v) = c.storage, containsNaN(v) {
      var mm = m ?? [Bool](repeating: false, count: v.count)
      for i in v.indices where v[i].isNaN { mm[i] = true }
      m = mm
    }
    return m
  }

  static func fitTerm(
    _ c: Column, mask miss: [Bool]?, rows: [Int], options: DesignOptions,
    warnings: inout [String]
  ) throws -> DesignTerm {
    let present = miss.map { m in rows.filter { !m[$0] } } ?? rows
    if present.isEmpty { throw DesignError.allMissing(column: c.name) }
    func constant(_ v: String) throws {
      if options.rejectConstant { throw DesignError.constantColumn(column: c.name, value: v) }
      warnings.append("column '\(c.name)' is constant (every value is \(v)); it cannot help the model")
    }
    switch c.storage {
    case .float(let v):
      let inf = present.reduce(0) { $0 + (v[$1].isInfinite ? 1 : 0) }
      if inf > 0 { throw DesignError.infiniteValues(column: c.name, count: inf) }
      let first = v[present[0]]
      if present.allSatisfy({ v[$0] == first }) { try constant(describeNumber(first)) }
      return DesignTerm(name: c.name, kind: .numeric, levels: [], columns: [c.name])
    case .int(let v):
      let first = v[present[0]]
      if present.allSatisfy({ v[$0] == first }) { try constant(String(first)) }
      return DesignTerm(name: c.name, kind: .numeric, levels: [], columns: [c.name])
    case .bool(let v):
      let first = v[present[0]]
      if present.allSatisfy({ v[$0] == first }) { try constant(String(first)) }
      return DesignTerm(name: c.name, kind: .bool, levels: [], columns: [c.name])
    case .string(let codes, let levels):
      var seen = [Bool](repeating: false, count: levels.count)
      for i in present { seen[Int(codes[i])] = true }
      let lv = levels.indices.filter { seen[$0] }.map { levels[$0] }.sorted()
      if lv.count == 1 { try constant("'\(lv[0])'") }
      let cols: [String]
      switch options.categorical {
      case .dummies: cols = lv.dropFirst().map { c.name + $0 }  // R's names: ContractOne year
      case .codes: cols = [c.name]
      }
      return DesignTerm(name: c.name, kind: .categorical, levels: lv, columns: cols)
    }
  }

  static func fitVariable(_ c: Column, kind: OutcomeKind, rows: [Int], role: String) throws -> DesignVariable {
    let miss = missingMask(c)
    let present = miss.map { m in rows.filter { !m[$0] } } ?? rows
    if present.isEmpty { throw DesignError.allMissing(column: c.name) }
    var v = DesignVariable(name: c.name, kind: kind, levels: nil, sourceType: c.type)
    switch (kind, c.storage) {
    case (.continuous, .string):
      throw DesignError.notNumeric(column: c.name, role: role)
    case (.continuous, .float(let x)):
      let inf = present.reduce(0) { $0 + (x[$1].isInfinite ? 1 : 0) }
      if inf > 0 { throw DesignError.infiniteValues(column: c.name, count: inf) }
    case (.continuous, _):
      break
    case (.binary, .bool(let b)):
      let seen = Set(present.map { b[$0] })
      if seen.count != 2 {
        throw DesignError.notBinary(column: c.name, seen: seen.sorted { !$0 && $1 }.map { String($0) })
      }
      v.levels = BinaryLevels(negative: "false", positive: "true")
    case (.binary, .string(let codes, let levels)):
      let lv = Set(present.map { levels[Int(codes[$0])] }).sorted()
      if lv.count != 2 { throw DesignError.notBinary(column: c.name, seen: lv) }
      let yes: Set<String> = ["yes", "true", "1", "y", "churned", "churn", "positive"]
      let pos = yes.contains(lv[0].lowercased()) && !yes.contains(lv[1].lowercased()) ? 0 : 1
      v.levels = BinaryLevels(negative: lv[1 - pos], positive: lv[pos])
    case (.binary, _):
      // One pass for the usual 0/1 column; the sorted set of values only for the error message.
      var zero = false, one = false, other = false
      for i in present {
        switch c.double(at: i) {
        case 0?: zero = true
        case 1?: one = true
        default: other = true
        }
      }
      if zero && one && !other {
        v.levels = BinaryLevels(negative: "0", positive: "1")
        break
      }
      let vals = Set(present.compactMap { c.double(at: $0) }).sorted()
      if vals != [0, 1] { throw DesignError.notBinary(column: c.name, seen: vals.map(describeNumber)) }
      v.levels = BinaryLevels(negative: "0", positive: "1")
    }
    return v
  }

  // MARK: - Transform helpers

  func checkedColumn(_ frame: DataFrame, _ t: DesignTerm) throws -> Column {
    let c = try frame.column(t.name)
    let isText = c.type == .string
    if isText != (t.kind == .categorical) {
      throw DesignError.schemaMismatch(
        "column '\(t.name)' was \(t.kind == .categorical ? "text" : "numeric") when the model was fitted but is "
          + "\(isText ? "text" : "numeric") here")
    }
    return c
  }

  func checkedVariableColumn(_ frame: DataFrame, _ v: DesignVariable) throws -> Column {
    let c = try frame.column(v.name)
    if (c.type == .string) != (v.sourceType == .string) {
      throw DesignError.schemaMismatch(
        "column '\(v.name)' was \(v.sourceType.rawValue) when the model was fitted "
          + "but is \(c.type.rawValue) here")
    }
    return c
  }

  func encode(
    term t: DesignTerm, column c: Column, mask miss: [Bool]?, rows: [Int],
    into values: inout [Double], at col: Int, warnings: inout [String]
  ) throws {
    let n = rows.count
    switch c.storage {
    case .float(let v):
      let base = col * n
      for (k, i) in rows.enumerated() {
        let x = v[i]
        if x.isInfinite {
          throw DesignError.infiniteValues(column: c.name, count: rows.filter { v[$0].isInfinite }.count)
        }
        values[base + k] = (miss?[i] ?? false) ? .nan : x
      }
    case .int(let v):
      let base = col * n
      for (k, i) in rows.enumerated() { values[base + k] = (miss?[i] ?? false) ? .nan : Double(v[i]) }
    case .bool(let v):
      let base = col * n
      for (k, i) in rows.enumerated() { values[base + k] = (miss?[i] ?? false) ? .nan : (v[i] ? 1 : 0) }
    case .string(let codes, let levels):
      // Map this frame's level codes to the fitted level positions (-1 = unseen).
      var index: [String: Int] = [:]
      for (p, l) in t.levels.enumerated() { index[l] = p }
      let map = levels.map { index[$0] ?? -1 }
      var unseen = 0
      var firstUnseen: String? = nil
      for (k, i) in rows.enumerated() {
        let isMissing = miss?[i] ?? false
        let pos = isMissing ? -2 : map[Int(codes[i])]
        if pos == -1 {
          if options.unseenLevels == .error {
            throw DesignError.unseenLevel(column: c.name, level: levels[Int(codes[i])], known: t.levels)
          }
          unseen += 1
          if firstUnseen == nil { firstUnseen = levels[Int(codes[i])] }
        }
        switch options.categorical {
        case .codes:
          values[col * n + k] = pos >= 0 ? Double(pos) : .nan
        case .dummies:
          for d in 0..<t.columns.count {
            values[(col + d) * n + k] = isMissing ? .nan : (pos == d + 1 ? 1 : 0)
          }
        }
      }
      if unseen > 0 {
        let how =
          options.categorical == .codes ? "treated as missing" : "encoded as the reference level (all-zero dummies)"
        warnings.append(
          "column '\(c.name)': \(unseen) row\(unseen == 1 ? "" : "s") had levels not seen when "
            + "fitting (e.g. '\(firstUnseen ?? "")'); \(how)")
      }
    }
  }

  func encodeVariable(_ v: DesignVariable, _ c: Column, rows: [Int], allowMissing: Bool = false) throws -> [Double] {
    let miss = DesignSpec.missingMask(c)
    var out = [Double](repeating: .nan, count: rows.count)
    for (k, i) in rows.enumerated() {
      if miss?[i] ?? false {
        if allowMissing { continue }
        throw DesignError.missingValues([.init(column: c.name, count: miss?.filter { $0 }.count ?? 0)])
      }
      switch (v.kind, c.storage) {
      case (.continuous, .string):
        throw DesignError.notNumeric(column: c.name, role: "outcome")
      case (.continuous, _):
        out[k] = c.double(at: i) ?? .nan
      case (.binary, .string(let codes, let levels)):
        let s = levels[Int(codes[i])]
        guard let lv = v.levels else { continue }
        if s == lv.positive {
          out[k] = 1
        } else if s == lv.negative {
          out[k] = 0
        } else {
          throw DesignError.unseenLevel(column: c.name, level: s, known: [lv.negative, lv.positive])
        }
      case (.binary, _):
        let x = c.double(at: i) ?? .nan
        guard x == 0 || x == 1 else {
          throw DesignError.notBinary(column: c.name, seen: [describeNumber(x)])
        }
        out[k] = x
      }
    }
    return out
  }
}

/// Whether any value is NaN (a branch-free pass over blocks of 64 values).
func containsNaN(_ v: [Double]) -> Bool {
  v.withUnsafeBufferPointer { b in
    var i = 0
    while i < b.count {
      let end = min(b.count, i + 64)
      var any = false
      for k in i..<end { any = any || (b[k] != b[k]) }
      if any { return true }
      i = end
    }
    return false
  }
}

/// A number as plain text for messages: integers without a decimal point.
func describeNumber(_ x: Double) -> String {
  if x.isFinite && x == x.rounded() && abs(x) < 1e15 { return String(Int(x)) }
  return String(x)
}
