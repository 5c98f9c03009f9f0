/// The causal forest's node relabeling: turns (Y, W) in a node into the gradient pseudo-outcome ρ.
///
/// Athey, Tibshirani & Wager (2019), "Generalized random forests", Section 2.3 and eq. (9)–(10): at a
/// node P with (residualized) outcomes Y and treatments W the local moment is solved by
/// `τ̂_P = Σ w(W − W̄)(Y − Ȳ) / Σ w(W − W̄)²`, and the influence of sample i on that solution is
/// `ρᵢ = A_P⁻¹ (Wᵢ − W̄)((Yᵢ − Ȳ) − τ̂_P (Wᵢ − W̄))` with `A_P = Σ w(W − W̄)² / Σ w`. A plain CART
/// regression split on ρ then approximates the split that maximises the heterogeneity of τ̂ between the
/// children. Because `A_P` is constant within a node it does not change which split wins; like grf
/// (`InstrumentalRelabelingStrategy` with Z = W) the forest uses the unscaled ρ, so that
/// `imbalance_penalty` keeps grf's meaning. Within a node Σ w ρ = 0 by construction.
public struct CausalNodeFit: Sendable, Equatable {
  /// Weighted mean outcome Ȳ in the node.
  public var meanY: Double
  /// Weighted mean treatment W̄ in the node.
  public var meanW: Double
  /// Local effect τ̂_P.
  public var tau: Double
  /// Information size Σ w(W − W̄)² (grf's "size" used by `alpha` and the imbalance penalty).
  public var informationSize: Double
  /// Total weight Σ w.
  public var weightSum: Double
}

/// Relabeling math for the causal forest (pure functions; see ``CausalNodeFit``).
public enum CausalRelabeling {
  /// Solves the local moment in a node: weighted means, τ̂ and information size.
  /// Returns nil when the node cannot be relabeled (no weight, or no treatment variation), in which
  /// case the node becomes a leaf.
  @inline(__always)
  public static func fit(samples: UnsafeBufferPointer<Int>, y: UnsafeBufferPointer<Double>,
                         w: UnsafeBufferPointer<Double>, weights: UnsafeBufferPointer<Double>? = nil)
    -> CausalNodeFit?
  {
    var sw = 0.0, sy = 0.0, sww = 0.0
    for s in samples {
      let g = weights?[s] ?? 1
      sw += g; sy += g * y[s]; sww += g * w[s]
    }
    guard abs(sw) > 1e-16 else { return nil }
    let my = sy / sw, mw = sww / sw
    var num = 0.0, den = 0.0
    for s in samples {
      let g = weights?[s] ?? 1
      let dw = w[s] - mw
      num += g * dw * (y[s] - my)
      den += g * dw * dw
    }
    guard abs(den) > 1e-10 else { return nil }
    return CausalNodeFit(meanY: my, meanW: mw, tau: num / den, informationSize: den, weightSum: sw)
  }

  /// Writes the pseudo-outcome ρᵢ for every sample of the node into `rho[s]` (indexed by sample id).
  /// With `scaled` the paper's `A_P⁻¹` factor is applied. Returns false when the node cannot be
  /// relabeled (see ``fit(samples:y:w:weights:)``).
  @inline(__always)
  @discardableResult
  public static func relabel(samples: UnsafeBufferPointer<Int>, y: UnsafeBufferPointer<Double>,
                             w: UnsafeBufferPointer<Double>, weights: UnsafeBufferPointer<Double>? = nil,
                             scaled: Bool = false, into rho: UnsafeMutableBufferPointer<Double>) -> Bool
  {
    guard let f = fit(samples: samples, y: y, w: w, weights: weights) else { return false }
    let scale = scaled ? f.weightSum / f.informationSize : 1
    for s in samples {
      let dw = w[s] - f.meanW
      rho[s] = scale * dw * ((y[s] - f.meanY) - f.tau * dw)
    }
    return true
  }

  /// Array convenience for tests and small problems: ρ for `y`, `w` (all rows form the node).
  public static func pseudoOutcomes(y: [Double], w: [Double], weights: [Double]? = nil,
                                    scaled: Bool = false) -> (fit: CausalNodeFit, rho: [Double])?
  {
    let n = y.count
    guard w.count == n, weights.map({ $0.count == n }) ?? true else { return nil }
    let idx = Array(0..<n)
    var rho = [Double](repeating: 0, count: n)
    let wts = weights ?? []
    let ok: CausalNodeFit? = idx.withUnsafeBufferPointer { ip in
      y.withUnsafeBufferPointer { yp in
        w.withUnsafeBufferPointer { wp in
          wts.withUnsafeBufferPointer { gp in
            rho.withUnsafeMutableBufferPointer { rp in
              let g: UnsafeBufferPointer<Double>? = weights == nil ? nil : gp
              guard let f = fit(samples: ip, y: yp, w: wp, weights: g) else { return nil }
              relabel(samples: ip, y: yp, w: wp, weights: g, scaled: scaled, into: rp)
              return f
            }
          }
        }
      }
    }
    guard let f = ok else { return nil }
    return (f, rho)
  }
}
