// Persistence benchmark (issue 12): file size, load time and prediction time after load of a 2,000-tree causal
// forest, a 300-tree random forest and a 500-round gradient-boosting model, in whatever format this build
// writes. The same source builds against churn before and after the saved-object container
// (scripts/bench/persistence/README.md):
//   swift build -c release --product persistence-bench
//   .build/release/persistence-bench fit DIR [cf_trees rf_trees gbm_rounds]   # fits on the Telco twin, saves in DIR
//   .build/release/persistence-bench load FILE…                              # size, load median of 7, predict
// PB_LOADS=N sets the number of loads (odd; default 7).
import Causal
import Foundation
import Frame
import Learn
import Stats

func seconds(_ body: () throws -> Void) rethrows -> Double {
  let t0 = DispatchTime.now().uptimeNanoseconds
  try body()
  return Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
}

/// CPU seconds (user + system) this process has used so far: on a shared machine, a single-threaded load's CPU
/// time is steadier than its wall time.
func cpuSeconds() -> Double {
  var ts = timespec()
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
  return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// FNV-1a over the bits of the predictions: equal digests mean bit-identical predictions.
func digest(_ values: [Double]) -> String {
  var h: UInt64 = 0xcbf2_9ce4_8422_2325
  for v in values { h = (h ^ v.bitPattern) &* 0x100_0000_01b3 }
  return String(h, radix: 16)
}

let covariates = ["tenure", "MonthlyCharges", "TotalCharges", "Contract", "InternetService", "OnlineSecurity",
                  "TechSupport", "PaymentMethod", "SeniorCitizen"]

/// The Telco twin (7,043 rows, seed 42) with TotalCharges blanks as 0, and its simulated binary history.
func data() throws -> (telco: DataFrame, history: DataFrame) {
  var telco = try simulateTelco(n: 7043, seed: 42)
  try telco.set(Column(name: "TotalCharges", floats: (telco["TotalCharges"]?.doubles() ?? []).map { $0.isNaN ? 0 : $0 }))
  let history = try simulateInterventions(customers: telco, options: InterventionOptions(mode: .binary, seed: 42)).frame
  return (telco, history)
}

func size(_ path: String) -> Int { (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? -1 }

let args = Array(CommandLine.arguments.dropFirst())
do {
  guard let command = args.first else { throw ModelError.invalidInput("usage: persistence-bench fit DIR | load FILE…") }
  let (telco, history) = try data()
  if command == "fit", args.count >= 2 {
    let dir = args[1]
    let n = args.dropFirst(2).compactMap { Int($0) }
    var cfo = CausalForestOptions()
    cfo.trees = n.count > 0 ? n[0] : 2000; cfo.seed = 42; cfo.threads = 2
    var rfo = RandomForestOptions()
    rfo.trees = n.count > 1 ? n[1] : 300; rfo.seed = 42
    var gbo = GradientBoostingOptions()
    gbo.rounds = n.count > 2 ? n[2] : 500; gbo.learningRate = 0.05; gbo.seed = 42
    let formula = Formula(outcome: "Churn", terms: covariates)
    var t = try seconds {
      let cf = try CausalForest.fit(frame: history, outcome: "churn", treatment: "treatment", covariates: covariates,
                                    options: cfo)
      try cf.save(to: dir + "/cf.bin")
    }
    print(String(format: "causal forest, %d trees: fitted and saved in %.1f s", cfo.trees, t))
    t = try seconds { try RandomForest.fit(formula, on: telco, options: rfo).save(to: dir + "/rf.model") }
    print(String(format: "random forest, %d trees: fitted and saved in %.1f s", rfo.trees, t))
    t = try seconds { try GradientBoosting.fit(formula, on: telco, options: gbo).save(to: dir + "/gbm.model") }
    print(String(format: "gradient boosting, %d rounds: fitted and saved in %.1f s", gbo.rounds, t))
  } else if command == "load" {
    let count = max(1, Int(ProcessInfo.processInfo.environment["PB_LOADS"] ?? "") ?? 7)
    for path in args.dropFirst() {
      var loads: [Double] = [], cpu: [Double] = []
      var predict: () throws -> [Double] = { [] }
      let isForest = SavedCausalForest.isForestFile(path)
      for _ in 0..<count {
        let c0 = cpuSeconds()
        defer { cpu.append(cpuSeconds() - c0) }
        loads.append(try seconds {
          if isForest {
            let cf = try CausalForest.load(from: path)
            predict = { try cf.predict(frame: telco).tau }
          } else {
            let m = try ModelFile.load(from: path)
            predict = { try m.predict(telco) }
          }
        })
      }
      loads.sort(); cpu.sort()
      var first: [Double] = []
      let tFirst = try seconds { first = try predict() }
      var again: [Double] = []
      let tAgain = try seconds { again = try predict() }
      precondition(first.map(\.bitPattern) == again.map(\.bitPattern))
      print(String(format: "%@: %.2f MB, load median %.4f s (min %.4f, max %.4f, %d loads; CPU median %.4f s); predict "
                     + "%d rows: first %.4f s, again %.4f s; digest %@", (path as NSString).lastPathComponent,
                   Double(size(path)) / 1e6, loads[count / 2], loads[0], loads[count - 1], count, cpu[count / 2],
                   telco.rowCount, tFirst, tAgain, digest(first)))
    }
  } else {
    throw ModelError.invalidInput("usage: persistence-bench fit DIR | load FILE…")
  }
} catch {
  print("persistence-bench failed: \(error)")
  exit(1)
}
