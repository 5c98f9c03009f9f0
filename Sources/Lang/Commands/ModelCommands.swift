import Causal
import Frame
import Learn
import Policy
import Render
import Stats

/// Prediction-model commands: `fit`, `predict`, `evaluate`, `feature_importance`, `calibration`, `roc`,
/// `pr_curve`, `lift`, `cv`, `oof`, `save`, `load`.
///
/// Thin adapters over the Learn module: each parses its arguments, calls one library function and wraps
/// the result. Models print their summaries; `m.coefficients`, `m.importance`, `e.auc` … read fields.
enum ModelCommands {
  static var all: [CommandSpec] {
    [fit, predict, evaluate, featureImportance, calibration, roc, prCurve, lift, cv, oof, save, load]
  }

  static let modelType = ArgType.object("model")
  static let kinds = ["logit", "ols", "tree", "forest", "gbm"]

  // MARK: - Model options (shared by fit, cv and oof)

  /// Option name -> the model kinds it applies to.
  static let applies: [(String, Set<String>)] = [
    ("task", ["tree", "forest", "gbm"]), ("seed", ["tree", "forest", "gbm"]),
    ("missing", ["logit", "ols", "tree", "forest", "gbm"]), ("weights", ["logit", "ols", "gbm"]),
    ("penalty", ["logit"]), ("max_iterations", ["logit"]), ("covariance", ["ols"]), ("cluster", ["ols", "logit"]),
    ("trees", ["forest"]), ("mtry", ["forest"]), ("min_leaf", ["tree", "forest"]),
    ("max_depth", ["tree", "forest", "gbm"]), ("sample_fraction", ["forest"]), ("honesty", ["forest"]),
    ("oob", ["forest"]), ("max_bins", ["tree", "forest", "gbm"]),
    ("leaves", ["gbm"]), ("rounds", ["gbm"]), ("learning_rate", ["gbm"]), ("feature_fraction", ["gbm"]),
    ("bagging_fraction", ["gbm"]), ("bagging_freq", ["gbm"]), ("min_data_in_leaf", ["gbm"]),
    ("min_sum_hessian", ["gbm"]), ("lambda_l2", ["gbm"]), ("early_stopping", ["gbm"]), ("valid", ["gbm"]),
  ]

  static var modelOptions: [Option] {
    [
      Option(
        "task", .choice(["classification", "regression"]),
        "tree models: classification or regression (default: from the outcome)"),
      Option("seed", .int, "random seed (default 42)"),
      Option(
        "missing", .choice(["error", "drop_rows", "keep"]),
        "missing predictors: error (linear default), drop_rows, keep (tree default)"),
      Option("weights", .column, "column of non-negative sample weights"),
      Option("penalty", .number, "logit: L2 penalty λ on non-intercept coefficients (1/C of scikit-learn)"),
      Option("max_iterations", .int, "logit: Newton iterations allowed (default 50)"),
      Option(
        "covariance", .choice(["classical", "HC0", "HC1", "HC2", "HC3"]), "ols: standard errors (default classical)"),
      Option("cluster", .column, "ols/logit: cluster-robust (CR1) standard errors by this column's groups"),
      Option("trees", .int, "forest: number of trees (default 100)"),
      Option("mtry", .int, "forest: features tried per split (default √p classification, p regression)"),
      Option("min_leaf", .int, "tree/forest: minimum rows per leaf (default 1)"),
      Option("max_depth", .int, "tree/forest/gbm: maximum depth (default unlimited)"),
      Option("sample_fraction", .number, "forest: subsample share per tree instead of bootstrap"),
      Option("honesty", .bool, "forest: honest trees (split on half, estimate leaves on the other half)"),
      Option("oob", .bool, "forest: compute out-of-bag predictions and score (default true)"),
      Option("max_bins", .int, "tree models: bins per numeric feature, ≤ 255 (default 255)"),
      Option("leaves", .int, "gbm: leaves per tree (default 31)"),
      Option("rounds", .int, "gbm: boosting rounds (default 100)"),
      Option("learning_rate", .number, "gbm: shrinkage (default 0.1)"),
      Option("feature_fraction", .number, "gbm: share of features per tree (default 1)"),
      Option("bagging_fraction", .number, "gbm: share of rows per bag (default 1)"),
      Option("bagging_freq", .int, "gbm: redraw the bag every k rounds (default 0 = off)"),
      Option("min_data_in_leaf", .int, "gbm: minimum rows per leaf (default 20)"),
      Option("min_sum_hessian", .number, "gbm: minimum hessian per leaf (default 0.001)"),
      Option("lambda_l2", .number, "gbm: L2 penalty on leaf values (default 0)"),
      Option("early_stopping", .int, "gbm: stop after this many rounds without validation improvement"),
      Option("valid", .frame, "gbm: validation frame for early stopping"),
    ]
  }

