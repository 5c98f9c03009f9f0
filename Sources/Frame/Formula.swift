/// A model formula: an outcome, an optional treatment, and predictor terms.
///
/// Written `y ~ x1 + x2` for prediction models and `y ~ t | x1 + x2` for causal models (outcome,
/// treatment, covariates). A term is a column name; `.` stands for every column not otherwise named
/// in the formula, and `- name` removes a column (useful with `.`: `churned ~ . - customerID`).
/// Names with spaces or symbols are written in backticks: `` y ~ `monthly charges` ``.
///
/// A formula is only names; ``resolvedTerms(in:)`` checks them against a frame and expands `.`.
public struct Formula: Sendable, Codable, Equatable, CustomStringConvertible {
  /// The outcome column (left of `~`).
  public var outcome: String
  /// The treatment column (between `~` and `|`), for causal models.
  public var treatment: String?
  /// Predictor terms in the order written; `"."` means "all other columns".
  public var terms: [String]
  /// Columns removed with `- name`.
  public var excluded: [String]

  /// Creates a formula from its parts.
  public init(outcome: String, treatment: String? = nil, terms: [String], excluded: [String] = []) {
    self.outcome = outcome
    self.treatment = treatment
    self.terms = terms
    self.excluded = excluded
  }

  /// Parses formula text such as `"y ~ t | x1 + x2"` or `"y ~ . - id"`.
  public init(parsing text: String) throws {
    let parts = text.split(separator: "~", omittingEmptySubsequences: false)
    guard parts.count == 2 else {
      throw FrameError.invalidArgument(
        "formula '\(text)' needs exactly one '~' between the outcome and the terms, e.g. 'y ~ x1 + x2'")
    }
    let lhs = try Formula.names(String(parts[0]), in: text)
    guard lhs.count == 1, lhs[0].sign == 1, lhs[0].name != "." else {
      throw FrameError.invalidArgument("formula '\(text)': the left of '~' must be a single outcome column")
    }
    var rhs = String(parts[1])
    var treatment: String? = nil
    let bar = rhs.split(separator: "|", omittingEmptySubsequences: false)
    if bar.count > 2 {
      throw FrameError.invalidArgument("formula '\(text)' has more than one '|'; write 'y ~ treatment | x1 + x2'")
    }
    if bar.count == 2 {
      let t = try Formula.names(String(bar[0]), in: text)
      guard t.count == 1, t[0].sign == 1, t[0].name != "." else {
        throw FrameError.invalidArgument("formula '\(text)': between '~' and '|' write a single treatment column")
      }
      treatment = t[0].name
      rhs = String(bar[1])
    }
    let terms = try Formula.names(rhs, in: text)
    if terms.isEmpty {
      throw FrameError.invalidArgument("formula '\(text)' has no terms after '~'; name columns or use '.' for all")
    }
    self.init(
      outcome: lhs[0].name, treatment: treatment,
      terms: terms.filter { $0.sign == 1 }.map(\.name),
      excluded: terms.filter { $0.sign == -1 }.map(\.name))
    if self.terms.isEmpty {
      throw FrameError.invalidArgument("formula '\(text)' removes terms but adds none; start with '.' or a column")
    }
  }

  /// Formula text in canonical form.
  public var description: String {
    func q(_ s: String) -> String {
      let plain = s == "." || s.unicodeScalars.allSatisfy { formulaNameScalar($0) }
      return plain ? s : "`\(s)`"
    }
    func term(_ t: String) -> String {
      switch Formula.expression(t) {
      case .column?, nil: return q(t)
      default: return t
      }
    }
    var s = q(outcome) + " ~ "
    if let treatment { s += q(treatment) + " | " }
    s += terms.map(term).joined(separator: " + ")
    for e in excluded { s += " - " + term(e) }
    return s
  }

  /// Every column the formula names explicitly (outcome, treatment, terms other than `.`, exclusions).
  /// Terms that are expressions (`log(x)`, `a:b`) appear as written; ``referencedColumns(in:)`` reads
  /// the columns inside them.
  public var namedColumns: [String] {
    [outcome] + (treatment.map { [$0] } ?? []) + terms.filter { $0 != "." && !Formula.isInterceptTerm($0) }
      + excluded.filter { !Formula.isInterceptTerm($0) }
  }

  /// Whether the model has an intercept: false after `- 1` or `+ 0` (R's and patsy's spelling).
  public var hasIntercept: Bool { !(terms.contains("0") || excluded.contains("1")) }

  /// The parsed term, or nil when the text is not a valid term expression.
  static func expression(_ t: String) -> FormulaExpression? { try? FormulaExpression(parsing: t) }

  /// `0` and `1` in a formula stand for the intercept, not for columns.
  static func isInterceptTerm(_ t: String) -> Bool { t == "0" || t == "1" }

