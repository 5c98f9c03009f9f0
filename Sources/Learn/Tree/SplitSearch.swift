/// The best split found so far at a node.
struct SplitCandidate {
  var gain: Double = -.infinity
  var feature: Int = -1
  /// Numeric: left when bin ≤ binThreshold.
  var binThreshold: UInt8 = 0
  var isCategorical = false
  /// Categorical: level codes that go left (256-bit set).
  var categories: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
  var missingLeft = true

  var isValid: Bool { feature >= 0 }

  @inline(__always)
  func goesLeft(_ bin: UInt8) -> Bool {
    if bin == FeatureBinner.missingBin { return missingLeft }
    if isCategorical {
      let word: UInt64
      switch bin >> 6 {
      case 0: word = categories.0
      case 1: word = categories.1
      case 2: word = categories.2
      default: word = categories.3
      }
      return word & (1 << UInt64(bin & 63)) != 0
    }
    return bin <= binThreshold
  }
}

/// Per-node scratch memory for the split scan (no allocation inside the loop).
struct ScanScratch {
  let channels: Int
  /// left, right, alternative left, alternative right.
  let sums: UnsafeMutablePointer<Double>
  /// Compact non-empty bins: codes and their sums (up to 256).
  let codes: UnsafeMutablePointer<UInt8>
  let stats: UnsafeMutablePointer<Double>
  let order: UnsafeMutablePointer<Int>
  let keys: UnsafeMutablePointer<Double>

  init(channels: Int) {
    self.channels = channels
    sums = .allocate(capacity: 4 * channels)
    codes = .allocate(capacity: 256)
    stats = .allocate(capacity: 256 * channels)
    order = .allocate(capacity: 256)
    keys = .allocate(capacity: 256)
  }

  func deallocate() {
    sums.deallocate()
    codes.deallocate()
    stats.deallocate()
    order.deallocate()
    keys.deallocate()
  }
}

/// Scans one feature's non-empty bins (`scratch.codes`/`scratch.stats`, `m` of them, in bin order) for
/// the best split, trying missing values on both sides, and updates `best` (and `bestLeft`, the channel
/// sums of the best split's left child, from which the grower derives both children's totals).
///
/// Numeric features try every boundary between consecutive non-empty bins. Categorical features are
/// ordered by the scorer's category key (mean response, or gradient/hessian ratio) and every prefix of
/// that order is tried as the left set — Fisher's (1958) sorted partition, optimal for regression and
/// binary classification.
/// A set of up to 256 level codes (or bins) as four 64-bit words.
typealias LevelSet = (UInt64, UInt64, UInt64, UInt64)

/// Adds `code` (0..<256) to `set`.
@inline(__always)
func insertLevel(_ code: Int, into set: inout LevelSet) {
  let bit = UInt64(1) << UInt64(code & 63)
  switch code >> 6 {
  case 0: set.0 |= bit
  case 1: set.1 |= bit
  case 2: set.2 |= bit
  default: set.3 |= bit
  }
}

