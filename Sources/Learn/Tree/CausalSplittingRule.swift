/// grf causal rule; channels: count, Σw, Σwρ, ΣwW, ΣwW², #(W below parent mean).
struct CausalScorer: SplitScorer {
  let alpha: Double
  let penalty: Double
  let minLeaf: Double
  var channels: Int { 6 }

  @inline(__always)
  func add(_ h: UnsafeMutablePointer<Double>, _ w: Double, _ r: UnsafePointer<Double>) {
    h[0] += 1
    h[1] += w
    h[2] += w * r[0]
    h[3] += w * r[1]
    h[4] += w * r[1] * r[1]
    h[5] += r[2]
  }

  @inline(__always)
  func contribution(_ w: Double, _ r: UnsafePointer<Double>, _ v: UnsafeMutablePointer<Double>) {
    v[0] = 1
    v[1] = w
    v[2] = w * r[0]
    v[3] = w * r[1]
    v[4] = w * r[1] * r[1]
    v[5] = r[2]
  }

  /// ``add(_:_:_:)`` over the samples with the six running sums in registers (the same additions in the same
  /// order as adding through memory, which chained every sample's stores to the next sample's loads).
  @inline(__always)
  func accumulate(
    _ samples: UnsafeBufferPointer<Int32>, weights w: UnsafePointer<Double>, responses: UnsafePointer<Double>,
    width: Int, into t: UnsafeMutablePointer<Double>
  ) {
    var s0 = t[0], s1 = t[1], s2 = t[2], s3 = t[3], s4 = t[4], s5 = t[5]
    for q in samples {
      let i = Int(q), g = w[i], r = responses + i &* width
      s0 += 1
      s1 += g
      s2 += g * r[0]
      s3 += g * r[1]
      s4 += g * r[1] * r[1]
      s5 += r[2]
    }
    t[0] = s0
    t[1] = s1
    t[2] = s2
    t[3] = s3
    t[4] = s4
    t[5] = s5
  }

  @inline(__always)
  func size(_ s: UnsafePointer<Double>) -> Double { s[1] > 0 ? s[4] - s[3] * s[3] / s[1] : 0 }

  var exactCount: Bool { true }

  @inline(__always)
  func isEmpty(_ s: UnsafePointer<Double>) -> Bool { s[0] <= 0 }

  @inline(__always)
  func gain(_ l: UnsafePointer<Double>, _ r: UnsafePointer<Double>, _ p: UnsafePointer<Double>, _ n: Double) -> Double {
    if l[5] < minLeaf || l[0] - l[5] < minLeaf || r[5] < minLeaf || r[0] - r[5] < minLeaf { return -.infinity }
    if l[1] <= 0 || r[1] <= 0 { return -.infinity }
    let minSize = max(alpha * size(p), 1)
    let sl = size(l), sr = size(r)
    if sl < minSize || sr < minSize || (penalty > 0 && (sl == 0 || sr == 0)) { return -.infinity }
    var g = l[2] * l[2] / l[1] + r[2] * r[2] / r[1] - p[2] * p[2] / p[1]
    g -= penalty * (1 / sl + 1 / sr)
    return g
  }

  @inline(__always)
  func accepts(_ gain: Double) -> Bool { gain > -1 }

  @inline(__always)
  func categoryKey(_ s: UnsafePointer<Double>) -> Double { s[1] > 0 ? s[2] / s[1] : 0 }

  @inline(__always)
  func mass(_ s: UnsafePointer<Double>) -> Double { s[1] }

  /// In the packed layout (unit weights, "below" values 0 or 1) the count channels 0 and 5 are exact integer
  /// sums, so any two children's counts add up to the parent's exactly: a parent with fewer than 2 · minLeaf
  /// samples below the mean of W, or above it, leaves one child short of `minLeaf` in every split (the first
  /// test of ``gain(_:_:_:_:)``). Other layouts answer false.
  @inline(__always)
  func rulesOutEverySplit(_ parent: UnsafePointer<Double>, layout: SparseBinLayout) -> Bool {
    layout == .causalPacked && (parent[5] < 2 * minLeaf || parent[0] - parent[5] < 2 * minLeaf)
  }
}