  /// Whether every term is a plain column name of `frame` (or `.`) and the intercept is kept: the
  /// formulas that existed before transforms and interactions, built by the original fast path.
  public func isPlain(in frame: DataFrame) -> Bool {
    hasIntercept && (terms + excluded).allSatisfy { $0 == "." || frame.index(of: $0) != nil }
  }

  /// The columns the formula reads in `frame`: outcome, treatment, and the columns inside every term
  /// and exclusion (`tenure` for `log(tenure + 1)`), in order of first appearance. Throws for unknown
  /// columns (with a did-you-mean hint) and malformed terms.
  public func referencedColumns(in frame: DataFrame) throws -> [String] {
    var out: [String] = []
    func add(_ c: String) throws {
      guard frame.index(of: c) != nil else { throw FrameError.unknownColumn(c, suggestion: frame.suggest(c)) }
      if !out.contains(c) { out.append(c) }
    }
    // A one-sided formula (`~ a + b`, as `blp` takes) has no outcome column.
    for name in (outcome.isEmpty ? [] : [outcome]) + (treatment.map { [$0] } ?? []) { try add(name) }
    for name in namedColumns.dropFirst(treatment == nil ? 1 : 2) {
      if frame.index(of: name) != nil {
        try add(name)
        continue
      }
      guard let e = Formula.expression(name) else {
        // Not an expression: an unknown column (possibly a quoted name with spaces).
        if name.unicodeScalars.contains(where: { "(:*^".unicodeScalars.contains($0) }) {
          _ = try FormulaExpression(parsing: name)  // rethrows the parse error
        }
        throw FrameError.unknownColumn(name, suggestion: frame.suggest(name))
      }
      for c in e.columns { try add(c) }
    }
    return out
  }

  /// The predictor columns of this formula in `frame`: explicit terms in order, `.` expanded to all
  /// remaining columns in frame order (never the outcome or treatment), exclusions removed, duplicates
  /// dropped. Throws for unknown columns (with a did-you-mean hint) and for a term equal to the outcome.
  /// Terms that are expressions (`log(tenure + 1)`, `tenure * Contract`) are returned as written;
  /// `0`/`1` (the intercept) are left out.
  /// Simulator truth columns (``Column/isTruth``) never enter through `.`; see ``resolvedTermsWithNotes(in:)``.
  public func resolvedTerms(in frame: DataFrame) throws -> [String] {
    try resolvedTermsWithNotes(in: frame).terms
  }

  /// ``resolvedTerms(in:)`` with the notes a reader must see: which simulator truth columns `.` left out,
  /// and which truth columns the formula names explicitly (allowed, since a simulation study may want
  /// exactly that, but warned about: no real analysis can adjust for them).
  public func resolvedTermsWithNotes(in frame: DataFrame) throws -> (terms: [String], notes: [String]) {
    _ = try referencedColumns(in: frame)
    var out: [String] = []
    var seen = Set<String>()
    var leftOut: [String] = []
    let reserved = Set([outcome] + (treatment.map { [$0] } ?? []))
    let drop = Set(excluded)
    for t in terms {
      if t == "." {
        for c in frame.columns where !reserved.contains(c.name) && !seen.contains(c.name) {
          if c.isTruth {
            if !drop.contains(c.name) && !leftOut.contains(c.name) { leftOut.append(c.name) }
            continue
          }
          out.append(c.name)
          seen.insert(c.name)
        }
      } else if Formula.isInterceptTerm(t) {
        continue
      } else {
        if frame.index(of: t) == nil, let used = try? FormulaExpression(parsing: t).columns,
          let r = used.first(where: { reserved.contains($0) })
        {
          throw FrameError.invalidArgument(
            "formula '\(self)': term '\(t)' uses the \(r == outcome ? "outcome" : "treatment") '\(r)', which cannot also be a predictor"
          )
        }
        if reserved.contains(t) {
          throw FrameError.invalidArgument(
            "formula '\(self)': '\(t)' is the \(t == outcome ? "outcome" : "treatment") and cannot also be a predictor")
        }
        if !seen.contains(t) {
          out.append(t)
          seen.insert(t)
        }
      }
    }
    out.removeAll { drop.contains($0) }
    leftOut.removeAll { seen.contains($0) }
    if out.isEmpty && hasIntercept {
      throw FrameError.invalidArgument("formula '\(self)' leaves no predictor columns")
    }
    var notes: [String] = []
    if !leftOut.isEmpty {
      notes.append(
        "'.' left out the simulator's truth column\(leftOut.count == 1 ? "" : "s") "
          + leftOut.joined(separator: ", ") + " (potential outcomes, true effects or propensities, hidden "
          + "or post-treatment values that no real analysis observes); name one explicitly to use it anyway")
    }
    let named = out.filter { n in frame.columns.first { $0.name == n }?.isTruth ?? false }
    if !named.isEmpty {
      notes.append(
        "the formula adjusts for the simulator's truth column\(named.count == 1 ? "" : "s") "
          + named.joined(separator: ", ") + ", which no real analysis observes: the answer will look "
          + "more precise than any real estimate could be")
    }
    return (out, notes)
  }

