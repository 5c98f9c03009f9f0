/// Every command domain, listed once. To add a domain, write `Sources/Lang/Commands/<Domain>Commands.swift`
/// exposing `static var all: [CommandSpec]` and add one line here (see `Registry/CommandSpec.swift`).
public enum AllCommands {
  /// The commands of every domain, in help order.
  public static var all: [CommandSpec] {
    [
      CoreCommands.all,
      FrameCommands.all,
      ReshapeCommands.all,
      ModelCommands.all,
      CausalCommands.all,
      CausalForestCommands.all,
      PlotCommands.all,
      SimulateCommands.all,
      ExperimentCommands.all,
      MonitoringCommands.all,
      PolicyCommands.all,
      PolicyEvaluationCommands.all,
      TeachingCommands.all,
      ServeCommands.all,
    ].flatMap { $0 }
  }
}
