import Stats

/// Exact search for the reward-maximising policy tree of depth 1 or 2 (Athey & Wager 2021, "Policy
/// learning with observational data", Econometrica 89(1); the algorithm of R's `policytree`, Sverdrup et
/// al. 2020).
///
/// Every feature is sorted once. A depth-1 tree on a row subset is found by scanning each feature's
/// sorted order once, keeping cumulative reward sums per arm on the left (right = total − left), and
/// scoring every boundary between distinct values: O(p·n·A). A depth-2 tree tries every top split
/// (p·n of them) and solves the depth-1 problem on both sides in one such scan: O(p²·n²·A) in all.
/// With `candidateThresholds: q`, thresholds are restricted to the q quantiles of each feature (the
/// speed/accuracy trade of policytree's `split.step`), which makes the top level p·q splits.
/// Ties are broken deterministically: the first feature, the lowest threshold, the lowest arm.
public enum PolicyTreeSearch {
  /// Fits the tree.
  ///
  /// - Parameters:
  ///   - x: feature matrix, column-major (one array per feature), no NaN.
  ///   - rewards: reward of each arm per row, `rewards[a][i]` (e.g. DR churn prevented, or net money).
  ///   - depth: 1 or 2 (0 = the best single arm).
  ///   - candidateThresholds: nil for exact, or the number of quantile thresholds per feature (≥ 2).
  ///   - minNodeSize: smallest leaf (rows).
  public static func fit(
    x: [[Double]], rewards: [[Double]], features: [PolicyTreeFeature], arms: [String], depth: Int = 2,
    candidateThresholds: Int? = nil, minNodeSize: Int = 1
  ) throws -> PolicyTree {
    let p = x.count, k = rewards.count
    guard p > 0, p == features.count else {
      throw PolicyEvaluationError.shape("one feature vector per feature is needed")
    }
    guard k >= 1, k == arms.count else { throw PolicyEvaluationError.shape("one reward vector per arm is needed") }
    let n = x[0].count
    guard n > 0, x.allSatisfy({ $0.count == n }), rewards.allSatisfy({ $0.count == n }) else {
      throw PolicyEvaluationError.shape("features and rewards must have the same number of rows")
    }
    guard x.allSatisfy({ $0.allSatisfy { !$0.isNaN } }) else {
      throw PolicyEvaluationError.badValues("features hold missing values")
    }
    guard rewards.allSatisfy({ $0.allSatisfy(\.isFinite) }) else {
      throw PolicyEvaluationError.badValues("rewards hold missing values")
    }
    guard (0...2).contains(depth) else {
      throw PolicyEvaluationError.invalidOption("depth must be 0, 1 or 2 (got \(depth))")
    }
    if let q = candidateThresholds, q < 2 || q > 100_000 {
      throw PolicyEvaluationError.invalidOption("candidate thresholds must be between 2 and 100000 (got \(q))")
    }
    guard minNodeSize >= 1 else { throw PolicyEvaluationError.invalidOption("min node size must be at least 1") }
    let ctx = Context(x: x, rewards: rewards, candidates: candidateThresholds, minNodeSize: minNodeSize)
    let all = [Bool](repeating: true, count: n)
    let best: Solution
    switch depth {
    case 0: best = ctx.leaf(all)
    case 1: best = ctx.depthOne(all)
    default: best = ctx.depthTwo()
    }
    return PolicyTree(
      root: best.node, features: features, arms: arms, reward: best.reward, depth: depth,
      candidateThresholds: candidateThresholds)
  }

  struct Solution {
    var reward: Double
    var node: PolicyTreeNode
  }

  /// Sorted orders, split candidates and the scans.
  struct Context: Sendable {
    let x: [[Double]]
    let rewards: [[Double]]
    let n: Int, p: Int, k: Int
    let minNodeSize: Int
    /// Rewards row-major: flat[i * k + a].
    let flat: [Double]
    /// Rows sorted by each feature (ties by row).
    let order: [[Int]]
    /// For each feature, whether a split between sorted positions s and s+1 is allowed (by value).
    let allowed: [Set<Double>?]

    init(x: [[Double]], rewards: [[Double]], candidates: Int?, minNodeSize: Int) {
      self.x = x
      self.rewards = rewards
      n = x[0].count
      p = x.count
      k = rewards.count
      self.minNodeSize = minNodeSize
      var fl = [Double](repeating: 0, count: x[0].count * rewards.count)
      for a in 0..<rewards.count { for i in 0..<x[0].count { fl[i * rewards.count + a] = rewards[a][i] } }
      flat = fl
      order = x.map { col in col.indices.sorted { col[$0] < col[$1] || (col[$0] == col[$1] && $0 < $1) } }
      allowed = zip(x, order).map { col, ord in
        guard let q = candidates else { return nil }
        var s = Set<Double>()
        for j in 1..<q {
          let pos = min(ord.count - 1, max(0, Int((Double(j) * Double(ord.count) / Double(q)).rounded(.up)) - 1))
          s.insert(col[ord[pos]])
        }
        return s
      }
    }

