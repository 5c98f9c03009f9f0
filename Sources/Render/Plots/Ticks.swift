import Foundation

// "Nice" axis ticks (steps of 1, 2 or 5 times a power of ten), after Heckbert, "Nice numbers for
// graph labels", Graphics Gems (1990). Tick values are computed as k * step for integer k, so they
// carry no accumulated rounding error, and they print through `formatNumber`.

/// A numeric axis: its displayed range and tick values.
public struct AxisScale: Sendable, Equatable {
  /// Lower end of the axis.
  public var lo: Double
  /// Upper end of the axis.
  public var hi: Double
  /// Tick values within `lo...hi`, ascending.
  public var ticks: [Double]

  /// Position of `x` on the axis as a fraction of its length (0 at `lo`, 1 at `hi`).
  public func fraction(_ x: Double) -> Double { hi > lo ? (x - lo) / (hi - lo) : 0.5 }
}

/// A 1, 2 or 5 times a power of ten near `x` (rounded, or the next one up when `round` is false).
func niceNumber(_ x: Double, round: Bool) -> Double {
  guard x.isFinite, x > 0 else { return 1 }
  let e = floor(log10(x))
  let f = x / pow(10, e)
  let nf: Double
  if round {
    nf = f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10
  } else {
    nf = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10
  }
  return nf * pow(10, e)
}

/// A widened copy of `lo...hi` when it is empty or a single point, so it can be drawn.
func drawableRange(_ lo: Double, _ hi: Double) -> (Double, Double) {
  guard lo.isFinite, hi.isFinite else { return (0, 1) }
  if hi - lo > max(abs(lo), abs(hi)) * 1e-12 { return (lo, hi) }
  let d = lo == 0 ? 1 : abs(lo) * 0.1
  return (lo - d, hi + d)
}

/// Nice ticks for `lo...hi` with about `count` ticks (at least two: the step shrinks until two fit).
///
/// With `extend`, the axis grows outwards to the enclosing ticks (a "loose" axis whose ends are
/// labelled); otherwise the axis keeps `lo...hi` and only ticks inside it are returned.
public func niceScale(lo: Double, hi: Double, count: Int = 5, extend: Bool = true) -> AxisScale {
  let (a, b) = drawableRange(lo, hi)
  var step = niceNumber((b - a) / Double(max(1, count - 1)), round: true)
  for _ in 0..<8 {
    let ticks = tickValues(a, b, step: step, extend: extend)
    if ticks.count >= 2, let f = ticks.first, let l = ticks.last {
      return extend ? AxisScale(lo: f, hi: l, ticks: ticks) : AxisScale(lo: a, hi: b, ticks: ticks)
    }
    step = smallerNiceStep(step)
  }
  return AxisScale(lo: a, hi: b, ticks: [a, b])
}

/// Multiples of `step` covering (`extend`) or inside `a...b`; empty when there would be too many.
func tickValues(_ a: Double, _ b: Double, step: Double, extend: Bool) -> [Double] {
  guard step > 0, step.isFinite else { return [] }
  let kLo = extend ? floor(a / step + 1e-9) : ceil(a / step - 1e-9)
  let kHi = extend ? ceil(b / step - 1e-9) : floor(b / step + 1e-9)
  guard kLo.isFinite, kHi.isFinite, kHi - kLo < 1000 else { return [] }
  var ticks: [Double] = []
  var k = kLo
  while k <= kHi {
    let t = k * step
    ticks.append(t == 0 ? 0 : t)
    k += 1
  }
  return ticks
}

/// The next smaller step in the 1, 2, 5 sequence (5 -> 2 -> 1 -> 0.5 ...).
func smallerNiceStep(_ step: Double) -> Double {
  let e = floor(log10(step))
  let f = (step / pow(10, e)).rounded()
  let p = pow(10, e)
  return f >= 5 ? 2 * p : f >= 2 ? p : 0.5 * p
}

/// The smallest and largest finite values over several arrays, or nil when there are none.
func finiteExtent(_ arrays: [[Double]]) -> (Double, Double)? {
  var lo = Double.infinity, hi = -Double.infinity
  for a in arrays {
    for v in a where v.isFinite {
      lo = min(lo, v)
      hi = max(hi, v)
    }
  }
  return lo <= hi ? (lo, hi) : nil
}
