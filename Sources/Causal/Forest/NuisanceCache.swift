import Learn
import Synchronization

/// The last few out-of-bag nuisance predictions (``NuisanceForest``), keyed by *every* input that
/// determines them: the binned covariates (rows, bins and bin definitions), the target, and the forest's
/// settings and seed.
///
/// Several causal forests on the same rows and covariates — the plain, local-linear and tuned forests of a
/// comparison, or a refit with other final-forest options — need the same Ŷ and Ŵ forests; with this cache
/// they are grown once. A hit returns exactly what a refit would (the forests are deterministic in these
/// inputs), so the cache changes timing only, never a result. It holds at most ``capacity`` entries and
/// skips inputs larger than ``maxCells`` binned cells, so its memory stays small.
final class NuisanceCache: Sendable {
  /// Everything ``NuisanceForest/oobPredictions`` reads.
  struct Key: Equatable {
    var covariates: BinnedInputKey
    var target: [Double]
    var trees: Int
    var mtry: Int?
    var minNodeSize: Int
    var alpha: Double
    var imbalancePenalty: Double
    var seed: Int
  }

  /// Entries kept (most recent last).
  static let capacity = 4
  /// Largest binned matrix (rows × columns) cached.
  static let maxCells = 8_000_000

  /// The cache the causal forest uses.
  static let shared = NuisanceCache()

  private let entries = Mutex<[(key: Key, value: [Double])]>([])

  /// The cached predictions for `key`, if any.
  func value(for key: Key) -> [Double]? {
    entries.withLock { list in
      guard let k = list.firstIndex(where: { $0.key == key }) else { return nil }
      let hit = list.remove(at: k)
      list.append(hit)
      return hit.value
    }
  }

  /// Stores `value` for `key` (evicting the least recently used entry beyond ``capacity``).
  func store(_ value: [Double], for key: Key) {
    guard key.covariates.rows * key.covariates.cols <= Self.maxCells else { return }
    entries.withLock { list in
      list.removeAll { $0.key == key }
      list.append((key, value))
      if list.count > Self.capacity { list.removeFirst(list.count - Self.capacity) }
    }
  }

  /// Empties the cache (tests).
  func removeAll() { entries.withLock { $0.removeAll() } }
}

/// The binned covariates a cached fit read — rows, columns, bins and bin definitions — compared exactly; the
/// common part of ``NuisanceCache/Key`` and ``CausalForestTreeCache/Key``.
struct BinnedInputKey: Equatable {
  var rows: Int
  var cols: Int
  var bins: [UInt8]
  var features: [FeatureBins]

  /// The key of `data`.
  init(_ data: BinnedMatrix) {
    rows = data.rows
    cols = data.cols
    bins = data.bins
    features = data.features
  }
}
