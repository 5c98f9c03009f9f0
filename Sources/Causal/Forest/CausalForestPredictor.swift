import Stats

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
  ///   - monteCarlo: the variance slot holds the Monte Carlo variance of τ̂ over the trees instead of the
  ///     little-bags variance (see ``CausalForestEstimate/estimate(leaves:treeCount:groupSize:withVariance:monteCarlo:)``).
  public func predict(x: [Double], rows n: Int, columns d: Int, withVariance: Bool,
                      inBag: [UInt64]? = nil, threads: Int = 2, monteCarlo: Bool = false) -> CausalPredictions
  {
    var tau = [Double](repeating: .nan, count: n), variance = [Double](repeating: .nan, count: n)
    guard n > 0, treeCount > 0, x.count >= n * d else { return CausalPredictions(tau: tau, variance: variance) }
    let words = (n + 63) / 64
    let blockSize = 256
    let blocks = (n + blockSize - 1) / blockSize
    let workers = max(1, min(threads, blocks))
    let trees = treeCount, group = groupSize
    let k = CausalLeafSummary.width
    withKernel { kernel in
      tau.withUnsafeMutableBufferPointer { tp in
        variance.withUnsafeMutableBufferPointer { vp in
          let tOut = UnsafeSendableBuffer(base: tp.baseAddress!), vOut = UnsafeSendableBuffer(base: vp.baseAddress!)
          x.withUnsafeBufferPointer { xp in
            let xs = UnsafeSendableBuffer(base: UnsafeMutablePointer(mutating: xp.baseAddress!))
            let bag = inBag
            // Rows go in blocks; within a block the trees are walked one at a time over all the block's
            // rows (a tree's nodes stay in cache), then each row combines its leaves.
            let run: @Sendable (Int) -> Void = { worker in
              let scratch = UnsafeMutablePointer<Double>.allocate(capacity: trees * k)
              let leaves = UnsafeMutablePointer<Int32>.allocate(capacity: trees * blockSize)
              defer { scratch.deallocate(); leaves.deallocate() }
              var b = worker
              while b < blocks {
                let lo = b * blockSize, hi = min(n, (b + 1) * blockSize)
                for t in 0..<trees {
                  for i in lo..<hi {
                    if let bag, bag[t * words + (i >> 6)] & (UInt64(1) << UInt64(i & 63)) != 0 {
                      leaves[t * blockSize + i - lo] = -1
                    } else {
                      leaves[t * blockSize + i - lo] = Int32(truncatingIfNeeded: kernel.leaf(tree: t, x: xs.base, rows: n, row: i))
                    }
                  }
                }
                for i in lo..<hi {
                  for t in 0..<trees {
                    let leaf = Int(leaves[t * blockSize + i - lo])
                    if leaf < 0 { scratch[t * k] = .nan; continue }
                    let o = leaf * k
                    scratch[t * k] = kernel.leafValues[o]; scratch[t * k + 1] = kernel.leafValues[o + 1]
                    scratch[t * k + 2] = kernel.leafValues[o + 2]; scratch[t * k + 3] = kernel.leafValues[o + 3]
                  }
                  let r = CausalForestEstimate.estimate(leaves: UnsafeBufferPointer(start: scratch, count: trees * k),
                                                        treeCount: trees, groupSize: group, withVariance: withVariance,
                                                        monteCarlo: monteCarlo)
                  tOut.base[i] = r.tau
                  vOut.base[i] = r.variance
                }
                b += workers
              }
            }
            parallelFor(workers, run)
          }
        }
      }
    }
    return CausalPredictions(tau: tau, variance: variance)
  }

  /// Raw pointers to the node arrays, valid inside ``withKernel(_:)``.
  struct TraversalKernel: @unchecked Sendable {
    let treeStart: UnsafePointer<Int32>
    let feature: UnsafePointer<Int32>
    let threshold: UnsafePointer<Double>
    let left: UnsafePointer<Int32>
    let right: UnsafePointer<Int32>
    let missingLeft: UnsafePointer<UInt8>
    let leafValues: UnsafePointer<Double>

    /// Leaf index reached by row `row` of a column-major matrix.
    @inline(__always)
    func leaf(tree t: Int, x: UnsafeMutablePointer<Double>, rows: Int, row: Int) -> Int {
      var k = Int(treeStart[t])
      while true {
        let f = Int(feature[k])
        if f < 0 { return Int(left[k]) }
        let v = x[f * rows + row], thr = threshold[k]
        let goLeft = v <= thr || (v.isNaN && (missingLeft[k] != 0 || thr.isNaN))
        k = Int(goLeft ? left[k] : right[k])
      }
    }
  }

  func withKernel<R>(_ body: (TraversalKernel) -> R) -> R {
    treeStart.withUnsafeBufferPointer { ts in
      feature.withUnsafeBufferPointer { fe in
        threshold.withUnsafeBufferPointer { th in
          left.withUnsafeBufferPointer { le in
            right.withUnsafeBufferPointer { ri in
              missingLeft.withUnsafeBufferPointer { ml in
                leafValues.withUnsafeBufferPointer { lv in
                  body(TraversalKernel(treeStart: ts.baseAddress!, feature: fe.baseAddress!, threshold: th.baseAddress!,
                                       left: le.baseAddress!, right: ri.baseAddress!, missingLeft: ml.baseAddress!,
                                       leafValues: lv.baseAddress ?? UnsafePointer(bitPattern: 8)!))
                }
              }
            }
          }
        }
      }
    }
  }
}
