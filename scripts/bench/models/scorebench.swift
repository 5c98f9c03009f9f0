// Scoring-only bench (branch score2): fits once, then times the design matrix and predict(design:) separately,
// CPU and wall, and prints an FNV-1a digest of the predictions (two builds compare bit for bit). Build it like
// modelbench (run.sh's package layout, as an extra executable target "scorebench" with this file as main.swift).
//   TRAIN_ROWS=200000 scorebench gbm TRAIN.f64 TEST.f64 20 100 31 REPS   |   scorebench forest TRAIN TEST 20 100 REPS
import Foundation
import Frame
import Learn
import Stats
#if canImport(Glibc)
import Glibc
#endif
func now() -> Double { var ts = timespec(); clock_gettime(CLOCK_MONOTONIC, &ts); return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9 }
func cpu() -> Double { var ts = timespec(); clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts); return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9 }
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
let args = CommandLine.arguments
let formula = try Formula(parsing: "y ~ . ")
let p = Int(args[4])!
let trainLimit = Int(ProcessInfo.processInfo.environment["TRAIN_ROWS"] ?? "") ?? .max
let train = try load(args[2], p: p, limit: trainLimit), test = try load(args[3], p: p)
let model: any PredictiveModel
let reps: Int
let t0 = now()
if args[1] == "gbm" {
  var o = GradientBoostingOptions(); o.rounds = Int(args[5])!; o.numLeaves = Int(args[6])!
  model = try GradientBoosting.fit(formula, on: train, task: .classification, options: o); reps = Int(args[7])!
} else {
  var o = RandomForestOptions(); o.trees = Int(args[5])!; o.oob = false
  model = try RandomForest.fit(formula, on: train, task: .classification, options: o); reps = Int(args[6])!
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
  print(String(format: "rep %d: design %.3f s (cpu %.3f), predict %.3f s (cpu %.3f), total %.3f s, digest %016llx", r, t2 - t1, c2 - c1, t3 - t2, c3 - c2, t3 - t1, h))
}
