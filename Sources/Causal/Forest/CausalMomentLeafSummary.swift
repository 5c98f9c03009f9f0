import Learn

/// The causal forest's leaf summary for the shared grower: weighted means of Y, W, Y·W and W·W of the
/// (honest) samples in a leaf; averaged over trees they give τ̂(x) by ``CausalLeafSummary/tau``.
public struct CausalMomentLeafSummary: LeafSummaryStrategy {
  public let y: [Double]
  public let w: [Double]

  public init(y: [Double], w: [Double]) {
    self.y = y
    self.w = w
  }

  public var valueWidth: Int { CausalLeafSummary.width }

  public func summarize(
    samples: UnsafeBufferPointer<Int32>, weights: UnsafePointer<Double>,
    into values: UnsafeMutablePointer<Double>
  ) -> Bool {
    var sg = 0.0, sy = 0.0, sw = 0.0, syw = 0.0, sww = 0.0
    y.withUnsafeBufferPointer { yp in
      w.withUnsafeBufferPointer { wp in
        for q in samples {
          let s = Int(q), g = weights[s], yv = yp[s], wv = wp[s]
          sg += g
          sy += g * yv
          sw += g * wv
          syw += g * yv * wv
          sww += g * wv * wv
        }
      }
    }
    guard sg > 0 else { return false }
    values[0] = sy / sg
    values[1] = sw / sg
    values[2] = syw / sg
    values[3] = sww / sg
    return true
  }

  public func predict(averaged a: UnsafePointer<Double>) -> Double {
    CausalLeafSummary(y: a[0], w: a[1], yw: a[2], ww: a[3]).tau
  }
}
