/// CART variance reduction; channels: count, Σw, Σw·r₀ … Σw·r_{width−1}.
struct VarianceScorer: SplitScorer {
  let width: Int
  let minLeaf: Double
  /// grf's regression rule: minimum share of the node's samples in each child (0 = none) and the
  /// imbalance penalty.
  var alpha: Double = 0
  var penalty: Double = 0
  var channels: Int { 2 + width }

  @inline(__always)
  func add(_ h: UnsafeMutablePointer<Double>, _ w: Double, _ r: UnsafePointer<Double>) {
    h[0] += 1
    h[1] += w
    for k in 0..<width { h[2 + k] += w * r[k] }
  }

  @inline(__always)
  func contribution(_ w: Double, _ r: UnsafePointer<Double>, _ v: UnsafeMutablePointer<Double>) {
    v[0] = 1
    v[1] = w
    for k in 0..<width { v[2 + k] = w * r[k] }
  }

  @inline(__always)
  func score(_ s: UnsafePointer<Double>) -> Double {
    if s[1] <= 0 { return 0 }
    var t = 0.0
    for k in 0..<width { t += s[2 + k] * s[2 + k] }
    return t / s[1]
  }

  @inline(__always)
  func gain(_ l: UnsafePointer<Double>, _ r: UnsafePointer<Double>, _ p: UnsafePointer<Double>, _ n: Double) -> Double {
    if l[0] < minLeaf || r[0] < minLeaf || l[1] <= 0 || r[1] <= 0 { return -.infinity }
    if alpha > 0 {
      let m = (alpha * n).rounded(.up)
      if l[0] < m || r[0] < m { return -.infinity }
    }
    let g = score(l) + score(r) - score(p)
    return penalty > 0 ? g - penalty * (1 / l[0] + 1 / r[0]) : g
  }

  var exactCount: Bool { true }

  @inline(__always)
  func isEmpty(_ s: UnsafePointer<Double>) -> Bool { s[0] <= 0 }

  @inline(__always)
  func accepts(_ gain: Double) -> Bool { gain > 1e-12 }

  @inline(__always)
  func categoryKey(_ s: UnsafePointer<Double>) -> Double { s[1] > 0 ? s[2] / s[1] : 0 }

  @inline(__always)
  func mass(_ s: UnsafePointer<Double>) -> Double { s[1] }
}

