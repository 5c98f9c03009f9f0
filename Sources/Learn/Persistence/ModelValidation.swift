import Frame
import Stats

/// Structural checks of a loaded model, so a tampered file cannot make prediction index out of bounds
/// or loop forever (the checksum catches accidents, not edits made with care).
enum ModelValidation {
  /// Checks the design, the coefficients (linear models) or the trees and bins (tree models).
  static func validate(_ model: any PredictiveModel, name: String) throws {
    switch model {
    case let m as LogisticRegression:
      try validateCoefficients(m.coefficients.count, m.covariance, design: m.design, name: name)
    case let m as LinearRegression:
      try validateCoefficients(m.coefficients.count, m.covariance(m.covarianceType), design: m.design, name: name)
    case let m as RandomForest:
      try validateTrees(m.trees, features: m.design.columnNames.count, name: name)
      try validateBins(m.binner, m.design, name: name)
    case let m as GradientBoosting:
      try validateTrees(m.trees, features: m.design.columnNames.count, name: name)
      try validateBins(m.binner, m.design, name: name)
    default: break
    }
    try validateDesign(model.design, name: name)
  }

  /// The design's column list must agree with its terms (the transform relies on it).
  static func validateDesign(_ d: DesignSpec, name: String) throws {
    let expected = (d.options.intercept ? 1 : 0) + d.terms.reduce(0) { $0 + $1.columns.count }
    guard d.columnNames.count == expected else {
      throw ModelError.invalidInput(
        "'\(name)' is damaged: its design lists \(d.columnNames.count) columns but its "
          + "terms make \(expected)")
    }
    guard d.featureKinds.count == expected else {
      throw ModelError.invalidInput(
        "'\(name)' is damaged: its design has \(expected) columns but \(d.featureKinds.count) "
          + "feature kinds (one per column is needed)")
    }
    for t in d.terms where t.kind == .categorical {
      let want = d.options.categorical == .codes ? 1 : max(t.levels.count - 1, 0)
      guard t.columns.count == want else {
        throw ModelError.invalidInput("'\(name)' is damaged: term '\(t.name)' has inconsistent levels")
      }
    }
  }

  static func validateBins(_ binner: FeatureBinner, _ design: DesignSpec, name: String) throws {
    guard binner.features.count == design.columnNames.count else {
      throw ModelError.invalidInput("'\(name)' is damaged: its bins do not match its design columns")
    }
  }

  static func validateCoefficients(_ k: Int, _ cov: Matrix, design: DesignSpec, name: String) throws {
    guard k == design.columnNames.count, cov.rows == k, cov.cols == k, cov.values.count == k * k else {
      throw ModelError.invalidInput("'\(name)' is damaged: coefficients do not match the design columns")
    }
  }

  /// Every node array has one entry per node, and every child comes after its parent inside the tree
  /// (this rules out cycles), so walks stay in bounds and end.
  static func validateTrees(_ trees: [Tree], features: Int, name: String) throws {
    for (t, tree) in trees.enumerated() {
      let n = tree.nodeCount
      let sameLength = [
        tree.threshold.count, tree.binThreshold.count, tree.categorySet.count, tree.missingLeft.count,
        tree.left.count, tree.right.count, tree.gain.count, tree.weight.count, tree.depth.count,
      ]
      .allSatisfy { $0 == n }
      guard n > 0, sameLength, tree.valueWidth >= 1, tree.values.count % tree.valueWidth == 0,
        tree.values.count / tree.valueWidth == n, tree.categorySets.count % 4 == 0
      else {
        throw ModelError.invalidInput("'\(name)' is damaged: tree \(t + 1) has inconsistent node arrays")
      }
      for node in 0..<n where tree.feature[node] >= 0 {
        let f = Int(tree.feature[node]), l = Int(tree.left[node]), r = Int(tree.right[node])
        let set = Int(tree.categorySet[node])
        guard f < features, l > node, r > node, l < n, r < n, set < tree.categorySets.count / 4 else {
          throw ModelError.invalidInput("'\(name)' is damaged: tree \(t + 1), node \(node) points outside the tree")
        }
      }
    }
  }
}