  /// Builds a recipe from `kind`, `formula` and the model options of an invocation.
  static func recipe(_ inv: Invocation) throws -> (ModelRecipe, DataFrame?) {
    let kind = try inv.string("kind")
    for (name, kinds) in applies where inv.has(name) && !kinds.contains(kind) {
      let valid = kinds.sorted().joined(separator: ", ")
      throw inv.error(
        "\(inv.spec.name): option '\(name)' does not apply to \(kind) models (it applies to \(valid))",
        at: name)
    }
    let formula = try inv.formula()
    let missing = try inv.optionalString("missing").map { MissingPolicy(rawValue: $0) ?? .error }
    let task = try inv.optionalString("task").map { $0 == "regression" ? ModelTask.regression : .classification }
    let spec: ModelSpec
    switch kind {
    case "logit":
      var o = LogisticRegressionOptions()
      if let v = try inv.optionalDouble("penalty") { o.penalty = v }
      if let v = try inv.optionalInt("max_iterations") { o.maxIterations = v }
      if let m = missing { o.missing = m }
      o.weights = try inv.optionalColumn("weights")
      o.cluster = try inv.optionalColumn("cluster")
      spec = .logit(o)
    case "ols":
      var o = LinearRegressionOptions()
      if let c = try inv.optionalString("covariance") { o.covariance = CovarianceType(rawValue: c) ?? .classical }
      if let m = missing { o.missing = m }
      o.weights = try inv.optionalColumn("weights")
      o.cluster = try inv.optionalColumn("cluster")
      spec = .ols(o)
    case "tree", "forest":
      var o = RandomForestOptions()
      if let v = try inv.optionalInt("trees") { o.trees = v }
      o.mtry = try inv.optionalInt("mtry")
      if let v = try inv.optionalInt("min_leaf") { o.minLeafSize = v }
      o.maxDepth = try inv.optionalInt("max_depth")
      o.sampleFraction = try inv.optionalDouble("sample_fraction")
      if inv.has("honesty") { o.honesty = try inv.bool("honesty") }
      if inv.has("oob") { o.oob = try inv.bool("oob") }
      if let v = try inv.optionalInt("max_bins") { o.maxBins = v }
      if let v = try inv.optionalInt("seed") { o.seed = v }
      if let m = missing { o.missing = m }
      spec = kind == "tree" ? .tree(o) : .forest(o)
    default:
      var o = GradientBoostingOptions()
      if let v = try inv.optionalInt("rounds") { o.rounds = v }
      if let v = try inv.optionalInt("leaves") { o.numLeaves = v }
      if let v = try inv.optionalDouble("learning_rate") { o.learningRate = v }
      o.maxDepth = try inv.optionalInt("max_depth")
      if let v = try inv.optionalInt("min_data_in_leaf") { o.minDataInLeaf = v }
      if let v = try inv.optionalDouble("min_sum_hessian") { o.minSumHessian = v }
      if let v = try inv.optionalDouble("lambda_l2") { o.lambdaL2 = v }
      if let v = try inv.optionalDouble("feature_fraction") { o.featureFraction = v }
      if let v = try inv.optionalDouble("bagging_fraction") { o.baggingFraction = v }
      if let v = try inv.optionalInt("bagging_freq") { o.baggingFreq = v }
      if let v = try inv.optionalInt("max_bins") { o.maxBins = v }
      o.earlyStoppingRounds = try inv.optionalInt("early_stopping")
      if let v = try inv.optionalInt("seed") { o.seed = v }
      if let m = missing { o.missing = m }
      o.weights = try inv.optionalColumn("weights")
      spec = .gbm(o)
    }
    let valid = inv.has("valid") ? try inv.frame("valid") : nil
    return (ModelRecipe(formula: formula, spec: spec, task: task), valid)
  }

