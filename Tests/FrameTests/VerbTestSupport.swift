import Frame
import Testing

/// A small frame with missing values in every kind of column, used across verb tests.
///
///   row  g    k  x     n    b
///   0    a    1  1.0   10   true
///   1    b    1  2.0   NA   false
///   2    a    2  NA    30   true
///   3    NA   2  4.0   40   NA
///   4    b    1  5.0   50   true
///   5    a    1  6.0   60   false
func sampleFrame() throws -> DataFrame {
  try DataFrame(columns: [
    Column(name: "g", strings: ["a", "b", "a", nil, "b", "a"]),
    Column(name: "k", ints: [1, 1, 2, 2, 1, 1]),
    Column(name: "x", floats: [1, 2, nil, 4, 5, 6]),
    Column(name: "n", ints: [10, 0, 30, 40, 50, 60], valid: [true, false, true, true, true, true]),
    Column(name: "b", bools: [true, false, true, false, true, false], valid: [true, true, true, false, true, true]),
  ])
}

/// The values of a column as cells (for compact expectations).
func cells(_ df: DataFrame, _ name: String) throws -> [CellValue] {
  let c = try df.column(name)
  return (0..<c.count).map { c.value(at: $0) }
}

/// Approximate equality for doubles in expectations.
func close(_ a: Double?, _ b: Double?, _ tol: Double = 1e-12) -> Bool {
  switch (a, b) {
  case (let x?, let y?): return abs(x - y) <= tol * max(1, abs(y))
  case (nil, nil): return true
  default: return false
  }
}

/// The cell as a double, or nil.
func num(_ v: CellValue) -> Double? { v.double }
