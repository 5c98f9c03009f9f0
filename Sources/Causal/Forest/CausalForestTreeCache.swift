import Learn
import Synchronization

/// The last plain causal forest's trees, keyed by *every* input that determines them: the binned
/// covariates (rows, bins and bin definitions), the residualized outcome and treatment, and every
/// option that shapes the trees (sampling, little bags, honesty, leaf size, mtry, alpha, imbalance
/// penalty, tree count, seed).
///
/// A causal forest's trees do not depend on its leaf summary (the grower splits on the relabeled
/// pseudo-outcome; the summary only fills the leaves). A local-linear fit on the same inputs as a plain
/// fit before it — `plain` then `ramp` in phase 04 — therefore has the plain forest's trees, and
/// ``CausalForest/refill(_:data:summary:options:)`` fills their leaves with the local-linear moments
/// instead of regrowing them. A hit gives exactly the forest a regrowth would (tested bit for bit), so
/// the cache changes timing only. It keeps one forest, and only forests of at most ``maxRowTrees``
/// rows × trees, so its memory stays small.
final class CausalForestTreeCache: Sendable {
  /// Everything ``CausalForest/grow`` reads apart from the leaf summary.
  struct Key: Equatable {
    var covariates: BinnedInputKey
    var y: [Double]
    var w: [Double]
    var growth: ForestOptions
    var trees: Int
    var seed: Int
    var alpha: Double
    var imbalancePenalty: Double

    init(data: BinnedMatrix, y: [Double], w: [Double], options: CausalForestOptions) {
      covariates = BinnedInputKey(data)
      self.y = y
      self.w = w
      growth = CausalForest.growthOptions(options, columns: data.cols)
      trees = options.treeCountRounded
      seed = options.seed
      alpha = options.alpha
      imbalancePenalty = options.imbalancePenalty
    }
  }

  /// Largest forest kept, in training rows × trees.
  static let maxRowTrees = 8_000_000

  /// The cache the causal forest uses.
  static let shared = CausalForestTreeCache()

  private let entry = Mutex<(key: Key, value: CausalForest.GrownForest)?>(nil)

  /// The cached forest for `key`, if any.
  func value(for key: Key) -> CausalForest.GrownForest? {
    entry.withLock { e in e.flatMap { $0.key == key ? $0.value : nil } }
  }

  /// Keeps `value` for `key` (replacing the forest kept before); a forest above ``maxRowTrees`` is not
  /// kept, and drops the one before.
  func store(_ value: CausalForest.GrownForest, for key: Key) {
    entry.withLock { e in e = key.covariates.rows * key.trees <= Self.maxRowTrees ? (key, value) : nil }
  }

  /// Empties the cache (tests).
  func removeAll() { entry.withLock { $0 = nil } }
}
