/// Rows by position, as dplyr's `slice`, `slice_head` and `slice_tail` choose them.
public enum RowPositions: Sendable, Equatable {
  /// 1-based positions: all positive keeps those rows in the order given (positions past the end are
  /// skipped); all negative drops those rows; zeros are ignored (dplyr's rule).
  case positions([Int])
  /// The first `n` rows.
  case head(Int)
  /// The last `n` rows.
  case tail(Int)

  /// The 0-based rows of a frame (or group) of `count` rows.
  public func rows(count: Int) throws -> [Int] {
    switch self {
    case .head(let n):
      guard n >= 0 else { throw FrameError.invalidArgument("slice_head needs n ≥ 0 (got \(n))") }
      return Array(0..<Swift.min(n, count))
    case .tail(let n):
      guard n >= 0 else { throw FrameError.invalidArgument("slice_tail needs n ≥ 0 (got \(n))") }
      return Array(Swift.max(0, count - n)..<count)
    case .positions(let ps):
      let given = ps.filter { $0 != 0 }
      if given.contains(where: { $0 > 0 }) && given.contains(where: { $0 < 0 }) {
        throw FrameError.invalidArgument(
          "slice takes positions to keep (1, 2, …) or to drop (-1, -2, …), not both; "
            + "e.g. slice 1:10 or slice -(1:10)")
      }
      if given.first.map({ $0 < 0 }) ?? false {
        var drop = [Bool](repeating: false, count: count)
        for p in given where p != Int.min && -p <= count { drop[-p - 1] = true }
        return (0..<count).filter { !drop[$0] }
      }
      return given.filter { $0 <= count }.map { $0 - 1 }
    }
  }
}

extension DataFrame {
  /// The rows at `positions` (see ``RowPositions``).
  public func slice(_ positions: RowPositions) throws -> DataFrame {
    rows(try positions.rows(count: rowCount))
  }
}

extension GroupedFrame {
  /// ``DataFrame/slice(_:)`` within each group: the chosen rows of each group, group after group in
  /// group order (dplyr's grouped `slice`).
  public func slice(_ positions: RowPositions) throws -> DataFrame {
    var picked: [Int] = []
    for rows in groups { picked += try positions.rows(count: rows.count).map { rows[$0] } }
    return source.rows(picked)
  }
}
