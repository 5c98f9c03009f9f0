import Frame
import Stats

/// Settings of the peeking demonstration: A/A tests (no true difference) read once per day.
public struct PeekingOptions: Sendable {
  /// Number of simulated experiments.
  public var simulations: Int = 2000
  /// Days each experiment runs; the analyst looks at the end of every day.
  public var days: Int = 30
  /// Customers entering per day (both arms together); each is randomized to treatment with probability 1/2.
  public var perDay: Int = 100
  /// The outcome rate in BOTH arms (e.g. churn 0.3): the null hypothesis is true.
  public var rate: Double = 0.3
  /// Significance level of each look's z test and error rate of the confidence sequence.
  public var alpha: Double = 0.05
  /// Seed of the simulation; experiment i uses the derived stream i.
  public var seed: Int = 42
  /// Worker threads (0 = all cores, 1 = serial); never changes the result.
  public var threads: Int = 0

  /// Settings with the demonstration's defaults (2,000 experiments, 30 daily looks, 100 customers a day).
  public init(
    simulations: Int = 2000, days: Int = 30, perDay: Int = 100, rate: Double = 0.3, alpha: Double = 0.05,
    seed: Int = 42, threads: Int = 0
  ) {
    self.simulations = simulations
    self.days = days
    self.perDay = perDay
    self.rate = rate
    self.alpha = alpha
    self.seed = seed
    self.threads = threads
  }
}

/// What the peeking simulation found.
public struct PeekingResult: Sendable, Reportable {
  public var options: PeekingOptions
  /// Share of experiments whose pooled z test rejected at ANY daily look (the peeked false-positive rate).
  public var peekedFPR: Double
  /// Share whose z test rejected at the final look only (the fixed-horizon test used as planned).
  public var finalFPR: Double
  /// Share whose confidence sequence excluded 0 at any look.
  public var sequentialFPR: Double
  /// Mean over experiments of (sequence width) / (fixed-horizon CI width) at the final look.
  public var widthRatio: Double
  /// Share of experiments in which the peeked z test had rejected by the end of each day (cumulative).
  public var peekedByDay: [Double]
  /// The same for the sequence.
  public var sequentialByDay: [Double]

  /// Binomial standard error of a rate estimated from the simulations.
  public func standardError(_ p: Double) -> Double { (p * (1 - p) / Double(options.simulations)).squareRoot() }

  /// Day-by-day cumulative false-positive rates: day, peeked_z, sequential.
  public var curve: DataFrame {
    DataFrame.unchecked(
      columns: [
        Column(name: "day", ints: Array(1...max(options.days, 1)).prefix(peekedByDay.count).map { $0 }),
        Column(name: "peeked_z", floats: peekedByDay), Column(name: "sequential", floats: sequentialByDay),
      ], rowCount: peekedByDay.count)
  }

  public var report: Report {
    let o = options
    let table = DataFrame.unchecked(
      columns: [
        Column(
          name: "analysis",
          strings: [
            "z test read every day (peeking)", "z test read once, at the end",
            "confidence sequence read every day",
          ]),
        Column(name: "false_positive_rate", floats: [peekedFPR, finalFPR, sequentialFPR]),
        Column(name: "se", floats: [standardError(peekedFPR), standardError(finalFPR), standardError(sequentialFPR)]),
      ], rowCount: 3)
    var items: [Report.Item] = [
      .fields([
        .init("simulated A/A tests", .int(o.simulations)), .init("days (one look per day)", .int(o.days)),
        .init("customers per day", .int(o.perDay)), .init("true rate in both arms", .float(o.rate)),
        .init("alpha", .float(o.alpha)), .init("seed", .int(o.seed)),
      ]),
      .table(table, title: "False-positive rate: share of A/A tests declared significant"),
      .fields([.init("price in width (sequence / fixed CI at the end)", .float(widthRatio))]),
    ]
    if sequentialFPR > o.alpha + 2 * standardError(sequentialFPR) {
      items.append(
        .warning(
          "the sequence's false-positive rate exceeds alpha by more than two standard errors: "
            + "the asymptotic sequence needs more customers per look"))
    }
    return Report(title: "Peeking: A/A tests read daily", items: items)
  }
}