/// ``scanFeature`` for a numeric feature under a one-response ``VarianceScorer`` (regression forests,
/// the causal forest's nuisance forests), with the three running sums in registers and the parent's
/// score computed once: the same arithmetic, in the same order, as the generic scan with
/// ``VarianceScorer/gain(_:_:_:_:)``, so it finds the same split with the same gain. `bins` and `layout` as in
/// ``scanFeature(_:feature:categorical:m:missing:parent:count:scratch:best:bestLeft:bins:layout:)``.
///
/// Each candidate is first tested on the children's sample counts (the comparisons with `minLeaf` and
/// ⌈alpha · count⌉ that make the gain −∞) and then, when it may be valid, with ``mayBeatBest``; only a candidate
/// that passes both gets its exact gains (`boundMargin`: the bound's margin, changed only by tests). With missing
/// values a candidate is skipped only when both sides for them are ruled out (a NaN missing-right gain decides
/// `max(g1, g2)`). The count channel adds exactly 1 per sample, so the right child's count never grows along the
/// scan: once it fails for both sides of the missing values, every later candidate fails too, and the scan stops.
@inline(__always)
func scanVarianceNumeric(
  _ scorer: VarianceScorer, feature: Int, m: Int, hasMissing: Bool,
  missing: UnsafePointer<Double>, parent p: UnsafePointer<Double>, count: Double,
  scratch: ScanScratch, best: inout SplitCandidate, bestLeft: UnsafeMutablePointer<Double>,
  bins: UnsafePointer<Double>? = nil, layout: SparseBinLayout = .plain, boundMargin: Double = 0x1p-30
) {
  let minLeaf = scorer.minLeaf, penalty = scorer.penalty
  let minCount = scorer.alpha > 0 ? (scorer.alpha * count).rounded(.up) : -Double.infinity
  let parentScore = scorer.score(p)
  let m0 = missing[0], m1 = missing[1], m2 = missing[2]
  // The parent without its missing values, as the generic scan forms `parent[k] - missing[k]`.
  let q0 = p[0] - m0, q1 = p[1] - m1, q2 = p[2] - m2
  // Whether a child of `n` samples breaks the rule's minimum sizes, `n < minLeaf || n < minCount` (the count
  // tests of the gain), as one comparison with the larger limit (a NaN limit compares false, as no limit).
  let minN = max(minLeaf.isNaN ? -.infinity : minLeaf, minCount.isNaN ? -.infinity : minCount)
  @inline(__always) func tooFew(_ n: Double) -> Bool { n < minN }
  /// VarianceScorer.gain of (l0, l1, l2) | (r0, r1, r2) with one response.
  @inline(__always) func gain(
    _ l0: Double, _ l1: Double, _ l2: Double, _ r0: Double, _ r1: Double, _ r2: Double
  ) -> Double {
    if l0 < minLeaf || r0 < minLeaf || l1 <= 0 || r1 <= 0 { return -.infinity }
    if l0 < minCount || r0 < minCount { return -.infinity }
    let g = (0 + l2 * l2) / l1 + (0 + r2 * r2) / r1 - parentScore
    return penalty > 0 ? g - penalty * (1 / l0 + 1 / r0) : g
  }
  var bestGain = best.gain
  var found = -1
  var foundMissingLeft = true
  var l0 = 0.0, l1 = 0.0, l2 = 0.0
  let stride = layout.stride(channels: 3)
  let last = hasMissing ? m : m - 1
  // The bound covers the unpenalized gain; a penalty only lowers it when it subtracts a non-negative amount:
  // penalty ≤ 0 (not applied) or both counts ≥ minLeaf > 0.
  let bounded = !(penalty > 0) || minLeaf > 0
  var t = 0
  /// Adds the next bin to the running sums.
  @inline(__always) func step() {
    let s = layout.regressionChannels(compactBin(t, stride: stride, scratch: scratch, bins: bins))
    l0 += s.0
    l1 += s.1
    l2 += s.2
    t += 1
  }
  /// Tries the boundary after the first `t` bins; false when no later boundary can be valid (stop the scan).
  /// `withMissing` and `leftValid` (the left child is known to pass the count tests) are constants after inlining.
  @inline(__always) func consider(withMissing: Bool, leftValid: Bool) -> Bool {
    let r0 = q0 - l0
    // Missing values to the right (g1) and, when there are any and the right side is not empty, to the left
    // (g2): which of the two pass the count tests, on the same values the gains test.
    let rightFew1 = tooFew(r0 + m0)
    let tries2 = withMissing && !(r0 <= 0)
    let rightFew2 = !tries2 || tooFew(r0)
    if rightFew1 && rightFew2 { return false }
    let valid1 = !rightFew1 && (leftValid || !tooFew(l0))
    let valid2 = !rightFew2 && !tooFew(l0 + m0)
    if !valid1 && !valid2 { return true }
    let r1 = q1 - l1, r2 = q2 - l2
    if bounded
      && neitherSideMayBeatBest(
        valid: (valid1, valid2), l1: l1, l2: l2, r1: r1, r2: r2, m1: m1, m2: m2, parentScore: parentScore,
        best: bestGain, margin: boundMargin)
    {
      return true
    }
    let g1 = gain(l0, l1, l2, r0 + m0, r1 + m1, r2 + m2)
    var g2 = -Double.infinity
    if tries2 { g2 = gain(l0 + m0, l1 + m1, l2 + m2, r0, r1, r2) }
    let g = max(g1, g2)
    if g > bestGain {
      bestGain = g
      found = t
      foundMissingLeft = withMissing ? g2 > g1 : l1 >= r1
    }
    return true
  }
  if hasMissing {
    while t < last {
      step()
      if !consider(withMissing: true, leftValid: false) { break }
    }
  } else {
    // No missing values: the boundaries whose left child is too small form a prefix, passed with the sums
    // alone; every boundary after it has a valid left child.
    while t < last {
      step()
      if !tooFew(l0) {
        if consider(withMissing: false, leftValid: true) {
          while t < last {
            step()
            if !consider(withMissing: false, leftValid: true) { break }
          }
        }
        break
      }
    }
  }
  recordNumericSplit(
    found: found, gain: bestGain, missingLeft: foundMissingLeft, hasMissing: hasMissing, feature: feature,
    channels: 3, missing: missing, scratch: scratch, best: &best, bestLeft: bestLeft, bins: bins, layout: layout)
}
