import Frame

/// How a causal forest turns frame columns into numeric covariates, remembered so that new frames are
/// encoded the same way.
///
/// Numeric and bool columns are used as they are (bool → 0/1). Text columns become one 0/1 column per
/// level seen in training (`Contract=Two year`), as grf users one-hot encode factors; a level not seen in
/// training is an error naming the column and the level, as for every Learn model (see
/// `PredictiveModel.predict(_:)`): all zeros would silently score the row as an unknown mixture. Missing values stay missing (NaN) and are routed by the trees (MIA).
public struct ForestCovariates: Sendable, Equatable {
  /// Source column names, in order.
  public var sources: [String]
  /// Levels of each text source (nil for numeric sources).
  public var levels: [[String]?]

  /// Learns the encoding from `frame`.
  public init(frame: DataFrame, columns: [String]) throws {
    guard !columns.isEmpty else {
      throw CausalForestError.invalidInput("the causal forest needs at least one covariate after '|'")
    }
    var lv: [[String]?] = []
    for name in columns {
      let c = try frame.column(name)
      if case .string(_, let l) = c.storage {
        guard l.count <= 64 else {
          throw CausalForestError.invalidInput(
            "text covariate '\(name)' has \(l.count) levels; the forest one-hot encodes text, so use at most 64 "
              + "(group rare levels or encode it as a number)")
        }
        lv.append(l.sorted())
      } else {
        lv.append(nil)
      }
    }
    sources = columns
    levels = lv
  }

  init(sources: [String], levels: [[String]?]) {
    self.sources = sources
    self.levels = levels
  }

  /// Names of the encoded covariates.
  public var names: [String] {
    var out: [String] = []
    for (s, l) in zip(sources, levels) {
      if let l { out += l.map { "\(s)=\($0)" } } else { out.append(s) }
    }
    return out
  }

  /// The encoded design (column-major, NaN = missing) for `frame`.
  public func matrix(_ frame: DataFrame) throws -> DesignMatrix {
    var cols: [[Double]] = []
    for (s, l) in zip(sources, levels) {
      let c = try frame.column(s)
      if let l {
        guard case .string(let codes, let fl) = c.storage else {
          throw CausalForestError.invalidInput(
            "covariate '\(s)' was text when the forest was fit but is \(c.type.rawValue) now")
        }
        let map = fl.map { l.firstIndex(of: $0) ?? -1 }
        var block = [[Double]](repeating: [Double](repeating: 0, count: frame.rowCount), count: l.count)
        for i in 0..<frame.rowCount {
          if c.isMissing(i) {
            for k in 0..<l.count { block[k][i] = .nan }
          } else {
            let k = map[Int(codes[i])]
            guard k >= 0 else {
              let known = l.prefix(10).map { "'\($0)'" }.joined(separator: ", ")
              throw CausalForestError.invalidInput(
                "covariate '\(s)' has level '\(fl[Int(codes[i])])' in row \(i + 1) that was not seen when the forest "
                  + "was fit (known: \(known)); filter out the rows with that level, or refit on data that has it")
            }
            block[k][i] = 1
          }
        }
        cols += block
      } else {
        guard let v = c.doubles() else {
          throw CausalForestError.invalidInput("covariate '\(s)' was numeric when the forest was fit but is text now")
        }
        cols.append(v)
      }
    }
    return DesignMatrix(columns: cols, names: names)
  }

  /// Count of missing values per source column in `frame` (for the "routed missing values" note).
  func missingSummary(_ frame: DataFrame) -> [(String, Int)] {
    sources.compactMap { s in
      guard let c = frame[s], c.missingCount > 0 else { return nil }
      return (s, c.missingCount)
    }
  }
}