///
/// The `m` bins' sums are `scratch.stats` in order, or, when `bins` is given, bin `scratch.codes[t]`'s sums at
/// `bins + codes[t] × channels` (the small-node accumulator, read in place); the numeric causal and
/// one-response variance scans read them there, the others from a copy in `scratch.stats`; `layout` says how
/// those bins are stored (``SparseBinLayout``; `scratch.stats` and `missing` always hold the scorer's channels).
@inline(__always)
func scanFeature<S: SplitScorer>(
  _ scorer: S, feature: Int, categorical: Bool, m: Int,
  missing: UnsafePointer<Double>, parent: UnsafePointer<Double>, count: Double,
  scratch: ScanScratch, best: inout SplitCandidate,
  bestLeft: UnsafeMutablePointer<Double>, bins: UnsafePointer<Double>? = nil, layout: SparseBinLayout = .plain
) {
  let c = scratch.channels
  let hasMissing = !scorer.isEmpty(missing)
  if m + (hasMissing ? 1 : 0) < 2 || m < 1 { return }
  if m < 2 && !hasMissing { return }
  if !categorical, let cs = scorer as? CausalScorer {
    scanCausalNumeric(
      cs, feature: feature, m: m, hasMissing: hasMissing, missing: missing, parent: parent, scratch: scratch,
      best: &best, bestLeft: bestLeft, bins: bins, layout: layout)
    return
  }
  if !categorical, let vs = scorer as? VarianceScorer, vs.width == 1 {
    scanVarianceNumeric(
      vs, feature: feature, m: m, hasMissing: hasMissing, missing: missing, parent: parent, count: count,
      scratch: scratch, best: &best, bestLeft: bestLeft, bins: bins, layout: layout)
    return
  }
  if let bins {
    let stride = layout.stride(channels: c)
    for t in 0..<m {
      let src = bins + Int(scratch.codes[t]) &* stride, dst = scratch.stats + t &* c
      for k in 0..<c { dst[k] = layout.channel(k, of: src) }
    }
  }
  if !categorical, let g = scorer as? GradientScorer {
    scanGradientNumeric(
      g, feature: feature, m: m, hasMissing: hasMissing, missing: missing, parent: parent,
      count: count, scratch: scratch, best: &best, bestLeft: bestLeft)
    return
  }
  let order = scratch.order
  for i in 0..<m { order[i] = i }
  if categorical && m > 1 {
    for i in 0..<m { scratch.keys[i] = scorer.categoryKey(scratch.stats + i * c) }
    // Insertion sort by (key, code): m ≤ 255, stable and allocation-free.
    for i in 1..<m {
      let v = order[i]
      var j = i - 1
      while j >= 0 && (scratch.keys[order[j]] > scratch.keys[v]) {
        order[j + 1] = order[j]
        j -= 1
      }
      order[j + 1] = v
    }
  }
  let left = scratch.sums, right = scratch.sums + c, altL = scratch.sums + 2 * c, altR = scratch.sums + 3 * c
  for k in 0..<c { left[k] = 0 }
  // With no missing values in the node, the boundary after the last bin is not a split; with missing
  // values, "all present values left, missing right" is one.
  let last = hasMissing ? m : m - 1
  var t = 0
  while t < last {
    let s = scratch.stats + order[t] * c
    for k in 0..<c {
      left[k] += s[k]
      right[k] = parent[k] - missing[k] - left[k]
    }
    t += 1
    // Missing values to the right.
    for k in 0..<c { altR[k] = right[k] + missing[k] }
    let g1 = scorer.gain(left, altR, parent, count)
    var g2 = -Double.infinity
    if hasMissing && !scorer.isEmpty(right) {
      for k in 0..<c { altL[k] = left[k] + missing[k] }
      g2 = scorer.gain(altL, right, parent, count)
    }
    let g = max(g1, g2)
    if g > best.gain {
      best.gain = g
      best.feature = feature
      best.isCategorical = categorical
      if hasMissing {
        best.missingLeft = g2 > g1
      } else {
        best.missingLeft = scorer.mass(left) >= scorer.mass(right)
      }
      let chosen = hasMissing && best.missingLeft ? altL : left
      for k in 0..<c { bestLeft[k] = chosen[k] }
      if categorical {
        var w: LevelSet = (0, 0, 0, 0)
        for q in 0..<t { insertLevel(Int(scratch.codes[order[q]]), into: &w) }
        best.categories = w
      } else {
        best.binThreshold = scratch.codes[order[t - 1]]
      }
    }
  }
}

