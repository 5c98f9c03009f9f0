import Frame
import Learn
import Stats

/// Learners from the Learn module adapted to ``NuisanceLearner``, registered by name in
/// ``NuisanceLearners``: `"forest"` (``RandomForest``) and `"gbm"` (gradient boosting, ``GBMLearner``).
///
/// The forest fits on a frame and a formula: its adapter turns the training design into a frame (numeric
/// columns as numbers, categorical code columns as text so trees split them as categories, NaN as missing),
/// fits `target ~ .`, and predicts on the held-out design the same way. Gradient boosting works on the
/// binned design directly (see ``GBMLearner``).
let learnModelFactories: [String: (parameters: [String], make: NuisanceLearnerFactory)] = [
  "forest": (
    ["trees", "min_leaf", "mtry", "max_depth"],
    { p in
      var o = RandomForestOptions()
      o.trees = Int(p["trees"] ?? 200)
      o.minLeafSize = Int(p["min_leaf"] ?? 5)
      if let m = p["mtry"] { o.mtry = Int(m) }
      if let d = p["max_depth"] { o.maxDepth = Int(d) }
      o.oob = false
      let base = o
      return FrameModelLearner(name: "forest") { frame, formula, task, seed in
        var opts = base
        opts.seed = seed
        return try RandomForest.fit(formula, on: frame, task: task, options: opts)
      }
    }
  ),
  "gbm": (
    ["rounds", "learning_rate", "leaves", "min_leaf", "max_depth"],
    { p in
      // LightGBM's defaults unless given: 100 rounds, learning rate 0.1, 31 leaves, 20 rows per leaf.
      var o = GradientBoostingOptions()
      o.rounds = Int(p["rounds"] ?? 100)
      o.learningRate = p["learning_rate"] ?? 0.1
      o.numLeaves = Int(p["leaves"] ?? 31)
      o.minDataInLeaf = Int(p["min_leaf"] ?? 20)
      if let d = p["max_depth"] { o.maxDepth = Int(d) }
      return GBMLearner(options: o)
    }
  ),
]

/// Gradient boosting (Learn's histogram GBM) as a nuisance learner, working on designs directly: the
/// covariates are binned (numeric columns to quantile bins, categorical codes one bin per level, missing
/// values to their own bin) and the trees grown on the bins. In cross-fitting the whole design is binned
/// once and every fold's fits read their training rows from it (``BinnedBoostingModel``); binning uses
/// the covariates only, never a target, so it leaks nothing from the held-out folds.
struct GBMLearner: NuisanceLearner {
  let options: GradientBoostingOptions
  var name: String { "gbm" }
  var designOptions: DesignOptions { .tree }

  /// Bins the design (bins fitted on all its rows), shared by every learner that bins the same way.
  static func binned(_ design: SharedDesign, maxBins: Int) throws -> BinnedMatrix {
    try design.derived("binned:\(maxBins)") { x in try FeatureBinner.fit(x, maxBins: maxBins).bin(x) }
  }

  /// The options of one fit: the seed comes from the fit's random stream.
  func options(_ rng: SeededRNG) -> GradientBoostingOptions {
    var r = rng
    var o = options
    o.seed = Int(truncatingIfNeeded: r.next() >> 1)
    return o
  }

  func fit(_ x: DesignMatrix, _ y: [Double], task: NuisanceTask, rng: SeededRNG) throws -> any NuisanceModel {
    guard y.count == x.rowCount else {
      throw CausalError.invalidInput("gbm: target has \(y.count) values but the design has \(x.rowCount) rows")
    }
    let binner = try FeatureBinner.fit(x, maxBins: options.maxBins)
    let model = try BinnedBoostingModel.fit(
      binner.bin(x), rows: Array(0..<x.rowCount), y: y, task: modelTask(task),
      options: options(rng))
    return GBMPrediction(binner: binner, model: model)
  }

  func rowFitter(for design: SharedDesign) throws -> any NuisanceRowFitter {
    let data = try GBMLearner.binned(design, maxBins: options.maxBins)
    return GBMRowFitter(learner: self, data: data)
  }
}

/// Cross-fitting fits of ``GBMLearner`` on row subsets of one binned design.
struct GBMRowFitter: NuisanceRowFitter {
  let learner: GBMLearner
  let data: BinnedMatrix
  func fitPredict(train: [Int], y: [Double], predict: [Int], task: NuisanceTask, rng: SeededRNG) throws -> [Double] {
    let model = try BinnedBoostingModel.fit(
      data, rows: train, y: y, task: modelTask(task), options: learner.options(rng))
    return model.predict(data, rows: predict)
  }
}

/// A fitted ``GBMLearner``: bins new designs with the training bins, then walks the trees.
struct GBMPrediction: NuisanceModel {
  let binner: FeatureBinner
  let model: BinnedBoostingModel
  func predict(_ x: DesignMatrix) throws -> [Double] {
    guard x.columnCount == binner.features.count else {
      throw CausalError.invalidInput(
        "gbm: the design has \(x.columnCount) columns, the model was fitted on "
          + "\(binner.features.count)")
    }
    return model.predict(binner.bin(x), rows: Array(0..<x.rowCount))
  }
}

func modelTask(_ t: NuisanceTask) -> ModelTask { t == .classification ? .classification : .regression }

/// A nuisance learner backed by a Learn model fitted on a frame.
struct FrameModelLearner: NuisanceLearner {
  typealias Fitter = @Sendable (DataFrame, Formula, ModelTask, Int) throws -> any PredictiveModel
  let name: String
  let fitter: Fitter

  init(name: String, fitter: @escaping Fitter) {
    self.name = name
    self.fitter = fitter
  }

  var designOptions: DesignOptions { .tree }

  func fit(_ x: DesignMatrix, _ y: [Double], task: NuisanceTask, rng: SeededRNG) throws -> any NuisanceModel {
    var frame = designFrame(x)
    try frame.append(Column(name: FrameModelLearner.targetName, floats: y))
    let formula = Formula(outcome: FrameModelLearner.targetName, terms: ["."])
    var r = rng
    let seed = Int(truncatingIfNeeded: r.next() >> 1)
    let model = try fitter(frame, formula, task == .classification ? .classification : .regression, seed)
    return FrameModelPrediction(model: model)
  }

  static let targetName = "(nuisance target)"
}

/// A fitted Learn model predicting on designs.
struct FrameModelPrediction: NuisanceModel {
  let model: any PredictiveModel
  func predict(_ x: DesignMatrix) throws -> [Double] { try model.predict(designFrame(x)) }
}

/// A design matrix as a frame: numeric columns as floats (NaN missing), categorical code columns as text.
func designFrame(_ x: DesignMatrix) -> DataFrame {
  var cols: [Column] = []
  for j in 0..<x.columnCount {
    let v = Array(x.column(j))
    switch x.featureKinds[j] {
    case .numeric:
      cols.append(Column(name: x.columnNames[j], floats: v))
    case .categorical:
      cols.append(Column(name: x.columnNames[j], strings: v.map { $0.isNaN ? nil : String(Int($0)) }))
    }
  }
  return DataFrame.unchecked(columns: cols, rowCount: x.rowCount)
}