    func isCandidate(_ f: Int, _ v: Double) -> Bool { allowed[f].map { $0.contains(v) } ?? true }

    /// Best single arm on a subset.
    func leaf(_ member: [Bool]) -> Solution {
      var tot = [Double](repeating: 0, count: k)
      for i in 0..<n where member[i] { for a in 0..<k { tot[a] += rewards[a][i] } }
      let a = argmax(tot)
      return Solution(reward: tot[a], node: .leaf(arm: a))
    }

    func argmax(_ v: [Double]) -> Int {
      var b = 0
      for a in 1..<v.count where v[a] > v[b] { b = a }
      return b
    }

    /// Best depth-1 trees on the rows with `side[i] == s` for s = 0 and 1, in one scan per feature:
    /// rows are visited in sorted order a group of equal values at a time; after each group, each side's
    /// cumulative left sums give the best left arm, total − left the best right arm.
    func depthOnePair(_ side: [UInt8]) -> (Solution, Solution) {
      var best: [Solution] = []
      var totals = [Double](repeating: 0, count: 2 * k)
      var counts = [0, 0]
      for i in 0..<n {
        let s = Int(side[i])
        guard s < 2 else { continue }
        counts[s] += 1
        for a in 0..<k { totals[s * k + a] += flat[i * k + a] }
      }
      for s in 0..<2 {
        var a = 0
        for b in 1..<k where totals[s * k + b] > totals[s * k + a] { a = b }
        best.append(Solution(reward: totals[s * k + a], node: .leaf(arm: a)))
      }
      var left = [Double](repeating: 0, count: 2 * k)
      var changed = [false, false]
      for f in 0..<p {
        for j in 0..<(2 * k) { left[j] = 0 }
        var seen = [0, 0]
        let ord = order[f], col = x[f]
        var pos = 0
        while pos < n {
          let v = col[ord[pos]]
          changed[0] = false
          changed[1] = false
          while pos < n && col[ord[pos]] == v {
            let i = ord[pos]
            let s = Int(side[i])
            if s < 2 {
              for a in 0..<k { left[s * k + a] += flat[i * k + a] }
              seen[s] += 1
              changed[s] = true
            }
            pos += 1
          }
          guard pos < n, isCandidate(f, v) else { continue }
          for s in 0..<2 where changed[s] && seen[s] >= minNodeSize && counts[s] - seen[s] >= minNodeSize {
            var bl = 0, br = 0
            for a in 1..<k {
              if left[s * k + a] > left[s * k + bl] { bl = a }
              if totals[s * k + a] - left[s * k + a] > totals[s * k + br] - left[s * k + br] { br = a }
            }
            let r = left[s * k + bl] + (totals[s * k + br] - left[s * k + br])
            if r > best[s].reward {
              best[s] = Solution(
                reward: r, node: .split(feature: f, threshold: v, left: .leaf(arm: bl), right: .leaf(arm: br)))
            }
          }
        }
      }
      return (best[0], best[1])
    }

    func depthOne(_ member: [Bool]) -> Solution {
      depthOnePair(member.map { $0 ? 0 : 2 }).0
    }

    /// Tries every top split; the two sides' depth-1 problems are solved together.
    func depthTwo() -> Solution {
      var perFeature = [Solution?](repeating: nil, count: p)
      perFeature.withUnsafeMutableBufferPointer { buf in
        guard let base = buf.baseAddress else { return }
        let out = SharedPointer(base)
        parallelFor(p) { f in
          var best: Solution? = nil
          var side = [UInt8](repeating: 1, count: n)
          let ord = order[f], col = x[f]
          for pos in 0..<(n - 1) {
            side[ord[pos]] = 0
            let v = col[ord[pos]]
            guard col[ord[pos + 1]] > v, pos + 1 >= minNodeSize, n - pos - 1 >= minNodeSize, isCandidate(f, v) else {
              continue
            }
            let (l, r) = depthOnePair(side)
            let total = l.reward + r.reward
            if best.map({ total > $0.reward }) ?? true {
              best = Solution(reward: total, node: .split(feature: f, threshold: v, left: l.node, right: r.node))
            }
          }
          out[f] = best
        }
      }
      var best = depthOne([Bool](repeating: true, count: n))
      for s in perFeature { if let s, s.reward > best.reward { best = s } }
      return best
    }
  }
}