/// The peeking demonstration: many seeded A/A experiments, each read at the end of every day with a
/// fixed-horizon pooled z test and with the asymptotic confidence sequence tuned for the final sample
/// size. Experiment i draws from its own stream `SeededRNG(seed).derived(i)`, in parallel, so the result
/// does not depend on the number of threads.
public enum PeekingSimulation {
  public static func run(_ o: PeekingOptions) throws -> PeekingResult {
    try checkOpenUnit(o.alpha, "alpha", context: "peeking")
    guard o.simulations >= 1, o.simulations <= 10_000_000 else {
      throw ExperimentError.invalidInput("simulations must be between 1 and 10,000,000, got \(o.simulations)")
    }
    guard o.days >= 1, o.days <= 10_000 else { throw ExperimentError.invalidInput("days must be between 1 and 10,000") }
    guard o.perDay >= 2, o.perDay <= 1_000_000 else {
      throw ExperimentError.invalidInput("customers per day must be between 2 and 1,000,000")
    }
    guard o.rate > 0, o.rate < 1 else { throw ExperimentError.invalidInput("rate must be strictly between 0 and 1") }
    let (days, perDay, sims) = (o.days, o.perDay, o.simulations)
    let rho2 = ConfidenceSequence.rhoSquared(plannedN: Double(days * perDay), alpha: o.alpha)
    let zCrit = normalQuantileTwoSided(o.alpha)
    // Per experiment: the first day the z test / the sequence rejected (0 = never), final rejection, width ratio.
    var firstZ = [Int](repeating: 0, count: sims), firstCS = firstZ, finalZ = firstZ
    var ratio = [Double](repeating: .nan, count: sims)
    let root = SeededRNG(seed: o.seed)
    firstZ.withUnsafeMutableBufferPointer { fz in
      firstCS.withUnsafeMutableBufferPointer { fc in
        finalZ.withUnsafeMutableBufferPointer { ff in
          ratio.withUnsafeMutableBufferPointer { rr in
            let (pz, pc, pf, pr) = (
              SharedPointer(fz.baseAddress!), SharedPointer(fc.baseAddress!),
              SharedPointer(ff.baseAddress!), SharedPointer(rr.baseAddress!)
            )
            parallelFor(sims, threads: o.threads) { i in
              var rng = root.derived(i)
              var acc = SequentialAccumulator(treatedShare: 0.5)
              var fzi = 0, fci = 0
              for day in 1...days {
                for _ in 0..<perDay {
                  let w = rng.uniform() < 0.5
                  acc.add(rng.uniform() < o.rate ? 1 : 0, treated: w)
                }
                let z = acc.pooledZ
                if fzi == 0 && z.isFinite && abs(z) > zCrit { fzi = day }
                let cs = acc.confidenceSequence(rhoSquared: rho2, alpha: o.alpha)
                if fci == 0 && (cs.low > 0 || cs.high < 0) { fci = day }
              }
              pz[i] = fzi
              pc[i] = fci
              let z = acc.pooledZ
              pf[i] = z.isFinite && abs(z) > zCrit ? 1 : 0
              let cs = acc.confidenceSequence(rhoSquared: rho2, alpha: o.alpha)
              pr[i] = (cs.high - cs.low) / (2 * zCrit * acc.differenceSE)
            }
          }
        }
      }
    }
    var byDayZ = [Double](repeating: 0, count: days), byDayCS = byDayZ
    for i in 0..<sims {
      if firstZ[i] > 0 { byDayZ[firstZ[i] - 1] += 1 }
      if firstCS[i] > 0 { byDayCS[firstCS[i] - 1] += 1 }
    }
    for d in 1..<max(days, 1) {
      byDayZ[d] += byDayZ[d - 1]
      byDayCS[d] += byDayCS[d - 1]
    }
    let s = Double(sims)
    let finite = ratio.filter { $0.isFinite }
    return PeekingResult(
      options: o, peekedFPR: byDayZ[days - 1] / s, finalFPR: Double(finalZ.reduce(0, +)) / s,
      sequentialFPR: byDayCS[days - 1] / s,
      widthRatio: finite.isEmpty ? .nan : finite.reduce(0, +) / Double(finite.count),
      peekedByDay: byDayZ.map { $0 / s }, sequentialByDay: byDayCS.map { $0 / s })
  }
}
