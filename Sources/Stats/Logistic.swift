#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

// The logistic link and its log-partition function, used by logistic regression (Learn), the GLM
// nuisance learner and the simulators (Causal). One implementation, so every fit and every simulated
// probability goes through the same floating-point operations.

/// The logistic function σ(x) = 1 / (1 + e⁻ˣ), evaluated without overflow on both tails
/// (for x < 0 as eˣ / (1 + eˣ)).
@inline(__always)
public func sigmoid(_ x: Double) -> Double {
  if x >= 0 { return 1 / (1 + exp(-x)) }
  let e = exp(x)
  return e / (1 + e)
}

/// softplus(x) = log(1 + eˣ), the logistic log-partition function, without overflow
/// (for x > 0 as x + log1p(e⁻ˣ)).
@inline(__always)
public func softplus(_ x: Double) -> Double {
  x > 0 ? x + log1p(exp(-x)) : log1p(exp(x))
}
