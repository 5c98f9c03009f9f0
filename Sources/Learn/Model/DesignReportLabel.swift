import Frame

extension DesignSpec {
  /// The outcome as model reports name it: the formula's outcome, followed for a 0/1 outcome by which level is
  /// coded 1, e.g. `Churn (1 = Yes)`.
  func outcomeReportLabel(binary: Bool) -> String {
    formula.outcome + (binary ? " (1 = \(outcome?.levels?.positive ?? "1"))" : "")
  }
}