  /// Runs a library call, turning option errors into errors at the option and other library errors into
  /// errors at the command.
  static func wrap<T>(_ inv: Invocation, _ body: () throws -> T) throws -> T {
    do { return try body() } catch let e as ModelError {
      if case .invalidOption(let name, _, _) = e, inv.spec.options.contains(where: { $0.name == name }) {
        throw inv.error("\(inv.spec.name): \(e.description)", at: name)
      }
      throw inv.error("\(inv.spec.name): \(e.description)")
    } catch let e as DesignError {
      throw inv.error("\(inv.spec.name): \(e.description)")
    }
  }

  static let kindParameter = Parameter("kind", .choice(kinds), "logit, ols, tree, forest or gbm")

  // MARK: - fit

  /// `fit`'s kinds: the prediction models, and `causal_forest`, which runs the `causal_forest` command.
  static let fitKinds = kinds + ["causal_forest"]

  static var fit: CommandSpec {
    var spec = CommandSpec(
      name: "fit", category: "models",
      summary: "Fit a prediction model (logit, ols, tree, forest, gbm) or a causal forest (causal_forest).",
      help: """
        `fit KIND FORMULA on FRAME with options`. Kinds: `logit` (logistic regression by Newton/IRLS; coefficient
        table with SE, z, p, 95% CI like statsmodels), `ols` (least squares; classical or HC0–HC3 standard errors),
        `tree` (one CART tree), `forest` (random forest with out-of-bag score), `gbm` (histogram gradient boosting,
        LightGBM-style, leaf-wise). Text predictors become dummies with the first sorted level as reference
        (linear models) or are split as categories (tree models). Missing predictor values are an error for linear
        models (fill them with coalesce, or use missing: drop_rows) and are routed by the trees for tree models.
        A classifier's outcome must have two values (bool, 0/1, or two text levels; "Yes"/true/1 is the positive
        class). Options that do not apply to the chosen kind are errors. The model prints its summary; fields:
        m.kind, m.formula, m.coefficients, m.importance, m.oob_score, m.rounds, m.best_round.
        Formulas take R's terms: interactions `tenure:Contract` and `tenure * Contract`, transforms `log(x + 1)`,
        `sqrt(x)`, `I(x^2)`, `poly(x, 2)`, splines `ns(x, df: 4)`, a chosen reference `C(Contract, ref: "Two year")`,
        and `- 1` for no intercept (see `help formula`).
        `fit causal_forest outcome ~ treatment | covariates on FRAME with options` is another spelling of the
        `causal_forest` command (same options, defaults, results and errors; see `help causal_forest`), including
        its several-interventions form with a text treatment.
        """,
      parameters: [
        Parameter("kind", .choice(fitKinds), "logit, ols, tree, forest, gbm or causal_forest"),
        Parameter("formula", .formula, "outcome ~ predictors (causal_forest: outcome ~ treatment | covariates)"),
        Parameter.data(),
      ],
      options: modelOptions,
      examples: [
        "let m = fit gbm churned ~ tenure + MonthlyCharges + Contract on s.train with leaves: 31, rounds: 100, seed: 42",
        "fit logit churned ~ tenure * Contract + ns(MonthlyCharges, df: 3) on s.train",
        "let lr = fit logit churned ~ tenure + Contract on s.train",
        "let rf = fit forest churned ~ . - customerID on s.train with trees: 300",
        "let cf = fit causal_forest churned ~ treated | tenure + MonthlyCharges + Contract on sim with trees: 2000, seed: 42",
      ]
    ) { inv, interp in
      let (r, valid) = try recipe(inv)
      let df = try inv.frame()
      let model = try wrap(inv) { try r.fit(on: df, validation: valid) }
      for w in ModelObject(model: model).warnings { interp.warn("\(inv.spec.name): \(w)", at: inv.span) }
      return .object(ModelObject(model: model))
    }
    spec.subcommands = ["causal_forest": "causal_forest"]
    return spec
  }

