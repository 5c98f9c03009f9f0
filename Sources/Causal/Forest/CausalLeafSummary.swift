/// The sufficient statistics a causal-forest leaf keeps for prediction (grf's "optimized" strategy).
///
/// For the honest samples S in a leaf the summary holds the means of Y, W, Y·W and W·W (Y and W are the
/// residualized outcome and treatment). A forest prediction averages these four means over the trees
/// whose leaf for the query point is non-empty, then solves the local moment with the averages:
/// `τ̂(x) = (E[YW] − E[Y]E[W]) / (E[WW] − E[W]²)`, which equals the forest-weighted
/// `Σαᵢ(Wᵢ − W̄)(Yᵢ − Ȳ) / Σαᵢ(Wᵢ − W̄)²` of Athey, Tibshirani & Wager (2019), eq. (5), with the
/// forest weights αᵢ(x) = (1/B) Σ_b 1{i ∈ L_b(x)} / |L_b(x)|.
public struct CausalLeafSummary: Sendable, Equatable {
  /// Number of values stored per leaf in flat arrays.
  public static let width = 4
  public var y: Double
  public var w: Double
  public var yw: Double
  public var ww: Double

  public init(y: Double, w: Double, yw: Double, ww: Double) {
    self.y = y
    self.w = w
    self.yw = yw
    self.ww = ww
  }

  /// Local effect from (averaged) summaries; NaN when the treatment does not vary.
  @inline(__always)
  public var tau: Double {
    let den = ww - w * w
    return (yw - y * w) / den
  }
}

/// Forest prediction and little-bags variance from per-tree leaf summaries.
public enum CausalForestEstimate {
  /// Point estimate and variance for one query point.
  ///
  /// - Parameters:
  ///   - leaves: per tree, `CausalLeafSummary.width` values (y, w, yw, ww) in tree order; a tree that
  ///     does not contribute (empty leaf, or the point was in its subsample for OOB) has NaN in its
  ///     first slot. Trees come in consecutive groups of `groupSize` that share a half-sample.
  ///   - treeCount: number of trees.
  ///   - groupSize: `ci_group_size` (≥ 2 for a variance; 1 gives NaN variance).
  ///   - withVariance: compute the variance (otherwise NaN).
  ///   - monteCarlo: instead of the little-bags variance, return the Monte Carlo variance of τ̂ over the
  ///     trees that contribute, `Σ_b ψ_b² / ((E[WW] − E[W]²)² B (B − 1))` — the part of τ̂'s error that
  ///     more trees would remove (used by tuning's debiased error; any group size).
  /// - Returns: τ̂ and its variance estimate (NaN when no tree contributes, or too few good groups).
  ///
  /// Variance: the bootstrap of little bags (Sexton & Laake 2009; Athey, Tibshirani & Wager 2019,
  /// Section 4 and eq. (16)). With the forest solution (τ̂, μ̂ = Ȳ − τ̂W̄), tree b's contribution to
  /// the moment is `ψ_b = (YW_b − τ̂ WW_b − μ̂ W_b) − W̄ (Y_b − τ̂ W_b − μ̂)` (the sandwich
  /// `ξ'V⁻¹ψ` for the local linear moment, up to the factor `1/(E[WW] − E[W]²)`). Over the groups
  /// whose trees all contribute, `var_between` is the mean square of group means of ψ and `var_total`
  /// the mean square of ψ; the within-group noise `(var_total − var_between)/(g − 1)` is removed by
  /// ``ObjectiveBayesDebiaser`` so the estimate stays positive.
  public static func estimate(
    leaves: UnsafeBufferPointer<Double>, treeCount: Int, groupSize: Int,
    withVariance: Bool, monteCarlo: Bool = false
  ) -> (tau: Double, variance: Double) {
    let k = CausalLeafSummary.width
    var ay = 0.0, aw = 0.0, ayw = 0.0, aww = 0.0
    var used = 0
    for t in 0..<treeCount {
      let b = t * k
      let v = leaves[b]
      if v.isNaN { continue }
      ay += v
      aw += leaves[b + 1]
      ayw += leaves[b + 2]
      aww += leaves[b + 3]
      used += 1
    }
    guard used > 0 else { return (.nan, .nan) }
    let (tau, main, meanW, den) = forestSolution(ay, aw, ayw, aww, used: used)
    aw = meanW
    @inline(__always) func influence(_ t: Int) -> Double {
      let b = t * k
      return treeInfluence(
        y: leaves[b], w: leaves[b + 1], yw: leaves[b + 2], ww: leaves[b + 3], tau: tau, main: main,
        meanW: aw)
    }
    if monteCarlo {
      // ψ averages to zero at the forest solution, so Σψ²/(B(B − 1)) estimates the variance of the mean.
      guard used >= 2 else { return (tau, .nan) }
      var s = 0.0
      for t in 0..<treeCount where !leaves[t * k].isNaN {
        let psi = influence(t)
        s += psi * psi
      }
      return (tau, monteCarloVariance(sumSq: s, den: den, used: used))
    }
    guard withVariance, groupSize >= 2, treeCount >= 2 * groupSize else { return (tau, .nan) }
    return (
      tau,
      littleBagsVariance(
        treeCount: treeCount, groupSize: groupSize, scale: 1 / (den * den),
        contributes: { !leaves[$0 * k].isNaN }, influence: influence)
    )
  }