/// ``scanFeature`` for a numeric feature under ``GradientScorer`` (boosting), with the running sums in
/// registers and the parent's score computed once: the same arithmetic, in the same order, as the
/// generic scan with ``GradientScorer/gain(_:_:_:_:)``, so it finds the same split with the same gain.
@inline(__always)
func scanGradientNumeric(
  _ scorer: GradientScorer, feature: Int, m: Int, hasMissing: Bool,
  missing: UnsafePointer<Double>, parent: UnsafePointer<Double>, count: Double,
  scratch: ScanScratch, best: inout SplitCandidate, bestLeft: UnsafeMutablePointer<Double>
) {
  let stats = scratch.stats
  let pg = parent[0], ph = parent[1], mg = missing[0], mh = missing[1]
  let lambda = scorer.lambda, minHessian = scorer.minHessian, minCount = scorer.minLeaf - 0.5
  let perHessian = ph > 0 ? count / ph : 0
  let parentScore = pg * pg / (ph + lambda)
  /// GradientScorer.gain of (lg, lh) | (rg, rh).
  @inline(__always) func gain(_ lg: Double, _ lh: Double, _ rg: Double, _ rh: Double) -> Double {
    if lh < minHessian || rh < minHessian { return -.infinity }
    if lh * perHessian < minCount || rh * perHessian < minCount { return -.infinity }
    return lg * lg / (lh + lambda) + rg * rg / (rh + lambda) - parentScore
  }
  var bestGain = best.gain
  var found = -1
  var foundMissingLeft = true
  var lg = 0.0, lh = 0.0
  let last = hasMissing ? m : m - 1
  var t = 0
  while t < last {
    lg += stats[2 * t]
    lh += stats[2 * t + 1]
    let rg = pg - mg - lg, rh = ph - mh - lh
    t += 1
    // Missing values to the right, then (when there are any and the right side is not empty) to the left.
    let g1 = gain(lg, lh, rg + mg, rh + mh)
    var g2 = -Double.infinity
    if hasMissing && !(rh <= 0) { g2 = gain(lg + mg, lh + mh, rg, rh) }
    let g = max(g1, g2)
    if g > bestGain {
      bestGain = g
      found = t
      foundMissingLeft = hasMissing ? g2 > g1 : lh >= rh
    }
  }
  recordNumericSplit(
    found: found, gain: bestGain, missingLeft: foundMissingLeft, hasMissing: hasMissing, feature: feature,
    channels: 2, missing: missing, scratch: scratch, best: &best, bestLeft: bestLeft)
}

/// Records the numeric split that a specialized scan (``scanGradientNumeric``, ``scanCausalNumeric``,
/// ``scanVarianceNumeric``) found in the feature just scanned, when it beats the best so far (`found > 0`: the
/// number of compact bins on the left). The left side's channel sums are accumulated again over those bins in
/// scan order — the same additions from 0 in the same order as the scan's running sums, so the same bits — plus
/// the missing bin's sums when missing values go left, exactly as the generic scan's `altL`. `bins` and
/// `layout` as in ``scanFeature(_:feature:categorical:m:missing:parent:count:scratch:best:bestLeft:bins:layout:)``.
@inline(__always)
func recordNumericSplit(
  found: Int, gain: Double, missingLeft: Bool, hasMissing: Bool, feature: Int, channels c: Int,
  missing: UnsafePointer<Double>, scratch: ScanScratch, best: inout SplitCandidate,
  bestLeft: UnsafeMutablePointer<Double>, bins: UnsafePointer<Double>? = nil, layout: SparseBinLayout = .plain
) {
  guard found > 0 else { return }
  let stride = layout.stride(channels: c)
  let addMissing = hasMissing && missingLeft
  @inline(__always) func put(_ k: Int, _ sum: Double) { bestLeft[k] = addMissing ? sum + missing[k] : sum }
  // Six channels (the causal rule; its packed bins decode two channels from one double): one pass, each bin
  // decoded once; every channel's sum is still its own additions from 0 in bin order.
  if c == 6 && layout != .regressionPacked {
    var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0, s4 = 0.0, s5 = 0.0
    for t in 0..<found {
      let s = layout.causalChannels(compactBin(t, stride: stride, scratch: scratch, bins: bins))
      s0 += s.0
      s1 += s.1
      s2 += s.2
      s3 += s.3
      s4 += s.4
      s5 += s.5
    }
    put(0, s0)
    put(1, s1)
    put(2, s2)
    put(3, s3)
    put(4, s4)
    put(5, s5)
  } else {
    for k in 0..<c {
      var sum = 0.0
      for t in 0..<found { sum += layout.channel(k, of: compactBin(t, stride: stride, scratch: scratch, bins: bins)) }
      put(k, sum)
    }
  }
  best.gain = gain
  best.feature = feature
  best.isCategorical = false
  best.missingLeft = missingLeft
  best.binThreshold = scratch.codes[found - 1]
}