  // MARK: - predict / evaluate

  static var predict: CommandSpec {
    CommandSpec(
      name: "predict", category: "models",
      summary: "Add a prediction column (probability or value) to a frame.",
      help: "Adds `prob_<outcome>` for classifiers or `pred_<outcome>` for regressors (rename with name:). Rows the "
        + "model cannot score (dropped for missing values under missing: drop_rows) get NA.",
      parameters: [Parameter("model", modelType, "a fitted model"), Parameter.data("rows to score")],
      options: [Option("name", .string, "name of the new column")],
      examples: ["predict m on s.test", "s.test |> predict m with name: \"risk\""]
    ) { inv, _ in
      let m = try inv.object("model", as: ModelObject.self).model
      let df = try inv.frame()
      return .frame(try wrap(inv) { try m.withPredictions(df, name: try inv.optionalString("name")) })
    }
  }

  static var evaluate: CommandSpec {
    CommandSpec(
      name: "evaluate", category: "models",
      summary: "Score a model on a frame: AUC, PR-AUC, log-loss, Brier, confusion matrix (or RMSE, R²).",
      help: """
        Classifiers: AUC (the chance that a random churner is ranked above a random stayer: it measures ranking, not
        calibration or profit), PR-AUC (average precision), log-loss, Brier score, accuracy/precision/recall/F1 at
        `threshold` (positive when p ≥ threshold), the confusion matrix and the best precision at 50% recall.
        Regressors: RMSE, MAE, R². Fields: e.auc, e.pr_auc, e.log_loss, e.brier, e.accuracy, e.precision, e.recall,
        e.f1, e.confusion, e.rmse, e.r2.
        """,
      parameters: [Parameter("model", modelType, "a fitted model"), Parameter.data("rows with the outcome")],
      options: [Option("threshold", .number, default: .number(0.5), "probability cut-off for the confusion matrix")],
      examples: ["evaluate m on s.test"]
    ) { inv, _ in
      let m = try inv.object("model", as: ModelObject.self).model
      let df = try inv.frame()
      let e = try wrap(inv) { try Evaluation(model: m, frame: df, threshold: try inv.double("threshold")) }
      return .object(EvaluationObject(evaluation: e))
    }
  }

  // MARK: - importance and curves

  static var featureImportance: CommandSpec {
    CommandSpec(
      name: "feature_importance", category: "models",
      summary: "Feature importance of a model: split gain, split counts, |z| or permutation.",
      help: """
        Returns a frame (feature, importance), largest first, so `feature_importance m |> bar feature importance`
        draws it. `type: default` gives the model's own measure: mean decrease in impurity (tree, forest), gain
        share (gbm), |z| of the coefficients (logit, ols). `type: split` counts gbm splits. `type: permutation` (needs `on` a
        frame with the outcome) permutes each predictor column `repeats` times and reports the drop in AUC (or R²) —
        comparable across model kinds, and honest on held-out data.
        """,
      parameters: [
        Parameter("model", modelType, "a fitted model"),
        Parameter("data", .frame, "held-out rows (permutation only)", required: false, isData: true),
      ],
      options: [
        Option("type", .choice(["default", "split", "permutation"]), default: .string("default"), "which measure"),
        Option("repeats", .int, default: .int(5), "permutations per column"),
        Option("seed", .int, default: .int(42), "seed for permutations"),
      ],
      examples: [
        "feature_importance m", "feature_importance m on s.test with type: permutation",
        "feature_importance m |> bar feature importance",
      ]
    ) { inv, _ in
      let m = try inv.object("model", as: ModelObject.self).model
      switch try inv.string("type") {
      case "permutation":
        guard inv.has("data") else {
          throw inv.error("feature_importance: type: permutation needs a frame: feature_importance m on s.test ...")
        }
        let df = try inv.frame()
        return .frame(
          try wrap(inv) {
            try permutationImportance(m, on: df, repeats: try inv.int("repeats"), seed: try inv.int("seed"))
          })
      case "split":
        guard let g = m as? GradientBoosting else {
          throw inv.error("feature_importance: type: split is for gbm models", at: "type")
        }
        return .frame(ModelObject.importanceFrame(g.splitImportance, "importance"))
      default:
        return .frame(ModelObject(model: m).importance)
      }
    }
  }

