import Foundation
import Frame
import Learn
import Stats

/// Local linear correction of causal-forest effects (grf's `linear.correction.variables`; Friedberg,
/// Tibshirani, Athey & Wager 2021, "Local linear forests").
///
/// The plain forest estimate is a weighted local *constant* fit: with the forest weights αᵢ(x) it solves
/// Σ αᵢ (Ỹᵢ − a − τ W̃ᵢ)(1, W̃ᵢ) = 0. When τ(x) has a slope within a leaf (a ramp such as
/// max(x₁ + x₂ + x₃, 0)), averaging over the leaf biases τ̂ towards the mean. The correction fits, with the
/// same weights, a local *linear* model in the chosen covariates Xc (standardized) around the target x:
///
///     min Σ αᵢ (Ỹᵢ − a − bᵀ(Xcᵢ − x) − W̃ᵢ (τ + θᵀ(Xcᵢ − x)))²  +  λ (‖b‖² + ‖θ‖²)
///
/// and reports τ̂(x) = τ. Because αᵢ(x) is an average over trees of 1{i ∈ leaf}/|leaf|, the weighted
/// normal equations need only per-leaf means of U Uᵀ and U·Ỹ with U = (1, W̃, Xc, W̃·Xc); centring at x
/// is a linear map Z = T(x) U applied after averaging. Leaves therefore store those moments
/// (``LocalLinearLeafSummary``) and no sample lists are kept.
///
/// Variance: the bootstrap of little bags on the linearized estimator. With M = T S̄ Tᵀ + λJ and the
/// solution β̂, tree b contributes ψ_b = e₂ᵀ M⁻¹ T (s̄y_b − S̄_b Tᵀβ̂) (its leaf's moment at β̂); group
/// means of ψ give the between-group variance exactly as for the plain forest (for no correction
/// columns this reduces to ``CausalForestEstimate``).
///
/// λ: when not given, OOB predictions are made for λ ∈ {0.001, 0.01, 0.1, 1} and compared with the
/// plain forest on the OOB R-loss Σ(Ỹᵢ − τ̂₋ᵢ(Xᵢ) W̃ᵢ)² (Nie & Wager 2021). A λ is eligible only if its
/// loss beats the plain forest's by more than two standard errors of the paired per-row difference (the
/// correction adds variance, and on a constant or linear-in-few-variables effect the gain is noise);
/// the eligible λ with the smallest loss is used, and when none is eligible the forest keeps its plain
/// predictions (``lambda`` is nil) and says so.
public struct LocalLinearCorrection: Sendable, Equatable {
  /// One λ tried by the OOB selection.
  public struct Candidate: Sendable, Equatable {
    public var lambda: Double
    /// Mean OOB R-loss.
    public var rLoss: Double
    /// (plain-forest loss − this loss) / SE of the per-row difference; > 2 is required.
    public var z: Double
  }

  /// Covariate matrix columns used (indices into the forest's covariates) and their names.
  public var columns: [Int]
  public var names: [String]
  /// Training mean and standard deviation of each column (the fit uses standardized values; a missing
  /// value counts as the mean).
  public var mean: [Double]
  public var sd: [Double]
  /// Ridge penalty in use; nil = the selection kept the plain forest's predictions.
  public var lambda: Double?
  /// The selection record (empty when λ was given).
  public var candidates: [Candidate]
  /// OOB R-loss of the plain forest (NaN when λ was given).
  public var plainRLoss: Double
  /// Per-leaf moments, ``width`` values per leaf, leaves numbered as in ``CompactForest`` (NaN first
  /// value = empty leaf). Empty when ``lambda`` is nil.
  public var moments: [Double]

  /// Number of regressors q = 2 + 2p of the local model.
  public var q: Int { LocalLinearMoments.q(p: columns.count) }
  /// Values stored per leaf.
  public var width: Int { LocalLinearMoments.width(p: columns.count) }

  /// Candidate ridge penalties of the automatic selection.
  public static let lambdaGrid: [Double] = [0.001, 0.01, 0.1, 1]
  /// Most correction columns allowed (each leaf stores (q² + 3q)/2 values, q = 2 + 2p).
  public static let maxColumns = 12

  /// Standardized value of correction column `k` at `v` (missing → 0, the mean).
  @inline(__always)
  func standardized(_ k: Int, _ v: Double) -> Double { v.isNaN ? 0 : (v - mean[k]) / sd[k] }
}

