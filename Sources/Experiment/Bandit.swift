import Frame
import Stats

/// A bandit environment with known truth: every customer's success probability under every arm.
///
/// Customers arrive one per decision, drawn uniformly with replacement from the n customers. The chosen
/// arm succeeds when a uniform draw falls below the customer's probability for that arm. Arrivals and
/// outcome draws come from one stream shared by every policy (common random numbers), so policies are
/// compared on the same customers and the same luck.
public struct BanditProblem: Sendable {
  /// Arm names, in column order.
  public var arms: [String]
  /// Success probabilities, row-major: probability[i * arms.count + a].
  public var probability: [Double]
  /// Segment of each customer (0 ..< segmentNames.count); one segment when not segmented.
  public var segment: [Int]
  public var segmentNames: [String]
  /// The arm that "does nothing" for the churn-prevented count (nil: none).
  public var baseline: Int?

  /// Checks the shapes and that every probability lies in [0, 1].
  public init(
    arms: [String], probability: [Double], segment: [Int]? = nil, segmentNames: [String] = ["all"],
    baseline: Int? = nil
  ) throws {
    let k = arms.count
    guard k >= 2 else { throw ExperimentError.invalidInput("a bandit needs at least 2 arms, got \(k)") }
    guard probability.count % k == 0, probability.count / k >= 1 else {
      throw ExperimentError.invalidInput("the probability table must have one value per customer and arm")
    }
    if let i = probability.firstIndex(where: { !($0 >= 0 && $0 <= 1) }) {
      throw ExperimentError.invalidInput(
        "arm '\(arms[i % k])' has probability \(probability[i]) at row \(i / k + 1); "
          + "success probabilities must lie in [0, 1] (clip them, or drop missing rows)")
    }
    let n = probability.count / k
    let seg = segment ?? [Int](repeating: 0, count: n)
    guard seg.count == n, seg.allSatisfy({ $0 >= 0 && $0 < segmentNames.count }) else {
      throw ExperimentError.invalidInput("every customer needs a segment")
    }
    if let b = baseline, !(0..<k).contains(b) { throw ExperimentError.invalidInput("baseline arm out of range") }
    self.arms = arms
    self.probability = probability
    self.segment = seg
    self.segmentNames = segmentNames
    self.baseline = baseline
  }

  /// Number of customers.
  public var customers: Int { probability.count / arms.count }

  /// Mean success probability of every arm within every segment: [segment][arm].
  public var segmentMeans: [[Double]] {
    let k = arms.count
    var sum = [[Double]](repeating: [Double](repeating: 0, count: k), count: segmentNames.count)
    var cnt = [Int](repeating: 0, count: segmentNames.count)
    for i in 0..<customers {
      cnt[segment[i]] += 1
      for a in 0..<k { sum[segment[i]][a] += probability[i * k + a] }
    }
    return sum.indices.map { s in sum[s].map { cnt[s] > 0 ? $0 / Double(cnt[s]) : 0 } }
  }
}

/// An allocation rule.
public enum BanditPolicy: Sendable, Equatable {
  /// Arms in turn (t mod K): the fixed equal split of a classic A/B/n test.
  case equalSplit
  /// With probability ε a uniformly random arm, otherwise the arm with the best observed success rate
  /// (untried arms first).
  case epsilonGreedy(Double)
  /// Thompson sampling (Thompson 1933): draw each arm's success rate from its Beta(1 + successes,
  /// 1 + failures) posterior and play the largest draw; one posterior per arm.
  case thompson
  /// Thompson sampling with one posterior per (segment, arm).
  case thompsonBySegment

  public var name: String {
    switch self {
    case .equalSplit: return "equal split"
    case .epsilonGreedy(let e): return "epsilon-greedy (\(formatShort(e)))"
    case .thompson: return "Thompson"
    case .thompsonBySegment: return "Thompson by segment"
    }
  }
}