  /// Outcome and predictions of a model on the invocation's frame, without rows lacking either.
  static func scored(_ inv: Invocation) throws -> (y: [Double], p: [Double]) {
    let m = try inv.object("model", as: ModelObject.self).model
    guard m.task == .classification else {
      throw inv.error("\(inv.spec.name): needs a classifier; this \(m.kind.rawValue) model predicts numbers")
    }
    let df = try inv.frame()
    let (y, p) = try wrap(inv) { (try m.outcome(df), try m.predict(df)) }
    let keep = y.indices.filter { !y[$0].isNaN && !p[$0].isNaN }
    return (keep.map { y[$0] }, keep.map { p[$0] })
  }

  static var calibration: CommandSpec {
    CommandSpec(
      name: "calibration", category: "models",
      summary: "Calibration table: predicted vs observed churn by probability decile (with Wilson CIs).",
      help: "Rows are sorted by predicted probability and cut into `bins` equal-count groups. A calibrated model "
        + "has observed_rate ≈ mean_predicted in every bin; plot it with `plot ... kind: calibration` or compare "
        + "the `gap` column.",
      parameters: [Parameter("model", modelType, "a fitted classifier"), Parameter.data("rows with the outcome")],
      options: [Option("bins", .int, default: .int(10), "number of equal-count bins")],
      examples: [
        "calibration m on s.test",
        "calibration m on s.test |> plot mean_predicted observed_rate kind: line, diagonal: true",
      ]
    ) { inv, _ in
      let (y, p) = try scored(inv)
      return .frame(try wrap(inv) { try calibrationTable(y, p, bins: try inv.int("bins")) })
    }
  }

  static var roc: CommandSpec {
    CommandSpec(
      name: "roc", category: "models",
      summary: "ROC curve points (threshold, fpr, tpr) of a classifier on a frame.",
      parameters: [Parameter("model", modelType, "a fitted classifier"), Parameter.data("rows with the outcome")],
      examples: ["roc m on s.test", "roc m on s.test |> plot fpr tpr kind: line, diagonal: true"]
    ) { inv, _ in
      let (y, p) = try scored(inv)
      return .frame(try wrap(inv) { try rocCurveFrame(y, p) })
    }
  }

  static var prCurve: CommandSpec {
    CommandSpec(
      name: "pr_curve", category: "models",
      summary: "Precision–recall curve points (threshold, precision, recall) of a classifier on a frame.",
      parameters: [Parameter("model", modelType, "a fitted classifier"), Parameter.data("rows with the outcome")],
      examples: ["pr_curve m on s.test", "pr_curve m on s.test |> plot recall precision kind: line"]
    ) { inv, _ in
      let (y, p) = try scored(inv)
      return .frame(try wrap(inv) { try precisionRecallFrame(y, p) })
    }
  }