extension LocalLinearCorrection {
  /// Resolves `names` against the covariate matrix (a name matches its column or, for an encoded text
  /// column, every `name=level` column) and standardizes those columns. Returns the correction (without
  /// moments or λ yet) and the standardized values row-major (p per row; missing → 0).
  static func prepare(names: [String], x: DesignMatrix) throws -> (LocalLinearCorrection, [Double], missing: Int) {
    var columns: [Int] = []
    for name in names {
      let hits = x.columnNames.indices.filter { x.columnNames[$0] == name || x.columnNames[$0].hasPrefix(name + "=") }
      guard !hits.isEmpty else {
        throw CausalForestError.invalidInput(
          "local_linear: '\(name)' is not a covariate of the forest; use some of: "
            + x.columnNames.prefix(12).joined(separator: ", ") + (x.columnNames.count > 12 ? ", …" : ""))
      }
      for h in hits where !columns.contains(h) { columns.append(h) }
    }
    guard columns.count <= maxColumns else {
      throw CausalForestError.invalidInput(
        "local_linear: \(columns.count) columns (after one-hot encoding) is too many; at most \(maxColumns) are "
          + "allowed because every leaf of every tree stores the (q² + 3q)/2 sums of its local regression with "
          + "q = 2 + 2·columns (memory grows with the square of the columns); pick the few covariates the effect "
          + "should vary smoothly with (e.g. the top of `importance cf`)")
    }
    let n = x.rowCount, p = columns.count
    var mean = [Double](), sd = [Double](), missing = 0
    for c in columns {
      let v = x.column(c).filter { !$0.isNaN }
      missing += n - v.count
      let m = v.isEmpty ? 0 : ForestMath.mean(v)
      let s = v.isEmpty ? 0 : (v.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(v.count)).squareRoot()
      mean.append(m)
      sd.append(s > 0 ? s : 1)
    }
    let ll = LocalLinearCorrection(
      columns: columns, names: columns.map { x.columnNames[$0] }, mean: mean, sd: sd,
      lambda: nil, candidates: [], plainRLoss: .nan, moments: [])
    var values = [Double](repeating: 0, count: n * p)
    for (k, c) in columns.enumerated() {
      let col = x.column(c)
      for i in 0..<n { values[i * p + k] = ll.standardized(k, col[col.startIndex + i]) }
    }
    return (ll, values, missing)
  }

  /// Chooses λ on the out-of-bag R-loss (see the type's documentation). `plain` are the plain forest's
  /// OOB effects, `perLambda` the correction's OOB effects for ``lambdaGrid``; `y`, `w` the residuals.
  mutating func select(plain: [Double], perLambda: [[Double]], y: [Double], w: [Double]) {
    let rows = y.indices.filter { i in plain[i].isFinite && perLambda.allSatisfy { $0[i].isFinite } }
    let m = Double(rows.count)
    guard rows.count >= 2 else {
      lambda = nil
      return
    }
    func loss(_ t: Double, _ i: Int) -> Double {
      let e = y[i] - t * w[i]
      return e * e
    }
    plainRLoss = rows.reduce(0) { $0 + loss(plain[$1], $1) } / m
    candidates = []
    var best: Candidate? = nil
    for (l, tau) in perLambda.enumerated() {
      let diff = rows.map { loss(plain[$0], $0) - loss(tau[$0], $0) }
      let (md, se) = ForestMath.meanAndSE(diff)
      let z = se > 0 ? md / se : 0
      let c = Candidate(lambda: LocalLinearCorrection.lambdaGrid[l], rLoss: plainRLoss - md, z: z)
      candidates.append(c)
      if z > ForestMath.gateZ, c.rLoss < (best?.rLoss ?? .infinity) { best = c }
    }
    lambda = best?.lambda
  }

  /// One line for reports.
  public var summary: String {
    let cols = names.joined(separator: ", ")
    guard let lambda else {
      let z = candidates.map(\.z).max() ?? .nan
      return "not used (\(cols)): no λ beat the plain forest's OOB R-loss by 2 SE (best z \(fmt(z, 1)))"
    }
    guard let c = candidates.first(where: { $0.lambda == lambda }) else { return "\(cols); λ \(lambda) (given)" }
    return "\(cols); λ \(lambda) chosen on the OOB R-loss (\(fmt(c.rLoss, 5)) vs \(fmt(plainRLoss, 5)) plain, "
      + "z \(fmt(c.z, 1)))"
  }