/// One policy's run.
public struct BanditRun: Sendable {
  public var policy: BanditPolicy
  /// Σₜ (p_best(iₜ) − p_{aₜ}(iₜ)): expected successes lost against always playing the best arm of the
  /// customer's segment (the best single arm when unsegmented).
  public var regret: Double
  /// Σₜ (p_{aₜ}(iₜ) − p_baseline(iₜ)): expected extra successes (churn prevented) versus the baseline arm.
  public var prevented: Double
  /// Realized successes.
  public var successes: Int
  /// Share of decisions that went to the best arm of the customer's segment.
  public var bestShare: Double
  /// Share of decisions per arm.
  public var armShares: [Double]
  /// Cumulative regret at the curve's checkpoints.
  public var curve: [Double]
}

/// Several policies run on the same problem, arrivals and outcome draws.
public struct BanditComparison: Sendable, Reportable {
  public var problem: BanditProblem
  public var horizon: Int
  public var seed: Int
  public var runs: [BanditRun]
  /// Decision counts at which the curves are recorded.
  public var checkpoints: [Int]

  /// One row per policy: policy, regret, prevented, best_arm_share, successes, then share_<arm>.
  public var table: DataFrame {
    var cols = [
      Column(name: "policy", strings: runs.map(\.policy.name)), Column(name: "regret", floats: runs.map(\.regret)),
      Column(name: "prevented", floats: runs.map(\.prevented)),
      Column(name: "best_arm_share", floats: runs.map(\.bestShare)),
      Column(name: "successes", ints: runs.map(\.successes)),
    ]
    for (a, name) in problem.arms.enumerated() {
      cols.append(Column(name: "share_" + name, floats: runs.map { $0.armShares[a] }))
    }
    return DataFrame.unchecked(columns: cols, rowCount: runs.count)
  }

  /// Regret over time: t, then one column per policy.
  public var curve: DataFrame {
    var cols = [Column(name: "t", ints: checkpoints)]
    for r in runs { cols.append(Column(name: r.policy.name, floats: r.curve)) }
    return DataFrame.unchecked(columns: cols, rowCount: checkpoints.count)
  }

  public var report: Report {
    let means = problem.segmentMeans
    let best = means.map { row in row.indices.max { row[$0] < row[$1] || (row[$0] == row[$1] && $0 > $1) } ?? 0 }
    let bestText =
      problem.segmentNames.count == 1
      ? problem.arms[best[0]]
      : zip(problem.segmentNames, best).map { "\($0): \(problem.arms[$1])" }.joined(separator: ", ")
    return Report(
      title: "Bandit comparison (\(horizon) decisions, \(problem.arms.count) arms)",
      items: [
        .fields([
          .init("customers", .int(problem.customers)), .init("decisions", .int(horizon)), .init("seed", .int(seed)),
          .init("segments", .int(problem.segmentNames.count)), .init("best arm", .string(bestText)),
          .init("baseline arm", .string(problem.baseline.map { problem.arms[$0] } ?? "none")),
        ]),
        .table(
          DataFrame.unchecked(columns: Array(table.columns.prefix(5)), rowCount: runs.count),
          title: "Regret (expected successes lost vs the best arm) and churn prevented vs baseline"),
        .table(
          DataFrame.unchecked(columns: [table.columns[0]] + table.columns.dropFirst(5), rowCount: runs.count),
          title: "Share of decisions per arm"),
      ])
  }
}

