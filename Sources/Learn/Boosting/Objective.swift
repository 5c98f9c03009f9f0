import Stats

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The loss a gradient-boosting model minimizes.
public enum BoostingObjective: String, Sendable, Codable, Equatable {
  /// Binary log-loss on the raw score (log-odds); predictions are σ(score).
  case binary
  /// Squared error (L2) regression.
  case regression

  /// Initial score: log-odds of the weighted mean (binary) or the weighted mean (L2), as LightGBM's
  /// `boost_from_average`, over the rows `rows` (nil = all, in order).
  func initialScore(_ y: [Double], _ w: [Double], rows: [Int32]? = nil) -> Double {
    var sw = 0.0, sy = 0.0
    if let rows {
      for r in rows {
        let i = Int(r)
        sw += w[i]
        sy += w[i] * y[i]
      }
    } else {
      for i in y.indices {
        sw += w[i]
        sy += w[i] * y[i]
      }
    }
    let m = sy / max(sw, .leastNormalMagnitude)
    switch self {
    case .binary:
      let q = min(max(m, 1e-15), 1 - 1e-15)
      return log(q / (1 - q))
    case .regression: return m
    }
  }

  /// Writes gradient and hessian of the loss at `score` for the rows `rows` (nil = every row; other rows
  /// are left as they are), weights folded in, interleaved: row i's gradient at `gh[2i]`, its hessian at
  /// `gh[2i + 1]` (one cache line serves both when scattered rows are read). In parallel over blocks
  /// (each row's values depend on that row only).
  func gradients(
    score: [Double], y: [Double], w: [Double], rows: [Int32]? = nil, gh: inout [Double],
    threads: Int = 0
  ) {
    let n = rows?.count ?? score.count
    let block = 32_768
    let blocks = (n + block - 1) / block
    let binary = self == .binary
    score.withUnsafeBufferPointer { sp in
      y.withUnsafeBufferPointer { yp in
        w.withUnsafeBufferPointer { wp in
          gh.withUnsafeMutableBufferPointer { ghp in
            do {
              let s = UncheckedSendable(sp), yy = UncheckedSendable(yp), ww = UncheckedSendable(wp)
              let out = SharedPointer(ghp.baseAddress!)
              @inline(__always) func one(_ i: Int) {
                if binary {
                  let p = sigmoid(s.value[i])
                  out[2 &* i] = ww.value[i] * (p - yy.value[i])
                  out[2 &* i &+ 1] = ww.value[i] * max(p * (1 - p), 1e-16)
                } else {
                  out[2 &* i] = ww.value[i] * (s.value[i] - yy.value[i])
                  out[2 &* i &+ 1] = ww.value[i]
                }
              }
              if let rows {
                rows.withUnsafeBufferPointer { rp in
                  let rb = UncheckedSendable(rp)
                  parallelFor(blocks, threads: threads) { b in
                    let lo = b * block, hi = min(n, lo + block)
                    for q in lo..<hi { one(Int(rb.value[q])) }
                  }
                }
              } else {
                parallelFor(blocks, threads: threads) { b in
                  let lo = b * block, hi = min(n, lo + block)
                  for i in lo..<hi { one(i) }
                }
              }
            }
          }
        }
      }
    }
  }

  /// Mean loss of raw scores (log-loss for binary, mean squared error for regression), for early stopping.
  func loss(score: [Double], y: [Double]) -> Double {
    var s = 0.0
    switch self {
    case .binary:
      for i in score.indices { s += softplus(score[i]) - y[i] * score[i] }
    case .regression:
      for i in score.indices { s += (score[i] - y[i]) * (score[i] - y[i]) }
    }
    return s / Double(max(score.count, 1))
  }

  /// The prediction from a raw score.
  @inline(__always)
  func transform(_ score: Double) -> Double {
    self == .binary ? sigmoid(score) : score
  }
}

/// Boosting's relabeling: each sample's responses are its (gradient, hessian) pair for this round.
struct GradientRelabeling: RelabelingStrategy {
  /// Gradients and hessians interleaved by row (``BoostingObjective/gradients(score:y:w:rows:gh:threads:)``).
  let gh: [Double]
  var responseWidth: Int { 2 }
  var isNodeLocal: Bool { false }
  func relabel(
    samples: UnsafeBufferPointer<Int32>, weights: UnsafePointer<Double>,
    responses: UnsafeMutablePointer<Double>
  ) -> Bool {
    gh.withUnsafeBufferPointer { p in
      for s in samples {
        let i = 2 &* Int(s)
        responses[i] = p[i]
        responses[i &+ 1] = p[i &+ 1]
      }
    }
    return true
  }
}

/// Boosting's leaf summary: the Newton step −η·ΣG/(ΣH + λ) of the samples in the leaf.
struct NewtonLeafSummary: LeafSummaryStrategy {
  /// Gradients and hessians interleaved by row.
  let gh: [Double]
  let lambda: Double
  let learningRate: Double
  var valueWidth: Int { 1 }
  func summarize(
    samples: UnsafeBufferPointer<Int32>, weights: UnsafePointer<Double>,
    into values: UnsafeMutablePointer<Double>
  ) -> Bool {
    var sg = 0.0, sh = 0.0
    gh.withUnsafeBufferPointer { p in
      for s in samples {
        let i = Int(s), w = weights[i]
        sg += w * p[2 &* i]
        sh += w * p[2 &* i &+ 1]
      }
    }
    values[0] = sh + lambda > 0 ? -learningRate * sg / (sh + lambda) : 0
    return true
  }

  /// The same Newton step from the leaf's node-ordered (g, h) pairs (``GradientScorer``'s contributions
  /// of ``GradientRelabeling``'s responses), summed in the same order. Bit-identical to
  /// ``summarize(samples:weights:into:)`` because boosting grows with unit grower weights (row weights are
  /// folded into `gh`), and 1 · x = x exactly.
  func summarize(contributions: UnsafePointer<Double>, count: Int, into values: UnsafeMutablePointer<Double>)
    -> Bool?
  {
    var sg = 0.0, sh = 0.0
    for q in 0..<count {
      sg += contributions[2 &* q]
      sh += contributions[2 &* q &+ 1]
    }
    values[0] = sh + lambda > 0 ? -learningRate * sg / (sh + lambda) : 0
    return true
  }
}
