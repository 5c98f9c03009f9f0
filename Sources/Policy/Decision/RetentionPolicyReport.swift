import Frame

extension RetentionPolicy: Reportable {
  /// The policy's settings: churn model, rule, value expression, and each intervention's cost and forest.
  public var report: Report {
    let table = DataFrame.unchecked(
      columns: [
        Column(name: "intervention", strings: arms),
        Column(name: "cost", floats: interventions.map(\.cost)),
        Column(name: "trees", ints: interventions.map { $0.effect.forest.treeCount }),
        Column(name: "training_rows", ints: interventions.map { $0.effect.rowCount }),
      ], rowCount: interventions.count)
    return Report(
      title: "Retention policy",
      items: [
        .fields([
          .init("churn model", .string("\(churnModel.kind.rawValue): \(churnModel.design.formula)")),
          .init("effect outcome", .string(interventions.first?.effect.outcomeName ?? "")),
          .init("value", .string(value.text)),
          .init("threshold", .float(rule.threshold)),
          .init("require CI", .string(rule.requireCI ? "yes" : "no")),
          .init("level", .float(rule.level)),
          .init("features", .int(schema.features.count)),
        ]),
        .table(table, title: "Interventions (effects on churn against '\(baseline)')"),
      ])
  }
}