/// Runs bandit policies against a ``BanditProblem``.
public enum Bandit {
  /// Runs every policy for `horizon` decisions; curves are recorded at `points` evenly spaced checkpoints.
  /// Policy p draws its own random choices from `SeededRNG(seed).derived(p + 1)`; arrivals and outcomes
  /// from `derived(0)`, the same for every policy.
  public static func compare(
    _ problem: BanditProblem, policies: [BanditPolicy], horizon: Int, seed: Int,
    points: Int = 50
  ) throws -> BanditComparison {
    guard horizon >= 1, horizon <= 100_000_000 else {
      throw ExperimentError.invalidInput("horizon must be between 1 and 100,000,000 decisions, got \(horizon)")
    }
    guard points >= 1 else { throw ExperimentError.invalidInput("points must be at least 1") }
    for p in policies {
      if case .epsilonGreedy(let e) = p, !(e >= 0 && e <= 1) {
        throw ExperimentError.invalidInput("epsilon must lie in [0, 1], got \(e)")
      }
    }
    let m = min(points, horizon)
    let checkpoints = (1...m).map { Int((Double($0) * Double(horizon) / Double(m)).rounded()) }
    let root = SeededRNG(seed: seed)
    var runs = [BanditRun?](repeating: nil, count: policies.count)
    runs.withUnsafeMutableBufferPointer { buf in
      let out = SharedPointer(buf.baseAddress!)
      parallelFor(policies.count) { p in
        out[p] = run(
          problem, policy: policies[p], horizon: horizon, environment: root.derived(0),
          choices: root.derived(p + 1), checkpoints: checkpoints)
      }
    }
    return BanditComparison(
      problem: problem, horizon: horizon, seed: seed, runs: runs.compactMap { $0 },
      checkpoints: checkpoints)
  }

  /// One policy's run (see ``compare(_:policies:horizon:seed:points:)``).
  public static func run(
    _ problem: BanditProblem, policy: BanditPolicy, horizon: Int, environment: SeededRNG,
    choices: SeededRNG, checkpoints: [Int]
  ) -> BanditRun {
    let k = problem.arms.count, n = problem.customers
    let segments = policy == .thompsonBySegment ? problem.segmentNames.count : 1
    let means = problem.segmentMeans
    let bestArm = means.map { row in row.indices.max { row[$0] < row[$1] || (row[$0] == row[$1] && $0 > $1) } ?? 0 }
    var env = environment, rng = choices
    // Posterior / empirical counts per (segment, arm).
    var wins = [Double](repeating: 0, count: segments * k), plays = wins
    var armCount = [Int](repeating: 0, count: k)
    var regret = 0.0, prevented = 0.0, successes = 0, best = 0
    var curve: [Double] = []
    curve.reserveCapacity(checkpoints.count)
    var nextCheck = 0
    problem.probability.withUnsafeBufferPointer { prob in
      for t in 0..<horizon {
        let i = env.int(below: n)
        let u = env.uniform()
        let seg = problem.segment[i]
        let base = (policy == .thompsonBySegment ? seg : 0) * k
        var a = 0
        switch policy {
        case .equalSplit:
          a = t % k
        case .epsilonGreedy(let eps):
          if rng.uniform() < eps {
            a = rng.int(below: k)
          } else {
            var bestRate = -1.0
            for j in 0..<k {
              let r = plays[base + j] > 0 ? wins[base + j] / plays[base + j] : 2  // untried first
              if r > bestRate {
                bestRate = r
                a = j
              }
            }
          }
        case .thompson, .thompsonBySegment:
          var top = -1.0
          for j in 0..<k {
            let d = rng.beta(1 + wins[base + j], 1 + plays[base + j] - wins[base + j])
            if d > top {
              top = d
              a = j
            }
          }
        }
        let row = i * k
        let p = prob[row + a]
        let win = u < p
        plays[base + a] += 1
        if win {
          wins[base + a] += 1
          successes += 1
        }
        armCount[a] += 1
        let b = bestArm[seg]
        if a == b { best += 1 }
        regret += prob[row + b] - p
        if let base0 = problem.baseline { prevented += p - prob[row + base0] }
        if nextCheck < checkpoints.count && t + 1 == checkpoints[nextCheck] {
          curve.append(regret)
          nextCheck += 1
        }
      }
    }
    let h = Double(horizon)
    return BanditRun(
      policy: policy, regret: regret, prevented: prevented, successes: successes,
      bestShare: Double(best) / h, armShares: armCount.map { Double($0) / h }, curve: curve)
  }
}

/// A short decimal for labels (0.1, 0.05).
func formatShort(_ x: Double) -> String {
  var s = String(x)
  if s.hasSuffix(".0") { s.removeLast(2) }
  return s
}
