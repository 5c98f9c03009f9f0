/// How `ABTest.run` reads and analyses an experiment frame.
public struct ABTestOptions: Sendable {
  /// Which comparison: decided from the outcome (0/1 → proportions, other numbers → means) or forced.
  public enum Test: String, Sendable, CaseIterable { case auto, proportions, means }

  /// The control arm's label as it appears in the arm column.
  public var control: String
  public var test: Test
  /// Pre-period covariate column for CUPED (means only).
  public var pre: String?
  /// Segment column: one comparison table per level (exploratory).
  public var by: String?
  /// Planned allocation per arm label (any positive scale); nil = equal shares.
  public var planned: [(arm: String, share: Double)]?
  public var level: Double
  /// Fisher's exact test: nil = automatic (expected count < 5), true = always, false = never.
  public var fisher: Bool?

  /// Options with the control arm; everything else defaulted.
  public init(
    control: String, test: Test = .auto, pre: String? = nil, by: String? = nil,
    planned: [(arm: String, share: Double)]? = nil, level: Double = 0.95, fisher: Bool? = nil
  ) {
    self.control = control
    self.test = test
    self.pre = pre
    self.by = by
    self.planned = planned
    self.level = level
    self.fisher = fisher
  }
}
