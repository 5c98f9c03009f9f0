/// How one factor of a term is coded within one block of the term's columns.
public enum FactorCoding: String, Sendable, Codable, Equatable {
  /// The factor does not enter this block (patsy can split `a:b` into `b` and `a:b` blocks).
  case absent
  /// Treatment contrasts: one indicator per level after the reference (the reference is all zeros).
  case reduced
  /// One indicator per level (numeric, poly and spline factors are always `full`).
  case full
}

/// Model terms written as expressions: interactions, transforms, `poly`, `ns`, `C()`, no intercept.
///
/// A formula of plain columns with an intercept is built by the original path in `DesignSpec.swift`
/// (byte-identical to before); anything else comes here. Terms are expanded (`a * b` → `a`, `b`, `a:b`),
/// exclusions removed, duplicates (`a:b` = `b:a`) dropped, and terms ordered by degree as R orders them.
/// Categorical factors are coded by patsy's rule (which agrees with R's in every full-rank case): for
/// each term, the sub-interactions not already spanned by earlier terms with the same numeric factors
/// (the intercept counting as the empty term) are added, and a factor whose lower-order margin is
/// missing is coded with all its levels. So `tenure:Contract` alone gives one slope per contract,
/// `tenure * Contract` gives a base slope plus differences, and `Contract - 1` gives every level.
extension DesignSpec {
  static func fitExpanded(
    _ formula: Formula, termTexts: [String], notes: [String], on frame: DataFrame,
    outcome: OutcomeKind?, options: DesignOptions
  ) throws -> DesignSpec {
    var options = options
    let intercept = formula.hasIntercept
    if !intercept { options.intercept = false }
    let terms = try expandTerms(termTexts, excluded: formula.excluded, frame: frame)
    if terms.isEmpty && !options.intercept {
      throw DesignError.empty("formula '\(formula)' has no terms and no intercept; add a column")
    }
    let isText: (String) -> Bool = { frame[$0]?.type == .string }
    var syntax: [String: FactorSyntax] = [:]
    var factorKeys: [String] = []
    for t in terms {
      for f in t {
        let key = f.description
        if syntax[key] == nil {
          syntax[key] = try FactorSyntax.classify(f, term: termLabel(t), isText: isText)
          factorKeys.append(key)
        }
      }
    }
    let sourceNames = uniqueColumns(terms)
    let sourceColumns = try sourceNames.map { try frame.column($0) }
    let rows = try fittingRows(formula, sources: sourceColumns, on: frame, outcome: outcome, options: options)
    let keep = rows.keep
    var warnings = notes
    var fitted: [String: FittedFactor] = [:]
    for key in factorKeys {
      guard let s = syntax[key] else { continue }
      fitted[key] = try fitFactor(s, key: key, frame: frame, rows: keep, options: options, warnings: &warnings)
    }
    let categorical = Set(factorKeys.filter { fitted[$0]?.kind == .categorical })
    let codings = contrastCodings(terms.map { $0.map(\.description) }, categorical: categorical, intercept: intercept)
    var designTerms: [DesignTerm] = []
    for (t, coding) in zip(terms, codings) {
      if t.count == 1, case .column(let name) = t[0], let c = frame[name],
        coding == [[.reduced]] || coding == [[.full]] && c.type != .string || options.categorical == .codes
      {
        let k = sourceNames.firstIndex(of: name) ?? 0
        designTerms.append(try fitTerm(c, mask: rows.masks[k], rows: keep, options: options, warnings: &warnings))
        continue
      }
      let fs = t.compactMap { fitted[$0.description] }
      designTerms.append(
        DesignTerm(
          name: termLabel(t), kind: .numeric, levels: [],
          columns: expandedColumnNames(fs, coding), factors: fs, codings: coding))
    }
    let spec = try assemble(
      formula, options: options, terms: designTerms, warnings: warnings, outcome: outcome,
      rows: rows)
    let dup = Dictionary(grouping: spec.columnNames, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted()
    if let d = dup.first {
      throw DesignError.invalidTerm("formula '\(formula)' gives the column '\(d)' twice; remove the repeated term")
    }
    return spec
  }

  // MARK: - Terms

  /// A term's label: its factors joined by `:` (`tenure:Contract`).
  static func termLabel(_ t: [FormulaExpression]) -> String { t.map(\.description).joined(separator: ":") }

  /// Columns read by the terms, in order of first appearance.
  static func uniqueColumns(_ terms: [[FormulaExpression]]) -> [String] {
    var out: [String] = []
    for t in terms { for f in t { for c in f.columns where !out.contains(c) { out.append(c) } } }
    return out
  }

  /// Expands term texts into terms (lists of factors): `a * b` → `a`, `b`, `a:b`; removes the excluded
  /// ones; drops repeats (`b:a` after `a:b`); orders by degree, keeping the written order within a degree.
  static func expandTerms(_ texts: [String], excluded: [String], frame: DataFrame) throws -> [[FormulaExpression]] {
    func parse(_ t: String) throws -> [[FormulaExpression]] {
      if frame.index(of: t) != nil { return [[.column(t)]] }
      return try expand(FormulaExpression(parsing: t))
    }
    func key(_ t: [FormulaExpression]) -> [String] { t.map(\.description).sorted() }
    var drop = Set<[String]>()
    for e in excluded where e != "." && !Formula.isInterceptTerm(e) {
      for t in try parse(e) { drop.insert(key(t)) }
    }
    var seen = Set<[String]>()
    var out: [[FormulaExpression]] = []
    for text in texts {
      for t in try parse(text) {
        let k = key(t)
        if drop.contains(k) || seen.contains(k) { continue }
        seen.insert(k)
        out.append(t)
      }
    }
    return out.enumerated().sorted { ($0.element.count, $0.offset) < ($1.element.count, $1.offset) }.map(\.element)
  }

  /// `a * b` → `[a], [b], [a, b]`; `a:b` → `[a, b]`; anything else is one factor.
  static func expand(_ e: FormulaExpression) -> [[FormulaExpression]] {
    func product(_ l: [[FormulaExpression]], _ r: [[FormulaExpression]]) -> [[FormulaExpression]] {
      var out: [[FormulaExpression]] = []
      for a in l {
        for b in r {
          var t = a
          for f in b where !t.contains(f) { t.append(f) }
          out.append(t)
        }
      }
      return out
    }
    switch e {
    case .binary("*", let l, let r):
      let a = expand(l), b = expand(r)
      return a + b + product(a, b)
    case .binary(":", let l, let r):
      return product(expand(l), expand(r))
    default:
      return [[e]]
    }
  }

  /// patsy's choice of full or reduced coding for each categorical factor of each term (patsy 1.0,
  /// `redundancy.py`): terms are grouped by their numeric factors; within a group, a term adds every
  /// subset of its categorical factors not already added (each coded `reduced`), then merges a subset
  /// with a one-larger one (`{a-} + {a-, b-}` → `{a-, b+}`) until none merge. The intercept is the
  /// empty subset of the group without numeric factors.
  public static func contrastCodings(
    _ terms: [[String]], categorical: Set<String>,
    intercept: Bool
  ) -> [[[FactorCoding]]] {
    struct Piece: Hashable {
      var factor: String
      var full: Bool
    }
    var used: [[String]: Set<Set<Piece>>] = [:]
    if intercept { used[[], default: []].insert([]) }
    var result: [[[FactorCoding]]] = []
    for term in terms {
      let cats = term.filter { categorical.contains($0) }
      let bucket = term.filter { !categorical.contains($0) }.sorted()
      var subsets: [[Int]] = [[]]
      for i in cats.indices { subsets += subsets.map { $0 + [i] } }
      subsets.sort { $0.count != $1.count ? $0.count < $1.count : $0.lexicographicallyPrecedes($1) }
      var subterms: [Set<Piece>] = []
      for s in subsets {
        let st = Set(s.map { Piece(factor: cats[$0], full: false) })
        if used[bucket, default: []].contains(st) { continue }
        subterms.append(st)
      }
      for st in subterms { used[bucket, default: []].insert(st) }
      merging: while true {
        for si in subterms.indices {
          for li in subterms.indices where li > si {
            let short = subterms[si], long = subterms[li]
            guard long.count == short.count + 1, long.isSuperset(of: short),
              let extra = long.subtracting(short).first, !extra.full
            else { continue }
            subterms[li] = short.union([Piece(factor: extra.factor, full: true)])
            subterms.remove(at: si)
            continue merging
          }
        }
        break
      }
      result.append(
        subterms.map { st in
          term.map { f in
            guard categorical.contains(f) else { return .full }
            if st.contains(Piece(factor: f, full: true)) { return .full }
            return st.contains(Piece(factor: f, full: false)) ? .reduced : .absent
          }
        })
    }
    return result
  }

  /// Column names of a term: per block, the products of its factors' columns with the left-most factor
  /// varying fastest (as R and patsy order them), names joined by `:`.
  static func expandedColumnNames(_ factors: [FittedFactor], _ coding: [[FactorCoding]]) -> [String] {
    var out: [String] = []
    for block in coding {
      var names: [String] = [""]
      for (f, c) in zip(factors, block) where c != .absent {
        let parts = f.suffixes(full: c == .full).map { f.label + $0 }
        var next: [String] = []
        for p in parts { for n in names { next.append(n.isEmpty ? p : n + ":" + p) } }
        names = next
      }
      out += names
    }
    return out
  }

  /// The columns of a term: products of factor columns, in the order of ``expandedColumnNames(_:_:)``.
  func expandedProducts(_ blocks: [[[Double]]], _ coding: [[FactorCoding]]) -> [[Double]] {
    var out: [[Double]] = []
    guard let n = blocks.first?.first?.count else { return out }
    for block in coding {
      var cols: [[Double]] = [[Double](repeating: 1, count: n)]
      for (fi, c) in block.enumerated() where c != .absent {
        let fcols = c == .reduced ? Array(blocks[fi].dropFirst()) : blocks[fi]
        var next: [[Double]] = []
        for fc in fcols {
          for base in cols { next.append(zip(base, fc).map { $0 * $1 }) }
        }
        cols = next
      }
      out += cols
    }
    return out
  }

  // MARK: - Factors

  /// Fits one factor on the training rows.
  static func fitFactor(
    _ s: FactorSyntax, key: String, frame: DataFrame, rows: [Int], options: DesignOptions,
    warnings: inout [String]
  ) throws -> FittedFactor {
    let eval = TermEvaluator(frame: frame, rows: rows, term: key)
    func constant(_ v: String) throws {
      if options.rejectConstant { throw DesignError.constantColumn(column: key, value: v) }
      warnings.append("term '\(key)' is constant (every value is \(v)); it cannot help the model")
    }
    func present(_ e: FormulaExpression) throws -> [Double] {
      let x = try eval.evaluate(e).filter { !$0.isNaN }
      if x.isEmpty { throw DesignError.allMissing(column: key) }
      let inf = x.filter(\.isInfinite).count
      if inf > 0 { throw DesignError.infiniteValues(column: key, count: inf) }
      return x
    }
    switch s {
    case .numeric(let e):
      let x = try present(e)
      if x.allSatisfy({ $0 == x[0] }) { try constant(describeNumber(x[0])) }
      let input: FormulaExpression
      if case .call("I", let args, _) = e, args.count == 1 { input = args[0] } else { input = e }
      return FittedFactor(kind: .numeric, label: key, input: input.description)
    case .categorical(let name, let ref):
      let c = try frame.column(name)
      guard case .string(let codes, let levels) = c.storage else {
        throw DesignError.invalidTerm(
          "formula term '\(key)': C() needs a text column, and '\(name)' is numeric; "
            + "make it text first (mutate \(name) = format(\(name))) or use it as a number")
      }
      let miss = missingMask(c)
      var seen = [Bool](repeating: false, count: levels.count)
      for i in rows where !(miss?[i] ?? false) { seen[Int(codes[i])] = true }
      var lv = levels.indices.filter { seen[$0] }.map { levels[$0] }.sorted()
      if lv.isEmpty { throw DesignError.allMissing(column: name) }
      if let ref {
        guard let p = lv.firstIndex(of: ref) else {
          let hint = closestMatch(to: ref, among: lv).map { " (did you mean \"\($0)\"?)" } ?? ""
          throw DesignError.invalidTerm(
            "formula term '\(key)': '\(ref)' is not a level of \(name)\(hint); its levels are "
              + lv.map { "\"\($0)\"" }.joined(separator: ", "))
        }
        lv.remove(at: p)
        lv.insert(ref, at: 0)
      }
      if lv.count == 1 { try constant("'\(lv[0])'") }
      return FittedFactor(kind: .categorical, label: key, input: name, levels: lv)
    case .poly(let e, let degree, let raw):
      let x = try present(e)
      let distinct = Set(x).count
      guard degree < distinct else {
        throw DesignError.invalidTerm(
          "formula term '\(key)': the degree must be less than the number of distinct "
            + "values of \(e) (\(distinct))")
      }
      var f = FittedFactor(kind: .poly, label: key, input: e.description, degree: degree, raw: raw)
      if !raw {
        let p = OrthogonalPolynomial(fitting: x, degree: degree)
        f.alpha = p.alpha
        f.norm2 = p.norm2
      }
      return f
    case .spline(let e, let df):
      let x = try present(e)
      let distinct = Set(x).count
      guard distinct > df else {
        throw DesignError.invalidTerm(
          "formula term '\(key)': ns() needs more distinct values of \(e) (\(distinct)) "
            + "than df (\(df)); lower df")
      }
      let k = NaturalSplineBasis.knots(for: x, df: df)
      return FittedFactor(kind: .spline, label: key, input: e.description, knots: k.interior, boundaryKnots: k.boundary)
    }
  }

  /// A fitted factor's columns on `rows` (all levels for a categorical factor), NaN where missing.
  func factorColumns(
    _ f: FittedFactor, term: String, frame: DataFrame, rows: [Int],
    warnings: inout [String]
  ) throws -> [[Double]] {
    let n = rows.count
    if f.kind == .categorical {
      let c = try frame.column(f.input)
      let lv = f.levels ?? []
      var cols = [[Double]](repeating: [Double](repeating: 0, count: n), count: lv.count)
      guard case .string(let codes, let levels) = c.storage else { return cols }
      var index: [String: Int] = [:]
      for (p, l) in lv.enumerated() { index[l] = p }
      let map = levels.map { index[$0] ?? -1 }
      let miss = DesignSpec.missingMask(c)
      var unseen = 0
      var firstUnseen = ""
      for (k, i) in rows.enumerated() {
        if miss?[i] ?? false {
          for j in cols.indices { cols[j][k] = .nan }
          continue
        }
        let p = map[Int(codes[i])]
        if p < 0 {
          if options.unseenLevels == .error {
            throw DesignError.unseenLevel(column: f.input, level: levels[Int(codes[i])], known: lv)
          }
          if unseen == 0 { firstUnseen = levels[Int(codes[i])] }
          unseen += 1
          continue
        }
        cols[p][k] = 1
      }
      if unseen > 0 {
        warnings.append(
          "column '\(f.input)': \(unseen) row\(unseen == 1 ? "" : "s") had levels not seen when "
            + "fitting (e.g. '\(firstUnseen)'); encoded as the reference level in '\(term)'")
      }
      return cols
    }
    let x = try TermEvaluator(frame: frame, rows: rows, term: term).evaluate(
      FormulaExpression(parsingArithmetic: f.input))
    if x.contains(where: \.isInfinite) {
      throw DesignError.infiniteValues(column: f.label, count: x.filter(\.isInfinite).count)
    }
    switch f.kind {
    case .numeric, .categorical:
      return [x]
    case .poly:
      let d = f.degree ?? 1
      var cols = [[Double]](repeating: [Double](repeating: .nan, count: n), count: d)
      let p = f.raw == true ? nil : OrthogonalPolynomial(alpha: f.alpha ?? [], norm2: f.norm2 ?? [])
      for k in 0..<n where !x[k].isNaN {
        var v = x[k]
        for j in 0..<d {
          if p == nil {
            cols[j][k] = v
            v *= x[k]
          }
        }
        if let p { for (j, z) in p.row(x[k]).enumerated() { cols[j][k] = z } }
      }
      return cols
    case .spline:
      let basis = NaturalSplineBasis(interior: f.knots ?? [], boundary: f.boundaryKnots ?? [0, 1])
      var cols = [[Double]](repeating: [Double](repeating: .nan, count: n), count: basis.columnCount)
      for k in 0..<n where !x[k].isNaN {
        for (j, z) in basis.row(x[k]).enumerated() { cols[j][k] = z }
      }
      return cols
    }
  }
}
