import Frame
import Stats

/// The four data-generating processes of Nie & Wager (2021), Section 4.
///
/// Nie, X. and Wager, S. (2021), "Quasi-oracle estimation of heterogeneous treatment effects",
/// Biometrika 108(2), 299–319. Each setup gives features X ∈ ℝ^d (d ≥ 5), a baseline b(X), a
/// propensity e(X) and an effect τ(X); then W ~ Bernoulli(e(X)) and
///   Y = b(X) + (W − 1/2)·τ(X) + σ·ε,  ε ~ N(0, 1),
/// so E[Y | X, W = 1] − E[Y | X, W = 0] = τ(X). Written here from the paper's formulas.
public enum NieWagerSetup: String, CaseIterable, Sendable {
  /// X ~ U[0, 1]^d; b = sin(π X1 X2) + 2(X3 − 0.5)² + X4 + 0.5 X5;
  /// e = clamp(sin(π X1 X2), 0.1, 0.9); τ = (X1 + X2)/2. A hard baseline, strong confounding
  /// through sin(π X1 X2), and a simple effect.
  case a = "A"
  /// X ~ N(0, I_d); b = max(0, X1 + X2, X3) + max(0, X4 + X5); e = 1/2; τ = X1 + log(1 + e^X2).
  /// A randomized trial with a complex effect.
  case b = "B"
  /// X ~ N(0, I_d); b = 2 log(1 + e^(X1 + X2 + X3)); e = 1/(1 + e^(X2 + X3)); τ = 1.
  /// Strong confounding and a constant effect.
  case c = "C"
  /// X ~ N(0, I_d); b = (max(0, X1 + X2 + X3) + max(0, X4 + X5))/2;
  /// e = 1/(1 + e^(−X1) + e^(−X2)); τ = max(0, X1 + X2 + X3) − max(0, X4 + X5).
  /// Unbalanced arms with an effect as complex as the baseline.
  case d = "D"

  /// True when the features are uniform on [0, 1] (setup A); otherwise standard normal.
  public var uniformFeatures: Bool { self == .a }

  /// The setup's baseline b(x), propensity e(x) and effect τ(x) at one feature vector (x.count ≥ 5).
  public func truth(_ x: [Double]) -> (baseline: Double, propensity: Double, effect: Double) {
    func relu(_ v: Double) -> Double { max(0, v) }
    // The setups' own softplus, log(1 + e^v) written with `log` rather than Stats' `log1p`: it defines
    // the simulated data, and switching the formula would change every simulated value in the last bits.
    func softplus(_ v: Double) -> Double {
      v > 0 ? v + SimulationMath.ln(1 + SimulationMath.expo(-v)) : SimulationMath.ln(1 + SimulationMath.expo(v))
    }
    let (x1, x2, x3, x4, x5) = (x[0], x[1], x[2], x[3], x[4])
    switch self {
    case .a:
      let s = SimulationMath.sine(Double.pi * x1 * x2)
      let b = s + 2 * (x3 - 0.5) * (x3 - 0.5) + x4 + 0.5 * x5
      return (b, min(max(s, 0.1), 0.9), (x1 + x2) / 2)
    case .b:
      return (max(0, x1 + x2, x3) + relu(x4 + x5), 0.5, x1 + softplus(x2))
    case .c:
      return (2 * softplus(x1 + x2 + x3), SimulationMath.logistic(-(x2 + x3)), 1)
    case .d:
      let p = relu(x1 + x2 + x3), q = relu(x4 + x5)
      let e = 1 / (1 + SimulationMath.expo(-x1) + SimulationMath.expo(-x2))
      return ((p + q) / 2, e, p - q)
    }
  }
}

/// One draw of a Nie & Wager setup: features, treatment, outcome and the truth.
public struct NieWagerData: Sendable {
  public var setup: NieWagerSetup
  /// Features, column-major: `x[j][i]` is feature j + 1 of row i.
  public var x: [[Double]]
  /// Treatment, 0 or 1.
  public var w: [Double]
  public var y: [Double]
  /// True effect τ(X) (the CATE), propensity e(X) and baseline b(X) of every row.
  public var tau: [Double]
  public var propensity: [Double]
  public var baseline: [Double]

  /// Rows.
  public var n: Int { w.count }

  /// As a frame: x1 … xd (float), w (int 0/1), y, true_effect (= τ), true_propensity (= e),
  /// baseline (= b). The last three are truth (``Column/isTruth``): `.` in a formula leaves them out.
  public func frame() -> DataFrame {
    var columns = x.enumerated().map { Column(name: "x\($0.offset + 1)", floats: $0.element) }
    columns += [
      Column(name: "w", ints: w.map { $0 == 1 ? 1 : 0 }), Column(name: "y", floats: y),
      Column(name: "true_effect", floats: tau).markedAsTruth(),
      Column(name: "true_propensity", floats: propensity).markedAsTruth(),
      Column(name: "baseline", floats: baseline).markedAsTruth(),
    ]
    return DataFrame.unchecked(columns: columns, rowCount: n)
  }
}

/// Draws `n` rows of Nie & Wager (2021) setup `setup` with `d` features and noise SD `sigma`.
///
/// Per row, in order: the d features, one uniform for W, one normal for ε, from block streams of
/// `SeededRNG(seed).derived(-3)` (1,024 rows per block), so results do not depend on thread count
/// and a shorter draw is a prefix of a longer one.
/// - Throws: ``SimulationError`` when d < 5, n is out of range, or σ is negative or not finite.
public func simulateNieWager(
  setup: NieWagerSetup, n: Int, d: Int = 6, sigma: Double = 1,
  seed: Int
) throws -> NieWagerData {
  try validateRowCount(n, what: "nie_wager")
  guard d >= 5, d <= 10_000 else {
    throw SimulationError.invalidArgument("nie_wager: d must be between 5 and 10000 (the setups use X1…X5); got \(d)")
  }
  guard sigma.isFinite, sigma >= 0 else {
    throw SimulationError.invalidArgument("nie_wager: sigma must be a finite number ≥ 0; got \(sigma)")
  }
  var out = NieWagerData(
    setup: setup, x: [[Double]](repeating: [], count: d), w: [], y: [], tau: [],
    propensity: [], baseline: [])
  for j in 0..<d { out.x[j].reserveCapacity(n) }
  let root = SeededRNG(seed: seed).derived(-3)
  var row = [Double](repeating: 0, count: d)
  var i = 0, block = 0
  while i < n {
    var rng = root.derived(block)
    for _ in 0..<min(telcoTwinBlockSize, n - i) {
      for j in 0..<d { row[j] = setup.uniformFeatures ? rng.uniform() : rng.normal() }
      let truth = setup.truth(row)
      let w: Double = rng.uniform() < truth.propensity ? 1 : 0
      let y = truth.baseline + (w - 0.5) * truth.effect + sigma * rng.normal()
      for j in 0..<d { out.x[j].append(row[j]) }
      out.w.append(w)
      out.y.append(y)
      out.tau.append(truth.effect)
      out.propensity.append(truth.propensity)
      out.baseline.append(truth.baseline)
      i += 1
    }
    block += 1
  }
  return out
}