  // MARK: - Parsing helpers

  private struct SignedName {
    var name: String
    var sign: Int
  }

  /// Splits `a + b - c` into signed terms at the top level (not inside brackets, backticks or
  /// strings). A term that is a plain or backticked name stays that name; any other term is checked
  /// with ``FormulaExpression`` and kept in its canonical text (`log(tenure + 1)`, `tenure:Contract`).
  private static func names(_ s: String, in whole: String) throws -> [SignedName] {
    var out: [SignedName] = []
    var sign = 1
    var piece = String.UnicodeScalarView()
    var depth = 0
    var quote: Unicode.Scalar? = nil
    func fail(_ why: String) -> FrameError { .invalidArgument("formula '\(whole)': \(why)") }
    func flush(final: Bool) throws {
      let text = String(piece).trimmingFormulaSpace()
      piece = String.UnicodeScalarView()
      if text.isEmpty {
        if out.isEmpty && !final { return }  // a leading sign: `~ -1 + x`
        throw fail(final ? "ends with an operator" : "two operators in a row")
      }
      out.append(SignedName(name: try canonicalTerm(text, in: whole), sign: sign))
    }
    for c in s.unicodeScalars {
      if let q = quote {
        piece.append(c)
        if c == q { quote = nil }
        continue
      }
      switch c {
      case "`", "\"":
        quote = c
        piece.append(c)
      case "(":
        depth += 1
        piece.append(c)
      case ")":
        depth -= 1
        if depth < 0 { throw fail("unbalanced ')'") }
        piece.append(c)
      case "+" where depth == 0, "-" where depth == 0:
        // `1e-3` inside a term is a number, not an operator.
        if let last = piece.last, last == "e" || last == "E",
          piece.dropLast().last.map({ $0 >= "0" && $0 <= "9" }) ?? false
        {
          piece.append(c)
          continue
        }
        try flush(final: false)
        sign = c == "+" ? 1 : -1
      default: piece.append(c)
      }
    }
    if quote == "`" { throw fail("unclosed backtick") }
    if quote != nil { throw fail("unclosed string") }
    if depth != 0 { throw fail("unbalanced '('") }
    if !String(piece).trimmingFormulaSpace().isEmpty || !out.isEmpty { try flush(final: true) }
    if out.contains(where: { $0.name == "." && $0.sign == -1 }) { throw fail("'- .' is not meaningful") }
    // `- 0` is `+ 1` and `+ 1` is the default: both just keep the intercept.
    return out.compactMap { t in
      if t.name == "0" && t.sign == -1 { return nil }
      if t.name == "1" && t.sign == 1 { return nil }
      return t
    }
  }

  /// The stored text of one formula term written in the language (`log(tenure+1)` →
  /// `log(tenure + 1)`); a plain column stays its name, `0`/`1` stay as they are. Throws
  /// ``FrameError/invalidArgument(_:)`` naming the problem for a malformed term.
  public static func canonicalTermText(_ text: String) throws -> String {
    if text == "0" || text == "1" { return text }
    let e = try FormulaExpression(parsing: text)
    if case .column(let name) = e { return name }
    return e.description
  }

  /// The stored text of one term: a name as it is, an expression in canonical form.
  static func canonicalTerm(_ text: String, in whole: String) throws -> String {
    let u = Array(text.unicodeScalars)
    if u.count >= 2, u.first == "`", u.last == "`", !u.dropFirst().dropLast().contains("`") {
      return String(String.UnicodeScalarView(u.dropFirst().dropLast()))
    }
    if u.allSatisfy(formulaNameScalar) { return text }
    do {
      let e = try FormulaExpression(parsing: text)
      if case .column(let name) = e { return name }
      return e.description
    } catch let FrameError.invalidArgument(m) {
      throw FrameError.invalidArgument("formula '\(whole)': " + m)
    }
  }
}

extension String {
  /// The text without leading and trailing spaces, tabs and newlines.
  func trimmingFormulaSpace() -> String {
    let u = unicodeScalars
    guard let a = u.firstIndex(where: { $0 != " " && $0 != "\t" && $0 != "\n" }),
      let b = u.lastIndex(where: { $0 != " " && $0 != "\t" && $0 != "\n" })
    else { return "" }
    return String(u[a...b])
  }
}
