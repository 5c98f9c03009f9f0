/// The natural cubic spline basis of R's `splines::ns(x, df:)` (intercept = FALSE).
///
/// Construction, as R's `ns` does it (R 4.x, `splines/R/splines.R`):
/// - interior knots at the quantiles `k/(df)`, `k = 1…df-1`, of the training values (R's default
///   quantile, type 7), boundary knots at the training minimum and maximum;
/// - the cubic B-spline basis on the knots `(b₀×4, interior…, b₁×4)` (Cox–de Boor recursion), without
///   its first column;
/// - the constraint matrix `C` = second derivatives of those columns at the two boundary knots; with the
///   Householder QR of `Cᵀ` (LINPACK's reflections, which are LAPACK's too: each maps a column to
///   `−sign(x₀)‖x‖e₁`), the basis is `(Qᵀ Bᵀ)ᵀ` without its first two columns — the `df` directions
///   in which the second derivative vanishes at both ends.
/// Outside the boundary knots the basis continues linearly (value and slope at the nearer boundary),
/// as R's does, so predictions on new rows beyond the training range are linear extrapolations.
public struct NaturalSplineBasis: Sendable, Equatable {
  /// Interior knots (training quantiles).
  public let knots: [Double]
  /// Boundary knots (training minimum and maximum).
  public let boundary: (Double, Double)
  private let fullKnots: [Double]
  /// Householder vectors of the QR of `Cᵀ` (LINPACK layout: `u[0]` is `qraux`), one per column of `C`.
  private let reflectors: [(start: Int, u: [Double])]

  public static func == (a: NaturalSplineBasis, b: NaturalSplineBasis) -> Bool {
    a.knots == b.knots && a.boundary == b.boundary
  }

  /// Number of basis columns (`df`).
  public var columnCount: Int { knots.count + 1 }

  /// Chooses knots on `values` (finite, at least two distinct) for `df` columns, as R's `ns(x, df = df)`.
  public static func knots(for values: [Double], df: Int) -> (interior: [Double], boundary: [Double]) {
    let sorted = values.sorted()
    let n = sorted.count
    var interior: [Double] = []
    let k = df - 1
    for j in 1...max(1, k) where k >= 1 {
      let p = Double(j) / Double(k + 1)
      // R's quantile type 7: h = (n - 1) p, interpolate between floor and ceiling order statistics.
      let h = Double(n - 1) * p
      let lo = Int(h.rounded(.down))
      let hi = min(n - 1, lo + 1)
      interior.append(sorted[lo] + (h - Double(lo)) * (sorted[hi] - sorted[lo]))
    }
    return (interior, [sorted[0], sorted[n - 1]])
  }

  /// The basis for the given interior and boundary knots (as stored in a design spec).
  public init(interior: [Double], boundary: [Double]) {
    self.knots = interior
    self.boundary = (boundary[0], boundary[1])
    self.fullKnots = Array(repeating: boundary[0], count: 4) + interior + Array(repeating: boundary[1], count: 4)
    // Constraint: second derivatives at both boundaries, first B-spline column dropped; Cᵀ is (nb-1) × 2.
    let d0 = NaturalSplineBasis.bspline(boundary[0], knots: fullKnots, deriv: 2, rightEnd: boundary[1])
    let d1 = NaturalSplineBasis.bspline(boundary[1], knots: fullKnots, deriv: 2, rightEnd: boundary[1])
    var a = [Array(d0.dropFirst()), Array(d1.dropFirst())]  // columns of Cᵀ
    var refl: [(Int, [Double])] = []
    let m = a[0].count
    for l in 0..<2 {
      var x = Array(a[l][l..<m])
      var nrm = (x.reduce(0) { $0 + $1 * $1 }).squareRoot()
      if nrm == 0 {
        refl.append((l, []))
        continue
      }
      if x[0] != 0 { nrm = x[0] < 0 ? -abs(nrm) : abs(nrm) }
      for i in x.indices { x[i] /= nrm }
      x[0] += 1
      for j in (l + 1)..<2 {
        var t = 0.0
        for i in x.indices { t -= x[i] * a[j][l + i] }
        t /= x[0]
        for i in x.indices { a[j][l + i] += t * x[i] }
      }
      a[l][l] = -nrm
      refl.append((l, x))
    }
    self.reflectors = refl
  }

