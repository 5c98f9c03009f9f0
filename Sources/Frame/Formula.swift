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
    self.init(outcome: lhs[0].name, treatment: treatment,
              terms: terms.filter { $0.sign == 1 }.map(\.name),
              excluded: terms.filter { $0.sign == -1 }.map(\.name))
    if self.terms.isEmpty {
      throw FrameError.invalidArgument("formula '\(text)' removes terms but adds none; start with '.' or a column")
    }
  }

  /// Formula text in canonical form.
  public var description: String {
    func q(_ s: String) -> String {
      let plain = s == "." || s.unicodeScalars.allSatisfy { isNameScalar($0) }
      return plain ? s : "`\(s)`"
    }
    var s = q(outcome) + " ~ "
    if let treatment { s += q(treatment) + " | " }
    s += terms.map(q).joined(separator: " + ")
    for e in excluded { s += " - " + q(e) }
    return s
  }

  /// Every column the formula names explicitly (outcome, treatment, terms other than `.`, exclusions).
  public var namedColumns: [String] {
    [outcome] + (treatment.map { [$0] } ?? []) + terms.filter { $0 != "." } + excluded
  }

  /// The predictor columns of this formula in `frame`: explicit terms in order, `.` expanded to all
  /// remaining columns in frame order (never the outcome or treatment), exclusions removed, duplicates
  /// dropped. Throws for unknown columns (with a did-you-mean hint) and for a term equal to the outcome.
  /// Simulator truth columns (``Column/isTruth``) never enter through `.`; see ``resolvedTermsWithNotes(in:)``.
  public func resolvedTerms(in frame: DataFrame) throws -> [String] {
    try resolvedTermsWithNotes(in: frame).terms
  }

  /// ``resolvedTerms(in:)`` with the notes a reader must see: which simulator truth columns `.` left out,
  /// and which truth columns the formula names explicitly (allowed, since a simulation study may want
  /// exactly that, but warned about: no real analysis can adjust for them).
  public func resolvedTermsWithNotes(in frame: DataFrame) throws -> (terms: [String], notes: [String]) {
    for name in namedColumns where frame.index(of: name) == nil {
      throw FrameError.unknownColumn(name, suggestion: frame.suggest(name))
    }
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
          out.append(c.name); seen.insert(c.name)
        }
      } else {
        if reserved.contains(t) {
          throw FrameError.invalidArgument(
            "formula '\(self)': '\(t)' is the \(t == outcome ? "outcome" : "treatment") and cannot also be a predictor")
        }
        if !seen.contains(t) { out.append(t); seen.insert(t) }
      }
    }
    out.removeAll { drop.contains($0) }
    leftOut.removeAll { seen.contains($0) }
    if out.isEmpty {
      throw FrameError.invalidArgument("formula '\(self)' leaves no predictor columns")
    }
    var notes: [String] = []
    if !leftOut.isEmpty {
      notes.append("'.' left out the simulator's truth column\(leftOut.count == 1 ? "" : "s") "
                   + leftOut.joined(separator: ", ") + " (potential outcomes, true effects or propensities, hidden "
                   + "or post-treatment values that no real analysis observes); name one explicitly to use it anyway")
    }
    let named = out.filter { n in frame.columns.first { $0.name == n }?.isTruth ?? false }
    if !named.isEmpty {
      notes.append("the formula adjusts for the simulator's truth column\(named.count == 1 ? "" : "s") "
                   + named.joined(separator: ", ") + ", which no real analysis observes: the answer will look "
                   + "more precise than any real estimate could be")
    }
    return (out, notes)
  }

  // MARK: - Parsing helpers

  private struct SignedName { var name: String; var sign: Int }

  /// Splits `a + b - c` into signed names; backticks quote names.
  private static func names(_ s: String, in whole: String) throws -> [SignedName] {
    var out: [SignedName] = []
    var sign = 1
    var expectName = true
    var i = s.unicodeScalars.startIndex
    let u = s.unicodeScalars
    func fail(_ why: String) -> FrameError { .invalidArgument("formula '\(whole)': \(why)") }
    while i < u.endIndex {
      let c = u[i]
      if c == " " || c == "\t" || c == "\n" { i = u.index(after: i); continue }
      if c == "+" || c == "-" {
        if expectName && !out.isEmpty { throw fail("two operators in a row") }
        expectName = true
        sign = c == "+" ? 1 : -1
        i = u.index(after: i)
        continue
      }
      guard expectName else { throw fail("missing '+' between terms") }
      if c == "`" {
        var j = u.index(after: i)
        var name = String.UnicodeScalarView()
        while j < u.endIndex && u[j] != "`" { name.append(u[j]); j = u.index(after: j) }
        guard j < u.endIndex else { throw fail("unclosed backtick") }
        out.append(SignedName(name: String(name), sign: sign))
        i = u.index(after: j)
      } else if isNameScalar(c) {
        var name = String.UnicodeScalarView()
        var j = i
        while j < u.endIndex && isNameScalar(u[j]) { name.append(u[j]); j = u.index(after: j) }
        out.append(SignedName(name: String(name), sign: sign))
        i = j
      } else {
        throw fail("unexpected character '\(c)'; quote unusual column names in backticks")
      }
      sign = 1
      expectName = false
    }
    if expectName && !out.isEmpty { throw fail("ends with an operator") }
    if out.contains(where: { $0.name == "." && $0.sign == -1 }) { throw fail("'- .' is not meaningful") }
    return out
  }
}

/// Characters allowed in an unquoted column name inside a formula.
@inline(__always)
private func isNameScalar(_ c: Unicode.Scalar) -> Bool {
  (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || (c >= "0" && c <= "9") || c == "_" || c == "."
    || c.value > 127
}
