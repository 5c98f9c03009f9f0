// Policy benchmark (issue 14): in-process recommendation latency for one customer with four interventions
// (2,000-tree forests, intervals for every arm), a batch of 100,000 customers, and the policy file's size and
// load time. Build and run (release):
//   swift build -c release --product policy-bench && .build/release/policy-bench [trees] [batch] [calls]
// Defaults: 2000 trees per arm, 100000 customers, 10000 single-customer calls.
import Causal
import Foundation
import Frame
import Learn
import Policy
import Stats

func seconds(_ body: () throws -> Void) rethrows -> Double {
  let t0 = DispatchTime.now().uptimeNanoseconds
  try body()
  return Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
}

/// FNV-1a over the bit patterns of every score and decision, so two builds can be compared bit for bit.
func digest(_ r: PolicyRecommendations, into h: inout UInt64) {
  func mix(_ v: UInt64) { h = (h ^ v) &* 0x100_0000_01b3 }
  for a in [[r.churn], [r.value], r.effect, r.se, r.lo, r.hi, r.net, r.netLo, r.netHi] {
    for column in a { for v in column { mix(v.bitPattern) } }
  }
  for c in r.choice { mix(UInt64(bitPattern: Int64(c ?? -1))) }
  for reason in r.reason { for b in reason.rawValue.utf8 { mix(UInt64(b)) } }
}

