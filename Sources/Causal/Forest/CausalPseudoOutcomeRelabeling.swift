import Learn

/// The causal forest's relabeling strategy for the shared tree grower: at every node, the gradient
/// pseudo-outcome ρ plus the treatment columns the `.causal` splitting rule needs.
///
/// Athey, Tibshirani & Wager (2019), "Generalized random forests", Section 2.3 and eq. (9)–(10): at a node P
/// the local moment is solved by `τ̂_P = Σ g(W − W̄)(Y − Ȳ) / Σ g(W − W̄)²` (g the sample weights), and the
/// influence of sample i on that solution is `A_P⁻¹ (Wᵢ − W̄)((Yᵢ − Ȳ) − τ̂_P (Wᵢ − W̄))`. `A_P` is constant
/// within a node, so it does not change which split wins; like grf (`InstrumentalRelabelingStrategy` with
/// Z = W) the forest uses the unscaled ρ, so that `imbalance_penalty` keeps grf's meaning. Within a node
/// Σ g ρ = 0 by construction. A node with no weight or no treatment variation is not relabeled (it becomes
/// a leaf).
///
/// Responses per sample: (ρᵢ, Wᵢ, 1{Wᵢ < W̄_node}). ρ is grf's unscaled gradient pseudo-outcome
/// `(Wᵢ − W̄)((Yᵢ − Ȳ) − τ̂_P (Wᵢ − W̄))`; the indicator lets the rule count "treated" and "control"
/// rows (relative to the node's mean treatment) in each child for `min_node_size`, and W lets it compute
/// the information size Σ(W − W̄)² used by `alpha` and `imbalance_penalty`. Y and W are the residualized
/// outcome and treatment, indexed by training row.
public struct CausalPseudoOutcomeRelabeling: RelabelingStrategy {
  public let y: [Double]
  public let w: [Double]

  public init(y: [Double], w: [Double]) {
    self.y = y
    self.w = w
  }

  public var responseWidth: Int { 3 }
  public var isNodeLocal: Bool { true }

  public func relabel(
    samples: UnsafeBufferPointer<Int32>, weights: UnsafePointer<Double>,
    responses: UnsafeMutablePointer<Double>
  ) -> Bool {
    y.withUnsafeBufferPointer { yp in
      w.withUnsafeBufferPointer { wp in
        var sg = 0.0, sy = 0.0, sw = 0.0
        for q in samples {
          let s = Int(q), g = weights[s]
          sg += g
          sy += g * yp[s]
          sw += g * wp[s]
        }
        guard abs(sg) > 1e-16 else { return false }
        let my = sy / sg, mw = sw / sg
        var num = 0.0, den = 0.0
        for q in samples {
          let s = Int(q), g = weights[s], dw = wp[s] - mw
          num += g * dw * (yp[s] - my)
          den += g * dw * dw
        }
        guard abs(den) > 1e-10 else { return false }
        let tau = num / den
        for q in samples {
          let s = Int(q), dw = wp[s] - mw
          let r = responses + 3 * s
          r[0] = dw * ((yp[s] - my) - tau * dw)
          r[1] = wp[s]
          r[2] = wp[s] < mw ? 1 : 0
        }
        return true
      }
    }
  }
}
