// Our side of the causal-forest benchmark: a temporary executable built by run.sh against the repo's
// Stats/Frame/Learn/Causal sources (release). Prints one JSON line per measurement.
//
//   forestbench accuracy OUTDIR [reps] [trees]  Nie & Wager setups A–D, d = 6, σ = 1, 2,000 train /
//                                               2,000 test rows; writes OUTDIR/{setup}_{rep}_{train,test}.csv
//                                               for the EconML side; prints PEHE and 95% CI coverage.
//   forestbench telco OUTDIR [trees]            binary intervention simulator on the Telco customers (real file
//                                               if present, else the twin): train on 5,000 rows, test on the rest;
//                                               PEHE, correlation with the truth, 95% coverage; writes CSVs;
//                                               RISKCOV as for telcodiag.
//   forestbench telcodiag [draws] [seeds] [trees] coverage diagnosis on the Telco semi-synthetic data: bias and
//                                               variance of τ̂ by decile of the true effect over `draws`
//                                               independent simulations (same customers, new treatments and
//                                               outcomes) and `seeds` forest seeds on the first draw; nuisance
//                                               errors against the true propensity and E[Y | X]; with
//                                               CSV_DIR=dir each draw's rows go to dir/draw_K/ for
//                                               `econml_side.py telco dir/draw_K`; with ORACLE=1 the true
//                                               E[W | X] and E[Y | X] are supplied as Ŵ and Ŷ; with
//                                               RISKCOV=est the forest also splits on an estimated baseline
//                                               risk (logistic regression of churn on the covariates among
//                                               the training controls), RISKCOV=1 on the simulator's own risk.
//   BOOST=1 (telcodiag, nwdiag): experiment — add a second forest grown on Y − τ̂₁(X)(W − Ŵ) (README).
//   forestbench nwdiag SETUP [reps] [trees]     Nie & Wager setup (A–D), same rows as `accuracy`: PEHE, coverage,
//                                               test bias/variance split, and RMSE of the OOB nuisances Ŵ, Ŷ
//                                               against e(x) and m(x) = b(x) + (e(x) − ½)τ(x).
//   forestbench vardiag SETUP [draws] [trees]   is the little-bags variance right? `draws` independent training
//                                               sets (n = 2,000) of one setup, one fixed test set of 500 rows:
//                                               mean predicted variance vs the variance of τ̂ over the draws,
//                                               per-point bias², and the coverage of the intervals around the
//                                               forest's own mean (what coverage would be without bias);
//                                               ORACLE=1 supplies the true m(x), e(x) as Ŷ, Ŵ; NUIS=gbm
//                                               cross-fitted ones (`nuisance_learner`).
//   forestbench speed N [trees] [csv]           setup A, d = 10: fit + OOB predictions with variance for
//                                               the N training rows; time, time/tree, bytes/tree, peak RSS.
import Causal
import Foundation
import Frame
import Stats
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

/// The covariates of the Telco semi-synthetic benchmark (every customer column of the real file).
let telcoCovariates = ["gender", "SeniorCitizen", "Partner", "Dependents", "tenure", "PhoneService", "MultipleLines",
                       "InternetService", "OnlineSecurity", "OnlineBackup", "DeviceProtection", "TechSupport",
                       "StreamingTV", "StreamingMovies", "Contract", "PaperlessBilling", "PaymentMethod",
                       "MonthlyCharges", "TotalCharges"]

/// RISKCOV=est: `df` with a column `risk_hat`, the baseline churn risk P(churn | X, untreated) from a logistic
/// regression on the untreated rows among `trainRows`, predicted for every row (TotalCharges is left out: it
/// has missing values on the real file). Returns the covariates plus `risk_hat`. RISKCOV=1: the simulator's
/// own `risk` column is added instead (an oracle bound). Unset: `df` and `covariates` unchanged.
func withRiskCovariate(_ df: DataFrame, covariates: [String], trainRows: [Int]) throws -> (DataFrame, [String]) {
  switch ProcessInfo.processInfo.environment["RISKCOV"] {
  case "1": return (df, covariates + ["risk"])
  case "est":
    let learner = try NuisanceLearners.named("logistic")
    let terms = covariates.filter { $0 != "TotalCharges" }
    let spec = try DesignSpec.fit(Formula(outcome: "churn", terms: terms), on: df, outcome: nil,
                                  options: learner.designOptions)
    let w = try df.column("treatment").doubles() ?? [], y = try df.column("churn").doubles() ?? []
    let risk = try learner.rowFitter(for: SharedDesign(spec.transform(df)))
      .fitPredict(train: trainRows.filter { w[$0] == 0 }, y: y, predict: Array(0..<df.rowCount),
                  task: .classification, rng: SeededRNG(seed: 1))
    var out = df
    try out.append(Column(name: "risk_hat", floats: risk))
    return (out, covariates + ["risk_hat"])
  default: return (df, covariates)
  }
}

