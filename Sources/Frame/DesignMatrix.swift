/// What a design column holds, so tree models can split categorical codes as categories.
public enum FeatureKind: Sendable, Codable, Equatable {
  /// A number (including 0/1 bools and dummies).
  case numeric
  /// A level code `0..<levels` of a text column kept whole (``CategoricalEncoding/codes``).
  case categorical(levels: Int)
}

/// A dense numeric design: `rowCount` rows by `columnCount` columns, stored column by column.
///
/// `values[j * rowCount + i]` is row `i` of column `j`. Missing values (only under the `keep`
/// policy) are NaN. `rows[i]` is the frame row that design row `i` came from (rows may have been
/// dropped under the `drop_rows` policy).
public struct DesignMatrix: Sendable {
  public var rowCount: Int
  public var columnCount: Int
  /// Column-major values, `rowCount * columnCount` of them.
  public var values: [Double]
  public var columnNames: [String]
  public var featureKinds: [FeatureKind]
  /// For each design row, the index of the source frame row.
  public var rows: [Int]
  /// Problems the transformation tolerated (unseen levels, constant columns), for the user to see.
  public var warnings: [String]

  /// Creates a matrix from column-major values.
  public init(
    rowCount: Int, columnNames: [String], values: [Double], featureKinds: [FeatureKind]? = nil,
    rows: [Int]? = nil, warnings: [String] = []
  ) {
    precondition(values.count == rowCount * columnNames.count, "DesignMatrix: values do not match the shape")
    self.rowCount = rowCount
    self.columnCount = columnNames.count
    self.values = values
    self.columnNames = columnNames
    self.featureKinds = featureKinds ?? Array(repeating: .numeric, count: columnNames.count)
    self.rows = rows ?? Array(0..<rowCount)
    self.warnings = warnings
  }

  /// Creates a matrix from a list of columns (each of length `rowCount`).
  public init(columns: [[Double]], names: [String], featureKinds: [FeatureKind]? = nil) {
    let n = columns.first?.count ?? 0
    var v: [Double] = []
    v.reserveCapacity(n * columns.count)
    for c in columns {
      precondition(c.count == n, "DesignMatrix: columns differ in length")
      v.append(contentsOf: c)
    }
    self.init(rowCount: n, columnNames: names, values: v, featureKinds: featureKinds)
  }

  /// Column `j` as a slice of the storage.
  public func column(_ j: Int) -> ArraySlice<Double> {
    values[(j * rowCount)..<((j + 1) * rowCount)]
  }

  /// The value at row `i`, column `j`.
  @inline(__always)
  public subscript(i: Int, j: Int) -> Double { values[j * rowCount + i] }

  /// The design restricted to design rows `indices` (in that order).
  public func rowsSubset(_ indices: [Int]) -> DesignMatrix {
    var v = [Double](repeating: 0, count: indices.count * columnCount)
    v.withUnsafeMutableBufferPointer { out in
      values.withUnsafeBufferPointer { src in
        for j in 0..<columnCount {
          let base = j * rowCount, obase = j * indices.count
          for (k, i) in indices.enumerated() { out[obase + k] = src[base + i] }
        }
      }
    }
    return DesignMatrix(
      rowCount: indices.count, columnNames: columnNames, values: v, featureKinds: featureKinds,
      rows: indices.map { rows[$0] }, warnings: warnings)
  }
}

/// A design matrix together with the encoded outcome and treatment of the same rows.
public struct DesignData: Sendable {
  public var x: DesignMatrix
  /// Encoded outcome (0/1 for binary outcomes), aligned with `x`'s rows; nil when not requested.
  public var y: [Double]?
  /// Encoded treatment (0/1 for binary treatments), aligned with `x`'s rows; nil when the formula has none.
  public var treatment: [Double]?

  public init(x: DesignMatrix, y: [Double]?, treatment: [Double]?) {
    self.x = x
    self.y = y
    self.treatment = treatment
  }
}
