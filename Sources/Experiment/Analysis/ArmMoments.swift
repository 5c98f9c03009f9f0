/// Sufficient statistics of one arm for mean comparisons: count, means and centered sums of squares and
/// cross-products of the outcome Y and (optionally) a pre-period covariate X.
///
/// Accumulated in two passes (means first, then centered sums) for accuracy; arms combine with the parallel
/// formulas of Chan, Golub & LeVeque (1979), so pooled variances and covariances are exact without a pass over
/// the pooled data.
public struct ArmMoments: Sendable, Equatable {
  public var n: Int
  public var meanY: Double
  public var meanX: Double
  /// Σ(y − ȳ)², Σ(x − x̄)², Σ(x − x̄)(y − ȳ).
  public var ssY: Double
  public var ssX: Double
  public var sXY: Double

  /// Zero units.
  public static let empty = ArmMoments(n: 0, meanY: 0, meanX: 0, ssY: 0, ssX: 0, sXY: 0)

  /// Moments from explicit values (x absent: X moments are 0).
  public init(n: Int, meanY: Double, meanX: Double, ssY: Double, ssX: Double, sXY: Double) {
    self.n = n
    self.meanY = meanY
    self.meanX = meanX
    self.ssY = ssY
    self.ssX = ssX
    self.sXY = sXY
  }

  /// Moments of paired samples (x nil or of the same length as y).
  public init(y: [Double], x: [Double]? = nil) {
    var m = [ArmMoments](repeating: .empty, count: 1)
    ArmMoments.accumulate(into: &m, codes: nil, y: y, x: x, rows: y.indices)
    self = m[0]
  }

  /// Sample variance of Y (n − 1).
  public var varianceY: Double { n > 1 ? ssY / Double(n - 1) : .nan }
  /// Sample variance of X (n − 1).
  public var varianceX: Double { n > 1 ? ssX / Double(n - 1) : .nan }

  /// The moments of the union of two disjoint sets of units.
  public static func + (a: ArmMoments, b: ArmMoments) -> ArmMoments {
    if a.n == 0 { return b }
    if b.n == 0 { return a }
    let n = a.n + b.n, fa = Double(a.n), fb = Double(b.n), f = fa * fb / Double(n)
    let dy = b.meanY - a.meanY, dx = b.meanX - a.meanX
    return ArmMoments(
      n: n, meanY: a.meanY + dy * fb / Double(n), meanX: a.meanX + dx * fb / Double(n),
      ssY: a.ssY + b.ssY + dy * dy * f, ssX: a.ssX + b.ssX + dx * dx * f, sXY: a.sXY + b.sXY + dx * dy * f)
  }

  /// Accumulates the moments of each arm over `rows`: row i goes to arm `codes[i]` (all to arm 0 when `codes`
  /// is nil; rows with a negative code are skipped). Two passes over the rows.
  public static func accumulate(
    into arms: inout [ArmMoments], codes: [Int32]?, y: [Double], x: [Double]?,
    rows: Range<Int>
  ) {
    let k = arms.count
    var n = [Int](repeating: 0, count: k), sy = [Double](repeating: 0, count: k), sx = sy
    y.withUnsafeBufferPointer { yb in
      for i in rows {
        let a = codes.map { Int($0[i]) } ?? 0
        if a < 0 { continue }
        n[a] += 1
        sy[a] += yb[i]
        if let x { sx[a] += x[i] }
      }
    }
    let my = (0..<k).map { n[$0] > 0 ? sy[$0] / Double(n[$0]) : 0 }
    let mx = (0..<k).map { n[$0] > 0 ? sx[$0] / Double(n[$0]) : 0 }
    var ssy = [Double](repeating: 0, count: k), ssx = ssy, sxy = ssy
    y.withUnsafeBufferPointer { yb in
      for i in rows {
        let a = codes.map { Int($0[i]) } ?? 0
        if a < 0 { continue }
        let dy = yb[i] - my[a]
        ssy[a] += dy * dy
        if let x {
          let dx = x[i] - mx[a]
          ssx[a] += dx * dx
          sxy[a] += dx * dy
        }
      }
    }
    for a in 0..<k {
      arms[a] = arms[a] + ArmMoments(n: n[a], meanY: my[a], meanX: mx[a], ssY: ssy[a], ssX: ssx[a], sXY: sxy[a])
    }
  }
}
