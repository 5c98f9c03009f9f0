// Our side of the causal-forest benchmark: a temporary executable built by run.sh against the repo's
// Stats/Frame/Learn/Causal sources (release). Prints one JSON line per measurement.
//
//   forestbench accuracy OUTDIR [reps] [trees]  Nie & Wager setups A–D, d = 6, σ = 1, 2,000 train /
//                                               2,000 test rows; writes OUTDIR/{setup}_{rep}_{train,test}.csv
//                                               for the EconML side; prints PEHE and 95% CI coverage.
//   forestbench telco OUTDIR [trees]            binary intervention simulator on the Telco customers (real file
//                                               if present, else the twin): train on 5,000 rows, test on the rest;
//                                               PEHE, correlation with the truth, 95% coverage; writes CSVs.
//   forestbench speed N [trees] [csv]           setup A, d = 10: fit + OOB predictions with variance for
//                                               the N training rows; time, time/tree, bytes/tree, peak RSS.
import Causal
import Frame
#if canImport(Glibc)
import Glibc
#endif

func now() -> Double {
  var ts = timespec()
  clock_gettime(CLOCK_MONOTONIC, &ts)
  return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

func peakMiB() -> Double {
  var u = rusage()
  getrusage(RUSAGE_SELF.rawValue, &u)
  return Double(u.ru_maxrss) / 1024
}

func frame(_ d: NieWagerData) -> DataFrame {
  var cols = d.x.enumerated().map { Column(name: "x\($0.offset + 1)", floats: $0.element) }
  cols += [Column(name: "y", floats: d.y), Column(name: "w", floats: d.w), Column(name: "tau", floats: d.tau)]
  return DataFrame.unchecked(columns: cols, rowCount: d.n)
}

func covariateNames(_ d: Int) -> [String] { (1...d).map { "x\($0)" } }

let args = CommandLine.arguments
let mode = args.count > 1 ? args[1] : "accuracy"
if mode == "accuracy" {
  let out = args.count > 2 ? args[2] : "/tmp/cf-bench"
  let reps = args.count > 3 ? Int(args[3]) ?? 10 : 10
  let trees = args.count > 4 ? Int(args[4]) ?? 2000 : 2000
  for (s, setup) in NieWagerSetup.allCases.enumerated() {
    for rep in 0..<reps {
      let seed = 1000 * (s + 1) + rep
      let train = try simulateNieWager(setup: setup, n: 2000, d: 6, sigma: 1, seed: seed)
      let test = try simulateNieWager(setup: setup, n: 2000, d: 6, sigma: 1, seed: seed + 500_000)
      let trf = frame(train), tef = frame(test)
      try writeCSV(trf, path: "\(out)/\(setup.rawValue)_\(rep)_train.csv")
      try writeCSV(tef, path: "\(out)/\(setup.rawValue)_\(rep)_test.csv")
      var o = CausalForestOptions()
      o.trees = trees
      o.seed = seed
      let t0 = now()
      let cf = try CausalForest.fit(frame: trf, outcome: "y", treatment: "w", covariates: covariateNames(6), options: o)
      let p = try cf.predict(frame: tef)
      let secs = now() - t0
      var se2 = 0.0, covered = 0
      for i in 0..<test.n {
        se2 += (p.tau[i] - test.tau[i]) * (p.tau[i] - test.tau[i])
        if abs(p.tau[i] - test.tau[i]) <= 1.959964 * p.variance[i].squareRoot() { covered += 1 }
      }
      let pehe = (se2 / Double(test.n)).squareRoot()
      print("{\"tool\": \"churn\", \"setup\": \"\(setup.rawValue)\", \"rep\": \(rep), \"pehe\": \(pehe), "
        + "\"coverage\": \(Double(covered) / Double(test.n)), \"seconds\": \(secs)}")
      fflush(nil)
    }
  }
} else if mode == "telco" {
  let out = args.count > 2 ? args[2] : "/tmp/cf-telco"
  let trees = args.count > 3 ? Int(args[3]) ?? 2000 : 2000
  let realPath = "/work/shared/data/telco/WA_Fn-UseC_-Telco-Customer-Churn.csv"
  let real = try? readCSV(path: realPath)
  let customers = try real ?? simulateTelco(n: 7043, seed: 42)
  let sim = try simulateInterventions(customers: customers, options: InterventionOptions(mode: .binary, seed: 7))
  let df = sim.frame
  let covs = ["gender", "SeniorCitizen", "Partner", "Dependents", "tenure", "PhoneService", "MultipleLines",
              "InternetService", "OnlineSecurity", "OnlineBackup", "DeviceProtection", "TechSupport", "StreamingTV",
              "StreamingMovies", "Contract", "PaperlessBilling", "PaymentMethod", "MonthlyCharges", "TotalCharges"]
  let train = df.rows(Array(0..<5000)), test = df.rows(Array(5000..<df.rowCount))
  var o = CausalForestOptions()
  o.trees = trees
  let t0 = now()
  let cf = try CausalForest.fit(frame: train, outcome: "churn", treatment: "treatment", covariates: covs, options: o)
  let p = try cf.predict(frame: test)
  let secs = now() - t0
  let truth = try test.column("true_effect").doubles() ?? []
  let n = Double(truth.count)
  var se2 = 0.0, c2 = 0.0, covered = 0
  let mt = truth.reduce(0, +) / n, mp = p.tau.reduce(0, +) / n
  var sab = 0.0, saa = 0.0, sbb = 0.0
  for i in truth.indices {
    se2 += (p.tau[i] - truth[i]) * (p.tau[i] - truth[i]); c2 += (mt - truth[i]) * (mt - truth[i])
    if abs(p.tau[i] - truth[i]) <= 1.959964 * p.variance[i].squareRoot() { covered += 1 }
    sab += (p.tau[i] - mp) * (truth[i] - mt); saa += (p.tau[i] - mp) * (p.tau[i] - mp); sbb += (truth[i] - mt) * (truth[i] - mt)
  }
  print("{\"tool\": \"churn\", \"data\": \"\(real == nil ? "telco-twin" : "telco-real")\", \"pehe\": \((se2 / n).squareRoot()), "
    + "\"pehe_constant\": \((c2 / n).squareRoot()), \"correlation\": \(sab / (saa * sbb).squareRoot()), "
    + "\"coverage\": \(Double(covered) / n), \"seconds\": \(secs)}")
  // Numeric CSVs (one-hot covariates) for the EconML side.
  if let spec = cf.covariates {
    for (name, part) in [("telco_train", train), ("telco_test", test)] {
      let m = try spec.matrix(part)
      var cols = (0..<m.columnCount).map { Column(name: "x\($0 + 1)", floats: Array(m.column($0))) }
      cols += [Column(name: "y", floats: try part.column("churn").doubles() ?? []),
               Column(name: "w", floats: try part.column("treatment").doubles() ?? []),
               Column(name: "tau", floats: try part.column("true_effect").doubles() ?? [])]
      try writeCSV(DataFrame.unchecked(columns: cols, rowCount: part.rowCount), path: "\(out)/\(name).csv")
    }
  }
} else if mode == "speed" {
  let n = args.count > 2 ? Int(args[2]) ?? 10_000 : 10_000
  let trees = args.count > 3 ? Int(args[3]) ?? 2000 : 2000
  let data = try simulateNieWager(setup: .a, n: n, d: 10, sigma: 1, seed: 11)
  let df = frame(data)
  if args.count > 4 { try writeCSV(df, path: args[4]) }
  var o = CausalForestOptions()
  o.trees = trees
  o.seed = 11
  let t0 = now()
  let cf = try CausalForest.fit(frame: df, outcome: "y", treatment: "w", covariates: covariateNames(10), options: o)
  let secs = now() - t0
  let covered = (0..<n).filter { abs(cf.oob.tau[$0] - data.tau[$0]) <= 1.959964 * cf.oob.variance[$0].squareRoot() }.count
  print("{\"tool\": \"churn\", \"n\": \(n), \"trees\": \(cf.forest.treeCount), \"seconds\": \(secs), "
    + "\"seconds_per_tree\": \(secs / Double(cf.forest.treeCount)), "
    + "\"bytes_per_tree\": \(cf.forest.byteCount / max(cf.forest.treeCount, 1)), "
    + "\"nodes_per_tree\": \(cf.forest.nodeCount / max(cf.forest.treeCount, 1)), \"peak_mib\": \(peakMiB()), "
    + "\"oob_coverage\": \(Double(covered) / Double(n))}")
}
