/// Holm's step-down adjustment of p-values (Holm 1979), as statsmodels `multipletests(method="holm")`.
///
/// Sort the m p-values ascending, p₍₁₎ ≤ … ≤ p₍ₘ₎; the adjusted value of p₍ᵢ₎ is
/// min(1, maxⱼ≤ᵢ (m − j + 1) p₍ⱼ₎). It controls the family-wise error rate at α for any dependence between the
/// tests and is uniformly more powerful than Bonferroni (m pᵢ). Ties keep their input order (a stable sort).
public enum Holm {
  /// Holm-adjusted p-values in the input order. NaN inputs stay NaN and do not count towards m.
  public static func adjust(_ p: [Double]) -> [Double] {
    let valid = p.indices.filter { !p[$0].isNaN }
    let order = valid.sorted { p[$0] < p[$1] || (p[$0] == p[$1] && $0 < $1) }
    let m = order.count
    var out = [Double](repeating: .nan, count: p.count)
    var running = 0.0
    for (rank, i) in order.enumerated() {
      running = max(running, min(1, Double(m - rank) * p[i]))
      out[i] = running
    }
    return out
  }
}
