import Stats

extension DataFrame {
  /// A random sample of rows, by count `n` or by `fraction` of the rows (exactly one of the two),
  /// with or without replacement. Rows come in the order drawn. Deterministic for a given `seed`
  /// (``SeededRNG``). Without replacement the sample cannot exceed the frame.
  public func sample(n: Int?, fraction: Double?, replace: Bool, seed: Int) throws -> DataFrame {
    let size: Int
    switch (n, fraction) {
    case (let n?, nil):
      guard n >= 0 else { throw FrameError.invalidArgument("sample size must be zero or more (got \(n))") }
      size = n
    case (nil, let f?):
      guard f.isFinite, f >= 0 else {
        throw FrameError.invalidArgument("sample fraction must be zero or more (got \(compactNumber(f)))")
      }
      guard replace || f <= 1 else {
        throw FrameError.invalidArgument(
          "sample fraction \(compactNumber(f)) is above 1; use `sample … replace: true` to sample more rows than there are"
        )
      }
      guard f * Double(rowCount) < 1e12 else {
        throw FrameError.invalidArgument("sample fraction \(compactNumber(f)) is too large")
      }
      size = Int((f * Double(rowCount)).rounded())
    default:
      throw FrameError.invalidArgument("sample needs either a number of rows or a fraction, not both")
    }
    guard size <= 1 << 31 else { throw FrameError.invalidArgument("sample size \(size) is too large") }
    var rng = SeededRNG(seed: seed)
    if replace {
      guard size == 0 || rowCount > 0 else {
        throw FrameError.invalidArgument("cannot sample from a frame with no rows")
      }
      return rows((0..<size).map { _ in rng.int(below: rowCount) })
    }
    guard size <= rowCount else {
      throw FrameError.invalidArgument(
        "cannot sample \(size) rows without replacement from \(rowCount); use `sample … replace: true`")
    }
    return rows(rng.sample(rowCount, size))
  }

  /// Splits rows into a training and a test set, optionally stratified.
  ///
  /// Each stratum (each value of `stratify`, missing values forming their own stratum; all rows
  /// when nil) is shuffled with its own stream derived from `seed`, and its first
  /// `round(testFraction * size)` rows go to the test set. Both sets keep the original row order.
  /// Deterministic; throws when `testFraction` is not strictly between 0 and 1 or either set would
  /// be empty.
  public func trainTestSplit(testFraction: Double, stratify: String? = nil, seed: Int) throws -> (
    train: DataFrame, test: DataFrame
  ) {
    guard testFraction > 0, testFraction < 1 else {
      throw FrameError.invalidArgument("test fraction must be between 0 and 1 (got \(compactNumber(testFraction)))")
    }
    let strata: [[Int]]
    if let stratify {
      strata = try grouped(by: [stratify]).groups
    } else {
      strata = [Array(0..<rowCount)]
    }
    let base = SeededRNG(seed: seed)
    var isTest = [Bool](repeating: false, count: rowCount)
    for (s, rows) in strata.enumerated() {
      var rng = base.derived(s)
      var shuffled = rows
      rng.shuffle(&shuffled)
      let k = Int((testFraction * Double(rows.count)).rounded())
      for i in shuffled.prefix(k) { isTest[i] = true }
    }
    let testCount = isTest.reduce(0) { $0 + ($1 ? 1 : 0) }
    guard testCount > 0 else {
      throw FrameError.invalidArgument(
        "a test fraction of \(compactNumber(testFraction)) of \(rowCount) rows gives an empty test set; use a larger fraction"
      )
    }
    guard testCount < rowCount else {
      throw FrameError.invalidArgument(
        "a test fraction of \(compactNumber(testFraction)) of \(rowCount) rows leaves no training rows; use a smaller fraction"
      )
    }
    return (filter(isTest.map { !$0 }), filter(isTest))
  }
}