/// Options from the environment (for experiments; unset = grf defaults): LL=all (every covariate) or
/// LL=a,b,c turns on the local linear correction and LL_LAMBDA fixes its λ; CF_MIN_NODE, CF_SAMPLE_FRACTION,
/// CF_HONESTY_FRACTION, CF_ALPHA and CF_MTRY set the forest options of the same names; TUNE=all or
/// TUNE=min_node_size,honesty_fraction turns on parameter tuning (TUNE_DRAWS, TUNE_TREES); NUIS=gbm (or another
/// nuisance learner) fits Ŷ, Ŵ by 5-fold cross-fitting (`nuisance_learner`).
func localLinearOptions(_ o: inout CausalForestOptions, covariates: [String]) {
  let env = ProcessInfo.processInfo.environment
  if let ll = env["LL"], !ll.isEmpty {
    o.localLinear = ll == "all" ? covariates : ll.split(separator: ",").map(String.init)
  }
  if let l = env["LL_LAMBDA"], let v = Double(l) { o.llLambda = v }
  if let v = env["CF_MIN_NODE"].flatMap({ Int($0) }) { o.minNodeSize = v }
  if let v = env["CF_SAMPLE_FRACTION"].flatMap({ Double($0) }) { o.sampleFraction = v }
  if let v = env["CF_HONESTY_FRACTION"].flatMap({ Double($0) }) { o.honestyFraction = v }
  if let v = env["CF_ALPHA"].flatMap({ Double($0) }) { o.alpha = v }
  if let v = env["CF_MTRY"].flatMap({ Int($0) }) { o.mtry = v }
  if let t = env["TUNE"], !t.isEmpty {
    let names = t.split(separator: ",").map(String.init)
    o.tune = t == "all" ? CausalForestTunable.allCases : CausalForestTunable.allCases.filter { names.contains($0.rawValue) }
  }
  if let v = env["TUNE_DRAWS"].flatMap({ Int($0) }) { o.tuneDraws = v }
  if let v = env["TUNE_TREES"].flatMap({ Int($0) }) { o.tuneTrees = v }
  if let name = env["NUIS"], !name.isEmpty { o.nuisanceLearner = name }
}

/// The numeric CSVs (one-hot covariates x1…, y, w, tau) of a Telco train/test split for econml_side.py.
func writeEconMLCSVs(_ spec: ForestCovariates, train: DataFrame, test: DataFrame, to dir: String) throws {
  for (name, part) in [("telco_train", train), ("telco_test", test)] {
    let m = try spec.matrix(part)
    var cols = (0..<m.columnCount).map { Column(name: "x\($0 + 1)", floats: Array(m.column($0))) }
    cols += [Column(name: "y", floats: try part.column("churn").doubles() ?? []),
             Column(name: "w", floats: try part.column("treatment").doubles() ?? []),
             Column(name: "tau", floats: try part.column("true_effect").doubles() ?? [])]
    try writeCSV(DataFrame.unchecked(columns: cols, rowCount: part.rowCount), path: "\(dir)/\(name).csv")
  }
}

/// BOOST=1 experiment: a second forest (seed + 1000, same Ŷ and Ŵ) on the residual outcome Y − τ̂₁(X)(W − Ŵ);
/// returns the summed test predictions and the second forest.
func boostingStage(_ cf: CausalForest, train: DataFrame, test: DataFrame, treatment: String, covariates: [String],
                   options o: CausalForestOptions, first p: CausalPredictions) throws -> (CausalPredictions, CausalForest) {
  let y2 = (0..<cf.rowCount).map { cf.y[$0] - cf.oob.tau[$0] * (cf.w[$0] - cf.wHat[$0]) }
  var tr2 = train
  try tr2.set(Column(name: "y_boost_resid", floats: y2))
  var o2 = o
  o2.seed = o.seed + 1000
  let cf2 = try CausalForest.fit(frame: tr2, outcome: "y_boost_resid", treatment: treatment, covariates: covariates,
                                 yHat: cf.yHat, wHat: cf.wHat, options: o2)
  let p2 = try cf2.predict(frame: test)
  var sum = p
  sum.tau = zip(p.tau, p2.tau).map { $0 + $1 }; sum.variance = zip(p.variance, p2.variance).map { $0 + $1 }
  return (sum, cf2)
}

