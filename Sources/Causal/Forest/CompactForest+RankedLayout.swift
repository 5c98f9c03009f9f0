import Learn

extension CompactForest {
  /// Builds now, if not yet built, the 8-byte ``RankedTrees`` layout that predictions of fewer than 64 rows
  /// without missing values walk, so that the first such prediction does not pay for it (a service calls
  /// this at start). Returns the bytes the layout holds, or nil when the forest has none (no trees, or a
  /// categorical split). Results never depend on it.
  @discardableResult
  public func prepareRankedLayout() -> Int? { ranked.layout(trees)?.byteCount }
}