  private func fmt(_ v: Double, _ digits: Int) -> String {
    v.isFinite ? String(format: "%.\(digits)f", v) : "NaN"
  }
}

/// Layout of the per-leaf moments: the packed upper triangle (row-major, a ≤ b) of mean(U Uᵀ), then
/// mean(U·Ỹ), for U = (1, W̃, Xc₁…Xc_p, W̃·Xc₁…W̃·Xc_p).
public enum LocalLinearMoments {
  public static func q(p: Int) -> Int { 2 + 2 * p }
  public static func width(p: Int) -> Int {
    let q = q(p: p)
    return q * (q + 1) / 2 + q
  }

  /// Fills `u` (q values) for one sample.
  @inline(__always)
  static func regressors(w: Double, x: UnsafePointer<Double>, p: Int, into u: UnsafeMutablePointer<Double>) {
    u[0] = 1
    u[1] = w
    for j in 0..<p {
      u[2 + j] = x[j]
      u[2 + p + j] = w * x[j]
    }
  }
}

/// Leaf summary of a forest with a local linear correction: the plain causal summary (means of Ỹ, W̃,
/// Ỹ·W̃, W̃·W̃) followed by the ``LocalLinearMoments`` of the leaf's honest samples.
public struct LocalLinearLeafSummary: LeafSummaryStrategy {
  public let y: [Double]
  public let w: [Double]
  /// Standardized correction columns, row-major (`p` values per training row).
  public let x: [Double]
  public let p: Int

  public init(y: [Double], w: [Double], x: [Double], p: Int) {
    self.y = y
    self.w = w
    self.x = x
    self.p = p
  }

  public var valueWidth: Int { CausalLeafSummary.width + LocalLinearMoments.width(p: p) }

  public func summarize(
    samples: UnsafeBufferPointer<Int32>, weights: UnsafePointer<Double>,
    into values: UnsafeMutablePointer<Double>
  ) -> Bool {
    let q = LocalLinearMoments.q(p: p), width = valueWidth
    for k in 0..<width { values[k] = 0 }
    let m = values + CausalLeafSummary.width
    let tri = q * (q + 1) / 2
    var sg = 0.0
    let u = UnsafeMutablePointer<Double>.allocate(capacity: q)
    defer { u.deallocate() }
    y.withUnsafeBufferPointer { yp in
      w.withUnsafeBufferPointer { wp in
        x.withUnsafeBufferPointer { xp in
          for s32 in samples {
            let s = Int(s32), g = weights[s]
            sg += g
            LocalLinearMoments.regressors(w: wp[s], x: xp.baseAddress! + s * p, p: p, into: u)
            var o = 0
            for a in 0..<q {
              let ga = g * u[a]
              for b in a..<q {
                m[o] += ga * u[b]
                o += 1
              }
              m[tri + a] += ga * yp[s]
            }
          }
        }
      }
    }
    guard sg > 0 else { return false }
    let inv = 1 / sg
    for k in 0..<(width - CausalLeafSummary.width) { m[k] *= inv }
    // The plain summary is part of the moments: mean Ỹ = (U·Ỹ)[0], W̃ = UUᵀ[0][1], Ỹ·W̃ = (U·Ỹ)[1],
    // W̃·W̃ = UUᵀ[1][1].
    values[0] = m[tri]
    values[1] = m[1]
    values[2] = m[tri + 1]
    values[3] = m[q]
    return true
  }

  public func predict(averaged a: UnsafePointer<Double>) -> Double {
    CausalLeafSummary(y: a[0], w: a[1], yw: a[2], ww: a[3]).tau
  }
}

/// The local linear solve and its little-bags variance for one query point.
enum LocalLinearEstimate {
  /// Workspace for one worker (q-sized vectors and q×q matrices).
  struct Workspace {
    var m: [Double], r: [Double], xq: [Double]
    init(q: Int, p: Int) {
      m = [Double](repeating: 0, count: q * q)
      r = [Double](repeating: 0, count: q)
      xq = [Double](repeating: 0, count: p)
    }
  }

