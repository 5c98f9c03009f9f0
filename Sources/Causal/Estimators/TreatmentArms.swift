import Frame

/// How a treatment column is analysed: one rule shared by `estimate`, `causal_forest`, the policy and the
/// decision service, so a column never means two arms to one command and several to another.
///
/// - A treated arm chosen explicitly (`treated:`) always means a comparison of two arms.
/// - A text column with more than two levels means several arms, each against a baseline.
/// - A text column with exactly two levels means two labelled arms (the control picked by name or given).
/// - A numeric (0/1 or true/false) column means two arms, unless a baseline is named, which asks for the
///   several-arm analysis of its values as labels.
public enum TreatmentArms: Equatable, Sendable {
  /// A 0/1 (or Boolean) treatment: treated vs control.
  case binary
  /// A text treatment with exactly these two levels (sorted).
  case labelledPair([String])
  /// Several arms against a baseline; the levels (sorted) as text.
  case several([String])

  /// Decides how `column` is analysed. `treatedChosen`: the caller named the treated arm; `baselineChosen`:
  /// it named a baseline arm.
  public static func of(_ column: Column, treatedChosen: Bool = false, baselineChosen: Bool = false) -> TreatmentArms {
    let text = column.type == .string
    if treatedChosen { return text ? .labelledPair(levels(of: column)) : .binary }
    if text {
      let levels = levels(of: column)
      return levels.count > 2 || baselineChosen ? .several(levels) : .labelledPair(levels)
    }
    return baselineChosen ? .several(levels(of: column)) : .binary
  }

  /// True for ``several(_:)``.
  public var isSeveral: Bool {
    if case .several = self { return true }
    return false
  }

  /// The distinct non-missing values of `column` as text (numbers in their plain form), sorted.
  public static func levels(of column: Column) -> [String] {
    var seen = Set<String>()
    for i in 0..<column.count {
      if let s = column.string(at: i) {
        seen.insert(s)
      } else if let d = column.double(at: i) {
        seen.insert(formatPlain(d))
      }
    }
    return seen.sorted()
  }
}
