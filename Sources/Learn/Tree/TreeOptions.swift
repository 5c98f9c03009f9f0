/// How a tree chooses which open node to split next.
public enum TreeGrowth: String, Sendable, Codable, Equatable {
  /// Split every node until it is too small, too deep or pure (CART, random and causal forests).
  case depthFirst = "depth_first"
  /// Always split the open leaf with the largest gain, up to `maxLeaves` leaves (LightGBM's leaf-wise growth).
  case bestFirst = "best_first"
}

/// How many candidate features a node tries when it looks for a split.
public enum CandidateCount: String, Sendable, Codable, Equatable {
  /// `mtry` features that vary within the node, drawn without replacement; features that turn out constant
  /// in the node are replaced by further draws (scikit-learn, ranger).
  case fixed
  /// grf 2.x: at every node a count k = max(1, min(Poisson(mtry), features)) is drawn, then k features
  /// without replacement; features constant in the node still count (they offer no split). The random
  /// count decorrelates the trees a little more than a fixed one, even when mtry equals the number of
  /// features. Draws come from the tree's own seeded stream.
  case poisson
}

/// Options of one tree (shared by decision trees, forests, boosting and the causal forest).
public struct TreeOptions: Sendable, Codable, Equatable {
  /// Maximum depth (root = 0); `Int.max` for unlimited.
  public var maxDepth: Int = .max
  /// Maximum number of leaves (best-first growth).
  public var maxLeaves: Int = .max
  /// Minimum number of samples in each child of a split.
  public var minLeafSize: Int = 1
  /// Minimum number of samples in a node for it to be split.
  public var minSplitSize: Int = 2
  /// Features tried at each split (drawn without replacement per node); nil = all candidate features.
  /// Features that are constant within the node do not count (as in scikit-learn).
  public var mtry: Int? = nil
  /// Whether `mtry` is a fixed count per node or the mean of grf's Poisson draw (nil `mtry` = the mean is
  /// the number of features).
  public var candidateCount: CandidateCount = .fixed
  public var growth: TreeGrowth = .depthFirst
  /// Honesty: grow the tree on one part of its sample and fill the leaves with the other part, so leaf
  /// values are independent of the splits (Wager & Athey 2018; grf's `honesty`).
  public var honesty: Bool = false
  /// Share of the tree's sample used for splitting when `honesty` is on.
  public var honestyFraction: Double = 0.5
  /// With honesty: remove leaves that receive no estimation samples (grf's `honesty.prune.leaves`);
  /// otherwise they stay as empty leaves that forests skip when averaging.
  public var pruneEmptyLeaves: Bool = true

  public init() {}

  /// Checks ranges; throws ``ModelError/invalidOption(name:value:expected:)``.
  public func validate() throws {
    try check("max_depth", maxDepth, 0...Int.max, "an integer ≥ 0")
    try check("leaves", maxLeaves, 2...Int.max, "an integer ≥ 2")
    try check("min_leaf", minLeafSize, 1...Int.max, "an integer ≥ 1")
    try check("min_split", minSplitSize, 2...Int.max, "an integer ≥ 2")
    if let m = mtry { try check("mtry", m, 1...Int.max, "an integer ≥ 1") }
    try check("honesty_fraction", honestyFraction, 0.01...0.99, "a number in (0, 1)")
  }
}
