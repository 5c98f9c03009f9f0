import Frame

/// A two-column importance frame (feature, importance), already sorted.
func importanceFrame(_ rows: [(feature: String, importance: Double)], valueName: String = "importance") -> DataFrame {
  DataFrame.unchecked(
    columns: [
      Column(name: "feature", strings: rows.map(\.feature)),
      Column(name: valueName, floats: rows.map(\.importance)),
    ], rowCount: rows.count)
}

extension RandomForest {
  /// Summary: settings, tree sizes, OOB score and impurity importance.
  public var report: Report {
    let leaves = trees.map(\.leafCount)
    let depths = trees.map(\.maxDepth)
    var fields: [Report.Field] = [
      .init("task", .string(task.rawValue)),
      .init("outcome", .string(design.outcomeReportLabel(binary: task == .classification))),
      .init("training_rows", .int(trainingRows)),
      .init("features", .int(design.columnNames.count)),
    ]
    if kind == .forest {
      fields.append(.init("trees", .int(trees.count)))
      fields.append(
        .init(
          "mtry",
          .int(
            options.mtry
              ?? (task == .classification
                ? max(1, Int(Double(design.columnNames.count).squareRoot())) : design.columnNames.count))))
      fields.append(.init("sampling", .string(options.sampleFraction.map { "subsample \($0)" } ?? "bootstrap")))
    }
    fields.append(.init("min_leaf", .int(options.minLeafSize)))
    fields.append(.init("mean_leaves", .float(Double(leaves.reduce(0, +)) / Double(max(trees.count, 1)))))
    fields.append(.init("max_depth", .int(depths.max() ?? 0)))
    if options.honesty { fields.append(.init("honesty", .bool(true))) }
    if let s = oobScore { fields.append(.init(task == .classification ? "oob_auc" : "oob_r2", .float(s))) }
    var items: [Report.Item] = [
      .fields(fields),
      .table(importanceFrame(Array(impurityImportance.prefix(20))), title: "impurity importance (mean decrease)"),
    ]
    items += warnings.map { .warning($0) }
    let name = kind == .tree ? "Decision tree" : "Random forest"
    return Report(title: "\(name) (\(task.rawValue)): \(design.formula)", items: items)
  }
}
