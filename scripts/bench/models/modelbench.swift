// Our side of the model benchmarks: a temporary release executable built by run.sh against the repo's
// Stats/Frame/Learn sources. Reads raw little-endian float64 matrices written by numpy (`a.tofile`),
// column 0 = outcome, columns 1… = features, and prints one JSON line per measurement.
//
//   modelbench gbm    TRAIN.f64 TEST.f64 P ROUNDS LEAVES  -> fit (wall, CPU, main-thread CPU) and predict seconds, AUC, RSS,
//                                                            FNV-1a digest of the test predictions
//   modelbench forest TRAIN.f64 TEST.f64 P TREES          -> fit/predict seconds, test AUC, peak RSS
//   modelbench logit  TRAIN.f64 P                         -> fit seconds, coefficients, peak RSS
//   modelbench score gbm TRAIN TEST P ROUNDS LEAVES REPS | score forest TRAIN TEST P TREES REPS
//                                                         -> fit once, then per rep the CPU and wall seconds of
//                                                            the design matrix and of predict(design:), and an
//                                                            FNV-1a digest of the predictions (TRAIN_ROWS=n fits
//                                                            on the first n rows)
import Foundation
import Frame
import Learn
import Stats
#if canImport(Glibc)
import Glibc
#endif

func now() -> Double {
  var ts = timespec()
  clock_gettime(CLOCK_MONOTONIC, &ts)
  return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

/// CPU seconds used by the whole process (all threads).
func cpu() -> Double {
  var ts = timespec()
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
  return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

/// CPU seconds used by the calling (main) thread alone: the serial work plus the main thread's share of the
/// parallel loops, so on an otherwise idle machine a fit's wall time is at least this (a load-robust view of
/// how much of a fit runs on one core).
func threadCPU() -> Double {
  var ts = timespec()
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
  return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

func peakMiB() -> Double {
  var u = rusage()
  getrusage(RUSAGE_SELF.rawValue, &u)
  return Double(u.ru_maxrss) / 1024
}

/// Reads an n × (p + 1) row-major float64 file (its first `limit` rows) into a frame with columns y, x0 … x{p-1}.
func load(_ path: String, p: Int, limit: Int = .max) throws -> DataFrame {
  let data = try Data(contentsOf: URL(fileURLWithPath: path))
  let width = p + 1
  let n = min(limit, data.count / 8 / width)
  var cols = [[Double]](repeating: [Double](repeating: 0, count: n), count: width)
  data.withUnsafeBytes { raw in
    let v = raw.bindMemory(to: Double.self)
    for i in 0..<n { for j in 0..<width { cols[j][i] = v[i * width + j] } }
  }
  var columns = [Column(name: "y", floats: cols[0])]
  for j in 0..<p { columns.append(Column(name: "x\(j)", floats: cols[j + 1])) }
  return DataFrame.unchecked(columns: columns, rowCount: n)
}

func json(_ pairs: [(String, Any)]) -> String {
  "{" + pairs.map { k, v in
    if let s = v as? String { return "\"\(k)\": \"\(s)\"" }
    if let a = v as? [Double] { return "\"\(k)\": [" + a.map { String($0) }.joined(separator: ", ") + "]" }
    return "\"\(k)\": \(v)"
  }.joined(separator: ", ") + "}"
}

let args = CommandLine.arguments
// CHURN_THREADS=1 runs everything on one thread (to compare per-core efficiency).
let execution = ExecutionOptions(threads: ProcessInfo.processInfo.environment["CHURN_THREADS"] == "1" ? 1 : 0)
let formula = try Formula(parsing: "y ~ . ")
switch args[1] {
case "gbm", "forest":
  let p = Int(args[4])!
  let train = try load(args[2], p: p), test = try load(args[3], p: p)
  let t0 = now(), c0 = cpu(), m0 = threadCPU()
  let model: any PredictiveModel
  if args[1] == "gbm" {
    var o = GradientBoostingOptions()
    o.rounds = Int(args[5])!
    o.numLeaves = Int(args[6])!
    model = try GradientBoosting.fit(formula, on: train, task: .classification, options: o, execution: execution)
  } else {
    var o = RandomForestOptions()
    o.trees = Int(args[5])!
    o.oob = false
    model = try RandomForest.fit(formula, on: train, task: .classification, options: o, execution: execution)
  }
  let fit = now() - t0, fitCPU = cpu() - c0, fitMain = threadCPU() - m0
  let t1 = now(), c1 = cpu()
  let pred = try model.predict(test)
  let predict = now() - t1, predictCPU = cpu() - c1
  let auc = try rocAUC(model.outcome(test), pred)
  // FNV-1a over the predictions' bits: equal digests = bit-identical models on this test set.
  var digest: UInt64 = 0xcbf29ce484222325
  for v in pred { digest = (digest ^ v.bitPattern) &* 0x100000001b3 }
  print(json([("tool", "churn"), ("model", args[1]), ("fit_s", fit), ("fit_cpu_s", fitCPU), ("fit_main_cpu_s", fitMain),
              ("predict_s", predict), ("predict_cpu_s", predictCPU), ("auc", auc), ("peak_mib", peakMiB()),
              ("digest", String(digest, radix: 16))]))
case "logit":
  let p = Int(args[3])!
  let train = try load(args[2], p: p)
  let t0 = now(), c0 = cpu()
  let m = try LogisticRegression.fit(formula, on: train, options: LogisticRegressionOptions(penalty: 1))
  let fit = now() - t0, fitCPU = cpu() - c0
  print(json([("tool", "churn"), ("model", "logit"), ("fit_s", fit), ("fit_cpu_s", fitCPU), ("iterations", m.iterations),
              ("coef", m.coefficients), ("peak_mib", peakMiB())]))
case "score":
  // Scoring alone (branch score2): fit once, then time the design matrix and predict(design:) separately.
  let p = Int(args[5])!
  let trainRows = Int(ProcessInfo.processInfo.environment["TRAIN_ROWS"] ?? "") ?? .max
  let train = try load(args[3], p: p, limit: trainRows), test = try load(args[4], p: p)
  let model: any PredictiveModel
  let reps: Int
  let t0 = now()
  if args[2] == "gbm" {
    var o = GradientBoostingOptions()
    o.rounds = Int(args[6])!
    o.numLeaves = Int(args[7])!
    model = try GradientBoosting.fit(formula, on: train, task: .classification, options: o)
    reps = Int(args[8])!
  } else {
    var o = RandomForestOptions()
    o.trees = Int(args[6])!
    o.oob = false
    model = try RandomForest.fit(formula, on: train, task: .classification, options: o)
    reps = Int(args[7])!
  }
  print(String(format: "fit %.2f s", now() - t0))
  for r in 0..<reps {
    let t1 = now(), c1 = cpu()
    let x = try model.design.transform(test)
    let t2 = now(), c2 = cpu()
    let pred = model.predict(design: x)
    let t3 = now(), c3 = cpu()
    var h: UInt64 = 0xcbf29ce484222325
    for v in pred { h = (h ^ v.bitPattern) &* 0x100000001b3 }
    print(String(format: "rep %d: design %.3f s (cpu %.3f), predict %.3f s (cpu %.3f), total %.3f s, digest %016llx",
                 r, t2 - t1, c2 - c1, t3 - t2, c3 - c2, t3 - t1, h))
  }
default:
  print("usage: modelbench gbm|forest|logit|score ...")
  exit(2)
}
