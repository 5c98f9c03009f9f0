import Frame
import Stats

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The one Newton–Raphson (IRLS) solver for (weighted, optionally L2-penalized) binary logistic regression.
///
/// Maximizes Σwᵢ[yᵢηᵢ − log(1 + e^ηᵢ)] − (λ/2)Σⱼ penalizedⱼ·βⱼ², η = Xβ. Each step solves
/// (XᵀVX + λĨ)δ = Xᵀw(y − p) − λβ̃ with V = diag(wᵢpᵢ(1 − pᵢ)) by Cholesky and halves the step (at most 40
/// times) until the objective does not decrease; iterations stop when every step component is below
/// `tolerance · (1 + |βⱼ|)` (McCullagh & Nelder 1989, §4.4). Used by ``LogisticRegression`` (`fit logit`)
/// and by Causal's GLM nuisance learner, so both fit logistic models with the same arithmetic.
public enum LogisticNewton {
  /// The state at the end of the iterations.
  public struct Result: Sendable {
    /// Coefficients in design-column order.
    public var beta: [Double]
    /// Linear predictor Xβ at `beta`.
    public var eta: [Double]
    /// Penalized log-likelihood at `beta`.
    public var objective: Double
    /// Newton iterations run.
    public var iterations: Int
    /// True when the step-size criterion was met.
    public var converged: Bool
    /// The last accepted step (after halving).
    public var lastStep: [Double]
    /// The penalized negative Hessian of the last iteration's starting point, if any iteration ran.
    public var lastHessian: Matrix?
  }

  /// The penalized negative Hessian could not be factored at some iteration; carries the state at that point
  /// so the caller can tell separation from collinearity.
  public struct SingularHessian: Error, Sendable {
    /// The Hessian that failed to factor.
    public var hessian: Matrix
    /// The iteration (1-based) at which it failed.
    public var iteration: Int
    /// Coefficients, linear predictor and last accepted step at that point.
    public var beta: [Double], eta: [Double], lastStep: [Double]
  }

  /// Runs Newton's method from the intercept-only start (the intercept column, if any, set to the logit of
  /// the weighted mean). `penalized[j]` says whether coefficient j carries the L2 penalty `lambda`.
  /// Throws ``SingularHessian`` when a Hessian cannot be factored, and `ModelError.numerical` when it is not
  /// finite.
  public static func fit(
    x: DesignMatrix, y: [Double], weights w: [Double], lambda: Double, penalized: [Bool],
    maxIterations: Int, tolerance: Double, interceptColumn: Int?
  ) throws -> Result {
    let n = x.rowCount, p = x.columnCount
    let sumW = w.reduce(0, +)
    let ybar = zip(w, y).reduce(0) { $0 + $1.0 * $1.1 } / sumW
    var beta = [Double](repeating: 0, count: p)
    if let ic = interceptColumn, ybar > 0, ybar < 1 {
      beta[ic] = log(ybar / (1 - ybar))
    }
    // Linear predictors of the current and the trial coefficients; buffers are reused across
    // iterations (fresh 8 MB arrays per step cost page faults on large data).
    var eta = [Double](repeating: 0, count: n), newEta = [Double](repeating: 0, count: n)
    var v = [Double](repeating: 0, count: n), r = [Double](repeating: 0, count: n)
    func objective(_ b: [Double], _ e: inout [Double]) -> Double {
      DesignKernels.multiply(x: x.values, rows: n, cols: p, beta: b, into: &e)
      let ll = e.withUnsafeBufferPointer { ep in
        blockSum(n) { lo, hi in
          var s = 0.0
          for i in lo..<hi where w[i] != 0 { s += w[i] * (y[i] * ep[i] - softplus(ep[i])) }
          return s
        }
      }
      var pen = 0.0
      for j in 0..<p where penalized[j] { pen += b[j] * b[j] }
      return ll - 0.5 * lambda * pen
    }
    var obj = objective(beta, &eta)
    var converged = false
    var iterations = 0
    var lastStep = [Double](repeating: 0, count: p)
    var lastHessian: Matrix? = nil
    while iterations < maxIterations {
      iterations += 1
      let (h, g) = try hessianAndGradient(
        x: x, y: y, w: w, eta: eta, beta: beta, lambda: lambda,
        penalized: penalized, v: &v, r: &r)
      lastHessian = h
      let chol: Cholesky
      do { chol = try Cholesky(h) } catch {
        throw SingularHessian(hessian: h, iteration: iterations, beta: beta, eta: eta, lastStep: lastStep)
      }
      let delta = chol.solve(g)
      var step = 1.0
      var newBeta = beta, newObj = obj
      var improved = false
      for _ in 0..<40 {
        newBeta = zip(beta, delta).map { $0 + step * $1 }
        newObj = objective(newBeta, &newEta)
        if newObj.isFinite && newObj >= obj - 1e-12 * abs(obj) {
          improved = true
          break
        }
        step *= 0.5
      }
      if !improved { break }
      lastStep = delta.map { $0 * step }
      beta = newBeta
      obj = newObj
      swap(&eta, &newEta)
      let small = zip(lastStep, beta).allSatisfy { abs($0) <= tolerance * (1 + abs($1)) }
      if small {
        converged = true
        break
      }
      if lambda == 0 && -obj < 1e-9 * sumW { break }  // every row fitted perfectly: separation
    }
    return Result(
      beta: beta, eta: eta, objective: obj, iterations: iterations, converged: converged,
      lastStep: lastStep, lastHessian: lastHessian)
  }

  /// The penalized negative Hessian XᵀVX + λĨ and the gradient Xᵀw(y − p) − λβ̃ at `eta` (`v`, `r`: row
  /// buffers reused across calls).
  static func hessianAndGradient(
    x: DesignMatrix, y: [Double], w: [Double], eta: [Double], beta: [Double],
    lambda: Double, penalized: [Bool], v: inout [Double],
    r: inout [Double]
  ) throws -> (Matrix, [Double]) {
    let n = x.rowCount, p = x.columnCount
    v.withUnsafeMutableBufferPointer { vp in
      r.withUnsafeMutableBufferPointer { rp in
        let vb = SharedPointer(vp.baseAddress!), rb = SharedPointer(rp.baseAddress!)
        let block = 65_536
        parallelFor((n + block - 1) / block) { k in
          for i in (k * block)..<min(n, (k + 1) * block) {
            let pi = sigmoid(eta[i])
            vb[i] = w[i] * pi * (1 - pi)
            rb[i] = w[i] * (y[i] - pi)
          }
        }
      }
    }
    var (h, g) = DesignKernels.weightedGram(x: x.values, rows: n, cols: p, v: v, r: r)
    for j in 0..<p where penalized[j] {
      h[j, j] += lambda
      g[j] -= lambda * beta[j]
    }
    guard h.values.allSatisfy({ $0.isFinite }) else {
      throw ModelError.numerical("the Hessian is not finite; check for extreme predictor values (standardize them)")
    }
    return (h, g)
  }
}

/// Σ over rows `0..<n` of `body(lo, hi)` for fixed blocks of 65,536 rows, run in parallel and added in
/// block order, so the sum is the same for any number of threads.
func blockSum(_ n: Int, _ body: (Int, Int) -> Double) -> Double {
  let block = 65_536
  let blocks = (n + block - 1) / block
  var partial = [Double](repeating: 0, count: max(blocks, 1))
  partial.withUnsafeMutableBufferPointer { pp in
    let pb = SharedPointer(pp.baseAddress!)
    parallelFor(blocks) { k in pb[k] = body(k * block, min(n, (k + 1) * block)) }
  }
  return partial.reduce(0, +)
}