  static var lift: CommandSpec {
    CommandSpec(
      name: "lift", category: "models",
      summary: "Lift and cumulative gain by score decile: how many churners the top x% of scores catch.",
      parameters: [Parameter("model", modelType, "a fitted classifier"), Parameter.data("rows with the outcome")],
      options: [Option("groups", .int, default: .int(10), "number of equal-count groups")],
      examples: ["lift m on s.test"]
    ) { inv, _ in
      let (y, p) = try scored(inv)
      return .frame(try wrap(inv) { try liftTable(y, p, groups: try inv.int("groups")) })
    }
  }

  // MARK: - cross-validation

  static var cvOptions: [Option] {
    modelOptions.filter { $0.name != "valid" && $0.name != "early_stopping" } + [
      Option("k", .int, default: .int(5), "number of folds"),
      Option("fold_seed", .int, default: .int(42), "seed of the fold assignment"),
    ]
  }

  static var cv: CommandSpec {
    CommandSpec(
      name: "cv", category: "models",
      summary: "Stratified k-fold cross-validation of a model: a score per fold, mean ± sd.",
      help: "Refits the model k times, each time scoring the held-out fold. Folds are stratified by the outcome for "
        + "classifiers. `metric`: auc (default for classifiers), pr_auc, log_loss, brier, accuracy; rmse, mae, r2 "
        + "(default r2) for regressors. Fields: c.mean, c.sd, c.scores. The sd is the sample sd across folds.",
      parameters: [kindParameter, Parameter("formula", .formula, "outcome ~ predictors"), Parameter.data()],
      options: cvOptions + [Option("metric", .choice(CVMetric.allCases.map(\.rawValue)), "score per fold")],
      examples: [
        "cv logit churned ~ tenure + Contract on df with k: 5",
        "cv gbm churned ~ . - customerID on df with rounds: 100",
      ]
    ) { inv, _ in
      let (r, _) = try recipe(inv)
      let df = try inv.frame()
      let metric = try inv.optionalString("metric").flatMap { CVMetric(rawValue: $0) }
      let res = try wrap(inv) {
        try crossValidate(r, on: df, k: try inv.int("k"), seed: try inv.int("fold_seed"), metric: metric)
      }
      return .object(
        ReportObject(
          typeName: "cv", reportable: res,
          fields: [
            ("mean", .number(res.mean)), ("sd", .number(res.sd)), ("scores", .list(res.scores.map { .number($0) })),
            ("metric", .string(res.metric)), ("k", .int(res.folds)),
          ]))
    }
  }

  static var oof: CommandSpec {
    CommandSpec(
      name: "oof", category: "models",
      summary: "Out-of-fold predictions: each row scored by a model that never saw it (adds a column).",
      help: "Fits the model on k − 1 folds and predicts the remaining fold, k times, so every row gets a prediction "
        + "from a model not trained on it — what the causal phases need for risk and propensity scores. Adds "
        + "`oof_<outcome>` (or name:) and, with folds: true, the fold number.",
      parameters: [kindParameter, Parameter("formula", .formula, "outcome ~ predictors"), Parameter.data()],
      options: cvOptions + [
        Option("name", .string, "name of the prediction column"),
        Option("folds", .bool, default: .bool(false), "also add a `fold` column"),
      ],
      examples: ["let df2 = oof gbm churned ~ tenure + Contract on df with k: 5, name: \"risk\""]
    ) { inv, _ in
      let (r, _) = try recipe(inv)
      let df = try inv.frame()
      let res = try wrap(inv) { try outOfFold(r, on: df, k: try inv.int("k"), seed: try inv.int("fold_seed")) }
      var out = df
      try out.set(Column(name: try inv.optionalString("name") ?? "oof_\(r.formula.outcome)", floats: res.predictions))
      if try inv.bool("folds") { try out.set(Column(name: "fold", ints: res.folds.map { $0 + 1 })) }
      return .frame(out)
    }
  }

  // MARK: - persistence

