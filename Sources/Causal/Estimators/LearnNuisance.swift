import Frame
import Learn
import Stats

/// Learners from the Learn module adapted to ``NuisanceLearner``, registered by name in
/// ``NuisanceLearners``: `"forest"` (``RandomForest``) and `"gbm"` (``GradientBoosting``).
///
/// Learn's models fit on a frame and a formula; the adapter turns the training design into a frame (numeric
/// columns as numbers, categorical code columns as text so trees split them as categories, NaN as missing),
/// fits `target ~ .`, and predicts on the held-out design the same way.
let learnModelFactories: [String: NuisanceLearnerFactory] = [
  "forest": { p in
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
  },
  "gbm": { p in
    // LightGBM's defaults unless given: 100 rounds, learning rate 0.1, 31 leaves, 20 rows per leaf.
    var o = GradientBoostingOptions()
    o.rounds = Int(p["rounds"] ?? 100)
    o.learningRate = p["learning_rate"] ?? 0.1
    o.numLeaves = Int(p["leaves"] ?? 31)
    o.minDataInLeaf = Int(p["min_leaf"] ?? 20)
    if let d = p["max_depth"] { o.maxDepth = Int(d) }
    let base = o
    return FrameModelLearner(name: "gbm") { frame, formula, task, seed in
      var opts = base
      opts.seed = seed
      return try GradientBoosting.fit(formula, on: frame, task: task, options: opts)
    }
  },
]

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