/// Whether a candidate split may beat `best`, judged without a division: false only when its gain, computed by the
/// scans as `fl(fl(fl(a / l1) + fl(b / r1)) − parentScore)` (a, b ≥ 0: squared response sums; l1, r1: the
/// children's weight sums), is certainly ≤ `best`, so that ``scanCausalNumeric`` and ``scanVarianceNumeric`` can
/// skip its exact gain and still pick the same split (any gain ≤ `best` — or a rule's −∞ — loses to `best` under
/// the scans' strict `>`).
///
/// Multiplying by l1·r1 > 0, the gain G = a/l1 + b/r1 − parentScore is below `best` when
/// T = a·r1 + b·l1 − (parentScore + best)·l1·r1 < 0. The scans' rounded gain is within 3ε(a/l1 + b/r1 + |parentScore|)
/// of G (ε = 2⁻⁵³: two divisions, an addition, a subtraction), and T is computed here within about 8ε·M, where
/// M = a·r1 + b·l1 + (|parentScore| + |best|)·l1·r1. While l1·r1 ∈ [2⁻⁴⁰⁰, 2⁴⁰⁰] and M ≤ 2⁴⁰⁰ (nothing overflows;
/// underflow in the products and quotients costs less than 2⁻⁶⁰⁰ in T), a computed T < −(2⁻³⁰·M + 2⁻⁶⁰⁰) proves that
/// the rounded gain is below `best`, with a factor of about 10⁵ to spare. Anything else — NaN, infinities (including the first
/// candidate's `best` = −∞), huge or tiny sums, gains near `best` (ties) — answers true, and the scan computes the
/// gain exactly as before. Invalid candidates (l1 ≤ 0 or r1 ≤ 0) may get either answer: the rule rejects them.
@inline(__always)
///
/// `margin` is 2⁻³⁰ in the scans; tests pass a negative one to show that a bound which skips winners is caught.
func mayBeatBest(
  a: Double, l1: Double, b: Double, r1: Double, parentScore: Double, best: Double, margin: Double = 0x1p-30
) -> Bool {
  let w = l1 * r1
  let u = a * r1 + b * l1
  let t = u - (parentScore + best) * w
  let magnitude = u + (abs(parentScore) + abs(best)) * w
  let certainlyBelow =
    t < -(margin * magnitude + 0x1p-600) && w >= 0x1p-400 && w <= 0x1p400 && magnitude <= 0x1p400
  return !certainlyBelow
}

/// Whether a candidate boundary of ``scanCausalNumeric`` or ``scanVarianceNumeric`` can be skipped by the bound:
/// neither placement of the missing values may beat `best` — missing right (left sums `l1`, `l2`; right `r1 + m1`,
/// `r2 + m2`) when `valid.0`, missing left (`l1 + m1`, `l2 + m2` | `r1`, `r2`) when `valid.1` — by ``mayBeatBest``.
/// `l2`, `r2`, `m2` are the response sums and `l1`, `r1`, `m1` the weight sums of the two sides and the missing bin.
@inline(__always)
func neitherSideMayBeatBest(
  valid: (Bool, Bool), l1: Double, l2: Double, r1: Double, r2: Double, m1: Double, m2: Double,
  parentScore: Double, best: Double, margin: Double
) -> Bool {
  let skip1 =
    !valid.0
    || !mayBeatBest(
      a: l2 * l2, l1: l1, b: (r2 + m2) * (r2 + m2), r1: r1 + m1, parentScore: parentScore, best: best, margin: margin)
  let skip2 =
    !valid.1
    || !mayBeatBest(
      a: (l2 + m2) * (l2 + m2), l1: l1 + m1, b: r2 * r2, r1: r1, parentScore: parentScore, best: best, margin: margin)
  return skip1 && skip2
}

/// The stored sums of the `t`-th non-empty bin of the feature being scanned: `scratch.stats + t × stride`, or,
/// with `bins` (read in place), `bins + scratch.codes[t] × stride` (`stride` doubles per bin, see
/// ``SparseBinLayout/stride(channels:)``).
@inline(__always)
func compactBin(_ t: Int, stride: Int, scratch: ScanScratch, bins: UnsafePointer<Double>?) -> UnsafePointer<Double> {
  if let bins { return bins + Int(scratch.codes[t]) &* stride }
  return UnsafePointer(scratch.stats + t &* stride)
}