  static var save: CommandSpec {
    CommandSpec(
      name: "save", category: "models",
      summary:
        "Save a model (with its preprocessing), a causal forest or a policy to a file: save m to \"churn.model\".",
      help: "Writes one versioned, CRC-32-checksummed binary file (a churn saved-object container, magic CHURNOBJ) "
        + "whose kind says what it holds: \"model\" (the model kind, the design — formula, levels, encodings, "
        + "missing-value policy —, the options and the fitted parameters, trees in binary), \"causal_forest\" or "
        + "\"multi_arm_causal_forest\" (as `save_forest` writes), or \"policy\" (feature schema, churn model, effect "
        + "forests, costs, value expression, rule; see help policy). Numbers are stored exactly, so a loaded object "
        + "predicts bit for bit what the saved one did. The file is written to a temporary name and renamed, so a "
        + "failed save leaves nothing partial. Files written by earlier churns (JSON model files, older forest "
        + "archives) still load.",
      parameters: [
        Parameter(
          "model", .oneOf([modelType, CausalForestCommands.forestType, PolicyCommands.policyType]),
          "a fitted model, causal forest or policy"),
        Parameter("to", .word, "the word `to` (optional)", required: false),
        Parameter("path", .string, "file to write", required: false),
      ],
      examples: ["save m to \"churn_gbm.model\"", "save cf to \"cf.bin\"", "save pol to \"policy.bin\""]
    ) { inv, _ in
      let first = try inv.optionalString("to")
      let second = try inv.optionalString("path")
      let path: String
      if let second {
        guard first == "to" else { throw inv.error("save: write save m to \"file\"", at: "to") }
        path = second
      } else if let first, first != "to" {
        path = first
      } else {
        throw inv.error("save: missing file name; write save m to \"file\"")
      }
      if case .object(let o)? = inv.value("model"), let cf = o as? CausalForestObject {
        try CausalForestCommands.saveObject(cf, to: path, inv)
        return .nothing
      }
      if case .object(let o)? = inv.value("model"), let p = o as? PolicyObject {
        try PolicyCommands.wrap(inv) { try p.policy.save(to: path) }
        return .nothing
      }
      let m = try inv.object("model", as: ModelObject.self).model
      try wrap(inv) { try m.save(to: path) }
      return .nothing
    }
  }

  static var load: CommandSpec {
    CommandSpec(
      name: "load", category: "models",
      summary: "Load a model, a causal forest or a policy saved with save.",
      help: "Reads a churn saved-object file and returns what it holds (a model, a causal forest or a policy), or a "
        + "file of an earlier churn (a JSON model file, an older causal-forest archive). For causal forests, `on` the "
        + "training frame enables the commands that read training columns (as `load_forest` does). Truncated, "
        + "corrupted (checksum mismatch), newer-version and unknown-kind files are reported as errors.",
      parameters: [
        Parameter("path", .string, "file to read"),
        Parameter(
          "data", .frame, "causal forests: the training frame (optional)", required: false,
          isData: true),
      ],
      examples: [
        "let m2 = load \"churn_gbm.model\"", "let cf = load \"cf.bin\" on sim", "let pol = load \"policy.bin\"",
      ]
    ) { inv, _ in
      let path = try inv.string("path")
      if SavedCausalForest.isForestFile(path) { return try CausalForestCommands.loadObject(path: path, inv) }
      let kind = ObjectContainer.peekKind(path)
      if kind != nil && kind != ModelFile.kind {
        if inv.has("data") { throw inv.error("load: 'on' a frame is only for causal-forest files", at: "data") }
        guard kind == PolicyFile.kind else {
          throw inv.error(
            "load: '\(path)' holds a \(kind ?? "?"), which this churn cannot load (it reads models, "
              + "causal forests and policies); upgrade churn")
        }
        return .object(PolicyObject(policy: try PolicyCommands.wrap(inv) { try PolicyFile.load(from: path) }))
      }
      let model = try wrap(inv) { try ModelFile.load(from: path) }
      if inv.has("data") {
        throw inv.error("load: 'on' a frame is only for causal-forest files; '\(path)' is a model file")
      }
      return .object(ModelObject(model: model))
    }
  }
}