  /// τ̂ for each λ from averaged moments `avg` (``LocalLinearMoments`` layout) at the standardized
  /// point `xq` (p values). Also returns, for the last λ, the vectors u = Tᵀβ̂ and h = Tᵀ M⁻¹ e₂ used
  /// by the variance (empty when not wanted or the system is singular; τ̂ is NaN for a singular system).
  static func solve(
    avg: UnsafePointer<Double>, xq: [Double], p: Int, lambdas: [Double],
    ws: inout Workspace, wantInfluence: Bool
  ) -> (tau: [Double], u: [Double], h: [Double]) {
    let q = LocalLinearMoments.q(p: p), tri = q * (q + 1) / 2
    // Unpack S and apply the centring map: Z_a = U_a + c_a U_{base(a)}, c = −x for slope columns.
    func sAt(_ a: Int, _ b: Int) -> Double {
      let (i, j) = a <= b ? (a, b) : (b, a)
      return avg[i * q - i * (i - 1) / 2 + (j - i)]
    }
    func base(_ a: Int) -> Int { a < 2 ? -1 : (a < 2 + p ? 0 : 1) }
    func coef(_ a: Int) -> Double { a < 2 ? 0 : -xq[(a - 2) % p] }
    for a in 0..<q {
      let ba = base(a), ca = coef(a)
      for b in a..<q {
        let bb = base(b), cb = coef(b)
        var v = sAt(a, b)
        if ba >= 0 { v += ca * sAt(ba, b) }
        if bb >= 0 { v += cb * sAt(a, bb) }
        if ba >= 0 && bb >= 0 { v += ca * cb * sAt(ba, bb) }
        ws.m[a * q + b] = v
        ws.m[b * q + a] = v
      }
      ws.r[a] = avg[tri + a] + (ba >= 0 ? ca * avg[tri + ba] : 0)
    }
    var taus: [Double] = []
    var beta: [Double] = []
    var mFinal = ws.m
    for lambda in lambdas {
      var m = ws.m
      for a in 2..<q { m[a * q + a] += lambda }
      guard let b = SmallLinearAlgebra.solveSPD(m, ws.r, k: q) else {
        taus.append(.nan)
        continue
      }
      taus.append(b[1])
      beta = b
      mFinal = m
    }
    guard wantInfluence, !beta.isEmpty, taus.last?.isFinite == true else { return (taus, [], []) }
    var e2 = [Double](repeating: 0, count: q)
    e2[1] = 1
    guard let g = SmallLinearAlgebra.solveSPD(mFinal, e2, k: q) else { return (taus, [], []) }
    // u = Tᵀβ, h = Tᵀg (T maps U to Z; Tᵀ adds c_a·v_a to the base index).
    var u = beta, h = g
    for a in 2..<q {
      u[base(a)] += coef(a) * beta[a]
      h[base(a)] += coef(a) * g[a]
    }
    return (taus, u, h)
  }

  /// The row's factors of ``influence(leaf:q:u:h:)`` that do not depend on the leaf, written to
  /// `into[0..<q(q + 1)/2]`: for each moment `(a, b)` with `a ≤ b` in the leaf's order,
  /// `h_a u_b + (a == b ? 0 : h_b u_a)`, computed as that function computes it.
  static func influenceCoefficients(q: Int, u: [Double], h: [Double], into c: UnsafeMutablePointer<Double>) {
    var o = 0
    for a in 0..<q {
      for b in a..<q {
        c[o] = h[a] * u[b] + (a == b ? 0 : h[b] * u[a])
        o += 1
      }
    }
  }

  /// ``influence(leaf:q:u:h:)`` from the row's ``influenceCoefficients(q:u:h:into:)`` `c` and its `h`:
  /// the same operations in the same order on the same values (so the same bits), without recomputing
  /// the row's factors for every tree.
  @inline(__always)
  static func influence(
    leaf: UnsafePointer<Double>, q: Int, h: UnsafePointer<Double>, coefficients c: UnsafePointer<Double>
  ) -> Double {
    let tri = q * (q + 1) / 2
    var psi = 0.0, o = 0
    for a in 0..<q {
      psi += h[a] * leaf[tri + a]
      for _ in a..<q {
        psi -= leaf[o] * c[o]
        o += 1
      }
    }
    return psi
  }

  /// Tree b's influence ψ_b = hᵀ(s̄y_b − S̄_b u) from its leaf moments.
  @inline(__always)
  static func influence(leaf: UnsafePointer<Double>, q: Int, u: [Double], h: [Double]) -> Double {
    let tri = q * (q + 1) / 2
    var psi = 0.0, o = 0
    for a in 0..<q {
      psi += h[a] * leaf[tri + a]
      for b in a..<q {
        let s = leaf[o]
        o += 1
        psi -= s * (h[a] * u[b] + (a == b ? 0 : h[b] * u[a]))
      }
    }
    return psi
  }
}
