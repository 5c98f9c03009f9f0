import Synchronization

/// The last training-frame predictions of a ``MultiArmCausalForest``, keyed by the covariate values they
/// were computed from (compared bit for bit, so missing values match) and whether variances were asked
/// for. A hit returns exactly what recomputing would; the memo changes timing only, never a result.
final class TrainingEffectsMemo: Sendable {
  private struct Entry {
    var x: [[Double]]
    var withVariance: Bool
    var value: [CausalPredictions]
  }

  private let last = Mutex<Entry?>(nil)

  /// The kept predictions for covariates `x` (one matrix per arm), if they are the last ones computed.
  func value(x: [[Double]], withVariance: Bool) -> [CausalPredictions]? {
    last.withLock { e in
      guard let e, e.withVariance == withVariance, Self.sameBits(e.x, x) else { return nil }
      return e.value
    }
  }

  /// Keeps `value` as the predictions for `x` (replacing the previous entry).
  func store(_ value: [CausalPredictions], x: [[Double]], withVariance: Bool) {
    last.withLock { $0 = Entry(x: x, withVariance: withVariance, value: value) }
  }

  /// Whether two lists of matrices hold the same doubles bit for bit (NaN equals NaN).
  static func sameBits(_ a: [[Double]], _ b: [[Double]]) -> Bool {
    guard a.count == b.count else { return false }
    for (u, v) in zip(a, b) {
      guard u.count == v.count else { return false }
      for i in u.indices where u[i].bitPattern != v[i].bitPattern { return false }
    }
    return true
  }
}
