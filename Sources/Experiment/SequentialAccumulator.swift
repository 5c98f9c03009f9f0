/// Running state of a two-arm experiment read in arrival order: the arm counts and sums for the plain
/// difference in means, and the running mean and variance of the doubly robust pseudo-outcomes on which
/// the confidence sequence is built.
///
/// Pseudo-outcome (Waudby-Smith et al. 2024, the section on randomized experiments, with a known treatment
/// probability π and predictable plug-in regressions): for observation i,
///
///     φᵢ = (μ̂₁ − μ̂₀) + Wᵢ(Yᵢ − μ̂₁)/π − (1 − Wᵢ)(Yᵢ − μ̂₀)/(1 − π),
///
/// where μ̂₁, μ̂₀ are the arm means of observations 1 … i−1 only (predictable), so E[φᵢ | past] is the
/// average treatment effect whatever the plug-ins are; good plug-ins only make φ less variable. An arm
/// with no earlier observation uses the mean of all earlier outcomes (0 before the first one).
/// Running moments use Welford's update.
public struct SequentialAccumulator: Sendable {
  /// Probability of treatment under the design.
  public let treatedShare: Double
  public private(set) var nTreated = 0, nControl = 0
  public private(set) var sumTreated = 0.0, sumControl = 0.0
  public private(set) var sumSqTreated = 0.0, sumSqControl = 0.0
  /// Number of pseudo-outcomes and their running mean and sum of squared deviations.
  public private(set) var count = 0
  public private(set) var phiMean = 0.0
  private var phiM2 = 0.0

  /// An empty accumulator for a design with treatment probability `treatedShare` in (0, 1).
  public init(treatedShare: Double) { self.treatedShare = treatedShare }

  /// Adds one observation (outcome `y`, arm `treated`).
  public mutating func add(_ y: Double, treated: Bool) {
    let n = nTreated + nControl
    let overall = n > 0 ? (sumTreated + sumControl) / Double(n) : 0
    let m1 = nTreated > 0 ? sumTreated / Double(nTreated) : overall
    let m0 = nControl > 0 ? sumControl / Double(nControl) : overall
    let phi = treated ? (m1 - m0) + (y - m1) / treatedShare : (m1 - m0) - (y - m0) / (1 - treatedShare)
    count += 1
    let d = phi - phiMean
    phiMean += d / Double(count)
    phiM2 += d * (phi - phiMean)
    if treated {
      nTreated += 1
      sumTreated += y
      sumSqTreated += y * y
    } else {
      nControl += 1
      sumControl += y
      sumSqControl += y * y
    }
  }

  /// Sample variance of the pseudo-outcomes (n − 1 denominator; 0 before two observations).
  public var phiVariance: Double { count > 1 ? phiM2 / Double(count - 1) : 0 }

  /// Mean outcome of the treated and control arms (NaN for an empty arm).
  public var meanTreated: Double { nTreated > 0 ? sumTreated / Double(nTreated) : .nan }
  public var meanControl: Double { nControl > 0 ? sumControl / Double(nControl) : .nan }

  /// Plain difference in means, treated − control.
  public var difference: Double { meanTreated - meanControl }

  /// Unpooled standard error of the difference in means, √(s₁²/n₁ + s₀²/n₀) (sample variances).
  public var differenceSE: Double {
    func v(_ n: Int, _ s: Double, _ ss: Double) -> Double {
      guard n > 1 else { return .nan }
      let m = s / Double(n)
      return max(ss - Double(n) * m * m, 0) / Double(n - 1) / Double(n)
    }
    return (v(nTreated, sumTreated, sumSqTreated) + v(nControl, sumControl, sumSqControl)).squareRoot()
  }

  /// Pooled two-proportion z statistic (0/1 outcomes): (p̂₁ − p̂₀)/√(p̂(1 − p̂)(1/n₁ + 1/n₀)); NaN when undefined.
  public var pooledZ: Double {
    guard nTreated > 0, nControl > 0 else { return .nan }
    let p = (sumTreated + sumControl) / Double(nTreated + nControl)
    let se = (p * (1 - p) * (1 / Double(nTreated) + 1 / Double(nControl))).squareRoot()
    return se > 0 ? difference / se : .nan
  }

  /// The confidence sequence at the current time: φ̄ₜ ± σ̂ₜ · margin(t). Infinite before two observations
  /// or while the pseudo-outcomes have no spread (the asymptotic sequence says nothing yet).
  public func confidenceSequence(rhoSquared: Double, alpha: Double) -> (low: Double, high: Double) {
    let sd = phiVariance.squareRoot()
    guard count > 1, sd > 0 else { return (-.infinity, .infinity) }
    let h = sd * ConfidenceSequence.margin(t: Double(count), rhoSquared: rhoSquared, alpha: alpha)
    return (phiMean - h, phiMean + h)
  }
}