  /// The `df` basis values at `x` (finite).
  public func row(_ x: Double) -> [Double] {
    let (b0, b1) = boundary
    var b: [Double]
    if x < b0 || x > b1 {
      let pivot = x < b0 ? b0 : b1
      let v = NaturalSplineBasis.bspline(pivot, knots: fullKnots, deriv: 0, rightEnd: b1)
      let s = NaturalSplineBasis.bspline(pivot, knots: fullKnots, deriv: 1, rightEnd: b1)
      b = zip(v, s).map { $0 + (x - pivot) * $1 }
    } else {
      b = NaturalSplineBasis.bspline(x, knots: fullKnots, deriv: 0, rightEnd: b1)
    }
    var y = Array(b.dropFirst())
    // Qᵀ y = H₂ H₁ y (LINPACK dqrsl's qty loop).
    for (l, u) in reflectors where !u.isEmpty {
      var t = 0.0
      for i in u.indices { t -= u[i] * y[l + i] }
      t /= u[0]
      for i in u.indices { y[l + i] += t * u[i] }
    }
    return Array(y.dropFirst(2))
  }

  /// Values (or the `deriv`-th derivative) of every cubic B-spline on `knots` at `x`, by the Cox–de Boor
  /// recursion. At the right boundary the last interval is closed, as in R's `splineDesign`.
  static func bspline(_ x: Double, knots t: [Double], deriv: Int, rightEnd: Double) -> [Double] {
    let order = 4
    let nb = t.count - order
    // Order-1 basis: indicator of the knot interval holding x.
    var b = [Double](repeating: 0, count: t.count - 1)
    var span = -1
    for j in 0..<(t.count - 1) where t[j] < t[j + 1] {
      if (x >= t[j] && x < t[j + 1]) || (x == rightEnd && t[j + 1] == rightEnd) { span = j }
    }
    if span >= 0 { b[span] = 1 }
    for k in 2...order {
      var next = [Double](repeating: 0, count: t.count - k)
      let differentiate = k > order - deriv
      for i in 0..<(t.count - k) {
        let d1 = t[i + k - 1] - t[i], d2 = t[i + k] - t[i + 1]
        if differentiate {
          let a = d1 > 0 ? b[i] / d1 : 0
          let c = d2 > 0 ? b[i + 1] / d2 : 0
          next[i] = Double(k - 1) * (a - c)
        } else {
          let a = d1 > 0 ? (x - t[i]) / d1 * b[i] : 0
          let c = d2 > 0 ? (t[i + k] - x) / d2 * b[i + 1] : 0
          next[i] = a + c
        }
      }
      b = next
    }
    return Array(b.prefix(nb))
  }
}

/// R's orthogonal polynomials (`poly(x, degree)`), fitted by the three-term recurrence that R's
/// `predict.poly` uses: `Z₀ = 1`, `Z₁ = x − α₁`, `Zₖ₊₁ = (x − αₖ₊₁) Zₖ − (‖Zₖ‖²/‖Zₖ₋₁‖²) Zₖ₋₁`, with
/// `αₖ₊₁ = Σ x Zₖ² / Σ Zₖ²` on the training values, and each `Zₖ` divided by `‖Zₖ‖`. The columns are
/// orthonormal on the training rows (the same numbers R's QR construction gives, up to rounding), and
/// new rows use the stored `alpha` and `norm2`.
public struct OrthogonalPolynomial: Sendable, Equatable {
  /// Centring constants `α₁…α_degree`.
  public var alpha: [Double]
  /// Squared norms as R stores them: `[1, n, ‖Z₁‖², …, ‖Z_degree‖²]`.
  public var norm2: [Double]

  /// Fits the recurrence on training values.
  public init(fitting x: [Double], degree: Int) {
    var alpha: [Double] = []
    var norm2: [Double] = [1, Double(x.count)]
    var prev = [Double](repeating: 1, count: x.count)
    var prev2 = [Double](repeating: 0, count: x.count)
    for k in 0..<degree {
      let a = zip(x, prev).reduce(0) { $0 + $1.0 * $1.1 * $1.1 } / norm2[k + 1]
      alpha.append(a)
      let ratio = norm2[k + 1] / norm2[k]
      var z = [Double](repeating: 0, count: x.count)
      for i in x.indices { z[i] = (x[i] - a) * prev[i] - (k == 0 ? 0 : ratio * prev2[i]) }
      norm2.append(z.reduce(0) { $0 + $1 * $1 })
      prev2 = prev
      prev = z
    }
    self.alpha = alpha
    self.norm2 = norm2
  }

  /// Stored constants (from a saved design).
  public init(alpha: [Double], norm2: [Double]) {
    self.alpha = alpha
    self.norm2 = norm2
  }

  /// The `degree` polynomial values at `x`.
  public func row(_ x: Double) -> [Double] {
    let degree = alpha.count
    var z = [Double](repeating: 1, count: degree + 1)
    if degree >= 1 { z[1] = x - alpha[0] }
    if degree >= 2 {
      for i in 1..<degree {
        z[i + 1] = (x - alpha[i]) * z[i] - (norm2[i + 1] / norm2[i]) * z[i - 1]
      }
    }
    return (0..<degree).map { z[$0 + 1] / norm2[$0 + 2].squareRoot() }
  }
}
