import Foundation

/// The population stability index between a reference and a new distribution over the same bins:
/// PSI = Σ_b (q_b − p_b) · ln(q_b / p_b), with p the reference shares and q the new shares
/// (Siddiqi 2006, "Credit Risk Scorecards", ch. 8; it is the symmetrised Kullback–Leibler divergence
/// J(p, q) = KL(p‖q) + KL(q‖p)).
///
/// An empty bin would make the logarithm infinite, so every share is floored at ``floor``
/// (1e-4, i.e. 0.01 %) before the sum — the common practice; the floor is documented beside the
/// result so the reader knows a bin that is empty on one side contributes about
/// share · ln(share / 0.0001) rather than infinity.
public enum PopulationStability {
  /// The share given to an empty bin.
  public static let floor = 1e-4

  /// PSI from counts per bin (same bins, same order). Zero when either side is empty.
  public static func index(reference: [Double], new: [Double]) -> Double {
    let tr = reference.reduce(0, +), tn = new.reduce(0, +)
    guard tr > 0, tn > 0, reference.count == new.count else { return 0 }
    var psi = 0.0
    for (r, n) in zip(reference, new) {
      let p = max(r / tr, floor), q = max(n / tn, floor)
      psi += (q - p) * log(q / p)
    }
    return psi
  }

  /// Bin edges from a sorted reference sample: the order statistics at shares 1/B, …, (B−1)/B
  /// (the lower one, so every edge is a reference value), deduplicated. Bins are (−∞, e₁], (e₁, e₂], …,
  /// (e_{B−1}, ∞); a discrete feature with heavy ties gets fewer, wider bins.
  public static func quantileEdges(sorted: [Double], bins: Int) -> [Double] {
    let m = sorted.count
    guard m > 0, bins > 1 else { return [] }
    var edges: [Double] = []
    for k in 1..<bins {
      let pos = min(m - 1, max(0, Int((Double(k) * Double(m) / Double(bins)).rounded(.up)) - 1))
      let e = sorted[pos]
      if edges.last.map({ e > $0 }) ?? true { edges.append(e) }
    }
    if let last = edges.last, last >= sorted[m - 1] { edges.removeLast() }
    return edges
  }

  /// Counts of `sorted` (ascending) in the bins defined by `edges`.
  public static func counts(sorted: [Double], edges: [Double]) -> [Double] {
    var out = [Double](repeating: 0, count: edges.count + 1)
    var b = 0
    for x in sorted {
      while b < edges.count && x > edges[b] { b += 1 }
      out[b] += 1
    }
    return out
  }
}