/// ``scanFeature`` for a numeric feature under ``CausalScorer``, with the six running sums in registers
/// and the parent's size constraint and score computed once: the same arithmetic, in the same order, as
/// the generic scan with ``CausalScorer/gain(_:_:_:_:)``, so it finds the same split with the same gain
/// (grf's causal rule; see ``SplittingRule/causal(alpha:imbalancePenalty:)``). `bins` and `layout` as in
/// ``scanFeature(_:feature:categorical:m:missing:parent:count:scratch:best:bestLeft:bins:layout:)``.
///
/// Each candidate is first tested on the rule's sample counts — the same comparisons that make
/// ``CausalScorer/gain(_:_:_:_:)`` return −∞ — and then, when it may be valid, with ``mayBeatBest``; only a
/// candidate that passes both gets its exact gains (`boundMargin`: the bound's margin, changed only by tests).
/// With missing values a candidate is skipped only when *both* sides for them are ruled out (a NaN missing-right
/// gain decides `max(g1, g2)`, so neither gain may be skipped alone). In the packed layout the count channels are
/// exact integer sums (counts of 0/1 values), so the right child's counts never grow along the scan: once they fail
/// for both sides of the missing values, every later candidate fails too, and the scan stops there.
@inline(__always)
func scanCausalNumeric(
  _ scorer: CausalScorer, feature: Int, m: Int, hasMissing: Bool,
  missing: UnsafePointer<Double>, parent p: UnsafePointer<Double>,
  scratch: ScanScratch, best: inout SplitCandidate, bestLeft: UnsafeMutablePointer<Double>,
  bins: UnsafePointer<Double>? = nil, layout: SparseBinLayout = .plain, boundMargin: Double = 0x1p-30
) {
  let minLeaf = scorer.minLeaf, penalty = scorer.penalty
  let minSize = max(scorer.alpha * scorer.size(p), 1)
  let parentScore = p[2] * p[2] / p[1]
  let m0 = missing[0], m1 = missing[1], m2 = missing[2], m3 = missing[3], m4 = missing[4], m5 = missing[5]
  // The parent without its missing values, as the generic scan forms `parent[k] - missing[k]`.
  let q0 = p[0] - m0, q1 = p[1] - m1, q2 = p[2] - m2, q3 = p[3] - m3, q4 = p[4] - m4, q5 = p[5] - m5
  /// Whether a child with `n` samples of which `below` have W below the parent's mean breaks the rule's
  /// `min_node_size` (the first test of ``CausalScorer/gain(_:_:_:_:)``, with the same operations).
  @inline(__always) func tooFew(_ n: Double, _ below: Double) -> Bool { below < minLeaf || n - below < minLeaf }
  /// CausalScorer.gain of (l0 … l5) | (r0 … r5).
  @inline(__always) func gain(
    _ l0: Double, _ l1: Double, _ l2: Double, _ l3: Double, _ l4: Double, _ l5: Double,
    _ r0: Double, _ r1: Double, _ r2: Double, _ r3: Double, _ r4: Double, _ r5: Double
  ) -> Double {
    if tooFew(l0, l5) || tooFew(r0, r5) { return -.infinity }
    if l1 <= 0 || r1 <= 0 { return -.infinity }
    let sl = l4 - l3 * l3 / l1, sr = r4 - r3 * r3 / r1
    if sl < minSize || sr < minSize || (penalty > 0 && (sl == 0 || sr == 0)) { return -.infinity }
    var g = l2 * l2 / l1 + r2 * r2 / r1 - parentScore
    g -= penalty * (1 / sl + 1 / sr)
    return g
  }
  var bestGain = best.gain
  var found = -1
  var foundMissingLeft = true
  var l0 = 0.0, l1 = 0.0, l2 = 0.0, l3 = 0.0, l4 = 0.0, l5 = 0.0
  let stride = layout.stride(channels: 6)
  let last = hasMissing ? m : m - 1
  // The bound covers the unpenalized gain; a penalty only lowers it when it subtracts a non-negative amount:
  // penalty ≥ 0 and, when penalty > 0, both sizes ≥ minSize ≥ 1 (minSize is NaN only for NaN sums).
  let bounded = penalty == 0 || (penalty > 0 && minSize >= 1)
  let monotoneCounts = layout == .causalPacked
  var t = 0
  /// Adds the next bin to the running sums.
  @inline(__always) func step() {
    let s = layout.causalChannels(compactBin(t, stride: stride, scratch: scratch, bins: bins))
    l0 += s.0
    l1 += s.1
    l2 += s.2
    l3 += s.3
    l4 += s.4
    l5 += s.5
    t += 1
  }
  /// Tries the boundary after the first `t` bins; false when no later boundary can be valid (stop the scan).
  /// `withMissing` and `leftValid` (the left child is known to pass the count rule) are constants after inlining.
  @inline(__always) func consider(withMissing: Bool, leftValid: Bool) -> Bool {
    let r0 = q0 - l0, r5 = q5 - l5
    // Missing values to the right (g1) and, when there are any and the right side is not empty, to the left
    // (g2): which of the two pass the count rule, on the same values the gains test.
    let rightFew1 = tooFew(r0 + m0, r5 + m5)
    let tries2 = withMissing && !(r0 <= 0)
    let rightFew2 = !tries2 || tooFew(r0, r5)
    if rightFew1 && rightFew2 { return !monotoneCounts }
    let valid1 = !rightFew1 && (leftValid || !tooFew(l0, l5))
    let valid2 = !rightFew2 && !tooFew(l0 + m0, l5 + m5)
    if !valid1 && !valid2 { return true }
    let r1 = q1 - l1, r2 = q2 - l2
    if bounded
      && neitherSideMayBeatBest(
        valid: (valid1, valid2), l1: l1, l2: l2, r1: r1, r2: r2, m1: m1, m2: m2, parentScore: parentScore,
        best: bestGain, margin: boundMargin)
    {
      return true
    }
    let r3 = q3 - l3, r4 = q4 - l4
    let g1 = gain(l0, l1, l2, l3, l4, l5, r0 + m0, r1 + m1, r2 + m2, r3 + m3, r4 + m4, r5 + m5)
    var g2 = -Double.infinity
    if tries2 { g2 = gain(l0 + m0, l1 + m1, l2 + m2, l3 + m3, l4 + m4, l5 + m5, r0, r1, r2, r3, r4, r5) }
    let g = max(g1, g2)
    if g > bestGain {
      bestGain = g
      found = t
      foundMissingLeft = withMissing ? g2 > g1 : l1 >= r1
    }
    return true
  }
  if hasMissing || !monotoneCounts {
    while t < last {
      step()
      if !(hasMissing ? consider(withMissing: true, leftValid: false) : consider(withMissing: false, leftValid: false))
      {
        break
      }
    }
  } else {
    // Monotone counts, no missing values: the boundaries whose left child is too small form a prefix, passed
    // with the sums alone; every boundary after it has a valid left child.
    while t < last {
      step()
      if !tooFew(l0, l5) {
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
    channels: 6, missing: missing, scratch: scratch, best: &best, bestLeft: bestLeft, bins: bins, layout: layout)
}
