import Frame

extension GradientBoosting {
  /// Summary: settings, rounds used, validation loss and gain importance.
  public var report: Report {
    var fields: [Report.Field] = [
      .init("task", .string(task.rawValue)),
      .init("objective", .string(objective == .binary ? "binary log-loss" : "L2")),
      .init("outcome", .string(design.outcomeReportLabel(binary: task == .classification))),
      .init("training_rows", .int(trainingRows)),
      .init("features", .int(design.columnNames.count)),
      .init("rounds", .int(trees.count)),
      .init("leaves", .int(options.numLeaves)),
      .init("learning_rate", .float(options.learningRate)),
      .init("min_data_in_leaf", .int(options.minDataInLeaf)),
    ]
    if options.lambdaL2 > 0 { fields.append(.init("lambda_l2", .float(options.lambdaL2))) }
    if options.featureFraction < 1 { fields.append(.init("feature_fraction", .float(options.featureFraction))) }
    if options.baggingFreq > 0 && options.baggingFraction < 1 {
      fields.append(.init("bagging", .string("\(options.baggingFraction) every \(options.baggingFreq) rounds")))
    }
    if let last = validationLoss.last {
      fields.append(
        .init(
          objective == .binary ? "valid_logloss" : "valid_l2", .float(bestRound.map { validationLoss[$0 - 1] } ?? last))
      )
    }
    if let b = bestRound { fields.append(.init("best_round", .int(b))) }
    var items: [Report.Item] = [
      .fields(fields),
      .table(importanceFrame(Array(gainImportance.prefix(20)), valueName: "gain"), title: "gain importance (share)"),
    ]
    items += warnings.map { .warning($0) }
    return Report(title: "Gradient boosting (\(task.rawValue)): \(design.formula)", items: items)
  }
}