/// Process CPU time in seconds (all threads).
func cpu() -> Double {
  var ts = timespec()
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
  return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

func quantile(_ sorted: [Double], _ q: Double) -> Double {
  sorted[min(sorted.count - 1, Int((q * Double(sorted.count)).rounded(.up)) - 1)]
}

let args = CommandLine.arguments.dropFirst().compactMap { Int($0) }
let trees = args.count > 0 ? args[0] : 2000
let batchSize = args.count > 1 ? args[1] : 100_000
let calls = args.count > 2 ? args[2] : 10_000
let covariates = ["tenure", "MonthlyCharges", "TotalCharges", "Contract", "InternetService", "OnlineSecurity",
                  "TechSupport", "PaymentMethod", "SeniorCitizen"]

do {
  // POLICY_BENCH_FILE=path: load the policy from `path` when it exists (no fitting), else fit and keep it
  // there; for repeated timing runs of the scoring alone.
  let keep = ProcessInfo.processInfo.environment["POLICY_BENCH_FILE"]
  var history: DataFrame? = nil
  var loaded: RetentionPolicy? = nil
  if let keep, FileManager.default.fileExists(atPath: keep) {
    loaded = try PolicyFile.load(from: keep)
    print("policy: loaded from \(keep)")
  } else {
    // Training data: the Telco twin with a simulated four-action history (persuadables).
    var telco = try simulateTelco(n: 7043, seed: 42)
    try telco.set(Column(name: "TotalCharges", floats: (telco["TotalCharges"]?.doubles() ?? []).map { $0.isNaN ? 0 : $0 }))
    var gbm = GradientBoostingOptions()
    gbm.learningRate = 0.05
    let churnModel = try GradientBoosting.fit(Formula(outcome: "Churn", terms: covariates), on: telco, options: gbm)
    let simulated = try simulateInterventions(customers: telco, options: InterventionOptions(mode: .multi, scenario: .persuadables, seed: 42)).frame
    history = simulated
    var o = CausalForestOptions()
    o.trees = trees; o.seed = 42; o.threads = 2
    var forests: MultiArmCausalForest? = nil
    let fitTime = try seconds {
      forests = try MultiArmCausalForest.fit(frame: simulated, outcome: "churn", treatment: "arm", covariates: covariates,
                                             baseline: "none", options: o)
    }
    guard let forests else { fatalError("no forests") }
    let costs: [(String, Double)] = [("discount_99", 99), ("discount_199", 199), ("feature_upsell", 30), ("support_call", 45)]
    let policy = try RetentionPolicy(churnModel: churnModel, interventions: RetentionPolicy.interventions(from: forests, costs: costs),
                                     value: ValueExpression("MonthlyCharges * 12"), reference: simulated)
    print("policy: \(forests.arms.count) interventions × \(trees) trees, fitted on \(simulated.rowCount) rows in \(String(format: "%.1f", fitTime)) s")

    // File size and load time.
    let path = keep ?? NSTemporaryDirectory() + "policy-bench-\(getpid()).bin"
    try policy.save(to: path)
    let size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? -1
    var loads: [Double] = []
    for _ in 0..<5 { loads.append(try seconds { loaded = try PolicyFile.load(from: path) }) }
    if keep == nil { try? FileManager.default.removeItem(atPath: path) }
    loads.sort()
    print(String(format: "policy file: %.1f MB, load median %.3f s (min %.3f, max %.3f, 5 loads)",
                 Double(size) / 1e6, loads[2], loads[0], loads[4]))
  }
  guard let loaded else { fatalError("no policy") }

  // One customer at a time: 10,000 calls over 1,000 distinct one-row frames of new customers.
  var fresh = try simulateTelco(n: max(batchSize, 1000), seed: 7)
  try fresh.set(Column(name: "TotalCharges", floats: (fresh["TotalCharges"]?.doubles() ?? []).map { $0.isNaN ? 0 : $0 }))
  let singles = (0..<1000).map { fresh.rows([$0]) }
  if calls > 0 {
    for k in 0..<200 { _ = try loaded.recommend(singles[k]) }  // warm-up
    var lat: [Double] = []
    lat.reserveCapacity(calls)
    for c in 0..<calls {
      let f = singles[c % singles.count]
      lat.append(try seconds { _ = try loaded.recommend(f) })
    }
    lat.sort()
    var singleDigest: UInt64 = 0xcbf2_9ce4_8422_2325
    for f in singles { digest(try loaded.recommend(f), into: &singleDigest) }
    print(String(format: "one customer, %d calls: p50 %.3f ms, p90 %.3f ms, p99 %.3f ms, max %.3f ms", calls,
                 quantile(lat, 0.5) * 1e3, quantile(lat, 0.9) * 1e3, quantile(lat, 0.99) * 1e3, (lat.last ?? 0) * 1e3)
            + String(format: " (digest of 1000 customers %016llx)", singleDigest))
  }

  // POLICY_BENCH_SMALL=1,2,4,…: small batches (the service's micro-batches): process CPU time per customer
  // and wall time per call, about 1,000 customers per size (after a warm-up), with a digest of the answers.
  if let sizes = ProcessInfo.processInfo.environment["POLICY_BENCH_SMALL"] {
    for m in sizes.split(separator: ",").compactMap({ Int($0) }) where m > 0 && m <= 1000 {
      let calls = max(20, 1000 / m)
      let frames = (0..<calls).map { c in fresh.rows((0..<m).map { (c * m + $0) % fresh.rowCount }) }
      for f in frames.prefix(5) { _ = try loaded.recommend(f) }
      var h: UInt64 = 0xcbf2_9ce4_8422_2325
      var wall: [Double] = []
      let c0 = cpu()
      for f in frames {
        var r: PolicyRecommendations? = nil
        wall.append(try seconds { r = try loaded.recommend(f) })
        if let r { digest(r, into: &h) }
      }
      let used = cpu() - c0
      wall.sort()
      print(String(format: "small batch %3d rows × %4d calls: CPU %.1f µs per customer, wall p50 %.3f ms p99 %.3f ms per call (digest %016llx)",
                   m, calls, used / Double(m * calls) * 1e6, quantile(wall, 0.5) * 1e3, quantile(wall, 0.99) * 1e3, h))
    }
  }

  // POLICY_BENCH_LAYOUT=1: the forests' shape as the few-row walk sees it, per arm: nodes and leaves per tree,
  // distinct thresholds (the per-row decision table), and over the first 1,000 fresh customers the mean path
  // (nodes read per tree) and the distinct 64-byte lines of 8-byte nodes a path touches in preorder.
  if ProcessInfo.processInfo.environment["POLICY_BENCH_LAYOUT"] != nil {
    for (k, iv) in loaded.interventions.enumerated() {
      let forest = iv.effect.forest, trees = forest.trees, d = iv.effect.featureNames.count
      let x = try iv.effect.covariateValues(fresh), n = fresh.rowCount
      var features = Set<Int>(), thresholds = Set<UInt64>(), leaves = 0, maxDepth = 0
      for nd in trees.nodes {
        if nd.isLeaf {
          leaves += 1
        } else {
          features.insert(nd.feature)
          thresholds.insert((UInt64(nd.feature) << 48) ^ nd.threshold.bitPattern)
        }
      }
      var steps = 0, lines = 0, paths = 0
      var depthHistogram = [Int](repeating: 0, count: 64)
      for i in 0..<min(1000, n) {
        for t in 0..<trees.treeCount {
          var at = Int(trees.roots[t]), depth = 1, seen = Set<Int>([at / 8])
          while !trees.nodes[at].isLeaf {
            let nd = trees.nodes[at]
            at = x[nd.feature * n + i] <= nd.threshold ? at + 1 : Int(nd.next)
            depth += 1
            seen.insert(at / 8)
          }
          steps += depth
          lines += seen.count
          paths += 1
          depthHistogram[min(63, depth)] += 1
          maxDepth = max(maxDepth, depth)
        }
      }
      _ = d
      let hist = depthHistogram.enumerated().filter { $0.element > 0 }
        .map { "\($0.offset):\(String(format: "%.1f", 100 * Double($0.element) / Double(paths)))%" }.joined(
          separator: " ")
      print(
        String(
          format:
            "arm %d: %d trees, %d nodes (%.1f per tree), %d leaves, %d features split on, %d distinct thresholds; "
            + "per path: %.2f nodes read, %.2f lines of 8-byte nodes (max %d nodes)",
          k, trees.treeCount, trees.nodeCount, Double(trees.nodeCount) / Double(trees.treeCount), leaves,
          features.count, thresholds.count, Double(steps) / Double(paths), Double(lines) / Double(paths), maxDepth))
      print("  nodes read per path (share of paths): " + hist)
    }
  }

  // POLICY_BENCH_KERNEL=1,4,8,…: the scoring kernel alone (the forests' predict with variance, one arm after
  // the other on one thread, no churn model or frame handling), CPU µs per customer summed over the arms, and
  // a digest of every τ̂ and variance bit; for profiling (perf record, valgrind) the few-row walk.
  if let sizes = ProcessInfo.processInfo.environment["POLICY_BENCH_KERNEL"] {
    let customers = Int(ProcessInfo.processInfo.environment["POLICY_BENCH_KERNEL_CUSTOMERS"] ?? "") ?? 1000
    let xs = try loaded.interventions.map { try $0.effect.covariateValues(fresh) }
    let d = loaded.interventions[0].effect.featureNames.count
    for m in sizes.split(separator: ",").compactMap({ Int($0) }) where m > 0 && m <= 1000 {
      let calls = max(1, customers / m)
      // Row-block c of arm k, column-major: the m customers c*m ..< c*m + m (mod the fresh rows).
      let blocks = xs.map { x in
        (0..<calls).map { c in
          (0..<d).flatMap { j in (0..<m).map { x[j * fresh.rowCount + (c * m + $0) % fresh.rowCount] } }
        }
      }
      var h: UInt64 = 0xcbf2_9ce4_8422_2325
      func mix(_ v: UInt64) { h = (h ^ v) &* 0x100_0000_01b3 }
      for k in loaded.interventions.indices { _ = try loaded.interventions[k].effect.predict(x: blocks[k][0], rows: m) }
      let c0 = cpu()
      for c in 0..<calls {
        for k in loaded.interventions.indices {
          let p = try loaded.interventions[k].effect.predict(x: blocks[k][c], rows: m)
          for v in p.tau { mix(v.bitPattern) }
          for v in p.variance { mix(v.bitPattern) }
        }
      }
      let used = cpu() - c0
      print(
        String(
          format: "kernel %3d rows × %4d calls: CPU %.1f µs per customer (all arms, one thread; digest %016llx)",
          m, calls, used / Double(m * calls) * 1e6, h))
    }
  }

  // A batch.
  let batch = fresh.rowCount == batchSize ? fresh : fresh.rows(Array(0..<batchSize))
  // POLICY_BENCH_EXPORT=DIR writes the training history and the batch for the EconML comparison
  // (scripts/bench/policy/econml_batch.py reads them).
  if let dir = ProcessInfo.processInfo.environment["POLICY_BENCH_EXPORT"], let history {
    try writeCSV(history.select(covariates + ["arm", "churn"]), path: dir + "/history.csv")
    try writeCSV(batch.select(covariates), path: dir + "/batch.csv")
  }
  guard batchSize > 0 else { exit(0) }
  var result: PolicyRecommendations? = nil
  let t = try seconds { result = try loaded.recommend(batch) }
  var batchDigest: UInt64 = 0xcbf2_9ce4_8422_2325
  if let result { digest(result, into: &batchDigest) }
  print(String(format: "batch of %d customers: %.2f s (%.1f µs per customer, threads 2), %d treated, digest %016llx",
               batchSize, t, t / Double(batchSize) * 1e6, result?.totals().treated ?? -1, batchDigest))
} catch {
  print("policy-bench failed: \(error)")
  exit(1)
}
