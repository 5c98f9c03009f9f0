/// How a fit is executed, passed explicitly to the trainers (never process-wide state, so a server that fits
/// several models at once can give each its own).
///
/// `threads` never changes a result (work items use their own RNG streams and are combined in item order).
/// `histogramChunkRows` does: large nodes of boosted trees build their histograms over fixed row chunks that
/// are added in chunk order, so the chunk size fixes the summation order. Its default is what every saved
/// model and golden output was made with; tests lower it to exercise the parallel paths on small data.
public struct ExecutionOptions: Sendable, Equatable {
  /// Worker threads: 0 = all cores (the default), 1 = serial, k = at most k concurrent workers.
  public var threads: Int
  /// Rows per chunk when a large node's histogram is built, or the node partitioned, in parallel (nodes of
  /// at least twice this size are chunked).
  public var histogramChunkRows: Int
  /// Tests only: the tree grower's small-node pass marks the bins met of every feature instead of finding
  /// those of few-bin features by their count channel, and sums every feature in its row pass instead of
  /// summing features of at most 4 bins in registers (the reference kernels: the same trees either way).
  var markEveryBin = false

  /// The default: all cores, 16,384-row histogram chunks.
  public init(threads: Int = 0, histogramChunkRows: Int = 16_384) {
    self.threads = threads
    self.histogramChunkRows = histogramChunkRows
  }
}
