/// A small dense matrix of doubles, stored row by row.
///
/// Meant for the p × p systems of regression (Gram matrices, Hessians, covariances), not for data:
/// data matrices are column-major buffers handled by the kernels that use them.
public struct Matrix: Sendable, Equatable, Codable, CustomStringConvertible {
  public let rows: Int
  public let cols: Int
  /// Row-major values: `values[i * cols + j]` is entry (i, j).
  public var values: [Double]

  /// A `rows` × `cols` matrix filled with `value`.
  public init(rows: Int, cols: Int, repeating value: Double = 0) {
    self.rows = rows
    self.cols = cols
    self.values = [Double](repeating: value, count: rows * cols)
  }

  /// A matrix from row-major values.
  public init(rows: Int, cols: Int, values: [Double]) {
    precondition(values.count == rows * cols, "Matrix: \(values.count) values for a \(rows)x\(cols) matrix")
    self.rows = rows
    self.cols = cols
    self.values = values
  }

  /// A matrix from an array of rows.
  public init(_ rowArrays: [[Double]]) {
    let r = rowArrays.count, c = rowArrays.first?.count ?? 0
    self.init(
      rows: r, cols: c,
      values: rowArrays.flatMap { row in
        precondition(row.count == c, "Matrix: ragged rows")
        return row
      })
  }

  /// The n × n identity.
  public static func identity(_ n: Int) -> Matrix {
    var m = Matrix(rows: n, cols: n)
    for i in 0..<n { m[i, i] = 1 }
    return m
  }

  @inline(__always)
  public subscript(i: Int, j: Int) -> Double {
    get { values[i * cols + j] }
    set { values[i * cols + j] = newValue }
  }

  /// The transpose.
  public var transposed: Matrix {
    var t = Matrix(rows: cols, cols: rows)
    for i in 0..<rows { for j in 0..<cols { t[j, i] = self[i, j] } }
    return t
  }

  /// The diagonal entries.
  public var diagonal: [Double] { (0..<min(rows, cols)).map { self[$0, $0] } }

  /// Row `i` as an array.
  public func row(_ i: Int) -> [Double] { Array(values[(i * cols)..<((i + 1) * cols)]) }

  /// Matrix product `self * other`.
  public static func * (a: Matrix, b: Matrix) -> Matrix {
    precondition(a.cols == b.rows, "Matrix: cannot multiply \(a.rows)x\(a.cols) by \(b.rows)x\(b.cols)")
    var c = Matrix(rows: a.rows, cols: b.cols)
    for i in 0..<a.rows {
      for k in 0..<a.cols {
        let aik = a[i, k]
        if aik == 0 { continue }
        for j in 0..<b.cols { c.values[i * b.cols + j] += aik * b.values[k * b.cols + j] }
      }
    }
    return c
  }

  /// Matrix–vector product.
  public static func * (a: Matrix, x: [Double]) -> [Double] {
    precondition(a.cols == x.count, "Matrix: cannot multiply \(a.rows)x\(a.cols) by a vector of \(x.count)")
    var y = [Double](repeating: 0, count: a.rows)
    for i in 0..<a.rows {
      var s = 0.0
      for j in 0..<a.cols { s += a.values[i * a.cols + j] * x[j] }
      y[i] = s
    }
    return y
  }

  /// Elementwise sum.
  public static func + (a: Matrix, b: Matrix) -> Matrix {
    precondition(a.rows == b.rows && a.cols == b.cols, "Matrix: shapes differ")
    return Matrix(rows: a.rows, cols: a.cols, values: zip(a.values, b.values).map { $0 + $1 })
  }

  /// Scalar multiple.
  public static func * (s: Double, a: Matrix) -> Matrix {
    Matrix(rows: a.rows, cols: a.cols, values: a.values.map { s * $0 })
  }

  /// Makes the matrix exactly symmetric by averaging it with its transpose.
  public mutating func symmetrize() {
    precondition(rows == cols, "Matrix: symmetrize needs a square matrix")
    for i in 0..<rows {
      for j in (i + 1)..<max(i + 1, cols) {
        let v = 0.5 * (self[i, j] + self[j, i])
        self[i, j] = v
        self[j, i] = v
      }
    }
  }

  public var description: String {
    (0..<rows).map { i in row(i).map { "\($0)" }.joined(separator: " ") }.joined(separator: "\n")
  }
}

/// Errors from the linear algebra routines.
public enum LinearAlgebraError: Error, Equatable, CustomStringConvertible, Sendable {
  /// The matrix is not (numerically) positive definite; `column` is the first column whose pivot
  /// collapsed, i.e. a column that is (nearly) a linear combination of earlier ones.
  case notPositiveDefinite(column: Int)
  /// The matrix is singular; `column` is where elimination found no usable pivot.
  case singular(column: Int)
  /// Shapes do not fit.
  case dimensionMismatch(String)
  /// The columns at these indices are (numerically) linear combinations of other columns.
  case rankDeficient(columns: [Int])

  public var description: String {
    switch self {
    case .notPositiveDefinite(let c):
      return "matrix is not positive definite (column \(c) is collinear with earlier columns)"
    case .singular(let c): return "matrix is singular (no pivot in column \(c))"
    case .dimensionMismatch(let m): return m
    case .rankDeficient(let c): return "columns \(c) are linear combinations of other columns"
    }
  }
}
