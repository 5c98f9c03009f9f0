import Dispatch

/// Per-row effect estimates and variances from a ``CompactForest``.
public struct CausalPredictions: Sendable, Equatable {
  /// τ̂(x) per row (NaN when no tree has a non-empty leaf for the row).
  public var tau: [Double]
  /// Little-bags variance per row (NaN when not requested or not estimable).
  public var variance: [Double]
}

/// Sends disjoint writes from concurrent workers (each worker writes its own rows).
struct UnsafeSendableBuffer<T>: @unchecked Sendable {
  let base: UnsafeMutablePointer<T>
}

extension CompactForest {
  /// Predicts rows of a column-major matrix (`x[j * rows + i]`, NaN = missing).
  ///
  /// - Parameters:
  ///   - inBag: optional per-tree bitsets (`words` UInt64 per tree) marking the training rows each tree
  ///     used (growing and honest halves); such trees are skipped for that row, giving out-of-bag
  ///     predictions. Only meaningful when `x` holds the training rows in training order.
  ///   - threads: worker count; results do not depend on it (each row is computed independently).
  public func predict(x: [Double], rows n: Int, columns d: Int, withVariance: Bool,
                      inBag: [UInt64]? = nil, threads: Int = 2) -> CausalPredictions
  {
    var tau = [Double](repeating: .nan, count: n), variance = [Double](repeating: .nan, count: n)
    guard n > 0, treeCount > 0, x.count >= n * d else { return CausalPredictions(tau: tau, variance: variance) }
    let words = (n + 63) / 64
    let blockSize = 64
    let blocks = (n + blockSize - 1) / blockSize
    let workers = max(1, min(threads, blocks))
    tau.withUnsafeMutableBufferPointer { tp in
      variance.withUnsafeMutableBufferPointer { vp in
        let tOut = UnsafeSendableBuffer(base: tp.baseAddress!), vOut = UnsafeSendableBuffer(base: vp.baseAddress!)
        x.withUnsafeBufferPointer { xp in
          let xs = UnsafeSendableBuffer(base: UnsafeMutablePointer(mutating: xp.baseAddress!))
          let run: @Sendable (Int) -> Void = { worker in
            var scratch = [Double](repeating: .nan, count: self.treeCount * CausalLeafSummary.width)
            var b = worker
            while b < blocks {
              for i in (b * blockSize)..<min(n, (b + 1) * blockSize) {
                let r = self.predictRow(i, x: xs.base, rows: n, inBag: inBag, words: words,
                                        withVariance: withVariance, scratch: &scratch)
                tOut.base[i] = r.tau
                vOut.base[i] = r.variance
              }
              b += workers
            }
          }
          if workers == 1 { run(0) } else { DispatchQueue.concurrentPerform(iterations: workers, execute: run) }
        }
      }
    }
    return CausalPredictions(tau: tau, variance: variance)
  }

  @inline(__always)
  func predictRow(_ i: Int, x: UnsafeMutablePointer<Double>, rows n: Int, inBag: [UInt64]?, words: Int,
                  withVariance: Bool, scratch: inout [Double]) -> (tau: Double, variance: Double)
  {
    let k = CausalLeafSummary.width
    let w = i >> 6, bit = UInt64(1) << UInt64(i & 63)
    return scratch.withUnsafeMutableBufferPointer { s in
      leafValues.withUnsafeBufferPointer { lv in
        for t in 0..<treeCount {
          if let inBag, inBag[t * words + w] & bit != 0 { s[t * k] = .nan; continue }
          let leaf = self.leaf(tree: t) { j in x[j * n + i] }
          let o = leaf * k
          s[t * k] = lv[o]; s[t * k + 1] = lv[o + 1]; s[t * k + 2] = lv[o + 2]; s[t * k + 3] = lv[o + 3]
        }
        return CausalForestEstimate.estimate(leaves: UnsafeBufferPointer(s), treeCount: treeCount,
                                             groupSize: groupSize, withVariance: withVariance)
      }
    }
  }
}
