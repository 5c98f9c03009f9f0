import Frame

/// A fitted policy tree: axis-aligned splits leading to one arm per leaf.
public indirect enum PolicyTreeNode: Sendable, Equatable {
  /// Give every row here `arm` (index into the tree's arm names).
  case leaf(arm: Int)
  /// Rows with feature value ≤ threshold go left, the others right.
  case split(feature: Int, threshold: Double, left: PolicyTreeNode, right: PolicyTreeNode)
}

/// A policy tree with its features and arm names; assigns an arm to each row of a frame and prints as
/// a readable rule (Athey & Wager 2021; the `policytree` R package of Sverdrup et al. 2020).
public struct PolicyTree: Sendable, Equatable {
  /// The tree.
  public var root: PolicyTreeNode
  /// Features the splits refer to.
  public var features: [PolicyTreeFeature]
  /// Arm names.
  public var arms: [String]
  /// Total reward of the tree on its training rows (sum over rows of the reward of the chosen arm).
  public var reward: Double
  /// Depth searched.
  public var depth: Int
  /// Whether thresholds were restricted to quantiles (and how many per feature), or exact.
  public var candidateThresholds: Int?

  /// The arm index for each row of a column-major feature matrix.
  public func assign(matrix x: [[Double]]) -> [Int] {
    let n = x.first?.count ?? 0
    return (0..<n).map { i in
      var node = root
      while case .split(let f, let t, let l, let r) = node { node = x[f][i] <= t ? l : r }
      if case .leaf(let a) = node { return a }
      return 0
    }
  }

  /// The arm index for each row of `frame` (which must have the tree's columns, no missing values).
  public func assign(_ frame: DataFrame) throws -> [Int] {
    assign(matrix: try PolicyTreeFeatures.matrix(frame, features: features))
  }

  /// The arm name for each row of `frame`.
  public func assignNames(_ frame: DataFrame) throws -> [String] { try assign(frame).map { arms[$0] } }

  /// The condition text for one side of a split.
  func condition(_ f: Int, _ t: Double, left: Bool) -> String {
    switch features[f] {
    case .numeric(let c): return left ? "\(c) <= \(formatThreshold(t))" : "\(c) > \(formatThreshold(t))"
    case .level(let c, let l): return left ? "\(c) is not \(l)" : "\(c) is \(l)"
    }
  }

  private func formatThreshold(_ t: Double) -> String {
    if t == t.rounded() && abs(t) < 1e15 { return String(Int(t)) }
    let s = String(t)
    return s.count <= 10 ? s : String((t * 1e4).rounded() / 1e4)
  }

  /// One line per leaf: "if tenure <= 12 and Contract is Month-to-month: discount_99".
  public var rules: [String] {
    var out: [String] = []
    func walk(_ node: PolicyTreeNode, _ conds: [String]) {
      switch node {
      case .leaf(let a):
        out.append(conds.isEmpty ? "everyone: \(arms[a])" : "if \(conds.joined(separator: " and ")): \(arms[a])")
      case .split(let f, let t, let l, let r):
        walk(l, conds + [condition(f, t, left: true)])
        walk(r, conds + [condition(f, t, left: false)])
      }
    }
    walk(root, [])
    return out
  }
}

extension PolicyTree: Reportable {
  public var report: Report {
    let how = candidateThresholds.map { "thresholds at \($0) quantiles per feature" } ?? "exact (every threshold)"
    return Report(
      title: "Policy tree (depth \(depth))",
      items: [
        .fields([
          Report.Field("features", .string(features.map(\.name).joined(separator: ", "))),
          Report.Field("search", .string(how)),
          Report.Field("training reward", .float(reward)),
        ]),
        .preformatted(rules.joined(separator: "\n")),
      ])
  }
}
