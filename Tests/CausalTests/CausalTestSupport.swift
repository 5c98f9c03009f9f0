import Frame
import Stats

@testable import Causal

/// A small confounded data set for causal tests: 3 covariates, logistic propensity and outcome.
///
/// e(x) = σ(0.5·x1 − 0.6·x2), P(Y = 1 | x, t) = σ(−1 + x1 + 0.5·x3 − 0.8·t). Returns the data and the
/// per-row true effect p₁(x) − p₀(x).
func confoundedSample(n: Int, seed: Int) throws -> (data: TreatmentData, trueEffect: [Double]) {
  var rng = SeededRNG(seed: seed)
  var c1 = [Double](), c2 = [Double](), c3 = [Double](), t = [Double](), y = [Double](), tau = [Double]()
  for _ in 0..<n {
    let a = rng.normal(), b = rng.normal(), c = rng.normal()
    let e = logistic(0.5 * a - 0.6 * b)
    let ti: Double = rng.bernoulli(e) ? 1 : 0
    let p0 = logistic(-1 + a + 0.5 * c), p1 = logistic(-1 + a + 0.5 * c - 0.8)
    let yi: Double = rng.bernoulli(ti == 1 ? p1 : p0) ? 1 : 0
    c1.append(a)
    c2.append(b)
    c3.append(c)
    t.append(ti)
    y.append(yi)
    tau.append(p1 - p0)
  }
  let x = DesignMatrix(columns: [c1, c2, c3], names: ["x1", "x2", "x3"])
  return (try TreatmentData(y: y, t: t, x: x, outcomeName: "churn", treatmentName: "treated"), tau)
}

/// Logistic function for test data.
func logistic(_ v: Double) -> Double { 1 / (1 + (-v).exp) }

extension Double {
  /// e^self (keeps test code free of platform imports).
  var exp: Double {
    // exp via the standard library's pow-free series is unnecessary; use Foundation-free C math through Glibc.
    return cExp(self)
  }
}

#if canImport(Glibc)
  import Glibc
  func cExp(_ x: Double) -> Double { Glibc.exp(x) }
#elseif canImport(Darwin)
  import Darwin
  func cExp(_ x: Double) -> Double { Darwin.exp(x) }
#endif

/// |a − b| ≤ tol·max(1, |b|).
func close(_ a: Double, _ b: Double, _ tol: Double) -> Bool { abs(a - b) <= tol * max(1, abs(b)) }