  /// The forest solution from the summed leaf summaries of the `used` contributing trees: the averages
  /// Ȳ, W̄, YW̄, WW̄, then `den = WW̄ − W̄²`, `τ̂ = (YW̄ − Ȳ W̄)/den` and `μ̂ = Ȳ − W̄ τ̂`.
  @inline(__always)
  static func forestSolution(_ sy: Double, _ sw: Double, _ syw: Double, _ sww: Double, used: Int)
    -> (tau: Double, main: Double, meanW: Double, den: Double)
  {
    let inv = 1 / Double(used)
    let ay = sy * inv, aw = sw * inv, ayw = syw * inv, aww = sww * inv
    let den = aww - aw * aw
    let tau = (ayw - ay * aw) / den
    return (tau, ay - aw * tau, aw, den)
  }

  /// The Monte Carlo variance of τ̂ from Σψ² over the `used` contributing trees (NaN below two trees).
  @inline(__always)
  static func monteCarloVariance(sumSq s: Double, den: Double, used: Int) -> Double {
    guard used >= 2 else { return .nan }
    return s / (den * den * Double(used) * Double(used - 1))
  }

  /// Tree b's contribution ψ_b to the local moment at the forest solution (τ̂, μ̂ = Ȳ − τ̂W̄), from its leaf
  /// summary: `ψ_b = (YW_b − τ̂ WW_b − μ̂ W_b) − W̄ (Y_b − τ̂ W_b − μ̂)` (see ``estimate(leaves:treeCount:groupSize:withVariance:monteCarlo:)``).
  @inline(__always)
  static func treeInfluence(
    y: Double, w: Double, yw: Double, ww: Double, tau: Double, main: Double,
    meanW aw: Double
  ) -> Double {
    let psi1 = yw - ww * tau - w * main
    let psi2 = y - w * tau - main
    return psi1 - aw * psi2
  }

  /// The bootstrap-of-little-bags variance from per-tree influence values ψ_b (times `scale`): over the
  /// groups whose trees all contribute, `var_between` is the mean square of group means of ψ and
  /// `var_total` the mean square of ψ; the within-group noise `(var_total − var_between)/(g − 1)` is
  /// removed by ``ObjectiveBayesDebiaser``. NaN with fewer than two good groups.
  @inline(__always)
  static func littleBagsVariance(
    treeCount: Int, groupSize: Int, scale: Double, contributes: (Int) -> Bool,
    influence: (Int) -> Double
  ) -> Double {
    var goodGroups = 0
    var sumSq = 0.0, sumGroupSq = 0.0
    for g in 0..<(treeCount / groupSize) {
      var good = true
      for j in 0..<groupSize where !contributes(g * groupSize + j) {
        good = false
        break
      }
      if !good { continue }
      goodGroups += 1
      addLittleBagGroup(groupSize: groupSize, sumSq: &sumSq, sumGroupSq: &sumGroupSq) { influence(g * groupSize + $0) }
    }
    return finishLittleBags(
      sumSq: sumSq, sumGroupSq: sumGroupSq, goodGroups: goodGroups, groupSize: groupSize,
      scale: scale)
  }

  /// One good group's step of the little-bags sums: adds ψ² of its trees to `sumSq` and the square of their
  /// mean ψ to `sumGroupSq`, trees in order (`psi(j)` for `j` in `0..<groupSize`). Every little-bags kernel
  /// (per row, causal blocks, local linear blocks) sums through it, so they agree bit for bit.
  @inline(__always)
  static func addLittleBagGroup(
    groupSize: Int, sumSq: inout Double, sumGroupSq: inout Double,
    _ psi: (Int) -> Double
  ) {
    var gs = 0.0
    for j in 0..<groupSize {
      let p = psi(j)
      sumSq += p * p
      gs += p
    }
    gs /= Double(groupSize)
    sumGroupSq += gs * gs
  }

  /// The little-bags variance from its sums over the good groups: Σψ² over their trees (`sumSq`) and
  /// Σ(group mean of ψ)² (`sumGroupSq`), times `scale`. NaN with fewer than two good groups.
  @inline(__always)
  static func finishLittleBags(
    sumSq: Double, sumGroupSq: Double, goodGroups: Int, groupSize: Int,
    scale: Double
  ) -> Double {
    guard goodGroups >= 2 else { return .nan }
    let varTotal = scale * sumSq / Double(goodGroups * groupSize)
    let varBetween = scale * sumGroupSq / Double(goodGroups)
    let groupNoise = (varTotal - varBetween) / Double(groupSize - 1)
    return ObjectiveBayesDebiaser.debias(varianceBetween: varBetween, groupNoise: groupNoise, goodGroups: goodGroups)
  }

  /// Array convenience: summaries per tree (nil = tree does not contribute).
  public static func estimate(leaves: [CausalLeafSummary?], groupSize: Int, withVariance: Bool = true)
    -> (tau: Double, variance: Double)
  {
    var flat = [Double](repeating: .nan, count: leaves.count * CausalLeafSummary.width)
    for (t, l) in leaves.enumerated() {
      guard let l else { continue }
      flat[t * 4] = l.y
      flat[t * 4 + 1] = l.w
      flat[t * 4 + 2] = l.yw
      flat[t * 4 + 3] = l.ww
    }
    return flat.withUnsafeBufferPointer {
      estimate(leaves: $0, treeCount: leaves.count, groupSize: groupSize, withVariance: withVariance)
    }
  }
}