let args = CommandLine.arguments
let mode = args.count > 1 ? args[1] : "accuracy"
if mode == "accuracy" {
  let out = args.count > 2 ? args[2] : "/tmp/cf-bench"
  try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
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
      localLinearOptions(&o, covariates: covariateNames(6))
      o.seed = seed
      let t0 = now()
      let cf = try CausalForest.fit(frame: trf, outcome: "y", treatment: "w", covariates: covariateNames(6), options: o)
      let p = try cf.predict(frame: tef)
      let secs = now() - t0
      if let ll = cf.localLinear { FileHandle.standardError.write("\(setup.rawValue) \(rep) local linear: \(ll.summary)\n".data(using: .utf8)!) }
      if let t = cf.tuning { FileHandle.standardError.write("\(setup.rawValue) \(rep) tuned: \(t.summary)\n".data(using: .utf8)!) }
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
  try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
  let trees = args.count > 3 ? Int(args[3]) ?? 2000 : 2000
  let realPath = "/work/shared/data/telco/WA_Fn-UseC_-Telco-Customer-Churn.csv"
  let real = try? readCSV(path: realPath)
  let customers = try real ?? simulateTelco(n: 7043, seed: 42)
  let sim = try simulateInterventions(customers: customers, options: InterventionOptions(mode: .binary, seed: 7))
  let (df, covs) = try withRiskCovariate(sim.frame, covariates: telcoCovariates, trainRows: Array(0..<5000))
  let train = df.rows(Array(0..<5000)), test = df.rows(Array(5000..<df.rowCount))
  var o = CausalForestOptions()
  o.trees = trees
  localLinearOptions(&o, covariates: covs)
  let t0 = now()
  let cf = try CausalForest.fit(frame: train, outcome: "churn", treatment: "treatment", covariates: covs, options: o)
  if let ll = cf.localLinear { FileHandle.standardError.write("telco local linear: \(ll.summary)\n".data(using: .utf8)!) }
  if let t = cf.tuning { FileHandle.standardError.write("telco tuned: \(t.summary)\n".data(using: .utf8)!) }
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
  if let spec = cf.covariates { try writeEconMLCSVs(spec, train: train, test: test, to: out) }
} else if mode == "telcodiag" {
  let draws = args.count > 2 ? Int(args[2]) ?? 6 : 6
  let seeds = args.count > 3 ? Int(args[3]) ?? 4 : 4
  let trees = args.count > 4 ? Int(args[4]) ?? 2000 : 2000
  let realPath = "/work/shared/data/telco/WA_Fn-UseC_-Telco-Customer-Churn.csv"
  let customers = try (try? readCSV(path: realPath)) ?? simulateTelco(n: 7043, seed: 42)
  func mean(_ a: [Double]) -> Double { a.reduce(0, +) / Double(max(a.count, 1)) }
  // Fits: (draw, seed) pairs; draw 0 uses every seed, later draws the first seed only.
  var runs: [(draw: Int, seed: Int)] = (0..<seeds).map { (0, 42 + $0) }
  runs += (1..<max(draws, 1)).map { ($0, 42) }
  var tauHat: [[Double]] = [], se: [[Double]] = [], truthTest: [Double] = []
  for run in runs {
    let sim = try simulateInterventions(customers: customers, options: InterventionOptions(mode: .binary, seed: 7 + run.draw))
    let (df, covs) = try withRiskCovariate(sim.frame, covariates: telcoCovariates, trainRows: Array(0..<5000))
    let train = df.rows(Array(0..<5000)), test = df.rows(Array(5000..<df.rowCount))
    var o = CausalForestOptions()
    o.trees = trees
    localLinearOptions(&o, covariates: covs)
    o.seed = run.seed
    // ORACLE=1: the true E[W | X] = 0.2 + 0.6·r (the weekday shift averages out) and E[Y | X] = r + e(X)·τ(X)
    // as Ŵ and Ŷ (how much of the error is the nuisances').
    var yOracle: [Double]? = nil, wOracle: [Double]? = nil
    if ProcessInfo.processInfo.environment["ORACLE"] == "1" {
      let r = try train.column("risk").doubles() ?? [], t = try train.column("true_effect").doubles() ?? []
      wOracle = r.map { 0.2 + 0.6 * $0 }
      yOracle = (0..<r.count).map { r[$0] + wOracle![$0] * t[$0] }
    }
    let cf = try CausalForest.fit(frame: train, outcome: "churn", treatment: "treatment", covariates: covs,
                                  yHat: yOracle, wHat: wOracle, options: o)
    if let t = cf.tuning { FileHandle.standardError.write("draw \(run.draw) tuned: \(t.summary)\n".data(using: .utf8)!) }
    var p = try cf.predict(frame: test)
    if ProcessInfo.processInfo.environment["BOOST"] == "1" {
      let (sum, cf2) = try boostingStage(cf, train: train, test: test, treatment: "treatment", covariates: covs,
                                         options: o, first: p)
      p = sum
      // What an out-of-bag gate would see: paired R-loss difference, plain vs boosted, on the training rows.
      let d = (0..<cf.rowCount).map { i -> Double in
        let wr = cf.w[i] - cf.wHat[i], yr = cf.y[i] - cf.yHat[i]
        let e1 = yr - cf.oob.tau[i] * wr, e2 = yr - (cf.oob.tau[i] + cf2.oob.tau[i]) * wr
        return e1 * e1 - e2 * e2
      }
      let md = mean(d), sdd = (d.reduce(0) { $0 + ($1 - md) * ($1 - md) } / Double(d.count - 1)).squareRoot()
      FileHandle.standardError.write("draw \(run.draw): boosting OOB R-loss gain z = \(md / (sdd / Double(d.count).squareRoot()))\n".data(using: .utf8)!)
    }
    truthTest = try test.column("true_effect").doubles() ?? []
    // CSV_DIR=dir: also write each draw's rows (as `telco` does) to dir/draw_K/ for econml_side.py telco.
    if let dir = ProcessInfo.processInfo.environment["CSV_DIR"], run.seed == 42, let spec = cf.covariates {
      let sub = "\(dir)/draw_\(run.draw)"
      try FileManager.default.createDirectory(atPath: sub, withIntermediateDirectories: true)
      try writeEconMLCSVs(spec, train: train, test: test, to: sub)
    }
    tauHat.append(p.tau)
    se.append(p.variance.map { $0.squareRoot() })
    // Nuisances on the training rows against the truth given the covariates: e(x) = 0.2 + 0.6·r (the
    // weekday shifts average out; the weekday is not a covariate) and m(x) = r + e(x)·τ(x).
    let tau = try train.column("true_effect").doubles() ?? []
    let risk = try train.column("risk").doubles() ?? []
    let e = risk.map { 0.2 + 0.6 * min(max($0, 0), 1) }
    let m = (0..<e.count).map { risk[$0] + e[$0] * tau[$0] }
    let we = (0..<e.count).map { cf.wHat[$0] - e[$0] }, ye = (0..<e.count).map { cf.yHat[$0] - m[$0] }
    let rm = (0..<p.tau.count).map { (p.tau[$0] - truthTest[$0]) * (p.tau[$0] - truthTest[$0]) }
    let cov = (0..<p.tau.count).filter { abs(p.tau[$0] - truthTest[$0]) <= 1.959964 * p.variance[$0].squareRoot() }.count
    print("{\"draw\": \(run.draw), \"seed\": \(run.seed), \"pehe\": \(mean(rm).squareRoot()), "
      + "\"coverage\": \(Double(cov) / Double(p.tau.count)), \"mean_se\": \(mean(se.last!)), "
      + "\"what_rmse\": \(mean(we.map { $0 * $0 }).squareRoot()), \"what_bias\": \(mean(we)), "
      + "\"yhat_rmse\": \(mean(ye.map { $0 * $0 }).squareRoot()), \"yhat_bias\": \(mean(ye)), "
      + "\"oob_tau_mean\": \(mean(cf.oob.tau)), \"true_ate_train\": \(mean(tau))}")
    fflush(nil)
  }
  // Per test row: spread over forest seeds (draw 0) and over independent draws (first seed).
  let nt = truthTest.count
  let seedRuns = Array(0..<seeds), drawRuns = [0] + Array(seeds..<runs.count)
  func sd(_ idx: [Int], _ i: Int) -> Double {
    let v = idx.map { tauHat[$0][i] }, mu = mean(v)
    return (v.map { ($0 - mu) * ($0 - mu) }.reduce(0, +) / Double(max(v.count - 1, 1))).squareRoot()
  }
  let order = (0..<nt).sorted { truthTest[$0] < truthTest[$1] }
  print("decile  true_tau  mean_tauhat  bias  sd_draws  sd_seeds  mean_se  rmse  coverage")
  for dcl in 0..<10 {
    let rows = Array(order[(dcl * nt / 10)..<((dcl + 1) * nt / 10)])
    let t = mean(rows.map { truthTest[$0] })
    let h = mean(rows.map { i in mean(drawRuns.map { tauHat[$0][i] }) })
    let sdd = mean(rows.map { sd(drawRuns, $0) }), sds = mean(rows.map { sd(seedRuns, $0) })
    let mse = mean(rows.map { i in mean(drawRuns.map { (tauHat[$0][i] - truthTest[i]) * (tauHat[$0][i] - truthTest[i]) }) })
    let mse_se = mean(rows.map { i in mean(drawRuns.map { se[$0][i] }) })
    let cov = mean(rows.map { i in mean(drawRuns.map { abs(tauHat[$0][i] - truthTest[i]) <= 1.959964 * se[$0][i] ? 1.0 : 0 }) })
    print(String(format: "%d  %.4f  %.4f  %+.4f  %.4f  %.4f  %.4f  %.4f  %.3f", dcl + 1, t, h, h - t, sdd, sds, mse_se,
                 mse.squareRoot(), cov))
  }
  let allBias2 = mean((0..<nt).map { i in let b = mean(drawRuns.map { tauHat[$0][i] }) - truthTest[i]; return b * b })
  let allVar = mean((0..<nt).map { i in let s = sd(drawRuns, i); return s * s })
  let allSE2 = mean((0..<nt).map { i in mean(drawRuns.map { se[$0][i] * se[$0][i] }) })
  print(String(format: "overall: bias^2 %.5f (rms bias %.4f), variance over draws %.5f (sd %.4f), mean predicted var %.5f (rms se %.4f)",
               allBias2, allBias2.squareRoot(), allVar, allVar.squareRoot(), allSE2, allSE2.squareRoot()))
} else if mode == "nwdiag" {
  let setup = NieWagerSetup(rawValue: args.count > 2 ? args[2] : "D") ?? .d
  let reps = args.count > 3 ? Int(args[3]) ?? 10 : 10
  let trees = args.count > 4 ? Int(args[4]) ?? 2000 : 2000
  let s = NieWagerSetup.allCases.firstIndex(of: setup)!
  func mean(_ a: [Double]) -> Double { a.reduce(0, +) / Double(max(a.count, 1)) }
  for rep in 0..<reps {
    let seed = 1000 * (s + 1) + rep
    let train = try simulateNieWager(setup: setup, n: 2000, d: 6, sigma: 1, seed: seed)
    let test = try simulateNieWager(setup: setup, n: 2000, d: 6, sigma: 1, seed: seed + 500_000)
    var o = CausalForestOptions()
    o.trees = trees
    localLinearOptions(&o, covariates: covariateNames(6))
    o.seed = seed
    let m = (0..<train.n).map { train.baseline[$0] + (train.propensity[$0] - 0.5) * train.tau[$0] }
    // ORACLE=1: the true m(x) and e(x) as Ŷ and Ŵ (how much of the error is the nuisances').
    let oracle = ProcessInfo.processInfo.environment["ORACLE"] == "1"
    let cf = try CausalForest.fit(frame: frame(train), outcome: "y", treatment: "w", covariates: covariateNames(6),
                                  yHat: oracle ? m : nil, wHat: oracle ? train.propensity : nil, options: o)
    var p = try cf.predict(frame: frame(test))
    if ProcessInfo.processInfo.environment["BOOST"] == "1" {
      p = try boostingStage(cf, train: frame(train), test: frame(test), treatment: "w", covariates: covariateNames(6),
                            options: o, first: p).0
    }
    let we = (0..<train.n).map { cf.wHat[$0] - train.propensity[$0] }, ye = (0..<train.n).map { cf.yHat[$0] - m[$0] }
    let err = (0..<test.n).map { p.tau[$0] - test.tau[$0] }
    let cov = (0..<test.n).filter { abs(err[$0]) <= 1.959964 * p.variance[$0].squareRoot() }.count
    print("{\"setup\": \"\(setup.rawValue)\", \"rep\": \(rep), \"pehe\": \(mean(err.map { $0 * $0 }).squareRoot()), "
      + "\"coverage\": \(Double(cov) / Double(test.n)), \"mean_bias\": \(mean(err)), "
      + "\"rms_se\": \(mean(p.variance).squareRoot()), \"what_rmse\": \(mean(we.map { $0 * $0 }).squareRoot()), "
      + "\"yhat_rmse\": \(mean(ye.map { $0 * $0 }).squareRoot()), \"sd_m\": \(mean(m.map { ($0 - mean(m)) * ($0 - mean(m)) }).squareRoot())}")
    fflush(nil)
  }
} else if mode == "vardiag" {
  let setup = NieWagerSetup(rawValue: args.count > 2 ? args[2] : "A") ?? .a
  let draws = args.count > 3 ? Int(args[3]) ?? 30 : 30
  let trees = args.count > 4 ? Int(args[4]) ?? 2000 : 2000
  let test = try simulateNieWager(setup: setup, n: 500, d: 6, sigma: 1, seed: 987_654)
  var tau: [[Double]] = [], variance: [[Double]] = []
  for k in 0..<draws {
    let train = try simulateNieWager(setup: setup, n: 2000, d: 6, sigma: 1, seed: 70_000 + k)
    var o = CausalForestOptions()
    o.trees = trees
    localLinearOptions(&o, covariates: covariateNames(6))
    o.seed = 70_000 + k
    // ORACLE=1: the true m(x) and e(x) as Ŷ and Ŵ.
    let oracle = ProcessInfo.processInfo.environment["ORACLE"] == "1"
    let m = (0..<train.n).map { train.baseline[$0] + (train.propensity[$0] - 0.5) * train.tau[$0] }
    let cf = try CausalForest.fit(frame: frame(train), outcome: "y", treatment: "w", covariates: covariateNames(6),
                                  yHat: oracle ? m : nil, wHat: oracle ? train.propensity : nil, options: o)
    let p = try cf.predict(frame: frame(test))
    tau.append(p.tau)
    variance.append(p.variance)
  }
  func mean(_ a: [Double]) -> Double { a.reduce(0, +) / Double(max(a.count, 1)) }
  var predicted = 0.0, empirical = 0.0, bias2 = 0.0, covered = 0, coveredTruth = 0
  for i in 0..<test.n {
    let t = tau.map { $0[i] }, m = mean(t)
    let v = t.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(draws - 1)
    predicted += mean(variance.map { $0[i] }) / Double(test.n)
    empirical += v / Double(test.n)
    bias2 += (m - test.tau[i]) * (m - test.tau[i]) / Double(test.n)
    for k in 0..<draws {
      let half = 1.959964 * variance[k][i].squareRoot()
      if abs(t[k] - m) <= half { covered += 1 }
      if abs(t[k] - test.tau[i]) <= half { coveredTruth += 1 }
    }
  }
  let cells = Double(draws * test.n)
  print("{\"setup\": \"\(setup.rawValue)\", \"draws\": \(draws), \"mean_predicted_var\": \(predicted), "
    + "\"mean_empirical_var\": \(empirical), \"ratio\": \(predicted / empirical), \"mean_bias2\": \(bias2), "
    + "\"coverage_of_mean\": \(Double(covered) / cells), \"coverage_of_truth\": \(Double(coveredTruth) / cells)}")
} else if mode == "speed" {
  let n = args.count > 2 ? Int(args[2]) ?? 10_000 : 10_000
  let trees = args.count > 3 ? Int(args[3]) ?? 2000 : 2000
  let data = try simulateNieWager(setup: .a, n: n, d: 10, sigma: 1, seed: 11)
  let df = frame(data)
  if args.count > 4 { try writeCSV(df, path: args[4]) }
  var o = CausalForestOptions()
  o.trees = trees
  localLinearOptions(&o, covariates: covariateNames(10))
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
  if let t = cf.tuning { FileHandle.standardError.write("speed tuned: \(t.summary)\n".data(using: .utf8)!) }
}
